// SPDX-License-Identifier: MIT
// The authorisation matrix: every route printed by `manyi routes` × every role of tenant A ×
// tenant B's admin × an anonymous caller, against the roles-and-scopes table of
// docs/api/README.md. A route without an entry in MATRIX fails the test, so new routes cannot
// slip through untested. Every rejected write is checked to have changed nothing (tenant A and
// tenant B). Mismatches are collected and reported together per route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { Client, uid } from './lib/client.mjs';
import { serverRoutes } from './lib/server.mjs';
import { useServer, testCleanExit, buildOrg, ROLES, created } from './lib/harness.mjs';

const ctx = useServer({ setup });
let o;
let routes;

const CALLERS = [...ROLES, 'tenant_b', 'anon'];
const MASKED = new Set(['cr_agent', 'staff', 'auditor']);
const OK2 = [200, 204]; // DELETE answers the deactivated object or nothing
const EITHER = [403, 404]; // the role may not write AND the object is outside its scope
const REF = [400, 403, 404]; // a body references an object outside the caller's scope

async function setup() {
  o = await buildOrg(ctx);
  o.clients.anon = new Client(ctx.url);
  routes = await serverRoutes();
  await loadCapabilityMatrices();
}

/**
 * Each capability adds its routes' cases in tests/api/matrix/<capability>.mjs:
 *   export async function setup(kit) { … }   // optional: make its own fixtures in A and B
 *   export function cases(kit) { return { 'GET /api/v1/…': [case, …], … } }
 * kit gives the built organisation (o: clients per caller, S1, S2, SB, D1, D1b, D2, DB …) and
 * the helpers below, so a module writes its cases exactly like the ones in this file.
 */
async function loadCapabilityMatrices() {
  const dir = new URL('./matrix/', import.meta.url);
  let files = [];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.mjs')).sort();
  } catch {
    return; // no capability matrices yet
  }
  const kit = { o, ctx, ex, onlyAdmin, listVerify, created, uid, Client, EITHER, REF, OK2, CALLERS, MASKED, A_STORE };
  for (const f of files) {
    const m = await import(new URL(f, dir));
    if (m.setup) await m.setup(kit);
    for (const [route, list] of Object.entries(m.cases(kit))) {
      assert.ok(!MATRIX[route], `${f}: ${route} already has matrix cases`);
      MATRIX[route] = list;
    }
  }
}

/** Expectation map: defaults for all of tenant A, then overrides. anon → 401 unless given. */
function ex(defaultA, overrides = {}) {
  const m = {};
  for (const r of ROLES) m[r] = defaultA;
  m.tenant_b = 404;
  m.anon = 401;
  return { ...m, ...overrides };
}
const onlyAdmin = (okStatus, extra = {}) => ex(403, { admin: okStatus, ...extra });

// --- victims: fresh objects for requests expected to succeed (or to probe scope) ---------------
const v = {
  async store() { return (await created(await o.clients.admin.post('/api/v1/stores', { code: uid('V'), name: '待删店' }), 'victim store')).id; },
  async dept(storeId) { return (await created(await o.clients.admin.post('/api/v1/departments', { store_id: storeId, name: uid('待删部'), kind: 'other' }), 'victim dept')).id; },
  async emp(storeId, deptId) { return (await created(await o.clients.admin.post('/api/v1/employees', { store_id: storeId, department_id: deptId, name: '待删员工', employee_no: uid('V') }), 'victim employee')).id; },
  async user() { return (await created(await o.clients.admin.post('/api/v1/users', { username: uid('victim.'), role: 'staff', department_id: o.D1.id, password: 'Victim-password-1' }), 'victim user')).id; },
  async token() { return (await created(await o.clients.admin.post('/api/v1/tokens', { name: uid('victim'), role: 'auditor' }), 'victim token')).id; },
};

const ids = (list) => new Set(list.map((x) => x.id));

/** For list routes: the caller's full list must include `see` and exclude `hide`. */
function listVerify(see, hide) {
  return async ({ caller, client, path, fail }) => {
    const all = await client.listAll(path);
    const got = ids(all);
    for (const [name, obj] of Object.entries(see(caller))) if (!got.has(obj.id)) fail(`does not see ${name} (id ${obj.id}) in ${path}`);
    for (const [name, obj] of Object.entries(hide(caller))) if (got.has(obj.id)) fail(`sees ${name} (id ${obj.id}) in ${path} (outside tenant/scope)`);
    return all;
  };
}

function checkMask(caller, e, fail, where) {
  if (!e) return;
  if (MASKED.has(caller)) {
    if (e.phone !== '138****5678') fail(`${where}: phone not masked for ${caller}: ${JSON.stringify(e.phone)} (want "138****5678")`);
    if (e.email !== 'z***@example.com') fail(`${where}: email not masked for ${caller}: ${JSON.stringify(e.email)} (want "z***@example.com")`);
  } else if (caller !== 'tenant_b') {
    if (e.phone !== '13812345678') fail(`${where}: phone of ${caller} is ${JSON.stringify(e.phone)}, want the full "13812345678"`);
    if (e.email !== 'zhangwei@example.com') fail(`${where}: email of ${caller} is ${JSON.stringify(e.email)}, want the full address`);
  }
}

const A_STORE = { store_manager: 1, dept_manager: 1, cr_agent: 1, staff: 1 };

/**
 * MATRIX: route → cases. A case: label, path(caller) (string or fn, may be async), body(caller),
 * expect {caller → status | [statuses] | undefined (skip)}, verify(ctx) for extra checks,
 * client(caller) to use another client than the caller's main one, entity to snapshot on
 * rejected writes.
 */
const MATRIX = {
  'GET /healthz': [{ label: 'health', path: '/healthz', expect: ex(200, { tenant_b: 200, anon: 200 }) }],
  'GET /metrics': [{ label: 'metrics', path: '/metrics', expect: ex(200, { tenant_b: 200, anon: 200 }) }],

  'POST /api/v1/auth/login': [{
    label: 'own credentials', path: '/api/v1/auth/login', expect: ex(200, { tenant_b: 200, anon: undefined }),
    client: () => new Client(ctx.url),
    body: (c) => ({ username: o.users[c].username, password: o.users[c].password }),
    verify: ({ caller, res, fail }) => {
      const wantRole = caller === 'tenant_b' ? 'admin' : caller;
      if (res.json?.user?.role !== wantRole) fail(`login as ${caller} answered role ${res.json?.user?.role}`);
      const wantTenant = caller === 'tenant_b' ? o.tenantBId : o.tenantA.id;
      if (res.json?.tenant?.id !== wantTenant) fail(`login as ${caller} answered tenant ${res.json?.tenant?.id}`);
    },
  }],
  'POST /api/v1/auth/logout': [{
    label: 'a second session', path: '/api/v1/auth/logout', expect: ex(204, { tenant_b: 204 }),
    client: async (c) => (c === 'anon' ? new Client(ctx.url) : new Client(ctx.url).mustLogin(o.users[c].username, o.users[c].password)),
    verify: async ({ caller, client, fail }) => {
      if ((await client.get('/api/v1/auth/me')).status !== 401) fail('session still valid after logout');
      if ((await o.clients[caller].get('/api/v1/auth/me')).status !== 200) fail('logout of a second session ended the main session');
    },
  }],
  'GET /api/v1/auth/me': [{
    label: 'me', path: '/api/v1/auth/me', expect: ex(200, { tenant_b: 200 }),
    verify: ({ caller, res, fail }) => {
      if (res.json?.user?.username !== o.users[caller].username) fail(`me answered ${res.json?.user?.username}`);
      if (typeof res.json?.csrf_token !== 'string') fail('me has no csrf_token');
    },
  }],
  'POST /api/v1/auth/password': [{
    label: 'change and change back', path: '/api/v1/auth/password', expect: ex(204, { tenant_b: 204 }),
    body: (c) => (c === 'anon' ? { old_password: 'whatever-123', new_password: 'whatever-456' } : { old_password: o.users[c].password, new_password: `${o.users[c].password}-新` }),
    verify: async ({ caller, client, fail }) => {
      const back = await client.post('/api/v1/auth/password', { old_password: `${o.users[caller].password}-新`, new_password: o.users[caller].password });
      if (back.status !== 204) fail(`changing the password back → ${back.status} ${back.text}`);
      const me = await client.get('/api/v1/auth/me');
      if (me.status !== 200) {
        fail('the current session ended with the password change');
        await client.mustLogin(o.users[caller].username, o.users[caller].password);
      }
    },
  }],

  'GET /api/v1/tenant': [{
    label: 'own tenant', path: '/api/v1/tenant', expect: ex(200, { tenant_b: 200 }),
    verify: ({ caller, res, fail }) => {
      const want = caller === 'tenant_b' ? o.tenantBId : o.tenantA.id;
      if (res.json?.id !== want) fail(`tenant id ${res.json?.id}, want ${want}`);
    },
  }],
  'PATCH /api/v1/tenant': [{
    label: 'rename', path: '/api/v1/tenant', entity: 'tenant', expect: onlyAdmin(200, { tenant_b: 200 }),
    body: (c) => ({ name: c === 'tenant_b' ? '乙租户改名' : '甲集团' }),
    verify: async ({ caller, fail }) => {
      if (caller !== 'tenant_b') return;
      const a = await o.clients.admin.get('/api/v1/tenant');
      if (a.json?.name === '乙租户改名') fail('tenant B renamed tenant A');
    },
  }],

  'GET /api/v1/stores': [{
    label: 'list', path: '/api/v1/stores', expect: ex(200, { tenant_b: 200 }),
    verify: listVerify(
      (c) => (c === 'tenant_b' ? { SB: o.SB } : A_STORE[c] ? { S1: o.S1 } : { S1: o.S1, S2: o.S2 }),
      (c) => (c === 'tenant_b' ? { S1: o.S1, S2: o.S2 } : A_STORE[c] ? { S2: o.S2, SB: o.SB } : { SB: o.SB })),
  }],
  'POST /api/v1/stores': [{
    label: 'create', path: '/api/v1/stores', entity: 'stores', expect: onlyAdmin(201, { tenant_b: 201 }),
    body: () => ({ code: uid('M'), name: '矩阵店' }),
    verify: async ({ caller, res, fail }) => {
      if (caller === 'tenant_b' && res.json?.id && (await o.clients.admin.get(`/api/v1/stores/${res.json.id}`)).status !== 404) fail('tenant A sees the store tenant B created');
    },
  }],
  'GET /api/v1/stores/{id}': [
    { label: 'S1 (store 1)', path: () => `/api/v1/stores/${o.S1.id}`, expect: ex(200) },
    { label: 'S2 (store 2)', path: () => `/api/v1/stores/${o.S2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
    { label: 'SB (tenant B)', path: () => `/api/v1/stores/${o.SB.id}`, expect: ex(404, { tenant_b: 200 }) },
  ],
  'PATCH /api/v1/stores/{id}': [
    { label: 'S1', path: () => `/api/v1/stores/${o.S1.id}`, entity: 'stores', body: () => ({ city: '上海' }), expect: onlyAdmin(200) },
    { label: 'S2', path: () => `/api/v1/stores/${o.S2.id}`, entity: 'stores', body: () => ({ city: '杭州' }), expect: ex(EITHER, { admin: 200, auditor: 403 }) },
    { label: 'SB', path: () => `/api/v1/stores/${o.SB.id}`, entity: 'stores', body: () => ({ city: '北京' }), expect: ex(404, { tenant_b: 200 }) },
  ],
  'DELETE /api/v1/stores/{id}': [
    { label: 'S1', path: () => `/api/v1/stores/${o.S1.id}`, entity: 'stores', expect: ex(403, { admin: undefined }) },
    { label: 'fresh store', path: async () => `/api/v1/stores/${await v.store()}`, entity: 'stores', expect: ex(EITHER, { admin: OK2, auditor: 403 }) },
  ],

  'GET /api/v1/departments': [{
    label: 'list', path: '/api/v1/departments', expect: ex(200, { tenant_b: 200 }),
    verify: listVerify(
      (c) => ({ tenant_b: { DB: o.DB }, store_manager: { D1: o.D1, D1b: o.D1b }, cr_agent: { D1: o.D1, D1b: o.D1b }, dept_manager: { D1: o.D1 }, staff: { D1: o.D1 } }[c] || { D1: o.D1, D1b: o.D1b, D2: o.D2 }),
      (c) => ({ tenant_b: { D1: o.D1, D1b: o.D1b, D2: o.D2 }, store_manager: { D2: o.D2 }, cr_agent: { D2: o.D2 }, dept_manager: { D1b: o.D1b, D2: o.D2 }, staff: { D1b: o.D1b, D2: o.D2 } }[c] || { DB: o.DB })),
  }],
  'POST /api/v1/departments': [
    { label: 'in S1', path: '/api/v1/departments', entity: 'departments', body: () => ({ store_id: o.S1.id, name: uid('部'), kind: 'other' }), expect: ex(403, { admin: 201, store_manager: 201, tenant_b: [400, 404] }) },
    { label: 'in S2', path: '/api/v1/departments', entity: 'departments', body: () => ({ store_id: o.S2.id, name: uid('部'), kind: 'other' }), expect: ex(REF, { admin: 201, auditor: 403, tenant_b: [400, 404] }) },
  ],
  'GET /api/v1/departments/{id}': [
    { label: 'D1', path: () => `/api/v1/departments/${o.D1.id}`, expect: ex(200) },
    { label: 'D1b (store 1, other dept)', path: () => `/api/v1/departments/${o.D1b.id}`, expect: ex(200, { dept_manager: 404, staff: 404 }) },
    { label: 'D2 (store 2)', path: () => `/api/v1/departments/${o.D2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
    { label: 'DB (tenant B)', path: () => `/api/v1/departments/${o.DB.id}`, expect: ex(404, { tenant_b: 200 }) },
  ],
  'PATCH /api/v1/departments/{id}': [
    { label: 'D1', path: () => `/api/v1/departments/${o.D1.id}`, entity: 'departments', body: () => ({ kind: 'sales' }), expect: ex(403, { admin: 200, store_manager: 200 }) },
    { label: 'D1b', path: () => `/api/v1/departments/${o.D1b.id}`, entity: 'departments', body: () => ({ kind: 'after_sales' }), expect: ex(403, { admin: 200, store_manager: 200, dept_manager: EITHER, staff: EITHER }) },
    { label: 'D2', path: () => `/api/v1/departments/${o.D2.id}`, entity: 'departments', body: () => ({ kind: 'cr' }), expect: ex(EITHER, { admin: 200, store_manager: 404, auditor: 403 }) },
  ],
  'DELETE /api/v1/departments/{id}': [
    { label: 'fresh dept in S1', path: async () => `/api/v1/departments/${await v.dept(o.S1.id)}`, entity: 'departments', expect: ex(403, { admin: OK2, store_manager: OK2, dept_manager: EITHER, staff: EITHER }) },
    { label: 'fresh dept in S2', path: async () => `/api/v1/departments/${await v.dept(o.S2.id)}`, entity: 'departments', expect: ex(EITHER, { admin: undefined, store_manager: 404, auditor: 403 }) },
  ],

  'GET /api/v1/employees': [{
    label: 'list', path: '/api/v1/employees', expect: ex(200, { tenant_b: 200 }),
    verify: async (c) => {
      const all = await listVerify(
        (r) => ({ tenant_b: { EB: o.EB }, store_manager: { E1: o.E1, E1b: o.E1b }, cr_agent: { E1: o.E1, E1b: o.E1b }, dept_manager: { E1: o.E1 }, staff: { E1: o.E1 } }[r] || { E1: o.E1, E1b: o.E1b, E2: o.E2 }),
        (r) => ({ tenant_b: { E1: o.E1, E1b: o.E1b, E2: o.E2 }, store_manager: { E2: o.E2 }, cr_agent: { E2: o.E2 }, dept_manager: { E1b: o.E1b, E2: o.E2 }, staff: { E1b: o.E1b, E2: o.E2 } }[r] || { EB: o.EB }))(c);
      checkMask(c.caller, all.find((e) => e.id === o.E1.id), c.fail, 'list');
    },
  }],
  'POST /api/v1/employees': [
    { label: 'in D1', path: '/api/v1/employees', entity: 'employees', body: () => ({ store_id: o.S1.id, department_id: o.D1.id, name: '新员工', employee_no: uid('M') }), expect: ex(403, { admin: 201, store_manager: 201, dept_manager: 201, tenant_b: [400, 404] }) },
    { label: 'in D1b', path: '/api/v1/employees', entity: 'employees', body: () => ({ store_id: o.S1.id, department_id: o.D1b.id, name: '新员工', employee_no: uid('M') }), expect: ex(403, { admin: 201, store_manager: 201, dept_manager: REF, staff: REF, tenant_b: [400, 404] }) },
    { label: 'in D2', path: '/api/v1/employees', entity: 'employees', body: () => ({ store_id: o.S2.id, department_id: o.D2.id, name: '新员工', employee_no: uid('M') }), expect: ex(REF, { admin: 201, auditor: 403, tenant_b: [400, 404] }) },
  ],
  'GET /api/v1/employees/{id}': [
    { label: 'E1', path: () => `/api/v1/employees/${o.E1.id}`, expect: ex(200), verify: ({ caller, res, fail }) => checkMask(caller, res.json, fail, 'get') },
    { label: 'E1b (store 1, other dept)', path: () => `/api/v1/employees/${o.E1b.id}`, expect: ex(200, { dept_manager: 404, staff: 404 }) },
    { label: 'E2 (store 2)', path: () => `/api/v1/employees/${o.E2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
    { label: 'EB (tenant B)', path: () => `/api/v1/employees/${o.EB.id}`, expect: ex(404, { tenant_b: 200 }) },
  ],
  'PATCH /api/v1/employees/{id}': [
    { label: 'E1', path: () => `/api/v1/employees/${o.E1.id}`, entity: 'employees', body: () => ({ position: '销售顾问' }), expect: ex(403, { admin: 200, store_manager: 200, dept_manager: 200 }) },
    { label: 'E1b', path: () => `/api/v1/employees/${o.E1b.id}`, entity: 'employees', body: () => ({ position: '服务顾问' }), expect: ex(403, { admin: 200, store_manager: 200, dept_manager: 404, staff: EITHER }) },
    { label: 'E2', path: () => `/api/v1/employees/${o.E2.id}`, entity: 'employees', body: () => ({ position: '客服专员' }), expect: ex(EITHER, { admin: 200, store_manager: 404, dept_manager: 404, auditor: 403 }) },
    { label: 'EB', path: () => `/api/v1/employees/${o.EB.id}`, entity: 'employees', body: () => ({ position: '乙' }), expect: ex(404, { tenant_b: 200 }) },
  ],
  'DELETE /api/v1/employees/{id}': [
    { label: 'fresh employee in D1', path: async () => `/api/v1/employees/${await v.emp(o.S1.id, o.D1.id)}`, entity: 'employees', expect: ex(403, { admin: OK2, store_manager: OK2, dept_manager: OK2 }) },
    { label: 'fresh employee in D2', path: async () => `/api/v1/employees/${await v.emp(o.S2.id, o.D2.id)}`, entity: 'employees', expect: ex(EITHER, { admin: undefined, store_manager: 404, dept_manager: 404, auditor: 403 }) },
  ],

  'GET /api/v1/users': [{
    label: 'list', path: '/api/v1/users', expect: ex(403, { admin: 200, store_manager: 200, tenant_b: 200 }),
    verify: listVerify(
      (c) => ({ tenant_b: { adminB: o.users.tenant_b }, store_manager: { store_manager: o.users.store_manager, dept_manager: o.users.dept_manager, cr_agent: o.users.cr_agent, staff: o.users.staff } }[c] ||
        { admin: o.users.admin, cr_agent2: o.users.cr_agent2, auditor: o.users.auditor, staff: o.users.staff }),
      (c) => ({ tenant_b: { admin: o.users.admin, staff: o.users.staff, auditor: o.users.auditor }, store_manager: { cr_agent2: o.users.cr_agent2, adminB: o.users.tenant_b } }[c] || { adminB: o.users.tenant_b })),
  }],
  'POST /api/v1/users': [
    { label: 'auditor account', path: '/api/v1/users', entity: 'users', body: () => ({ username: uid('m.'), role: 'auditor', password: 'Matrix-password-1' }), expect: onlyAdmin(201, { tenant_b: 201 }),
      verify: async ({ caller, res, fail }) => {
        if (caller === 'tenant_b' && res.json?.id && (await o.clients.admin.get(`/api/v1/users/${res.json.id}`)).status !== 404) fail('tenant A sees a user tenant B created');
      } },
    { label: 'cr_agent of S1', path: '/api/v1/users', entity: 'users', body: () => ({ username: uid('m.'), role: 'cr_agent', store_id: o.S1.id, password: 'Matrix-password-1' }), expect: onlyAdmin(201, { tenant_b: [400, 404] }) },
  ],
  'GET /api/v1/users/{id}': [
    { label: 'staff of S1', path: () => `/api/v1/users/${o.users.staff.id}`, expect: ex(EITHER, { admin: 200, store_manager: 200, tenant_b: 404 }) },
    { label: 'cr_agent of S2', path: () => `/api/v1/users/${o.users.cr_agent2.id}`, expect: ex(EITHER, { admin: 200, store_manager: 404, tenant_b: 404 }) },
    { label: 'admin of tenant B', path: () => `/api/v1/users/${o.users.tenant_b.id}`, expect: ex(404, { tenant_b: 200, dept_manager: EITHER, cr_agent: EITHER, staff: EITHER, auditor: EITHER }) },
  ],
  'PATCH /api/v1/users/{id}': [
    { label: 'staff of S1', path: () => `/api/v1/users/${o.users.staff.id}`, entity: 'users', body: () => ({ display_name: 'staff 用户' }), expect: ex(403, { admin: 200, dept_manager: EITHER, cr_agent: EITHER, staff: EITHER, auditor: EITHER }) },
    { label: 'cr_agent of S2', path: () => `/api/v1/users/${o.users.cr_agent2.id}`, entity: 'users', body: () => ({ display_name: 'cr_agent2 用户' }), expect: ex(EITHER, { admin: 200 }) },
    { label: 'role escalation by oneself', path: (c) => `/api/v1/users/${o.users[c === 'anon' ? 'staff' : c].id}`, entity: 'users', body: () => ({ role: 'admin' }), expect: ex(EITHER, { admin: undefined, tenant_b: undefined }) },
  ],
  'DELETE /api/v1/users/{id}': [
    { label: 'fresh staff user of D1', path: async () => `/api/v1/users/${await v.user()}`, entity: 'users', expect: ex(EITHER, { admin: OK2, store_manager: 403 }) },
  ],

  'GET /api/v1/roles': [{ label: 'roles', path: '/api/v1/roles', expect: ex(200, { tenant_b: 200 }) }],

  'GET /api/v1/tokens': [{ label: 'list', path: '/api/v1/tokens', expect: onlyAdmin(200, { tenant_b: 200 }),
    verify: async ({ caller, res, fail }) => {
      if (caller !== 'tenant_b') return;
      const aTokens = ids(await o.clients.admin.listAll('/api/v1/tokens'));
      for (const t of res.json?.items || []) if (aTokens.has(t.id)) fail(`tenant B lists tenant A's token ${t.id}`);
    } }],
  'POST /api/v1/tokens': [{ label: 'create', path: '/api/v1/tokens', entity: 'tokens', body: () => ({ name: uid('tok'), role: 'auditor' }), expect: onlyAdmin(201, { tenant_b: 201 }) }],
  'DELETE /api/v1/tokens/{id}': [{ label: 'fresh token of A', path: async () => `/api/v1/tokens/${await v.token()}`, entity: 'tokens', expect: onlyAdmin(OK2) }],

  'GET /api/v1/audit': [{ label: 'log', path: '/api/v1/audit', expect: ex(403, { admin: 200, auditor: 200, tenant_b: 200 }),
    verify: async ({ caller, res, fail }) => {
      if (caller !== 'tenant_b') return;
      const aUsers = new Set(Object.entries(o.users).filter(([k]) => k !== 'tenant_b').map(([, u]) => u.id));
      for (const e of res.json?.items || []) if (aUsers.has(e.user_id)) fail(`tenant B's audit log shows an entry of tenant A's user ${e.user_id}`);
    } }],
};

const normalise = (r) => r.replace(/\{[^}]+\}/g, '{id}');

async function snapshot(entity) {
  if (!entity) return null;
  const one = async (client) => {
    if (entity === 'tenant') return (await client.get('/api/v1/tenant')).json;
    const all = await client.listAll(`/api/v1/${entity}`);
    return entity === 'users' ? all.map(({ last_login_at: _l, ...u }) => u) : all;
  };
  return JSON.stringify([await one(o.clients.admin), await one(o.clients.tenant_b)]);
}

const ERR_CODE = { 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

async function runCase(route, cs, caller, fail) {
  const expect = cs.expect[caller];
  if (expect === undefined) return;
  const [method] = route.split(' ');
  const path = typeof cs.path === 'function' ? await cs.path(caller) : cs.path;
  const body = cs.body ? cs.body(caller) : undefined;
  const client = cs.client ? await cs.client(caller) : o.clients[caller];
  const okList = Array.isArray(expect) ? expect : [expect];
  const rejected = method !== 'GET' && okList.every((s) => s >= 400);
  const before = rejected ? await snapshot(cs.entity) : null;
  const res = await client.req(method, path, body === undefined ? {} : { body });
  const where = `${caller} ${method} ${path} [${cs.label}]`;
  const f = (msg) => fail(`${where}: ${msg}`);
  if (!okList.includes(res.status)) {
    f(`expected ${okList.join('/')}, got ${res.status} ${res.text.slice(0, 200)}`);
  } else if (res.status >= 400) {
    if (res.json?.error?.code !== ERR_CODE[res.status]) f(`status ${res.status} with error code ${JSON.stringify(res.json?.error?.code)}, want ${ERR_CODE[res.status]}`);
  } else if (cs.verify) {
    await cs.verify({ caller, client, res, path, fail: f });
  }
  if (rejected && cs.entity) {
    const after = await snapshot(cs.entity);
    if (after !== before) f(`the rejected ${method} changed ${cs.entity}`);
  }
}

test('every route printed by `manyi routes` has an entry in the authorisation matrix', () => {
  const missing = routes.map(normalise).filter((r) => !MATRIX[r]);
  assert.deepEqual(missing, [], `routes without a matrix entry (add them to MATRIX in tests/api/authz.test.mjs or tests/api/matrix/<capability>.mjs):\n  ${missing.join('\n  ')}`);
});

test('every matrix entry (the contract\'s endpoints) is a route of the server', () => {
  const have = new Set(routes.map(normalise));
  const absent = Object.keys(MATRIX).filter((r) => !have.has(r));
  assert.deepEqual(absent, [], `contract endpoints the server does not route:\n  ${absent.join('\n  ')}`);
});

test('authorisation matrix: every route × every role × tenant B × anonymous', async (t) => {
  const order = [...new Set(routes.map(normalise))].filter((r) => MATRIX[r]);
  // Logout / password last: they touch sessions.
  order.sort((a, b) => Number(/auth\/(logout|password)/.test(a)) - Number(/auth\/(logout|password)/.test(b)));
  for (const route of order) {
    await t.test(route, async () => {
      const failures = [];
      for (const cs of MATRIX[route]) {
        for (const caller of CALLERS) {
          try {
            await runCase(route, cs, caller, (m) => failures.push(m));
          } catch (e) {
            failures.push(`${caller} ${route} [${cs.label}]: threw ${e.stack || e}`);
          }
        }
      }
      assert.deepEqual(failures, [], `${failures.length} mismatch(es):\n  ${failures.join('\n  ')}`);
    });
  }
});

test('tenant B: ids of tenant A objects answer exactly like missing ids', async () => {
  const b = o.clients.tenant_b;
  for (const p of [`/api/v1/stores/${o.S1.id}`, `/api/v1/departments/${o.D1.id}`, `/api/v1/employees/${o.E1.id}`, `/api/v1/users/${o.users.staff.id}`]) {
    const real = await b.get(p);
    const missing = await b.get(p.replace(/\d+$/, '987654321'));
    assert.equal(real.status, 404, `${p}: ${real.status}`);
    assert.equal(real.status, missing.status);
    assert.deepEqual(real.json?.error?.code, missing.json?.error?.code);
  }
  // Filters with A's ids return nothing to B.
  assert.deepEqual(await b.listAll(`/api/v1/departments?store_id=${o.S1.id}`), []);
  assert.deepEqual(await b.listAll(`/api/v1/employees?store_id=${o.S1.id}`), []);
  assert.deepEqual(await b.listAll(`/api/v1/employees?department_id=${o.D1.id}`), []);
  assert.deepEqual((await b.listAll(`/api/v1/employees?q=${encodeURIComponent('张伟')}`)).filter((e) => e.id === o.E1.id), []);
});

test('API tokens are scoped to their tenant and role', async () => {
  const t = await o.clients.tenant_b.post('/api/v1/tokens', { name: 'B 集成', role: 'admin' });
  assert.equal(t.status, 201, t.text);
  const bt = new Client(ctx.url, { token: t.json.token });
  assert.equal((await bt.get(`/api/v1/stores/${o.S1.id}`)).status, 404);
  assert.equal((await bt.patch(`/api/v1/stores/${o.S1.id}`, { name: '被B改' })).status, 404);
  assert.equal((await bt.get(`/api/v1/employees/${o.E1.id}`)).status, 404);
  const list = await bt.listAll('/api/v1/stores');
  assert.deepEqual(list.filter((x) => x.id === o.S1.id || x.id === o.S2.id), []);
  assert.equal((await o.clients.admin.get(`/api/v1/stores/${o.S1.id}`)).json.name, o.S1.name);
  // A staff-role token of tenant A: read-only, masked.
  const st = await o.clients.admin.post('/api/v1/tokens', { name: '只读', role: 'auditor' });
  assert.equal(st.status, 201, st.text);
  const at = new Client(ctx.url, { token: st.json.token });
  const e = await at.get(`/api/v1/employees/${o.E1.id}`);
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.phone, '138****5678', 'auditor token sees the full phone');
  assert.equal((await at.patch(`/api/v1/employees/${o.E1.id}`, { position: 'x' })).status, 403);
  assert.equal((await at.get('/api/v1/tokens')).status, 403);
});

test('scoped roles: filters cannot widen the scope', async () => {
  for (const role of ['store_manager', 'cr_agent', 'dept_manager', 'staff']) {
    const c = o.clients[role];
    const d = await c.listAll(`/api/v1/departments?store_id=${o.S2.id}`);
    assert.deepEqual(d.filter((x) => x.id === o.D2.id), [], `${role} sees D2 through ?store_id`);
    const e = await c.listAll(`/api/v1/employees?store_id=${o.S2.id}`);
    assert.deepEqual(e.filter((x) => x.id === o.E2.id), [], `${role} sees E2 through ?store_id`);
    const e2 = await c.listAll(`/api/v1/employees?department_id=${o.D2.id}`);
    assert.deepEqual(e2.filter((x) => x.id === o.E2.id), [], `${role} sees E2 through ?department_id`);
  }
  for (const role of ['dept_manager', 'staff']) {
    const e = await o.clients[role].listAll(`/api/v1/employees?department_id=${o.D1b.id}`);
    assert.deepEqual(e.filter((x) => x.id === o.E1b.id), [], `${role} sees E1b through ?department_id`);
  }
});

test('a store manager cannot move an employee or a department into another store', async () => {
  const sm = o.clients.store_manager;
  const beforeE = await o.clients.admin.get(`/api/v1/employees/${o.E1.id}`);
  const r = await sm.patch(`/api/v1/employees/${o.E1.id}`, { store_id: o.S2.id, department_id: o.D2.id });
  assert.ok([400, 403, 404].includes(r.status), `sm moved E1 to store 2: ${r.status} ${r.text}`);
  assert.deepEqual((await o.clients.admin.get(`/api/v1/employees/${o.E1.id}`)).json, beforeE.json);
  const dm = o.clients.dept_manager;
  const r2 = await dm.patch(`/api/v1/employees/${o.E1.id}`, { department_id: o.D1b.id });
  assert.ok([400, 403, 404].includes(r2.status), `dm moved E1 out of the own department: ${r2.status} ${r2.text}`);
  assert.deepEqual((await o.clients.admin.get(`/api/v1/employees/${o.E1.id}`)).json, beforeE.json);
});

testCleanExit(ctx);
