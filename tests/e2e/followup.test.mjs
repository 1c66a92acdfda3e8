// The follow-up capability (issue 3) in the browser, as a CR agent works it: import a customer
// and event file with bad rows and see the error report, see the day-7 and day-3 tasks appear
// in the queue on their day (the scheduler's clock set with `manyi jobs run --now`), make
// calls with different outcomes, see the retry and the unreachable close, see the figures
// change; then, with a survey on the day-7 rule, answer the survey inside the call screen (every
// question type, conditions, required marks, the "share 100 points" boxes), save the connected
// call, see the answers on the task and on the customer's 360° page (timeline, answers, masked
// free text, the audited reveal). Screenshots of every step go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, apiCaller, artifactsDir, launchBrowser, screenshotter, startServer } from './harness.mjs'

const AGENT = { username: 'xu.ting', password: 'Agent-pass-2026-满意' }
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
let dataRoot
let admin
let store



function runJobs(day) {
  const out = execFileSync(process.env.MANYI_BIN, ['jobs', 'run', '--job', 'followup_schedule', '--now', `${day}T10:00:00+08:00`, '--db', dbUrl], { encoding: 'utf8' })
  const m = /(\d+) tasks created/.exec(out)
  assert.ok(m, out)
  return Number(m[1])
}

before(async () => {
  shots = artifactsDir()
  // the harness puts the server's SQLite file under the temp dir: give it one of our own so
  // that the CLI can run the scheduler against the same store
  dataRoot = mkdtempSync(join(tmpdir(), 'manyi-e2e-fu-'))
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
  store = await api('POST', '/api/v1/stores', { code: 'HZ-4S', name: '杭州滨江丰田4S店', city: '杭州' }, admin)
  const sales = await api('POST', '/api/v1/departments', { store_id: store.id, name: '销售部', kind: 'sales' }, admin)
  await api('POST', '/api/v1/employees', { store_id: store.id, department_id: sales.id, name: '张伟', employee_no: 'S001', position: '销售顾问' }, admin)
  await api('POST', '/api/v1/users', { username: AGENT.username, display_name: '徐婷', role: 'cr_agent', store_id: store.id, password: AGENT.password }, admin)
})

after(async () => {
  if (server) writeFileSync(join(shots, 'server.log'), server.log())
  await browser?.close()
  await server?.stop()
})

test('the CR agent signs in and opens 回访管理', async () => {
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', AGENT.username)
  await page.fill('input[name="password"]', AGENT.password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="welcome"]').waitFor()
  await page.locator('.el-menu [data-nav="followUps"]').click()
  await page.locator('[data-test="followup-tabs"]').waitFor()
  await page.locator('[data-test="queue"]').waitFor()
  await screenshot('queue-empty')
})

test('a DMS export with bad rows: preview, import, per-row error report', async () => {
  const sale = addDays(TODAY, -7)
  const service = addDays(TODAY, -3)
  const csv = [
    '客户编号,客户姓名,手机,门店编码,业务单号,业务类型,业务日期,员工编号,金额,车型,车牌号,里程',
    `C001,王先生,138 1234 5678,HZ-4S,SO-001,销售,${sale},S001,189800,凯美瑞 2.0G,浙A12345,`,
    `C002,李女士,13912345678,HZ-4S,RO-002,保养,${service},,680,卡罗拉,浙A54321,15000`,
    `C003,陈先生,13700001111,HZ-4S,SO-003,销售,${addDays(TODAY, -6)},S001,150000,RAV4,浙A11111,`,
    `C004,,12345,HZ-4S,SO-004,销售,${sale},,,,,`,
    `C005,赵先生,13600002222,NB-4S,SO-005,销售,2026-02-30,,abc,,,`,
  ].join('\r\n')
  const file = join(dataRoot, 'dms-export.csv')
  writeFileSync(file, `${csv}\r\n`)
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '导入' }).click()
  await page.locator('[data-test="import-file"]').setInputFiles(file)
  await page.locator('[data-test="import-preview"]').click()
  await page.locator('[data-test="import-counts"]', { hasText: '成功 3 行，失败 2 行' }).waitFor()
  await screenshot('import-preview')
  await page.locator('[data-test="import-run"]').click()
  await page.locator('[data-test="import-counts"]', { hasText: '新增客户 3 个，新增业务 3 条' }).waitFor()
  const errors = page.locator('[data-test="import-errors"] .el-table__row')
  assert.equal(await errors.count(), 5)
  await page.locator('[data-test="import-errors"]', { hasText: '手机号无效' }).waitFor()
  await page.locator('[data-test="import-errors"]', { hasText: '门店编码不存在' }).waitFor()
  // the report downloads as CSV
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="error-report"]').click()])
  const path = await download.path()
  const { readFileSync } = await import('node:fs')
  const report = readFileSync(path, 'utf8')
  assert.match(report, /6,"业务日期",/)
  assert.equal(report.trim().split(/\r\n/).length, 6)
  await screenshot('import-errors')
})

test('the day-7 and day-3 tasks appear in the queue on their day', async () => {
  assert.equal(runJobs(addDays(TODAY, -1)), 0, 'tasks appeared a day early')
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访工作台' }).click()
  await page.locator('[data-test="queue"]').waitFor()
  assert.equal(await page.locator('[data-test="queue"] .el-table__row').count(), 0)
  assert.equal(runJobs(TODAY), 2)
  assert.equal(runJobs(TODAY), 0, 'the scheduler created a task twice')
  await page.reload()
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '王先生' }).waitFor()
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '李女士' }).waitFor()
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '新车销售七日电访' }).waitFor()
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '售后服务三日电访' }).waitFor()
  assert.equal(await page.locator('[data-test="queue"] .el-table__row', { hasText: '陈先生' }).count(), 0, 'day-6 sale already in the queue')
  await screenshot('queue-today')
})

async function openCall(name) {
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访工作台' }).click()
  await page.locator('[data-test="queue-view"] [data-view="all"]').click()
  await page.locator('[data-test="queue"] .el-table__row', { hasText: name }).locator('[data-test="open-task"]').click()
  await page.locator('[data-test="script"]').waitFor()
}

async function call(outcome, notes) {
  await page.locator(`[data-test="outcome"] [data-outcome="${outcome}"]`).click()
  if (notes) await page.locator('textarea[data-test="notes"], [data-test="notes"] textarea').fill(notes)
  const before = await page.locator('[data-test="calls"] .el-timeline-item').count()
  await page.locator('[data-test="save-call"]').click()
  // saved when the call history has one more entry
  await page.locator('[data-test="calls"] .el-timeline-item').nth(before).waitFor()
}

test('the figures page shows no calls yet', async () => {
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访指标' }).click()
  await page.locator('[data-test="stat-answer"]', { hasText: '—' }).waitFor()
  await screenshot('figures-before')
})

test('calls: no answer, busy, no answer → retries, then closed as unreachable', async () => {
  await openCall('王先生')
  await page.locator('[data-test="customer-phone"]', { hasText: '138****5678' }).waitFor()
  await page.locator('[data-test="reveal"]').click()
  await page.locator('[data-test="customer-phone"]', { hasText: '13812345678' }).waitFor()
  await page.locator('[data-test="register-complaint"]').waitFor()
  await screenshot('call-screen')
  await call('no_answer', '无人接听')
  await page.locator('[data-test="attempts"]', { hasText: '已拨打 1 次，失败 1 次' }).waitFor()
  // the task is now in the retry view
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访工作台' }).click()
  await page.locator('[data-test="queue-view"] [data-view="retry"]').click()
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '王先生' }).waitFor()
  await screenshot('queue-retry')
  await page.locator('[data-test="queue"] .el-table__row', { hasText: '王先生' }).locator('[data-test="open-task"]').click()
  await page.locator('[data-test="script"]').waitFor()
  await call('busy')
  await call('no_answer', '第三次仍无人接听')
  await page.locator('[data-test="call-status"]', { hasText: '无法联系' }).waitFor()
  assert.equal(await page.locator('[data-test="calls"] .el-timeline-item').count(), 3)
  await screenshot('call-unreachable')
})

test('calls: the service customer is reached', async () => {
  await openCall('李女士')
  await call('connected', '客户对保养服务满意')
  await page.locator('[data-test="call-status"]', { hasText: '已完成' }).waitFor()
  await screenshot('call-connected')
})

test('the figures change: answer ratio, reach, attempts per task', async () => {
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访指标' }).click()
  // 2 tasks attempted, 4 attempts, 1 connected call: 50 % answer ratio and reach, 2.00 per task
  await page.locator('[data-test="stat-answer"]', { hasText: '50.0%' }).waitFor()
  await page.locator('[data-test="stat-reach"]', { hasText: '50.0%' }).waitFor()
  await page.locator('[data-test="stat-per-task"]', { hasText: '2.00' }).waitFor()
  await page.locator('[data-test="stat-on-time"]', { hasText: '50.0%' }).waitFor()
  await screenshot('figures-after')
})

async function openCustomer(name) {
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '客户' }).click()
  await page.locator('[data-test="customers"] .el-table__row', { hasText: name }).locator('a').click()
  await page.locator('[data-test="c360-timeline"]').waitFor()
}

test('the customer page shows events and the calls', async () => {
  await openCustomer('王先生')
  const timeline = page.locator('[data-test="c360-timeline"]')
  await timeline.locator('[data-kind="event"]', { hasText: 'SO-001' }).waitFor()
  await timeline.locator('[data-kind="call"]', { hasText: '第三次仍无人接听' }).waitFor()
  assert.equal(await timeline.locator('[data-kind="call"]').count(), 3)
  await screenshot('customer-360')
})

// --- the survey inside the call ---------------------------------------------------------------

const tx = (cn, tw, en) => ({ 'zh-CN': cn, 'zh-TW': tw ?? cn, en: en ?? cn })
const SURVEY = {
  title: tx('新车交付回访', '新車交付回訪', 'Delivery follow-up'),
  questions: [
    { id: 1, type: 'nps', required: true, text: tx('您有多大可能向亲友推荐我们店？') },
    { id: 2, type: 'text', required: true, max_chars: 500, text: tx('哪里让您不满意？'), show_if: { question: 1, op: 'le', value: 6 } },
    { id: 3, type: 'rating', required: true, scale: [1, 5], dimension: 'assurance', text: tx('销售顾问的专业程度') },
    { id: 4, type: 'matrix', required: true, scale: [1, 5], text: tx('请为以下方面打分'), rows: [{ text: tx('交车准时'), dimension: 'reliability' }, { text: tx('展厅整洁'), dimension: 'tangibles' }] },
    { id: 5, type: 'single', required: false, text: tx('您是怎么知道我们的？'), options: [{ text: tx('朋友介绍') }, { text: tx('网络广告') }, { text: tx('其他') }], other_option: 2 },
    { id: 6, type: 'multi', required: false, text: tx('购车时您看重什么？'), options: [{ text: tx('价格') }, { text: tx('服务') }, { text: tx('品牌') }, { text: tx('其他') }], other_option: 3 },
    { id: 7, type: 'yesno', required: true, text: tx('销售顾问是否讲解了保养知识？') },
    { id: 8, type: 'points', required: true, text: tx('请把 100 分分给以下五个方面') },
  ],
}
const fq = (id) => page.locator(`[data-test="call-survey"] .q[data-qid="${id}"]`)
let surveyId
let sunTask

test('a survey on the day-7 rule: the call screen shows it beside the script', async () => {
  const s = await api('POST', '/api/v1/surveys', { name: '新车交付回访', definition: SURVEY }, admin)
  await api('POST', `/api/v1/surveys/${s.id}/publish`, undefined, admin)
  surveyId = s.id
  const rules = await api('GET', '/api/v1/followup/rules', undefined, admin)
  const day7 = rules.items.find((r) => r.code === 'sale_day7')
  await api('PATCH', `/api/v1/followup/rules/${day7.id}`, { survey_id: s.id }, admin)
  const sun = await api('POST', '/api/v1/customers', { name: '孙女士', phone: '13512345678', store_id: store.id }, admin)
  await api('POST', '/api/v1/events', { customer_id: sun.id, type: 'sale', occurred_on: addDays(TODAY, -7), model: '凯美瑞 双擎', plate: '浙A66666', external_id: 'SO-006' }, admin)
  assert.equal(runJobs(TODAY), 1)
  await openCall('孙女士')
  sunTask = Number(/\/followups\/tasks\/(\d+)/.exec(page.url())[1])
  const panel = page.locator('[data-test="call-survey"]')
  await panel.locator('.q[data-qid="1"]').waitFor()
  // the old way out of the call screen is gone: the survey is here
  assert.equal(await page.locator('[data-test="fill-survey"]').count(), 0)
  assert.equal(await fq(2).count(), 0, 'the "what went wrong" question shows before any NPS answer')
  for (const id of [1, 3, 4, 7, 8]) assert.equal(await fq(id).locator('.req').count(), 1, `no required mark on question ${id}`)
  assert.equal(await fq(5).locator('.req').count(), 0)
  await screenshot('call-survey-empty')
})

test('saving a connected call checks the survey: nothing answered asks, missing and wrong answers are marked', async () => {
  await page.locator('[data-test="outcome"] [data-outcome="connected"]').click()
  await page.locator('[data-test="save-call"]').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.match(await box.innerText(), /问卷还没有作答/)
  await box.locator('button', { hasText: '返回作答' }).click()
  await box.waitFor({ state: 'hidden' })
  // a detractor's score opens the conditional question
  await fq(1).locator('.el-radio-button', { hasText: /^4$/ }).click()
  await fq(2).waitFor()
  await fq(3).locator('.el-radio-button', { hasText: /^4$/ }).click()
  await page.locator('[data-test="save-call"]').click()
  await page.locator('[data-test="call-survey"] .q.bad').first().waitFor()
  for (const id of [2, 4, 7, 8]) assert.equal(await fq(id).evaluate((e) => e.classList.contains('bad')), true, `question ${id} is not marked`)
  assert.equal(await fq(3).evaluate((e) => e.classList.contains('bad')), false)
  assert.equal(await page.locator('[data-test="calls"] .el-timeline-item').count(), 0, 'the call was saved with an incomplete survey')
  await screenshot('call-survey-marked')
})

test('every question type is answered in the call, the points must add up to 100', async () => {
  await fq(2).locator('textarea').fill('交车比约定晚了两天，请回电 13900002222')
  const rows = fq(4).locator('.mrow')
  await rows.nth(0).locator('.el-radio-button', { hasText: /^5$/ }).click()
  await rows.nth(1).locator('.el-radio-button', { hasText: /^3$/ }).click()
  await fq(5).locator('.el-radio', { hasText: '其他' }).click()
  await fq(5).locator('input.el-input__inner').fill('车展')
  await fq(6).locator('.el-checkbox', { hasText: '服务' }).click()
  await fq(6).locator('.el-checkbox', { hasText: '其他' }).click()
  await fq(6).locator('input.el-input__inner').fill('油耗')
  await fq(7).locator('.el-radio', { hasText: '是' }).click()
  const pts = { reliability: 30, assurance: 20, tangibles: 10, empathy: 20, responsiveness: 30 }
  for (const [dim, v] of Object.entries(pts)) {
    const input = fq(8).locator(`[data-dim="${dim}"] input`)
    await input.fill(String(v))
    await input.press('Tab')
  }
  await fq(8).locator('[data-test="points-left"]', { hasText: '超出 10 分' }).waitFor()
  await page.locator('[data-test="save-call"]').click()
  await fq(8).locator('.err', { hasText: '合计须为 100 分' }).waitFor()
  assert.equal(await page.locator('[data-test="calls"] .el-timeline-item').count(), 0, 'saved with 110 points')
  await screenshot('call-survey-points-over')
  const last = fq(8).locator('[data-dim="responsiveness"] input')
  await last.fill('20')
  await last.press('Tab')
  await fq(8).locator('[data-test="points-left"]', { hasText: '100 分已分完' }).waitFor()
  await fq(8).locator('.err').waitFor({ state: 'detached' })
  await page.locator('textarea[data-test="notes"], [data-test="notes"] textarea').fill('客户对交车时间有意见')
  await screenshot('call-survey-filled')
})

test('the connected call is saved with the answers; the task shows them', async () => {
  await page.locator('[data-test="save-call"]').click()
  await page.locator('[data-test="call-status"]', { hasText: '已完成' }).waitFor()
  await page.locator('[data-test="calls"] .el-timeline-item').first().waitFor()
  const answered = page.locator('[data-test="call-survey-answered"]')
  await answered.waitFor()
  assert.match(await answered.locator('[data-test="call-survey-nps"]').innerText(), /4[\s\S]*贬损者/)
  assert.equal(await answered.locator('dd[data-qid="4"]').innerText(), '交车准时: 5 · 展厅整洁: 3')
  assert.equal(await answered.locator('dd[data-qid="7"]').innerText(), '是')
  assert.equal(await answered.locator('dd[data-qid="8"]').innerText(), '信赖度 30 · 专业度 20 · 有形度 10 · 同理度 20 · 反应度 20')
  // the agent does not see free text in full (it may hold personal data): answers and "other" texts
  assert.equal(await answered.locator('dd[data-qid="2"]').innerText(), '***')
  assert.equal(await answered.locator('dd[data-qid="5"]').innerText(), '其他（***）')
  assert.equal(await answered.locator('dd[data-qid="6"]').innerText(), '服务、其他（***）')
  assert.equal(await page.locator('[data-test="call-survey"] .q').count(), 0, 'the form is still offered')
  await screenshot('call-survey-answered')
  // stored once, linked to the customer, the event and the task, every answer as given
  const list = await api('GET', `/api/v1/surveys/${surveyId}/responses`, undefined, admin)
  assert.equal(list.items.length, 1)
  const r = list.items[0]
  assert.equal(r.channel, 'call')
  assert.equal(r.followup_task_id, sunTask)
  const task = await api('GET', `/api/v1/followup/tasks/${sunTask}`, undefined, admin)
  assert.equal(r.customer_id, task.customer.id)
  assert.equal(r.event_id, task.event.id)
  const by = Object.fromEntries(r.answers.map((a) => [a.question_id, a]))
  assert.equal(by[1].value, 4)
  assert.match(by[2].text, /13900002222/)
  assert.equal(by[3].value, 4)
  assert.deepEqual(by[4].values, [5, 3])
  assert.deepEqual([by[5].value, by[5].text], [2, '车展'])
  assert.deepEqual([by[6].values, by[6].text], [[1, 3], '油耗'])
  assert.equal(by[7].value, 1)
  assert.deepEqual(by[8].values, [30, 20, 10, 20, 20])
})

test('the customer page: the answers in the timeline and their tab, the text shown on request', async () => {
  await openCustomer('孙女士')
  const timeline = page.locator('[data-test="c360-timeline"]')
  await timeline.locator('[data-kind="response"]', { hasText: '新车交付回访' }).waitFor()
  await timeline.locator('[data-kind="call"]', { hasText: '已接通' }).waitFor()
  await timeline.locator('[data-kind="event"]', { hasText: 'SO-006' }).waitFor()
  assert.match(await timeline.locator('[data-kind="response"]').innerText(), /NPS 4 贬损者/)
  await screenshot('customer-360-timeline')
  await timeline.locator('[data-kind="response"] a').click()
  const table = page.locator('[data-test="c360-responses"]')
  await table.locator('[data-test="survey-answers"]').waitFor()
  assert.match(await table.locator('.el-table__row').first().innerText(), /贬损者/)
  assert.equal(await table.locator('[data-test="survey-answers"] dd[data-qid="2"]').innerText(), '***')
  assert.equal(await page.locator('[data-test="c360-phone"]').innerText(), '135****5678')
  await screenshot('customer-360-responses')
  await page.locator('[data-test="c360-reveal"]').click()
  await page.locator('[data-test="c360-phone"]', { hasText: '13512345678' }).waitFor()
  await table.locator('[data-test="survey-answers"] dd[data-qid="2"]', { hasText: '13900002222' }).waitFor()
  await screenshot('customer-360-revealed')
})

// --- column-mapping editor and a GBK file (issue 3: import) --------------------------------
// A DMS export in GBK whose headers match none of the usual names: the preview detects the
// encoding, lists the file's columns and says what is missing; the admin maps our fields onto
// the columns, previews again, saves the mapping for the tenant, and imports.
test('import: a GBK file with unknown headers, mapped in the editor, saved, imported', async () => {
  const d = addDays(TODAY, -2)
  const text = [
    'CustNo,客户名,移动电话,经销店,工单号,业务种类,开单日期',
    `G001,欧阳先生,13812340001,HZ-4S,GO-001,保养,${d}`,
    `G002,司马女士,13812340002,HZ-4S,GO-002,维修,${d}`,
    `G003,,13812340003,HZ-4S,GO-003,维修,${d}`,
  ].join('\r\n') + '\r\n'
  const file = join(dataRoot, 'dms-gbk.csv')
  writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text }))
  await page.context().clearCookies()
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', 'admin')
  await page.fill('input[name="password"]', ADMIN_PASSWORD)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="welcome"]').waitFor()
  await page.locator('.el-menu [data-nav="followUps"]').click()
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '导入' }).click()
  await page.locator('[data-test="import-file"]').setInputFiles(file)
  await page.locator('[data-test="import-preview"]').click()
  const editor = page.locator('[data-test="import-mapping"]')
  await editor.waitFor()
  await editor.locator('[data-test="import-encoding-used"]', { hasText: 'GB18030' }).waitFor()
  // the usual names are not there: no preview, the required fields are marked
  assert.equal(await page.locator('[data-test="import-result"]').count(), 0)
  assert.equal(await editor.locator('.req').count(), 3)
  await screenshot('import-mapping-empty')
  const pick = async (field, column) => {
    await editor.locator(`[data-test="map-${field}"]`).click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: column }).first().click()
    await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {})
  }
  await pick('customer_external_id', 'CustNo')
  await pick('customer_name', '客户名')
  await pick('phone', '移动电话')
  await pick('store_code', '经销店')
  await pick('event_external_id', '工单号')
  await pick('event_type', '业务种类')
  await pick('event_date', '开单日期')
  await page.locator('[data-test="map-repreview"]').click()
  await page.locator('[data-test="import-counts"]', { hasText: '成功 2 行，失败 1 行' }).waitFor()
  await page.locator('[data-test="import-result"]', { hasText: '欧阳先生' }).waitFor()
  await page.locator('[data-test="map-save"]').click()
  await page.locator('.el-message', { hasText: '映射已保存' }).waitFor()
  const saved = await api('GET', '/api/v1/import-mapping', undefined, admin)
  assert.equal(saved.mapping.customer_name, '客户名')
  assert.equal(saved.mapping.event_date, '开单日期')
  await screenshot('import-mapping-filled')
  await page.locator('[data-test="import-run"]').click()
  await page.locator('[data-test="import-counts"]', { hasText: '新增客户 2 个，新增业务 2 条' }).waitFor()
  await page.locator('[data-test="import-errors"]', { hasText: '客户名' }).waitFor()
  await page.locator('[data-test="import-result"]').scrollIntoViewIfNeeded()
  await screenshot('import-mapping-imported')
  // the saved mapping is used by a plain preview of the same file now
  await page.locator('[data-test="import-preview"]').click()
  await page.locator('[data-test="import-counts"]', { hasText: '成功 2 行，失败 1 行' }).waitFor()
  const names = (await api('GET', '/api/v1/customers?limit=200', undefined, admin)).items.map((c) => c.name)
  assert.ok(names.includes('欧阳先生') && names.includes('司马女士'), names.join(','))
  await api('PATCH', '/api/v1/import-mapping', { mapping: {} }, admin)
})

test('rules: the admin names the day-7 rule\'s team and survey in the rule dialog', async () => {
  await page.context().clearCookies()
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', 'admin')
  await page.fill('input[name="password"]', ADMIN_PASSWORD)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="welcome"]').waitFor()
  await page.locator('.el-menu [data-nav="followUps"]').click()
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '回访规则' }).click()
  const row = page.locator('[data-test="rules"] .el-table__row', { hasText: '新车销售七日电访' })
  await row.locator('button', { hasText: '编辑' }).click()
  const dialog = page.locator('.el-dialog', { hasText: '编辑规则' })
  await dialog.waitFor()
  await dialog.locator('[data-test="rule-team"]').click()
  const agentName = (await api('GET', '/api/v1/users?limit=200', undefined, admin)).items.find((u) => u.username === AGENT.username)
  await page.locator('.el-select-dropdown__item:visible', { hasText: agentName.display_name || agentName.username }).first().click()
  await dialog.locator('.el-dialog__title').click() // closes the dropdown, not the dialog
  await dialog.locator('[data-test="rule-survey"]').waitFor()
  await screenshot('rule-team')
  await dialog.locator('button', { hasText: '保存' }).click()
  await page.locator('.el-message', { hasText: '规则已保存' }).waitFor()
  const day7 = (await api('GET', '/api/v1/followup/rules', undefined, admin)).items.find((r) => r.code === 'sale_day7')
  assert.deepEqual(day7.assign_team, [agentName.id])
  await api('PATCH', `/api/v1/followup/rules/${day7.id}`, { assign_team: [] }, admin)
})
