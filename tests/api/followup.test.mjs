// SPDX-License-Identifier: MIT
// Follow-up calls (issue 3) through the API: customers (phone normalised and masked, audited
// reveal), events, rules with shipped defaults, the scheduler run with a set clock (`manyi jobs
// run --now`) creating tasks on the right day exactly once (also two runs at once), round robin,
// the work queue and call outcomes (retries, unreachable close, call-back), figures, scope and
// tenant isolation. The server runs with MANYI_JOBS=0 so only explicit runs create tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, buildOrg, testCleanExit, created } from './lib/harness.mjs';
import { Client, assertError, describe, uid } from './lib/client.mjs';

process.env.MANYI_JOBS = '0';
const ctx = useServer({ setup: async (c) => { c.o = await buildOrg(c); } });

const DAY = 86400e3;
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shDate(Date.now());
const addDays = (d, n) => shDate(Date.parse(`${d}T12:00:00+08:00`) + n * DAY);
const at = (d, hh = '12:00') => `${d}T${hh}:00+08:00`;

async function runJobs(now) {
  const r = await ctx.server.cli(['jobs', 'run', '--job', 'followup_schedule', '--now', now]);
  assert.equal(r.code, 0, `jobs run: ${r.stdout}${r.stderr}`);
  const m = /(\d+) tasks created/.exec(r.stdout);
  assert.ok(m, `no summary in ${r.stdout}`);
  return Number(m[1]);
}

async function customer(client, body) {
  return created(await client.post('/api/v1/customers', body), 'customer');
}
async function event(client, body) {
  return created(await client.post('/api/v1/events', body), 'event');
}
async function tasksOf(client, customerId) {
  return client.listAll(`/api/v1/followup/tasks?customer_id=${customerId}`);
}

test('customers: phone normalised, bad input names the field and writes nothing', async () => {
  const { admin } = ctx.o.clients;
  const c = await customer(admin, { name: '陈先生', phone: '+86 139-1234-5678', email: 'chen@example.com', store_id: ctx.o.S1.id, tags: '老客户' });
  assert.equal(c.phone, '13912345678');
  assert.equal(c.preferred_channel, 'phone');
  // the call screen's look-up: a whole number however written, or a part of it
  for (const q of ['13912345678', '+86 139-1234-5678', '139 1234 5678', '1234567']) {
    const found = await admin.listAll(`/api/v1/customers?q=${encodeURIComponent(q)}`);
    assert.ok(found.some((x) => x.id === c.id), `search "${q}" did not find the customer`);
  }
  assert.deepEqual(await admin.listAll(`/api/v1/customers?q=${encodeURIComponent('+86 139-1234-5670')}`), []);
  const before = (await admin.listAll('/api/v1/customers')).length;
  assertError(await admin.post('/api/v1/customers', { name: '坏号', phone: '12345', store_id: ctx.o.S1.id }), 400, 'invalid', 'phone');
  assertError(await admin.post('/api/v1/customers', { name: '', store_id: ctx.o.S1.id }), 400, 'invalid', 'name');
  assertError(await admin.post('/api/v1/customers', { name: '张', email: 'nope', store_id: ctx.o.S1.id }), 400, 'invalid', 'email');
  assertError(await admin.post('/api/v1/customers', { name: '张', preferred_channel: 'fax', store_id: ctx.o.S1.id }), 400, 'invalid', 'preferred_channel');
  assertError(await admin.post('/api/v1/customers', { name: '张', birthday: '2026-02-30', store_id: ctx.o.S1.id }), 400, 'invalid', 'birthday');
  assertError(await admin.post('/api/v1/customers', { name: '张', nickname: 'x' }), 400, 'invalid', 'nickname');
  assertError(await admin.post('/api/v1/customers', { name: '张', store_id: ctx.o.SB.id }), 400, 'invalid', 'store_id');
  assert.equal((await admin.listAll('/api/v1/customers')).length, before, 'a rejected request wrote a customer');
});

test('customers: masked for cr_agent and auditor, reveal is audited, scope and tenant isolation', async () => {
  const { admin, cr_agent, auditor, tenant_b, store_manager } = ctx.o.clients;
  const c = await customer(admin, { name: '李女士', phone: '13812345678', email: 'zhang@example.com', store_id: ctx.o.S1.id });
  const seen = await cr_agent.get(`/api/v1/customers/${c.id}`);
  assert.equal(seen.status, 200, describe(seen));
  assert.equal(seen.json.phone, '138****5678');
  assert.equal(seen.json.email, 'z***@example.com');
  assert.equal((await auditor.get(`/api/v1/customers/${c.id}`)).json.phone, '138****5678');
  assert.equal((await store_manager.get(`/api/v1/customers/${c.id}`)).json.phone, '13812345678');
  const rev = await cr_agent.post(`/api/v1/customers/${c.id}/reveal`);
  assert.equal(rev.status, 200, describe(rev));
  assert.equal(rev.json.phone, '13812345678');
  const log = await admin.get(`/api/v1/audit?entity=customer&entity_id=${c.id}`);
  assert.ok(log.json.items.some((e) => e.action === 'view_pii' && e.user_id === ctx.o.users.cr_agent.id), `no view_pii entry: ${log.text}`);
  assertError(await auditor.post(`/api/v1/customers/${c.id}/reveal`), 403, 'forbidden');
  // another store's agent and another tenant: not found
  const c2 = await new Client(ctx.url).mustLogin(ctx.o.users.cr_agent2.username, ctx.o.users.cr_agent2.password);
  assertError(await c2.get(`/api/v1/customers/${c.id}`), 404, 'not_found');
  assertError(await c2.post(`/api/v1/customers/${c.id}/reveal`), 404, 'not_found');
  assertError(await tenant_b.get(`/api/v1/customers/${c.id}`), 404, 'not_found');
  assertError(await tenant_b.patch(`/api/v1/customers/${c.id}`, { name: '乙改' }), 404, 'not_found');
  assert.ok(!(await tenant_b.listAll('/api/v1/customers')).some((x) => x.id === c.id));
  assert.ok(!(await c2.listAll('/api/v1/customers')).some((x) => x.id === c.id));
  // auditor never writes
  assertError(await auditor.patch(`/api/v1/customers/${c.id}`, { name: '审' }), 403, 'forbidden');
  // the cr_agent's own creation lands in their store
  const mine = await customer(cr_agent, { name: '赵先生', phone: '13700001111' });
  assert.equal(mine.store_id, ctx.o.S1.id);
  assert.equal(mine.phone, '137****1111');
});

test('events: validation, 360° view lists events and tasks', async () => {
  const { admin } = ctx.o.clients;
  const c = await customer(admin, { name: '周先生', phone: '13600002222', store_id: ctx.o.S1.id });
  const e = await event(admin, { customer_id: c.id, type: 'sale', occurred_on: addDays(TODAY, -3), department_id: ctx.o.D1.id, employee_id: ctx.o.E1.id, amount_fen: 18800000, vin: 'LVGBE40K8GG000001', plate: '沪A12345', model: '凯美瑞', mileage_km: 12, external_id: uid('EV') });
  assert.equal(e.store_id, ctx.o.S1.id);
  assert.equal(e.mileage_km, 12);
  assertError(await admin.post('/api/v1/events', { customer_id: c.id, type: 'sale', occurred_on: '2026-13-01' }), 400, 'invalid', 'occurred_on');
  assertError(await admin.post('/api/v1/events', { customer_id: c.id, type: 'sale', occurred_on: addDays(TODAY, 2) }), 400, 'invalid', 'occurred_on');
  assertError(await admin.post('/api/v1/events', { customer_id: c.id, type: 'party', occurred_on: TODAY }), 400, 'invalid', 'type');
  assertError(await admin.post('/api/v1/events', { customer_id: c.id, type: 'sale', occurred_on: TODAY, employee_id: ctx.o.E2.id }), 400, 'invalid', 'employee_id');
  assertError(await admin.post('/api/v1/events', { customer_id: c.id, type: 'sale', occurred_on: TODAY, mileage_km: -5 }), 400, 'invalid', 'mileage_km');
  assertError(await admin.get('/api/v1/events'), 400, 'invalid', 'customer_id');
  const ov = await admin.get(`/api/v1/customers/${c.id}/overview`);
  assert.equal(ov.status, 200, describe(ov));
  assert.deepEqual(ov.json.events.map((x) => x.id), [e.id]);
  assert.ok(Array.isArray(ov.json.tasks));
  assertError(await ctx.o.clients.tenant_b.get(`/api/v1/events/${e.id}`), 404, 'not_found');
});

test('rules: shipped defaults, only admin changes them, bad values name the field', async () => {
  const { admin, cr_agent, auditor } = ctx.o.clients;
  const rules = (await admin.get('/api/v1/followup/rules')).json.items;
  const byCode = Object.fromEntries(rules.map((r) => [r.code, r]));
  assert.equal(byCode.sale_day7.offset_days, 7);
  assert.equal(byCode.sale_day7.trigger_type, 'sale');
  assert.equal(byCode.service_day3.offset_days, 3);
  assert.equal(byCode.service_day3.trigger_type, 'service');
  assert.equal(byCode.maintenance.task_type, 'maintenance');
  assert.equal(byCode.sale_day7.max_attempts, 3);
  assertError(await cr_agent.patch(`/api/v1/followup/rules/${byCode.sale_day7.id}`, { window_days: 3 }), 403, 'forbidden');
  assertError(await auditor.post('/api/v1/followup/rules', { code: 'x', name: 'x', trigger_type: 'sale' }), 403, 'forbidden');
  assertError(await admin.patch(`/api/v1/followup/rules/${byCode.sale_day7.id}`, { offset_days: -1 }), 400, 'invalid', 'offset_days');
  assertError(await admin.patch(`/api/v1/followup/rules/${byCode.sale_day7.id}`, { max_attempts: 0 }), 400, 'invalid', 'max_attempts');
  assertError(await admin.post('/api/v1/followup/rules', { code: 'care1', name: '关怀', trigger_type: 'birthday' }), 400, 'invalid', 'trigger_type');
  const r = await created(await admin.post('/api/v1/followup/rules', { code: uid('care'), name: '维修七日关怀', trigger_type: 'repair', task_type: 'care', offset_days: 7, survey_id: 42 }), 'rule');
  assert.equal(r.survey_id, 42);
  assertError(await ctx.o.clients.tenant_b.get(`/api/v1/followup/rules/${r.id}`), 404, 'not_found');
});

test('scheduler: day-7 and day-3 tasks appear on their day, exactly once, round robin in the team', async () => {
  const { admin } = ctx.o.clients;
  // a second CR agent in S1 so that round robin has a team
  const second = await created(await admin.post('/api/v1/users', { username: uid('cr.'), role: 'cr_agent', store_id: ctx.o.S1.id, password: 'Second-agent-pass-1' }), 'agent');
  const S = addDays(TODAY, -20);
  const c = await customer(admin, { name: '吴先生', phone: '13500003333', store_id: ctx.o.S1.id });
  const sale = await event(admin, { customer_id: c.id, type: 'sale', occurred_on: S });
  const svc = await event(admin, { customer_id: c.id, type: 'service', occurred_on: addDays(S, 4), mileage_km: 800 });
  const c2 = await customer(admin, { name: '郑女士', phone: '13500004444', store_id: ctx.o.S1.id });
  const sale2 = await event(admin, { customer_id: c2.id, type: 'sale', occurred_on: S });

  await runJobs(at(addDays(S, 6)));
  assert.deepEqual(await tasksOf(admin, c.id), [], 'a task appeared before day 7 / day 3');
  await runJobs(at(addDays(S, 7)));
  const tasks = await tasksOf(admin, c.id);
  const saleTask = tasks.find((t) => t.event_id === sale.id);
  const svcTask = tasks.find((t) => t.event_id === svc.id);
  assert.ok(saleTask, `no day-7 task: ${JSON.stringify(tasks)}`);
  assert.ok(svcTask, `no day-3 task: ${JSON.stringify(tasks)}`);
  assert.equal(saleTask.due_on, addDays(S, 7));
  assert.equal(saleTask.window_end, addDays(S, 8));
  assert.equal(svcTask.due_on, addDays(S, 7));
  // due day opens at 09:00 Shanghai (quiet hours 21:00-09:00) and closes after the window
  assert.equal(saleTask.open_at, new Date(at(addDays(S, 7), '09:00')).toISOString().replace('.000', ''));
  assert.equal(saleTask.close_at, new Date(at(addDays(S, 9), '00:00')).toISOString().replace('.000', ''));
  // round robin: the two sale tasks of the same day went to different agents of S1
  const t2 = (await tasksOf(admin, c2.id)).find((t) => t.event_id === sale2.id);
  const agents = new Set([saleTask.assignee_id, t2.assignee_id, svcTask.assignee_id]);
  assert.ok(agents.has(ctx.o.users.cr_agent.id) && agents.has(second.id), `not round robin: ${[...agents]}`);
  // exactly once: again, later, and two schedulers at once
  await runJobs(at(addDays(S, 7), '18:00'));
  await runJobs(at(addDays(S, 8)));
  await Promise.all([runJobs(at(addDays(S, 9))), runJobs(at(addDays(S, 9)))]);
  const again = await tasksOf(admin, c.id);
  assert.equal(again.filter((t) => t.rule_id === saleTask.rule_id).length, 1, 'sale task created twice');
  assert.equal(again.filter((t) => t.rule_id === svcTask.rule_id).length, 1, 'service task created twice');
  // a customer who asked not to be disturbed gets no call
  const dnd = await customer(admin, { name: '免打扰', phone: '13500006666', store_id: ctx.o.S1.id, do_not_disturb: true });
  await event(admin, { customer_id: dnd.id, type: 'sale', occurred_on: S });
  await runJobs(at(addDays(S, 7), '19:00'));
  assert.deepEqual(await tasksOf(admin, dnd.id), [], 'a do-not-disturb customer got a task');
  // an event recorded late (due date already passed, within 30 days) still gets its task
  const late = await event(admin, { customer_id: c2.id, type: 'service', occurred_on: addDays(S, 2) });
  await runJobs(at(addDays(S, 9)));
  assert.ok((await tasksOf(admin, c2.id)).some((t) => t.event_id === late.id), 'late event got no task');
  // the queue: due earlier than today's window → overdue
  const overdue = await admin.listAll('/api/v1/followup/tasks?view=overdue');
  assert.ok(overdue.some((t) => t.id === saleTask.id));
});

test('maintenance reminder: due from the mileage history, before the months limit', async () => {
  const { admin } = ctx.o.clients;
  const c = await customer(admin, { name: '冯先生', phone: '13500005555', store_id: ctx.o.S1.id });
  const sale = await event(admin, { customer_id: c.id, type: 'sale', occurred_on: addDays(TODAY, -60) });
  // 4,000 km in 40 days = 100 km/day: 5,000 km is reached on day 50, before 3 months
  await event(admin, { customer_id: c.id, type: 'service', occurred_on: addDays(TODAY, -20), mileage_km: 4000 });
  await runJobs(at(TODAY));
  const rem = (await tasksOf(admin, c.id)).find((t) => t.task_type === 'maintenance');
  assert.ok(rem, 'no maintenance reminder');
  assert.equal(rem.event_id, sale.id);
  assert.equal(rem.seq, 0);
  assert.equal(rem.target_km, 5000);
  assert.equal(rem.due_on, addDays(TODAY, -10));
});

test('calls: retries, unreachable close, connected, call-back, refused; figures follow', async () => {
  const { admin } = ctx.o.clients;
  const agent = ctx.o.clients.cr_agent;
  const me = ctx.o.users.cr_agent.id;
  const D = addDays(TODAY, -7);
  const mk = async (name, phone) => {
    const c = await customer(admin, { name, phone, store_id: ctx.o.S1.id });
    await event(admin, { customer_id: c.id, type: 'sale', occurred_on: D });
    return c;
  };
  const cs = [await mk('甲', '13300000001'), await mk('乙', '13300000002'), await mk('丙', '13300000003'), await mk('丁', '13300000004')];
  await runJobs(at(TODAY));
  const tasks = [];
  for (const c of cs) {
    const t = (await tasksOf(admin, c.id)).find((x) => x.task_type === 'satisfaction');
    assert.ok(t, `no task for ${c.name}`);
    // hand them all to the agent under test
    const a = await admin.post(`/api/v1/followup/tasks/${t.id}/assign`, { assignee_id: me });
    assert.equal(a.status, 200, describe(a));
    tasks.push(a.json);
  }
  const today = await agent.listAll('/api/v1/followup/tasks?view=today&mine=1');
  for (const t of tasks) assert.ok(today.some((x) => x.id === t.id), `task ${t.id} not in today's queue`);

  // the call screen: customer masked for the agent, rule script, event
  const screen = await agent.get(`/api/v1/followup/tasks/${tasks[0].id}`);
  assert.equal(screen.status, 200, describe(screen));
  assert.equal(screen.json.customer.phone, '133****0001');
  assert.match(screen.json.rule.script, /回访|客服/);
  assert.equal(screen.json.event.type, 'sale');

  const call = (id, body) => agent.post(`/api/v1/followup/tasks/${id}/calls`, body);
  // task 0: no answer, busy, no answer → unreachable after 3 attempts
  let r = await call(tasks[0].id, { outcome: 'no_answer' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.task.status, 'open');
  assert.equal(r.json.task.failed_attempts, 1);
  assert.ok(Date.parse(r.json.task.next_attempt_at) >= Date.parse(r.json.call.called_at) + 2 * 3600e3, 'retry sooner than the interval');
  const retries = await agent.listAll('/api/v1/followup/tasks?view=retry');
  assert.ok(retries.some((x) => x.id === tasks[0].id), 'failed task not in the retry view');
  r = await call(tasks[0].id, { outcome: 'busy' });
  assert.equal(r.json.task.status, 'open');
  r = await call(tasks[0].id, { outcome: 'no_answer', notes: '三次未接' });
  assert.equal(r.json.task.status, 'unreachable');
  assertError(await call(tasks[0].id, { outcome: 'connected' }), 409, 'conflict');
  // task 1: connected at once
  r = await call(tasks[1].id, { outcome: 'connected', notes: '客户满意' });
  assert.equal(r.json.task.status, 'done');
  // task 2: call-back, then connected
  assertError(await call(tasks[2].id, { outcome: 'callback' }), 400, 'invalid', 'callback_at');
  assertError(await call(tasks[2].id, { outcome: 'callback', callback_at: '2000-01-01T00:00:00Z' }), 400, 'invalid', 'callback_at');
  assertError(await call(tasks[2].id, { outcome: 'hung_up' }), 400, 'invalid', 'outcome');
  r = await call(tasks[2].id, { outcome: 'callback', callback_at: new Date(Date.now() + 3 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z') });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.task.status, 'open');
  r = await call(tasks[2].id, { outcome: 'connected' });
  assert.equal(r.json.task.status, 'done');
  // task 3: wrong number closes at once
  r = await call(tasks[3].id, { outcome: 'wrong_number' });
  assert.equal(r.json.task.status, 'unreachable');
  // the audit log has the calls
  const log = await admin.get(`/api/v1/audit?entity=followup_task&entity_id=${tasks[1].id}`);
  assert.ok(log.json.items.some((e) => e.action === 'update'), 'call not audited');

  // figures of this agent (due today): 4 tasks attempted, 7 attempts, connected calls: 1 + 2 (callback) = 3
  const st = await admin.get(`/api/v1/followup/stats?group=agent&from=${TODAY}&to=${TODAY}`);
  assert.equal(st.status, 200, describe(st));
  const row = st.json.rows.find((x) => x.key === me);
  assert.ok(row, `no row for the agent: ${st.text}`);
  assert.equal(row.tasks_attempted, 4);
  assert.equal(row.attempts, 7);
  assert.equal(row.connected_calls, 3);
  assert.equal(row.answer_ratio.pct, 75);           // 3 connected / 4 attempted
  assert.equal(row.reach.pct, 50);                  // 2 of 4 reached
  assert.equal(row.attempts_per_task, 1.75);
  assert.equal(row.tasks_due, 4);                   // all closed
  assert.equal(row.on_time.num, 2);                 // the two done ones, within the window
  assertError(await admin.get('/api/v1/followup/stats?group=weekday'), 400, 'invalid', 'group');
  assertError(await admin.get('/api/v1/followup/stats?from=2026-02-30'), 400, 'invalid', 'from');
  assertError(await ctx.o.clients.staff.get('/api/v1/followup/stats'), 403, 'forbidden');
});

test('queue scope: other store, other tenant, roles without the queue', async () => {
  const { admin, tenant_b, staff, dept_manager, auditor } = ctx.o.clients;
  const all = await admin.listAll('/api/v1/followup/tasks');
  assert.ok(all.length > 0);
  const t = all[0];
  const c2 = await new Client(ctx.url).mustLogin(ctx.o.users.cr_agent2.username, ctx.o.users.cr_agent2.password);
  assertError(await c2.get(`/api/v1/followup/tasks/${t.id}`), 404, 'not_found');
  assertError(await c2.post(`/api/v1/followup/tasks/${t.id}/calls`, { outcome: 'connected' }), 404, 'not_found');
  assert.deepEqual(await c2.listAll(`/api/v1/followup/tasks?store_id=${ctx.o.S1.id}`), []);
  assertError(await tenant_b.get(`/api/v1/followup/tasks/${t.id}`), 404, 'not_found');
  assert.deepEqual(await tenant_b.listAll('/api/v1/followup/tasks'), []);
  // staff and department managers have a queue of their role's tasks only (followup_roles):
  // none of the CR agents' tasks
  assert.deepEqual(await staff.listAll('/api/v1/followup/tasks'), []);
  assert.deepEqual(await dept_manager.listAll('/api/v1/followup/tasks'), []);
  assertError(await staff.get(`/api/v1/followup/tasks/${t.id}`), 404, 'not_found');
  assert.equal((await auditor.get(`/api/v1/followup/tasks/${t.id}`)).status, 200);
  assertError(await auditor.post(`/api/v1/followup/tasks/${t.id}/calls`, { outcome: 'connected' }), 403, 'forbidden');
  assertError(await admin.get('/api/v1/followup/tasks?view=someday'), 400, 'invalid', 'view');
  assertError(await admin.post(`/api/v1/followup/tasks/${t.id}/assign`, { assignee_id: ctx.o.users.cr_agent2.id }), 400, 'invalid', 'assignee_id');
});

function csv(rows) {
  return rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
}

test('import: good rows kept, bad rows reported per row and column, re-import changes nothing', async () => {
  const { admin, cr_agent } = ctx.o.clients;
  const p = uid('IMP');
  const d = addDays(TODAY, -10);
  const file = csv([
    ['客户编号', '客户姓名', '手机', '门店编码', '业务单号', '业务类型', '业务日期', '员工编号', '金额', '车架号', '车牌号', '车型', '里程'],
    [`${p}-1`, '孙先生', '139 0000 0001', ctx.o.S1.code, `${p}-E1`, '销售', d, ctx.o.E1.employee_no, '189800.00', 'LVGBE40K8GG000101', '沪A00001', '凯美瑞', ''],
    [`${p}-2`, '钱女士', '13900000002', ctx.o.S1.code, `${p}-E2`, '保养', d.replace(/-/g, '/'), '', '680', '', '', '', '15000'],
    [`${p}-3`, '', '12345', ctx.o.S1.code, `${p}-E3`, '销售', d, '', '', '', '', '', ''],
    [`${p}-4`, '李四', '13900000004', 'NO-SUCH', `${p}-E4`, '销售', '2026-02-30', '', 'abc', '', '', '', ''],
    [`${p}-5`, '王五', '13900000005', ctx.o.S1.code, '', '', '', '', '', '', '', '', ''],
  ]);
  const before = (await admin.listAll('/api/v1/customers')).length;
  // preview writes nothing
  const pre = await admin.post('/api/v1/imports?format=csv&filename=dms.csv&dry_run=1', file, { contentType: 'text/csv' });
  assert.equal(pre.status, 200, describe(pre));
  assert.equal(pre.json.rows_ok, 3);
  assert.equal(pre.json.preview.length, 3);
  assert.equal((await admin.listAll('/api/v1/customers')).length, before, 'dry run wrote customers');

  const r = await admin.post('/api/v1/imports?format=csv&filename=dms.csv', file, { contentType: 'text/csv' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_total, 5);
  assert.equal(r.json.rows_ok, 3);
  assert.equal(r.json.rows_failed, 2);
  assert.equal(r.json.customers_new, 3);
  assert.equal(r.json.events_new, 2);
  const errs = r.json.errors.map((e) => `${e.row}:${e.column}`);
  assert.deepEqual(errs.sort(), ['4:客户姓名', '4:手机', '5:业务日期', '5:金额', '5:门店编码'].sort());
  // the downloadable report
  const rep = await admin.get(`/api/v1/imports/${r.json.id}/errors`);
  assert.equal(rep.status, 200);
  assert.match(rep.headers.get('content-type'), /text\/csv/);
  const lines = rep.text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(lines.length, 6, rep.text);
  assert.match(lines[1], /^4,"客户姓名",/);
  // imported data
  const all = await admin.listAll('/api/v1/customers');
  const sun = all.find((c) => c.external_id === `${p}-1`);
  assert.equal(sun.phone, '13900000001');
  const ev = (await admin.get(`/api/v1/customers/${sun.id}/overview`)).json.events[0];
  assert.equal(ev.amount_fen, 18980000);
  assert.equal(ev.employee_id, ctx.o.E1.id);
  // again: nothing changes
  const again = await admin.post('/api/v1/imports?format=csv&filename=dms.csv', file, { contentType: 'text/csv' });
  assert.equal(again.json.customers_new, 0);
  assert.equal(again.json.events_new, 0);
  const all2 = await admin.listAll('/api/v1/customers');
  assert.deepEqual(all2, all, 're-import changed customers');
  // the cr_agent imports into their own store only
  const other = csv([['客户编号', '客户姓名', '门店编码'], [`${p}-9`, '外店客户', ctx.o.S2.code]]);
  const ra = await cr_agent.post('/api/v1/imports?format=csv', other, { contentType: 'text/csv' });
  assert.equal(ra.status, 201, describe(ra));
  assert.equal(ra.json.rows_failed, 1);
  // a file without the required columns is refused whole
  assertError(await admin.post('/api/v1/imports?format=csv', 'a,b\r\n1,2\r\n', { contentType: 'text/csv' }), 400, 'invalid', 'mapping');
  assertError(await admin.post('/api/v1/imports?format=pdf', file, { contentType: 'text/csv' }), 400, 'invalid', 'format');
  assertError(await admin.post('/api/v1/imports?format=xlsx', file, { contentType: 'application/octet-stream' }), 400, 'invalid', 'file');
  // another tenant does not see the import
  assertError(await ctx.o.clients.tenant_b.get(`/api/v1/imports/${r.json.id}`), 404, 'not_found');
  assertError(await ctx.o.clients.tenant_b.get(`/api/v1/imports/${r.json.id}/errors`), 404, 'not_found');
});

test('import: saved column mapping and the manyi import command', async () => {
  const { admin } = ctx.o.clients;
  const mapping = { customer_external_id: 'CustNo', customer_name: 'CustName', phone: 'Mobile', store_code: 'Dealer', event_external_id: 'RO', event_type: 'Kind', event_date: 'Day' };
  assertError(await admin.patch('/api/v1/import-mapping', { mapping: { shoe_size: 'x' } }), 400, 'invalid', 'shoe_size');
  assertError(await ctx.o.clients.cr_agent.patch('/api/v1/import-mapping', { mapping }), 403, 'forbidden');
  const m = await admin.patch('/api/v1/import-mapping', { mapping });
  assert.equal(m.status, 200, describe(m));
  assert.deepEqual(m.json.mapping, mapping);
  const p = uid('MAP');
  const file = csv([['CustNo', 'CustName', 'Mobile', 'Dealer', 'RO', 'Kind', 'Day'], [`${p}-1`, '韩先生', '13911112222', ctx.o.S1.code, `${p}-R1`, 'service', addDays(TODAY, -1)]]);
  const r = await admin.post('/api/v1/imports?format=csv', file, { contentType: 'text/csv' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_ok, 1);
  // the CLI uses the same mapping
  const { writeFileSync } = await import('node:fs');
  const path = `${ctx.server.dir}/cli.csv`;
  writeFileSync(path, csv([['CustNo', 'CustName', 'Mobile', 'Dealer', 'RO', 'Kind', 'Day'], [`${p}-2`, '杨女士', '13911113333', ctx.o.S1.code, `${p}-R2`, 'sale', addDays(TODAY, -2)], [`${p}-3`, '', 'x', ctx.o.S1.code, '', '', '']]));
  const out = await ctx.server.cli(['import', '--tenant', String(ctx.o.tenantA.id), '--errors', `${ctx.server.dir}/err.csv`, path]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /2 rows, 1 ok, 1 failed; 1 new customers, 1 new events/);
  const again = await ctx.server.cli(['import', '--tenant', String(ctx.o.tenantA.id), path]);
  assert.match(again.stdout, /0 new customers, 0 new events/);
  await admin.patch('/api/v1/import-mapping', { mapping: {} });
});

test('import: an .xlsx workbook (shared strings, inline strings, Excel serial dates)', async () => {
  const { admin } = ctx.o.clients;
  const p = uid('X');
  const serial = Math.round(Date.parse(`${addDays(TODAY, -5)}T00:00:00Z`) / DAY) + 25569;
  const path = `${ctx.server.dir}/dms.xlsx`;
  const rows = JSON.stringify([
    ['客户编号', '客户姓名', '手机', '门店编码', '业务单号', '业务类型', '业务日期', '里程'],
    [`${p}-1`, '许先生', '13822223333', ctx.o.S1.code, `${p}-E1`, '保养', serial, 12000],
    [`${p}-2`, '', '13822224444', ctx.o.S1.code, `${p}-E2`, '保养', serial, 'x'],
  ]);
  // a minimal workbook as Excel writes it: strings in xl/sharedStrings.xml, numbers inline
  const py = `
import json, sys, zipfile
rows = json.loads(sys.argv[2]); strings = []
def cell(ref, v):
    if isinstance(v, (int, float)): return '<c r="%s"><v>%s</v></c>' % (ref, v)
    if v == '': return ''
    if v not in strings: strings.append(v)
    return '<c r="%s" t="s"><v>%d</v></c>' % (ref, strings.index(v))
sheet = ''.join('<row r="%d">%s</row>' % (i + 1, ''.join(cell('%s%d' % (chr(65 + j), i + 1), v) for j, v in enumerate(r))) for i, r in enumerate(rows))
esc = lambda t: t.replace('&', '&amp;').replace('<', '&lt;')
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + sheet + '</sheetData></worksheet>')
    z.writestr('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + ''.join('<si><t>%s</t></si>' % esc(t) for t in strings) + '</sst>')
`;
  const { execFileSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  execFileSync('python3', ['-c', py, path, rows]);
  const r = await admin.post('/api/v1/imports?format=xlsx&filename=dms.xlsx', readFileSync(path), { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.rows_ok, 1);
  assert.equal(r.json.rows_failed, 1);
  assert.deepEqual(r.json.errors.map((e) => `${e.row}:${e.column}`).sort(), ['3:客户姓名', '3:里程']);
  const c = (await admin.listAll('/api/v1/customers')).find((x) => x.external_id === `${p}-1`);
  const ev = (await admin.get(`/api/v1/customers/${c.id}/overview`)).json.events[0];
  assert.equal(ev.occurred_on, addDays(TODAY, -5));
  assert.equal(ev.mileage_km, 12000);
  assert.equal(ev.type, 'service');
});

test("the tenant's time zone: due day and quiet hours in Europe/Berlin", async () => {
  const b = ctx.o.clients.tenant_b;
  const z = await b.patch('/api/v1/tenant', { timezone: 'Europe/Berlin' });
  assert.equal(z.status, 200, describe(z));
  const c = await created(await b.post('/api/v1/customers', { name: '柏林客户', phone: '13899990000', store_id: ctx.o.SB.id }), 'customer B');
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const local = (ms) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  };
  /** The UTC instant at which Berlin's wall clock shows `date` `time` (CET or CEST). */
  const instant = (date, time) => [1, 2].map((h) => Date.parse(`${date}T${time}:00Z`) - h * 3600e3)
    .find((ms) => local(ms).date === date && local(ms).time === time);
  const S = local(Date.now() - 12 * DAY).date;
  await created(await b.post('/api/v1/events', { customer_id: c.id, type: 'service', occurred_on: S }), 'event B');
  const due = local(Date.parse(`${S}T12:00:00Z`) + 3 * DAY).date;
  const midnight = instant(due, '00:00');
  // half an hour before Berlin's midnight: no task yet; half an hour after: the task
  await runJobs(new Date(midnight - 1800e3).toISOString().replace(/\.\d+Z$/, 'Z'));
  assert.deepEqual(await b.listAll(`/api/v1/followup/tasks?customer_id=${c.id}`), [], 'created before the due day in Berlin');
  await runJobs(new Date(midnight + 1800e3).toISOString().replace(/\.\d+Z$/, 'Z'));
  const [t] = await b.listAll(`/api/v1/followup/tasks?customer_id=${c.id}`);
  assert.ok(t, 'no task on the due day in Berlin');
  assert.equal(t.due_on, due);
  // calls open at 09:00 Berlin time (quiet hours 21:00-09:00)
  assert.equal(t.open_at, new Date(instant(due, '09:00')).toISOString().replace(/\.\d+Z$/, 'Z'));
  await b.patch('/api/v1/tenant', { timezone: 'Asia/Shanghai' });
});

testCleanExit(ctx);
