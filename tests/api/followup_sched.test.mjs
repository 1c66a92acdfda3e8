// SPDX-License-Identifier: MIT
// The follow-up scheduler's round robin (issue 3): tasks created in one statement per rule are
// shared out in turn within each store's CR team, stores interleaved in the event order do not
// skew it, turns go on from one run to the next (also across rules), a manual rule leaves its
// tasks in the pool, a second run adds nothing, and a customer's tasks are listed through their
// events. The server runs with MANYI_JOBS=0 so only explicit runs create tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, buildOrg, created } from './lib/harness.mjs';
import { uid } from './lib/client.mjs';

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
  return Number(/(\d+) tasks created/.exec(r.stdout)[1]);
}

// Tasks per assignee (null = the store's pool) among the given tasks.
function perAgent(tasks) {
  const m = new Map();
  for (const t of tasks) m.set(t.assignee_id, (m.get(t.assignee_id) ?? 0) + 1);
  return m;
}

function assertEven(tasks, team, what) {
  const m = perAgent(tasks);
  assert.deepEqual([...m.keys()].filter((k) => !team.includes(k)), [], `${what}: tasks outside the team ${JSON.stringify([...m])}`);
  const counts = team.map((id) => m.get(id) ?? 0);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `${what}: uneven ${JSON.stringify(counts)}`);
  return counts;
}

test('round robin per store, in turn across runs and rules; manual rules stay in the pool', async () => {
  const { admin } = ctx.o.clients;
  const { S1, S2 } = ctx.o;
  const agent = async (store) => (await created(await admin.post('/api/v1/users', {
    username: uid('cr.'), role: 'cr_agent', store_id: store.id, password: 'Round-robin-pass-1',
  }), 'agent')).id;
  const team1 = [ctx.o.users.cr_agent.id, await agent(S1), await agent(S1)].sort((a, b) => a - b);
  const team2 = [ctx.o.users.cr_agent2.id, await agent(S2)].sort((a, b) => a - b);

  const D = addDays(TODAY, -12);
  const mine = new Set();
  const add = async (store, type, day) => {
    const c = await created(await admin.post('/api/v1/customers', { name: '轮询客户', store_id: store.id, external_id: uid('RC') }), 'customer');
    const e = await created(await admin.post('/api/v1/events', { customer_id: c.id, type, occurred_on: day }), 'event');
    mine.add(e.id);
    return c;
  };
  // S1 and S2 alternate in event order, sales and service visits alternate too: 13 sales and
  // 6 service visits in S1, 8 sales and 5 service visits in S2.
  for (let i = 0; i < 13; i++) {
    await add(S1, 'sale', D);
    if (i < 8) await add(S2, 'sale', D);
    if (i < 6) await add(S1, 'service', addDays(D, 4));
    if (i < 5) await add(S2, 'service', addDays(D, 4));
  }
  const rules = Object.fromEntries((await admin.get('/api/v1/followup/rules')).json.items.map((r) => [r.code, r]));
  const manual = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('repair'), name: '维修三日关怀', trigger_type: 'repair', task_type: 'care', offset_days: 3, assign_mode: 'manual',
  }), 'manual rule');
  const repairCustomer = await add(S1, 'repair', addDays(D, 4));

  assert.equal(await runJobs(at(addDays(D, 7))), 13 + 8 + 6 + 5 + 1);
  const all = (await admin.listAll('/api/v1/followup/tasks')).filter((t) => mine.has(t.event_id));
  const of = (rule, store) => all.filter((t) => t.rule_id === rule.id && t.store_id === store.id);
  // each rule's tasks are shared out evenly within each store, whatever the interleaving
  assert.deepEqual(assertEven(of(rules.sale_day7, S1), team1, 'S1 sales').sort(), [4, 4, 5]);
  assertEven(of(rules.service_day3, S1), team1, 'S1 service');
  assert.deepEqual(assertEven(of(rules.sale_day7, S2), team2, 'S2 sales'), [4, 4]);
  assertEven(of(rules.service_day3, S2), team2, 'S2 service');
  // the store's turn is shared by its rules: 19 tasks in S1 so far
  assert.deepEqual(assertEven(all.filter((t) => t.store_id === S1.id && t.rule_id !== manual.id), team1, 'S1 all').sort(), [6, 6, 7]);
  // the manual rule's task waits in the pool
  const repair = all.filter((t) => t.rule_id === manual.id);
  assert.equal(repair.length, 1);
  assert.equal(repair[0].assignee_id, null);

  // a second run at the same time adds nothing
  assert.equal(await runJobs(at(addDays(D, 7), '18:00')), 0);

  // the next day's two sales in S1 go to the two agents whose turn it is: 7/7/7 afterwards
  await add(S1, 'sale', addDays(D, 1));
  await add(S1, 'sale', addDays(D, 1));
  assert.equal(await runJobs(at(addDays(D, 8))), 2);
  const after = (await admin.listAll('/api/v1/followup/tasks')).filter((t) => mine.has(t.event_id) && t.store_id === S1.id && t.rule_id !== manual.id);
  assert.deepEqual(assertEven(after, team1, 'S1 after the next run'), [7, 7, 7]);

  // a customer's tasks are found through their events
  const byCustomer = await admin.listAll(`/api/v1/followup/tasks?customer_id=${repairCustomer.id}`);
  assert.deepEqual(byCustomer.map((t) => t.id), [repair[0].id]);
  // the open views list only open tasks; the unassigned filter finds the pool
  const pool = await admin.listAll('/api/v1/followup/tasks?view=overdue&unassigned=1');
  assert.ok(pool.some((t) => t.id === repair[0].id), 'the manual task is not in the pool');
  assert.ok(pool.every((t) => t.status === 'open' && t.assignee_id === null));
});

test('a rule with a named team: only those agents take its tasks; bad teams name the item', async () => {
  const { admin, cr_agent, tenant_b } = ctx.o.clients;
  const { S1 } = ctx.o;
  const a = await created(await admin.post('/api/v1/users', { username: uid('team.'), role: 'cr_agent', store_id: S1.id, password: 'Named-team-pass-1' }), 'agent a');
  const b = await created(await admin.post('/api/v1/users', { username: uid('team.'), role: 'cr_agent', store_id: S1.id, password: 'Named-team-pass-1' }), 'agent b');
  const rule = await created(await admin.post('/api/v1/followup/rules', {
    code: uid('care'), name: '维修七日关怀', trigger_type: 'repair', task_type: 'care', offset_days: 7, assign_team: [b.id, a.id],
  }), 'rule with a team');
  assert.deepEqual(rule.assign_team, [b.id, a.id]);
  // bad teams: the item and the reason; nothing changes
  const bad = async (team, field) => {
    const r = await admin.patch(`/api/v1/followup/rules/${rule.id}`, { assign_team: team });
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.equal(r.json.error.field, field, JSON.stringify(r.json));
  };
  await bad([a.id, a.id], 'assign_team.1');
  await bad([ctx.o.users.store_manager.id], 'assign_team.0');
  await bad([a.id, 'x'], 'assign_team.1');
  await bad('all', 'assign_team');
  await bad([ctx.o.users.tenant_b.id], 'assign_team.0');
  assert.deepEqual((await admin.get(`/api/v1/followup/rules/${rule.id}`)).json.assign_team, [b.id, a.id]);
  assert.equal((await cr_agent.patch(`/api/v1/followup/rules/${rule.id}`, { assign_team: [] })).status, 403);
  assert.equal((await tenant_b.patch(`/api/v1/followup/rules/${rule.id}`, { assign_team: [] })).status, 404);

  const D = addDays(TODAY, -9);
  const ids = new Set();
  for (let i = 0; i < 4; i++) {
    const c = await created(await admin.post('/api/v1/customers', { name: '团队客户', store_id: S1.id, external_id: uid('TC') }), 'customer');
    ids.add((await created(await admin.post('/api/v1/events', { customer_id: c.id, type: 'repair', occurred_on: D }), 'event')).id);
  }
  await runJobs(at(addDays(D, 7)));
  const tasks = (await admin.listAll('/api/v1/followup/tasks')).filter((t) => ids.has(t.event_id) && t.rule_id === rule.id);
  assert.equal(tasks.length, 4);
  assert.deepEqual(assertEven(tasks, [a.id, b.id].sort((x, y) => x - y), 'named team'), [2, 2]);
  // an empty team means every CR agent of the store again
  const back = await admin.patch(`/api/v1/followup/rules/${rule.id}`, { assign_team: [] });
  assert.equal(back.status, 200, JSON.stringify(back.json));
  assert.deepEqual(back.json.assign_team, []);
});
