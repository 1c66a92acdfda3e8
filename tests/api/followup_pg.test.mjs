// SPDX-License-Identifier: MIT
// Exactly once on PostgreSQL: two schedulers (`manyi jobs run`, two processes, two
// connections) race over the same events, several times, and every (rule, event, seq) still has
// one task. The test starts its own throwaway cluster with tests/store/pg_cluster.sh (as the
// store suite does) and a `manyi serve` on it for the set-up; if the cluster cannot start, the
// test FAILS (never a silent skip).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from './lib/client.mjs';
import { manyiBin, runCli } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLUSTER = path.resolve(here, '../store/pg_cluster.sh');
const ADMIN_PASSWORD = 'Pg-admin-pass-满意-2026';
const base = process.env.MANYI_TEST_TMP || os.tmpdir();
let state;
let url;
let serve;
let port;

const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  execFileSync('mkdir', ['-p', base]);
  state = mkdtempSync(path.join(base, 'manyi-pg-fu-'));
  execFileSync('sh', [CLUSTER, 'start', state], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120000 });
  url = readFileSync(path.join(state, 'url'), 'utf8').trim();
  const r = await runCli(['migrate'], { env: { MANYI_DB: url } });
  assert.equal(r.code, 0, r.stderr);
  port = await new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
  serve = spawn(manyiBin(), ['serve'], {
    env: { ...process.env, MANYI_DB: url, MANYI_LISTEN: `127.0.0.1:${port}`, MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD, MANYI_JOBS: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`serve not ready: ${log}`)), 30000);
    serve.stderr.on('data', (d) => { log += d; if (/listening on/.test(log)) { clearTimeout(timer); resolve(); } });
    serve.on('exit', (c) => { clearTimeout(timer); reject(new Error(`serve exited ${c}: ${log}`)); });
  });
});

after(async () => {
  if (serve && serve.exitCode === null) {
    const done = new Promise((r) => serve.once('exit', r));
    serve.kill('SIGTERM');
    await done;
  }
  if (state) {
    try { execFileSync('sh', [CLUSTER, 'stop', state], { stdio: 'ignore', timeout: 60000 }); } catch { /* reported by the test */ }
    rmSync(state, { recursive: true, force: true });
  }
});

test('two schedulers at once on PostgreSQL create each task exactly once', async () => {
  const admin = await new Client(`http://127.0.0.1:${port}`).mustLogin('admin', ADMIN_PASSWORD);
  const store = await admin.post('/api/v1/stores', { code: 'PG-1', name: 'PG 门店' });
  assert.equal(store.status, 201, store.text);
  const agent = await admin.post('/api/v1/users', { username: `pg.cr.${process.pid}`, role: 'cr_agent', store_id: store.json.id, password: 'Pg-agent-pass-1' });
  assert.equal(agent.status, 201, agent.text);
  // 600 customers with a sale each over the last 20 days (due on days 7..27 ago → all due)
  const lines = ['客户编号,客户姓名,手机,门店编码,业务单号,业务类型,业务日期'];
  for (let i = 0; i < 600; i++) {
    lines.push(`PG${i},客户${i},1390000${String(i).padStart(4, '0')},PG-1,PGE${i},${i % 2 ? '销售' : '保养'},${shDate(Date.now() - (7 + (i % 20)) * 86400e3)}`);
  }
  const file = path.join(state, 'rows.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  const imp = await runCli(['import', '--tenant', String(admin.tenant.id), file], { env: { MANYI_DB: url } });
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /600 ok/);

  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const run = () => runCli(['jobs', 'run', '--job', 'followup_schedule', '--now', now], { env: { MANYI_DB: url } });
  let created = 0;
  for (let round = 0; round < 3; round++) {
    const [a, b] = await Promise.all([run(), run()]);
    for (const r of [a, b]) {
      assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
      created += Number(/(\d+) tasks created/.exec(r.stdout)[1]);
    }
  }
  const tasks = await admin.listAll('/api/v1/followup/tasks');
  const keys = tasks.map((t) => `${t.rule_id}:${t.event_id}:${t.seq}`);
  assert.equal(new Set(keys).size, keys.length, 'a (rule, event, seq) has two tasks');
  const day = tasks.filter((t) => t.task_type === 'satisfaction');
  assert.equal(day.length, 600, 'every event has its day-7 or day-3 task');
  assert.equal(created, tasks.length, 'the runs reported more tasks than exist');
  assert.ok(day.every((t) => t.assignee_id === agent.json.id), 'tasks not assigned to the store team');
});
