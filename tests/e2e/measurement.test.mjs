// The measurement page (/measurement) on the demo data (`manyi demo`): the weighted SERVQUAL
// score says which importance weights it used — the respondents' "share 100 points" allocation
// (with how many respondents) for the SERVQUAL survey, the configured weights or none for the
// others — and shows the five weights as bars, equal to what the figures API answers; in zh-CN,
// en and zh-TW. Two surveys are added to the demo: the SERVQUAL template nobody has answered yet
// (configured weights until someone shares the points) and a SERVQUAL without the 100-point
// question (configured weights). Then a CR agent (xu.ting) on a survey's responses: written
// answers are hidden as personal data until the agent reveals them, which the audit log records.
// Screenshots go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, REPO, artifactsDir, launchBrowser } from './harness.mjs'

const DEMO_PASSWORD = 'manyi-demo-2026'
let server
let browser
let page
let shots
let api
let surveys
const NO_POINTS_YET = '重要度尚无人填写'
const CONFIGURED = '配置权重问卷'

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

// Like harness.startServer, but loads the demo into the store first.
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-e2e-measure-'))
  const db = `sqlite:${join(dir, 'manyi.db')}`
  const env = { ...process.env, MANYI_DB: db, MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD, MANYI_DEMO_PASSWORD: DEMO_PASSWORD }
  execFileSync(process.env.MANYI_BIN, ['demo', '--db', db], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  const port = await freePort()
  const child = spawn(process.env.MANYI_BIN, ['serve'], {
    env: { ...env, MANYI_LISTEN: `127.0.0.1:${port}`, MANYI_WEB_ROOT: process.env.MANYI_WEB_ROOT ?? join(REPO, 'web/dist'), MANYI_JOBS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${log}`)), 30_000)
    child.stderr.on('data', (c) => {
      log += c
      const m = /listening on (http:\/\/[^\s]+)/.exec(log)
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')) }
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${log}`)))
  })
  return { url, stop: async () => { const e = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await e; rmSync(dir, { recursive: true, force: true }) } }
}

async function call(method, path, body) {
  const res = await fetch(api.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', Cookie: api.cookie, 'X-CSRF-Token': api.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}
const get = (path) => call('GET', path)

async function publish(body) {
  const s = await call('POST', '/api/v1/surveys', body)
  await call('POST', `/api/v1/surveys/${s.id}/publish`)
  return s
}

let shotNo = 0
async function shot(name) {
  shotNo += 1
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(shots, `${String(shotNo).padStart(2, '0')}-${name}.png`) })
}

before(async () => {
  server = await start()
  const login = await fetch(server.url + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'demo.admin', password: DEMO_PASSWORD }) })
  assert.equal(login.status, 200)
  api = { url: server.url, cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: (await login.json()).csrf_token }
  await publish({ template: 'servqual', name: NO_POINTS_YET })
  const def = (await get('/api/v1/survey-templates?name=servqual')).definition
  def.questions = def.questions.filter((q) => q.type !== 'points')
  assert.ok(def.weights, 'the SERVQUAL template has configured weights')
  await publish({ name: CONFIGURED, definition: def })
  surveys = (await get('/api/v1/surveys?limit=200')).items
  browser = await launchBrowser()
  page = browser.page
  await page.setViewportSize({ width: 1366, height: 900 })
  shots = artifactsDir()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function pickSurvey(name) {
  await page.locator('[data-test="measure-survey"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).click()
}

// The bars shown, as { dim: percent } — compared with the API's weights.
async function shownWeights() {
  const rows = page.locator('[data-test="fig-weights"] li')
  const out = {}
  for (let i = 0; i < await rows.count(); i++) {
    const r = rows.nth(i)
    out[await r.getAttribute('data-dim')] = Number((await r.locator('.wv').innerText()).replace('%', ''))
  }
  return out
}

async function waitForSource(source) {
  await page.locator(`[data-test="fig-weights"][data-source="${source}"]`).waitFor()
}

test('the SERVQUAL survey: weights from the respondents\' 100-point allocation, as bars', async () => {
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', 'demo.admin')
  await page.fill('input[name="password"]', DEMO_PASSWORD)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  const sq = surveys.find((s) => s.template === 'servqual')
  assert.ok(sq, 'the demo has no SERVQUAL survey')
  const fig = await get(`/api/v1/surveys/${sq.id}/figures`)
  assert.equal(fig.servqual.weights_source, 'respondents', 'the demo SERVQUAL survey has points answers')
  assert.ok(fig.servqual.points_n > 0)

  await page.goto(`${server.url}/measurement`)
  await page.locator('[data-test="fig-nps"]').waitFor()
  await pickSurvey(sq.name)
  await waitForSource('respondents')
  const note = `权重：来自 ${fig.servqual.points_n} 位受访者的100分分配`
  assert.equal((await page.locator('[data-test="fig-weights"] .weights-note').innerText()).trim(), note)
  assert.equal((await page.locator('[data-test="fig-weights-source"]').innerText()).trim(), note, 'the weighted score card names its weights')
  const want = Object.fromEntries(fig.servqual.dimensions.map((d) => [d.code, Math.round(d.weight * 1000) / 10]))
  assert.deepEqual(await shownWeights(), want, 'the bars are not the weights the score used')
  const sum = Object.values(want).reduce((a, b) => a + b, 0)
  assert.ok(Math.abs(sum - 100) < 0.5, `the weights add up to ${sum}`)
  // a bar's length follows its weight: the largest weight fills its track
  const widths = await page.locator('[data-test="fig-weights"] .wf').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width / e.parentElement.getBoundingClientRect().width))
  assert.equal(widths.length, 5)
  assert.ok(Math.abs(Math.max(...widths) - 1) < 0.02, `widths ${widths}`)
  assert.ok(Math.min(...widths) < Math.max(...widths), 'every bar is as long as the others')
  await page.locator('[data-test="fig-weights"]').evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await shot('servqual-respondent-weights')
})

test('configured weights: named as such, with the five bars; no weights: no weighted score', async () => {
  for (const [name, note] of [[CONFIGURED, '权重：配置'], [NO_POINTS_YET, '权重：配置(尚无受访者完成100分分配)']]) {
    const s = surveys.find((x) => x.name === name)
    const fig = await get(`/api/v1/surveys/${s.id}/figures`)
    assert.equal(fig.servqual.weights_source, 'configured', name)
    assert.equal(fig.servqual.asks_points, name === NO_POINTS_YET)
    await pickSurvey(name)
    await waitForSource('configured')
    await page.locator('[data-test="fig-weights-source"]', { hasText: note }).waitFor()
    assert.equal((await page.locator('[data-test="fig-weights-source"]').innerText()).trim(), note)
    const want = Object.fromEntries(fig.servqual.dimensions.map((d) => [d.code, Math.round(d.weight * 1000) / 10]))
    assert.deepEqual(await shownWeights(), want, `${name}: the bars`)
    assert.equal(want.reliability, 30, 'the template\'s configured weight of reliability')
    await page.locator('[data-test="fig-weights"]').evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await shot(`configured-weights-${name === CONFIGURED ? 'plain' : 'no-points-yet'}`)
  }
  // the after-service follow-up has no weights: no weighted score and no bars
  const plain = surveys.find((x) => x.template === 'service_3day')
  assert.equal((await get(`/api/v1/surveys/${plain.id}/figures`)).servqual.weights_source, 'none')
  await pickSurvey(plain.name)
  await waitForSource('none')
  assert.equal((await page.locator('[data-test="fig-weights-source"]').innerText()).trim(), '权重：未设置,无加权得分')
  assert.equal(await page.locator('[data-test="fig-weights"] li').count(), 0)
  assert.equal((await page.locator('[data-test="fig-servqual"] .v').innerText()).trim(), '—')
  await shot('no-weights')
})

test('in English and in traditional Chinese', async () => {
  const sq = surveys.find((s) => s.template === 'servqual')
  const fig = await get(`/api/v1/surveys/${sq.id}/figures`)
  await page.locator('[data-test="language-switch"]').click()
  await page.locator('.el-dropdown-menu__item[data-locale="en"]').click()
  await pickSurvey(sq.name)
  await waitForSource('respondents')
  assert.equal((await page.locator('[data-test="fig-weights-source"]').innerText()).trim(), `Weights: the 100-point allocation of respondents (n = ${fig.servqual.points_n})`)
  await page.locator('[data-test="fig-weights"]').evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await shot('servqual-weights-en')
  await page.locator('[data-test="language-switch"]').click()
  await page.locator('.el-dropdown-menu__item[data-locale="zh-TW"]').click()
  await page.locator('[data-test="fig-weights-source"]', { hasText: '權重：來自' }).waitFor()
  assert.equal((await page.locator('[data-test="fig-weights-source"]').innerText()).trim(), `權重：來自 ${fig.servqual.points_n} 位受訪者的100分分配`)
  await shot('servqual-weights-zh-TW')
})

test('a CR agent sees written answers hidden in the responses tab, and reveals them (audited)', async () => {
  const sales = surveys.find((s) => s.template === 'sales_7day')
  await page.locator('[data-test="language-switch"]').click()
  await page.locator('.el-dropdown-menu__item[data-locale="zh-CN"]').click()
  await page.context().clearCookies()
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', 'xu.ting')
  await page.fill('input[name="password"]', DEMO_PASSWORD)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto(`${server.url}/surveys/${sales.id}`)
  await page.locator('.el-tabs__item', { hasText: '回答' }).first().click()
  const table = page.locator('[data-test="survey-responses"]')
  await page.locator('[data-test="responses-masked"]').waitFor()
  const demoText = '等待时间太长'
  assert.ok(!(await table.innerText()).includes(demoText), 'the agent sees the written answers before revealing')
  assert.match(await table.innerText(), /\*\*\*/)
  await shot('responses-masked-agent')
  const audits = async () => (await get(`/api/v1/audit?entity=survey&entity_id=${sales.id}&limit=200`)).items.filter((e) => e.action === 'view_pii')
  const before = (await audits()).length
  await page.locator('[data-test="responses-reveal"]').click()
  await page.locator('[data-test="responses-masked"]').waitFor({ state: 'detached' })
  await table.getByText(demoText).first().waitFor()
  const log = await audits()
  assert.equal(log.length, before + 1, 'the reveal is not in the audit log')
  assert.equal(log[0].username, 'xu.ting')
  assert.equal(log[0].after.view, 'responses')
  await shot('responses-revealed-agent')
})
