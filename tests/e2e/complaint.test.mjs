// The complaint closed loop in Chromium with three users (issue 5, "Done when"): a CR agent
// registers a complaint from a follow-up call, the department manager handles it with CLEAR and
// writes the result, the CR agent calls the customer back, who is not satisfied, so it reopens
// and escalates; the second time it closes. The timeline shows every step. Screenshots of each
// step go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, artifactsDir, launchBrowser, startServer } from './harness.mjs'

const CR = { username: 'xu.ting.e2e', password: 'Cr-agent-满意-2026', display_name: '徐婷' }
const DM = { username: 'yang.fan.e2e', password: 'Dept-manager-满意-2026', display_name: '杨帆' }
const SM = { username: 'wang.jg.e2e', password: 'Store-manager-满意-2026', display_name: '王建国' }
const TITLE = '保养等待三小时无人告知进度'

let server
let browser
let page
let shots
let shotNo = 0
let ticketId

async function screenshot(name) {
  shotNo += 1
  const file = join(shots, `${String(shotNo).padStart(2, '0')}-${name}.png`)
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {})
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {})
  await page.waitForTimeout(300)
  await page.screenshot({ path: file, fullPage: true })
}

/** A JSON API call as the admin (organisation set-up only; the loop itself goes through the UI). */
async function api(cookie, csrf, method, path, body) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: body ? JSON.stringify(body) : undefined,
  })
  const json = await res.json().catch(() => null)
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(json)}`)
  return json
}

async function login(user) {
  await browser.context.clearCookies()
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', user.username)
  await page.fill('input[name="password"]', user.password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="user-menu"]').waitFor()
}

async function openTicket() {
  await page.goto(`${server.url}/complaints/${ticketId}`)
  await page.locator('[data-test="complaint-detail"]').waitFor()
}

/** Translation keys showing instead of text mean a missing message. */
async function assertNoRawKeys() {
  const text = await page.locator('body').innerText()
  assert.doesNotMatch(text, /\bcomplaint\.[a-zA-Z_]+/, 'an untranslated complaint.* key is on the page')
}

async function expectState(label) {
  await page.locator('[data-test="ticket-state"]', { hasText: label }).waitFor()
}

async function choose(testId, text) {
  await page.locator(`[data-test="${testId}"]`).click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
}

before(async () => {
  shots = artifactsDir()
  server = await startServer()
  browser = await launchBrowser()
  page = browser.page
  page.setDefaultTimeout(15_000)
  page.setDefaultNavigationTimeout(30_000)
  page.on('pageerror', (err) => console.error('page error:', err.message))
  // the organisation: a store with sales, after-sales and CR departments, and three users
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  const cookie = res.headers.getSetCookie()[0].split(';')[0]
  const { csrf_token: csrf } = await res.json()
  const store = await api(cookie, csrf, 'POST', '/api/v1/stores', { code: 'SH-01', name: '上海浦东4S店', city: '上海' })
  const after = await api(cookie, csrf, 'POST', '/api/v1/departments', { store_id: store.id, name: '售后服务部', kind: 'after_sales' })
  await api(cookie, csrf, 'POST', '/api/v1/departments', { store_id: store.id, name: '客户关系部', kind: 'cr' })
  await api(cookie, csrf, 'POST', '/api/v1/users', { ...CR, role: 'cr_agent', store_id: store.id })
  await api(cookie, csrf, 'POST', '/api/v1/users', { ...DM, role: 'dept_manager', department_id: after.id })
  await api(cookie, csrf, 'POST', '/api/v1/users', { ...SM, role: 'store_manager', store_id: store.id })
})

after(async () => {
  if (server) writeFileSync(join(shots, 'server.log'), server.log())
  await browser?.close()
  await server?.stop()
})

test('the CR agent registers a complaint from a follow-up call and routes it', async () => {
  await login(CR)
  await page.locator('.el-menu [data-nav="complaints"]').click()
  await page.getByRole('heading', { name: '客服待办：待分派、待回访、重开' }).waitFor()
  await screenshot('cr-inbox-empty')
  // what the follow-up call screen's "登记投诉" button opens
  await page.goto(`${server.url}/complaints/new?followup_task_id=31`)
  await page.locator('[data-test="complaint-form"]').waitFor()
  await page.getByText('来自回访电话').waitFor()
  await page.locator('[data-test="category"] label', { hasText: '等待时间' }).click()
  await page.locator('[data-test="severity"] label', { hasText: '紧急' }).click()
  await page.locator('[data-test="title"]').fill(TITLE)
  await page.locator('[data-test="description"]').fill('客户回访时反映：上周六保养等待三小时，期间没有任何人告知进度，很不满意。')
  await screenshot('cr-register-form')
  await page.locator('[data-test="submit"]').click()
  await page.locator('[data-test="complaint-detail"]').waitFor()
  ticketId = Number(/\/complaints\/(\d+)/.exec(page.url())[1])
  await expectState('已登记')
  await page.locator('[data-test="scripts"]', { hasText: '让您久等了' }).waitFor()
  // a photo the customer sent, uploaded as an attachment
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)])
  await page.locator('[data-test="attachments"] input[type="file"]').setInputFiles({ name: '等候区照片.png', mimeType: 'image/png', buffer: png })
  await page.locator('[data-test="attachments"] a', { hasText: '等候区照片.png' }).waitFor()
  await screenshot('cr-registered')
  await choose('assignee', DM.display_name)
  await page.locator('[data-test="do-assign"]').click()
  await expectState('已分派')
  await screenshot('cr-assigned')
})

test('the department manager handles it with CLEAR and writes the result', async () => {
  await login(DM)
  await page.goto(`${server.url}/complaints`)
  await page.getByRole('heading', { name: '部门待处理投诉' }).waitFor()
  await page.locator('[data-test="complaints-table"] .el-table__row', { hasText: TITLE }).click()
  await page.locator('[data-test="complaint-detail"]').waitFor()
  await screenshot('dm-queue-open')
  await page.locator('[data-test="do-accept"]').click()
  await expectState('处理中')
  for (const step of ['control', 'listen', 'establish', 'apologize', 'resolve']) {
    await page.locator(`[data-test="clear-${step}"]`).click()
    await page.locator(`[data-test="clear-${step}"].is-checked`).waitFor()
    await page.waitForLoadState('networkidle')
  }
  await page.locator('[data-test="root-cause"]').fill('前台未按流程每小时向客户通报进度')
  await page.locator('[data-test="action-taken"]').fill('当面致歉，明确进度通报责任人')
  await page.locator('[data-test="remedy"]').fill('减免本次工时费 30%')
  await choose('strategy', '减免部分工时费')
  await screenshot('dm-clear-and-result')
  await page.locator('[data-test="do-result"]').click()
  await expectState('已写结果')
  await page.locator('[data-test="do-return"]').click()
  await expectState('待回访')
  await screenshot('dm-returned')
})

test('the CR agent calls back: not satisfied, so it reopens one level up', async () => {
  await login(CR)
  await page.goto(`${server.url}/complaints`)
  await page.locator('[data-test="complaints-table"] .el-table__row', { hasText: TITLE }).locator('[data-test="state"]', { hasText: '待回访' }).waitFor()
  await openTicket()
  await page.locator('[data-test="do-start-verify"]').click()
  await page.locator('[data-test="verify-panel"]').waitFor()
  await screenshot('cr-verify-call')
  await page.locator('[data-test="reopen-reason"]').fill('客户认为减免不够，要求店总出面致歉')
  await page.locator('[data-test="do-reopen"]').click()
  await expectState('已重开')
  await page.locator('[data-test="escalation"]', { hasText: '升级 1 级' }).waitFor()
  await screenshot('cr-reopened')
  await page.locator('[data-test="do-assign"]').click()
  await expectState('已分派')
})

test('the second round: handled again and closed when the customer is satisfied', async () => {
  await login(DM)
  await openTicket()
  await page.locator('[data-test="do-accept"]').click()
  await expectState('处理中')
  // the reopening cleared CLEAR: the second round ticks all five steps again
  const steps = ['control', 'listen', 'establish', 'apologize', 'resolve']
  for (const step of steps) await page.locator(`[data-test="clear-${step}"]`).waitFor()
  assert.equal(await page.locator(steps.map((step) => `[data-test="clear-${step}"].is-checked`).join(', ')).count(), 0,
    'CLEAR is still ticked after the reopening')
  for (const step of steps) {
    await page.locator(`[data-test="clear-${step}"]`).click()
    await page.locator(`[data-test="clear-${step}"].is-checked`).waitFor()
    await page.waitForLoadState('networkidle')
  }
  await page.locator('[data-test="remedy"]').fill('店总致电道歉，减免全部工时费并赠送一次保养')
  await page.locator('[data-test="do-result"]').click()
  await expectState('已写结果')
  await page.locator('[data-test="do-return"]').click()
  await expectState('待回访')
  await login(CR)
  await openTicket()
  await page.locator('[data-test="do-start-verify"]').click()
  await page.locator('[data-test="do-close"]').click()
  await expectState('已关闭')
  await screenshot('cr-closed')
})

test('the timeline shows every step with who and when', async () => {
  const entries = page.locator('[data-test="timeline-entry"]')
  const texts = await entries.allInnerTexts()
  const want = ['登记', '上传附件', '分派', '受理', 'CLEAR 勾选', '提交处理结果', '退回客服回访', '开始回访', '客户不满意，重开',
    '分派', '受理', 'CLEAR 勾选', '提交处理结果', '退回客服回访', '开始回访', '客户满意，关闭']
  const kinds = texts.map((x) => x.split(/\s/)[0]).filter((k, i, a) => !(k === 'CLEAR' && a[i - 1] === 'CLEAR'))
  assert.deepEqual(kinds.map((k) => (k === 'CLEAR' ? 'CLEAR 勾选' : k)), want)
  const stamps = await page.locator('[data-test="timeline"] .el-timeline-item__timestamp').allInnerTexts()
  assert.ok(stamps.every((s) => s.includes(CR.username) || s.includes(DM.username)), `who is missing: ${stamps}`)
  await page.locator('[data-test="timeline"]', { hasText: '客户认为减免不够' }).waitFor()
  await assertNoRawKeys()
  await page.locator('[data-test="timeline-entry"]').nth(8).scrollIntoViewIfNeeded()
  await screenshot('timeline-reopen')
  await page.locator('[data-test="timeline-entry"]').last().scrollIntoViewIfNeeded()
  await screenshot('timeline-closed')
})

test('the store manager sees the escalation, the board and the figures', async () => {
  await login(SM)
  await page.goto(`${server.url}/complaints/notifications`)
  await page.locator('[data-test="notifications"]', { hasText: '投诉重开' }).waitFor()
  await screenshot('sm-notifications')
  await page.goto(`${server.url}/complaints/board`)
  await page.locator('[data-test="column-closed"]', { hasText: TITLE }).waitFor()
  await assertNoRawKeys()
  await screenshot('board')
  await page.goto(`${server.url}/complaints/figures`)
  await page.locator('[data-test="figure-cards"]', { hasText: '50.0%' }).waitFor()
  await assertNoRawKeys()
  await screenshot('figures')
})
