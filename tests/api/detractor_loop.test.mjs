// SPDX-License-Identifier: MIT
// Collection meets the complaint loop (issues 4 and 5): a customer answers a survey through a
// QR link with NPS 3; the response raises a low-score alert in its own transaction; the
// complaint job turns it into a ticket for the CR department exactly once. Nothing is inserted
// by hand: every step goes through the real endpoints and the real job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe } from './lib/client.mjs';
import { useComplaintServer, sql, runJob } from './complaint_kit.mjs';

const ctx = useComplaintServer();

test('a survey detractor opens exactly one complaint ticket, a promoter none', async () => {
  const store = (await ctx.admin.post('/api/v1/stores', { code: 'LOOP', name: '闭环测试店' })).json;
  const draft = await ctx.admin.post('/api/v1/surveys', { template: 'sales_7day', name: '七日电访' });
  assert.equal(draft.status, 201, describe(draft));
  const published = await ctx.admin.post(`/api/v1/surveys/${draft.json.id}/publish`);
  assert.equal(published.status, 200, describe(published));
  const link = await ctx.admin.post(`/api/v1/surveys/${draft.json.id}/links`, { kind: 'qr', store_id: store.id, touchpoint: 'delivery', label: '交车区' });
  assert.equal(link.status, 201, describe(link));

  // a detractor who also rates the visit low, and a promoter who rates it well (a promoter's low
  // dimension score would rightly raise an alert of its own)
  const answers = (nps) => {
    const item = nps <= 6 ? 2 : 5;
    return [
      { question_id: 1, value: nps },
      ...(nps <= 6 ? [{ question_id: 2, text: '交车时等了两个小时' }] : []),
      { question_id: 3, value: item }, { question_id: 4, value: item }, { question_id: 5, value: item },
      { question_id: 6, value: item }, { question_id: 7, value: 1 },
    ];
  };
  const respondent = new Client(ctx.url);
  const path = `/api/v1/public/links/${link.json.key}/responses`;
  const low = await respondent.post(path, { answers: answers(3), client_id: 'phone-1' });
  assert.equal(low.status, 201, describe(low));
  const high = await respondent.post(path, { answers: answers(10), client_id: 'phone-2' });
  assert.equal(high.status, 201, describe(high));

  const alerts = await sql(ctx.server, `SELECT id, reason FROM feedback_alerts WHERE survey_id = ${draft.json.id}`);
  assert.equal(alerts.length, 1, `one alert for the detractor only, got ${alerts.join('; ')}`);
  assert.match(alerts[0], /NPS 3/);

  const now = Math.floor(Date.now() / 1000);
  await runJob(ctx.server, 'complaint_alerts', now);
  await runJob(ctx.server, 'complaint_alerts', now + 60);
  const list = await ctx.admin.get('/api/v1/complaints?limit=200');
  assert.equal(list.status, 200, describe(list));
  const fromSurvey = list.json.items.filter((t) => t.source === 'survey');
  assert.equal(fromSurvey.length, 1, `expected one survey ticket, got ${fromSurvey.length}`);
  assert.equal(fromSurvey[0].store_id, store.id);
  const [consumed] = await sql(ctx.server, `SELECT ticket_id FROM feedback_alerts WHERE survey_id = ${draft.json.id}`);
  assert.equal(Number(consumed), fromSurvey[0].id);
});
