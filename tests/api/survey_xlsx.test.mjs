// SPDX-License-Identifier: MIT
// Import of past survey responses from real .xlsx workbooks (issue 4) through the survey import
// endpoint. The fixtures were written by real spreadsheet programs (tests/fixtures/README.md):
// Gnumeric's ssconvert from survey_past_responses.csv, and openpyxl. Both use inline strings,
// leave empty cells out of the XML and store dates as serial day numbers with a date style (one
// with a time of day). Chinese headers, a 0 = not applicable value map, three bad rows (an
// out-of-range score, a word in a score column, an impossible date); preview, per-row errors,
// and a re-import that changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, uid } from './lib/client.mjs';
import { useServer, testCleanExit, buildOrg, created } from './lib/harness.mjs';

let o;
const ctx = useServer({ setup: async (c) => { o = await buildOrg(c); } });
const sql = (q) => (ctx.server.db.startsWith('sqlite:')
  ? execFileSync('sqlite3', [ctx.server.dbPath, q]) : execFileSync('psql', ['-At', '-q', ctx.server.db, '-c', q])).toString().trim();
const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url)).toString('base64');

const mapping = {
  columns: { 口味: { question: 1, map: { 0: null } }, 环境: { question: 2, map: { 0: null } }, 服务: { question: 3, map: { 0: null } }, 价格: { question: 4, map: { 0: null } }, 建议: { question: 6 } },
  key: '编号', date: '日期', channel: 'paper',
};

async function tableCard() {
  const s = await created(await ctx.admin.post('/api/v1/surveys', { name: uid('桌卡'), template: 'table_card' }), 'table card');
  const def = s.definition;
  for (const q of def.questions) q.required = false; // paper cards: guests skip items
  assert.equal((await ctx.admin.patch(`/api/v1/surveys/${s.id}`, { definition: def })).status, 200);
  assert.equal((await ctx.admin.post(`/api/v1/surveys/${s.id}/publish`)).status, 200);
  return s;
}

for (const [file, prefix, secondDay] of [['survey_past_responses.xlsx', 'X', '2026-10-02'], ['survey_past_responses_openpyxl.xlsx', 'Y', '2026-10-02']]) {
  test(`${file}: headers, preview with per-row errors, import, re-import changes nothing`, async () => {
    const s = await tableCard();
    const xlsx = fixture(file);
    const count = () => Number(sql(`SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.id}`));
    const head = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { xlsx, mapping: { columns: {} }, dry_run: true });
    assert.equal(head.status, 200, describe(head));
    assert.deepEqual(head.json.columns, ['编号', '口味', '环境', '服务', '价格', '建议', '日期']);

    const dry = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { xlsx, mapping, dry_run: true, store_id: o.S1.id });
    assert.equal(dry.status, 200, describe(dry));
    assert.deepEqual([dry.json.rows, dry.json.imported, dry.json.failed], [6, 3, 3], JSON.stringify(dry.json.errors));
    assert.deepEqual(dry.json.errors.map((e) => [e.row, e.field]), [[3, 'answers.0.value'], [5, 'column 4'], [6, 'date']]);
    // X1: 价格 0 = not applicable; X2: 口味 0, 环境 empty (absent from the XML), so 服务/价格 stay in their columns
    assert.deepEqual(dry.json.preview[0].answers, [{ question_id: 1, value: 5 }, { question_id: 2, value: 4 }, { question_id: 3, value: 5 }, { question_id: 6, text: '很好吃' }]);
    assert.deepEqual(dry.json.preview[1].answers, [{ question_id: 3, value: 3 }, { question_id: 4, value: 4 }]);
    assert.deepEqual(dry.json.preview[2].answers.at(-1), { question_id: 6, text: '上菜慢,但好吃' });
    assert.equal(count(), 0, 'a dry run wrote');

    const run = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { xlsx, mapping, store_id: o.S1.id });
    assert.equal(run.status, 201, describe(run));
    assert.deepEqual([run.json.imported, run.json.duplicates, run.json.failed], [3, 0, 3]);
    // serial day numbers with a date style became the days of the responses
    assert.deepEqual(sql(`SELECT day FROM survey_responses WHERE survey_id = ${s.id} ORDER BY id`).split('\n'), ['2026-10-01', secondDay, '2026-10-03']);
    assert.equal(sql(`SELECT DISTINCT channel FROM survey_responses WHERE survey_id = ${s.id}`), 'paper');
    const list = await ctx.admin.listAll(`/api/v1/surveys/${s.id}/responses`);
    assert.equal(list.length, 3);
    const figures = (await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json;
    assert.equal(figures.n, 3);
    assert.equal((await ctx.admin.get(`/api/v1/surveys/${s.id}/figures?from=2026-10-02&to=2026-10-03`)).json.n, 2);

    const again = await ctx.admin.post(`/api/v1/surveys/${s.id}/imports`, { xlsx, mapping, store_id: o.S1.id });
    assert.equal(again.status, 201, describe(again));
    assert.deepEqual([again.json.imported, again.json.duplicates, again.json.failed], [0, 3, 3]);
    assert.equal(count(), 3, 're-import added rows');
    assert.deepEqual((await ctx.admin.get(`/api/v1/surveys/${s.id}/figures`)).json, figures, 're-import changed the figures');
    assert.equal(sql(`SELECT COUNT(*) FROM feedback_alerts WHERE survey_id = ${s.id}`), '0', 'past responses opened tickets');
    assert.ok(list.every((r) => r.answers.every((a) => a.question_id !== 5)), prefix);
  });
}

testCleanExit(ctx);
