// SPDX-License-Identifier: MIT
// Large imports: a file uploaded in parts (POST /import-uploads, PUT …?offset=N, GET to resume)
// and imported in the background (POST /imports?upload_id= → 202, then GET /imports/{id} until
// done), with progress while it runs; the limits (part size, declared size, one background
// import per tenant); who may see, append to and import an upload; and imports that a killed
// or stopped server left running (interrupted, then imported again from the same upload).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { useServer, buildOrg, testCleanExit, ADMIN_PASSWORD } from './lib/harness.mjs';
import { Client, assertError, describe, uid } from './lib/client.mjs';
import { Server } from './lib/server.mjs';

process.env.MANYI_JOBS = '0';
const CAP_MB = 24;
process.env.MANYI_IMPORT_MAX_MB = String(CAP_MB);
// one request body (the raw mode) holds at most this; larger files go in parts
const BODY_MAX_MB = 2;
process.env.MANYI_IMPORT_BODY_MAX_MB = String(BODY_MAX_MB);
// the server's upload directory, to see the files it keeps (and removes)
const base = process.env.MANYI_TEST_TMP || os.tmpdir();
mkdirSync(base, { recursive: true });
const UPLOAD_DIR = mkdtempSync(path.join(base, 'manyi-uploads-'));
process.env.MANYI_TMPDIR = UPLOAD_DIR;
after(() => { if (!process.exitCode) rmSync(UPLOAD_DIR, { recursive: true, force: true }); });

const ctx = useServer({ setup: async (c) => { c.o = await buildOrg(c); } });

const PART_MAX = 8 << 20;
const FIXTURE = fileURLToPath(new URL('../fixtures/dms_import_libreoffice.xlsx', import.meta.url));
const HEADER = '客户编号,客户姓名,手机,门店编码,业务单号,业务类型,业务日期';
const DAY = 86400e3;
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const DATE = shDate(Date.now() - 3 * DAY);

/** A CSV of n rows for store `code`; every `badEvery`-th row has an invalid phone. */
function makeCsv(prefix, n, code, badEvery = 0) {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const bad = badEvery > 0 && i % badEvery === badEvery - 1;
    lines.push(`${prefix}-${i},客户${i},${bad ? '12345' : `139${String(i).padStart(8, '0')}`},${code},${prefix}-E${i},保养,${DATE}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const uploadFiles = () => readdirSync(UPLOAD_DIR).filter((f) => /^manyi-upload-[0-9a-f]{32}\.part$/.test(f));
const put = (client, id, offset, body) => client.req('PUT', `/api/v1/import-uploads/${id}?offset=${offset}`, { body, contentType: 'application/octet-stream' });

/** Creates an upload and sends buf in parts of `part` bytes; returns the final state. */
async function upload(client, buf, { filename = 'dms.csv', part = PART_MAX } = {}) {
  const c = await client.post('/api/v1/import-uploads', { filename, size: buf.length });
  assert.equal(c.status, 201, describe(c));
  let state = c.json;
  for (let off = 0; off < buf.length; off += part) {
    const r = await put(client, state.id, off, buf.subarray(off, Math.min(buf.length, off + part)));
    assert.equal(r.status, 200, describe(r));
    state = r.json;
  }
  assert.equal(state.received, buf.length);
  assert.equal(state.complete, true);
  return state;
}

/** Polls GET /imports/{id} until it is no longer running; onPoll sees every answer. */
async function waitImport(client, id, { onPoll = () => {}, intervalMs = 50, timeoutMs = 240000 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const r = await client.get(`/api/v1/imports/${id}`);
    assert.equal(r.status, 200, describe(r));
    onPoll(r.json);
    if (r.json.status !== 'running') return r.json;
    assert.ok(Date.now() - t0 < timeoutMs, `import ${id} still running after ${timeoutMs} ms: ${r.text}`);
    await new Promise((res) => setTimeout(res, intervalMs));
  }
}

test('a raw body over MANYI_IMPORT_BODY_MAX_MB → 413 naming body and the parts endpoint; the same file in parts imports', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('RB');
  const file = makeCsv(p, 40000, ctx.o.S1.code); // about 3 MiB
  assert.ok(file.length > (BODY_MAX_MB << 20) && file.length < PART_MAX, `size ${file.length}`);
  const newest = async () => (await admin.get('/api/v1/imports?limit=1')).json.items[0]?.id ?? 0;
  const before = await newest();
  const raw = await admin.req('POST', '/api/v1/imports?format=csv', { body: file, contentType: 'text/csv' });
  assertError(raw, 413, 'too_large', 'body');
  assert.match(raw.text, /import-uploads/);
  assert.equal(await newest(), before, 'the refused body started no import');
  // under the cap the raw mode still answers in the request
  const small = await admin.req('POST', '/api/v1/imports?format=csv', { body: makeCsv(`${p}s`, 100, ctx.o.S1.code), contentType: 'text/csv' });
  assert.equal(small.status, 201, describe(small));
  assert.equal(small.json.rows_ok, 100);
  const up = await upload(admin, file);
  const start = await admin.post(`/api/v1/imports?upload_id=${up.id}`);
  assert.equal(start.status, 202, describe(start));
  const done = await waitImport(admin, start.json.id);
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.rows_ok, 40000);
});

test('an upload in parts: a wrong offset answers 409 with received, the upload resumes, imports in the background', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('UP');
  const file = makeCsv(p, 3000, ctx.o.S1.code, 100); // rows 100, 200, … have a bad phone
  const c = await admin.post('/api/v1/import-uploads', { filename: 'dms-导出.csv', size: file.length });
  assert.equal(c.status, 201, describe(c));
  assert.equal(c.json.size, file.length);
  assert.equal(c.json.received, 0);
  assert.equal(c.json.part_max_bytes, PART_MAX);
  assert.equal(c.json.complete, false);
  const id = c.json.id;
  // the bytes go to one file the server named, readable by the server's user only
  const files = uploadFiles();
  assert.equal(files.length, 1, `upload files: ${readdirSync(UPLOAD_DIR)}`);
  assert.equal(statSync(path.join(UPLOAD_DIR, files[0])).mode & 0o777, 0o600);

  const cut = 70000;
  let r = await put(admin, id, 0, file.subarray(0, cut));
  assert.equal(r.status, 200, describe(r));
  assert.equal(r.json.received, cut);
  // a part at an offset already received (a retry after a lost answer, here with other bytes):
  // 409 with where to go on, and the file untouched (the import below reads the original)
  r = await put(admin, id, 0, Buffer.alloc(cut, 0x58));
  assertError(r, 409, 'conflict', 'offset');
  assert.equal(r.json.received, cut);
  assert.equal(r.json.error.received, cut);
  // a gap: 409 too
  r = await put(admin, id, cut + 10, Buffer.alloc(10, 0x58));
  assertError(r, 409, 'conflict', 'offset');
  assert.equal(r.json.received, cut);
  // importing before it is complete names the field
  assertError(await admin.post(`/api/v1/imports?upload_id=${id}`), 409, 'conflict', 'upload_id');
  assertError(await admin.post(`/api/v1/imports?upload_id=${id}&dry_run=1`), 409, 'conflict', 'upload_id');
  // a part running past the declared size is refused and changes nothing
  r = await put(admin, id, cut, Buffer.concat([file.subarray(cut), Buffer.from('x')]));
  assertError(r, 413, 'too_large', 'body');
  assert.equal(r.json.received, cut);
  // resume from GET's received, in parts
  const g = await admin.get(`/api/v1/import-uploads/${id}`);
  assert.equal(g.status, 200, describe(g));
  assert.equal(g.json.received, cut);
  for (let off = g.json.received; off < file.length; off += 50000) {
    r = await put(admin, id, off, file.subarray(off, Math.min(file.length, off + 50000)));
    assert.equal(r.status, 200, describe(r));
  }
  assert.equal(r.json.received, file.length);
  assert.equal(r.json.complete, true);
  // once complete, nothing more may be appended
  assertError(await put(admin, id, file.length, Buffer.from('x')), 413, 'too_large', 'body');

  // inspect and a dry run read the upload in the request and leave it as it is
  const ins = await admin.post(`/api/v1/imports?upload_id=${id}&inspect=1`);
  assert.equal(ins.status, 200, describe(ins));
  assert.deepEqual(ins.json.headers, HEADER.split(','));
  const dry = await admin.post(`/api/v1/imports?upload_id=${id}&dry_run=1`);
  assert.equal(dry.status, 200, describe(dry));
  assert.equal(dry.json.rows_total, 3000);
  assert.equal(dry.json.rows_failed, 30);
  assert.equal(dry.json.filename, 'dms-导出.csv');

  const start = await admin.post(`/api/v1/imports?upload_id=${id}&format=csv`);
  assert.equal(start.status, 202, describe(start));
  assert.equal(start.json.status, 'running');
  assert.equal(start.json.upload_id, id);
  assert.equal(start.json.bytes_total, file.length);
  assert.equal(start.json.filename, 'dms-导出.csv');
  const done = await waitImport(admin, start.json.id);
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.error, null);
  assert.equal(done.rows_total, 3000);
  assert.equal(done.rows_ok, 2970);
  assert.equal(done.rows_failed, 30);
  assert.equal(done.customers_new, 2970);
  assert.equal(done.events_new, 2970);
  assert.equal(done.bytes_done, file.length);
  assert.ok(done.finished_at);
  // the per-row error report
  const rep = await admin.get(`/api/v1/imports/${done.id}/errors`);
  assert.equal(rep.status, 200, describe(rep));
  const lines = rep.text.trim().split('\r\n');
  assert.equal(lines.length, 31, rep.text.slice(0, 300));
  assert.match(rep.text, /\r\n101,"手机",/); // the 100th data row is line 101
  // the first rows as JSON, for the page's table
  const ej = await admin.get(`/api/v1/imports/${done.id}/errors?format=json&limit=5`);
  assert.equal(ej.status, 200, describe(ej));
  assert.equal(ej.json.rows_failed, 30);
  assert.deepEqual(ej.json.items.map((e) => `${e.row}:${e.column}`), ['101:手机', '201:手机', '301:手机', '401:手机', '501:手机']);
  assert.equal((await admin.get(`/api/v1/imports/${done.id}/errors?format=json`)).json.items.length, 30);
  assertError(await admin.get(`/api/v1/imports/${done.id}/errors?format=xml`), 400, 'invalid', 'format');
  assertError(await admin.get(`/api/v1/imports/${done.id}/errors?format=json&limit=0`), 400, 'invalid', 'limit');
  assertError(await ctx.o.clients.store_manager.get(`/api/v1/imports/${done.id}/errors?format=json`), 404, 'not_found');
  // the file is gone; the upload says which import read it, and cannot be imported twice
  assert.deepEqual(uploadFiles(), []);
  const after = await admin.get(`/api/v1/import-uploads/${id}`);
  assert.equal(after.json.import_id, done.id);
  assertError(await admin.post(`/api/v1/imports?upload_id=${id}`), 409, 'conflict', 'upload_id');
  assertError(await put(admin, id, file.length, Buffer.from('x')), 409, 'conflict', 'id');
  // the same content uploaded again changes nothing
  const again = await upload(admin, file, { part: 100000 });
  const st2 = await admin.post(`/api/v1/imports?upload_id=${again.id}`);
  assert.equal(st2.status, 202, describe(st2));
  const done2 = await waitImport(admin, st2.json.id);
  assert.equal(done2.status, 'done');
  assert.equal(done2.rows_ok, 2970);
  assert.equal(done2.rows_failed, 30);
  assert.equal(done2.customers_new, 0);
  assert.equal(done2.events_new, 0);
  // the history lists both with their status
  const hist = await admin.listAll('/api/v1/imports');
  assert.deepEqual(hist.filter((i) => i.id === done.id || i.id === done2.id).map((i) => i.status), ['done', 'done']);
});

test('bad input: size, offset, an empty or oversized part, upload_id with a body; a file the import would refuse is refused at once', async () => {
  const { admin } = ctx.o.clients;
  assertError(await admin.post('/api/v1/import-uploads', { filename: 'a.csv', size: 0 }), 400, 'invalid', 'size');
  assertError(await admin.post('/api/v1/import-uploads', { filename: 'a.csv', size: -5 }), 400, 'invalid', 'size');
  assertError(await admin.post('/api/v1/import-uploads', { filename: 'a.csv' }), 400, 'invalid', 'size');
  assertError(await admin.post('/api/v1/import-uploads', { filename: 'a.csv', size: 'big' }), 400, 'invalid', 'size');
  assertError(await admin.post('/api/v1/import-uploads', { filename: 'a.csv', size: (CAP_MB << 20) + 1 }), 413, 'too_large', 'size');
  assertError(await admin.post('/api/v1/import-uploads', { filename: 'a.csv', size: 10, tenant_id: 2 }), 400, 'invalid', 'tenant_id');
  const ok = await admin.post('/api/v1/import-uploads', { filename: 'a.csv', size: CAP_MB << 20 });
  assert.equal(ok.status, 201, describe(ok));
  const id = ok.json.id;
  assertError(await admin.req('PUT', `/api/v1/import-uploads/${id}`, { body: Buffer.from('abc'), contentType: 'application/octet-stream' }), 400, 'invalid', 'offset');
  assertError(await put(admin, id, -1, Buffer.from('abc')), 400, 'invalid', 'offset');
  assertError(await put(admin, id, 'x', Buffer.from('abc')), 400, 'invalid', 'offset');
  assertError(await put(admin, id, 0, Buffer.alloc(0)), 400, 'invalid', 'body');
  // a part over part_max_bytes: 413 from the route's own cap, nothing written
  let big;
  try {
    big = await put(admin, id, 0, Buffer.alloc(PART_MAX + 1, 0x41));
  } catch (e) {
    if (!/fetch failed|ECONNRESET|EPIPE|socket/i.test(String(e) + String(e.cause))) throw e;
  }
  if (big) assertError(big, 413, 'too_large');
  assert.equal((await admin.get(`/api/v1/import-uploads/${id}`)).json.received, 0);
  // exactly part_max_bytes is a part
  const full = await put(admin, id, 0, Buffer.alloc(PART_MAX, 0x41));
  assert.equal(full.status, 200, describe(full));
  assert.equal(full.json.received, PART_MAX);
  // upload_id and a body at once; a missing upload
  assertError(await admin.post(`/api/v1/imports?upload_id=${id}`, 'a,b\r\n', { contentType: 'text/csv' }), 400, 'invalid', 'upload_id');
  assertError(await admin.post('/api/v1/imports?upload_id=0'), 400, 'invalid', 'upload_id');
  assertError(await admin.post('/api/v1/imports?upload_id=987654321'), 404, 'not_found');
  assertError(await admin.get('/api/v1/import-uploads/987654321'), 404, 'not_found');
  assertError(await put(admin, 987654321, 0, Buffer.from('x')), 404, 'not_found');
  // a file the import would refuse (no required columns, a bad mapping, a bad encoding name)
  // is refused in the answer, and the upload stays importable
  const u = await upload(admin, Buffer.from('编号,名字\r\n1,王\r\n'));
  assertError(await admin.post(`/api/v1/imports?upload_id=${u.id}`), 400, 'invalid', 'mapping');
  assertError(await admin.post(`/api/v1/imports?upload_id=${u.id}&mapping=${encodeURIComponent('{"customer_name":"不存在"}')}`), 400, 'invalid', 'mapping');
  assertError(await admin.post(`/api/v1/imports?upload_id=${u.id}&encoding=ebcdic`), 400, 'invalid', 'encoding');
  assertError(await admin.post(`/api/v1/imports?upload_id=${u.id}&format=pdf`), 400, 'invalid', 'format');
  const mapping = JSON.stringify({ customer_external_id: '编号', customer_name: '名字', store_code: '名字' });
  const st = await admin.post(`/api/v1/imports?upload_id=${u.id}&mapping=${encodeURIComponent(mapping)}`);
  assert.equal(st.status, 202, describe(st));
  const done = await waitImport(admin, st.json.id);
  assert.equal(done.status, 'done');
  assert.equal(done.rows_failed, 1); // "王" is no store code
});

test('an .xlsx in parts: inspect and preview the named worksheet, import it; the cover sheet fails in the background', async () => {
  const { admin } = ctx.o.clients;
  const s = await admin.post('/api/v1/stores', { code: 'LO-S1', name: '夹具门店' });
  assert.equal(s.status, 201, describe(s));
  const file = readFileSync(FIXTURE);
  const sheet = encodeURIComponent('客户数据');
  const u = await upload(admin, file, { filename: 'dms.xlsx', part: 4096 });
  const ins = await admin.post(`/api/v1/imports?upload_id=${u.id}&format=xlsx&inspect=1&sheet=${sheet}`);
  assert.equal(ins.status, 200, describe(ins));
  assert.deepEqual(ins.json.sheets, ['说明', '客户数据']);
  assert.deepEqual(ins.json.headers, HEADER.split(','));
  const dry = await admin.post(`/api/v1/imports?upload_id=${u.id}&format=xlsx&dry_run=1&sheet=${sheet}`);
  assert.equal(dry.status, 200, describe(dry));
  assert.equal(dry.json.rows_ok, 3);
  const st = await admin.post(`/api/v1/imports?upload_id=${u.id}&format=xlsx&sheet=${sheet}`);
  assert.equal(st.status, 202, describe(st));
  const done = await waitImport(admin, st.json.id);
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.format, 'xlsx');
  assert.equal(done.rows_total, 5);
  assert.equal(done.rows_ok, 3);
  assert.equal(done.rows_failed, 2);
  assert.equal(done.bytes_done, file.length);
  // the first worksheet is a cover page without the columns: a workbook's header is read in
  // the background, so that import starts and then fails, saying why; its file is removed too
  const filesBefore = uploadFiles(); // an incomplete upload of the test above stays
  const u2 = await upload(admin, file, { filename: 'cover.xlsx' });
  assert.equal(uploadFiles().length, filesBefore.length + 1);
  const st2 = await admin.post(`/api/v1/imports?upload_id=${u2.id}&format=xlsx`);
  assert.equal(st2.status, 202, describe(st2));
  const failed = await waitImport(admin, st2.json.id);
  assert.equal(failed.status, 'failed', JSON.stringify(failed));
  assert.match(failed.error, /^mapping no column for customer_external_id/);
  assert.equal(failed.rows_total, 0);
  assert.ok(failed.finished_at);
  assert.deepEqual(uploadFiles(), filesBefore);
  // a bad option is refused at once, for a workbook too
  const u3 = await upload(admin, file, { filename: 'x.xlsx' });
  assertError(await admin.post(`/api/v1/imports?upload_id=${u3.id}&format=xlsx&mapping=${encodeURIComponent('{"nope":"x"}')}`), 400, 'invalid', 'mapping');
});

test('only the user who created an upload sees, appends to and imports it; roles that may not import get 403', async () => {
  const { admin, store_manager: sm, cr_agent: agent, staff, auditor, dept_manager: dm, tenant_b: b } = ctx.o.clients;
  const p = uid('OWN');
  const file = makeCsv(p, 10, ctx.o.S1.code);
  const half = 200;
  const c = await agent.post('/api/v1/import-uploads', { filename: 'agent.csv', size: file.length });
  assert.equal(c.status, 201, describe(c));
  const id = c.json.id;
  assert.equal((await put(agent, id, 0, file.subarray(0, half))).status, 200);
  for (const [who, client] of [['admin', admin], ['store manager', sm], ['tenant B admin', b]]) {
    assertError(await client.get(`/api/v1/import-uploads/${id}`), 404, 'not_found', undefined);
    assertError(await put(client, id, half, file.subarray(half)), 404, 'not_found');
    assertError(await client.post(`/api/v1/imports?upload_id=${id}`), 404, 'not_found');
    assertError(await client.post(`/api/v1/imports?upload_id=${id}&inspect=1`), 404, 'not_found');
    assert.equal((await agent.get(`/api/v1/import-uploads/${id}`)).json.received, half, `${who} changed the upload`);
  }
  for (const client of [staff, auditor, dm]) {
    assertError(await client.post('/api/v1/import-uploads', { filename: 'x.csv', size: 10 }), 403, 'forbidden');
    assertError(await put(client, id, half, file.subarray(half)), 403, 'forbidden');
    assertError(await client.post(`/api/v1/imports?upload_id=${id}`), 403, 'forbidden');
    assertError(await client.get(`/api/v1/import-uploads/${id}`), 404, 'not_found');
  }
  assert.equal((await agent.get(`/api/v1/import-uploads/${id}`)).json.received, half);
  // anonymous
  const anon = new Client(ctx.url);
  assertError(await anon.post('/api/v1/import-uploads', { filename: 'x.csv', size: 10 }), 401, 'unauthorized');
  assertError(await put(anon, id, half, file.subarray(half)), 401, 'unauthorized');
  // the owner finishes and imports it; the import is the owner's (and the admin's) to see
  assert.equal((await put(agent, id, half, file.subarray(half))).status, 200);
  const st = await agent.post(`/api/v1/imports?upload_id=${id}`);
  assert.equal(st.status, 202, describe(st));
  const done = await waitImport(agent, st.json.id);
  assert.equal(done.status, 'done');
  assert.equal(done.customers_new, 10);
  assert.equal((await admin.get(`/api/v1/imports/${done.id}`)).status, 200);
  assertError(await sm.get(`/api/v1/imports/${done.id}`), 404, 'not_found');
  assertError(await b.get(`/api/v1/imports/${done.id}`), 404, 'not_found');
  // a CR agent's rows outside their store are refused row by row, as in the raw mode
  const other = await upload(agent, makeCsv(uid('S2'), 3, ctx.o.S2.code));
  const st2 = await agent.post(`/api/v1/imports?upload_id=${other.id}`);
  assert.equal(st2.status, 202, describe(st2));
  const d2 = await waitImport(agent, st2.json.id);
  assert.equal(d2.rows_failed, 3);
  assert.equal(d2.rows_ok, 0);
});

test('a 200,000-row file: progress while it runs; one background import per tenant (409), two per server (429)', async () => {
  const { admin, tenant_b: b } = ctx.o.clients;
  const N = 200000;
  const file = makeCsv(uid('BIG'), N, ctx.o.S1.code);
  assert.ok(file.length > PART_MAX, `only ${file.length} bytes`);
  const up = await upload(admin, file);
  const small = await upload(admin, makeCsv(uid('SM'), 5, ctx.o.S1.code));
  const bigB = await upload(b, makeCsv(uid('SB'), 100000, ctx.o.SB.code));
  // a third tenant, for the limit of background imports per server
  const tenantC = await ctx.server.addTenant(`丙租户 ${uid('T')}`);
  const cName = uid('adminc.');
  await ctx.server.addUser({ tenant: tenantC, username: cName, role: 'admin', password: 'Pw-tenant-c-admin-满意-8' });
  const c = await new Client(ctx.url).mustLogin(cName, 'Pw-tenant-c-admin-满意-8');
  assert.equal((await c.post('/api/v1/stores', { code: 'C-1', name: '丙店' })).status, 201);
  const smallC = await upload(c, makeCsv(uid('SC'), 5, 'C-1'));
  const st = await admin.post(`/api/v1/imports?upload_id=${up.id}`);
  assert.equal(st.status, 202, describe(st));
  // while it runs: a second background import of the tenant waits its turn; tenant B's runs
  const second = await admin.post(`/api/v1/imports?upload_id=${small.id}`);
  assertError(second, 409, 'conflict', 'upload_id');
  assert.match(second.json.error.message, /another import/);
  const stB = await b.post(`/api/v1/imports?upload_id=${bigB.id}`);
  assert.equal(stB.status, 202, describe(stB));
  // two run on this server: a third tenant's waits (429), and may start later
  assertError(await c.post(`/api/v1/imports?upload_id=${smallC.id}`), 429, 'throttled');
  assert.equal((await c.get(`/api/v1/import-uploads/${smallC.id}`)).json.import_id, null);
  const seen = [];
  const done = await waitImport(admin, st.json.id, { intervalMs: 20, onPoll: (im) => seen.push(im) });
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.rows_total, N);
  assert.equal(done.rows_ok, N);
  assert.equal(done.customers_new, N);
  assert.equal(done.events_new, N);
  assert.equal(done.bytes_done, file.length);
  // committed batches showed while it ran (20,000 rows each)
  const mid = seen.filter((im) => im.status === 'running' && im.rows_total > 0 && im.rows_total < N);
  assert.ok(mid.length > 0, `no intermediate progress among ${seen.length} polls: ${JSON.stringify(seen.map((s) => [s.status, s.rows_total, s.bytes_done]))}`);
  for (const im of mid) {
    assert.equal(im.rows_total % 20000, 0, `progress between batches: ${JSON.stringify(im)}`);
    assert.equal(im.customers_new, im.rows_total);
    assert.ok(im.bytes_done > 0 && im.bytes_done < file.length, JSON.stringify(im));
  }
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].rows_total >= seen[i - 1].rows_total, 'progress went back');
  const doneB = await waitImport(b, stB.json.id);
  assert.equal(doneB.status, 'done');
  assert.equal(doneB.customers_new, 100000);
  const stC = await c.post(`/api/v1/imports?upload_id=${smallC.id}`);
  assert.equal(stC.status, 202, describe(stC));
  assert.equal((await waitImport(c, stC.json.id)).customers_new, 5);
  // now the admin's second one may run
  const st3 = await admin.post(`/api/v1/imports?upload_id=${small.id}`);
  assert.equal(st3.status, 202, describe(st3));
  assert.equal((await waitImport(admin, st3.json.id)).customers_new, 5);
});

test('the job import_uploads removes uploads untouched for a day, file and row, and leaves fresh ones', async () => {
  const { admin } = ctx.o.clients;
  const u = await admin.post('/api/v1/import-uploads', { filename: 'left.csv', size: 1000 });
  assert.equal(u.status, 201, describe(u));
  assert.equal((await put(admin, u.json.id, 0, Buffer.from('客户编号,客户姓名'))).status, 200);
  const files = uploadFiles();
  assert.ok(files.length >= 1);
  const now = await ctx.server.cli(['jobs', 'run', '--job', 'import_uploads']);
  assert.equal(now.code, 0, now.stderr);
  assert.match(now.stdout, /import_uploads: ok, 0 stale uploads removed, 0 silent imports interrupted/);
  assert.equal((await admin.get(`/api/v1/import-uploads/${u.json.id}`)).status, 200);
  assert.deepEqual(uploadFiles(), files);
  const later = new Date(Date.now() + 25 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = await ctx.server.cli(['jobs', 'run', '--job', 'import_uploads', '--now', later]);
  assert.equal(r.code, 0, r.stderr);
  const m = /(\d+) stale uploads removed/.exec(r.stdout);
  assert.ok(m && Number(m[1]) >= 1, r.stdout);
  assertError(await admin.get(`/api/v1/import-uploads/${u.json.id}`), 404, 'not_found');
  assert.deepEqual(uploadFiles(), []);
  // the imports that read removed uploads keep their records
  const hist = await admin.listAll('/api/v1/imports');
  assert.ok(hist.some((i) => i.upload_id !== null && i.status === 'done'));
});

/** A second server of its own (killed and restarted), with a store, its admin and a file. */
async function ownServer() {
  const s = new Server();
  const env = { MANYI_TMPDIR: mkdtempSync(path.join(base, 'manyi-uploads-')) };
  await s.start({ env });
  const admin = await new Client(s.url).mustLogin('admin', ADMIN_PASSWORD);
  const code = uid('K');
  const store = await admin.post('/api/v1/stores', { code, name: '中断测试店' });
  assert.equal(store.status, 201, describe(store));
  return { s, env, admin, code };
}

async function startBig(admin, code, n) {
  const file = makeCsv(uid('K'), n, code);
  const up = await upload(admin, file);
  const st = await admin.post(`/api/v1/imports?upload_id=${up.id}`);
  assert.equal(st.status, 202, describe(st));
  // wait until a batch is committed, then stop the server at once
  for (let i = 0; ; i++) {
    const r = await admin.get(`/api/v1/imports/${st.json.id}`);
    assert.equal(r.json.status, 'running', `finished before it could be stopped: ${r.text}`);
    if (r.json.rows_total > 0) break;
    assert.ok(i < 6000, 'no batch committed within 2 minutes');
    await new Promise((res) => setTimeout(res, 20));
  }
  return { up, im: st.json };
}

test('SIGKILL in the middle of an import: at restart it is interrupted; the same upload imports again and finishes', async () => {
  const { s, env, admin, code } = await ownServer();
  try {
    const N = 200000;
    const { up, im } = await startBig(admin, code, N);
    s.proc.kill('SIGKILL');
    await s.exited;
    await s.start({ env });
    assert.match(s.stderr, /marked interrupted/);
    const a2 = await new Client(s.url).mustLogin('admin', ADMIN_PASSWORD);
    const got = (await a2.get(`/api/v1/imports/${im.id}`)).json;
    assert.equal(got.status, 'interrupted', JSON.stringify(got));
    assert.match(got.error, /import the file again/);
    assert.ok(got.rows_total > 0 && got.rows_total < N, JSON.stringify(got));
    assert.ok(got.finished_at);
    // the upload was released and kept its file
    const u = (await a2.get(`/api/v1/import-uploads/${up.id}`)).json;
    assert.equal(u.import_id, null);
    assert.equal(u.complete, true);
    const again = await a2.post(`/api/v1/imports?upload_id=${up.id}`);
    assert.equal(again.status, 202, describe(again));
    const done = await waitImport(a2, again.json.id);
    assert.equal(done.status, 'done');
    assert.equal(done.rows_ok, N);
    // idempotent: what the first run committed is not added twice
    assert.equal(done.customers_new + got.customers_new, N);
    assert.equal(done.events_new + got.events_new, N);
    assert.deepEqual(readdirSync(env.MANYI_TMPDIR).filter((f) => f.startsWith('manyi-upload-')), []);
    const r = await s.stop();
    assert.deepEqual(r, { code: 0, signal: null });
  } finally {
    if (!s.exit) await s.stop().catch(() => {});
    s.cleanup();
    rmSync(env.MANYI_TMPDIR, { recursive: true, force: true });
  }
});

test('SIGTERM during an import: the server exits 0 promptly and the import is interrupted, not left running', async () => {
  const { s, env, admin, code } = await ownServer();
  try {
    const { up, im } = await startBig(admin, code, 200000);
    const t0 = Date.now();
    const r = await s.stop();
    assert.deepEqual(r, { code: 0, signal: null });
    assert.ok(Date.now() - t0 < 10000, `stopping took ${Date.now() - t0} ms`);
    assert.match(s.stderr, new RegExp(`import ${im.id} interrupted`));
    await s.start({ env });
    assert.doesNotMatch(s.stderr, /marked interrupted/); // it was marked on the way out
    const a2 = await new Client(s.url).mustLogin('admin', ADMIN_PASSWORD);
    const got = (await a2.get(`/api/v1/imports/${im.id}`)).json;
    assert.equal(got.status, 'interrupted', JSON.stringify(got));
    assert.equal((await a2.get(`/api/v1/import-uploads/${up.id}`)).json.import_id, null);
    await s.stop();
  } finally {
    if (!s.exit) await s.stop().catch(() => {});
    s.cleanup();
    rmSync(env.MANYI_TMPDIR, { recursive: true, force: true });
  }
});

testCleanExit(ctx);
