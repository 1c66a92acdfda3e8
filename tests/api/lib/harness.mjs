// SPDX-License-Identifier: MIT
// Per-file set-up: one server per test file (so CTest can run the files in parallel), the admin
// logged in, a final test that SIGTERM makes the server exit 0, and an organisation fixture.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, ADMIN_PASSWORD } from './server.mjs';
import { Client, describe, uid } from './client.mjs';

export { ADMIN_PASSWORD };

/** Registers before/after hooks; the returned object gets .server and .admin once started. */
/** setup(ctx) runs after the start, inside the same hook (so it sees ctx.admin). */
export function useServer({ login = true, setup } = {}) {
  const ctx = { failed: false };
  before(async () => {
    ctx.server = new Server();
    await ctx.server.start();
    ctx.url = ctx.server.url;
    if (login) ctx.admin = await new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD);
    if (setup) await setup(ctx);
  });
  after(async () => {
    if (!ctx.server) return;
    if (!ctx.server.exit) {
      try { await ctx.server.stop(); } catch { /* reported by the exit test */ }
    }
    const bad = ctx.server.exit && (ctx.server.exit.code !== 0 || ctx.server.exit.signal);
    if (bad || process.exitCode) {
      process.stderr.write(`--- manyi serve stderr (tail) ---\n${ctx.server.stderr.slice(-4000)}\n`);
    }
    ctx.server.cleanup(Boolean(bad || process.exitCode));
  });
  return ctx;
}

/** The last test of a file: SIGTERM → exit status 0, no signal. */
export function testCleanExit(ctx) {
  test('manyi serve exits 0 on SIGTERM', async () => {
    const r = await ctx.server.stop();
    assert.deepEqual(r, { code: 0, signal: null }, `exit ${JSON.stringify(r)}; stderr tail:\n${ctx.server.stderr.slice(-2000)}`);
  });
}

export const ROLES = ['admin', 'store_manager', 'dept_manager', 'cr_agent', 'staff', 'auditor'];

export const PASSWORDS = {
  admin: ADMIN_PASSWORD,
  store_manager: 'Pw-store-manager-满意-1',
  dept_manager: 'Pw-dept-manager-满意-2',
  cr_agent: 'Pw-cr-agent-满意-3',
  staff: 'Pw-staff-满意-4',
  auditor: 'Pw-auditor-满意-5',
  cr_agent2: 'Pw-cr-agent-two-满意-6',
  tenant_b: 'Pw-tenant-b-admin-满意-7',
};

export async function created(res, what) {
  assert.equal(res.status, 201, `create ${what}: ${describe(res)}`);
  assert.ok(Number.isInteger(res.json?.id), `create ${what}: no id in ${res.text}`);
  return res.json;
}

/**
 * Tenant A (tenant 1, the admin of ctx): stores S1, S2; departments D1 (S1, sales), D1b (S1,
 * after_sales), D2 (S2, cr); employees E1 (D1), E1b (D1b), E2 (D2); one user of every role
 * (store_manager/cr_agent of S1, dept_manager/staff of D1) plus cr_agent2 of S2.
 * Tenant B (CLI): its admin and one store SB. Returns ids, users and logged-in clients.
 */
export async function buildOrg(ctx) {
  const { admin, server } = ctx;
  const o = { ids: {}, users: {}, clients: { admin }, passwords: PASSWORDS };
  const s = uid('S');
  o.S1 = await created(await admin.post('/api/v1/stores', { code: `${s}-1`, name: '满意一店', city: '上海', address: '浦东新区世纪大道1号', phone: '021-12345678' }), 'store S1');
  o.S2 = await created(await admin.post('/api/v1/stores', { code: `${s}-2`, name: '满意二店', city: '杭州', address: '西湖区文三路2号', phone: '' }), 'store S2');
  o.D1 = await created(await admin.post('/api/v1/departments', { store_id: o.S1.id, name: '销售部', kind: 'sales' }), 'dept D1');
  o.D1b = await created(await admin.post('/api/v1/departments', { store_id: o.S1.id, name: '售后部', kind: 'after_sales' }), 'dept D1b');
  o.D2 = await created(await admin.post('/api/v1/departments', { store_id: o.S2.id, name: '客户关系部', kind: 'cr' }), 'dept D2');
  o.E1 = await created(await admin.post('/api/v1/employees', {
    store_id: o.S1.id, department_id: o.D1.id, name: '张伟', employee_no: uid('E'), position: '销售顾问',
    phone: '+86 138-1234-5678', email: 'zhangwei@example.com',
  }), 'employee E1');
  o.E1b = await created(await admin.post('/api/v1/employees', {
    store_id: o.S1.id, department_id: o.D1b.id, name: '李娜', employee_no: uid('E'), position: '服务顾问',
    phone: '13912345678', email: 'lina@example.com',
  }), 'employee E1b');
  o.E2 = await created(await admin.post('/api/v1/employees', {
    store_id: o.S2.id, department_id: o.D2.id, name: '王芳', employee_no: uid('E'), position: '客服专员',
    phone: '15012345678', email: 'wangfang@example.com',
  }), 'employee E2');

  const mk = async (key, role, extra) => {
    const username = uid(key.replace(/_/g, '') + '.');
    const u = await created(await admin.post('/api/v1/users', {
      username, display_name: `${key} 用户`, role, password: PASSWORDS[key], ...extra,
    }), `user ${key}`);
    o.users[key] = { ...u, username, password: PASSWORDS[key] };
  };
  await mk('store_manager', 'store_manager', { store_id: o.S1.id });
  await mk('dept_manager', 'dept_manager', { department_id: o.D1.id });
  await mk('cr_agent', 'cr_agent', { store_id: o.S1.id });
  await mk('staff', 'staff', { department_id: o.D1.id });
  await mk('auditor', 'auditor', {});
  await mk('cr_agent2', 'cr_agent', { store_id: o.S2.id });
  const me = await admin.get('/api/v1/auth/me');
  o.users.admin = { ...me.json.user, username: 'admin', password: ADMIN_PASSWORD };
  o.tenantA = me.json.tenant;

  for (const role of ROLES.slice(1)) {
    o.clients[role] = await new Client(ctx.url).mustLogin(o.users[role].username, PASSWORDS[role]);
  }

  // Tenant B through the CLI, then its admin through the API.
  o.tenantBId = await server.addTenant(`乙租户 ${uid('T')}`);
  assert.notEqual(o.tenantBId, o.tenantA.id, 'manyi tenant add returned tenant A\'s id');
  const bName = uid('adminb.');
  o.users.tenant_b = { id: await server.addUser({ tenant: o.tenantBId, username: bName, role: 'admin', password: PASSWORDS.tenant_b, displayName: '乙管理员' }), username: bName, password: PASSWORDS.tenant_b };
  o.clients.tenant_b = await new Client(ctx.url).mustLogin(bName, PASSWORDS.tenant_b);
  assert.equal(o.clients.tenant_b.tenant?.id, o.tenantBId, 'tenant B admin logged into the wrong tenant');
  const b = o.clients.tenant_b;
  o.SB = await created(await b.post('/api/v1/stores', { code: `${s}-1`, name: '乙一店' }), 'store SB (same code as S1: codes are per tenant)');
  o.DB = await created(await b.post('/api/v1/departments', { store_id: o.SB.id, name: '销售部', kind: 'sales' }), 'dept DB');
  o.EB = await created(await b.post('/api/v1/employees', { store_id: o.SB.id, department_id: o.DB.id, name: '赵六', employee_no: uid('E'), phone: '13700000000' }), 'employee EB');
  return o;
}
