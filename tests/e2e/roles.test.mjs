// Role-aware UI: a CR agent (客服专员) and an auditor (审核员) sign in and see only what their
// role allows — no user, token or audit pages for the agent, masked phone numbers, no write
// buttons for the auditor. The organisation is set up through the API as the admin.
// Screenshots go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, artifactsDir, launchBrowser, startServer } from './harness.mjs'

const AGENT = { username: 'xu.ting', password: 'Agent-passw0rd-1' }
const AUDITOR = { username: 'liang.chen', password: 'Auditor-passw0rd-1' }

let server
let browser
let page
let shots

/** Calls the API as the admin (cookie + CSRF), returning the parsed body. */
async function adminApi() {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  assert.equal(login.status, 200)
  const cookie = login.headers.get('set-cookie').split(';')[0]
  const { csrf_token: csrf } = await login.json()
  return async (path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    })
    const json = await res.json()
    assert.equal(res.status, 201, `${path}: ${JSON.stringify(json)}`)
    return json
  }
}

async function signIn({ username, password }) {
  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', username)
  await page.fill('input[name="password"]', password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="welcome"]').waitFor()
}

async function signOut() {
  await page.locator('[data-test="user-menu"]').click()
  await page.locator('[data-test="logout"]').click()
  await page.waitForURL(/\/login/)
}

async function screenshot(name) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {})
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(shots, `${name}.png`) })
}

async function openEmployees() {
  const item = page.locator('.el-menu [data-nav="employees"]')
  if (!(await item.isVisible())) {
    await page.locator('.el-menu [data-nav-group="organization"] > .el-sub-menu__title').click()
  }
  await item.click()
  await page.getByRole('heading', { name: '员工' }).waitFor()
}

before(async () => {
  shots = artifactsDir()
  server = await startServer()
  const post = await adminApi()
  const store = await post('/api/v1/stores', { code: 'HZ-01', name: '杭州滨江4S店', city: '杭州' })
  const cr = await post('/api/v1/departments', { store_id: store.id, name: '客服部', kind: 'cr' })
  await post('/api/v1/employees', {
    store_id: store.id, department_id: cr.id, name: '徐婷', position: '客服专员',
    phone: '13812345678', email: 'xuting@example.com',
  })
  await post('/api/v1/users', { ...AGENT, role: 'cr_agent', store_id: store.id, display_name: '徐婷' })
  await post('/api/v1/users', { ...AUDITOR, role: 'auditor', display_name: '梁晨' })
  browser = await launchBrowser()
  page = browser.page
  page.setDefaultTimeout(15_000)
})

after(async () => {
  if (server) writeFileSync(join(shots, 'server.log'), server.log())
  await browser?.close()
  await server?.stop()
})

test('a CR agent sees no user, token or audit pages and masked phone numbers', async () => {
  await signIn(AGENT)
  for (const key of ['users', 'audit', 'tokens']) {
    assert.equal(await page.locator(`.el-menu [data-nav="${key}"]`).count(), 0, `agent sees nav ${key}`)
  }
  await openEmployees()
  const row = page.locator('[data-test="table"] .el-table__row', { hasText: '徐婷' })
  await row.waitFor()
  assert.match(await row.innerText(), /138\*\*\*\*5678/)
  assert.doesNotMatch(await row.innerText(), /13812345678/)
  assert.equal(await page.locator('[data-test="create"]').count(), 0, 'agent may not create employees')
  await screenshot('agent-employees')
  // a page the role may not open sends the agent back to the dashboard
  await page.goto(`${server.url}/users`)
  await page.locator('[data-test="welcome"]').waitFor()
  await signOut()
})

test('an auditor reads everything, including the audit log, but has no write buttons', async () => {
  await signIn(AUDITOR)
  await openEmployees()
  await page.locator('[data-test="table"] .el-table__row', { hasText: '徐婷' }).waitFor()
  assert.equal(await page.locator('[data-test="create"]').count(), 0, 'auditor may not create')
  const settings = page.locator('.el-menu [data-nav-group="settings"] > .el-sub-menu__title')
  const audit = page.locator('.el-menu [data-nav="audit"]')
  if (!(await audit.isVisible())) await settings.click()
  await audit.click()
  await page.getByRole('heading', { name: '审计日志' }).waitFor()
  await page.locator('.el-table__row', { hasText: 'admin' }).first().waitFor()
  await screenshot('auditor-audit-log')
  await signOut()
})
