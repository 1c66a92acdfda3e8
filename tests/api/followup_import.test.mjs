// SPDX-License-Identifier: MIT
// Import of customers and events (issue 3), the parts past the basics of followup.test.mjs:
// an upload far over the old 8 MiB cap (120,000 rows) imported completely over HTTP and again
// without changes, the 413 JSON past MANYI_IMPORT_MAX_MB, CSV in GBK, in UTF-16LE with a BOM
// (Excel's tab-separated "Unicode text") and with invalid bytes (that row reported, the others
// kept), the worksheet of a real LibreOffice workbook (shared strings, a date cell, data on the
// second sheet), and the same options of `manyi import`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useServer, buildOrg, testCleanExit } from './lib/harness.mjs';
import { assertError, describe, uid } from './lib/client.mjs';

process.env.MANYI_JOBS = '0';
const CAP_MB = 24;
process.env.MANYI_IMPORT_MAX_MB = String(CAP_MB);
const ctx = useServer({ setup: async (c) => { c.o = await buildOrg(c); } });

const FIXTURE = fileURLToPath(new URL('../fixtures/dms_import_libreoffice.xlsx', import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY = 86400e3;
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shDate(Date.now());
const addDays = (d, n) => shDate(Date.parse(`${d}T12:00:00+08:00`) + n * DAY);

const HEADER = ['客户编号', '客户姓名', '手机', '门店编码', '业务单号', '业务类型', '业务日期'];
const csv = (rows, sep = ',') => rows.map((r) => r.join(sep)).join('\r\n') + '\r\n';
/** UTF-8 text → GBK bytes, by iconv(1) (what a Chinese Windows export holds). */
const gbk = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text });

async function customersBy(client, prefix) {
  return (await client.listAll('/api/v1/customers')).filter((c) => c.external_id.startsWith(prefix));
}

test('over MANYI_IMPORT_MAX_MB → 413 too_large JSON, nothing imported', async () => {
  const { admin } = ctx.o.clients;
  const before = (await admin.listAll('/api/v1/imports')).length;
  const head = Buffer.from(`${HEADER.join(',')}\r\n${uid('OVER')},某,13900000000,${ctx.o.S1.code},,,\r\n`);
  const big = Buffer.concat([head, Buffer.alloc((CAP_MB << 20) - head.length + 512 * 1024, 0x20)]);
  const r = await admin.post('/api/v1/imports?format=csv&filename=over.csv', big, { contentType: 'text/csv' });
  assertError(r, 413, 'too_large');
  assert.equal((await admin.listAll('/api/v1/imports')).length, before);
  // just under the cap is read (and refused for its content, not its size)
  const under = Buffer.concat([Buffer.from('a,b\r\n'), Buffer.alloc((CAP_MB << 20) - 4096, 0x20)]);
  assertError(await admin.post('/api/v1/imports?format=csv', under, { contentType: 'text/csv' }), 400, 'invalid', 'mapping');
});

test('CSV in GBK: detected, or named; a wrong encoding name is refused', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('GBK');
  const d = addDays(TODAY, -2);
  const file = gbk(csv([HEADER, [`${p}-1`, '王先生', '13900001111', ctx.o.S1.code, `${p}-E1`, '销售', d], [`${p}-2`, '李女士', '13900002222', ctx.o.S1.code, `${p}-E2`, '维修', d]]));
  assert.equal(file.subarray(0, 2).toString('hex'), 'bfcd', 'not GBK bytes (客 = BF CD)');
  const pre = await admin.post('/api/v1/imports?format=csv&filename=gbk.csv&dry_run=1', file, { contentType: 'text/csv' });
  assert.equal(pre.status, 200, describe(pre));
  assert.equal(pre.json.encoding, 'gb18030');
  assert.equal(pre.json.mapping.customer_name, '客户姓名');
  assert.deepEqual(pre.json.preview.map((x) => x.name), ['王先生', '李女士']);
  const r = await admin.post('/api/v1/imports?format=csv&filename=gbk.csv&encoding=gbk', file, { contentType: 'text/csv' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_ok, 2);
  assert.equal(r.json.encoding, 'gb18030');
  assert.deepEqual((await customersBy(admin, p)).map((c) => c.name).sort(), ['李女士', '王先生'].sort());
  // read as UTF-8 the headers are not there
  assertError(await admin.post('/api/v1/imports?format=csv&encoding=utf-8&dry_run=1', file, { contentType: 'text/csv' }), 400, 'invalid', 'mapping');
  assertError(await admin.post('/api/v1/imports?format=csv&encoding=latin1&dry_run=1', file, { contentType: 'text/csv' }), 400, 'invalid', 'encoding');
});

test('UTF-16LE with a BOM, tab-separated (Excel "Unicode text"), and UTF-8 with a BOM', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('U16');
  const d = addDays(TODAY, -1);
  const text = csv([HEADER, [`${p}-1`, '赵先生', '13900003333', ctx.o.S1.code, `${p}-E1`, '保养', d]], '\t');
  const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const r = await admin.post('/api/v1/imports?format=csv&filename=unicode.txt', file, { contentType: 'text/plain' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.encoding, 'utf-16le');
  assert.equal(r.json.rows_ok, 1, JSON.stringify(r.json.errors));
  assert.deepEqual((await customersBy(admin, p)).map((c) => c.name), ['赵先生']);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([HEADER, [`${p}-2`, '钱先生', '', ctx.o.S1.code, '', '', '']]))]);
  const b = await admin.post('/api/v1/imports?format=csv&filename=bom.csv', bom, { contentType: 'text/csv' });
  assert.equal(b.status, 201, describe(b));
  assert.equal(b.json.rows_ok, 1, JSON.stringify(b.json.errors));
  assert.equal(b.json.mapping.customer_external_id, '客户编号', 'the BOM stuck to the first header');
});

test('invalid bytes in a row: that row is reported (row, column), the others are kept', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('BAD');
  const good = (i, name) => gbk(`${p}-${i},${name},1390000${1000 + i},${ctx.o.S1.code},,,\r\n`);
  const file = Buffer.concat([
    gbk(`${HEADER.join(',')}\r\n`),
    good(1, '周先生'),
    // row 3: the name is a lone GBK lead byte (0xCD) before the comma
    Buffer.from(`${p}-2,\xcd`, 'latin1'), Buffer.from(`,13900001002,${ctx.o.S1.code},,,\r\n`),
    good(3, '吴女士'),
    // row 5: the store code holds 0xFF
    Buffer.from(`${p}-4,`), gbk('郑先生'), Buffer.from(`,13900001004,${ctx.o.S1.code}\xff,,,\r\n`, 'latin1'),
  ]);
  const r = await admin.post('/api/v1/imports?format=csv&filename=bad.csv', file, { contentType: 'text/csv' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.encoding, 'gb18030');
  assert.equal(r.json.rows_total, 4);
  assert.equal(r.json.rows_ok, 2);
  assert.equal(r.json.rows_failed, 2);
  assert.equal(r.json.invalid_bytes, 2);
  assert.deepEqual(r.json.errors.map((e) => `${e.row}:${e.column}`).sort(), ['3:客户姓名', '5:门店编码']);
  assert.ok(r.json.errors.every((e) => /invalid byte sequence/.test(e.reason)), JSON.stringify(r.json.errors));
  assert.deepEqual((await customersBy(admin, p)).map((c) => c.name).sort(), ['吴女士', '周先生'].sort());
  const rep = await admin.get(`/api/v1/imports/${r.json.id}/errors`);
  assert.match(rep.text, /\r\n3,"客户姓名",/);
  assert.match(rep.text, /\r\n5,"门店编码",/);
  // invalid UTF-8 in a UTF-8 file: the same
  const u = Buffer.concat([Buffer.from(`${HEADER.join(',')}\r\n${p}-5,冯先生,,${ctx.o.S1.code},,,\r\n${p}-6,`), Buffer.from([0xe7, 0x8e, 0x28]), Buffer.from(`,,${ctx.o.S1.code},,,\r\n`)]);
  const ru = await admin.post('/api/v1/imports?format=csv&encoding=utf-8', u, { contentType: 'text/csv' });
  assert.equal(ru.status, 201, describe(ru));
  assert.equal(ru.json.rows_ok, 1);
  assert.deepEqual(ru.json.errors.map((e) => `${e.row}:${e.column}`), ['3:客户姓名']);
});

test('.xlsx from LibreOffice: worksheets listed, the first by default, another by name', async () => {
  const { admin } = ctx.o.clients;
  const file = readFileSync(FIXTURE);
  // the fixture's rows name store LO-S1, which this org does not have yet (dry runs only)
  const pre = await admin.post('/api/v1/imports?format=xlsx&filename=dms.xlsx&dry_run=1', file, { contentType: XLSX });
  // the first worksheet is a cover sheet without the required columns
  assertError(pre, 400, 'invalid', 'mapping');
  const ok = await admin.post(`/api/v1/imports?format=xlsx&filename=dms.xlsx&dry_run=1&sheet=${encodeURIComponent('客户数据')}`, file, { contentType: XLSX });
  assert.equal(ok.status, 200, describe(ok));
  assert.deepEqual(ok.json.sheets, ['说明', '客户数据']);
  assert.equal(ok.json.sheet, '客户数据');
  assert.equal(ok.json.rows_total, 5);
  assert.deepEqual(ok.json.mapping.event_date, '业务日期');
  // rows 5 and 6 are bad in the file itself (no name; a date in the future); the others fail
  // only for their store code, which this org does not have
  const byRow = {};
  for (const e of ok.json.errors) (byRow[e.row] ||= []).push(e.column);
  assert.ok(byRow[5].includes('客户姓名'), JSON.stringify(ok.json.errors));
  assert.ok(byRow[6].includes('业务日期'), JSON.stringify(ok.json.errors));
  assertError(await admin.post('/api/v1/imports?format=xlsx&dry_run=1&sheet=Nope', file, { contentType: XLSX }), 400, 'invalid', 'sheet');
});

test('.xlsx from LibreOffice into a store that exists: the date cell becomes the event date', async () => {
  const { admin } = ctx.o.clients;
  // a store with the fixture's code in this tenant
  const s = await admin.post('/api/v1/stores', { code: 'LO-S1', name: '夹具门店' });
  assert.ok(s.status === 201 || s.status === 409, describe(s));
  const r = await admin.post(`/api/v1/imports?format=xlsx&filename=dms.xlsx&sheet=${encodeURIComponent('客户数据')}`, readFileSync(FIXTURE), { contentType: XLSX });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_total, 5);
  assert.equal(r.json.rows_ok, 3, JSON.stringify(r.json.errors));
  assert.deepEqual(r.json.errors.map((e) => `${e.row}:${e.column}`).sort(), ['5:客户姓名', '6:业务日期']);
  const c = (await admin.listAll('/api/v1/customers')).find((x) => x.external_id === 'LO-1001');
  assert.equal(c.name, '王先生');
  const ev = (await admin.get(`/api/v1/customers/${c.id}/overview`)).json.events[0];
  assert.equal(ev.occurred_on, '2024-03-15');
  assert.equal(ev.type, 'sale');
});

test('inspect=1: the header row, the worksheets and the saved mapping, for the mapping editor', async () => {
  const { admin, staff } = ctx.o.clients;
  const file = gbk(csv([[' 编号 ', '名字', '店'], ['1', '王', 'x']]));
  const r = await admin.post('/api/v1/imports?format=csv&inspect=1', file, { contentType: 'text/csv' });
  assert.equal(r.status, 200, describe(r));
  assert.deepEqual(r.json.headers, ['编号', '名字', '店']);
  assert.equal(r.json.encoding, 'gb18030');
  assert.ok(r.json.fields.includes('customer_external_id'));
  assert.deepEqual(r.json.mapping, {});
  const x = await admin.post(`/api/v1/imports?format=xlsx&inspect=1&sheet=${encodeURIComponent('客户数据')}`, readFileSync(FIXTURE), { contentType: XLSX });
  assert.equal(x.status, 200, describe(x));
  assert.deepEqual(x.json.sheets, ['说明', '客户数据']);
  assert.deepEqual(x.json.headers, HEADER);
  // nothing was imported, and a role that may not import may not inspect either
  assertError(await staff.post('/api/v1/imports?format=csv&inspect=1', file, { contentType: 'text/csv' }), 403, 'forbidden');
  // with the mapping the editor makes, the file imports
  const mapping = JSON.stringify({ customer_external_id: '编号', customer_name: '名字', store_code: '店' });
  const p = uid('INS');
  const f2 = gbk(csv([['编号', '名字', '店'], [`${p}-1`, '王', ctx.o.S1.code]]));
  const ok = await admin.post(`/api/v1/imports?format=csv&dry_run=1&mapping=${encodeURIComponent(mapping)}`, f2, { contentType: 'text/csv' });
  assert.equal(ok.status, 200, describe(ok));
  assert.equal(ok.json.rows_ok, 1);
});

test('manyi import: --encoding, --sheet, and a bad --encoding', async () => {
  const tenant = String(ctx.o.tenantA.id);
  const p = uid('CLI');
  const path = `${ctx.server.dir}/gbk.csv`;
  writeFileSync(path, gbk(csv([HEADER, [`${p}-1`, '孙先生', '13900004444', ctx.o.S1.code, '', '', '']])));
  const out = await ctx.server.cli(['import', '--tenant', tenant, path]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /1 rows, 1 ok, 0 failed; 1 new customers/);
  assert.match(out.stdout, /encoding: gb18030/);
  const forced = await ctx.server.cli(['import', '--tenant', tenant, '--encoding', 'utf-8', '--dry-run', path]);
  assert.equal(forced.code, 1);
  assert.match(forced.stderr, /mapping/);
  const bad = await ctx.server.cli(['import', '--tenant', tenant, '--encoding', 'ebcdic', path]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /encoding/);
  const x = await ctx.server.cli(['import', '--tenant', tenant, '--dry-run', '--sheet', '客户数据', FIXTURE]);
  assert.equal(x.code, 0, x.stderr);
  assert.match(x.stdout, /5 rows, 3 ok, 2 failed/);
  assert.match(x.stdout, /worksheet: 客户数据/);
  const nosheet = await ctx.server.cli(['import', '--tenant', tenant, '--dry-run', '--sheet', 'Nope', FIXTURE]);
  assert.equal(nosheet.code, 1);
  assert.match(nosheet.stderr, /sheet/);
});

// last: afterwards the tenant has 120,000 more customers, too many to list in the tests above
test('a 120,000-row file (over the old 8 MiB cap) imports completely over HTTP, and again changes nothing', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('BIG');
  const d = addDays(TODAY, -3);
  const lines = [HEADER.join(',')];
  for (let i = 0; i < 120000; i++) {
    lines.push(`${p}-${i},客户${i},139${String(i).padStart(8, '0')},${ctx.o.S1.code},${p}-E${i},保养,${d}`);
  }
  const body = Buffer.from(lines.join('\r\n') + '\r\n');
  assert.ok(body.length > 8 << 20, `the file has only ${body.length} bytes`);
  assert.ok(body.length < CAP_MB << 20);
  const r = await admin.post('/api/v1/imports?format=csv&filename=big.csv', body, { contentType: 'text/csv' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_total, 120000);
  assert.equal(r.json.rows_ok, 120000);
  assert.equal(r.json.rows_failed, 0);
  assert.equal(r.json.customers_new, 120000);
  assert.equal(r.json.events_new, 120000);
  assert.equal(r.json.encoding, 'utf-8');
  const got = await admin.get(`/api/v1/imports/${r.json.id}`);
  assert.equal(got.json.rows_ok, 120000);
  const again = await admin.post('/api/v1/imports?format=csv&filename=big.csv', body, { contentType: 'text/csv' });
  assert.equal(again.status, 201, describe(again));
  assert.equal(again.json.rows_ok, 120000);
  assert.equal(again.json.customers_new, 0);
  assert.equal(again.json.events_new, 0);
});

testCleanExit(ctx);
