// Helpers for the browser tests: start `manyi serve` on a free port with a throwaway SQLite
// database, and launch Debian's Chromium through playwright-core (resolved from web/node_modules).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const CHROMIUM = '/usr/bin/chromium'
export const ADMIN_PASSWORD = 'Manyi-e2e-Passw0rd'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolvePort(port))
    })
  })
}

/** Starts the server; resolves { url, stop, log } once it prints "listening on http://…". */
export async function startServer() {
  const bin = process.env.MANYI_BIN
  if (!bin || !existsSync(bin)) {
    throw new Error(`MANYI_BIN must name the built manyi binary (got ${bin ?? 'nothing'})`)
  }
  const webRoot = process.env.MANYI_WEB_ROOT ?? join(REPO, 'web/dist')
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`no built web app at ${webRoot}; run scripts/web-build.sh`)
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'manyi-e2e-'))
  const port = await freePort()
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      MANYI_LISTEN: `127.0.0.1:${port}`,
      MANYI_DB: `sqlite:${join(dataDir, 'manyi.db')}`,
      MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD,
      MANYI_WEB_ROOT: webRoot,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout.on('data', (chunk) => (log += chunk))

  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after 30 s:\n${log}`)), 30_000)
    child.stderr.on('data', (chunk) => {
      log += chunk
      const match = /listening on (http:\/\/[^\s]+)/.exec(log)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1].replace(/\/$/, ''))
      }
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (${code ?? signal}):\n${log}`))
    })
  })

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  return { url, stop, log: () => log }
}

/** A fresh Chromium profile; resolves { context, page, close }. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`)
  const require = createRequire(join(REPO, 'web/package.json'))
  const { chromium } = require('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'manyi-e2e-chromium-'))
  // launchPersistentContext is playwright's way to pass a fresh --user-data-dir
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = context.pages()[0] ?? (await context.newPage())
  async function close() {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  return { context, page, close }
}

export function artifactsDir() {
  const dir = process.env.E2E_ARTIFACTS ?? join(REPO, 'build/e2e-artifacts')
  mkdirSync(dir, { recursive: true })
  return dir
}

/**
 * screenshot(name) for page: numbered files NN-name.png in dir, in the order they are taken.
 * By default it first lets the page settle (network idle, loading masks gone, toasts gone);
 * { settle: false } shoots at once (a progress bar mid-way).
 */
export function screenshotter(page, dir) {
  let n = 0
  return async function screenshot(name, { settle = true } = {}) {
    n += 1
    const file = join(dir, `${String(n).padStart(2, '0')}-${name}.png`)
    if (settle) {
      await page.waitForLoadState('networkidle').catch(() => {})
      await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {})
      await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {})
      await page.waitForTimeout(300)
    }
    await page.screenshot({ path: file, fullPage: false })
    return file
  }
}

/**
 * api(method, path, body, session) against the server at baseUrl, for a test's set-up: JSON in
 * and out, a session's cookie and CSRF token when given; a status of 300 or more throws. A login
 * returns the session ({ cookie, csrf }) to pass to later calls.
 */
export function apiCaller(baseUrl) {
  return async function api(method, path, body, session) {
    const headers = { 'Content-Type': 'application/json' }
    if (session) {
      headers.Cookie = session.cookie
      headers['X-CSRF-Token'] = session.csrf
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined })
    const text = await res.text()
    const json = text ? JSON.parse(text) : undefined
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`)
    if (path.endsWith('/auth/login')) return { cookie: res.headers.get('set-cookie').split(';')[0], csrf: json.csrf_token }
    return json
  }
}
