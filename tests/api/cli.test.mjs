// SPDX-License-Identifier: MIT
// The manyi command as an operator uses it: --help everywhere, clear messages and exit code 2
// for bad usage, 1 for failures, and the commands doing what they say against a real store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './lib/server.mjs';

const dir = mkdtempSync(path.join(process.env.MANYI_TEST_TMP || os.tmpdir(), 'manyi-cli-'));
const db = `sqlite:${path.join(dir, 'cli.db')}`;
const env = { MANYI_DB: db };
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('every command answers --help with a usage line and exit 0', async () => {
  const top = await runCli(['--help']);
  assert.equal(top.code, 0);
  const names = [...top.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]);
  assert.ok(names.length >= 7, top.stdout);
  for (const name of names) {
    const r = await runCli([name, '--help'], { env });
    assert.equal(r.code, 0, `${name} --help: ${r.stderr}`);
    assert.match(r.stdout, /usage: manyi /, `${name} --help printed: ${r.stdout}`);
  }
});

test('bad usage exits 2 and says what is wrong', async () => {
  const cases = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /usage: manyi COMMAND/],
    [['serve', '--bogus'], /unrecognized option|bogus/],
    [['serve', 'extra'], /unexpected argument 'extra'/],
    [['tenant', 'add'], /--name is required/],
    [['user', 'add', '--username', 'x'], /--username and --role are required/],
    [['user', 'passwd'], /--username is required/],
    [['jobs', 'run', '--now', 'yesterday'], /--now 'yesterday' is not unix seconds or RFC 3339/],
    [['jobs', 'run', '--job', 'no_such_job'], /no job named 'no_such_job'/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, { env });
    assert.equal(r.code, 2, `manyi ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, message, `manyi ${args.join(' ')}`);
  }
});

test('a listen address that cannot be parsed is refused before anything starts', async () => {
  const r = await runCli(['serve', '--listen', 'not-an-address'], { env: { ...env, MANYI_ADMIN_PASSWORD: 'Cli-password-1' } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cannot parse listen address 'not-an-address'/);
});

test('migrate, tenant add, user add and user passwd work against the store', async () => {
  const m = await runCli(['migrate'], { env });
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stdout, /^schema version \d+$/m);

  const t = await runCli(['tenant', 'add', '--name', '测试集团'], { env });
  assert.equal(t.code, 0, t.stderr);
  const tenantId = Number(t.stdout.trim());
  assert.ok(tenantId > 0, t.stdout);

  const bad = await runCli(['tenant', 'add', '--name', 'x', '--timezone', 'Mars/Base'], { env });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /timezone/);

  const u = await runCli(['user', 'add', '--tenant', String(tenantId), '--username', 'cli.admin', '--role', 'admin'],
    { env: { ...env, MANYI_PASSWORD: 'Cli-password-1' } });
  assert.equal(u.code, 0, u.stderr);
  assert.ok(Number(u.stdout.trim()) > 0);

  const dup = await runCli(['user', 'add', '--tenant', String(tenantId), '--username', 'cli.admin', '--role', 'admin'],
    { env: { ...env, MANYI_PASSWORD: 'Cli-password-1' } });
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /username is already taken/);

  const short = await runCli(['user', 'add', '--tenant', String(tenantId), '--username', 'cli.short', '--role', 'admin'],
    { env: { ...env, MANYI_PASSWORD: 'short' } });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /password must be at least 10 characters/);

  const stdin = await runCli(['user', 'passwd', '--username', 'cli.admin'], { env, input: 'Another-password-2\n' });
  assert.equal(stdin.code, 0, stdin.stderr);
  const missing = await runCli(['user', 'passwd', '--username', 'nobody.here'], { env: { ...env, MANYI_PASSWORD: 'Another-password-2' } });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such user/);
});

test('version and routes print what they say', async () => {
  const v = await runCli(['version']);
  assert.match(v.stdout, /^manyi \d+\.\d+\.\d+$/m);
  const r = await runCli(['routes']);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 20);
  for (const line of lines) assert.match(line, /^(GET|POST|PATCH|PUT|DELETE) \/\S*$/);
});
