// Follow-up tasks worked by a department (issue 3: "team or role to assign"), in the browser:
// the admin gives a rule's calls to the after-sales department's staff in the rule dialog
// (分配角色 员工, the team picker listing staff); the scheduler hands the task to the service
// adviser; the adviser (role staff) signs in, finds only the queue under 回访管理, opens the task,
// reveals the number (audit-logged), answers the rule's survey in the call and saves the
// connected call. Screenshots of every step go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, apiCaller, artifactsDir, launchBrowser, screenshotter, startServer } from './harness.mjs'

const ADVISER = { username: 'li.na', password: 'Adviser-pass-2026-满意' }
const DAY = 86400e3
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10)
const TODAY = shDate(Date.now())
const addDays = (d, n) => shDate(Date.parse(`${d}T12:00:00+08:00`) + n * DAY)

let server
let browser
let page
let screenshot
let api
let shots
let dbUrl
let admin
let adviser
let rule
let surveyId



function runJobs(day) {
  const out = execFileSync(process.env.MANYI_BIN, ['jobs', 'run', '--job', 'followup_schedule', '--now', `${day}T10:00:00+08:00`, '--db', dbUrl], { encoding: 'utf8' })
  const m = /(\d+) tasks created/.exec(out)
  assert.ok(m, out)
  return Number(m[1])
}

async function signIn(username, password) {
  await page.context().clearCookies()
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', username)
  await page.fill('input[name="password"]', password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="welcome"]').waitFor()
  await page.locator('.el-menu [data-nav="followUps"]').click()
  await page.locator('[data-test="followup-tabs"]').waitFor()
}

before(async () => {
  shots = artifactsDir()
  // the server's SQLite file in a temp dir of our own, so that the CLI runs the scheduler on it
  const dataRoot = mkdtempSync(join(tmpdir(), 'manyi-e2e-fr-'))
  const oldTmp = process.env.TMPDIR
  process.env.TMPDIR = dataRoot
  process.env.MANYI_JOBS = '0'
  server = await startServer()
  api = apiCaller(server.url)
  if (oldTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = oldTmp
  const dir = readdirSync(dataRoot).find((d) => d.startsWith('manyi-e2e-'))
  dbUrl = `sqlite:${join(dataRoot, dir, 'manyi.db')}`
  browser = await launchBrowser()
  page = browser.page
  screenshot = screenshotter(page, shots)
  page.setDefaultTimeout(15_000)
  page.setDefaultNavigationTimeout(30_000)
  page.on('pageerror', (err) => console.error('page error:', err.message))

  admin = await api('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD })
  const store = await api('POST', '/api/v1/stores', { code: 'SZ-4S', name: '苏州园区丰田4S店', city: '苏州' }, admin)
  const service = await api('POST', '/api/v1/departments', { store_id: store.id, name: '售后服务部', kind: 'after_sales' }, admin)
  await api('POST', '/api/v1/departments', { store_id: store.id, name: '销售部', kind: 'sales' }, admin)
  adviser = await api('POST', '/api/v1/users', { username: ADVISER.username, display_name: '李娜', role: 'staff', department_id: service.id, password: ADVISER.password }, admin)
  await api('POST', '/api/v1/users', { username: 'xu.ting', display_name: '徐婷', role: 'cr_agent', store_id: store.id, password: 'Agent-pass-2026-满意' }, admin)
  const tx = (s) => ({ 'zh-CN': s, 'zh-TW': s, en: s })
  const s = await api('POST', '/api/v1/surveys', { name: '维修关怀回访', definition: {
    title: tx('维修关怀回访'), questions: [{ id: 1, type: 'nps', required: true, text: tx('您有多大可能向亲友推荐我们的售后服务？') }],
  } }, admin)
  await api('POST', `/api/v1/surveys/${s.id}/publish`, undefined, admin)
  surveyId = s.id
  // the rule starts with the CR agents; the admin moves it to the service department below
  rule = await api('POST', '/api/v1/followup/rules', {
    code: 'repair_day3_care', name: '维修三日关怀', trigger_type: 'repair', task_type: 'care', offset_days: 3, survey_id: s.id,
    script: '您好，我是{门店}售后服务部的服务顾问。您三天前在我店维修了爱车，想了解一下车辆现在的情况。',
  }, admin)
  const c = await api('POST', '/api/v1/customers', { name: '周先生', phone: '13912340000', store_id: store.id }, admin)
  await api('POST', '/api/v1/events', { customer_id: c.id, department_id: service.id, type: 'repair', occurred_on: addDays(TODAY, -3), model: '卡罗拉', plate: '苏E12345', external_id: 'RO-301' }, admin)
})

after(async () => {
  if (server) writeFileSync(join(shots, 'server.log'), server.log())
  await browser?.close()
  await server?.stop()
})

test('the admin gives the rule to the service department\'s staff (分配角色 员工)', async () => {
  await signIn('admin', ADMIN_PASSWORD)
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访规则' }).click()
  const row = page.locator('[data-test="rules"] .el-table__row', { hasText: '维修三日关怀' })
  await row.locator('[data-test="rule-role-cell"]', { hasText: '客服专员' }).waitFor()
  await row.locator('button', { hasText: '编辑' }).click()
  const dialog = page.locator('.el-dialog', { hasText: '编辑规则' })
  await dialog.waitFor()
  await dialog.locator('[data-test="rule-role"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^员工$/ }).click()
  await dialog.locator('.el-form-item', { hasText: '由业务所在部门的员工回访' }).waitFor()
  // the team picker now lists staff, with their department, and no CR agent
  await dialog.locator('[data-test="rule-team"]').click()
  const options = page.locator('.el-select-dropdown__item:visible')
  await options.filter({ hasText: '李娜 · 售后服务部' }).waitFor()
  assert.equal(await options.filter({ hasText: '徐婷' }).count(), 0, 'a CR agent is offered for a staff rule')
  await options.filter({ hasText: '李娜' }).click()
  await dialog.locator('.el-dialog__title').click() // closes the dropdown, not the dialog
  await screenshot('rule-role-staff')
  await dialog.locator('button', { hasText: '保存' }).click()
  await page.locator('.el-message', { hasText: '规则已保存' }).waitFor()
  await row.locator('[data-test="rule-role-cell"]', { hasText: '员工' }).waitFor()
  await screenshot('rules-list')
  const saved = await api('GET', `/api/v1/followup/rules/${rule.id}`, undefined, admin)
  assert.equal(saved.assign_role, 'staff')
  assert.deepEqual(saved.assign_team, [adviser.id])
})

test('the scheduler hands the task to the adviser; the admin sees it as a staff task', async () => {
  assert.equal(runJobs(TODAY), 1)
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访工作台' }).click()
  await page.locator('[data-test="queue-view"] [data-view="all"]').click()
  const row = page.locator('[data-test="queue"] .el-table__row', { hasText: '周先生' })
  await row.locator('[data-test="task-role"]', { hasText: '员工' }).waitFor()
  await row.locator('text=关怀回访').waitFor()
  await screenshot('admin-queue-staff-task')
})

test('the adviser signs in: only the queue, with the task due today', async () => {
  await signIn(ADVISER.username, ADVISER.password)
  const tabs = page.locator('[data-test="followup-tabs"] .el-tabs__item')
  assert.deepEqual(await tabs.allInnerTexts(), ['回访工作台'])
  await page.locator('[data-test="queue-hint"]').waitFor()
  const row = page.locator('[data-test="queue"] .el-table__row', { hasText: '周先生' })
  await row.waitFor()
  await row.locator('text=维修三日关怀').waitFor()
  assert.equal(await page.locator('[data-test="queue"] .el-table__row').count(), 1)
  await screenshot('adviser-queue')
})

test('the adviser calls: the number on request (audited), the survey in the call, connected', async () => {
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '周先生' }).locator('[data-test="open-task"]').click()
  await page.locator('[data-test="script"]', { hasText: '苏州园区丰田4S店售后服务部的服务顾问' }).waitFor()
  await page.locator('[data-test="customer-phone"]', { hasText: '139****0000' }).waitFor()
  assert.equal(await page.locator('[data-test="register-complaint"]').count(), 0)
  await page.locator('[data-test="reveal"]').click()
  await page.locator('[data-test="customer-phone"]', { hasText: '13912340000' }).waitFor()
  const q = page.locator('[data-test="call-survey"] .q[data-qid="1"]')
  await q.waitFor()
  await page.locator('[data-test="outcome"] [data-outcome="connected"]').click()
  await q.locator('.el-radio-button', { hasText: /^9$/ }).click()
  await page.locator('textarea[data-test="notes"], [data-test="notes"] textarea').fill('客户对维修质量满意，提醒下次保养')
  await screenshot('adviser-call')
  await page.locator('[data-test="save-call"]').click()
  await page.locator('[data-test="call-status"]', { hasText: '已完成' }).waitFor()
  await page.locator('[data-test="calls"] .el-timeline-item', { hasText: '已接通' }).waitFor()
  const answered = page.locator('[data-test="call-survey-answered"]')
  await answered.waitFor()
  assert.match(await answered.locator('[data-test="call-survey-nps"]').innerText(), /9[\s\S]*推荐者/)
  await screenshot('adviser-call-done')

  // the reveal is in the audit log, the answer linked to the task, the call made by the adviser
  const task = (await api('GET', '/api/v1/followup/tasks?view=all', undefined, admin)).items[0]
  assert.deepEqual([task.assign_role, task.assignee_id, task.status], ['staff', adviser.id, 'done'])
  const log = await api('GET', `/api/v1/audit?entity=customer&entity_id=${task.customer_id}`, undefined, admin)
  assert.ok(log.items.some((e) => e.action === 'view_pii' && e.user_id === adviser.id && e.after.task_id === task.id), JSON.stringify(log.items))
  const responses = await api('GET', `/api/v1/surveys/${surveyId}/responses`, undefined, admin)
  assert.equal(responses.items.length, 1)
  assert.deepEqual([responses.items[0].followup_task_id, responses.items[0].channel], [task.id, 'call'])
})
