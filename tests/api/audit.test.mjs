// SPDX-License-Identifier: MIT
// The audit log: who, action, entity, before/after for every change; filters and pagination;
// never a password or a token (hash) — and neither in the store files nor in the server log.
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Client, assertError, describe, uid } from './lib/client.mjs';
import { useServer, testCleanExit, created, ADMIN_PASSWORD } from './lib/harness.mjs';

const ctx = useServer({ setup });
const s = {};
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function setup() {
  const a = ctx.admin;
  s.adminId = a.user.id;
  s.store = await created(await a.post('/api/v1/stores', { code: uid('AU'), name: '审计店' }), 'store');
  const p = await a.patch(`/api/v1/stores/${s.store.id}`, { name: '审计旗舰店' });
  assert.equal(p.status, 200, describe(p));
  const d = await a.del(`/api/v1/stores/${s.store.id}`);
  assert.ok([200, 204].includes(d.status), describe(d));
  s.store2 = await created(await a.post('/api/v1/stores', { code: uid('AU'), name: '审计二店' }), 'store');
  s.dept = await created(await a.post('/api/v1/departments', { store_id: s.store2.id, name: '审计部', kind: 'admin' }), 'dept');

  s.pw1 = `Audit-first-${uid('p')}-密码`;
  s.pw2 = `Audit-second-${uid('p')}-密码`;
  s.pw3 = `Audit-third-${uid('p')}-密码`;
  s.username = uid('audited.');
  s.user = await created(await a.post('/api/v1/users', { username: s.username, role: 'auditor', password: s.pw1 }), 'user');
  const uc = await new Client(ctx.url).mustLogin(s.username, s.pw1);
  s.auditorClient = uc;
  const ch = await uc.post('/api/v1/auth/password', { old_password: s.pw1, new_password: s.pw2 });
  assert.equal(ch.status, 204, describe(ch));
  const set = await a.patch(`/api/v1/users/${s.user.id}`, { password: s.pw3 });
  assert.equal(set.status, 200, describe(set));
  s.auditorClient = await new Client(ctx.url).mustLogin(s.username, s.pw3);
  const t = await a.post('/api/v1/tokens', { name: '审计令牌', role: 'admin' });
  assert.equal(t.status, 201, describe(t));
  s.token = t.json.token;
  s.tokenId = t.json.id;
  // Use the token once (a write), so anything it does is audited too.
  s.tokenStore = await created(await new Client(ctx.url, { token: s.token }).post('/api/v1/stores', { code: uid('AU'), name: '令牌店' }), 'store via token');
  const lo = await new Client(ctx.url).mustLogin(s.username, s.pw3);
  s.logoutStatus = (await lo.post('/api/v1/auth/logout', undefined)).status;
  // An employee with personal data, changed once (its before/after carry phone and email).
  s.emp = await created(await a.post('/api/v1/employees', { store_id: s.store2.id, department_id: s.dept.id, name: '孙丽', employee_no: uid('E'), phone: '13987654321', email: 'sunli@example.com' }), 'employee');
  const pe = await a.patch(`/api/v1/employees/${s.emp.id}`, { phone: '13711112222', email: 'sunli2@example.com' });
  assert.equal(pe.status, 200, describe(pe));
  const bad = await new Client(ctx.url).login(s.username, 'Wrong-password-audit');
  assert.equal(bad.status, 401);
  s.all = await a.listAll('/api/v1/audit');
}

const entriesFor = (entity, id) => s.all.filter((e) => e.entity === entity && e.entity_id === id);

test('audit entries have the documented shape and come newest first', () => {
  assert.ok(s.all.length >= 8, `only ${s.all.length} audit entries`);
  for (const e of s.all) {
    for (const k of ['id', 'at', 'user_id', 'username', 'action', 'entity', 'entity_id', 'before', 'after', 'ip']) {
      assert.ok(k in e, `audit entry without ${k}: ${JSON.stringify(e)}`);
    }
    assert.match(e.at, RFC3339_UTC);
  }
  const ids = s.all.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'audit not newest first (id descending)');
  assert.equal(new Set(ids).size, ids.length, 'duplicate audit ids across pages');
});

test('store create / update / delete are logged with who, before and after', () => {
  const es = entriesFor('store', s.store.id);
  const c = es.find((e) => e.action === 'create');
  assert.ok(c, `no create entry for the store: ${JSON.stringify(es)}`);
  assert.equal(c.user_id, s.adminId);
  assert.equal(c.username, 'admin');
  assert.equal(c.before, null);
  assert.equal(c.after?.name, '审计店');
  assert.equal(c.after?.code, s.store.code);
  assert.equal(c.ip, '127.0.0.1');
  const u = es.find((e) => e.action === 'update');
  assert.ok(u, `no update entry: ${JSON.stringify(es)}`);
  assert.equal(u.before?.name, '审计店');
  assert.equal(u.after?.name, '审计旗舰店');
  assert.equal(u.user_id, s.adminId);
  const d = es.find((e) => e.action === 'delete');
  assert.ok(d, `no delete entry: ${JSON.stringify(es)}`);
  assert.equal(d.before?.active, true);
  assert.ok(d.after === null || d.after.active === false, `delete after: ${JSON.stringify(d.after)}`);
  assert.ok(c.id < u.id && u.id < d.id, 'entries out of order');
});

test('department, user, password, token and login events are logged', () => {
  assert.ok(entriesFor('department', s.dept.id).some((e) => e.action === 'create' && e.after?.name === '审计部'));
  const ue = entriesFor('user', s.user.id);
  assert.ok(ue.some((e) => e.action === 'create' && e.after?.username === s.username), `user create: ${JSON.stringify(ue)}`);
  const pw = s.all.filter((e) => e.action === 'password');
  assert.ok(pw.some((e) => e.user_id === s.user.id), `no password entry by the user: ${JSON.stringify(pw)}`);
  assert.ok(s.all.some((e) => e.action === 'login' && e.user_id === s.user.id), 'no login entry');
  assert.ok(s.all.some((e) => ['token', 'api_token'].includes(e.entity) && e.entity_id === s.tokenId && e.action === 'create'), 'no token create entry');
  const viaToken = entriesFor('store', s.tokenStore.id).find((e) => e.action === 'create');
  assert.ok(viaToken, 'the token\'s write is not audited');
});

test('logout is logged', () => {
  assert.equal(s.logoutStatus, 204);
  assert.ok(s.all.some((e) => e.action === 'logout' && e.user_id === s.user.id), 'no logout entry');
});

test('employee changes are logged; the auditor sees phone and email in before/after masked', async () => {
  const es = (await ctx.admin.listAll(`/api/v1/audit?entity=employee&entity_id=${s.emp.id}`));
  const u = es.find((e) => e.action === 'update');
  assert.ok(u, `no update entry for the employee: ${JSON.stringify(es)}`);
  assert.equal(u.before?.phone, '13987654321', 'admin sees the full phone in before');
  assert.equal(u.after?.phone, '13711112222', 'admin sees the full phone in after');
  const seen = await s.auditorClient.listAll(`/api/v1/audit?entity=employee&entity_id=${s.emp.id}`);
  const text = JSON.stringify(seen);
  assert.ok(seen.length >= 2, 'the auditor does not see the employee entries');
  for (const pii of ['13987654321', '13711112222', 'sunli@example.com', 'sunli2@example.com']) {
    assert.ok(!text.includes(pii), `the auditor reads ${pii} unmasked in the audit log (phone/email must be masked for auditor)`);
  }
  assert.ok(text.includes('139****4321') || text.includes('137****2222'), 'no masked phone in the auditor\'s view');
});

test('filters: entity, entity_id, user_id; pagination with after (descending)', async () => {
  const f = await ctx.admin.listAll(`/api/v1/audit?entity=store&entity_id=${s.store.id}`);
  assert.ok(f.length >= 3);
  assert.ok(f.every((e) => e.entity === 'store' && e.entity_id === s.store.id), JSON.stringify(f));
  const byUser = await ctx.admin.listAll(`/api/v1/audit?user_id=${s.user.id}`);
  assert.ok(byUser.length >= 1);
  assert.ok(byUser.every((e) => e.user_id === s.user.id));
  const ents = await ctx.admin.listAll('/api/v1/audit?entity=department');
  assert.ok(ents.length >= 1 && ents.every((e) => e.entity === 'department'));

  const p1 = await ctx.admin.get('/api/v1/audit?limit=2');
  assert.equal(p1.status, 200, describe(p1));
  assert.equal(p1.json.items.length, 2);
  assert.equal(p1.json.next_after, p1.json.items[1].id);
  const p2 = await ctx.admin.get(`/api/v1/audit?limit=2&after=${p1.json.next_after}`);
  assert.equal(p2.status, 200, describe(p2));
  assert.ok(p2.json.items.every((e) => e.id < p1.json.next_after), 'the next page is not older');
  assert.deepEqual(p2.json.items.map((e) => e.id), s.all.map((e) => e.id).slice(2, 4));
  assertError(await ctx.admin.get('/api/v1/audit?limit=0'), 400, 'invalid', 'limit');
});

test('auditor reads the audit log; a cr_agent cannot', async () => {
  const r = await s.auditorClient.get('/api/v1/audit?limit=5');
  assert.equal(r.status, 200, describe(r));
  const store = (await ctx.admin.listAll('/api/v1/stores'))[0];
  const cr = await created(await ctx.admin.post('/api/v1/users', { username: uid('cr.'), role: 'cr_agent', store_id: store.id, password: 'Cr-agent-audit-1' }), 'cr');
  const crc = await new Client(ctx.url).mustLogin(cr.username, 'Cr-agent-audit-1');
  assertError(await crc.get('/api/v1/audit'), 403, 'forbidden');
});

function walkKeys(v, out = []) {
  if (Array.isArray(v)) v.forEach((x) => walkKeys(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); walkKeys(x, out); }
  return out;
}

test('the audit log never contains a password, a token or a hash', async () => {
  const all = await ctx.admin.listAll('/api/v1/audit');
  const text = JSON.stringify(all);
  for (const secret of [ADMIN_PASSWORD, s.pw1, s.pw2, s.pw3, s.token, 'Wrong-password-audit']) {
    assert.ok(!text.includes(secret), `the audit log contains a secret (${secret.slice(0, 6)}…)`);
  }
  const keys = walkKeys(all.map((e) => [e.before, e.after]));
  const bad = keys.filter((k) => /pass|hash|secret|^token$|salt/i.test(k));
  assert.deepEqual(bad, [], 'audit before/after carry secret fields');
  assert.doesNotMatch(text, /\$argon2/i, 'an argon2 hash in the audit log');
});

test('no password or token is stored or logged in clear (store files, server log)', async () => {
  let blobs;
  if (ctx.server.db.startsWith('sqlite:')) {
    const files = [ctx.server.dbPath, `${ctx.server.dbPath}-wal`, `${ctx.server.dbPath}-journal`].filter((f) => existsSync(f));
    assert.ok(files.length >= 1, 'no SQLite file found');
    blobs = files.map((f) => [f, readFileSync(f)]);
  } else {
    // PostgreSQL: every row of the database, as pg_dump writes it
    const dump = execFileSync('pg_dump', ['--data-only', ctx.server.db], { maxBuffer: 64 << 20 });
    assert.ok(dump.length > 0 && dump.includes(Buffer.from('audit_log')), 'pg_dump returned no data');
    blobs = [['pg_dump', dump]];
  }
  blobs.push(['server stderr', Buffer.from(ctx.server.stderr)]);
  blobs.push(['server stdout', Buffer.from(ctx.server.stdout || '')]);
  for (const secret of [ADMIN_PASSWORD, s.pw1, s.pw2, s.pw3, s.token, 'Wrong-password-audit']) {
    const needle = Buffer.from(secret, 'utf8');
    for (const [name, buf] of blobs) {
      assert.equal(buf.indexOf(needle), -1, `${name} contains a secret in clear (${secret.slice(0, 6)}…)`);
    }
  }
  // The session cookie value is a bearer credential too: not in the log.
  const sid = ctx.admin.cookies.get('manyi_session');
  assert.equal(ctx.server.stderr.indexOf(sid), -1, 'the server log contains a session id');
});

testCleanExit(ctx);
