// A large DMS export in the browser (回访管理 → 导入): a file over the page's threshold goes to the
// server in parts with an upload progress bar (the upload throttled so that the bar is seen; one
// part dropped on the way, which the page retries by itself from what the server received, and
// one refused, after which the user resumes the upload with a button); the
// preview and the import name the upload; the import runs in the background with its own
// progress bar (rows processed), then the usual result with the per-row errors and the report.
// Screenshots of every step go to $E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ADMIN_PASSWORD, apiCaller, artifactsDir, launchBrowser, screenshotter, startServer } from './harness.mjs'

const N = 300000 // ≈ 21 MB: six parts of 4 MiB
const BAD_EVERY = 1000 // every 1000th row has an invalid mobile number
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10)
const DATE = shDate(Date.now() - 5 * 86400e3)

let server
let browser
let page
let screenshot
let api
let shots
let dataRoot



before(async () => {
  shots = artifactsDir()
  dataRoot = mkdtempSync(join(tmpdir(), 'manyi-e2e-upload-'))
  process.env.MANYI_JOBS = '0'
  server = await startServer()
  api = apiCaller(server.url)
  browser = await launchBrowser()
  page = browser.page
  screenshot = screenshotter(page, shots)
  page.setDefaultTimeout(20_000)
  page.setDefaultNavigationTimeout(30_000)
  page.on('pageerror', (err) => console.error('page error:', err.message))
  const admin = await api('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD })
  await api('POST', '/api/v1/stores', { code: 'HZ-4S', name: '杭州滨江丰田4S店', city: '杭州' }, admin)
})

after(async () => {
  if (server) writeFileSync(join(shots, 'server.log'), server.log())
  await browser?.close()
  await server?.stop()
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true })
})

test('a 21 MB export: sent in parts with a progress bar, a dropped part resumed, imported in the background with progress', async () => {
  const lines = ['客户编号,客户姓名,手机,门店编码,业务单号,业务类型,业务日期,车型']
  for (let i = 0; i < N; i++) {
    const phone = i % BAD_EVERY === BAD_EVERY - 1 ? '12345' : `139${String(i).padStart(8, '0')}`
    lines.push(`D${i},客户${i},${phone},HZ-4S,RO-${i},保养,${DATE},卡罗拉`)
  }
  const path = join(dataRoot, 'dms-全量导出.csv')
  writeFileSync(path, `${lines.join('\r\n')}\r\n`)
  const size = readFileSync(path).length
  assert.ok(size > 20 << 20, `only ${size} bytes`)

  await page.goto(`${server.url}/login`)
  await page.fill('input[name="username"]', 'admin')
  await page.fill('input[name="password"]', ADMIN_PASSWORD)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="welcome"]').waitFor()
  await page.locator('.el-menu [data-nav="followUps"]').click()
  await page.locator('[data-test="followup-tabs"] .el-tabs__item', { hasText: '导入' }).click()

  // the parts: watch them; the first attempt at the second part is cut (a lost connection), the
  // first at the third is refused (an error the page does not retry by itself)
  const PART = 4 << 20
  const parts = []
  let dropped = false
  let refused = false
  await page.route('**/api/v1/import-uploads/*?offset=*', async (route) => {
    const offset = Number(new URL(route.request().url()).searchParams.get('offset'))
    parts.push(offset)
    if (offset === PART && !dropped) {
      dropped = true
      await route.abort('connectionreset')
      return
    }
    if (offset === 2 * PART && !refused) {
      refused = true
      await route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid', message: 'simulated refusal', field: 'body' } }) })
      return
    }
    await route.continue()
  })
  // a slow uplink (8 MB/s), so that the upload bar is on screen for a few seconds
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 5, downloadThroughput: -1, uploadThroughput: 8 * 1024 * 1024 })

  await page.locator('[data-test="import-file"]').setInputFiles(path)
  await page.locator('[data-test="import-parts-hint"]', { hasText: '分段上传' }).waitFor()
  await page.locator('[data-test="import-preview"]').click()
  const bar = page.locator('[data-test="upload-progress"]')
  await bar.waitFor()
  await page.locator('[data-test="upload-bytes"]', { hasText: /已上传 (?!0 KB)[\d.]+ MB/ }).waitFor()
  await screenshot('upload-progress', { settle: false })
  // the refused part stops the upload: what arrived is kept, the page offers to go on
  const failed = page.locator('[data-test="upload-failed"]')
  await failed.waitFor({ timeout: 60_000 })
  await failed.locator('text=已上传 8.0 MB').waitFor()
  await screenshot('upload-failed', { settle: false })
  await failed.locator('[data-test="upload-resume"]').click()
  await page.locator('.el-message', { hasText: '文件已上传完成' }).waitFor({ timeout: 60_000 })
  assert.equal(await failed.count(), 0)
  await page.locator('[data-test="import-preview"]').click()
  // the preview reads the whole upload: the counts of the file, nothing imported yet
  await page.locator('[data-test="import-counts"]', { hasText: `共 ${N} 行：成功 ${N - N / BAD_EVERY} 行，失败 ${N / BAD_EVERY} 行` }).waitFor({ timeout: 120_000 })
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  assert.equal(await bar.count(), 0)
  assert.ok(dropped && refused, 'no part was dropped or refused')
  const sorted = [...parts].sort((a, b) => a - b)
  const dupes = sorted.filter((o, i) => i > 0 && o === sorted[i - 1])
  assert.deepEqual(dupes, [PART, 2 * PART], `the failed parts were not sent again exactly once each: ${parts}`)
  assert.equal(new Set(parts).size, Math.ceil(size / PART), `parts sent: ${parts}`)
  await screenshot('upload-preview')

  // the import: 202 at once, then its progress bar until it is done
  const before = parts.length
  await page.locator('[data-test="import-run"]').click()
  const prog = page.locator('[data-test="import-progress"]')
  await prog.waitFor()
  assert.equal(parts.length, before, 'the file was sent again for the import')
  await prog.locator('[data-test="import-progress-rows"]', { hasText: '已处理' }).waitFor()
  // rows processed, once a batch is committed (20,000 rows each); the import may be quicker
  await prog.locator('[data-test="import-progress-rows"]', { hasText: /已处理 [1-9]/ }).waitFor({ timeout: 15_000 }).catch(() => {})
  await screenshot('import-progress', { settle: false })
  await page.locator('[data-test="import-counts"]', { hasText: `新增客户 ${N - N / BAD_EVERY} 个，新增业务 ${N - N / BAD_EVERY} 条` }).waitFor({ timeout: 180_000 })
  assert.equal(await prog.count(), 0)
  // the result lists the first 200 errors and offers the whole report
  const errors = page.locator('[data-test="import-errors"] .el-table__row')
  assert.equal(await errors.count(), 200)
  await page.locator('[data-test="import-errors"]', { hasText: '手机号无效' }).first().waitFor()
  await page.locator('[data-test="import-result"]', { hasText: '仅显示前 200 条' }).waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="error-report"]').click()])
  const report = readFileSync(await download.path(), 'utf8')
  assert.equal(report.trim().split(/\r\n/).length, 1 + N / BAD_EVERY)
  assert.match(report, /\r\n1001,"手机",/)
  await page.locator('[data-test="import-result"]').scrollIntoViewIfNeeded()
  await screenshot('import-result')
  // the history says it is done
  const row = page.locator('.el-table__row', { hasText: 'dms-全量导出.csv' }).first()
  await row.scrollIntoViewIfNeeded()
  await row.locator('text=已完成').waitFor()
  await screenshot('import-history')
})
