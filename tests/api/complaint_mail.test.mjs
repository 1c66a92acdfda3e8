// SPDX-License-Identifier: MIT
// Email of the complaint loop through src/io/mail (libcurl SMTP): assigning a ticket to a
// department manager whose employee record has an address queues an email in the outbox; the
// delivery job sends it to a small SMTP server written here, which refuses the first attempt
// (451) so the retry with back-off is seen, and accepts the second.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { Server, ADMIN_PASSWORD } from './lib/server.mjs';
import { Client, uid } from './lib/client.mjs';
import { created } from './lib/harness.mjs';
import { runJob, ok } from './complaint_kit.mjs';

const mails = [];
let refuse = 1;
let smtp;
let server;
let smtpUrl;

/** Enough SMTP for libcurl: greeting, EHLO, MAIL, RCPT, DATA … ".", QUIT. */
function startSmtp() {
  return new Promise((resolve) => {
    smtp = net.createServer((sock) => {
      let buf = '';
      let inData = false;
      let msg = { rcpt: [], data: '' };
      sock.write('220 fake.smtp ESMTP\r\n');
      sock.on('data', (chunk) => {
        buf += chunk.toString('latin1');
        let i;
        while ((i = buf.indexOf('\r\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (inData) {
            if (line === '.') {
              inData = false;
              if (refuse > 0) {
                refuse -= 1;
                sock.write('451 try again later\r\n');
              } else {
                mails.push(msg);
                sock.write('250 queued\r\n');
              }
              msg = { rcpt: [], data: '' };
            } else msg.data += `${line}\n`;
            continue;
          }
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 fake.smtp\r\n');
          else if (cmd === 'MAIL') { msg.from = line; sock.write('250 ok\r\n'); }
          else if (cmd === 'RCPT') { msg.rcpt.push(line); sock.write('250 ok\r\n'); }
          else if (cmd === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
          else if (cmd === 'QUIT') { sock.write('221 bye\r\n'); sock.end(); }
          else sock.write('250 ok\r\n');
        }
      });
      sock.on('error', () => {});
    });
    smtp.listen(0, '127.0.0.1', () => resolve(smtp.address().port));
  });
}

const env = () => ({ MANYI_SMTP_URL: smtpUrl, MANYI_SMTP_FROM: 'noreply@manyi.example' });

before(async () => {
  smtpUrl = `smtp://127.0.0.1:${await startSmtp()}`;
  server = new Server();
  await server.start({ env: { MANYI_JOBS: '0', MANYI_DATA_DIR: path.join(server.dir, 'files'), ...env() } });
});

after(async () => {
  if (server && !server.exit) await server.stop().catch(() => {});
  server?.cleanup(Boolean(process.exitCode));
  smtp?.close();
});

test('an assignment emails the department manager; a refused delivery is retried', async () => {
  const admin = await new Client(server.url).mustLogin('admin', ADMIN_PASSWORD);
  const s = await created(await admin.post('/api/v1/stores', { code: uid('M'), name: '邮件店' }), 'store');
  const d = await created(await admin.post('/api/v1/departments', { store_id: s.id, name: '售后部', kind: 'after_sales' }), 'dept');
  const e = await created(await admin.post('/api/v1/employees', { store_id: s.id, department_id: d.id, name: '何勇', employee_no: uid('E'), email: 'he.yong@example.com' }), 'employee');
  const dm = await created(await admin.post('/api/v1/users', { username: uid('dm.'), display_name: '何勇', role: 'dept_manager', department_id: d.id, employee_id: e.id, password: 'Pw-mail-dept-满意-1' }), 'user');
  const cats = ok(await admin.get('/api/v1/complaint-categories'), 200, 'categories').items;
  const t = ok(await admin.post('/api/v1/complaints', { source: 'hotline', category_id: cats[0].id, title: '邮件通知测试', store_id: s.id }), 201, 'ticket');
  ok(await admin.post(`/api/v1/complaints/${t.id}/transitions`, { action: 'assign', assignee_user_id: dm.id }), 200, 'assign');
  const now = Math.floor(Date.now() / 1000) + 1;
  const jobEnv = { env: env() };
  let r = await server.cli(['jobs', 'run', '--job', 'complaint_deliver', '--now', String(now)], jobEnv);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 delivered, 1 failed/);
  assert.equal(mails.length, 0);
  r = await server.cli(['jobs', 'run', '--job', 'complaint_deliver', '--now', String(now + 31)], jobEnv);
  assert.match(r.stdout, /1 delivered, 0 failed/);
  assert.equal(mails.length, 1);
  assert.match(mails[0].rcpt[0], /he\.yong@example\.com/);
  assert.match(mails[0].data, /Subject: =\?UTF-8\?B\?/);
  const body = Buffer.from(mails[0].data.split('\n\n').slice(1).join('').replace(/\s/g, ''), 'base64').toString('utf8');
  assert.match(body, /邮件通知测试/);
  await runJob(server, 'complaint_deliver', now + 100000);
  assert.equal(mails.length, 1, 'sent twice');
});

test('manyi serve exits 0 on SIGTERM', async () => {
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
});
