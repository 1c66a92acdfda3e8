// The respondent page (web/survey/) end to end on a phone-sized viewport: a personal link is
// opened, the "what went wrong?" question shows only for a detractor, missing answers are
// flagged, partial answers survive a reload, the submission shows the tenant's commitment, the
// same link cannot answer twice, an expired link gets a friendly page; zh-CN and en screenshots
// go to $E2E_ARTIFACTS. Then the "share 100 points" question on the phone (live counter, refused
// until the points add up to 100), a revoked link and the opt-out page of an invitation email;
// on the admin side the printable QR card (and the QR images it uses) and revoking an invitation
// from the distribution tab.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, REPO, artifactsDir, launchBrowser } from './harness.mjs'

let server
let browser
let page
let shots
let dbPath
let api
const links = {}
let pointsSurvey
let tenantName

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

// Like harness.startServer, but keeps the store's path: the test ages one invitation in place.
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-e2e-survey-'))
  dbPath = join(dir, 'manyi.db')
  const port = await freePort()
  const child = spawn(process.env.MANYI_BIN, ['serve'], {
    env: { ...process.env, MANYI_LISTEN: `127.0.0.1:${port}`, MANYI_DB: `sqlite:${dbPath}`, MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD, MANYI_WEB_ROOT: process.env.MANYI_WEB_ROOT ?? join(REPO, 'web/dist'), MANYI_JOBS: '0' },
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
  return { url, dir, stop: async () => { const e = new Promise((r) => child.once('exit', r)); child.kill('SIGTERM'); await e; rmSync(dir, { recursive: true, force: true }) } }
}

async function call(method, path, body) {
  const res = await fetch(api.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', Cookie: api.cookie, 'X-CSRF-Token': api.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text }
}

let shotNo = 0
async function shot(name) {
  shotNo += 1
  await page.waitForTimeout(250)
  await page.screenshot({ path: join(shots, `${String(shotNo).padStart(2, '0')}-${name}.png`) })
}

before(async () => {
  server = await start()
  const login = await fetch(server.url + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
  assert.equal(login.status, 200)
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const me = await login.json()
  api = { url: server.url, cookie, csrf: me.csrf_token }
  tenantName = me.tenant?.name ?? ''
  const s = await call('POST', '/api/v1/surveys', { template: 'sales_7day' })
  assert.equal(s.status, 201, s.text)
  const def = s.json.definition
  def.commitment_days = 2
  def.incentive = { text: { 'zh-CN': '下次保养赠送免费洗车一次', 'zh-TW': '下次保養贈送免費洗車一次', en: 'A free car wash at your next service' } }
  assert.equal((await call('PATCH', `/api/v1/surveys/${s.json.id}`, { definition: def })).status, 200)
  assert.equal((await call('POST', `/api/v1/surveys/${s.json.id}/publish`)).status, 200)
  for (const [name, lang] of [['zh', 'zh-CN'], ['en', 'en'], ['old', 'zh-CN']]) {
    const inv = await call('POST', `/api/v1/surveys/${s.json.id}/invitations`, { channel: 'link', lang })
    assert.equal(inv.status, 201, inv.text)
    links[name] = inv.json
  }
  // a short importance survey: share 100 points, then an optional NPS
  const tx = (cn, en) => ({ 'zh-CN': cn, 'zh-TW': cn, en })
  const ps = await call('POST', '/api/v1/surveys', { name: '服务重要度', definition: {
    title: tx('哪些方面对您最重要?', 'What matters most to you?'), languages: ['zh-CN', 'zh-TW', 'en'],
    questions: [
      { id: 1, type: 'points', required: true, text: tx('请把100分分配给以下五个方面,越重要分越多', 'Share 100 points among these five: the more important, the more points') },
      { id: 2, type: 'nps', text: tx('您有多大可能向亲友推荐我们?', 'How likely are you to recommend us?') },
    ] } })
  assert.equal(ps.status, 201, ps.text)
  assert.equal((await call('POST', `/api/v1/surveys/${ps.json.id}/publish`)).status, 200)
  pointsSurvey = ps.json
  for (const name of ['points', 'revoked', 'optout']) {
    const inv = await call('POST', `/api/v1/surveys/${ps.json.id}/invitations`, { channel: 'link', lang: 'zh-CN' })
    assert.equal(inv.status, 201, inv.text)
    links[name] = inv.json
  }
  // age one invitation past its expiry, as if two weeks had gone by
  execFileSync('sqlite3', [dbPath, `UPDATE survey_invitations SET expires_at = 1000 WHERE id = ${links.old.id}`])
  browser = await launchBrowser()
  page = browser.page
  await page.setViewportSize({ width: 390, height: 844 })
  shots = artifactsDir()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const q = (id) => page.locator(`fieldset[data-qid="${id}"]`)
const pick = (id, value) => q(id).locator(`label.opt:has(input[value="${value}"])`).first().click()

test('a detractor sees the follow-up question, partial answers survive a reload, the commitment shows', async () => {
  await page.goto(`${server.url}${links.zh.url}`)
  await q(1).waitFor()
  assert.equal(await page.title(), '新车销售七日回访')
  await shot('zh-CN-opened')
  assert.equal(await q(2).isVisible(), false, 'the "what went wrong" question shows before any NPS answer')
  await pick(1, 9)
  assert.equal(await q(2).isVisible(), false, 'a promoter (9) sees the detractor question')
  await pick(1, 3)
  await q(2).waitFor({ state: 'visible' })
  assert.match(await q(2).locator('legend').innerText(), /哪里做得不好/)
  // partial answers are kept on the server: reload and find them again
  await pick(3, 4)
  await page.waitForTimeout(1200)
  await page.reload()
  await q(1).waitFor()
  assert.equal(await q(1).locator('input[value="3"]').isChecked(), true, 'the NPS answer was lost on reload')
  assert.equal(await q(3).locator('input[value="4"]').isChecked(), true, 'the rating was lost on reload')
  assert.equal(await q(2).isVisible(), true)
  // submitting with required answers missing marks them and sends nothing
  await page.locator('.actions button').click()
  await q(2).locator('.err').waitFor({ state: 'visible' })
  assert.match(await q(2).locator('.err').innerText(), /请回答此题/)
  await shot('zh-CN-validation')
  await q(2).locator('textarea').fill('交车时间比约定晚了两个小时。')
  await pick(4, 2)
  await pick(5, 4)
  await pick(6, 3)
  await pick(7, 1)
  await shot('zh-CN-filled')
  await page.locator('.actions button').click()
  const c = page.locator('[data-test="commitment"]')
  await c.waitFor()
  assert.match(await c.innerText(), /您的宝贵意见我们将在2个工作日内处理/)
  assert.match(await page.locator('.gift').innerText(), /免费洗车/)
  await shot('zh-CN-thanks')
  const list = await call('GET', `/api/v1/surveys/${links.zh.survey_id}/responses`)
  assert.equal(list.json.items.length, 1)
  const r = list.json.items[0]
  assert.equal(r.channel, 'link')
  assert.equal(r.nps_score, 3)
  assert.equal(r.alert, true, 'a detractor raised no alert')
  assert.ok(r.answers.some((a) => a.question_id === 2 && /两个小时/.test(a.text)))
})

test('the same link cannot answer twice', async () => {
  await page.goto(`${server.url}${links.zh.url}`)
  await page.locator('[data-test="used"]').waitFor()
  assert.equal(await page.locator('fieldset').count(), 0)
  await shot('zh-CN-used')
  const again = await fetch(`${server.url}/api/v1/public/invitations/${links.zh.token}/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers: [{ question_id: 1, value: 10 }] }) })
  assert.equal(again.status, 409)
})

test('an expired link gets a friendly page', async () => {
  await page.goto(`${server.url}${links.old.url}`)
  await page.locator('[data-test="expired"]').waitFor()
  assert.match(await page.locator('h1').innerText(), /链接已过期/)
  await shot('zh-CN-expired')
})

test('the respondent page in English, a promoter does not get the follow-up question', async () => {
  await page.goto(`${server.url}${links.en.url}`)
  await q(1).waitFor()
  assert.equal(await page.title(), '7-day sales follow-up')
  assert.match(await q(1).locator('legend').innerText(), /recommend/)
  await shot('en-opened')
  await pick(1, 10)
  for (const id of [3, 4, 5, 6]) await pick(id, 5)
  await pick(7, 1)
  assert.equal(await q(2).isVisible(), false)
  await shot('en-filled')
  await page.locator('.actions button').click()
  await page.locator('[data-test="commitment"]').waitFor()
  assert.match(await page.locator('[data-test="commitment"]').innerText(), /within 2 working days/)
  await shot('en-thanks')
  const fig = await call('GET', `/api/v1/surveys/${links.en.survey_id}/figures`)
  assert.equal(fig.json.n, 2)
  assert.equal(fig.json.nps.score, 0) // one promoter, one detractor
})

test('share 100 points on a phone: labelled inputs, a live counter, refused until it adds up', async () => {
  await page.goto(`${server.url}${links.points.url}`)
  await q(1).waitFor()
  const inputs = q(1).locator('input[type="number"]')
  assert.equal(await inputs.count(), 5)
  // each input has its dimension's name as its label (accessible name)
  const names = ['信赖度', '专业度', '有形度', '同理度', '反应度']
  for (const [i, n] of names.entries()) assert.equal(await page.getByLabel(n, { exact: true }).getAttribute('data-dim'), ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness'][i])
  const left = q(1).locator('.left')
  assert.equal(await left.innerText(), '还剩 100 分')
  assert.equal(await left.getAttribute('role'), 'status')
  await shot('points-opened')
  for (const [i, v] of [40, 20, 10, 20, 5].entries()) await inputs.nth(i).fill(String(v))
  assert.equal(await left.innerText(), '还剩 5 分')
  await page.locator('.actions button').click()
  await q(1).locator('.err').waitFor({ state: 'visible' })
  assert.match(await q(1).locator('.err').innerText(), /请把 100 分正好分完/)
  await shot('points-short')
  await inputs.nth(4).fill('25')
  assert.equal(await left.innerText(), '超出 15 分')
  assert.ok(await left.evaluate((e) => e.classList.contains('off')), 'an overshoot is not marked')
  const none = await call('GET', `/api/v1/surveys/${pointsSurvey.id}/responses`)
  assert.equal(none.json.items.length, 0, 'a wrong allocation was sent')
  await inputs.nth(4).fill('10')
  assert.equal(await left.innerText(), '100 分已分完')
  await shot('points-filled')
  await page.locator('.actions button').click()
  await page.locator('[data-test="commitment"]').waitFor()
  await shot('points-thanks')
  const got = await call('GET', `/api/v1/surveys/${pointsSurvey.id}/responses`)
  assert.deepEqual(got.json.items[0].answers, [{ question_id: 1, values: [40, 20, 10, 20, 10] }])
  const fig = await call('GET', `/api/v1/surveys/${pointsSurvey.id}/figures`)
  assert.equal(fig.json.servqual.weights_source, 'respondents')
  assert.equal(fig.json.servqual.points_n, 1)
})

test('a revoked link says it is no longer valid; the opt-out page asks for a click', async () => {
  assert.equal((await call('POST', `/api/v1/survey-invitations/${links.revoked.id}/revoke`)).status, 200)
  await page.goto(`${server.url}${links.revoked.url}`)
  await page.locator('[data-test="revoked"]').waitFor()
  assert.match(await page.locator('h1').innerText(), /链接已失效/)
  assert.equal(await page.locator('fieldset').count(), 0)
  await shot('zh-CN-revoked')
  // the opt-out link of an invitation email
  await page.goto(`${server.url}${links.optout.url}?optout=1`)
  const btn = page.locator('[data-test="opt-out"]')
  await btn.waitFor()
  await shot('zh-CN-optout-ask')
  await btn.click()
  await page.locator('[data-test="opted-out"]').waitFor()
  assert.match(await page.locator('[data-test="opted-out"]').innerText(), /不再发送/)
  await shot('zh-CN-optout-done')
  const list = await call('GET', `/api/v1/surveys/${pointsSurvey.id}/invitations`)
  assert.equal(list.json.items.find((x) => x.id === links.optout.id).status, 'opted_out')
})

test('admin side: editor with preview, an agent fills the survey in a call, the figures page', async () => {
  await page.setViewportSize({ width: 1366, height: 900 })
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', 'admin')
  await page.fill('input[name="password"]', ADMIN_PASSWORD)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  const id = links.zh.survey_id
  await page.goto(`${server.url}/surveys/${id}`)
  await page.locator('[data-test="survey-preview"]').waitFor()
  assert.match(await page.locator('[data-test="survey-preview"]').innerText(), /您有多大可能向亲友推荐/)
  assert.ok(await page.locator('[data-test^="qe-"]').count() >= 8, 'the editor lists the questions')
  await shot('admin-design')
  // the follow-up call screen opens this page with the call's links
  await page.goto(`${server.url}/surveys/${id}/fill?followup_task_id=77`)
  const form = page.locator('[data-test="survey-fill"]')
  await form.locator('.q[data-qid="1"]').waitFor({ timeout: 60_000 })
  await form.locator('.q[data-qid="1"] .el-radio-button', { hasText: /^5$/ }).click()
  await form.locator('.q[data-qid="2"] textarea').waitFor()
  await form.locator('[data-test="fill-submit"]').click()
  await form.locator('.q.bad').first().waitFor()
  await form.locator('.q[data-qid="2"] textarea').fill('等太久')
  for (const q of [3, 4, 5, 6]) await form.locator(`.q[data-qid="${q}"] .el-radio-button`, { hasText: /^3$/ }).click()
  await form.locator('.q[data-qid="7"] .el-radio', { hasText: '是' }).click()
  await shot('admin-fill')
  await form.locator('[data-test="fill-submit"]').click()
  await page.locator('.el-result').waitFor()
  assert.match(await page.locator('.el-result').innerText(), /低分预警/)
  const list = await call('GET', `/api/v1/surveys/${id}/responses`)
  const callResp = list.json.items.find((r) => r.channel === 'call')
  assert.ok(callResp, 'no call response stored')
  assert.equal(callResp.followup_task_id, 77)
  await page.goto(`${server.url}/measurement`)
  await page.locator('[data-test="fig-nps"]').waitFor()
  await page.waitForTimeout(600)
  assert.match(await page.locator('[data-test="fig-n"]').innerText(), /3/)
  await shot('admin-figures')
})

test('the printable QR card, and the QR images it is made of', async () => {
  const id = links.zh.survey_id
  const l = await call('POST', `/api/v1/surveys/${id}/links`, { kind: 'qr', touchpoint: 'showroom', label: '展厅前台' })
  assert.equal(l.status, 201, l.text)
  // the PNG: signature, a square IHDR, and a browser can decode it
  const png = Buffer.from(await (await fetch(`${server.url}/api/v1/survey-links/${l.json.id}/qr?format=png&base=${encodeURIComponent(server.url)}`, { headers: { Cookie: api.cookie } })).arrayBuffer())
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR')
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)]
  assert.ok(w === h && w >= 100, `PNG is ${w}×${h}`)
  const svg = await (await fetch(`${server.url}/api/v1/survey-links/${l.json.id}/qr?format=svg&base=${encodeURIComponent(server.url)}`, { headers: { Cookie: api.cookie } })).text()
  const parsed = await page.evaluate(([text, bytes]) => new Promise((resolve) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
    const svgOk = !doc.querySelector('parsererror') && doc.documentElement.localName === 'svg'
    const img = new Image()
    img.onload = () => resolve({ svgOk, vb: doc.documentElement.getAttribute('viewBox'), w: img.naturalWidth, h: img.naturalHeight })
    img.onerror = () => resolve({ svgOk, w: 0, h: 0 })
    img.src = `data:image/png;base64,${bytes}`
  }), [svg, png.toString('base64')])
  assert.ok(parsed.svgOk, 'the SVG does not parse')
  assert.match(parsed.vb ?? '', /^0 0 \d+ \d+$/)
  assert.deepEqual([parsed.w, parsed.h], [w, h], 'the browser could not decode the PNG')

  await page.setViewportSize({ width: 1000, height: 900 })
  await page.goto(`${server.url}/surveys/${id}/links/${l.json.id}/card`)
  const card = page.locator('[data-test="qr-card"]')
  await card.waitFor()
  await card.locator('img').evaluate((img) => img.complete || new Promise((r) => { img.onload = r; img.onerror = r }))
  const size = await card.locator('img').evaluate((img) => [img.naturalWidth, img.getBoundingClientRect().width])
  assert.ok(size[0] > 0 && size[1] > 150, `the QR image on the card did not load: ${size}`)
  assert.match(await card.innerText(), /新车销售七日回访/)
  assert.match(await card.innerText(), /扫码评价/)
  assert.match(await card.innerText(), /展厅前台/)
  if (tenantName) assert.match(await card.innerText(), new RegExp(tenantName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  await shot('admin-qr-card')
  // the code on the card points at the link's respondent page
  const src = await card.locator('img').getAttribute('src')
  assert.match(src, new RegExp(`/api/v1/survey-links/${l.json.id}/qr\\?format=svg`))
})

test('admin side: revoking an invitation from the distribution tab', async () => {
  const id = links.zh.survey_id
  const inv = await call('POST', `/api/v1/surveys/${id}/invitations`, { channel: 'link' })
  assert.equal(inv.status, 201)
  await page.goto(`${server.url}/surveys/${id}`)
  await page.locator('.el-tabs__item', { hasText: '分发与回收' }).click()
  const btn = page.locator(`[data-test="inv-revoke-${inv.json.id}"]`)
  await btn.waitFor()
  assert.equal(await page.locator(`[data-test="inv-revoke-${links.zh.id}"]`).count(), 0, 'an answered invitation offers revoking')
  await btn.click()
  await page.locator('.el-message-box').waitFor()
  await shot('admin-revoke-confirm')
  await page.locator('.el-message-box .el-button--primary').click()
  await btn.waitFor({ state: 'detached' })
  const row = page.locator('.el-table__row').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${inv.json.id}$`) }) })
  assert.equal(await row.count(), 1)
  assert.match(await row.innerText(), /已作废/)
  await shot('admin-revoked')
  const pub = await fetch(`${server.url}/api/v1/public/invitations/${inv.json.token}`)
  assert.equal(pub.status, 410)
  assert.equal((await pub.json()).error.code, 'revoked')
})
