// SPDX-License-Identifier: MIT
// Authorisation matrix of the follow-up capability (issue 3): customers, events, rules, the
// work queue, calls, figures and imports, for every role of tenant A, tenant B's admin and an
// anonymous caller. Fixtures: a customer with a sale 7 days ago in S1, S2 and tenant B's SB,
// a staff rule (assign_role staff, with a survey) and repair events in S1's D1 and D1b, the
// scheduler run once (`manyi jobs run`), and one import by tenant A's admin. The tasks: T1, T2,
// TB the CR agents'; TS1 D1's staff user's, TS1b in D1b's pool (no staff there).
import assert from 'node:assert/strict';

const DAY = 86400e3;
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const f = {};

export async function setup(kit) {
  const { o, ctx, created } = kit;
  const A = o.clients.admin;
  const B = o.clients.tenant_b;
  const today = shDate(Date.now());
  const weekAgo = shDate(Date.now() - 7 * DAY);
  f.today = today;
  f.C1 = await created(await A.post('/api/v1/customers', { name: '矩阵客户一', phone: '13812345678', email: 'zhangwei@example.com', store_id: o.S1.id }), 'C1');
  f.C2 = await created(await A.post('/api/v1/customers', { name: '矩阵客户二', phone: '13912345678', store_id: o.S2.id }), 'C2');
  f.CB = await created(await B.post('/api/v1/customers', { name: '乙客户', phone: '13712345678', store_id: o.SB.id }), 'CB');
  f.EV1 = await created(await A.post('/api/v1/events', { customer_id: f.C1.id, type: 'sale', occurred_on: weekAgo }), 'EV1');
  f.EV2 = await created(await A.post('/api/v1/events', { customer_id: f.C2.id, type: 'sale', occurred_on: weekAgo }), 'EV2');
  f.EVB = await created(await B.post('/api/v1/events', { customer_id: f.CB.id, type: 'sale', occurred_on: weekAgo }), 'EVB');
  // a staff rule with a survey: repair visits of S1's sales (D1) and after-sales (D1b)
  const tx = (t) => ({ 'zh-CN': t, 'zh-TW': t, en: t });
  const survey = await created(await A.post('/api/v1/surveys', { name: '矩阵回访问卷', definition: {
    title: tx('矩阵回访问卷'), questions: [{ id: 1, type: 'nps', required: true, text: tx('推荐意愿') }] } }), 'survey');
  assert.equal((await A.post(`/api/v1/surveys/${survey.id}/publish`)).status, 200);
  f.staffRule = await created(await A.post('/api/v1/followup/rules', {
    code: 'mx_staff', name: '矩阵员工回访', trigger_type: 'repair', task_type: 'care', offset_days: 3,
    assign_role: 'staff', survey_id: survey.id,
  }), 'staff rule');
  f.CS = await created(await A.post('/api/v1/customers', { name: '矩阵客户三', phone: '13612345678', store_id: o.S1.id }), 'CS');
  f.EVS = await created(await A.post('/api/v1/events', { customer_id: f.CS.id, department_id: o.D1.id, type: 'repair', occurred_on: weekAgo }), 'EVS');
  f.EVSb = await created(await A.post('/api/v1/events', { customer_id: f.CS.id, department_id: o.D1b.id, type: 'repair', occurred_on: weekAgo }), 'EVSb');
  const r = await ctx.server.cli(['jobs', 'run', '--job', 'followup_schedule']);
  assert.equal(r.code, 0, r.stderr);
  const task = async (client, customerId) => {
    const res = await client.get(`/api/v1/followup/tasks?customer_id=${customerId}`);
    const t = res.json?.items?.find((x) => x.task_type === 'satisfaction');
    assert.ok(t, `no task for customer ${customerId}: ${res.text}`);
    return t;
  };
  f.T1 = await task(A, f.C1.id);
  f.T2 = await task(A, f.C2.id);
  f.TB = await task(B, f.CB.id);
  const staffTasks = (await A.get(`/api/v1/followup/tasks?customer_id=${f.CS.id}`)).json.items;
  f.TS1 = staffTasks.find((x) => x.event_id === f.EVS.id);
  f.TS1b = staffTasks.find((x) => x.event_id === f.EVSb.id);
  assert.ok(f.TS1 && f.TS1b, `no staff tasks: ${JSON.stringify(staffTasks)}`);
  assert.equal(f.TS1.assignee_id, o.users.staff.id);
  assert.equal(f.TS1b.assignee_id, null);
  f.rule = (await A.get('/api/v1/followup/rules')).json.items[0];
  f.ruleB = (await B.get('/api/v1/followup/rules')).json.items[0];
  f.csv = `客户编号,客户姓名,门店编码\r\nMX-1,矩阵导入,${o.S1.code}\r\n`;
  f.IM = await created(await A.post('/api/v1/imports?format=csv', `${f.csv}MX-2,,${o.S1.code}\r\n`, { contentType: 'text/csv' }), 'import');
}

export function cases(kit) {
  const { o, ex, onlyAdmin, listVerify, uid, A_STORE } = kit;
  const writers = { admin: 201, store_manager: 201, cr_agent: 201 };
  const queue = { admin: 200, store_manager: 200, cr_agent: 200, auditor: 200, tenant_b: 200 };
  // the task list: also the department roles (their own role's tasks)
  const tasks = { ...queue, staff: 200, dept_manager: 200 };
  const future = () => new Date(Date.now() + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const unmasked = (phone) => ({ res, fail }) => { if (res.json.phone !== phone || res.json.masked !== false) fail(`reveal answered ${res.json.phone}`); };
  return {
    'GET /api/v1/customers': [{
      label: 'list', path: '/api/v1/customers', expect: ex(200, { tenant_b: 200 }),
      verify: listVerify(
        (c) => (c === 'tenant_b' ? { CB: f.CB } : A_STORE[c] ? { C1: f.C1 } : { C1: f.C1, C2: f.C2 }),
        (c) => (c === 'tenant_b' ? { C1: f.C1, C2: f.C2 } : A_STORE[c] ? { C2: f.C2, CB: f.CB } : { CB: f.CB })),
    }],
    'POST /api/v1/customers': [{
      label: 'in S1', path: '/api/v1/customers', entity: 'customers', body: () => ({ name: '矩阵新客', store_id: o.S1.id }),
      expect: ex(403, { ...writers, tenant_b: [400, 404] }),
    }],
    'GET /api/v1/customers/{id}': [
      { label: 'C1 (S1)', path: () => `/api/v1/customers/${f.C1.id}`, expect: ex(200),
        verify: ({ caller, res, fail }) => {
          const masked = kit.MASKED.has(caller);
          if (masked && res.json.phone !== '138****5678') fail(`phone not masked: ${res.json.phone}`);
          if (!masked && res.json.phone !== '13812345678') fail(`phone masked for ${caller}: ${res.json.phone}`);
        } },
      { label: 'C2 (S2)', path: () => `/api/v1/customers/${f.C2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
      { label: 'CB (tenant B)', path: () => `/api/v1/customers/${f.CB.id}`, expect: ex(404, { tenant_b: 200 }) },
    ],
    'PATCH /api/v1/customers/{id}': [
      { label: 'C1', path: () => `/api/v1/customers/${f.C1.id}`, entity: 'customers', body: () => ({ tags: '矩阵' }), expect: ex(403, { admin: 200, store_manager: 200, cr_agent: 200, tenant_b: 404 }) },
      { label: 'C2', path: () => `/api/v1/customers/${f.C2.id}`, entity: 'customers', body: () => ({ tags: '矩阵' }), expect: ex(404, { admin: 200, auditor: 403 }) },
    ],
    'POST /api/v1/customers/{id}/reveal': [
      { label: 'C1', path: () => `/api/v1/customers/${f.C1.id}/reveal`, expect: ex(403, { admin: 200, store_manager: 200, dept_manager: 200, cr_agent: 200, tenant_b: 404 }),
        verify: ({ res, fail }) => { if (res.json.phone !== '13812345678') fail(`reveal answered ${res.json.phone}`); } },
      { label: 'C2', path: () => `/api/v1/customers/${f.C2.id}/reveal`, expect: ex(404, { admin: 200, auditor: 403 }) },
    ],
    'GET /api/v1/customers/{id}/overview': [
      { label: 'C1', path: () => `/api/v1/customers/${f.C1.id}/overview`, expect: ex(200, { tenant_b: 404 }),
        verify: ({ caller, res, fail }) => {
          if (!res.json.events?.some((e) => e.id === f.EV1.id)) fail('overview lacks the event');
          if (!Array.isArray(res.json.responses) || !Array.isArray(res.json.complaints)) fail('overview lacks responses or complaints');
          const masked = kit.MASKED.has(caller);
          if (res.json.masked !== masked || res.json.customer.phone !== (masked ? '138****5678' : '13812345678')) fail(`overview of ${caller}: masked ${res.json.masked}, phone ${res.json.customer.phone}`);
        } },
      { label: 'C1 revealed', path: () => `/api/v1/customers/${f.C1.id}/overview?reveal=1`, expect: ex(200, { staff: 403, auditor: 403, tenant_b: 404 }),
        verify: ({ res, fail }) => { if (res.json.customer.phone !== '13812345678' || res.json.masked !== false) fail(`revealed overview answered ${res.json.customer.phone}`); } },
      { label: 'C2', path: () => `/api/v1/customers/${f.C2.id}/overview`, expect: ex(404, { admin: 200, auditor: 200 }) },
      { label: 'C2 revealed', path: () => `/api/v1/customers/${f.C2.id}/overview?reveal=1`, expect: ex(404, { admin: 200, auditor: 403 }) },
    ],
    'GET /api/v1/events': [
      { label: 'of C1', path: () => `/api/v1/events?customer_id=${f.C1.id}`, expect: ex(200, { tenant_b: 404 }) },
      { label: 'of C2', path: () => `/api/v1/events?customer_id=${f.C2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
    ],
    'POST /api/v1/events': [
      { label: 'for C1', path: '/api/v1/events', body: () => ({ customer_id: f.C1.id, type: 'other', occurred_on: f.today, external_id: uid('MXE') }), expect: ex(403, { ...writers, tenant_b: 400 }) },
      { label: 'for C2', path: '/api/v1/events', body: () => ({ customer_id: f.C2.id, type: 'other', occurred_on: f.today }), expect: ex(403, { admin: 201, store_manager: 400, cr_agent: 400, tenant_b: 400 }) },
    ],
    'GET /api/v1/events/{id}': [
      { label: 'EV1', path: () => `/api/v1/events/${f.EV1.id}`, expect: ex(200, { tenant_b: 404 }) },
      { label: 'EV2', path: () => `/api/v1/events/${f.EV2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
      { label: 'EVB', path: () => `/api/v1/events/${f.EVB.id}`, expect: ex(404, { tenant_b: 200 }) },
    ],
    'GET /api/v1/followup/rules': [{ label: 'list', path: '/api/v1/followup/rules', expect: ex(403, queue) }],
    'POST /api/v1/followup/rules': [{
      label: 'create', path: '/api/v1/followup/rules', entity: 'followup/rules', body: () => ({ code: uid('mx'), name: '矩阵规则', trigger_type: 'repair', task_type: 'care' }),
      expect: onlyAdmin(201, { tenant_b: 201 }),
    }],
    'GET /api/v1/followup/rules/{id}': [
      { label: 'rule of A', path: () => `/api/v1/followup/rules/${f.rule.id}`, expect: ex(403, { ...queue, tenant_b: 404 }) },
      { label: 'rule of B', path: () => `/api/v1/followup/rules/${f.ruleB.id}`, expect: ex(404, { dept_manager: [403, 404], staff: [403, 404], tenant_b: 200 }) },
    ],
    'PATCH /api/v1/followup/rules/{id}': [
      { label: 'rule of A', path: () => `/api/v1/followup/rules/${f.rule.id}`, entity: 'followup/rules', body: () => ({ name: f.rule.name }), expect: onlyAdmin(200, { tenant_b: 404 }) },
    ],
    'GET /api/v1/followup/tasks': [{
      label: 'queue', path: '/api/v1/followup/tasks', expect: ex(403, tasks),
      verify: listVerify(
        (c) => ({ tenant_b: { TB: f.TB }, staff: { TS1: f.TS1 }, dept_manager: {}, cr_agent: { T1: f.T1 },
          store_manager: { T1: f.T1, TS1: f.TS1, TS1b: f.TS1b } }[c] ?? { T1: f.T1, T2: f.T2, TS1: f.TS1, TS1b: f.TS1b }),
        (c) => ({ tenant_b: { T1: f.T1, T2: f.T2, TS1: f.TS1 }, staff: { T1: f.T1, T2: f.T2, TB: f.TB, TS1b: f.TS1b },
          dept_manager: { T1: f.T1, T2: f.T2, TB: f.TB, TS1: f.TS1 }, cr_agent: { T2: f.T2, TB: f.TB, TS1: f.TS1, TS1b: f.TS1b },
          store_manager: { T2: f.T2, TB: f.TB } }[c] ?? { TB: f.TB })),
    }],
    'GET /api/v1/followup/tasks/{id}': [
      { label: 'T1 (S1)', path: () => `/api/v1/followup/tasks/${f.T1.id}`, expect: ex(404, { admin: 200, store_manager: 200, cr_agent: 200, auditor: 200 }) },
      { label: 'T2 (S2)', path: () => `/api/v1/followup/tasks/${f.T2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
      { label: 'TB (tenant B)', path: () => `/api/v1/followup/tasks/${f.TB.id}`, expect: ex(404, { tenant_b: 200 }) },
      { label: 'TS1 (D1, staff)', path: () => `/api/v1/followup/tasks/${f.TS1.id}`, expect: ex(404, { admin: 200, store_manager: 200, staff: 200, auditor: 200 }) },
      { label: 'TS1b (D1b pool)', path: () => `/api/v1/followup/tasks/${f.TS1b.id}`, expect: ex(404, { admin: 200, store_manager: 200, auditor: 200 }) },
    ],
    'POST /api/v1/followup/tasks/{id}/claim': [
      { label: 'T1', path: () => `/api/v1/followup/tasks/${f.T1.id}/claim`, entity: 'followup/tasks', expect: ex(404, { admin: 403, store_manager: 403, auditor: 403, cr_agent: 200 }) },
      { label: 'TB', path: () => `/api/v1/followup/tasks/${f.TB.id}/claim`, entity: 'followup/tasks', expect: ex(404, { tenant_b: 403 }) },
      { label: 'TS1', path: () => `/api/v1/followup/tasks/${f.TS1.id}/claim`, entity: 'followup/tasks', expect: ex(404, { admin: 403, store_manager: 403, auditor: 403, staff: 200 }) },
    ],
    'POST /api/v1/followup/tasks/{id}/assign': [
      { label: 'T1 to the S1 agent', path: () => `/api/v1/followup/tasks/${f.T1.id}/assign`, entity: 'followup/tasks', body: () => ({ assignee_id: o.users.cr_agent.id }), expect: ex(404, { admin: 200, store_manager: 200, cr_agent: 403, auditor: 403 }) },
      { label: 'T2', path: () => `/api/v1/followup/tasks/${f.T2.id}/assign`, entity: 'followup/tasks', body: () => ({ assignee_id: null }), expect: ex(404, { admin: 200, auditor: 403 }) },
      { label: 'TS1 to the D1 staff user', path: () => `/api/v1/followup/tasks/${f.TS1.id}/assign`, entity: 'followup/tasks', body: () => ({ assignee_id: o.users.staff.id }), expect: ex(404, { admin: 200, store_manager: 200, staff: 403, auditor: 403 }) },
    ],
    'POST /api/v1/followup/tasks/{id}/calls': [
      { label: 'call-back on T1', path: () => `/api/v1/followup/tasks/${f.T1.id}/calls`, entity: 'followup/tasks',
        body: () => ({ outcome: 'callback', callback_at: future() }),
        expect: ex(404, { admin: 201, cr_agent: 201, store_manager: 403, auditor: 403 }) },
      { label: 'call-back on TB', path: () => `/api/v1/followup/tasks/${f.TB.id}/calls`, entity: 'followup/tasks',
        body: () => ({ outcome: 'callback', callback_at: future() }),
        expect: ex(404, { tenant_b: 201 }) },
      { label: 'call-back on TS1', path: () => `/api/v1/followup/tasks/${f.TS1.id}/calls`, entity: 'followup/tasks',
        body: () => ({ outcome: 'callback', callback_at: future() }),
        expect: ex(404, { admin: 201, staff: 201, store_manager: 403, auditor: 403 }) },
    ],
    'POST /api/v1/followup/tasks/{id}/reveal': [
      { label: 'T1', path: () => `/api/v1/followup/tasks/${f.T1.id}/reveal`, expect: ex(404, { admin: 200, store_manager: 200, cr_agent: 200, auditor: 403 }), verify: unmasked('13812345678') },
      { label: 'TS1', path: () => `/api/v1/followup/tasks/${f.TS1.id}/reveal`, expect: ex(404, { admin: 200, store_manager: 200, staff: 200, auditor: 403 }), verify: unmasked('13612345678') },
      { label: 'TB', path: () => `/api/v1/followup/tasks/${f.TB.id}/reveal`, expect: ex(404, { tenant_b: 200 }) },
    ],
    // answers that are no array probe who may answer without answering: 400 for those who may
    // (checked right after the permission), and an empty answer to TS1's required NPS
    'POST /api/v1/followup/tasks/{id}/response': [
      { label: 'T1', path: () => `/api/v1/followup/tasks/${f.T1.id}/response`, body: () => ({ answers: {} }), expect: ex(404, { admin: 400, cr_agent: 400, store_manager: 403, auditor: 403 }) },
      { label: 'TS1', path: () => `/api/v1/followup/tasks/${f.TS1.id}/response`, body: () => ({ answers: [] }), expect: ex(404, { admin: 400, staff: 400, store_manager: 403, auditor: 403 }) },
      { label: 'TB', path: () => `/api/v1/followup/tasks/${f.TB.id}/response`, body: () => ({ answers: {} }), expect: ex(404, { tenant_b: 400 }) },
    ],
    'GET /api/v1/followup/stats': [{ label: 'by store', path: '/api/v1/followup/stats?group=store', expect: ex(403, queue),
      verify: ({ caller, res, fail }) => {
        const keys = res.json.rows.map((r) => r.key);
        if (A_STORE[caller] && keys.some((k) => k !== o.S1.id)) fail(`sees other stores' figures: ${keys}`);
        if (caller === 'tenant_b' && keys.some((k) => k === o.S1.id || k === o.S2.id)) fail('tenant B sees tenant A figures');
      } }],
    'GET /api/v1/imports': [{ label: 'list', path: '/api/v1/imports', expect: ex(403, { admin: 200, store_manager: 200, cr_agent: 200, tenant_b: 200 }),
      verify: ({ caller, res, fail }) => {
        const has = res.json.items.some((i) => i.id === f.IM.id);
        if (caller === 'admin' ? !has : has) fail(`${caller} ${has ? 'sees' : 'misses'} the admin's import`);
      } }],
    'POST /api/v1/imports': [{ label: 'one row', path: '/api/v1/imports?format=csv', body: () => f.csv, expect: ex(403, { ...writers, tenant_b: 201 }) }],
    'GET /api/v1/imports/{id}': [{ label: "admin's import", path: () => `/api/v1/imports/${f.IM.id}`, expect: ex(404, { admin: 200 }) }],
    'GET /api/v1/imports/{id}/errors': [{ label: "admin's import", path: () => `/api/v1/imports/${f.IM.id}/errors`, expect: ex(404, { admin: 200 }) }],
    'GET /api/v1/import-mapping': [{ label: 'get', path: '/api/v1/import-mapping', expect: ex(403, { admin: 200, store_manager: 200, cr_agent: 200, tenant_b: 200 }) }],
    'PATCH /api/v1/import-mapping': [{ label: 'set empty', path: '/api/v1/import-mapping', body: () => ({ mapping: {} }), expect: ex(403, { admin: 200, store_manager: 200, tenant_b: 200 }) }],
  };
}
