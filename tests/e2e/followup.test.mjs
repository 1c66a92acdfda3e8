// The follow-up capability (issue 3) in the browser, as a CR agent works it: import a customer
// and event file with bad rows and see the error report, see the day-7 and day-3 tasks appear
// in the queue on their day (the scheduler's clock set with `manyi jobs run --now`), make
// calls with different outcomes, see the retry and the unreachable close, see the figures
// change. Screenshots of every step go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, artifactsDir, launchBrowser, startServer } from './harness.mjs'

const AGENT = { username: 'xu.ting', password: 'Agent-pass-2026-满意' }
const DAY = 86400e3
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10)
const TODAY = shDate(Date.now())
const addDays = (d, n) => shDate(Date.parse(`${d}T12:00:00+08:00`) + n * DAY)

let server
let browser
let page
let shots
let shotNo = 0
let dbUrl
let dataRoot

async function screenshot(name) {
  shotNo += 1
  const file = join(shots, `${String(shotNo).padStart(2, '0')}-${name}.png`)
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {})
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {})
  await page.waitForTimeout(300)
  await page.screenshot({ path: file, fullPage: false })
  return file
}

/** A tiny API client for the set-up (the admin prepares the store and the agent's account). */
async function api(method, path, body, session) {
  const headers = { 'Content-Type': 'application/json' }
  if (session) {
    headers.Cookie = session.cookie
    headers['X-CSRF-Token'] = session.csrf
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined })
  const text = await res.text()
  const json = text ? JSON.parse(text) : undefined
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`)
  if (path.endsWith('/auth/login')) {
    return { cookie: res.headers.get('set-cookie').split(';')[0], csrf: json.csrf_token }
  }
  return json
}

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
  if (oldTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = oldTmp
  const dir = readdirSync(dataRoot).find((d) => d.startsWith('manyi-e2e-'))
  dbUrl = `sqlite:${join(dataRoot, dir, 'manyi.db')}`
  browser = await launchBrowser()
  page = browser.page
  page.setDefaultTimeout(15_000)
  page.setDefaultNavigationTimeout(30_000)
  page.on('pageerror', (err) => console.error('page error:', err.message))

  const admin = await api('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD })
  const store = await api('POST', '/api/v1/stores', { code: 'HZ-4S', name: '杭州滨江丰田4S店', city: '杭州' }, admin)
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

test('the customer page shows events and the calls', async () => {
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '客户' }).click()
  await page.locator('[data-test="customers"] .el-table__row', { hasText: '王先生' }).locator('a').click()
  await page.getByText('SO-001').waitFor()
  await page.getByText('第三次仍无人接听').waitFor()
  await screenshot('customer-360')
})
