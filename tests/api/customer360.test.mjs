// SPDX-License-Identifier: MIT
// The customer 360° view (issue 3) through the API: GET /api/v1/customers/{id}/overview holds,
// besides the customer, events and follow-up tasks, the customer's survey responses (survey,
// version, channel, date, NPS and category, CSAT top-2-box, dimension scores, answers) and
// complaints (category, state, severity, dates, link). Scope: another tenant's customer and
// another store's customer are "not found"; department roles see their department's responses
// and tickets only. Masking: phone, e-mail and the free text of answers are masked for cr_agent,
// staff and auditor; a CR agent may ask for them (?reveal=1), an auditor may not; every view
// answered unmasked is in the audit log as view_pii.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, buildOrg, testCleanExit, created } from './lib/harness.mjs';
import { Client, assertError, describe, uid } from './lib/client.mjs';

const ctx = useServer({ setup: async (c) => { c.o = await buildOrg(c); await fixtures(c); } });
const f = {};
const PII_TEXT = '销售说会回电话，请打我手机13812345678';
const daysAgo = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

async function ok(res, status, what) {
  assert.equal(res.status, status, `${what}: ${describe(res)}`);
  return res.json;
}

async function fixtures(c) {
  const { admin, cr_agent } = c.o.clients;
  const o = c.o;
  f.C = await created(await admin.post('/api/v1/customers', { name: '钱先生', phone: '13812345678', email: 'zhangwei@example.com', store_id: o.S1.id }), 'customer C (S1)');
  f.C2 = await created(await admin.post('/api/v1/customers', { name: '孙女士', phone: '13912345670', store_id: o.S2.id }), 'customer C2 (S2)');
  f.EV = await created(await admin.post('/api/v1/events', { customer_id: f.C.id, type: 'sale', occurred_on: daysAgo(7), department_id: o.D1.id, model: '凯美瑞' }), 'event in D1');
  f.EVb = await created(await admin.post('/api/v1/events', { customer_id: f.C.id, type: 'service', occurred_on: daysAgo(3), department_id: o.D1b.id }), 'event in D1b');
  f.EV2 = await created(await admin.post('/api/v1/events', { customer_id: f.C2.id, type: 'sale', occurred_on: daysAgo(7) }), 'event of C2');
  f.S = await created(await admin.post('/api/v1/surveys', { template: 'sales_7day', name: uid('七日回访') }), 'survey');
  await ok(await admin.post(`/api/v1/surveys/${f.S.id}/publish`), 200, 'publish');
  // the agent's answers in the call: a detractor who left a phone number in the free text
  f.R1 = await ok(await cr_agent.post(`/api/v1/surveys/${f.S.id}/responses`, {
    channel: 'call', customer_id: f.C.id, event_id: f.EV.id, followup_task_id: 77,
    answers: [
      { question_id: 1, value: 3 }, { question_id: 2, text: PII_TEXT },
      { question_id: 3, value: 5 }, { question_id: 4, value: 4 }, { question_id: 5, value: 2 }, { question_id: 6, value: 5 },
      { question_id: 7, value: 1 },
    ],
  }), 201, 'response R1 (event in D1)');
  f.R2 = await ok(await cr_agent.post(`/api/v1/surveys/${f.S.id}/responses`, {
    channel: 'call', customer_id: f.C.id, event_id: f.EVb.id,
    answers: [{ question_id: 1, value: 10 }, ...[3, 4, 5, 6].map((q) => ({ question_id: q, value: 5 })), { question_id: 7, value: 1 }],
  }), 201, 'response R2 (event in D1b)');
  f.R3 = await ok(await admin.post(`/api/v1/surveys/${f.S.id}/responses`, {
    channel: 'call', customer_id: f.C2.id, event_id: f.EV2.id,
    answers: [{ question_id: 1, value: 9 }, ...[3, 4, 5, 6].map((q) => ({ question_id: q, value: 4 })), { question_id: 7, value: 0 }],
  }), 201, 'response R3 (customer C2, S2)');
  const cats = await ok(await cr_agent.get('/api/v1/complaint-categories'), 200, 'categories');
  f.cat = Object.fromEntries(cats.items.map((x) => [x.code, x]));
  f.T1 = await ok(await cr_agent.post('/api/v1/complaints', {
    source: 'followup_call', category_id: f.cat.attitude.id, severity: 'urgent', customer_id: f.C.id, event_id: f.EV.id,
    title: '交车时间一拖再拖', description: '回访时客户反映',
  }), 201, 'ticket T1');
  f.T2 = await ok(await cr_agent.post('/api/v1/complaints', {
    source: 'hotline', category_id: f.cat.billing.id, severity: 'normal', customer_id: f.C.id, title: '发票抬头有误',
  }), 201, 'ticket T2');
}

const overview = (client, id, q = '') => client.get(`/api/v1/customers/${id}/overview${q}`);
const viewPii = async (id) => {
  const log = await ok(await ctx.o.clients.admin.get(`/api/v1/audit?entity=customer&entity_id=${id}&limit=200`), 200, 'audit');
  return log.items.filter((e) => e.action === 'view_pii');
};

test('the overview holds the survey responses with their figures and the complaints', async () => {
  const ov = await ok(await overview(ctx.o.clients.admin, f.C.id), 200, 'overview');
  assert.deepEqual(ov.events.map((e) => e.id).sort(), [f.EV.id, f.EVb.id].sort());
  assert.deepEqual(ov.responses.map((r) => r.id), [f.R2.id, f.R1.id], 'responses of the customer, newest first (R3 is C2\'s)');
  const r = ov.responses.find((x) => x.id === f.R1.id);
  assert.equal(r.survey_id, f.S.id);
  assert.equal(r.survey_name, f.S.name);
  assert.equal(r.version, 1);
  assert.equal(r.channel, 'call');
  assert.match(r.day, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(r.submitted_at, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(r.event_id, f.EV.id);
  assert.equal(r.followup_task_id, 77);
  assert.equal(r.nps_score, 3);
  assert.equal(r.nps_category, 'detractor');
  assert.equal(r.alert, true, 'a detractor raises the low-score alert');
  // four ratings 5, 4, 2, 5 on 1-5: three in the top two boxes
  assert.deepEqual(r.csat, { top2: 3, rated: 4, pct: 75 });
  assert.deepEqual(r.dimensions.assurance, { p: 5, e: null, gap: null });
  assert.equal(r.dimensions.reliability.p, 4);
  assert.equal(r.dimensions.tangibles.p, 2);
  assert.equal(r.dimensions.responsiveness.p, 5);
  assert.equal(r.dimensions.empathy, undefined, 'no empathy item in this survey');
  assert.equal(r.answers.find((a) => a.question_id === 2).text, PII_TEXT);
  assert.equal(r.text_masked, false);
  assert.equal(r.api_url, `/api/v1/survey-responses/${f.R1.id}`);
  assert.equal(r.web_url, `/followups/customers/${f.C.id}?response=${f.R1.id}`);
  const r2 = ov.responses.find((x) => x.id === f.R2.id);
  assert.equal(r2.nps_category, 'promoter');
  assert.deepEqual(r2.csat, { top2: 4, rated: 4, pct: 100 });
  // the link leads to the response itself
  const one = await ok(await ctx.o.clients.admin.get(r.api_url), 200, 'response by its link');
  assert.equal(one.customer_id, f.C.id);

  assert.deepEqual(ov.complaints.map((t) => t.id), [f.T2.id, f.T1.id], 'tickets, newest first');
  const t = ov.complaints.find((x) => x.id === f.T1.id);
  assert.equal(t.category_code, 'attitude');
  assert.equal(t.category_name, f.cat.attitude.name);
  assert.equal(t.state, 'registered');
  assert.equal(t.severity, 'urgent');
  assert.equal(t.source, 'followup_call');
  assert.equal(t.title, '交车时间一拖再拖');
  assert.equal(t.event_id, f.EV.id);
  assert.equal(t.created_at, f.T1.created_at);
  assert.equal(t.closed_at, null);
  assert.equal(t.web_url, `/complaints/${f.T1.id}`);
  assert.equal(t.api_url, `/api/v1/complaints/${f.T1.id}`);
  assert.equal(ov.complaints.find((x) => x.id === f.T2.id).category_code, 'billing');
  assert.equal(ov.loyalty, undefined, 'no loyalty stage before that capability exists');

  const c2 = await ok(await overview(ctx.o.clients.admin, f.C2.id), 200, 'overview C2');
  assert.deepEqual(c2.responses.map((x) => x.id), [f.R3.id]);
  assert.deepEqual(c2.complaints, []);
});

test('another tenant\'s customer and another store\'s customer are not found', async () => {
  const { tenant_b, cr_agent, store_manager, staff, dept_manager, auditor } = ctx.o.clients;
  assertError(await overview(tenant_b, f.C.id), 404, 'not_found');
  assertError(await overview(tenant_b, f.C.id, '?reveal=1'), 404, 'not_found');
  const agent2 = await new Client(ctx.url).mustLogin(ctx.o.users.cr_agent2.username, ctx.o.users.cr_agent2.password);
  assertError(await overview(agent2, f.C.id), 404, 'not_found');
  assertError(await overview(agent2, f.C.id, '?reveal=1'), 404, 'not_found');
  for (const [name, client] of Object.entries({ cr_agent, store_manager, staff, dept_manager })) {
    assertError(await overview(client, f.C2.id), 404, 'not_found');
  }
  // the tenant-wide reader sees both stores
  assert.equal((await overview(auditor, f.C2.id)).status, 200);
  assert.deepEqual((await ok(await overview(agent2, f.C2.id), 200, 'agent2 on C2')).responses.map((x) => x.id), [f.R3.id]);
});

test('department roles see their department\'s responses and tickets only', async () => {
  const { cr_agent, staff, dept_manager } = ctx.o.clients;
  for (const [name, client] of Object.entries({ staff, dept_manager })) {
    const ov = await ok(await overview(client, f.C.id), 200, name);
    assert.deepEqual(ov.responses.map((r) => r.id), [f.R1.id], `${name} (D1) sees the D1 response only`);
    assert.deepEqual(ov.complaints, [], `${name} sees tickets not yet routed to D1`);
  }
  const store = await ok(await overview(cr_agent, f.C.id), 200, 'cr_agent');
  assert.equal(store.responses.length, 2, 'the store\'s agent sees both departments');
  assert.equal(store.complaints.length, 2);
  // routed to D1's manager, the ticket shows to D1
  const t = await ok(await cr_agent.post(`/api/v1/complaints/${f.T1.id}/transitions`, { action: 'assign', assignee_user_id: ctx.o.users.dept_manager.id }), 200, 'assign');
  assert.equal(t.department_id, ctx.o.D1.id);
  for (const [name, client] of Object.entries({ staff, dept_manager })) {
    const ov = await ok(await overview(client, f.C.id), 200, name);
    assert.deepEqual(ov.complaints.map((x) => [x.id, x.state]), [[f.T1.id, 'assigned']], `${name} after the assignment`);
  }
});

test('masked for cr_agent, staff and auditor; the agent may reveal; every unmasked view is audited', async () => {
  const { admin, cr_agent, staff, auditor, store_manager, dept_manager } = ctx.o.clients;
  const text = (ov) => ov.responses.find((r) => r.id === f.R1.id).answers.find((a) => a.question_id === 2).text;
  const before = (await viewPii(f.C.id)).length;
  for (const [name, client] of Object.entries({ cr_agent, staff, auditor })) {
    const ov = await ok(await overview(client, f.C.id), 200, name);
    assert.equal(ov.customer.phone, '138****5678', `${name}: phone`);
    assert.equal(ov.customer.email, 'z***@example.com', `${name}: email`);
    assert.equal(ov.masked, true);
    assert.equal(text(ov), '***', `${name} sees the free text of an answer`);
    assert.equal(ov.responses.find((r) => r.id === f.R1.id).text_masked, true);
    assert.ok(!JSON.stringify(ov).includes('13812345678'), `${name}: the number leaks somewhere in the overview`);
    assert.equal(ov.can_reveal, name === 'cr_agent', `${name}: can_reveal`);
    // the figures stay: masking hides text, not scores
    assert.equal(ov.responses.find((r) => r.id === f.R1.id).nps_score, 3);
  }
  assert.equal((await viewPii(f.C.id)).length, before, 'a masked view wrote a view_pii entry');

  const rev = await ok(await overview(cr_agent, f.C.id, '?reveal=1'), 200, 'agent reveal');
  assert.equal(rev.customer.phone, '13812345678');
  assert.equal(text(rev), PII_TEXT);
  assert.equal(rev.masked, false);
  let log = await viewPii(f.C.id);
  assert.equal(log.length, before + 1, 'the reveal is not in the audit log');
  assert.equal(log[0].user_id, ctx.o.users.cr_agent.id);
  assert.match(JSON.stringify(log[0].after), /survey_text/);

  assertError(await overview(auditor, f.C.id, '?reveal=1'), 403, 'forbidden');
  assertError(await overview(staff, f.C.id, '?reveal=1'), 403, 'forbidden');
  assertError(await overview(cr_agent, f.C.id, '?reveal=yes'), 400, 'invalid', 'reveal');
  assert.equal((await viewPii(f.C.id)).length, before + 1, 'a refused reveal wrote a view_pii entry');

  for (const [name, client] of Object.entries({ admin, store_manager, dept_manager })) {
    const ov = await ok(await overview(client, f.C.id), 200, name);
    assert.equal(ov.customer.phone, '13812345678', `${name}: phone`);
    assert.equal(ov.masked, false);
    assert.equal(ov.can_reveal, false);
    assert.equal(text(ov), PII_TEXT, `${name}: free text`);
    log = await viewPii(f.C.id);
    assert.equal(log[0].user_id, ctx.o.users[name].id, `${name}'s unmasked view is not audited`);
  }
  assert.equal((await viewPii(f.C.id)).length, before + 4);
});

testCleanExit(ctx);
