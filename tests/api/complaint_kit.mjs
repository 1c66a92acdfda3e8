// SPDX-License-Identifier: MIT
// Helpers of the complaint API tests: a server started with MANYI_JOBS=0 (the tests move the
// clock with `manyi jobs run --now`), direct SQL against its SQLite file for rows that other
// capabilities own (customers, survey alerts), and a small webhook receiver that fails first.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { Server, ADMIN_PASSWORD } from './lib/server.mjs';
import { Client, describe } from './lib/client.mjs';

/** Like useServer, but with the background jobs off and a data dir for attachments. */
export function useComplaintServer({ setup } = {}) {
  const ctx = {};
  before(async () => {
    ctx.server = new Server();
    ctx.dataDir = path.join(ctx.server.dir, 'files');
    await ctx.server.start({ env: { MANYI_JOBS: '0', MANYI_DATA_DIR: ctx.dataDir } });
    ctx.url = ctx.server.url;
    ctx.admin = await new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD);
    if (setup) await setup(ctx);
  });
  after(async () => {
    if (!ctx.server) return;
    if (!ctx.server.exit) {
      try { await ctx.server.stop(); } catch { /* reported by the exit test */ }
    }
    const bad = ctx.server.exit && (ctx.server.exit.code !== 0 || ctx.server.exit.signal);
    if (bad || process.exitCode) process.stderr.write(`--- manyi serve stderr ---\n${ctx.server.stderr.slice(-4000)}\n`);
    ctx.server.cleanup(Boolean(bad || process.exitCode));
  });
  return ctx;
}

/**
 * Runs one SQL statement against the server's store (sqlite3 or psql, both printing rows as
 * "a|b" lines); resolves the lines.
 */
export function sql(server, statement) {
  const sqlite = server.db.startsWith('sqlite:');
  const [cmd, args] = sqlite
    ? ['sqlite3', ['-cmd', '.timeout 5000', server.dbPath, statement]]
    : ['psql', [server.db, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', statement]];
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd}: ${stderr || err.message}`));
      else resolve(stdout.trim().split('\n').filter(Boolean));
    });
  });
}

/** `manyi jobs run --job NAME --now T` against the server's store; asserts exit 0. */
export async function runJob(server, name, now) {
  const r = await server.cli(['jobs', 'run', '--job', name, '--now', String(now)]);
  assert.equal(r.code, 0, `jobs run ${name}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Inserts a customer (and optionally an event) of the tenant; returns ids. */
export async function addCustomer(server, tenantId, storeId, name = '陈先生', phone = '13912340000') {
  const now = Math.floor(Date.now() / 1000);
  const [id] = await sql(server, `INSERT INTO customers (tenant_id, store_id, name, phone, created_at, updated_at) VALUES (${tenantId}, ${storeId}, '${name}', '${phone}', ${now}, ${now}) RETURNING id`);
  return Number(id);
}

export async function addEvent(server, tenantId, customerId, storeId, deptId) {
  const now = Math.floor(Date.now() / 1000);
  const [id] = await sql(server, `INSERT INTO business_events (tenant_id, customer_id, store_id, department_id, type, occurred_on, occurred_at, created_at) VALUES (${tenantId}, ${customerId}, ${storeId}, ${deptId ?? 'NULL'}, 'repair', '2026-11-20', ${now - 86400}, ${now}) RETURNING id`);
  return Number(id);
}

/** A webhook receiver answering 500 to the first `failFirst` requests, then 200. */
export async function startReceiver({ failFirst = 1 } = {}) {
  const got = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ headers: req.headers, body, url: req.url });
      res.statusCode = got.length <= failFirst ? 500 : 200;
      res.end(res.statusCode === 200 ? 'ok' : 'down');
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { got, url: `http://127.0.0.1:${srv.address().port}/hook`, close: () => new Promise((r) => srv.close(r)) };
}

export function ok(res, status, what) {
  assert.equal(res.status, status, `${what}: ${describe(res)}`);
  return res.json;
}
