// SPDX-License-Identifier: MIT
// Surveys and feedback (issue 4) through the API: templates, versions (publishing freezes,
// editing makes a new version, answers stay tied to theirs), validated responses on every
// channel with derived values, rollup figures and the low-score alert row, personal links (one
// response per token, expiry, partial answers, opt-out), anonymous QR links (duplicates, QR
// images), bad input naming the field with nothing written, scope and tenant isolation,
// CSV import (value mapping, per-row errors, idempotent re-import) and `manyi export`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, assertError, describe, uid } from './lib/client.mjs';
import { runCli } from './lib/server.mjs';
import { useServer, testCleanExit, buildOrg, created } from './lib/harness.mjs';

// the server seals personal-link tokens for the sender job with this key (tests only)
process.env.MANYI_SECRET_KEY = '3f'.repeat(32);

let o;
const ctx = useServer({ setup: async (c) => { o = await buildOrg(c); } });
// direct store reads/writes for what the API must not expose (token hashes, alert rows, ageing)
const sql = (q) => (ctx.server.db.startsWith('sqlite:')
  ? execFileSync('sqlite3', [ctx.server.dbPath, q]) : execFileSync('psql', ['-At', '-q', ctx.server.db, '-c', q])).toString().trim();
const anon = () => new Client(ctx.url);

const answers = (nps, extra = {}) => [
  { question_id: 1, value: nps },
  ...(nps <= 6 ? [{ question_id: 2, text: extra.why ?? '等待时间太长' }] : []),
  { question_id: 3, value: extra.q3 ?? 5 }, { question_id: 4, value: 4 }, { question_id: 5, value: 5 },
  { question_id: 6, value: 4 }, { question_id: 7, value: 1 },
];

async function publishedSales() {
  const s = await created(await ctx.admin.post('/api/v1/surveys', { template: 'sales_7day', name: uid('七日') }), 'survey');
  const p = await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`);
  assert.equal(p.status, 200, describe(p));
  assert.equal(p.json.current_version, 1);
  return p.json;
}

async function invite(surveyId, body = { channel: 'link' }, client = ctx.admin) {
  return created(await client.post(`/api/v1/surveys/${surveyId}/invitations`, body), 'invitation');
}

test('every built-in template is valid, in three languages', async () => {
  const list = await ctx.admin.get('/api/v1/survey-templates');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((x) => x.name).sort(), ['nps_relationship', 'sales_7day', 'service_3day', 'servqual', 'table_card']);
  for (const { name } of list.json.items) {
    const s = await created(await ctx.admin.post('/api/v1/surveys', { template: name }), name);
    for (const q of s.definition.questions) {
      for (const l of ['zh-CN', 'zh-TW', 'en']) assert.ok(q.text[l], `${name} q${q.id} has no ${l} text`);
    }
    assert.equal((await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`)).status, 200, name);
  }
  const sq = (await ctx.admin.get('/api/v1/survey-templates?name=servqual')).json.definition;
  const rows = sq.questions.flatMap((q) => q.rows ?? []);
  for (const d of ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness']) {
    assert.ok(rows.some((r) => r.dimension === d && r.role === 'E'), `no E item for ${d}`);
    assert.ok(rows.some((r) => r.dimension === d && r.role === 'P'), `no P item for ${d}`);
  }
});

test('publishing freezes a version; edits make a new one; answers keep theirs', async () => {
  const s = await publishedSales();
  const r1 = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(9), store_id: o.S1.id }), 'response v1');
  const def = (await ctx.admin.get(`/api/v1/surveys/${s.id}`)).json.definition;
  def.questions[2].text['zh-CN'] = '销售顾问专业吗?';
  const e = await ctx.admin.patch(`/api/v1/surveys/${s.id}`, { definition: def });
  assert.equal(e.status, 200, describe(e));
  assert.equal(e.json.draft_changed, true);
  assert.equal(e.json.current_version, 1, 'editing changed the published version');
  assert.equal((await ctx.admin.get(`/api/v1/surveys/${s.id}/versions/1`)).json.definition.questions[2].text['zh-CN'], '销售顾问的专业程度');
  const p = await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`);
  assert.equal(p.json.current_version, 2);
  assert.equal((await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`)).json.current_version, 2, 'an unchanged draft made a version');
  const r2 = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(10), store_id: o.S1.id }), 'response v2');
  assert.equal((await ctx.admin.get(`/api/v1/survey-responses/${r1.id}`)).json.version, 1);
  assert.equal((await ctx.admin.get(`/api/v1/survey-responses/${r2.id}`)).json.version, 2);
  assertError(await ctx.admin.patch(`/api/v1/surveys/${s.id}`, { definition: { questions: [] } }), 400, 'invalid', 'definition.questions');
  assertError(await ctx.admin.patch(`/api/v1/surveys/${s.id}`, { definition: { questions: [{ id: 1, type: 'nps', text: {} }, { id: 2, type: 'text', text: {}, show_if: { question: 9, op: 'le', value: 6 } }] } }), 400, 'invalid', 'definition.questions.1.show_if');
});

test('a call response: derived values, rollups, the alert row, links to the follow-up task', async () => {
  const s = await publishedSales();
  const r = await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(3, { q3: 1 }), store_id: o.S1.id, department_id: o.D1.id, followup_task_id: 4242 });
  assert.equal(r.status, 201, describe(r));
  assert.equal(r.json.nps_category, 'detractor');
  assert.equal(r.json.alert, true);
  assert.match(r.json.alert_reason, /NPS 3/);
  const got = (await ctx.admin.get(`/api/v1/survey-responses/${r.json.id}`)).json;
  assert.equal(got.channel, 'call');
  assert.equal(got.followup_task_id, 4242);
  assert.equal(got.derived.dims.assurance.p, 1);
  const alerts = sql(`SELECT kind, survey_id, response_id, store_id, department_id, CASE WHEN consumed_at IS NULL THEN 1 ELSE 0 END FROM feedback_alerts WHERE response_id = ${r.json.id}`);
  assert.equal(alerts, `low_score|${s.id}|${r.json.id}|${o.S1.id}|${o.D1.id}|1`);
  await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(10), store_id: o.S1.id }), 'promoter');
  await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(8), store_id: o.S2.id }), 'passive');
  const f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
  assert.equal(f.n, 3);
  assert.equal(f.nps.promoters, 1);
  assert.equal(f.nps.detractors, 1);
  assert.equal(f.nps.score, 0);
  assert.equal(f.alerts, 1);
  // CSAT: 3 × 4 rated items (q3..q6); top-2 (4, 5): 3 + 4 + 4 = 11 of 12
  assert.equal(f.csat.rated, 12);
  assert.equal(f.csat.top2, 11);
  assert.ok(Math.abs(f.csat.pct - 91.66666666666667) < 1e-9);
  const s1 = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures?store_id=${o.S1.id}`)).json;
  assert.equal(s1.n, 2);
  // the store manager of S1 sees S1's figures whatever the filter says, and nothing of S2
  assert.equal((await o.clients.store_manager.get(`/api/v1/surveys/${s.id}/figures`)).json.n, 2);
  assert.equal((await o.clients.store_manager.get(`/api/v1/surveys/${s.id}/figures?store_id=${o.S2.id}`)).status, 404);
  assert.equal((await o.clients.tenant_b.get(`/api/v1/surveys/${s.id}/figures`)).status, 404);
  const rebuilt = await ctx.admin.post(`/api/v1/surveys/${s.id}/rollups/rebuild`);
  assert.equal(rebuilt.json.responses, 3);
  assert.deepEqual((await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json, f, 'a rebuild changed the figures');
});

test('bad answers are refused naming the field, and write nothing', async () => {
  const s = await publishedSales();
  const count = () => Number(sql(`SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.id}`));
  const cases = [
    [[{ question_id: 1, value: 11 }], 'answers.0.value'],
    [[{ question_id: 1, value: 9 }, { question_id: 3, value: 0 }], 'answers.1.value'],
    [[{ question_id: 1, value: 9 }, { question_id: 99, value: 1 }], 'answers.1.question_id'],
    [[{ question_id: 1, value: 9 }, { question_id: 2, text: '不该出现' }], 'answers.1'],
    [[{ question_id: 1, value: '9' }], 'answers.0.value'],
    [[{ question_id: 1, value: 9, colour: 'red' }], 'answers.0.colour'],
  ];
  for (const [a, field] of cases) {
    const r = await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: a, store_id: o.S1.id });
    assert.equal(r.status, 400, `${JSON.stringify(a)}: ${describe(r)}`);
    assert.equal(r.json.error.field, field, `${JSON.stringify(a)}: ${r.text}`);
  }
  const missing = await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: [{ question_id: 1, value: 3 }], store_id: o.S1.id });
  assert.equal(missing.status, 400);
  assert.match(missing.json.error.field, /^answers/);
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(9), store_id: o.SB.id }), 400, 'invalid', 'store_id');
  assert.equal(count(), 0, 'a rejected response was stored');
  assert.equal((await o.clients.staff.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(9) })).status, 403);
  assert.equal((await o.clients.auditor.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(9) })).status, 403);
  assert.equal((await o.clients.tenant_b.post(`/api/v1/surveys/${s.id}/responses`, { answers: answers(9) })).status, 404);
  assert.equal(count(), 0);
});

test('personal link: partial answers, one response per token, expiry, opt-out, masking', async () => {
  const s = await publishedSales();
  const inv = await invite(s.id, { channel: 'sms', recipient: '+86 138-0013-8000', lang: 'en' }, o.clients.cr_agent);
  assert.equal(inv.token.length, 43, 'a token is 256 random bits in base64url');
  assert.equal(inv.store_id, o.S1.id, 'a store-scoped agent invites for the own store');
  assert.equal(sql(`SELECT COUNT(*) FROM survey_invitations WHERE token_hash = '${inv.token}'`), '0', 'the token is stored in clear');
  const path = `/api/v1/public/invitations/${inv.token}`;
  const view = await anon().get(path);
  assert.equal(view.status, 200, describe(view));
  assert.equal(view.json.lang, 'en');
  assert.equal(view.json.definition.alert, undefined, 'alert rules leak to the respondent');
  assert.equal((await anon().post(`${path}/partial`, { answers: [{ question_id: 1, value: 2 }] })).status, 204);
  assert.deepEqual((await anon().get(path)).json.partial, [{ question_id: 1, value: 2 }]);
  assertError(await anon().post(`${path}/partial`, { answers: 'x' }), 400, 'invalid', 'answers');
  assertError(await anon().post(`${path}/responses`, { answers: [{ question_id: 1, value: 2 }] }), 400, 'invalid', 'answers');
  const ok = await anon().post(`${path}/responses`, { answers: answers(2) });
  assert.equal(ok.status, 201, describe(ok));
  assert.match(ok.json.commitment['zh-CN'], /您的宝贵意见我们将在3个工作日内处理/);
  const again = await anon().post(`${path}/responses`, { answers: answers(10) });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_answered');
  assert.equal((await anon().get(path)).status, 409);
  const row = (await ctx.admin.listAll(`/api/v1/surveys/${s.id}/responses`));
  assert.equal(row.length, 1);
  assert.equal(row[0].channel, 'sms');
  assert.equal(row[0].nps_score, 2);
  // expiry: an invitation past its time gets 410 and writes nothing
  const old = await invite(s.id);
  sql(`UPDATE survey_invitations SET expires_at = 1000 WHERE id = ${old.id}`);
  const exp = await anon().post(`/api/v1/public/invitations/${old.token}/responses`, { answers: answers(9) });
  assert.equal(exp.status, 410);
  assert.equal(exp.json.error.code, 'expired');
  assert.equal((await anon().get(`/api/v1/public/invitations/${old.token}`)).status, 410);
  assert.equal((await anon().get('/api/v1/public/invitations/not-a-real-token-at-all-0000000000000000')).status, 404);
  // opt-out: the recipient is not invited again
  const oo = await invite(s.id, { channel: 'email', recipient: 'li.lei@example.com' });
  assert.equal((await anon().post(`/api/v1/public/invitations/${oo.token}/opt-out`)).status, 204);
  const next = await invite(s.id, { channel: 'email', recipient: 'li.lei@example.com' });
  assert.equal(next.status, 'opted_out');
  // invitation lists: masked for roles without personal data, scoped by store
  const masked = await o.clients.cr_agent.listAll(`/api/v1/surveys/${s.id}/invitations`);
  assert.ok(masked.some((x) => x.recipient === '138****8000'), JSON.stringify(masked.map((x) => x.recipient)));
  assert.ok(!masked.some((x) => x.id === oo.id), 'a store-scoped agent sees an invitation without a store');
  const full = await ctx.admin.listAll(`/api/v1/surveys/${s.id}/invitations`);
  assert.ok(full.some((x) => x.recipient === '13800138000'));
  const ch = (await ctx.admin.get(`/api/v1/surveys/${s.id}/channels`)).json;
  const sms = ch.invitations.find((x) => x.channel === 'sms');
  assert.equal(sms.responded, 1);
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'sms', recipient: '12345' }), 400, 'invalid', 'recipient');
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'fax' }), 400, 'invalid', 'channel');
});

test('anonymous QR link: duplicates, QR images, tenant from the key', async () => {
  const s = await publishedSales();
  const l = await created(await ctx.admin.post(`/api/v1/surveys/${s.id}/links`, { kind: 'qr', store_id: o.S2.id, touchpoint: 'showroom', label: '展厅前台' }), 'link');
  const path = `/api/v1/public/links/${l.key}`;
  assert.equal((await anon().get(path)).json.touchpoint, 'showroom');
  const body = { answers: answers(9), client_id: 'device-1' };
  assert.equal((await anon().post(`${path}/responses`, body)).status, 201);
  const dup = await anon().post(`${path}/responses`, body);
  assert.equal(dup.status, 409, describe(dup));
  assert.equal(dup.json.error.code, 'duplicate');
  assert.equal((await anon().post(`${path}/responses`, { ...body, client_id: 'device-2' })).status, 201);
  const rows = sql(`SELECT channel, store_id, touchpoint, tenant_id FROM survey_responses WHERE survey_id = ${s.id}`).split('\n');
  assert.deepEqual(rows, [`qr|${o.S2.id}|showroom|${o.tenantA.id}`, `qr|${o.S2.id}|showroom|${o.tenantA.id}`]);
  const png = await fetch(`${ctx.url}/api/v1/survey-links/${l.id}/qr?format=png`, { headers: { Cookie: ctx.admin.cookieHeader() } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const svg = await ctx.admin.get(`/api/v1/survey-links/${l.id}/qr?format=svg&base=https%3A%2F%2Fmy.example.com`);
  assert.match(svg.text, /^<svg [^>]*viewBox/);
  assertError(await ctx.admin.get(`/api/v1/survey-links/${l.id}/qr?format=gif`), 400, 'invalid', 'format');
  assert.equal((await o.clients.store_manager.get(`/api/v1/survey-links/${l.id}/qr`)).status, 404, 'S1 manager sees the S2 code');
  assertError(await anon().post(`${path}/responses`, { answers: answers(9), tenant_id: 2 }), 400, 'invalid', 'tenant_id');
  assert.equal((await anon().post('/api/v1/public/links/AAAAAAAAAAAAAAAAAAAAAA/responses', body)).status, 404);
  const big = await anon().post(`${path}/responses`, { answers: answers(9), client_id: 'x'.repeat(70 * 1024) });
  assert.equal(big.status, 413);
});

test('public endpoints are rate limited per address (429, nothing stored)', async () => {
  const { Server } = await import('./lib/server.mjs');
  const srv = new Server();
  await srv.start({ env: { MANYI_PUBLIC_RATE: '6', MANYI_JOBS: '0' } });
  try {
    const a = await new Client(srv.url).mustLogin('admin', (await import('./lib/harness.mjs')).ADMIN_PASSWORD);
    const s = await created(await a.post('/api/v1/surveys', { template: 'nps_relationship' }), 'survey');
    await a.post(`/api/v1/surveys/${s.id}/publish`);
    const l = await created(await a.post(`/api/v1/surveys/${s.id}/links`, { kind: 'link' }), 'link');
    const statuses = [];
    for (let i = 0; i < 75; i++) {
      const r = await new Client(srv.url).post(`/api/v1/public/links/${l.key}/responses`, { answers: [{ question_id: 1, value: 10 }], client_id: `c${i}` });
      statuses.push(r.status);
    }
    const ok = statuses.filter((x) => x === 201).length;
    assert.ok(statuses.includes(429), `no 429 in ${statuses.join(',')}`);
    assert.ok(ok >= 55 && ok <= 64, `burst of 60 then 6/min: ${ok} accepted`);
    const f = (await a.get(`/api/v1/surveys/${s.id}/figures`)).json;
    assert.equal(f.n, ok, 'a throttled request was stored');
  } finally {
    await srv.stop();
    srv.cleanup();
  }
});

test('CSV import: column and value mapping (0 = not applicable), row errors, idempotent', async () => {
  const s = await created(await ctx.admin.post('/api/v1/surveys', { name: uid('桌卡'), template: 'table_card' }), 'table card');
  // paper cards: guests skip items, so none is required here
  const def = s.definition;
  for (const q of def.questions) q.required = false;
  assert.equal((await ctx.admin.patch(`/api/v1/surveys/${s.id}`, { definition: def })).status, 200);
  await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`);
  const csv = ['编号,口味,环境,服务,价格,建议,日期', 'A1,5,4,5,0,很好吃,2026-10-01', 'A2,0,0,3,4,,2026-10-02',
    'A3,9,4,4,4,,2026-10-02', 'A4,"4",5,5,5,"上菜慢,但好吃",2026-10-03'].join('\r\n');
  const mapping = { columns: { 口味: { question: 1, map: { 0: null } }, 环境: { question: 2, map: { 0: null } }, 服务: { question: 3, map: { 0: null } }, 价格: { question: 4, map: { 0: null } }, 建议: { question: 6 } }, key: '编号', date: '日期', channel: 'paper' };
  const head = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping: { columns: {} }, dry_run: true });
  assert.deepEqual(head.json.columns, ['编号', '口味', '环境', '服务', '价格', '建议', '日期'], 'the header for the mapping screen');
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { xlsx: 'bm90IGEgd29ya2Jvb2s=', mapping }), 400, 'invalid', 'xlsx');
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { xlsx: '***', mapping }), 400, 'invalid', 'xlsx');
  const dry = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping, dry_run: true, store_id: o.S1.id });
  assert.equal(dry.status, 200, describe(dry));
  assert.deepEqual([dry.json.rows, dry.json.imported, dry.json.failed], [4, 3, 1]);
  assert.equal(dry.json.errors[0].row, 3);
  assert.equal(dry.json.errors[0].field, 'answers.0.value');
  assert.deepEqual(dry.json.preview[1].answers, [{ question_id: 3, value: 3 }, { question_id: 4, value: 4 }]);
  assert.equal(sql(`SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.id}`), '0', 'a dry run wrote');
  const run = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping, store_id: o.S1.id });
  assert.equal(run.status, 201, describe(run));
  assert.deepEqual([run.json.imported, run.json.duplicates, run.json.failed], [3, 0, 1]);
  const again = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping, store_id: o.S1.id });
  assert.deepEqual([again.json.imported, again.json.duplicates], [0, 3]);
  assert.equal(sql(`SELECT day, channel FROM survey_responses WHERE survey_id = ${s.id} ORDER BY id LIMIT 1`), '2026-10-01|paper');
  assert.equal(sql(`SELECT COUNT(*) FROM feedback_alerts WHERE survey_id = ${s.id}`), '0', 'past responses opened tickets');
  const f = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures?from=2026-10-02&to=2026-10-03`)).json;
  assert.equal(f.n, 2);
  assertError(await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping: { columns: { 没有: { question: 1 } } } }), 400, 'invalid', 'mapping.columns');
  assert.equal((await o.clients.store_manager.post(`/api/v1/surveys/${s.id}/imports`, { csv, mapping })).status, 403);
  const exp = await runCli(['export', '--survey', String(s.id)], { env: ctx.server.env() });
  assert.equal(exp.code, 0, exp.stderr);
  const lines = exp.stdout.trim().split('\r\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^id,submitted_at,channel,version,store_id,.*,q1,q2,q3,q4,q5,q6$/);
  assert.match(lines[3], /"上菜慢,但好吃"/);
});

test('SMS invitations: the job sends, reminds non-responders, stops after an answer or opt-out', async () => {
  const { createServer } = await import('node:http');
  const got = [];
  const gw = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { got.push({ auth: req.headers.authorization, ...JSON.parse(body) }); res.end('{}'); });
  });
  await new Promise((r) => gw.listen(0, '127.0.0.1', r));
  try {
    const env = { ...ctx.server.env(), MANYI_SMS_URL: `http://127.0.0.1:${gw.address().port}/send`, MANYI_SMS_TOKEN: 'gw-secret', MANYI_PUBLIC_URL: 'https://fb.example.com' };
    const s = await publishedSales();
    const a = await invite(s.id, { channel: 'sms', recipient: '13900001111' });
    const b = await invite(s.id, { channel: 'sms', recipient: '13900002222', lang: 'en' });
    const run = async (at) => {
      const r = await runCli(['jobs', 'run', '--job', 'survey_invitations', '--now', String(at)], { env });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      return r.stdout;
    };
    const t0 = Math.floor(Date.now() / 1000);
    assert.match(await run(t0), /2 invitations sent, 0 reminders/);
    assert.equal(got.length, 2);
    const toA = got.find((m) => m.to === '13900001111');
    assert.equal(toA.auth, 'Bearer gw-secret');
    assert.ok(toA.text.includes(`https://fb.example.com/s/${a.token}`), toA.text);
    assert.match(got.find((m) => m.to === '13900002222').text, /^\[/, 'the English text');
    assert.match(await run(t0 + 60), /0 invitations sent, 0 reminders/, 'sent twice');
    // A answers; B opts out; C (new) never answers
    assert.equal((await anon().post(`/api/v1/public/invitations/${a.token}/responses`, { answers: answers(9) })).status, 201);
    assert.equal((await anon().post(`/api/v1/public/invitations/${b.token}/opt-out`)).status, 204);
    const c = await invite(s.id, { channel: 'sms', recipient: '13900003333' });
    await run(t0 + 120);
    got.length = 0;
    assert.match(await run(t0 + 4 * 86400), /0 invitations sent, 1 reminders/);
    assert.deepEqual(got.map((m) => m.to), ['13900003333']);
    assert.match(got[0].text, /温馨提醒/);
    const list = await ctx.admin.listAll(`/api/v1/surveys/${s.id}/invitations`);
    assert.equal(list.find((x) => x.id === c.id).reminders, 1);
    assert.equal(list.find((x) => x.id === a.id).status, 'responded');
    assert.equal(list.find((x) => x.id === b.id).status, 'opted_out');
  } finally {
    gw.close();
  }
});

testCleanExit(ctx);
