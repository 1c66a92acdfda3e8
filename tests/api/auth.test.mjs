// SPDX-License-Identifier: MIT
// Login, sessions, logout, password change, CSRF, API tokens, login throttling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertError, assertStatus, describe, uid } from './lib/client.mjs';
import { useServer, testCleanExit, ADMIN_PASSWORD, created } from './lib/harness.mjs';

const ctx = useServer();

async function newUser(role = 'auditor', password = `Pw-${uid('u')}-满意密码`) {
  const username = uid('u.');
  const u = await created(await ctx.admin.post('/api/v1/users', { username, display_name: '测试用户', role, password }), 'user');
  return { ...u, username, password };
}

test('login: 200, HttpOnly SameSite=Strict session cookie, csrf_token, user and tenant', async () => {
  const c = new Client(ctx.url);
  const res = await c.login('admin', ADMIN_PASSWORD);
  assert.equal(res.status, 200, describe(res));
  const sc = res.setCookies.find((h) => h.startsWith('manyi_session='));
  assert.ok(sc, `no manyi_session Set-Cookie in ${JSON.stringify(res.setCookies)}`);
  assert.match(sc, /;\s*HttpOnly/i, `cookie not HttpOnly: ${sc}`);
  assert.match(sc, /;\s*SameSite=Strict/i, `cookie not SameSite=Strict: ${sc}`);
  assert.match(sc, /;\s*Path=\/(;|$)/i, `cookie Path is not /: ${sc}`);
  assert.ok(sc.split(';')[0].length > 'manyi_session='.length + 20, `session id too short: ${sc}`);
  assert.equal(typeof res.json.csrf_token, 'string');
  assert.ok(res.json.csrf_token.length >= 16, 'csrf_token too short');
  assert.equal(res.json.user.username, 'admin');
  assert.equal(res.json.user.role, 'admin');
  assert.equal(res.json.user.active, true);
  assert.ok(Number.isInteger(res.json.tenant.id));
  assert.equal(typeof res.json.tenant.timezone, 'string');
  assert.doesNotMatch(res.text, /password|hash/i, 'login answer mentions a password or hash');
  assert.ok(!res.text.includes(ADMIN_PASSWORD), 'login answer echoes the password');
  // Each login gets its own session id.
  const c2 = new Client(ctx.url);
  await c2.mustLogin('admin', ADMIN_PASSWORD);
  assert.notEqual(c2.cookies.get('manyi_session'), c.cookies.get('manyi_session'), 'two logins share a session id');
});

test('login: bad password and unknown user are 401 unauthorized and set no cookie', async () => {
  for (const [u, p] of [['admin', 'wrong-password-123'], [uid('nobody.'), 'whatever-password'], ['admin', '']]) {
    const c = new Client(ctx.url);
    const res = await c.login(u, p);
    if (p === '') assertError(res, [400, 401]);
    else assertError(res, 401, 'unauthorized');
    assert.ok(!c.cookies.has('manyi_session'), `a failed login set a session cookie: ${describe(res)}`);
  }
});

test('auth/me: 200 with the session, the same csrf_token; 401 without or with a bogus cookie', async () => {
  const me = await ctx.admin.get('/api/v1/auth/me');
  assert.equal(me.status, 200, describe(me));
  assert.equal(me.json.user.username, 'admin');
  assert.equal(me.json.csrf_token, ctx.admin.csrf);
  assert.equal(me.json.tenant.id, ctx.admin.tenant.id);
  assertError(await new Client(ctx.url).get('/api/v1/auth/me'), 401, 'unauthorized');
  const bogus = new Client(ctx.url);
  bogus.cookies.set('manyi_session', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  assertError(await bogus.get('/api/v1/auth/me'), 401, 'unauthorized');
  assertError(await bogus.get('/api/v1/stores'), 401, 'unauthorized');
});

test('logout: 204 ends the session; the old cookie then gets 401; other sessions live on', async () => {
  const c = await new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD);
  const old = c.clone();
  assertStatus(await c.get('/api/v1/auth/me'), 200);
  const res = await c.post('/api/v1/auth/logout', undefined);
  assert.equal(res.status, 204, describe(res));
  assertError(await old.get('/api/v1/auth/me'), 401, 'unauthorized');
  assertError(await old.get('/api/v1/stores'), 401, 'unauthorized');
  assertStatus(await ctx.admin.get('/api/v1/auth/me'), 200);
});

test('logout without the CSRF token is 403 csrf and keeps the session', async () => {
  const c = await new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD);
  assertError(await c.post('/api/v1/auth/logout', undefined, { csrf: false }), 403, 'csrf');
  assertStatus(await c.get('/api/v1/auth/me'), 200);
});

test('password change: 204; other sessions of the user end, the current one stays; old password stops working', async () => {
  const u = await newUser('auditor');
  const a = await new Client(ctx.url).mustLogin(u.username, u.password);
  const b = await new Client(ctx.url).mustLogin(u.username, u.password);
  const newPw = `Neu-${uid('p')}-新密码`;
  // Wrong old password: refused, nothing changes.
  const wrong = await a.post('/api/v1/auth/password', { old_password: 'not-the-password', new_password: newPw });
  assertError(wrong, [400, 401, 403]);
  assert.notEqual(wrong.json?.error?.code, 'csrf', describe(wrong));
  assertStatus(await b.get('/api/v1/auth/me'), 200);
  // Too short new password (9 characters).
  assertError(await a.post('/api/v1/auth/password', { old_password: u.password, new_password: '123456789' }), 400, 'invalid', 'new_password');
  // Without CSRF.
  assertError(await a.post('/api/v1/auth/password', { old_password: u.password, new_password: newPw }, { csrf: false }), 403, 'csrf');
  assertStatus(await b.get('/api/v1/auth/me'), 200);
  assertStatus(await new Client(ctx.url).login(u.username, u.password), 200);

  const res = await a.post('/api/v1/auth/password', { old_password: u.password, new_password: newPw });
  assert.equal(res.status, 204, describe(res));
  assertStatus(await a.get('/api/v1/auth/me'), 200);
  assertError(await b.get('/api/v1/auth/me'), 401, 'unauthorized');
  assertError(await new Client(ctx.url).login(u.username, u.password), 401, 'unauthorized');
  await new Client(ctx.url).mustLogin(u.username, newPw);
});

test('admin setting a password (PATCH /users/{id}) and deactivating a user end that user\'s sessions', async () => {
  const u = await newUser('auditor');
  const s = await new Client(ctx.url).mustLogin(u.username, u.password);
  const pw2 = `Adm-${uid('p')}-set-by-admin`;
  assertStatus(await ctx.admin.patch(`/api/v1/users/${u.id}`, { password: pw2 }), 200);
  assertError(await s.get('/api/v1/auth/me'), 401, 'unauthorized');
  const s2 = await new Client(ctx.url).mustLogin(u.username, pw2);
  assertStatus(await ctx.admin.del(`/api/v1/users/${u.id}`), [200, 204]);
  assertError(await s2.get('/api/v1/auth/me'), 401, 'unauthorized');
  assertError(await new Client(ctx.url).login(u.username, pw2), 401, 'unauthorized');
});

test('CSRF: cookie writes without or with a wrong X-CSRF-Token are 403 csrf and write nothing', async () => {
  const before = await ctx.admin.listAll('/api/v1/stores');
  const code = uid('csrf');
  for (const csrf of [false, 'wrong-token-0123456789abcdef', '']) {
    assertError(await ctx.admin.post('/api/v1/stores', { code, name: 'CSRF 店' }, { csrf }), 403, 'csrf');
  }
  // Another session's token is wrong for this session.
  const other = await new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD);
  assertError(await ctx.admin.post('/api/v1/stores', { code, name: 'CSRF 店' }, { csrf: other.csrf }), 403, 'csrf');
  assert.deepEqual(await ctx.admin.listAll('/api/v1/stores'), before, 'a store was written without a valid CSRF token');

  const s = await created(await ctx.admin.post('/api/v1/stores', { code, name: 'CSRF 店' }), 'store');
  assertError(await ctx.admin.patch(`/api/v1/stores/${s.id}`, { name: '改名' }, { csrf: false }), 403, 'csrf');
  assertError(await ctx.admin.del(`/api/v1/stores/${s.id}`, { csrf: 'nope' }), 403, 'csrf');
  assertError(await ctx.admin.patch('/api/v1/tenant', { name: '改名' }, { csrf: false }), 403, 'csrf');
  const got = await ctx.admin.get(`/api/v1/stores/${s.id}`);
  assert.deepEqual(got.json, s, 'the store changed without a valid CSRF token');
  // GET needs no token.
  assertStatus(await ctx.admin.get('/api/v1/stores', { csrf: false }), 200);
});

test('API tokens: shown once, Bearer works without CSRF, never listed, revoked → 401', async () => {
  const res = await ctx.admin.post('/api/v1/tokens', { name: '集成 ERP', role: 'admin' });
  assert.equal(res.status, 201, describe(res));
  const { token, id } = res.json;
  assert.equal(typeof token, 'string');
  assert.ok(token.length >= 20, `token too short: ${token}`);
  assert.ok(Number.isInteger(id));

  const list = await ctx.admin.get('/api/v1/tokens');
  assert.equal(list.status, 200, describe(list));
  const mine = list.json.items.find((t) => t.id === id);
  assert.ok(mine, 'the new token is not listed');
  assert.equal(mine.name, '集成 ERP');
  assert.ok(!list.text.includes(token), 'GET /tokens returns the token value');
  for (const t of list.json.items) {
    for (const k of Object.keys(t)) assert.doesNotMatch(k, /^(token|hash|token_hash|secret)$/i, `token list exposes field ${k}`);
  }

  const bearer = new Client(ctx.url, { token });
  const me = await bearer.get('/api/v1/auth/me');
  assert.equal(me.status, 200, describe(me));
  assert.equal(me.json.tenant.id, ctx.admin.tenant.id);
  const s = await bearer.post('/api/v1/stores', { code: uid('tok'), name: 'Token 店' });
  assert.equal(s.status, 201, `Bearer write without CSRF: ${describe(s)}`);

  // An auditor-role token cannot write.
  const ar = await ctx.admin.post('/api/v1/tokens', { name: 'read only', role: 'auditor' });
  assert.equal(ar.status, 201, describe(ar));
  const ab = new Client(ctx.url, { token: ar.json.token });
  assertStatus(await ab.get('/api/v1/stores'), 200);
  const before = await ctx.admin.listAll('/api/v1/stores');
  assertError(await ab.post('/api/v1/stores', { code: uid('tok'), name: 'x' }), 403, 'forbidden');
  assert.deepEqual(await ctx.admin.listAll('/api/v1/stores'), before);

  // Garbage and tampered tokens.
  assertError(await new Client(ctx.url, { token: 'garbage' }).get('/api/v1/auth/me'), 401, 'unauthorized');
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  assertError(await new Client(ctx.url, { token: flipped }).get('/api/v1/auth/me'), 401, 'unauthorized');

  const del = await ctx.admin.del(`/api/v1/tokens/${id}`);
  assertStatus(del, [200, 204]);
  assertError(await bearer.get('/api/v1/auth/me'), 401, 'unauthorized');
  assertError(await bearer.post('/api/v1/stores', { code: uid('tok'), name: 'x' }), 401, 'unauthorized');
  assertError(await ctx.admin.del(`/api/v1/tokens/${id}`), 404, 'not_found');
  assertError(await ctx.admin.del('/api/v1/tokens/999999'), 404, 'not_found');
});

test('throttling: after 5 failures for a username, even the right password gets 429 throttled', async () => {
  const u = await newUser('auditor');
  for (let i = 0; i < 5; i++) {
    assertError(await new Client(ctx.url).login(u.username, `bad-password-${i}`), 401, 'unauthorized');
  }
  const res = await new Client(ctx.url).login(u.username, u.password);
  assertError(res, 429, 'throttled');
  assertError(await new Client(ctx.url).login(u.username, 'bad-password-x'), 429, 'throttled');
  // Another username from the same IP is not locked out (well under 20 failures per IP).
  await new Client(ctx.url).mustLogin('admin', ADMIN_PASSWORD);
});

test('throttling: after 20 failures from one IP, logins get 429 throttled', async () => {
  let throttledAt = -1;
  for (let i = 0; i < 22; i++) {
    const r = await new Client(ctx.url).login(uid('ghost.'), 'wrong-password-123');
    if (r.status === 429) { assertError(r, 429, 'throttled'); throttledAt = i; break; }
    assertError(r, 401, 'unauthorized');
  }
  assert.ok(throttledAt >= 0, 'no 429 after 22 failed logins from one IP');
  assertError(await new Client(ctx.url).login('admin', ADMIN_PASSWORD), 429, 'throttled');
  // Existing sessions are unaffected.
  assertStatus(await ctx.admin.get('/api/v1/auth/me'), 200);
});

testCleanExit(ctx);
