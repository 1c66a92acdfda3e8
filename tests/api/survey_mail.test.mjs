// SPDX-License-Identifier: MIT
// Survey invitations by email through src/io/mail (libcurl SMTP), end to end: the job
// `survey_invitations` sends each personal link to a small SMTP server written here; the message
// has a Chinese subject and body, the unique link (which opens the survey and takes the answer)
// and an opt-out link; reminders go three days later only to those who neither answered, opted
// out nor had their link revoked, and stop after the last one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Server, ADMIN_PASSWORD } from './lib/server.mjs';
import { Client, describe, uid } from './lib/client.mjs';
import { created } from './lib/harness.mjs';

const SECRET = '5a'.repeat(32); // seals tokens for the sender job (tests only)
const mails = [];
let smtp;
let server;
let smtpUrl;
let admin;

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
              mails.push(msg);
              sock.write('250 queued\r\n');
              msg = { rcpt: [], data: '' };
            } else msg.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
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

/** {to, subject, body} of a captured message, the RFC 2047 subject and base64 body decoded. */
function decode(m) {
  const [head, ...rest] = m.data.split('\n\n');
  const subj = /^Subject: =\?UTF-8\?B\?([^?]*)\?=/m.exec(head);
  assert.ok(subj, `no encoded Subject in:\n${head}`);
  assert.match(head, /Content-Transfer-Encoding: base64/i);
  assert.match(head, /charset="?UTF-8/i);
  return {
    to: /<([^>]+)>/.exec(m.rcpt[0])?.[1],
    subject: Buffer.from(subj[1], 'base64').toString('utf8'),
    body: Buffer.from(rest.join('').replace(/\s/g, ''), 'base64').toString('utf8'),
  };
}

const env = () => ({ MANYI_SMTP_URL: smtpUrl, MANYI_SMTP_FROM: 'survey@manyi.example', MANYI_SECRET_KEY: SECRET, MANYI_PUBLIC_URL: server.url });
const job = async (at) => {
  const r = await server.cli(['jobs', 'run', '--job', 'survey_invitations', '--now', String(at)], { env: env() });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r.stdout;
};
const answers = [{ question_id: 1, value: 9 }, { question_id: 3, value: 5 }, { question_id: 4, value: 4 }, { question_id: 5, value: 5 }, { question_id: 6, value: 4 }, { question_id: 7, value: 1 }];

before(async () => {
  smtpUrl = `smtp://127.0.0.1:${await startSmtp()}`;
  server = new Server();
  // the server seals the tokens at creation with the key the job unseals them with
  await server.start({ env: { MANYI_JOBS: '0', MANYI_SECRET_KEY: SECRET } });
  admin = await new Client(server.url).mustLogin('admin', ADMIN_PASSWORD);
});

after(async () => {
  if (server && !server.exit) await server.stop().catch(() => {});
  server?.cleanup(Boolean(process.exitCode));
  smtp?.close();
});

test('email invitations: Chinese message with the unique link and an opt-out link; reminders skip answered, opted-out and revoked', async () => {
  const name = `新车销售七日回访 ${uid('')}`;
  const s = await created(await admin.post('/api/v1/surveys', { template: 'sales_7day', name }), 'survey');
  assert.equal((await admin.post(`/api/v1/surveys/${s.id}/publish`)).status, 200);
  const inv = {};
  for (const k of ['answers', 'optsout', 'revoked', 'silent']) {
    inv[k] = await created(await admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'email', recipient: `${k}.${uid('c')}@example.com` }), `invitation ${k}`);
    assert.equal(inv[k].status, 'pending');
  }
  const t0 = Math.floor(Date.now() / 1000) + 1;
  assert.match(await job(t0), /4 invitations sent, 0 reminders, 0 skipped, 0 failed/);
  assert.equal(mails.length, 4);
  const got = Object.fromEntries(Object.entries(inv).map(([k, v]) => {
    const m = mails.map(decode).find((x) => x.to === v.recipient);
    assert.ok(m, `no message to ${v.recipient}`);
    return [k, m];
  }));
  const m = got.answers;
  assert.equal(m.subject, name, 'the subject is the survey\'s (Chinese) name');
  const link = `${server.url}/s/${inv.answers.token}`;
  assert.ok(m.body.includes(`${link}\n`), `the unique link is not in the body:\n${m.body}`);
  assert.ok(m.body.includes(`${link}?optout=1`), `no opt-out link in:\n${m.body}`);
  assert.match(m.body, /您好/);
  assert.match(m.body, /诚邀您花两分钟填写「新车销售七日回访/);
  assert.match(m.body, /退订/);
  for (const [k, x] of Object.entries(got)) {
    if (k !== 'answers') assert.ok(!x.body.includes(inv.answers.token), `${k}'s message carries another's token`);
  }
  // the link works: the respondent page is served, its API opens the survey and takes the answer
  const page = await fetch(link);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  const tokenOf = (u) => u.slice(u.lastIndexOf('/s/') + 3);
  const anon = new Client(server.url);
  const view = await anon.get(`/api/v1/public/invitations/${tokenOf(link)}`);
  assert.equal(view.status, 200, describe(view));
  assert.equal(view.json.definition.title['zh-CN'], '新车销售七日回访');
  assert.equal((await anon.post(`/api/v1/public/invitations/${tokenOf(link)}/responses`, { answers })).status, 201);
  // the opt-out link opens the same page (which asks for a click), then the opt-out is posted
  const optUrl = /(http\S+\?optout=1)/.exec(got.optsout.body)[1];
  assert.equal((await fetch(optUrl)).status, 200);
  assert.equal((await anon.post(`/api/v1/public/invitations/${tokenOf(optUrl.replace('?optout=1', ''))}/opt-out`)).status, 204);
  // an admin revokes the third
  assert.equal((await admin.post(`/api/v1/survey-invitations/${inv.revoked.id}/revoke`)).status, 200);

  // nothing more before three days; then one reminder, to the one who did nothing
  mails.length = 0;
  assert.match(await job(t0 + 2 * 86400), /0 invitations sent, 0 reminders/);
  assert.equal(mails.length, 0);
  assert.match(await job(t0 + 3 * 86400 + 60), /0 invitations sent, 1 reminders/);
  assert.deepEqual(mails.map((x) => decode(x).to), [inv.silent.recipient]);
  const r = decode(mails[0]);
  assert.equal(r.subject, `提醒:${name}`);
  assert.match(r.body, /温馨提醒/);
  assert.ok(r.body.includes(`${server.url}/s/${inv.silent.token}`), 'the reminder lost the link');
  assert.ok(r.body.includes(`${server.url}/s/${inv.silent.token}?optout=1`), 'the reminder has no opt-out link');
  // a second reminder three days after, then no more (two at most)
  assert.match(await job(t0 + 6 * 86400 + 120), /1 reminders/);
  assert.match(await job(t0 + 9 * 86400 + 180), /0 invitations sent, 0 reminders/);
  assert.equal(mails.length, 2);
  const list = await admin.listAll(`/api/v1/surveys/${s.id}/invitations`);
  const st = Object.fromEntries(Object.entries(inv).map(([k, v]) => [k, list.find((x) => x.id === v.id)]));
  assert.deepEqual(Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v.status])),
    { answers: 'responded', optsout: 'opted_out', revoked: 'revoked', silent: 'sent' });
  assert.equal(st.silent.reminders, 2);
  // an opted-out address is not invited again
  const again = await created(await admin.post(`/api/v1/surveys/${s.id}/invitations`, { channel: 'email', recipient: inv.optsout.recipient }), 'again');
  assert.equal(again.status, 'opted_out');
  mails.length = 0;
  await job(t0 + 9 * 86400 + 240);
  assert.equal(mails.length, 0, 'an opted-out address got mail');
});

test('manyi serve exits 0 on SIGTERM', async () => {
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
});
