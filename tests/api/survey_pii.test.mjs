// SPDX-License-Identifier: MIT
// Personal data in survey responses, like the customer 360° view (customer360.test.mjs): the free
// text of answers (text questions and "other" texts) is masked ("***") for cr_agent, staff and
// auditor in GET /api/v1/survey-responses/{id} and in a survey's response list, and so are the
// recipients (phone, e-mail) of the invitation list; a CR agent may ask for them (?reveal=1), staff
// and auditors may not (403); admin and the managers get them in full. Every request that returns
// free text or a recipient unmasked is one view_pii entry in the audit log — one per request, not
// per answer; masked views write none. Another tenant gets 404, with or without reveal. `manyi
// export` (an operator's tool) writes the text in full with one view_pii entry, or masks it with
// --mask-text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertError, describe, uid } from './lib/client.mjs';
import { runCli } from './lib/server.mjs';
import { useServer, buildOrg, testCleanExit, created } from './lib/harness.mjs';

// the server seals SMS invitation tokens for the sender job with this key (tests only)
process.env.MANYI_SECRET_KEY = '5a'.repeat(32);

const ctx = useServer({ setup: async (c) => { c.o = await buildOrg(c); await fixtures(c); } });
const f = {};
const WHY = '销售一直不回电话，请直接打我手机13812345678';
const OTHER = '我想要上门取送车，联系我 qian@example.com';
const WHY3 = '交车拖了两周';
const PHONE = '13812345678';

async function ok(res, status, what) {
  assert.equal(res.status, status, `${what}: ${describe(res)}`);
  return res.json;
}

async function fixtures(c) {
  const { admin, cr_agent } = c.o.clients;
  const o = c.o;
  // NPS relationship: q1 NPS, q2 "what went wrong" (text, NPS ≤ 6), q4 multi with "other" (option 3)
  f.S = await created(await admin.post('/api/v1/surveys', { template: 'nps_relationship', name: uid('关系') }), 'survey');
  await ok(await admin.post(`/api/v1/surveys/${f.S.id}/publish`), 200, 'publish');
  const at = { store_id: o.S1.id, department_id: o.D1.id };
  f.R1 = await ok(await cr_agent.post(`/api/v1/surveys/${f.S.id}/responses`, {
    ...at, answers: [{ question_id: 1, value: 3 }, { question_id: 2, text: WHY }, { question_id: 4, values: [1, 3], text: OTHER }],
  }), 201, 'R1: free text and an "other" text');
  f.R2 = await ok(await cr_agent.post(`/api/v1/surveys/${f.S.id}/responses`, {
    ...at, answers: [{ question_id: 1, value: 10 }, { question_id: 4, values: [0] }],
  }), 201, 'R2: no free text');
  f.R3 = await ok(await admin.post(`/api/v1/surveys/${f.S.id}/responses`, {
    ...at, answers: [{ question_id: 1, value: 5 }, { question_id: 2, text: WHY3 }],
  }), 201, 'R3: free text');
  f.INV = await ok(await admin.post(`/api/v1/surveys/${f.S.id}/invitations`, { channel: 'sms', recipient: PHONE, store_id: o.S1.id }), 201, 'SMS invitation');
  f.INV2 = await ok(await admin.post(`/api/v1/surveys/${f.S.id}/invitations`, { channel: 'link', store_id: o.S1.id }), 201, 'link invitation (no recipient)');
}

const audit = async (entity, id) => {
  const log = await ok(await ctx.o.clients.admin.get(`/api/v1/audit?entity=${entity}&entity_id=${id}&limit=200`), 200, 'audit');
  return log.items.filter((e) => e.action === 'view_pii');
};
const one = (client, id, q = '') => client.get(`/api/v1/survey-responses/${id}${q}`);
const list = (client, q = '') => client.get(`/api/v1/surveys/${f.S.id}/responses${q}`);
const invitations = (client, q = '') => client.get(`/api/v1/surveys/${f.S.id}/invitations${q}`);
const textOf = (r, qid) => r.answers.find((a) => a.question_id === qid).text;

test('a response: masked for cr_agent, staff and auditor, no audit entry for a masked view', async () => {
  const { cr_agent, staff, auditor } = ctx.o.clients;
  const before = (await audit('survey_response', f.R1.id)).length;
  for (const [name, client] of Object.entries({ cr_agent, staff, auditor })) {
    const r = await ok(await one(client, f.R1.id), 200, name);
    assert.equal(textOf(r, 2), '***', `${name}: the free text`);
    assert.equal(textOf(r, 4), '***', `${name}: the "other" text`);
    assert.deepEqual(r.answers.find((a) => a.question_id === 4).values, [1, 3], `${name}: the choices stay`);
    assert.equal(r.nps_score, 3, `${name}: the scores stay`);
    assert.equal(r.text_masked, true);
    assert.equal(r.can_reveal, name === 'cr_agent', `${name}: can_reveal`);
    const body = JSON.stringify(r);
    assert.ok(!body.includes(PHONE) && !body.includes('qian@') && !body.includes('上门取送车'), `${name}: personal data leaks: ${body}`);
    // nothing to hide: no mask, nothing to reveal
    const r2 = await ok(await one(client, f.R2.id), 200, `${name} R2`);
    assert.equal(r2.text_masked, false);
    assert.equal(r2.can_reveal, false);
  }
  assert.equal((await audit('survey_response', f.R1.id)).length, before, 'a masked view wrote a view_pii entry');
});

test('a response: full for admin and the managers, each view audited once', async () => {
  const { admin, store_manager, dept_manager } = ctx.o.clients;
  const before = (await audit('survey_response', f.R1.id)).length;
  let n = 0;
  for (const [name, client] of Object.entries({ admin, store_manager, dept_manager })) {
    const r = await ok(await one(client, f.R1.id), 200, name);
    assert.equal(textOf(r, 2), WHY, `${name}: the free text`);
    assert.equal(textOf(r, 4), OTHER, `${name}: the "other" text`);
    assert.equal(r.text_masked, false);
    assert.equal(r.can_reveal, false);
    n += 1;
    const log = await audit('survey_response', f.R1.id);
    assert.equal(log.length, before + n, `${name}: one view_pii entry per view (two texts, still one)`);
    assert.equal(log[0].user_id, ctx.o.users[name].id, `${name}'s unmasked view is not audited`);
    assert.equal(log[0].after.fields, 'survey_text');
    assert.equal(log[0].after.survey_id, f.S.id);
  }
  // a response without free text shows nothing personal: no entry
  const r2Before = (await audit('survey_response', f.R2.id)).length;
  await ok(await one(admin, f.R2.id), 200, 'admin R2');
  assert.equal((await audit('survey_response', f.R2.id)).length, r2Before);
});

test('a response: the CR agent may reveal (audited), staff and auditor may not', async () => {
  const { cr_agent, staff, auditor } = ctx.o.clients;
  const before = (await audit('survey_response', f.R1.id)).length;
  const r = await ok(await one(cr_agent, f.R1.id, '?reveal=1'), 200, 'agent reveal');
  assert.equal(textOf(r, 2), WHY);
  assert.equal(textOf(r, 4), OTHER);
  assert.equal(r.text_masked, false);
  const log = await audit('survey_response', f.R1.id);
  assert.equal(log.length, before + 1, 'the reveal is not in the audit log');
  assert.equal(log[0].user_id, ctx.o.users.cr_agent.id);
  assert.equal(log[0].after.view, 'response');
  assertError(await one(staff, f.R1.id, '?reveal=1'), 403, 'forbidden');
  assertError(await one(auditor, f.R1.id, '?reveal=1'), 403, 'forbidden');
  assertError(await one(cr_agent, f.R1.id, '?reveal=yes'), 400, 'invalid', 'reveal');
  assert.equal((await audit('survey_response', f.R1.id)).length, before + 1, 'a refused reveal wrote an entry');
  // ?reveal=0 is the masked view
  assert.equal(textOf(await ok(await one(cr_agent, f.R1.id, '?reveal=0'), 200, 'reveal=0'), 2), '***');
});

test('the response list: masked per role, one audit entry per unmasked page', async () => {
  const { admin, store_manager, cr_agent, staff, auditor } = ctx.o.clients;
  const before = (await audit('survey', f.S.id)).length;
  for (const [name, client] of Object.entries({ cr_agent, staff, auditor })) {
    const page = await ok(await list(client), 200, name);
    assert.deepEqual(page.items.map((x) => x.id), [f.R3.id, f.R2.id, f.R1.id], `${name}: the page`);
    const r1 = page.items.find((x) => x.id === f.R1.id);
    assert.equal(textOf(r1, 2), '***');
    assert.equal(textOf(r1, 4), '***');
    assert.equal(textOf(page.items.find((x) => x.id === f.R3.id), 2), '***');
    assert.equal(page.masked, true);
    assert.equal(page.can_reveal, name === 'cr_agent');
    assert.ok(!JSON.stringify(page).includes(PHONE), `${name}: the phone number leaks`);
  }
  assert.equal((await audit('survey', f.S.id)).length, before, 'a masked page wrote an entry');

  const managers = Object.entries({ admin, store_manager });
  for (let k = 0; k < managers.length; k++) {
    const [name, client] = managers[k];
    const page = await ok(await list(client), 200, name);
    assert.equal(textOf(page.items.find((x) => x.id === f.R1.id), 2), WHY, `${name}: free text`);
    assert.equal(textOf(page.items.find((x) => x.id === f.R1.id), 4), OTHER, `${name}: "other" text`);
    assert.equal(textOf(page.items.find((x) => x.id === f.R3.id), 2), WHY3);
    assert.equal(page.masked, false);
    assert.equal(page.can_reveal, false);
    const log = await audit('survey', f.S.id);
    assert.equal(log.length, before + k + 1, `${name}: three texts in two responses, one entry for the page`);
    assert.equal(log[0].user_id, ctx.o.users[name].id);
    assert.equal(log[0].after.view, 'responses');
    assert.deepEqual(log[0].after.response_ids, [f.R3.id, f.R1.id], 'the entry names the responses whose text was shown');
  }
  const n = (await audit('survey', f.S.id)).length;
  const rev = await ok(await list(cr_agent, '?reveal=1'), 200, 'agent reveal of the list');
  assert.equal(textOf(rev.items.find((x) => x.id === f.R1.id), 2), WHY);
  assert.equal(rev.masked, false);
  const log = await audit('survey', f.S.id);
  assert.equal(log.length, n + 1);
  assert.equal(log[0].user_id, ctx.o.users.cr_agent.id);
  assertError(await list(staff, '?reveal=1'), 403, 'forbidden');
  assertError(await list(auditor, '?reveal=1'), 403, 'forbidden');
  // a page without free text shows nothing personal: no entry
  await ok(await list(admin, `?after=${f.R3.id}&limit=1`), 200, 'R2 alone');
  assert.equal((await audit('survey', f.S.id)).length, n + 1, 'a page without free text wrote an entry');
});

test('invitation recipients: masked for the agent (who may reveal), full and audited for admin', async () => {
  const { admin, cr_agent, auditor, staff } = ctx.o.clients;
  const before = (await audit('survey', f.S.id)).length;
  const masked = await ok(await invitations(cr_agent), 200, 'agent');
  assert.equal(masked.items.find((x) => x.id === f.INV.id).recipient, '138****5678');
  assert.equal(masked.masked, true);
  assert.equal(masked.can_reveal, true);
  const aud = await ok(await invitations(auditor), 200, 'auditor');
  assert.equal(aud.items.find((x) => x.id === f.INV.id).recipient, '138****5678');
  assert.equal(aud.can_reveal, false);
  assert.equal((await audit('survey', f.S.id)).length, before);

  const full = await ok(await invitations(admin), 200, 'admin');
  assert.equal(full.items.find((x) => x.id === f.INV.id).recipient, PHONE);
  assert.equal(full.masked, false);
  let log = await audit('survey', f.S.id);
  assert.equal(log.length, before + 1);
  assert.equal(log[0].after.view, 'invitations');
  assert.deepEqual(log[0].after.invitation_ids, [f.INV.id], 'the link invitation has no recipient');
  const rev = await ok(await invitations(cr_agent, '?reveal=1'), 200, 'agent reveal');
  assert.equal(rev.items.find((x) => x.id === f.INV.id).recipient, PHONE);
  log = await audit('survey', f.S.id);
  assert.equal(log.length, before + 2);
  assert.equal(log[0].user_id, ctx.o.users.cr_agent.id);
  assertError(await invitations(staff, '?reveal=1'), 403, 'forbidden');
});

test('another tenant, and another store\'s agent, get 404 — with or without reveal', async () => {
  const { tenant_b } = ctx.o.clients;
  const agent2 = await new Client(ctx.url).mustLogin(ctx.o.users.cr_agent2.username, ctx.o.users.cr_agent2.password);
  const before = (await audit('survey_response', f.R1.id)).length;
  for (const q of ['', '?reveal=1']) {
    assertError(await one(tenant_b, f.R1.id, q), 404, 'not_found');
    assertError(await list(tenant_b, q), 404, 'not_found');
    assertError(await invitations(tenant_b, q), 404, 'not_found');
    assertError(await one(agent2, f.R1.id, q), 404, 'not_found');
  }
  // the other store's agent sees none of S1's responses in the list
  assert.deepEqual((await ok(await list(agent2, '?reveal=1'), 200, 'agent2 list')).items, []);
  assert.equal((await audit('survey_response', f.R1.id)).length, before);
});

test('manyi export: the free text in full with one audit entry, or masked with --mask-text', async () => {
  const before = (await audit('survey', f.S.id)).length;
  const full = await runCli(['export', '--survey', String(f.S.id)], { env: ctx.server.env() });
  assert.equal(full.code, 0, full.stderr);
  assert.ok(full.stdout.includes(WHY), 'the export lacks the free text');
  const log = await audit('survey', f.S.id);
  assert.equal(log.length, before + 1, 'the export is not in the audit log');
  assert.equal(log[0].after.view, 'export');
  assert.equal(log[0].after.rows, 3);
  assert.equal(log[0].after.rows_with_text, 2);
  const masked = await runCli(['export', '--survey', String(f.S.id), '--mask-text'], { env: ctx.server.env() });
  assert.equal(masked.code, 0, masked.stderr);
  assert.ok(!masked.stdout.includes(WHY) && !masked.stdout.includes(PHONE), 'the masked export leaks the text');
  const rows = masked.stdout.trim().split('\r\n');
  assert.equal(rows.length, 4);
  const col = rows[0].split(',').indexOf('q2');
  assert.ok(col > 0, rows[0]);
  assert.deepEqual(rows.slice(1).map((l) => l.split(',')[col]), ['***', '', '***'], 'q2 of R1, R2, R3');
  assert.equal((await audit('survey', f.S.id)).length, before + 1, 'a masked export wrote an entry');
});

testCleanExit(ctx);
