// SPDX-License-Identifier: MIT
// Follow-up rules that give their tasks to a role (issue 3: "team or role to assign"): a rule
// with assign_role staff (or dept_manager) shares its tasks out in turn among the users of that
// role in the event's store and department, departments interleaved in the event order do not
// skew it, turns go on from one run to the next, events without a department go to the store's
// CR agents; a staff user sees their own tasks and their department's pool only, claims, calls
// (outcomes, retries, unreachable), reveals the customer's number (audited) and enters the
// rule's survey in the call; others' departments and stores answer 404, rules 403; managers
// assign to users of the task's role; the figures by agent count them. The server runs with
// MANYI_JOBS=0 so only explicit runs create tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, buildOrg, created, testCleanExit } from './lib/harness.mjs';
import { Client, assertError, describe, uid } from './lib/client.mjs';

process.env.MANYI_JOBS = '0';
const ctx = useServer({ setup: async (c) => { c.o = await buildOrg(c); } });

const DAY = 86400e3;
const shDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shDate(Date.now());
const addDays = (d, n) => shDate(Date.parse(`${d}T12:00:00+08:00`) + n * DAY);
const at = (d, hh = '12:00') => `${d}T${hh}:00+08:00`;
const PASSWORD = 'Role-queue-pass-1';

async function runJobs(now) {
  const r = await ctx.server.cli(['jobs', 'run', '--job', 'followup_schedule', '--now', now]);
  assert.equal(r.code, 0, `jobs run: ${r.stdout}${r.stderr}`);
  return Number(/(\d+) tasks created/.exec(r.stdout)[1]);
}

function perUser(tasks) {
  const m = new Map();
  for (const t of tasks) m.set(t.assignee_id, (m.get(t.assignee_id) ?? 0) + 1);
  return m;
}

/** The counts of the team's users (in id order); fails when a task went outside the team. */
function counts(tasks, team, what) {
  const m = perUser(tasks);
  const outside = [...m.keys()].filter((k) => !team.includes(k));
  assert.deepEqual(outside, [], `${what}: tasks outside the team ${JSON.stringify([...m])}`);
  return [...team].sort((a, b) => a - b).map((id) => m.get(id) ?? 0);
}

const f = {}; // fixtures shared by the tests, in order

async function user(role, extra) {
  const username = uid(`${role.replace(/_/g, '')}.`);
  const u = await created(await ctx.o.clients.admin.post('/api/v1/users', { username, display_name: `${role} ${username}`, role, password: PASSWORD, ...extra }), `user ${role}`);
  return { ...u, username };
}

async function event(store, dept, type, day, phone) {
  const { admin } = ctx.o.clients;
  const c = await created(await admin.post('/api/v1/customers', { name: '角色客户', phone, store_id: store.id, external_id: uid('RC') }), 'customer');
  const body = { customer_id: c.id, type, occurred_on: day };
  if (dept) body.department_id = dept.id;
  const e = await created(await admin.post('/api/v1/events', body), 'event');
  f.events.add(e.id);
  return e;
}

const tasksOf = async (rule) => (await ctx.o.clients.admin.listAll('/api/v1/followup/tasks')).filter((t) => t.rule_id === rule.id && f.events.has(t.event_id));

test('a staff rule: turns within each department, interleaved, continued on the next run; no department → CR agents', async () => {
  const { admin } = ctx.o.clients;
  const { S1, S2, D1, D1b, D2 } = ctx.o;
  f.events = new Set();
  // D1 (sales): the fixture's staff user and one more; D1b (after-sales): two; D2 (S2): one.
  // An inactive staff user of D1 and D1's department manager take no staff turns.
  f.staffA = ctx.o.users.staff;
  f.staffA2 = await user('staff', { department_id: D1.id });
  f.staffB1 = await user('staff', { department_id: D1b.id });
  f.staffB2 = await user('staff', { department_id: D1b.id });
  f.staffC = await user('staff', { department_id: D2.id });
  const gone = await user('staff', { department_id: D1.id });
  assert.equal((await admin.del(`/api/v1/users/${gone.id}`)).status < 300, true);
  f.teamD1 = [f.staffA.id, f.staffA2.id];
  f.teamD1b = [f.staffB1.id, f.staffB2.id];

  const rule = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('svc'), name: '维修三日关怀（服务顾问）', trigger_type: 'repair', task_type: 'care', offset_days: 3,
    max_attempts: 2, assign_role: 'staff',
  }), 'staff rule');
  assert.equal(rule.assign_role, 'staff');
  f.rule = rule;
  // the shipped rules stay with the CR agents
  for (const r of (await admin.get('/api/v1/followup/rules')).json.items.filter((x) => ['sale_day7', 'service_day3', 'maintenance'].includes(x.code))) {
    assert.equal(r.assign_role, 'cr_agent', r.code);
  }

  const D = addDays(TODAY, -10);
  // D1 and D1b alternate in event order: 5 in D1, 3 in D1b; 2 in S2's D2; 2 without a department
  for (let i = 0; i < 5; i++) {
    await event(S1, D1, 'repair', D, `1380000${String(100 + i)}1`);
    if (i < 3) await event(S1, D1b, 'repair', D, `1390000${String(100 + i)}1`);
    if (i < 2) await event(S2, D2, 'repair', D, `1370000${String(100 + i)}1`);
    if (i < 2) await event(S1, null, 'repair', D, `1360000${String(100 + i)}1`);
  }
  assert.equal(await runJobs(at(addDays(D, 3))), 12);
  const all = await tasksOf(rule);
  assert.equal(all.length, 12);
  const inDept = (d) => all.filter((t) => t.department_id === d.id);
  // each department's tasks go round its own staff, whatever the interleaving
  assert.deepEqual(counts(inDept(D1), f.teamD1, 'D1'), [3, 2]);
  assert.deepEqual(counts(inDept(D1b), f.teamD1b, 'D1b'), [2, 1]);
  assert.deepEqual(counts(inDept(D2), [f.staffC.id], 'D2'), [2]);
  for (const t of [...inDept(D1), ...inDept(D1b), ...inDept(D2)]) assert.equal(t.assign_role, 'staff');
  // no department: the store's CR agent(s), as a CR task
  const bare = all.filter((t) => t.department_id === null);
  assert.equal(bare.length, 2);
  for (const t of bare) {
    assert.equal(t.assign_role, 'cr_agent');
    assert.equal(t.assignee_id, ctx.o.users.cr_agent.id);
  }

  // a second run at the same time adds nothing
  assert.equal(await runJobs(at(addDays(D, 3), '18:00')), 0);
  // the next day: one more in each of D1 and D1b; the turns go on (3/3 and 2/2, not 4/2, 3/1)
  await event(S1, D1b, 'repair', addDays(D, 1), '13500001001');
  await event(S1, D1, 'repair', addDays(D, 1), '13500001002');
  assert.equal(await runJobs(at(addDays(D, 4))), 2);
  const after = await tasksOf(rule);
  assert.deepEqual(counts(after.filter((t) => t.department_id === D1.id), f.teamD1, 'D1 after'), [3, 3]);
  assert.deepEqual(counts(after.filter((t) => t.department_id === D1b.id), f.teamD1b, 'D1b after'), [2, 2]);
  f.tasks = after;
});

test('maintenance reminders for the service department\'s staff: turns per department, no department → CR agents', async () => {
  const { admin } = ctx.o.clients;
  const { S1, D1b } = ctx.o;
  const rule = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('maint'), name: '保养提醒（服务顾问）', trigger_type: 'sale', task_type: 'maintenance', offset_days: 0,
    window_days: 7, assign_role: 'staff',
  }), 'maintenance staff rule');
  // 4,000 km in 40 days: the 5,000 km service falls due 10 days ago (see followup.test.mjs)
  const sold = async (dept, phone) => {
    const e = await event(S1, dept, 'sale', addDays(TODAY, -60), phone);
    const ev = (await admin.get(`/api/v1/events/${e.id}`)).json;
    f.events.add((await created(await admin.post('/api/v1/events', { customer_id: ev.customer_id, type: 'service', occurred_on: addDays(TODAY, -20), mileage_km: 4000 }), 'reading')).id);
    return e;
  };
  await sold(D1b, '13100000001');
  await sold(D1b, '13100000002');
  const bare = await sold(null, '13100000003');
  await runJobs(at(TODAY));
  const tasks = await tasksOf(rule);
  assert.equal(tasks.length, 3, JSON.stringify(tasks));
  assert.deepEqual(counts(tasks.filter((t) => t.department_id === D1b.id), f.teamD1b, 'D1b reminders'), [1, 1]);
  assert.ok(tasks.filter((t) => t.department_id === D1b.id).every((t) => t.assign_role === 'staff' && t.task_type === 'maintenance'));
  const cr = tasks.find((t) => t.event_id === bare.id);
  assert.deepEqual([cr.assign_role, cr.assignee_id], ['cr_agent', ctx.o.users.cr_agent.id]);
});

test('a named staff team and a department-manager rule; manual rules leave the department pool', async () => {
  const { admin } = ctx.o.clients;
  const { S1, D1, D1b } = ctx.o;
  const D = addDays(TODAY, -9);
  // a named team of one D1 staff user: D1's tasks all go to them, D1b has no one of the team
  const named = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('named'), name: '保养提醒（指定顾问）', trigger_type: 'other', task_type: 'care', offset_days: 2,
    assign_role: 'staff', assign_team: [f.staffA2.id],
  }), 'named staff rule');
  const mgr = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('mgr'), name: '经理关怀', trigger_type: 'other', task_type: 'care', offset_days: 2, assign_role: 'dept_manager',
  }), 'dept_manager rule');
  f.manual = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('pool'), name: '销售关怀（待领取）', trigger_type: 'sale', task_type: 'care', offset_days: 2,
    assign_role: 'staff', assign_mode: 'manual',
  }), 'manual staff rule');
  for (let i = 0; i < 3; i++) await event(S1, D1, 'other', D, `1330000${String(200 + i)}1`);
  await event(S1, D1b, 'other', D, '13300003001');
  f.poolD1 = await event(S1, D1, 'sale', D, '13300004001');
  f.poolD1b = await event(S1, D1b, 'sale', D, '13300004002');
  await runJobs(at(addDays(D, 2)));
  const n = await tasksOf(named);
  assert.deepEqual(counts(n.filter((t) => t.department_id === D1.id), [f.staffA2.id], 'named team'), [3]);
  assert.deepEqual(n.filter((t) => t.department_id === D1b.id).map((t) => t.assignee_id), [null]);
  const m = await tasksOf(mgr);
  assert.deepEqual(counts(m.filter((t) => t.department_id === D1.id), [ctx.o.users.dept_manager.id], 'dept_manager'), [3]);
  assert.ok(m.every((t) => t.assign_role === 'dept_manager'));
  const pool = await tasksOf(f.manual);
  assert.equal(pool.length, 2);
  assert.ok(pool.every((t) => t.assignee_id === null && t.assign_role === 'staff'));
  f.poolTaskD1 = pool.find((t) => t.event_id === f.poolD1.id);
  f.poolTaskD1b = pool.find((t) => t.event_id === f.poolD1b.id);
  f.mgrTask = m.find((t) => t.department_id === D1.id);
});

test('a staff user: own tasks and the department pool only; others answer 404; no rules, no assigning', async () => {
  const { staff, admin } = ctx.o.clients;
  const { D1, S2 } = ctx.o;
  const mine = await staff.listAll('/api/v1/followup/tasks');
  const all = await admin.listAll('/api/v1/followup/tasks');
  const want = all.filter((t) => t.department_id === D1.id && t.assign_role === 'staff' &&
    (t.assignee_id === null || t.assignee_id === f.staffA.id)).map((t) => t.id).sort((a, b) => a - b);
  assert.deepEqual(mine.map((t) => t.id).sort((a, b) => a - b), want);
  assert.ok(mine.some((t) => t.assignee_id === f.staffA.id), 'no task of their own');
  assert.ok(mine.some((t) => t.id === f.poolTaskD1.id), 'the department pool is missing');
  // mine=1 and unassigned=1 narrow it
  assert.ok((await staff.listAll('/api/v1/followup/tasks?mine=1')).every((t) => t.assignee_id === f.staffA.id));
  assert.deepEqual((await staff.listAll('/api/v1/followup/tasks?unassigned=1')).map((t) => t.id), [f.poolTaskD1.id]);
  // not visible: a colleague's task, another department's, the CR agents', another store's,
  // the department manager's
  const colleague = f.tasks.find((t) => t.assignee_id === f.staffA2.id);
  const otherDept = f.tasks.find((t) => t.department_id === ctx.o.D1b.id);
  const crTask = f.tasks.find((t) => t.department_id === null);
  const otherStore = f.tasks.find((t) => t.store_id === S2.id);
  for (const [what, t] of [['colleague', colleague], ['D1b', otherDept], ['CR', crTask], ['S2', otherStore], ['dept_manager', f.mgrTask], ['D1b pool', f.poolTaskD1b]]) {
    assertError(await staff.get(`/api/v1/followup/tasks/${t.id}`), 404, 'not_found');
    assertError(await staff.post(`/api/v1/followup/tasks/${t.id}/claim`), 404, 'not_found');
    assertError(await staff.post(`/api/v1/followup/tasks/${t.id}/calls`, { outcome: 'connected' }), 404, 'not_found');
    assertError(await staff.post(`/api/v1/followup/tasks/${t.id}/reveal`), 404, 'not_found');
    assert.ok(!mine.some((x) => x.id === t.id), `the staff user lists the ${what} task`);
  }
  // the CR agent no longer sees staff tasks, but works the store's CR fallback ones
  const { cr_agent, dept_manager } = ctx.o.clients;
  assertError(await cr_agent.get(`/api/v1/followup/tasks/${colleague.id}`), 404, 'not_found');
  assertError(await cr_agent.post(`/api/v1/followup/tasks/${f.poolTaskD1.id}/claim`), 404, 'not_found');
  assert.equal((await cr_agent.get(`/api/v1/followup/tasks/${crTask.id}`)).status, 200);
  assert.ok(!(await cr_agent.listAll('/api/v1/followup/tasks')).some((t) => t.assign_role !== 'cr_agent'));
  // the department manager: their own role's tasks only
  assert.equal((await dept_manager.get(`/api/v1/followup/tasks/${f.mgrTask.id}`)).status, 200);
  assertError(await dept_manager.get(`/api/v1/followup/tasks/${colleague.id}`), 404, 'not_found');
  assert.ok((await dept_manager.listAll('/api/v1/followup/tasks')).every((t) => t.assign_role === 'dept_manager'));
  // no rules to manage, no assigning
  assertError(await staff.post('/api/v1/followup/rules', { code: uid('x'), name: '员工规则', trigger_type: 'repair' }), 403, 'forbidden');
  assertError(await staff.patch(`/api/v1/followup/rules/${f.rule.id}`, { name: '改名' }), 403, 'forbidden');
  assertError(await staff.get('/api/v1/followup/rules'), 403, 'forbidden');
  assertError(await staff.post(`/api/v1/followup/tasks/${f.poolTaskD1.id}/assign`, { assignee_id: f.staffA.id }), 403, 'forbidden');
  assertError(await dept_manager.post(`/api/v1/followup/tasks/${f.mgrTask.id}/assign`, { assignee_id: null }), 403, 'forbidden');
});

test('a staff user works the queue: claim, outcomes, retries, unreachable close, audited reveal', async () => {
  const { staff, admin } = ctx.o.clients;
  // claim from the pool; a second claim by a colleague conflicts
  const claimed = await staff.post(`/api/v1/followup/tasks/${f.poolTaskD1.id}/claim`);
  assert.equal(claimed.status, 200, describe(claimed));
  assert.equal(claimed.json.assignee_id, f.staffA.id);
  const colleague = await new Client(ctx.url).mustLogin(f.staffA2.username, PASSWORD);
  // taken: no longer in the colleague's pool
  assertError(await colleague.post(`/api/v1/followup/tasks/${f.poolTaskD1.id}/claim`), 404, 'not_found');

  // the call screen: the number masked, revealed on request (audited), for open tasks only
  const own = f.tasks.filter((t) => t.assignee_id === f.staffA.id);
  const t1 = own[0];
  const detail = await staff.get(`/api/v1/followup/tasks/${t1.id}`);
  assert.equal(detail.status, 200, describe(detail));
  assert.match(detail.json.customer.phone, /^1\d\d\*\*\*\*\d{4}$/);
  assert.equal(detail.json.customer.masked, true);
  assert.equal(detail.json.rule.assign_role, 'staff');
  const rev = await staff.post(`/api/v1/followup/tasks/${t1.id}/reveal`);
  assert.equal(rev.status, 200, describe(rev));
  assert.match(rev.json.phone, /^1\d{10}$/);
  assert.equal(rev.json.masked, false);
  const log = await admin.get(`/api/v1/audit?entity=customer&entity_id=${t1.customer_id}`);
  const entry = log.json.items.find((e) => e.action === 'view_pii' && e.user_id === f.staffA.id);
  assert.ok(entry, `no view_pii entry: ${log.text}`);
  assert.equal(entry.after.task_id, t1.id);
  // the customers' own reveal stays the CR agents' (staff keep the mask elsewhere)
  assertError(await staff.post(`/api/v1/customers/${t1.customer_id}/reveal`), 403, 'forbidden');
  assertError(await ctx.o.clients.auditor.post(`/api/v1/followup/tasks/${t1.id}/reveal`), 403, 'forbidden');

  // outcomes: no answer (a retry), then a call-back, then connected: done
  let r = await staff.post(`/api/v1/followup/tasks/${t1.id}/calls`, { outcome: 'no_answer', notes: '无人接听' });
  assert.equal(r.status, 201, describe(r));
  assert.deepEqual([r.json.task.status, r.json.task.attempts, r.json.task.failed_attempts], ['open', 1, 1]);
  assert.equal(r.json.call.user_id, f.staffA.id);
  // (its window is over: the overdue view, still open)
  assert.ok((await staff.listAll('/api/v1/followup/tasks?view=overdue')).some((t) => t.id === t1.id), 'not in the overdue view');
  r = await staff.post(`/api/v1/followup/tasks/${t1.id}/calls`, { outcome: 'callback', callback_at: new Date(Date.now() + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z') });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.task.last_outcome, 'callback');
  r = await staff.post(`/api/v1/followup/tasks/${t1.id}/calls`, { outcome: 'connected', notes: '客户满意' });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.task.status, 'done');
  assertError(await staff.post(`/api/v1/followup/tasks/${t1.id}/reveal`), 409, 'conflict', 'status');
  assert.ok((await staff.listAll('/api/v1/followup/tasks?view=done')).some((t) => t.id === t1.id), 'not in the done view');

  // the rule allows two attempts: busy, no answer → unreachable; calling the pool task claims it
  const t2 = own[1];
  await staff.post(`/api/v1/followup/tasks/${t2.id}/calls`, { outcome: 'busy' });
  r = await staff.post(`/api/v1/followup/tasks/${t2.id}/calls`, { outcome: 'no_answer' });
  assert.equal(r.json.task.status, 'unreachable', describe(r));
  r = await staff.post(`/api/v1/followup/tasks/${f.poolTaskD1.id}/calls`, { outcome: 'wrong_number' });
  assert.equal(r.status, 201, describe(r));
  assert.deepEqual([r.json.task.status, r.json.task.assignee_id], ['unreachable', f.staffA.id]);
  // and refused
  r = await staff.post(`/api/v1/followup/tasks/${own[2].id}/calls`, { outcome: 'refused' });
  assert.equal(r.json.task.status, 'refused', describe(r));
  assertError(await staff.post(`/api/v1/followup/tasks/${own[2].id}/calls`, { outcome: 'connected' }), 409, 'conflict', 'status');
  assertError(await staff.post(`/api/v1/followup/tasks/${own[2].id}/calls`, {}), 400, 'invalid', 'outcome');

  // the figures by agent count the staff user like an agent
  const stats = await admin.get(`/api/v1/followup/stats?group=agent&from=${addDays(TODAY, -30)}&to=${TODAY}`);
  assert.equal(stats.status, 200, describe(stats));
  const row = stats.json.rows.find((x) => x.key === f.staffA.id);
  assert.ok(row, `no row for the staff user: ${stats.text}`);
  assert.equal(row.attempts, 7);
  assert.equal(row.connected_calls, 2); // the call-back and the connected call
});

test('the rule\'s survey answered in the call by a staff user, once per task', async () => {
  const { staff, admin } = ctx.o.clients;
  const tx = (s) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
  const s = await created(await admin.post('/api/v1/surveys', { name: '服务顾问回访', definition: {
    title: tx('服务顾问回访'), questions: [{ id: 1, type: 'nps', required: true, text: tx('您有多大可能推荐我们？') }],
  } }), 'survey');
  assert.equal((await admin.post(`/api/v1/surveys/${s.id}/publish`)).status, 200);
  // the staff user's own tasks are closed by now: a manager hands them one of the colleague's
  const given = f.tasks.find((x) => x.assignee_id === f.staffA2.id && x.department_id === ctx.o.D1.id);
  const moved = await admin.post(`/api/v1/followup/tasks/${given.id}/assign`, { assignee_id: f.staffA.id });
  assert.equal(moved.status, 200, describe(moved));
  const task = moved.json;
  // no survey on the rule yet
  assertError(await staff.post(`/api/v1/followup/tasks/${task.id}/response`, { answers: [{ question_id: 1, value: 9 }] }), 409, 'conflict', 'survey_id');
  assert.equal((await admin.patch(`/api/v1/followup/rules/${f.rule.id}`, { survey_id: s.id })).status, 200);
  assertError(await staff.post(`/api/v1/followup/tasks/${task.id}/response`, { answers: [{ question_id: 1, value: 11 }] }), 400, 'invalid');
  assertError(await staff.post(`/api/v1/followup/tasks/${task.id}/response`, { answers: [], extra: 1 }), 400, 'invalid', 'extra');
  const r = await staff.post(`/api/v1/followup/tasks/${task.id}/response`, { answers: [{ question_id: 1, value: 9 }] });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.nps_category, 'promoter');
  assertError(await staff.post(`/api/v1/followup/tasks/${task.id}/response`, { answers: [{ question_id: 1, value: 3 }] }), 409, 'conflict', 'answers');
  // another department's task: not found
  const other = f.tasks.find((x) => x.department_id === ctx.o.D1b.id);
  assertError(await staff.post(`/api/v1/followup/tasks/${other.id}/response`, { answers: [{ question_id: 1, value: 9 }] }), 404, 'not_found');
  // stored as an answer in the call: linked to the task, its customer, event and department
  const list = await admin.get(`/api/v1/surveys/${s.id}/responses`);
  assert.equal(list.json.items.length, 1, list.text);
  const resp = list.json.items[0];
  assert.deepEqual([resp.channel, resp.followup_task_id, resp.customer_id, resp.event_id],
    ['call', task.id, task.customer_id, task.event_id]);
  // the staff user sees it on the customer's page (their department's answer)
  const ov = await staff.get(`/api/v1/customers/${task.customer_id}/overview`);
  assert.ok(ov.json.responses.some((x) => x.followup_task_id === task.id), ov.text);
  assert.equal((await admin.patch(`/api/v1/followup/rules/${f.rule.id}`, { survey_id: null })).status, 200);
});

test('managers assign to users of the task\'s role (and department); bad roles and teams name the field', async () => {
  const { admin, store_manager } = ctx.o.clients;
  const open = (await admin.listAll('/api/v1/followup/tasks?view=all')).filter((t) => t.rule_id === f.rule.id && t.status === 'open');
  const d1 = open.find((t) => t.department_id === ctx.o.D1.id);
  const d1b = open.find((t) => t.department_id === ctx.o.D1b.id);
  const cr = open.find((t) => t.department_id === null);
  let r = await store_manager.post(`/api/v1/followup/tasks/${d1.id}/assign`, { assignee_id: f.staffA2.id });
  assert.equal(r.status, 200, describe(r));
  assert.equal(r.json.assignee_id, f.staffA2.id);
  for (const [task, who] of [[d1, f.staffB1.id], [d1, ctx.o.users.cr_agent.id], [d1, ctx.o.users.dept_manager.id], [d1b, f.staffA.id], [cr, f.staffA.id]]) {
    assertError(await store_manager.post(`/api/v1/followup/tasks/${task.id}/assign`, { assignee_id: who }), 400, 'invalid', 'assignee_id');
  }
  r = await admin.post(`/api/v1/followup/tasks/${cr.id}/assign`, { assignee_id: ctx.o.users.cr_agent.id });
  assert.equal(r.status, 200, describe(r));
  r = await admin.post(`/api/v1/followup/tasks/${d1b.id}/assign`, { assignee_id: null });
  assert.equal(r.status, 200, describe(r));

  // validation of rules
  const bad = async (body, field) => {
    const res = await admin.patch(`/api/v1/followup/rules/${f.rule.id}`, body);
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.equal(res.json.error.field, field, JSON.stringify(res.json));
  };
  await bad({ assign_role: 'store_manager' }, 'assign_role');
  await bad({ assign_role: '' }, 'assign_role');
  await bad({ assign_role: 3 }, 'assign_role');
  await bad({ assign_team: [f.staffA.id, ctx.o.users.cr_agent.id] }, 'assign_team.1');
  await bad({ assign_team: [ctx.o.users.dept_manager.id] }, 'assign_team.0');
  await bad({ assign_role: 'cr_agent', assign_team: [f.staffA.id] }, 'assign_team.0');
  // a staff rule's team of staff users passes; moving the rule to the CR agents needs a CR team
  r = await admin.patch(`/api/v1/followup/rules/${f.rule.id}`, { assign_team: [f.staffA.id, f.staffB1.id] });
  assert.equal(r.status, 200, describe(r));
  await bad({ assign_role: 'cr_agent' }, 'assign_team.0');
  r = await admin.patch(`/api/v1/followup/rules/${f.rule.id}`, { assign_role: 'dept_manager', assign_team: [ctx.o.users.dept_manager.id] });
  assert.equal(r.status, 200, describe(r));
  assert.deepEqual([r.json.assign_role, r.json.assign_team], ['dept_manager', [ctx.o.users.dept_manager.id]]);
  // tasks keep the role they were made for
  assert.equal((await admin.get(`/api/v1/followup/tasks/${d1.id}`)).json.task.assign_role, 'staff');
  assertError(await admin.post('/api/v1/followup/rules', { code: uid('x'), name: '坏规则', trigger_type: 'repair', assign_role: 'auditor' }), 400, 'invalid', 'assign_role');
});

testCleanExit(ctx);
