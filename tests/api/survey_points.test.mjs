// SPDX-License-Identifier: MIT
// The "share 100 points" importance question and revoking personal links (issue 4), through the
// API: bad allocations are refused naming the field and write nothing; the figures' weighted
// SERVQUAL score uses the respondents' average allocation (weights .30/.20/.15/.20/.15 from
// 40/20/10/20/10 and 20/20/20/20/20, worked out by hand in tests/unit/test_survey_points.c) and
// say so, also after a rollup rebuild and through the public writer; a survey without the
// question keeps its configured weights. A revoked invitation answers 410 "revoked" on every
// public route, stores nothing, is audit-logged once, and only an admin or the store's manager
// may revoke it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, assertError, describe, uid } from './lib/client.mjs';
import { useServer, testCleanExit, buildOrg, created } from './lib/harness.mjs';

let o;
const ctx = useServer({ setup: async (c) => { o = await buildOrg(c); } });
const sql = (q) => (ctx.server.db.startsWith('sqlite:')
  ? execFileSync('sqlite3', [ctx.server.dbPath, q]) : execFileSync('psql', ['-At', '-q', ctx.server.db, '-c', q])).toString().trim();
const anon = () => new Client(ctx.url);
const near = (a, b, what) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${what}: ${a}, want ${b}`);

const DIMS = ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness'];
const tx = (s) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
// one E/P pair per dimension on 1-7: rows 0-4 E, rows 5-9 P; q2 shares 100 points; weights 10/10/10/10/60
function definition(withPoints) {
  const rows = [...DIMS.map((d) => ({ text: tx(`E ${d}`), dimension: d, role: 'E', pair: 1 })),
    ...DIMS.map((d) => ({ text: tx(`P ${d}`), dimension: d, role: 'P', pair: 1 }))];
  const questions = [{ id: 1, type: 'matrix', required: true, text: tx('期望与感知'), scale: [1, 7], rows }];
  if (withPoints) questions.push({ id: 2, type: 'points', required: true, text: tx('请把100分分给五个方面') });
  questions.push({ id: 3, type: 'nps', text: tx('推荐') });
  return { title: tx(uid('重要度')), questions, weights: { reliability: 10, assurance: 10, tangibles: 10, empathy: 10, responsiveness: 60 } };
}
async function published(withPoints) {
  const s = await created(await ctx.admin.post('/api/v1/surveys', { name: uid('百分'), definition: definition(withPoints) }), 'survey');
  const p = await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`);
  assert.equal(p.status, 200, describe(p));
  return s;
}
// Response 1: gaps -2, 0, -2, +1, -3; response 2: gaps 0, -2, +1, -1, -3
const M1 = [7, 6, 6, 6, 6, 5, 6, 4, 7, 3];
const M2 = [6, 7, 5, 6, 6, 6, 5, 6, 5, 3];

test('bad allocations are refused naming the field; nothing is written', async () => {
  const s = await published(true);
  const count = () => Number(sql(`SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.id}`));
  const cases = [
    [[40, 20, 10, 20, 9], 'answers.1.values', /add up to 100 \(they add up to 99\)/],
    [[40, 20, 10, 20, 11], 'answers.1.values', /they add up to 101/],
    [[40, -10, 30, 20, 20], 'answers.1.values.1', /assurance/],
    [[101, 0, 0, 0, 0], 'answers.1.values.0', /0 to 100/],
    [[40, 20, null, 20, 20], 'answers.1.values.2', /tangibles/],
    [[50, 50, 0, 0], 'answers.1.values', /expected 5 values/],
    [[50, 50, 0, 0, 0, 0], 'answers.1.values', /expected 5 values/],
  ];
  for (const [values, field, msg] of cases) {
    const r = await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M1 }, { question_id: 2, values }], store_id: o.S1.id });
    assertError(r, 400, 'invalid', field);
    assert.match(r.json.error.message, msg, JSON.stringify(values));
  }
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M1 }, { question_id: 2, value: 100 }], store_id: o.S1.id }), 400, 'invalid', 'answers.1.values');
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M1 }], store_id: o.S1.id }), 400, 'invalid', 'answers');
  const l = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/links`, { kind: 'link' }), 'link');
  assertError(await anon().post(`/api/v1/public/links/${l.key}/responses`, { answers: [{ question_id: 1, values: M1 }, { question_id: 2, values: [20, 20, 20, 20, 21] }] }), 400, 'invalid', 'answers.1.values');
  assert.equal(count(), 0, 'a refused allocation was stored');
  // a definition with two points questions is refused when saved
  const def = definition(true);
  def.questions.push({ id: 4, type: 'points', text: tx('再来一次') });
  assertError(await ctx.admin.patch(`/api/v1/surveys/${s.id}`, { definition: def }), 400, 'invalid', 'definition.questions.3.id');
});

test('the weighted score uses the respondents\' average allocation and says so', async () => {
  const s = await published(true);
  let f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
  assert.equal(f.servqual.asks_points, true);
  assert.equal(f.servqual.points_n, 0);
  assert.equal(f.servqual.weights_source, 'configured', 'nobody shared points yet: the configured weights');
  assert.equal(f.servqual.weighted, null, 'no answers, no score');
  // one by an agent in a call, one through an anonymous link (the group-commit writer)
  const r1 = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M1 }, { question_id: 2, values: [40, 20, 10, 20, 10] }], store_id: o.S1.id }), 'r1');
  const l = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/links`, { kind: 'qr', store_id: o.S2.id }), 'link');
  const r2 = await anon().post(`/api/v1/public/links/${l.key}/responses`, { answers: [{ question_id: 1, values: M2 }, { question_id: 2, values: [20, 20, 20, 20, 20] }], client_id: 'p2' });
  assert.equal(r2.status, 201, describe(r2));
  assert.deepEqual((await ctx.admin.get(`/api/v1/survey-responses/${r1.id}`)).json.derived.points, [40, 20, 10, 20, 10]);
  f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
  assert.equal(f.n, 2);
  assert.equal(f.servqual.weights_source, 'respondents');
  assert.equal(f.servqual.points_n, 2);
  assert.deepEqual(f.servqual.points_sum, [60, 40, 30, 40, 30]);
  const w = Object.fromEntries(f.servqual.dimensions.map((d) => [d.code, d.weight]));
  near(w.reliability, 0.30, 'w reliability');
  near(w.assurance, 0.20, 'w assurance');
  near(w.tangibles, 0.15, 'w tangibles');
  near(w.empathy, 0.20, 'w empathy');
  near(w.responsiveness, 0.15, 'w responsiveness');
  const gaps = f.servqual.dimensions.map((d) => d.gap);
  assert.deepEqual(gaps, [-1, -1, -0.5, 0, -3]);
  // .3*-1 + .2*-1 + .15*-.5 + 0 + .15*-3 = -1.025; unweighted -5.5 / 5 = -1.1
  near(f.servqual.weighted, -1.025, 'weighted');
  near(f.servqual.unweighted, -1.1, 'unweighted');
  // one store: one respondent, so its own allocation .4/.2/.1/.2/.1; gaps -2,0,-2,1,-3 -> -1.1
  const s1 = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures?store_id=${o.S1.id}`)).json;
  assert.equal(s1.servqual.points_n, 1);
  near(s1.servqual.weighted, -1.1, 'weighted S1');
  near(s1.servqual.unweighted, -1.2, 'unweighted S1');
  // a rebuild from the stored responses gives the same figures
  assert.equal((await ctx.admin.post(`/api/v1/surveys/${s.id}/rollups/rebuild`)).json.responses, 2);
  assert.deepEqual((await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json, f, 'a rebuild changed the figures');
});

test('without a points question the configured weights stay', async () => {
  const s = await published(false);
  await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M1 }], store_id: o.S1.id }), 'r1');
  await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M2 }], store_id: o.S1.id }), 'r2');
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, values: M1 }, { question_id: 2, values: [20, 20, 20, 20, 20] }], store_id: o.S1.id }), 400, 'invalid', 'answers.1.question_id');
  const f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
  assert.equal(f.servqual.asks_points, false);
  assert.equal(f.servqual.weights_source, 'configured');
  assert.equal(f.servqual.points_n, 0);
  near(f.servqual.dimensions[4].weight, 0.6, 'w responsiveness');
  // 10/10/10/10/60: -.1 - .1 - .05 + 0 - 1.8 = -2.05
  near(f.servqual.weighted, -2.05, 'weighted');
});

test('past allocations import from CSV, one column per dimension (blank = 0 points)', async () => {
  const s = await published(true);
  const head = ['编号', ...DIMS.map((d) => `E${d}`), ...DIMS.map((d) => `P${d}`), '信赖', '专业', '有形', '同理', '反应'];
  const csv = [head.join(','), ['K1', ...M1, 40, 20, 10, 20, 10].join(','), ['K2', ...M2, 50, 50, '', '', ''].join(','), ['K3', ...M2, 50, 50, 1, '', ''].join(',')].join('\r\n');
  const columns = {};
  head.slice(1, 11).forEach((h, r) => { columns[h] = { question: 1, row: r }; });
  ['信赖', '专业', '有形', '同理', '反应'].forEach((h, r) => { columns[h] = { question: 2, row: r }; });
  const run = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping: { columns, key: '编号' }, store_id: o.S1.id });
  assert.equal(run.status, 201, describe(run));
  assert.deepEqual([run.json.imported, run.json.failed], [2, 1]);
  assert.deepEqual(run.json.errors.map((e) => [e.row, e.field]), [[3, 'answers.1.values']]);
  assert.deepEqual(run.json.preview[1].answers[1], { question_id: 2, values: [50, 50, 0, 0, 0] });
  const f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
  assert.equal(f.servqual.weights_source, 'respondents');
  assert.deepEqual(f.servqual.points_sum, [90, 70, 10, 20, 10]);
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping: { columns: { ...columns, 反应: { question: 2 } } }, dry_run: true }), 400, 'invalid', 'mapping.columns');
});

test('the SERVQUAL template asks for the 100 points, in three languages', async () => {
  const def = (await ctx.admin.get('/api/v1/survey-templates?name=servqual')).json.definition;
  const p = def.questions.filter((q) => q.type === 'points');
  assert.equal(p.length, 1);
  for (const l of ['zh-CN', 'zh-TW', 'en']) {
    assert.ok(p[0].text[l], `no ${l} text`);
    for (const d of DIMS) assert.ok(p[0].dimension_texts[d][l], `no ${l} text for ${d}`);
  }
  const s = await created(await ctx.admin.post('/api/v1/surveys', { template: 'servqual' }), 'servqual');
  assert.equal((await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`)).status, 200);
  const f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
  assert.equal(f.servqual.asks_points, true);
});

// --- revoking personal links ------------------------------------------------------------------

async function publishedSales() {
  const s = await created(await ctx.admin.post('/api/v1/surveys', { template: 'sales_7day', name: uid('七日') }), 'survey');
  assert.equal((await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`)).status, 200);
  return s;
}
const salesAnswers = [{ question_id: 1, value: 9 }, { question_id: 3, value: 5 }, { question_id: 4, value: 4 }, { question_id: 5, value: 5 }, { question_id: 6, value: 4 }, { question_id: 7, value: 1 }];

test('a revoked link answers 410 "revoked" everywhere, stores nothing, is audit-logged once', async () => {
  const s = await publishedSales();
  const inv = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'link', store_id: o.S1.id }), 'invitation');
  const p = `/api/v1/public/invitations/${inv.token}`;
  assert.equal((await anon().post(`${p}/partial`, { answers: [{ question_id: 1, value: 4 }] })).status, 204);
  const r = await ctx.admin.post(`/api/v1/survey-invitations/${inv.id}/revoke`);
  assert.equal(r.status, 200, describe(r));
  assert.equal(r.json.status, 'revoked');
  assert.equal(r.json.id, inv.id);
  for (const [res, what] of [[await anon().get(p), 'view'], [await anon().post(`${p}/responses`, { answers: salesAnswers }), 'submit'], [await anon().post(`${p}/partial`, { answers: [] }), 'partial']]) {
    assert.equal(res.status, 410, `${what}: ${describe(res)}`);
    assert.equal(res.json.error.code, 'revoked', what);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.id}`), '0');
  assert.equal(sql(`SELECT partial_json FROM survey_invitations WHERE id = ${inv.id}`), '[]', 'partial answers kept after revoking');
  // again: a no-op, still one audit entry
  assert.equal((await ctx.admin.post(`/api/v1/survey-invitations/${inv.id}/revoke`)).status, 200);
  const audit = (await ctx.admin.get(`/api/v1/audit?entity=survey_invitation&entity_id=${inv.id}`)).json.items;
  const revokes = audit.filter((e) => e.action === 'revoke');
  assert.equal(revokes.length, 1, JSON.stringify(audit));
  assert.equal(revokes[0].before.status, 'opened', 'the partial answers opened it');
  assert.equal(revokes[0].after.status, 'revoked');
  assert.equal(revokes[0].username, 'admin');
  const listed = (await ctx.admin.listAll(`/api/v1/surveys/${s.id}/invitations`)).find((x) => x.id === inv.id);
  assert.equal(listed.status, 'revoked');
  // an answered link cannot be revoked
  const done = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'link' }), 'answered');
  assert.equal((await anon().post(`/api/v1/public/invitations/${done.token}/responses`, { answers: salesAnswers })).status, 201);
  assertError(await ctx.admin.post(`/api/v1/survey-invitations/${done.id}/revoke`), 409, 'conflict', 'status');
  assert.equal((await anon().get(`/api/v1/public/invitations/${done.token}`)).status, 409, 'an answered link still says already answered');
  assert.equal((await ctx.admin.post('/api/v1/survey-invitations/987654321/revoke')).status, 404);
});

test('who may revoke: admin, the store\'s manager; others 403, other stores and tenants 404', async () => {
  const s = await publishedSales();
  const inv = async (store) => (await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'link', store_id: store }), 'inv'));
  const status = async (id) => sql(`SELECT status FROM survey_invitations WHERE id = ${id}`);
  const i1 = await inv(o.S1.id);
  for (const role of ['dept_manager', 'cr_agent', 'staff', 'auditor']) {
    assert.equal((await o.clients[role].post(`/api/v1/survey-invitations/${i1.id}/revoke`)).status, 403, role);
  }
  assert.equal((await o.clients.tenant_b.post(`/api/v1/survey-invitations/${i1.id}/revoke`)).status, 404);
  assert.equal((await anon().post(`/api/v1/survey-invitations/${i1.id}/revoke`)).status, 401);
  assert.equal(await status(i1.id), 'pending', 'a refused revoke changed the invitation');
  const i2 = await inv(o.S2.id);
  assert.equal((await o.clients.store_manager.post(`/api/v1/survey-invitations/${i2.id}/revoke`)).status, 404, 'S1 manager revoked an S2 link');
  assert.equal(await status(i2.id), 'pending');
  const ok = await o.clients.store_manager.post(`/api/v1/survey-invitations/${i1.id}/revoke`);
  assert.equal(ok.status, 200, describe(ok));
  assert.equal(await status(i1.id), 'revoked');
});

testCleanExit(ctx);
