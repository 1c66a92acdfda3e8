// SPDX-License-Identifier: MIT
// Bad input: malformed JSON, wrong types, missing and over-long fields, invalid UTF-8, control
// characters, unknown fields, oversized bodies, unknown routes and methods, wrong content types.
// After every rejected write the data is checked unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertStatus, describe, rawRequest, uid } from './lib/client.mjs';
import { useServer, testCleanExit, created } from './lib/harness.mjs';

const ctx = useServer({ setup });
const o = {};

async function setup() {
  o.S = await created(await ctx.admin.post('/api/v1/stores', { code: uid('IN'), name: '输入测试店' }), 'store');
  o.D = await created(await ctx.admin.post('/api/v1/departments', { store_id: o.S.id, name: '销售部', kind: 'sales' }), 'dept');
  o.E = await created(await ctx.admin.post('/api/v1/employees', { store_id: o.S.id, department_id: o.D.id, name: '周杰', employee_no: uid('E'), phone: '13811112222' }), 'employee');
}

/** Everything a rejected write could have touched. */
async function snapshot() {
  const [stores, depts, emps, users, tenant] = await Promise.all([
    ctx.admin.listAll('/api/v1/stores'), ctx.admin.listAll('/api/v1/departments'),
    ctx.admin.listAll('/api/v1/employees'), ctx.admin.listAll('/api/v1/users'),
    ctx.admin.get('/api/v1/tenant'),
  ]);
  // last_login_at moves with logins made by the test itself; not a write under test.
  return { stores, depts, emps, users: users.map(({ last_login_at: _l, ...u }) => u), tenant: tenant.json };
}

async function unchanged(fn) {
  const a = await snapshot();
  await fn();
  const b = await snapshot();
  assert.deepEqual(b, a, 'a rejected request changed the data');
}

const writes = () => [
  ['POST', '/api/v1/stores'],
  ['PATCH', `/api/v1/stores/${o.S.id}`],
  ['POST', '/api/v1/departments'],
  ['PATCH', `/api/v1/departments/${o.D.id}`],
  ['POST', '/api/v1/employees'],
  ['PATCH', `/api/v1/employees/${o.E.id}`],
  ['POST', '/api/v1/users'],
  ['PATCH', '/api/v1/tenant'],
  ['POST', '/api/v1/tokens'],
];

test('malformed JSON → 400 invalid_json on every write endpoint', async () => {
  await unchanged(async () => {
    for (const [m, p] of writes()) {
      for (const body of ['{"name":', '{name: "x"}', "{'name':'x'}", '{"name":"x",}', 'null x', '', '[1,2', '{"a":1}{"b":2}']) {
        const r = await ctx.admin.req(m, p, { body });
        assertError(r, 400, body === '' ? undefined : 'invalid_json');
        if (body === '') assert.ok(['invalid_json', 'invalid'].includes(r.json.error.code), describe(r));
      }
    }
    assertError(await ctx.admin.req('POST', '/api/v1/auth/login', { body: '{"username":"admin"', auth: false }), 400, 'invalid_json');
  });
});

test('a JSON body that is not an object → 400', async () => {
  await unchanged(async () => {
    for (const [m, p] of writes()) {
      for (const body of ['[]', '"x"', '42', 'null', 'true']) {
        assertError(await ctx.admin.req(m, p, { body }), 400);
      }
    }
  });
});

test('wrong types → 400 invalid naming the field', async () => {
  const cases = [
    ['POST', '/api/v1/stores', { code: uid('T'), name: 123 }, 'name'],
    ['POST', '/api/v1/stores', { code: 42, name: '店' }, 'code'],
    ['POST', '/api/v1/stores', { code: uid('T'), name: ['店'] }, 'name'],
    ['POST', '/api/v1/stores', { code: uid('T'), name: '店', city: { x: 1 } }, 'city'],
    ['POST', '/api/v1/stores', { code: uid('T'), name: null }, 'name'],
    ['PATCH', () => `/api/v1/stores/${o.S.id}`, { active: 'yes' }, 'active'],
    ['PATCH', () => `/api/v1/stores/${o.S.id}`, { name: true }, 'name'],
    ['POST', '/api/v1/departments', { store_id: 'abc', name: '部', kind: 'sales' }, 'store_id'],
    ['POST', '/api/v1/departments', () => ({ store_id: o.S.id + 0.5, name: '部', kind: 'sales' }), 'store_id'],
    ['POST', '/api/v1/departments', () => ({ store_id: o.S.id, name: '部', kind: 7 }), 'kind'],
    ['POST', '/api/v1/employees', () => ({ store_id: String(o.S.id), department_id: o.D.id, name: '某' }), 'store_id'],
    ['POST', '/api/v1/employees', () => ({ store_id: o.S.id, department_id: o.D.id, name: '某', phone: 13811112222 }), 'phone'],
    ['PATCH', () => `/api/v1/employees/${o.E.id}`, { department_id: -1 }, 'department_id'],
    ['POST', '/api/v1/users', { username: ['x'], role: 'auditor', password: 'long-enough-pw' }, 'username'],
    ['POST', '/api/v1/users', { username: uid('u.'), role: 'auditor', password: 1234567890123 }, 'password'],
    ['PATCH', '/api/v1/tenant', { name: 5 }, 'name'],
    ['POST', '/api/v1/tokens', { name: 'x', role: 1 }, 'role'],
  ];
  await unchanged(async () => {
    for (const [m, p, b, field] of cases) {
      const path = typeof p === 'function' ? p() : p;
      const body = typeof b === 'function' ? b() : b;
      assertError(await ctx.admin.req(m, path, { body }), 400, 'invalid', field);
    }
    assertError(await ctx.admin.req('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 12345 }, auth: false }), 400, 'invalid', 'password');
  });
});

test('missing required fields → 400 invalid naming the field', async () => {
  const cases = [
    ['/api/v1/stores', { name: '无编号店' }, 'code'],
    ['/api/v1/stores', { code: uid('M') }, 'name'],
    ['/api/v1/stores', {}, undefined],
    ['/api/v1/departments', { name: '部', kind: 'sales' }, 'store_id'],
    ['/api/v1/departments', () => ({ store_id: o.S.id, kind: 'sales' }), 'name'],
    ['/api/v1/employees', () => ({ department_id: o.D.id, store_id: o.S.id }), 'name'],
    ['/api/v1/users', { role: 'auditor', password: 'long-enough-pw' }, 'username'],
    ['/api/v1/users', { username: uid('u.'), password: 'long-enough-pw' }, 'role'],
    ['/api/v1/tokens', { role: 'auditor' }, 'name'],
    ['/api/v1/tokens', { name: '无角色' }, 'role'],
  ];
  await unchanged(async () => {
    for (const [p, b, field] of cases) {
      const body = typeof b === 'function' ? b() : b;
      const r = await ctx.admin.post(p, body);
      assertError(r, 400, 'invalid', field);
      if (field === undefined) assert.equal(typeof r.json.error.field, 'string', `no field named: ${describe(r)}`);
    }
    assertError(await ctx.admin.req('POST', '/api/v1/auth/login', { body: { username: 'admin' }, auth: false }), 400, 'invalid', 'password');
  });
});

test('lengths count characters: 100 Chinese characters (or emoji) fit a 100-char name, 101 do not', async () => {
  const s100 = await created(await ctx.admin.post('/api/v1/stores', { code: uid('L'), name: '满'.repeat(100) }), 'store with a 100-character name');
  assert.equal(s100.name, '满'.repeat(100));
  const e100 = await created(await ctx.admin.post('/api/v1/stores', { code: uid('L'), name: '😀'.repeat(100) }), 'store with 100 emoji');
  assert.equal(e100.name, '😀'.repeat(100));
  await unchanged(async () => {
    assertError(await ctx.admin.post('/api/v1/stores', { code: uid('L'), name: '满'.repeat(101) }), 400, 'invalid', 'name');
    assertError(await ctx.admin.post('/api/v1/stores', { code: uid('L'), name: 'a'.repeat(101) }), 400, 'invalid', 'name');
    assertError(await ctx.admin.post('/api/v1/stores', { code: uid('L'), name: '' }), 400, 'invalid', 'name');
    assertError(await ctx.admin.post('/api/v1/stores', { code: 'A'.repeat(33), name: '店' }), 400, 'invalid', 'code');
    assertError(await ctx.admin.post('/api/v1/stores', { code: '', name: '店' }), 400, 'invalid', 'code');
    for (const code of ['店铺', 'a b', 'a/b', 'a.b', 'x;drop']) {
      assertError(await ctx.admin.post('/api/v1/stores', { code, name: '店' }), 400, 'invalid', 'code');
    }
    assertError(await ctx.admin.patch(`/api/v1/stores/${o.S.id}`, { name: '满'.repeat(101) }), 400, 'invalid', 'name');
    assertError(await ctx.admin.post('/api/v1/departments', { store_id: o.S.id, name: '部'.repeat(101), kind: 'sales' }), 400, 'invalid', 'name');
    assertError(await ctx.admin.post('/api/v1/employees', { store_id: o.S.id, department_id: o.D.id, name: '名'.repeat(101) }), 400, 'invalid', 'name');
    assertError(await ctx.admin.patch('/api/v1/tenant', { name: '租'.repeat(101) }), 400, 'invalid', 'name');
    assertError(await ctx.admin.post('/api/v1/users', { username: uid('u.'), role: 'auditor', password: '密'.repeat(129) }), 400, 'invalid', 'password');
    // A very long string well under the body limit.
    assertError(await ctx.admin.post('/api/v1/stores', { code: uid('L'), name: 'x'.repeat(200000) }), 400, 'invalid', 'name');
  });
  assert.equal((await ctx.admin.get(`/api/v1/stores/${s100.id}`)).json.name, '满'.repeat(100));
});

test('pathological JSON (deep nesting, huge numbers, duplicate-free garbage) → 400, the server stays up', async () => {
  await unchanged(async () => {
    for (const body of ['['.repeat(100000), '{"a":'.repeat(50000), `{"code":"${uid('N')}","name":"店","phone":1e999999}`]) {
      const r = await ctx.admin.req('POST', '/api/v1/stores', { body });
      assertError(r, 400);
    }
    const r = await ctx.admin.req('POST', '/api/v1/departments', { body: `{"store_id":99999999999999999999999,"name":"部","kind":"sales"}` });
    assertError(r, 400);
  });
  assertStatus(await ctx.admin.get('/healthz'), 200);
});

test('query parameters are validated: 400 invalid naming the parameter', async () => {
  assertError(await ctx.admin.get('/api/v1/departments?store_id=abc'), 400, 'invalid', 'store_id');
  assertError(await ctx.admin.get('/api/v1/employees?department_id=1x'), 400, 'invalid', 'department_id');
  assertError(await ctx.admin.get('/api/v1/employees?store_id=-3'), 400, 'invalid', 'store_id');
  assertError(await ctx.admin.get('/api/v1/audit?entity_id=abc'), 400, 'invalid', 'entity_id');
  assertError(await ctx.admin.get('/api/v1/users?limit=1000'), 400, 'invalid', 'limit');
  assertError(await ctx.admin.get(`/api/v1/employees?q=${encodeURIComponent('名'.repeat(1000))}`), 400, 'invalid', 'q');
});

test('invalid UTF-8 in a string → 400, nothing written', async () => {
  const seqs = [
    Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xc0, 0xaf]), // lone / truncated / overlong
    Buffer.from([0xed, 0xa0, 0x80]), // encoded surrogate
    Buffer.from([0xf4, 0x90, 0x80, 0x80]), // > U+10FFFF
    Buffer.from([0xe6, 0xbb]), // truncated 满
  ];
  await unchanged(async () => {
    for (const seq of seqs) {
      const body = Buffer.concat([Buffer.from(`{"code":"${uid('U')}","name":"ab`), seq, Buffer.from('cd"}')]);
      const r = await ctx.admin.req('POST', '/api/v1/stores', { body });
      assertError(r, 400);
      assert.ok(['invalid_json', 'invalid'].includes(r.json.error.code), describe(r));
      if (r.json.error.code === 'invalid') assert.equal(r.json.error.field, 'name', describe(r));
      const p = await ctx.admin.req('PATCH', `/api/v1/employees/${o.E.id}`, { body: Buffer.concat([Buffer.from('{"position":"'), seq, Buffer.from('"}')]) });
      assertError(p, 400);
    }
    // Escaped lone surrogates are not valid text either.
    const r = await ctx.admin.req('POST', '/api/v1/stores', { body: `{"code":"${uid('U')}","name":"a\\ud800b"}` });
    assertError(r, 400);
  });
});

test('control characters in text fields → 400 invalid naming the field', async () => {
  await unchanged(async () => {
    for (const ch of ['\u0000', '\u0001', '\u0007', '\u001b', '\n', '\r', '\u007f', '\u0085', '\u009f']) {
      const r = await ctx.admin.post('/api/v1/stores', { code: uid('C'), name: `a${ch}b` });
      assert.equal(r.status, 400, `control character U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')} in a store name: ${describe(r)}`);
      if (ch !== '\u0000') assertError(r, 400, 'invalid', 'name');
      assertError(await ctx.admin.patch(`/api/v1/departments/${o.D.id}`, { name: `部${ch}门` }), 400);
      const u = await ctx.admin.post('/api/v1/users', { username: uid('u.'), display_name: `李${ch}雷`, role: 'auditor', password: 'long-enough-pw' });
      if (ch !== '\u0000') assertError(u, 400, 'invalid', 'display_name');
      else assertError(u, 400);
    }
  });
});

test('unknown fields → 400 invalid naming the field', async () => {
  await unchanged(async () => {
    assertError(await ctx.admin.post('/api/v1/stores', { code: uid('K'), name: '店', colour: 'red' }), 400, 'invalid', 'colour');
    assertError(await ctx.admin.patch(`/api/v1/stores/${o.S.id}`, { nmae: '错字' }), 400, 'invalid', 'nmae');
    assertError(await ctx.admin.patch(`/api/v1/stores/${o.S.id}`, { id: 999 }), 400, 'invalid', 'id');
    assertError(await ctx.admin.patch(`/api/v1/stores/${o.S.id}`, { created_at: '2020-01-01T00:00:00Z' }), 400, 'invalid', 'created_at');
    assertError(await ctx.admin.post('/api/v1/departments', { store_id: o.S.id, name: '部', kind: 'sales', tenant_id: 2 }), 400, 'invalid', 'tenant_id');
    assertError(await ctx.admin.post('/api/v1/employees', { store_id: o.S.id, department_id: o.D.id, name: '某', salary: 1 }), 400, 'invalid', 'salary');
    assertError(await ctx.admin.post('/api/v1/users', { username: uid('u.'), role: 'auditor', password: 'long-enough-pw', is_admin: true }), 400, 'invalid', 'is_admin');
    assertError(await ctx.admin.patch('/api/v1/tenant', { id: 2 }), 400, 'invalid', 'id');
    assertError(await ctx.admin.req('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'x', remember: true }, auth: false }), 400, 'invalid', 'remember');
  });
});

test('bodies over 1 MiB → 413 too_large, nothing written', async () => {
  await unchanged(async () => {
    const big = Buffer.from(JSON.stringify({ code: uid('B'), name: '店', address: 'x'.repeat(1024 * 1024 + 16) }));
    const head = `POST /api/v1/stores HTTP/1.1\r\nHost: 127.0.0.1:${ctx.server.port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${big.length}\r\nCookie: ${ctx.admin.cookieHeader()}\r\nX-CSRF-Token: ${ctx.admin.csrf}\r\nConnection: close\r\n\r\n`;
    const r = await rawRequest(ctx.server.port, head, big);
    assertError(r, 413, 'too_large');
    // The same through fetch (the server may close early; then the client sees a reset, which is fine
    // only if no store appears).
    try {
      const f = await ctx.admin.req('PATCH', `/api/v1/stores/${o.S.id}`, { body: big });
      assertError(f, 413, 'too_large');
    } catch (e) {
      if (!/fetch failed|ECONNRESET|EPIPE|socket/i.test(String(e) + String(e.cause))) throw e;
    }
    // Unauthenticated too (the limit applies before anything else).
    const anon = `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\nConnection: close\r\n\r\n`;
    assertError(await rawRequest(ctx.server.port, anon, big), 413, 'too_large');
  });
  // Just under the limit is parsed (and then refused for its content, not its size).
  const under = JSON.stringify({ code: uid('B'), name: 'x'.repeat(1024 * 1024 - 200) });
  assert.ok(Buffer.byteLength(under) < 1024 * 1024);
  assertError(await ctx.admin.req('POST', '/api/v1/stores', { body: under }), 400, 'invalid', 'name');
});

test('unknown routes → 404 not_found JSON', async () => {
  for (const p of ['/api/v1/nope', '/api/v1/stores/1/nope', '/api/v2/stores', '/api/v1/', '/api/v1/stores/abc', '/api/v1/stores/-1', '/api/v1/stores/99999999999999999999999']) {
    assertError(await ctx.admin.get(p), 404, 'not_found');
  }
  assertError(await ctx.admin.post('/api/v1/nope', { a: 1 }), 404, 'not_found');
  // Unauthenticated callers get the same JSON shape (404 or 401, never HTML).
  const anon = await fetch(`${ctx.url}/api/v1/nope`);
  assert.ok([401, 404].includes(anon.status), `anon unknown route → ${anon.status}`);
  assert.match(anon.headers.get('content-type') || '', /^application\/json/);
  assert.ok((await anon.json()).error.code);
});

test('wrong method → 405 method_not_allowed JSON with an Allow header', async () => {
  const cases = [
    ['PUT', '/api/v1/stores', 'GET'], ['DELETE', '/api/v1/stores', 'POST'], ['PATCH', '/api/v1/stores', 'GET'],
    ['POST', () => `/api/v1/stores/${o.S.id}`, 'PATCH'], ['PUT', () => `/api/v1/stores/${o.S.id}`, 'DELETE'],
    ['GET', '/api/v1/auth/login', 'POST'], ['DELETE', '/api/v1/tenant', 'PATCH'], ['POST', '/api/v1/roles', 'GET'],
    ['GET', () => '/api/v1/tokens/1', 'DELETE'], ['POST', '/healthz', 'GET'],
  ];
  await unchanged(async () => {
    for (const [m, p, allowed] of cases) {
      const path = typeof p === 'function' ? p() : p;
      const r = await ctx.admin.req(m, path, m === 'GET' ? {} : { body: { name: 'x' } });
      assertError(r, 405, 'method_not_allowed');
      const allow = r.headers.get('allow') || '';
      assert.ok(allow.split(/\s*,\s*/).includes(allowed), `Allow header of ${m} ${path} is "${allow}", expected it to list ${allowed}`);
    }
  });
});

test('wrong content type for a JSON body → 415 unsupported_media_type', async () => {
  const body = JSON.stringify({ code: uid('CT'), name: '类型店' });
  await unchanged(async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', null]) {
      assertError(await ctx.admin.req('POST', '/api/v1/stores', { body, contentType: ct }), 415, 'unsupported_media_type');
    }
    assertError(await ctx.admin.req('PATCH', `/api/v1/stores/${o.S.id}`, { body: '{"name":"x"}', contentType: 'text/plain' }), 415, 'unsupported_media_type');
    assertError(await ctx.admin.req('POST', '/api/v1/auth/login', { body: '{"username":"admin","password":"x"}', contentType: 'text/plain', auth: false }), 415, 'unsupported_media_type');
  });
  // Parameters and case do not matter.
  assertStatus(await ctx.admin.req('POST', '/api/v1/stores', { body, contentType: 'Application/JSON; charset=utf-8' }), 201);
});

testCleanExit(ctx);
