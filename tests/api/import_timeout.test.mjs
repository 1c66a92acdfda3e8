// SPDX-License-Identifier: MIT
// An import takes longer than a connection may stay silent (MANYI_HTTP_TIMEOUT=1 here): the
// client still gets its 201 with the counts. Before the fix, the connection timer that fell due
// while the import ran closed the connection, and an import that was done looked failed.
// A raw socket with "Connection: close" keeps HTTP keep-alive out of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, testCleanExit } from './lib/harness.mjs';
import { rawRequest, describe } from './lib/client.mjs';

process.env.MANYI_JOBS = '0';
process.env.MANYI_HTTP_TIMEOUT = '1';
const ctx = useServer();

test('an import that outlasts MANYI_HTTP_TIMEOUT still answers 201 with its counts', async () => {
  const store = await ctx.admin.post('/api/v1/stores', { code: 'SLOW-1', name: '慢导入门店' });
  assert.equal(store.status, 201, describe(store));
  const rows = ['客户编号,客户姓名,手机,门店编码,业务单号,业务类型,业务日期'];
  const N = 200000;
  for (let i = 0; i < N; i++) rows.push(`S${i},客户${i},139${String(i).padStart(8, '0')},SLOW-1,SE${i},保养,2026-01-05`);
  const body = Buffer.from(rows.join('\r\n') + '\r\n');
  const head = `POST /api/v1/imports?format=csv&filename=slow.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Cookie: ${ctx.admin.cookieHeader()}\r\nX-CSRF-Token: ${ctx.admin.csrf}\r\n` +
    `Content-Type: text/csv\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const t0 = Date.now();
  const r = await rawRequest(ctx.server.port, head, body, { timeoutMs: 280000 });
  const secs = (Date.now() - t0) / 1000;
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_ok, N);
  assert.equal(r.json.customers_new, N);
  // the point of the test: the import really took longer than the connection timeout
  assert.ok(secs > 1.5, `the import took only ${secs} s; make the file bigger so that it outlasts 1 s`);
});

testCleanExit(ctx);
