// SPDX-License-Identifier: MIT
// The complaint closed loop over HTTP (issue 5): registration by CR, routing to the department
// manager, handling with CLEAR, the result, return to CR, the verification call, reopening with
// escalation, closing; illegal transitions (409, nothing written), scope and tenant isolation,
// re-complaints, corrective actions, attachments, notifications, SLA escalation by the job with
// a moved clock, the survey-alert hook, webhook retries, settings and figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client, assertError, describe, uid } from './lib/client.mjs';
import { buildOrg, created, testCleanExit } from './lib/harness.mjs';
import { useComplaintServer, sql, runJob, addCustomer, addEvent, startReceiver, ok } from './complaint_kit.mjs';

const ctx = useComplaintServer({ setup });
let o;
let cat; // code → category
let dm2; // a department manager of D1b (same store as D1)

async function setup() {
  o = await buildOrg(ctx);
  const list = ok(await o.clients.cr_agent.get('/api/v1/complaint-categories'), 200, 'categories');
  cat = Object.fromEntries(list.items.map((c) => [c.code, c]));
  const u = await created(await o.clients.admin.post('/api/v1/users', {
    username: uid('dm2.'), display_name: '售后经理', role: 'dept_manager', department_id: o.D1b.id, password: 'Pw-dept-two-满意-8',
  }), 'dept manager D1b');
  dm2 = { ...u, client: await new Client(ctx.url).mustLogin(u.username, 'Pw-dept-two-满意-8') };
}

const T = (id) => `/api/v1/complaints/${id}`;
const step = (c, id, body) => c.post(`${T(id)}/transitions`, body);
const allClear = { control: true, listen: true, establish: true, apologize: true, resolve: true };
const result = { root_cause: '服务顾问未及时告知延误', action_taken: '店总致电道歉并加急', remedy: '赠送保养券一张', recovery_strategy: '赠送保养/洗车服务券' };

async function newTicket(client = o.clients.cr_agent, extra = {}) {
  return ok(await client.post('/api/v1/complaints', {
    source: 'followup_call', category_id: cat.attitude.id, severity: 'urgent',
    title: '维修等待过长且无人告知', description: '客户回访时反映等待三小时', ...extra,
  }), 201, 'create ticket');
}

test('default taxonomy with our scripts and strategies', () => {
  for (const code of ['attitude', 'repair_quality', 'waiting_time', 'billing', 'parts', 'facilities', 'broken_promise', 'sales_process']) {
    assert.ok(cat[code], `category ${code} missing`);
    assert.ok(cat[code].scripts.length > 10 && cat[code].strategies.length > 4, `${code} has no scripts/strategies`);
  }
  assert.equal(cat.attitude.name, '服务态度');
});

test('the whole loop: register, assign, CLEAR, result, verify, reopen and escalate, close', async () => {
  const cr = o.clients.cr_agent;
  const dm = o.clients.dept_manager;
  let t = await newTicket(cr, { followup_task_id: 77 });
  assert.equal(t.state, 'registered');
  assert.equal(t.store_id, o.S1.id);
  assert.equal(t.followup_task_id, 77);
  assert.equal(t.source, 'followup_call');
  assert.equal(t.sla.stage, 'first_response');
  assert.ok(t.sla.due && t.sla.first_response_due && t.sla.resolution_due, 'deadlines set');

  // the department manager does not see it before it is routed to their department
  assert.equal((await dm.get(T(t.id))).status, 404);
  const assignees = ok(await cr.get('/api/v1/complaint-assignees'), 200, 'assignees');
  assert.ok(assignees.items.some((a) => a.user_id === o.users.dept_manager.id), 'D1 manager is an assignee');
  assertError(await step(cr, t.id, { action: 'assign' }), 400, 'invalid', 'assignee');
  assertError(await step(cr, t.id, { action: 'assign', assignee_user_id: o.users.staff.id }), 400, 'invalid', 'assignee_user_id');
  t = ok(await step(cr, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id, note: '请销售部处理' }), 200, 'assign');
  assert.equal(t.state, 'assigned');
  assert.equal(t.department_id, o.D1.id);

  const notes = ok(await dm.get('/api/v1/notifications'), 200, 'notifications');
  const n1 = notes.items.find((n) => n.ticket_id === t.id && n.kind === 'assigned');
  assert.ok(n1, `the assignee got no notification: ${JSON.stringify(notes.items)}`);
  assert.ok(notes.unread >= 1);
  assert.equal((await dm.post(`/api/v1/notifications/${n1.id}/read`)).status, 204);
  assert.equal((await cr.post(`/api/v1/notifications/${n1.id}/read`)).status, 404, 'someone else\'s notification');

  t = ok(await step(dm, t.id, { action: 'accept' }), 200, 'accept');
  assert.equal(t.state, 'in_progress');
  assert.ok(t.sla.first_response_at);
  assert.equal(t.sla.stage, 'resolution');
  assertError(await step(dm, t.id, { action: 'write_result', ...result }), 409, 'conflict', 'clear');
  assertError(await dm.patch(`${T(t.id)}/clear`, { control: true }), 400, 'invalid');
  t = ok(await dm.patch(`${T(t.id)}/clear`, { ...allClear, resolve: false }), 200, 'clear 4');
  assert.equal(t.clear.complete, false);
  t = ok(await dm.patch(`${T(t.id)}/clear`, allClear), 200, 'clear 5');
  assert.equal(t.clear.complete, true);
  assertError(await step(dm, t.id, { action: 'write_result', ...result, remedy: '' }), 400, 'invalid', 'remedy');
  t = ok(await step(dm, t.id, { action: 'write_result', ...result }), 200, 'write result');
  assert.equal(t.state, 'result_written');
  assert.equal(t.result.recovery_strategy, result.recovery_strategy);
  t = ok(await step(dm, t.id, { action: 'return_to_cr' }), 200, 'return');
  assert.equal(t.state, 'returned_to_cr');
  assert.equal(t.sla.stage, 'verification');
  const crNotes = ok(await cr.get('/api/v1/notifications'), 200, 'cr notifications');
  assert.ok(crNotes.items.some((n) => n.ticket_id === t.id && n.kind === 'returned'), 'CR told it is back');

  t = ok(await step(cr, t.id, { action: 'start_verify' }), 200, 'start verify');
  assertError(await step(cr, t.id, { action: 'reopen' }), 400, 'invalid', 'note');
  t = ok(await step(cr, t.id, { action: 'reopen', note: '客户认为补偿不够，仍不满意' }), 200, 'reopen');
  assert.equal(t.state, 'reopened');
  assert.equal(t.escalation_level, 1);
  const smNotes = ok(await o.clients.store_manager.get('/api/v1/notifications'), 200, 'sm notifications');
  assert.ok(smNotes.items.some((n) => n.ticket_id === t.id && n.kind === 'reopened'), 'store manager told of the reopening');
  // reopening starts a new round of handling: the CLEAR ticks of the first round are gone
  assert.deepEqual(t.clear, { control: false, listen: false, establish: false, apologize: false, resolve: false, complete: false });
  const reread = ok(await cr.get(T(t.id)), 200, 'ticket after reopen');
  assert.deepEqual(reread.clear, { control: false, listen: false, establish: false, apologize: false, resolve: false, complete: false });

  // second round: the result is refused until CLEAR is ticked again
  t = ok(await step(cr, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 200, 'reassign');
  t = ok(await step(dm, t.id, { action: 'accept' }), 200, 'accept 2');
  assert.equal(t.clear.complete, false);
  assertError(await step(dm, t.id, { action: 'write_result', ...result, remedy: '免费更换并赠送两次保养' }), 409, 'conflict', 'clear');
  assert.equal(ok(await dm.get(T(t.id)), 200, 'ticket after refused result').state, 'in_progress');
  t = ok(await dm.patch(`${T(t.id)}/clear`, allClear), 200, 'clear 5 again');
  assert.equal(t.clear.complete, true);
  t = ok(await step(dm, t.id, { action: 'write_result', ...result, remedy: '免费更换并赠送两次保养' }), 200, 'result 2');
  t = ok(await step(dm, t.id, { action: 'return_to_cr' }), 200, 'return 2');
  t = ok(await step(cr, t.id, { action: 'start_verify' }), 200, 'verify 2');
  t = ok(await step(cr, t.id, { action: 'close', note: '客户表示满意' }), 200, 'close');
  assert.equal(t.state, 'closed');
  assert.equal(t.verify_count, 2);
  assert.equal(t.verify_satisfied, 1);
  assert.ok(t.closed_at);

  const tl = ok(await dm.get(`${T(t.id)}/timeline`), 200, 'timeline');
  const kinds = tl.items.map((e) => e.kind);
  assert.deepEqual(kinds, ['register', 'assign', 'accept', 'clear', 'clear', 'write_result', 'return_to_cr', 'start_verify', 'reopen',
    'assign', 'accept', 'clear', 'write_result', 'return_to_cr', 'start_verify', 'close']);
  for (const e of tl.items) assert.ok(e.at && e.username, `timeline entry without who/when: ${JSON.stringify(e)}`);
  assert.equal(tl.items[8].note, '客户认为补偿不够，仍不满意');
  assert.equal(tl.items[8].data.escalation_level, 1);
  assert.deepEqual(tl.items[8].data.clear, { checked: [], complete: false, reset: true }, 'the reopen entry records the CLEAR reset');
  assert.deepEqual(tl.items[11].data.checked, ['control', 'listen', 'establish', 'apologize', 'resolve']);

  // illegal after the end, and nothing written
  const res = await step(cr, t.id, { action: 'reopen', note: '再来' });
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /cannot reopen a complaint that is closed/);
  assert.equal(ok(await dm.get(`${T(t.id)}/timeline`), 200, 'timeline').items.length, 16);

  const audit = ok(await o.clients.admin.get(`/api/v1/audit?entity=ticket&entity_id=${t.id}`), 200, 'audit');
  assert.ok(audit.items.length >= 16, `audit has ${audit.items.length} ticket entries`);
  const reopenAudit = audit.items.find((e) => e.action === 'reopen');
  assert.ok(reopenAudit, `no reopen audit entry: ${JSON.stringify(audit.items.map((e) => e.action))}`);
  assert.equal(reopenAudit.before?.clear?.complete, true, 'CLEAR was complete before the reopen');
  assert.equal(reopenAudit.after?.clear?.complete, false, 'the reopen cleared CLEAR');
});

test('illegal transitions and forbidden roles write nothing', async () => {
  const cr = o.clients.cr_agent;
  const t = await newTicket();
  const before = ok(await cr.get(`${T(t.id)}/timeline`), 200, 'tl').items.length;
  let res = await step(cr, t.id, { action: 'close' });
  assertError(res, 409, 'conflict');
  assert.match(res.json.error.message, /cannot close a complaint that is registered \(only from: verifying\)/);
  assertError(await step(cr, t.id, { action: 'accept' }), 403, 'forbidden');
  assertError(await step(o.clients.auditor, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 403, 'forbidden');
  assertError(await step(cr, t.id, { action: 'fly' }), 400, 'invalid', 'action');
  assertError(await step(cr, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id, extra: 1 }), 400, 'invalid', 'extra');
  assertError(await o.clients.auditor.post(`${T(t.id)}/notes`, { note: 'x' }), 403, 'forbidden');
  assertError(await o.clients.auditor.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id, title: 'x' }), 403, 'forbidden');
  assertError(await o.clients.dept_manager.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id, title: 'x' }), 403, 'forbidden');
  assert.equal(ok(await cr.get(`${T(t.id)}/timeline`), 200, 'tl').items.length, before, 'rejected requests wrote to the timeline');
  assertError(await cr.patch(`${T(t.id)}/clear`, allClear), 403, 'forbidden');
  res = await o.clients.admin.patch(`${T(t.id)}/clear`, allClear);
  assertError(res, 409, 'conflict');
  // bad input names the field
  assertError(await cr.post('/api/v1/complaints', { source: 'email', category_id: cat.parts.id, title: 'x' }), 400, 'invalid', 'source');
  assertError(await cr.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id, title: 'x', severity: 'big' }), 400, 'invalid', 'severity');
  assertError(await cr.post('/api/v1/complaints', { source: 'hotline', category_id: 999999, title: 'x' }), 400, 'invalid', 'category_id');
  assertError(await cr.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id, title: '' }), 400, 'invalid', 'title');
  assertError(await cr.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id }), 400, 'invalid', 'title');
  assertError(await o.clients.admin.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id, title: 'x' }), 400, 'invalid', 'store_id');
  // a note is fine
  assert.equal((await cr.post(`${T(t.id)}/notes`, { note: '客户来电催促' })).status, 204);
});

test('scope: a department manager sees only their own department\'s tickets; tenants are isolated', async () => {
  const cr = o.clients.cr_agent;
  const a = await newTicket();
  const b = await newTicket(cr, { title: '售后维修质量' });
  ok(await step(cr, a.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 200, 'assign a');
  ok(await step(cr, b.id, { action: 'assign', assignee_user_id: dm2.id }), 200, 'assign b');
  assert.equal((await o.clients.dept_manager.get(T(b.id))).status, 404);
  assert.equal((await dm2.client.get(T(a.id))).status, 404);
  assertError(await step(o.clients.dept_manager, b.id, { action: 'accept' }), 404, 'not_found');
  const listA = await o.clients.dept_manager.listAll('/api/v1/complaints');
  assert.ok(listA.some((x) => x.id === a.id) && !listA.some((x) => x.id === b.id), 'D1 manager list scope');
  const listB = await dm2.client.listAll('/api/v1/complaints');
  assert.ok(listB.some((x) => x.id === b.id) && !listB.some((x) => x.id === a.id), 'D1b manager list scope');
  assert.equal((await o.clients.staff.get(T(a.id))).status, 200, 'staff of D1 reads D1 tickets');
  assert.equal((await o.clients.staff.get(T(b.id))).status, 404);
  const cr2 = await new Client(ctx.url).mustLogin(o.users.cr_agent2.username, o.users.cr_agent2.password);
  assert.equal((await cr2.get(T(a.id))).status, 404, 'CR of store 2');
  assert.equal((await o.clients.tenant_b.get(T(a.id))).status, 404, 'tenant B');
  assert.equal((await o.clients.tenant_b.get(`${T(a.id)}/timeline`)).status, 404);
  assert.equal((await o.clients.tenant_b.listAll('/api/v1/complaints')).length, 0);
  assertError(await step(o.clients.tenant_b, a.id, { action: 'escalate', note: 'x' }), 404, 'not_found');
  // filters
  const urgent = await o.clients.admin.listAll(`/api/v1/complaints?state=assigned&severity=urgent&department_id=${o.D1b.id}`);
  assert.ok(urgent.every((x) => x.department_id === o.D1b.id && x.state === 'assigned') && urgent.some((x) => x.id === b.id));
  assertError(await o.clients.admin.get('/api/v1/complaints?state=nope'), 400, 'invalid', 'state');
  // a manual escalation by the store manager
  const e = ok(await step(o.clients.store_manager, a.id, { action: 'escalate', note: '客户情绪激动' }), 200, 'escalate');
  assert.equal(e.escalation_level, 1);
  assert.equal(e.state, 'assigned');
});

test('personal data is masked for CR agents and auditors', async () => {
  const cid = await addCustomer(ctx.server, o.tenantA.id, o.S1.id, '林女士', '13812345678');
  const t = await newTicket(o.clients.cr_agent, { customer_id: cid });
  assert.equal(t.customer_phone, '138****5678');
  assert.equal(t.customer_name, '林女士');
  assert.equal(ok(await o.clients.admin.get(T(t.id)), 200, 'admin').customer_phone, '13812345678');
  assert.equal(ok(await o.clients.auditor.get(T(t.id)), 200, 'auditor').customer_phone, '138****5678');
});

test('re-complaint: same customer and category within the window links and marks', async () => {
  const cid = await addCustomer(ctx.server, o.tenantA.id, o.S1.id, '周先生', '13712345678');
  const eid = await addEvent(ctx.server, o.tenantA.id, cid, o.S1.id, o.D1b.id);
  const first = await newTicket(o.clients.cr_agent, { customer_id: cid, event_id: eid, category_id: cat.repair_quality.id });
  assert.equal(first.is_recomplaint, false);
  assert.equal(first.event_id, eid);
  assert.equal(first.suggested_department_id, o.D1b.id);
  const other = await newTicket(o.clients.cr_agent, { customer_id: cid, category_id: cat.billing.id });
  assert.equal(other.is_recomplaint, false, 'another category is not a re-complaint');
  const again = await newTicket(o.clients.cr_agent, { customer_id: cid, category_id: cat.repair_quality.id });
  assert.equal(again.is_recomplaint, true);
  assert.equal(again.recomplaint_of, first.id);
  assert.equal(ok(await o.clients.cr_agent.get(T(first.id)), 200, 'first').recomplaint_count, 1);
  const tl = ok(await o.clients.cr_agent.get(`${T(first.id)}/timeline`), 200, 'tl');
  assert.ok(tl.items.some((e) => e.kind === 'recomplaint_linked' && e.data.ticket_id === again.id));
  assertError(await o.clients.cr_agent.post('/api/v1/complaints', { source: 'hotline', category_id: cat.parts.id, title: 'x', event_id: eid, customer_id: cid + 1000 }), 400, 'invalid', 'event_id');
  // window 0 switches detection off
  ok(await o.clients.admin.patch('/api/v1/complaint-settings', { recomplaint_days: 0 }), 200, 'settings');
  const third = await newTicket(o.clients.cr_agent, { customer_id: cid, category_id: cat.repair_quality.id });
  assert.equal(third.is_recomplaint, false);
  ok(await o.clients.admin.patch('/api/v1/complaint-settings', { recomplaint_days: 30 }), 200, 'settings back');
});

test('corrective actions: owner, due date, evidence, CR verification, overdue flag', async () => {
  const t = await newTicket();
  ok(await step(o.clients.cr_agent, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 200, 'assign');
  const dm = o.clients.dept_manager;
  assertError(await o.clients.cr_agent.post(`${T(t.id)}/actions`, { title: '培训', owner_name: '李明', due_at: '2020-01-01' }), 403, 'forbidden');
  assertError(await dm.post(`${T(t.id)}/actions`, { title: '培训', owner_name: '李明', due_at: 'soon' }), 400, 'invalid', 'due_at');
  let a = ok(await dm.post(`${T(t.id)}/actions`, { title: '全员服务礼仪培训', owner_name: '李明', due_at: '2020-01-01' }), 201, 'create action');
  assert.equal(a.state, 'open');
  assert.equal(a.overdue, true);
  const overdue = await o.clients.store_manager.listAll('/api/v1/corrective-actions?overdue=1');
  assert.ok(overdue.some((x) => x.id === a.id), 'overdue list');
  assertError(await dm.patch(`${T(t.id)}/actions/${a.id}`, { state: 'done' }), 400, 'invalid', 'evidence');
  assertError(await dm.patch(`${T(t.id)}/actions/${a.id}`, { state: 'verified' }), 403, 'forbidden');
  a = ok(await dm.patch(`${T(t.id)}/actions/${a.id}`, { evidence: '培训签到表与照片已上传', state: 'done' }), 200, 'done');
  assert.equal(a.state, 'done');
  assertError(await o.clients.cr_agent.patch(`${T(t.id)}/actions/${a.id}`, { state: 'open' }), 400, 'invalid', 'verify_note');
  a = ok(await o.clients.cr_agent.patch(`${T(t.id)}/actions/${a.id}`, { state: 'verified', verify_note: '抽查两名顾问，达标' }), 200, 'verify');
  assert.equal(a.state, 'verified');
  assert.equal(a.overdue, false);
  assertError(await dm.patch(`${T(t.id)}/actions/${a.id}`, { title: '改' }), 409, 'conflict');
  assertError(await o.clients.cr_agent.patch(`${T(t.id)}/actions/${a.id}`, { state: 'verified' }), 409, 'conflict');
  assert.equal((await o.clients.tenant_b.patch(`${T(t.id)}/actions/${a.id}`, { title: 'x' })).status, 404);
  const tl = ok(await dm.get(`${T(t.id)}/timeline`), 200, 'tl').items.map((e) => e.kind);
  assert.deepEqual(tl.filter((k) => k.startsWith('action_')), ['action_created', 'action_done', 'action_verified']);
});

test('attachments: stored as files with type and size limits', async () => {
  const t = await newTicket();
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), crypto.randomBytes(200)]);
  const up = await o.clients.cr_agent.req('POST', `${T(t.id)}/attachments?filename=${encodeURIComponent('现场照片.png')}`, { body: png, contentType: 'image/png' });
  const a = ok(up, 201, 'upload');
  assert.equal(a.size_bytes, png.length);
  const down = await fetch(`${ctx.url}${T(t.id)}/attachments/${a.id}`, { headers: { Cookie: o.clients.cr_agent.cookieHeader() } });
  assert.equal(down.status, 200);
  assert.equal(down.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await down.arrayBuffer()), png);
  // a generic declared type (what browsers' HTTP libraries often send): the extension decides
  const generic = ok(await o.clients.cr_agent.req('POST', `${T(t.id)}/attachments?filename=b.png`, { body: png, contentType: 'application/x-www-form-urlencoded' }), 201, 'generic type');
  assert.equal(generic.content_type, 'image/png');
  assertError(await o.clients.cr_agent.req('POST', `${T(t.id)}/attachments?filename=b.png`, { body: Buffer.from('GIF89a'), contentType: 'application/octet-stream' }), 400, 'invalid', 'content_type');
  assertError(await o.clients.cr_agent.req('POST', `${T(t.id)}/attachments?filename=a.exe`, { body: Buffer.from('MZ...'), contentType: 'application/octet-stream' }), 400, 'invalid', 'content_type');
  assertError(await o.clients.cr_agent.req('POST', `${T(t.id)}/attachments?filename=a.png`, { body: Buffer.from('not a png'), contentType: 'image/png' }), 400, 'invalid', 'content_type');
  assertError(await o.clients.cr_agent.req('POST', `${T(t.id)}/attachments?filename=big.pdf`, { body: Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]), contentType: 'application/pdf' }), 413, 'too_large');
  assertError(await o.clients.auditor.req('POST', `${T(t.id)}/attachments?filename=a.png`, { body: png, contentType: 'image/png' }), 403, 'forbidden');
  assert.equal((await o.clients.tenant_b.get(`${T(t.id)}/attachments/${a.id}`)).status, 404);
  const list = ok(await o.clients.auditor.get(`${T(t.id)}/attachments`), 200, 'list');
  assert.equal(list.items.length, 2);
  const files = await sql(ctx.server, `SELECT COUNT(*) FROM ticket_attachments WHERE ticket_id = ${t.id}`);
  assert.equal(files[0], '2', 'rejected uploads left rows behind');
  const onDisk = readdirSync(path.join(ctx.dataDir, String(o.tenantA.id), String(t.id)));
  assert.equal(onDisk.length, 2, `files on disk: ${onDisk}`);
});

test('SLA escalation by the job: store manager first, then the group', async () => {
  ok(await o.clients.admin.patch('/api/v1/complaint-settings', { sla_mode: 'calendar', sla: { critical: { first_response: 30 } } }), 200, 'settings');
  const t = await newTicket(o.clients.cr_agent, { severity: 'critical', title: '刹车异响，安全隐患' });
  const created = Date.parse(t.created_at) / 1000;
  assert.equal(Date.parse(t.sla.due) / 1000, created + 30 * 60, 'critical first response is due in 30 minutes');
  await runJob(ctx.server, 'complaint_sla', created + 29 * 60);
  assert.equal(ok(await o.clients.admin.get(T(t.id)), 200, 'get').sla.level, 0, 'not yet overdue');
  await runJob(ctx.server, 'complaint_sla', created + 31 * 60);
  let x = ok(await o.clients.admin.get(T(t.id)), 200, 'get');
  assert.equal(x.sla.level, 1);
  assert.equal(x.escalation_level, 1);
  const sm = ok(await o.clients.store_manager.get('/api/v1/notifications'), 200, 'sm');
  assert.ok(sm.items.some((n) => n.ticket_id === t.id && n.kind === 'escalated'), 'store manager notified');
  await runJob(ctx.server, 'complaint_sla', created + 31 * 60); // again: exactly once
  await runJob(ctx.server, 'complaint_sla', created + 61 * 60);
  x = ok(await o.clients.admin.get(T(t.id)), 200, 'get');
  assert.equal(x.sla.level, 2);
  assert.equal(x.escalation_level, 2);
  const adm = ok(await o.clients.admin.get('/api/v1/notifications'), 200, 'admin');
  assert.ok(adm.items.some((n) => n.ticket_id === t.id && n.kind === 'escalated'), 'the group (admin) notified');
  const tl = ok(await o.clients.admin.get(`${T(t.id)}/timeline`), 200, 'tl').items.filter((e) => e.kind === 'sla_escalate');
  assert.equal(tl.length, 2);
  assert.equal(tl[0].username, 'system');
  // accepting moves to the resolution stage, whose clock runs from registration
  ok(await step(o.clients.cr_agent, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 200, 'assign');
  x = ok(await step(o.clients.dept_manager, t.id, { action: 'accept' }), 200, 'accept');
  assert.equal(x.sla.stage, 'resolution');
  assert.equal(x.sla.level, 0);
  ok(await o.clients.admin.patch('/api/v1/complaint-settings', { sla_mode: 'working', sla: { critical: { first_response: 30 } } }), 200, 'settings back');
});

test('working-hours SLA: the deadline skips the night, the weekend and a configured holiday', async () => {
  ok(await o.clients.admin.patch('/api/v1/complaint-settings', { sla_mode: 'working', holidays: '2026-11-23', sla: { normal: { first_response: 240 } } }), 200, 'settings');
  const s = ok(await o.clients.admin.get('/api/v1/complaint-settings'), 200, 'get settings');
  assert.equal(s.holidays, '2026-11-23');
  assertError(await o.clients.admin.patch('/api/v1/complaint-settings', { holidays: '2026-13-01' }), 400, 'invalid', 'holidays');
  assertError(await o.clients.admin.patch('/api/v1/complaint-settings', { sla: { normal: { first_response: 0 } } }), 400, 'invalid', 'sla.normal.first_response');
  assertError(await o.clients.cr_agent.patch('/api/v1/complaint-settings', { recomplaint_days: 3 }), 403, 'forbidden');
  // a ticket whose clock is re-planned from Friday 2026-11-20 16:00 +08:00 (08:00Z) via the job's
  // view: 4 working hours = 2 on Friday, Monday 23rd is the holiday, 2 on Tuesday → 11:00 +08:00
  const t = await newTicket(o.clients.cr_agent, { severity: 'normal' });
  await sql(ctx.server, `UPDATE tickets SET sla_start = ${Date.parse('2026-11-20T08:00:00Z') / 1000}, sla_due = 0 WHERE id = ${t.id}`);
  await runJob(ctx.server, 'complaint_sla', Date.parse('2026-11-24T02:59:00Z') / 1000); // Tue 10:59
  assert.equal(ok(await o.clients.admin.get(T(t.id)), 200, 'get').sla.level, 0, 'due Tuesday 11:00 local');
  await runJob(ctx.server, 'complaint_sla', Date.parse('2026-11-24T03:01:00Z') / 1000); // Tue 11:01
  assert.equal(ok(await o.clients.admin.get(T(t.id)), 200, 'get').sla.level, 1);
  // the clock runs in the tenant's zone: the same local times in UTC give the same deadline
  ok(await o.clients.admin.patch('/api/v1/tenant', { timezone: 'UTC' }), 200, 'zone UTC');
  const u = await newTicket(o.clients.cr_agent, { severity: 'normal' });
  await sql(ctx.server, `UPDATE tickets SET sla_start = ${Date.parse('2026-11-20T16:00:00Z') / 1000}, sla_due = 0 WHERE id = ${u.id}`);
  await runJob(ctx.server, 'complaint_sla', Date.parse('2026-11-24T10:59:00Z') / 1000);
  assert.equal(ok(await o.clients.admin.get(T(u.id)), 200, 'get').sla.level, 0, 'due Tuesday 11:00 UTC');
  await runJob(ctx.server, 'complaint_sla', Date.parse('2026-11-24T11:01:00Z') / 1000);
  assert.equal(ok(await o.clients.admin.get(T(u.id)), 200, 'get').sla.level, 1);
  ok(await o.clients.admin.patch('/api/v1/tenant', { timezone: 'Asia/Shanghai' }), 200, 'zone back');
  ok(await o.clients.admin.patch('/api/v1/complaint-settings', { holidays: '' }), 200, 'settings back');
});

test('a survey low-score alert opens a ticket exactly once (the feedback_alerts hook)', async () => {
  const now = Math.floor(Date.now() / 1000);
  const cid = await addCustomer(ctx.server, o.tenantA.id, o.S1.id, '吴女士', '13612345678');
  const [alertId] = await sql(ctx.server, `INSERT INTO feedback_alerts (tenant_id, kind, customer_id, store_id, department_id, reason, created_at) VALUES (${o.tenantA.id}, 'low_score', ${cid}, ${o.S1.id}, ${o.D1b.id}, 'NPS 3', ${now}) RETURNING id`);
  const [bAlert] = await sql(ctx.server, `INSERT INTO feedback_alerts (tenant_id, kind, store_id, reason, created_at) VALUES (${o.tenantBId}, 'low_score', ${o.SB.id}, 'NPS 1', ${now}) RETURNING id`);
  const out = await runJob(ctx.server, 'complaint_alerts', now);
  assert.match(out, /2 tickets opened/);
  const [row] = await sql(ctx.server, `SELECT CASE WHEN consumed_at IS NULL THEN 0 ELSE 1 END, ticket_id FROM feedback_alerts WHERE id = ${alertId}`);
  const [consumed, ticketId] = row.split('|');
  assert.equal(consumed, '1');
  const t = ok(await o.clients.cr_agent.get(T(Number(ticketId))), 200, 'alert ticket');
  assert.equal(t.source, 'survey');
  assert.equal(t.alert_id, Number(alertId));
  assert.equal(t.customer_id, cid);
  assert.equal(t.suggested_department_id, o.D1b.id);
  assert.match(t.title, /NPS 3/);
  const crn = ok(await o.clients.cr_agent.get('/api/v1/notifications'), 200, 'cr');
  assert.ok(crn.items.some((n) => n.ticket_id === t.id && n.kind === 'survey_alert'));
  await runJob(ctx.server, 'complaint_alerts', now + 60);
  const [count] = await sql(ctx.server, `SELECT COUNT(*) FROM tickets WHERE alert_id IN (${alertId}, ${bAlert})`);
  assert.equal(count, '2', 'an alert was turned into more than one ticket');
  const [bTicket] = await sql(ctx.server, `SELECT ticket_id FROM feedback_alerts WHERE id = ${bAlert}`);
  assert.equal((await o.clients.admin.get(T(Number(bTicket)))).status, 404, 'tenant A sees tenant B\'s alert ticket');
  assert.equal(ok(await o.clients.tenant_b.get(T(Number(bTicket))), 200, 'B').source, 'survey');
});

test('webhooks: HMAC-signed, retried with back-off when the receiver fails, nothing lost', async () => {
  const rx = await startReceiver({ failFirst: 2 });
  const secret = 'whsec-complaint-test-0123456789';
  try {
    ok(await o.clients.admin.patch('/api/v1/complaint-settings', { webhook_url: rx.url, webhook_secret: secret }), 200, 'settings');
    const s = ok(await o.clients.admin.get('/api/v1/complaint-settings'), 200, 'get');
    assert.equal(s.webhook_secret_set, true);
    assert.equal(s.webhook_secret, undefined, 'the secret is never shown');
    const t = await newTicket();
    ok(await step(o.clients.cr_agent, t.id, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 200, 'assign');
    const now = Math.floor(Date.now() / 1000) + 2;
    let out = await runJob(ctx.server, 'complaint_deliver', now);
    assert.match(out, /0 delivered, 1 failed/);
    await runJob(ctx.server, 'complaint_deliver', now + 10); // not due yet (back-off 30 s)
    assert.equal(rx.got.length, 1);
    out = await runJob(ctx.server, 'complaint_deliver', now + 31);
    assert.match(out, /0 delivered, 1 failed/);
    await runJob(ctx.server, 'complaint_deliver', now + 31 + 100); // second back-off is 2 min
    assert.equal(rx.got.length, 2);
    out = await runJob(ctx.server, 'complaint_deliver', now + 31 + 121);
    assert.match(out, /1 delivered, 0 failed/);
    await runJob(ctx.server, 'complaint_deliver', now + 10000);
    assert.equal(rx.got.length, 3, 'delivered once more than needed');
    const ids = new Set(rx.got.map((g) => g.headers['x-manyi-delivery']));
    assert.equal(ids.size, 1, 'retries carry the same delivery id');
    for (const g of rx.got) {
      const body = JSON.parse(g.body);
      assert.equal(body.event, 'complaint.assigned');
      assert.equal(body.ticket.id, t.id);
      assert.equal(g.headers['x-manyi-event'], 'complaint.assigned');
      const want = crypto.createHmac('sha256', secret).update(`${g.headers['x-manyi-timestamp']}.${g.body}`).digest('hex');
      assert.equal(g.headers['x-manyi-signature'], `sha256=${want}`);
    }
  } finally {
    ok(await o.clients.admin.patch('/api/v1/complaint-settings', { webhook_url: '' }), 200, 'settings off');
    await rx.close();
  }
});

test('categories are tenant-editable by the admin only', async () => {
  const c = ok(await o.clients.admin.patch(`/api/v1/complaint-categories/${cat.parts.id}`, { scripts: '配件到货后第一时间通知您。' }), 200, 'edit');
  assert.equal(c.scripts, '配件到货后第一时间通知您。');
  assertError(await o.clients.cr_agent.patch(`/api/v1/complaint-categories/${cat.parts.id}`, { name: 'x' }), 403, 'forbidden');
  const n = ok(await o.clients.admin.post('/api/v1/complaint-categories', { code: 'delivery', name: '交车延误', strategies: '延误补偿' }), 201, 'create');
  assertError(await o.clients.admin.post('/api/v1/complaint-categories', { code: 'delivery', name: '重复' }), 409, 'conflict', 'code');
  assert.equal((await o.clients.tenant_b.patch(`/api/v1/complaint-categories/${n.id}`, { name: 'x' })).status, 404);
  const b = ok(await o.clients.tenant_b.get('/api/v1/complaint-categories'), 200, 'b list');
  assert.ok(!b.items.some((x) => x.code === 'delivery'), 'tenant B sees tenant A\'s category');
});

test('figures: rates, handling time, open by age, by category', async () => {
  const f = ok(await o.clients.admin.get('/api/v1/complaint-stats?group_by=category'), 200, 'stats');
  assert.ok(f.overall.complaints >= 10, `complaints ${f.overall.complaints}`);
  assert.equal(f.overall.verification_satisfaction.num, 1);
  assert.equal(f.overall.verification_satisfaction.den, 2);
  assert.equal(f.overall.verification_satisfaction.pct, 50);
  assert.ok(f.overall.recomplaint_rate.num >= 1);
  assert.equal(f.overall.handling_minutes.n, 1);
  assert.equal(f.overall.events >= 1, true);
  assert.equal(f.open_by_age.length, 4);
  assert.equal(f.open_by_age.reduce((s, b) => s + b.count, 0), f.overall.complaints - 1);
  const att = f.groups.find((g) => g.label === '服务态度');
  assert.ok(att && att.figures.complaints >= 5);
  const dm = ok(await o.clients.dept_manager.get('/api/v1/complaint-stats'), 200, 'dm stats');
  assert.ok(dm.overall.complaints < f.overall.complaints, 'department manager figures are scoped');
  assertError(await o.clients.admin.get('/api/v1/complaint-stats?group_by=planet'), 400, 'invalid', 'group_by');
  assertError(await o.clients.admin.get('/api/v1/complaint-stats?from=2026-02-30'), 400, 'invalid', 'from');
  const b = ok(await o.clients.tenant_b.get('/api/v1/complaint-stats'), 200, 'b');
  assert.equal(b.overall.complaints, 1);
});

testCleanExit(ctx);
