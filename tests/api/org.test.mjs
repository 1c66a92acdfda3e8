// SPDX-License-Identifier: MIT
// CRUD of the organisation: tenant, stores, departments, employees, users, roles; pagination;
// conflicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertError, assertStatus, describe, uid } from './lib/client.mjs';
import { useServer, testCleanExit, created, ROLES, ADMIN_PASSWORD } from './lib/harness.mjs';

const ctx = useServer();
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function mustGet(path) {
  const r = await ctx.admin.get(path);
  assert.equal(r.status, 200, describe(r));
  return r.json;
}

async function deactivate(path) {
  const r = await ctx.admin.del(path);
  assertStatus(r, [200, 204]);
  const after = await mustGet(path);
  assert.equal(after.active, false, `${path} still active after DELETE`);
  if (r.status === 200) assert.equal(r.json.active, false, `DELETE ${path} answered an active object`);
  return after;
}

test('tenant: GET and PATCH (admin)', async () => {
  const t = await mustGet('/api/v1/tenant');
  assert.ok(Number.isInteger(t.id));
  assert.match(t.created_at, RFC3339_UTC);
  const r = await ctx.admin.patch('/api/v1/tenant', { name: '满意汽车集团', timezone: 'Asia/Shanghai' });
  assert.equal(r.status, 200, describe(r));
  assert.equal(r.json.name, '满意汽车集团');
  assert.equal((await mustGet('/api/v1/tenant')).name, '满意汽车集团');
  assertError(await ctx.admin.patch('/api/v1/tenant', { timezone: 'Mars/Olympus_Mons' }), 400, 'invalid', 'timezone');
  assertError(await ctx.admin.patch('/api/v1/tenant', { name: '' }), 400, 'invalid', 'name');
  assert.equal((await mustGet('/api/v1/tenant')).name, '满意汽车集团');
});

test('roles: the six roles with labels and scopes', async () => {
  const r = await mustGet('/api/v1/roles');
  assert.ok(Array.isArray(r.items), JSON.stringify(r));
  assert.deepEqual(r.items.map((x) => x.name).sort(), [...ROLES].sort());
  const scopes = { admin: 'tenant', auditor: 'tenant', store_manager: 'store', cr_agent: 'store', dept_manager: 'department', staff: 'department' };
  for (const x of r.items) {
    assert.equal(typeof x.label, 'string');
    assert.ok(x.label.length > 0);
    assert.equal(x.scope, scopes[x.name], `scope of ${x.name}`);
  }
});

test('stores: create, get, patch, deactivate', async () => {
  const code = uid('ST');
  const body = { code, name: '上海浦东店', city: '上海', address: '世纪大道100号', phone: '021-55556666' };
  const s = await created(await ctx.admin.post('/api/v1/stores', body), 'store');
  for (const k of Object.keys(body)) assert.equal(s[k], body[k], `store.${k}`);
  assert.equal(s.active, true);
  assert.match(s.created_at, RFC3339_UTC);
  assert.match(s.updated_at, RFC3339_UTC);
  assert.deepEqual(await mustGet(`/api/v1/stores/${s.id}`), s);

  const p = await ctx.admin.patch(`/api/v1/stores/${s.id}`, { name: '上海浦东旗舰店', city: '上海市' });
  assert.equal(p.status, 200, describe(p));
  assert.equal(p.json.name, '上海浦东旗舰店');
  assert.equal(p.json.city, '上海市');
  assert.equal(p.json.code, code, 'PATCH changed a field it was not given');
  assert.equal(p.json.address, body.address, 'PATCH changed a field it was not given');
  assert.deepEqual(await mustGet(`/api/v1/stores/${s.id}`), p.json);

  await deactivate(`/api/v1/stores/${s.id}`);
  assertError(await ctx.admin.get('/api/v1/stores/99999999'), 404, 'not_found');
  assertError(await ctx.admin.patch('/api/v1/stores/99999999', { name: 'x' }), 404, 'not_found');
  assertError(await ctx.admin.del('/api/v1/stores/99999999'), 404, 'not_found');
});

test('stores: duplicate code → 409 conflict naming "code" (create and patch), nothing written', async () => {
  const code = uid('DUP');
  const a = await created(await ctx.admin.post('/api/v1/stores', { code, name: '甲店' }), 'store');
  const before = await ctx.admin.listAll('/api/v1/stores');
  assertError(await ctx.admin.post('/api/v1/stores', { code, name: '乙店' }), 409, 'conflict', 'code');
  assert.deepEqual(await ctx.admin.listAll('/api/v1/stores'), before);
  const b = await created(await ctx.admin.post('/api/v1/stores', { code: uid('DUP'), name: '丙店' }), 'store');
  assertError(await ctx.admin.patch(`/api/v1/stores/${b.id}`, { code }), 409, 'conflict', 'code');
  assert.deepEqual(await mustGet(`/api/v1/stores/${b.id}`), b);
  assert.equal((await mustGet(`/api/v1/stores/${a.id}`)).code, code);
});

test('stores: pagination with limit / after / next_after (keyset, ascending, complete)', async () => {
  for (let i = 0; i < 7; i++) await created(await ctx.admin.post('/api/v1/stores', { code: uid('PG'), name: `分页店${i}` }), 'store');
  const all = await ctx.admin.listAll('/api/v1/stores');
  assert.ok(all.length >= 7);
  const ids = [];
  let after = null;
  let pages = 0;
  for (;;) {
    const r = await ctx.admin.get(`/api/v1/stores?limit=3${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, describe(r));
    assert.ok(r.json.items.length <= 3, 'page larger than limit');
    assert.ok('next_after' in r.json, 'no next_after');
    ids.push(...r.json.items.map((x) => x.id));
    pages++;
    if (r.json.next_after === null) break;
    assert.equal(r.json.items.length, 3, 'a non-final page is short');
    assert.equal(r.json.next_after, r.json.items.at(-1).id, 'next_after is not the last id of the page');
    after = r.json.next_after;
    assert.ok(pages < 50);
  }
  assert.ok(pages >= 3);
  assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'ids not ascending');
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids across pages');
  assert.deepEqual(ids, all.map((x) => x.id));
  // Default limit 50 and bounds.
  const d = await mustGet('/api/v1/stores');
  assert.ok(d.items.length === Math.min(all.length, 50));
  for (const bad of ['0', '201', '-1', 'abc', '1.5']) {
    assertError(await ctx.admin.get(`/api/v1/stores?limit=${bad}`), 400, 'invalid', 'limit');
  }
  assertError(await ctx.admin.get('/api/v1/stores?after=abc'), 400, 'invalid', 'after');
  assert.equal((await mustGet('/api/v1/stores?limit=200')).items.length, Math.min(all.length, 200));
  const last = await mustGet(`/api/v1/stores?after=${all.at(-1).id}`);
  assert.deepEqual(last, { items: [], next_after: null });
});

test('departments: create, get, list with store_id filter, patch, conflict on name in a store, deactivate', async () => {
  const s1 = await created(await ctx.admin.post('/api/v1/stores', { code: uid('DS'), name: '部门测试一店' }), 'store');
  const s2 = await created(await ctx.admin.post('/api/v1/stores', { code: uid('DS'), name: '部门测试二店' }), 'store');
  const d = await created(await ctx.admin.post('/api/v1/departments', { store_id: s1.id, name: '销售部', kind: 'sales' }), 'department');
  assert.equal(d.store_id, s1.id);
  assert.equal(d.name, '销售部');
  assert.equal(d.kind, 'sales');
  assert.equal(d.active, true);
  assert.match(d.created_at, RFC3339_UTC);
  assert.deepEqual(await mustGet(`/api/v1/departments/${d.id}`), d);
  // Same name in another store is fine; in the same store a conflict.
  const d2 = await created(await ctx.admin.post('/api/v1/departments', { store_id: s2.id, name: '销售部', kind: 'sales' }), 'department');
  const before = await ctx.admin.listAll('/api/v1/departments');
  assertError(await ctx.admin.post('/api/v1/departments', { store_id: s1.id, name: '销售部', kind: 'cr' }), 409, 'conflict', 'name');
  assertError(await ctx.admin.post('/api/v1/departments', { store_id: s1.id, name: '其他', kind: 'marketing' }), 400, 'invalid', 'kind');
  const missingStore = await ctx.admin.post('/api/v1/departments', { store_id: 99999999, name: '幽灵部', kind: 'other' });
  assertError(missingStore, [400, 404]);
  if (missingStore.status === 400) assert.equal(missingStore.json.error.field, 'store_id', describe(missingStore));
  assert.deepEqual(await ctx.admin.listAll('/api/v1/departments'), before);

  const f = await ctx.admin.listAll(`/api/v1/departments?store_id=${s1.id}`);
  assert.deepEqual(f.map((x) => x.id), [d.id]);
  const f2 = await ctx.admin.listAll(`/api/v1/departments?store_id=${s2.id}`);
  assert.deepEqual(f2.map((x) => x.id), [d2.id]);

  const p = await ctx.admin.patch(`/api/v1/departments/${d.id}`, { name: '新车销售部', kind: 'other' });
  assert.equal(p.status, 200, describe(p));
  assert.equal(p.json.name, '新车销售部');
  assert.equal(p.json.kind, 'other');
  assert.equal(p.json.store_id, s1.id);
  await deactivate(`/api/v1/departments/${d.id}`);
});

test('employees: create (phone normalised), get, filters, patch, conflicts, department must match store', async () => {
  const s1 = await created(await ctx.admin.post('/api/v1/stores', { code: uid('ES'), name: '员工测试一店' }), 'store');
  const s2 = await created(await ctx.admin.post('/api/v1/stores', { code: uid('ES'), name: '员工测试二店' }), 'store');
  const d1 = await created(await ctx.admin.post('/api/v1/departments', { store_id: s1.id, name: '售后部', kind: 'after_sales' }), 'department');
  const d2 = await created(await ctx.admin.post('/api/v1/departments', { store_id: s2.id, name: '客服部', kind: 'cr' }), 'department');
  const no = uid('E');
  const e = await created(await ctx.admin.post('/api/v1/employees', {
    store_id: s1.id, department_id: d1.id, name: '欧阳娜娜', employee_no: no, position: '服务顾问',
    phone: '+86 139-0000-1111', email: 'nana@example.com',
  }), 'employee');
  assert.equal(e.phone, '13900001111', 'phone not normalised');
  assert.equal(e.email, 'nana@example.com');
  assert.equal(e.store_id, s1.id);
  assert.equal(e.department_id, d1.id);
  assert.equal(e.employee_no, no);
  assert.equal(e.active, true);
  assert.deepEqual(await mustGet(`/api/v1/employees/${e.id}`), e);
  const e2 = await created(await ctx.admin.post('/api/v1/employees', {
    store_id: s2.id, department_id: d2.id, name: '陈杰', employee_no: uid('E'), phone: '', email: '',
  }), 'employee with empty phone');
  assert.equal(e2.phone, '');

  const before = await ctx.admin.listAll('/api/v1/employees');
  assertError(await ctx.admin.post('/api/v1/employees', { store_id: s2.id, department_id: d2.id, name: '重号', employee_no: no }), 409, 'conflict', 'employee_no');
  assertError(await ctx.admin.post('/api/v1/employees', { store_id: s1.id, department_id: d2.id, name: '错店', employee_no: uid('E') }), 400, 'invalid', 'department_id');
  for (const phone of ['12345', '12012345678', '1381234567x', '138123456789']) {
    assertError(await ctx.admin.post('/api/v1/employees', { store_id: s1.id, department_id: d1.id, name: '坏号', employee_no: uid('E'), phone }), 400, 'invalid', 'phone');
  }
  assert.deepEqual(await ctx.admin.listAll('/api/v1/employees'), before);

  assert.deepEqual((await ctx.admin.listAll(`/api/v1/employees?store_id=${s1.id}`)).map((x) => x.id), [e.id]);
  assert.deepEqual((await ctx.admin.listAll(`/api/v1/employees?department_id=${d2.id}`)).map((x) => x.id), [e2.id]);
  assert.deepEqual((await ctx.admin.listAll(`/api/v1/employees?q=${encodeURIComponent('欧阳')}`)).map((x) => x.id), [e.id]);
  assert.deepEqual((await ctx.admin.listAll(`/api/v1/employees?q=${encodeURIComponent('不存在的人')}`)), []);

  const p = await ctx.admin.patch(`/api/v1/employees/${e.id}`, { position: '服务经理', phone: '13700001111' });
  assert.equal(p.status, 200, describe(p));
  assert.equal(p.json.position, '服务经理');
  assert.equal(p.json.phone, '13700001111');
  assert.equal(p.json.name, '欧阳娜娜');
  // Moving to a department of another store without changing the store is refused.
  assertError(await ctx.admin.patch(`/api/v1/employees/${e.id}`, { department_id: d2.id }), 400, 'invalid', 'department_id');
  assert.deepEqual(await mustGet(`/api/v1/employees/${e.id}`), p.json);
  await deactivate(`/api/v1/employees/${e.id}`);
});

test('users: create (no password echoed), login, get, list, patch, conflicts and validation, deactivate', async () => {
  const s = await created(await ctx.admin.post('/api/v1/stores', { code: uid('US'), name: '用户测试店' }), 'store');
  const d = await created(await ctx.admin.post('/api/v1/departments', { store_id: s.id, name: '销售部', kind: 'sales' }), 'department');
  const username = uid('li.lei@');
  const password = 'Li-Lei-密码-0123';
  const r = await ctx.admin.post('/api/v1/users', { username, display_name: '李雷', role: 'store_manager', store_id: s.id, password });
  const u = await created(r, 'user');
  assert.ok(!r.text.includes(password), 'the password is echoed');
  assert.doesNotMatch(r.text, /"password|hash"/i);
  assert.equal(u.username, username);
  assert.equal(u.display_name, '李雷');
  assert.equal(u.role, 'store_manager');
  assert.equal(u.store_id, s.id);
  assert.equal(u.active, true);
  assert.equal(u.last_login_at, null);
  const c = await new Client(ctx.url).mustLogin(username, password);
  assert.equal(c.user.id, u.id);
  const g = await mustGet(`/api/v1/users/${u.id}`);
  assert.match(g.last_login_at, RFC3339_UTC, 'last_login_at not set by login');
  const all = await ctx.admin.listAll('/api/v1/users');
  assert.ok(all.some((x) => x.id === u.id));
  assert.ok(all.some((x) => x.username === 'admin'));
  assert.ok(!JSON.stringify(all).match(/password|hash/i), 'user list mentions password/hash');

  const p = await ctx.admin.patch(`/api/v1/users/${u.id}`, { display_name: '李雷雷' });
  assert.equal(p.status, 200, describe(p));
  assert.equal(p.json.display_name, '李雷雷');
  assert.equal(p.json.role, 'store_manager');

  const before = await ctx.admin.listAll('/api/v1/users');
  const bad = [
    [{ username, role: 'auditor', password: 'long-enough-pw' }, 409, 'conflict', 'username'],
    [{ username: 'ab', role: 'auditor', password: 'long-enough-pw' }, 400, 'invalid', 'username'],
    [{ username: 'has space', role: 'auditor', password: 'long-enough-pw' }, 400, 'invalid', 'username'],
    [{ username: '用户名', role: 'auditor', password: 'long-enough-pw' }, 400, 'invalid', 'username'],
    [{ username: 'x'.repeat(65), role: 'auditor', password: 'long-enough-pw' }, 400, 'invalid', 'username'],
    [{ username: uid('u.'), role: 'auditor', password: '123456789' }, 400, 'invalid', 'password'],
    [{ username: uid('u.'), role: 'auditor', password: 'x'.repeat(129) }, 400, 'invalid', 'password'],
    [{ username: uid('u.'), role: 'auditor' }, 400, 'invalid', 'password'],
    [{ username: uid('u.'), role: 'superuser', password: 'long-enough-pw' }, 400, 'invalid', 'role'],
    [{ username: uid('u.'), role: 'store_manager', password: 'long-enough-pw' }, 400, 'invalid', 'store_id'],
    [{ username: uid('u.'), role: 'cr_agent', password: 'long-enough-pw' }, 400, 'invalid', 'store_id'],
    [{ username: uid('u.'), role: 'dept_manager', password: 'long-enough-pw' }, 400, 'invalid', 'department_id'],
    [{ username: uid('u.'), role: 'staff', password: 'long-enough-pw' }, 400, 'invalid', 'department_id'],
  ];
  for (const [body, st, code, field] of bad) {
    assertError(await ctx.admin.post('/api/v1/users', body), st, code, field);
  }
  assert.deepEqual(await ctx.admin.listAll('/api/v1/users'), before, 'a rejected user create wrote something');
  // 128 characters (multi-byte) is a valid password; 10 too.
  const pw128 = '密'.repeat(128);
  const u2 = await created(await ctx.admin.post('/api/v1/users', { username: uid('u.'), role: 'staff', department_id: d.id, password: pw128 }), 'user with a 128-char password');
  assert.equal(u2.store_id, s.id, 'staff: the store of the department is not implied');
  await new Client(ctx.url).mustLogin(u2.username, pw128);

  // A role change must satisfy the role's scope fields.
  const aud = await created(await ctx.admin.post('/api/v1/users', { username: uid('aud.'), role: 'auditor', password: 'Auditor-pass-1' }), 'auditor');
  assertError(await ctx.admin.patch(`/api/v1/users/${aud.id}`, { role: 'cr_agent' }), 400, 'invalid', 'store_id');
  assertError(await ctx.admin.patch(`/api/v1/users/${aud.id}`, { role: 'dept_manager' }), 400, 'invalid', 'department_id');
  assert.equal((await mustGet(`/api/v1/users/${aud.id}`)).role, 'auditor');
  const promoted = await ctx.admin.patch(`/api/v1/users/${aud.id}`, { role: 'cr_agent', store_id: s.id });
  assert.equal(promoted.status, 200, describe(promoted));
  assert.equal(promoted.json.role, 'cr_agent');
  assert.equal(promoted.json.store_id, s.id);

  await deactivate(`/api/v1/users/${u.id}`);
  assertError(await c.get('/api/v1/auth/me'), 401, 'unauthorized');
});

test('employee phone: +86, spaces and dashes are accepted and normalised to 11 digits', async () => {
  const s = await created(await ctx.admin.post('/api/v1/stores', { code: uid('PH'), name: '电话店' }), 'store');
  const d = await created(await ctx.admin.post('/api/v1/departments', { store_id: s.id, name: '售后部', kind: 'after_sales' }), 'dept');
  for (const phone of ['13812345678', '+8613812345678', '+86 138 1234 5678', '138-1234-5678', ' 138 1234 5678 ', '+86-199-0000-1111']) {
    const r = await ctx.admin.post('/api/v1/employees', { store_id: s.id, department_id: d.id, name: '电话测试', employee_no: uid('P'), phone });
    assert.equal(r.status, 201, `phone ${JSON.stringify(phone)}: ${describe(r)}`);
    assert.match(r.json.phone, /^1[3-9]\d{9}$/, `phone ${JSON.stringify(phone)} stored as ${r.json.phone}`);
    assert.equal(r.json.phone, phone.replace(/^\s*\+86/, '').replace(/[\s-]/g, ''));
  }
});

test('every list paginates the same way: limit=1 pages add up to the full list', async () => {
  for (const p of ['/api/v1/stores', '/api/v1/departments', '/api/v1/employees', '/api/v1/users', '/api/v1/tokens']) {
    const all = await ctx.admin.listAll(p);
    const seen = [];
    let after = null;
    for (let i = 0; i <= all.length + 1; i++) {
      const r = await ctx.admin.get(`${p}?limit=1${after ? `&after=${after}` : ''}`);
      assert.equal(r.status, 200, describe(r));
      seen.push(...r.json.items);
      if (r.json.next_after === null) break;
      after = r.json.next_after;
    }
    assert.deepEqual(seen.map((x) => x.id), all.map((x) => x.id), `${p}: limit=1 pages differ from the full list`);
  }
});

test('concurrency: 20 parallel creates of one store code → exactly one 201, the rest 409', async () => {
  const code = uid('RACE');
  const clients = await Promise.all(Array.from({ length: 4 }, () => new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD)));
  const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 4].post('/api/v1/stores', { code, name: `并发店${i}` })));
  const st = rs.map((r) => r.status).sort();
  assert.equal(st.filter((x) => x === 201).length, 1, `statuses: ${st.join(',')}`);
  assert.equal(st.filter((x) => x === 409).length, 19, `statuses: ${st.join(',')} ${rs.find((r) => ![201, 409].includes(r.status))?.text}`);
  const all = await ctx.admin.listAll('/api/v1/stores');
  assert.equal(all.filter((x) => x.code === code).length, 1);
  // Parallel reads keep working.
  const reads = await Promise.all(Array.from({ length: 50 }, () => clients[0].get('/api/v1/stores?limit=5')));
  assert.deepEqual([...new Set(reads.map((r) => r.status))], [200]);
});

testCleanExit(ctx);
