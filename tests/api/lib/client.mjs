// SPDX-License-Identifier: MIT
// A small HTTP client for the API tests: a cookie jar for `manyi_session`, the CSRF token from
// login / me sent on writes, or a Bearer token; JSON in and out; plus a raw socket request for
// cases fetch cannot express (oversized bodies the server cuts short).
import assert from 'node:assert/strict';
import net from 'node:net';

export class Client {
  constructor(baseUrl, { token } = {}) {
    this.base = baseUrl;
    this.cookies = new Map();
    this.csrf = null;
    this.token = token || null;
    this.user = null;
    this.tenant = null;
  }

  /** A copy sharing nothing: same base, same cookies/csrf/token at this moment. */
  clone() {
    const c = new Client(this.base, { token: this.token });
    c.cookies = new Map(this.cookies);
    c.csrf = this.csrf;
    c.user = this.user;
    c.tenant = this.tenant;
    return c;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #absorbCookies(res) {
    const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    for (const sc of list) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) ||
        attrs.some((a) => {
          const m = /^\s*expires\s*=(.*)$/i.exec(a);
          return m && Date.parse(m[1]) < Date.now();
        });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return list;
  }

  /**
   * One request. opts: body (object → JSON; string/Buffer sent as is), contentType (default
   * application/json when a body is given; null for none), csrf (true = the stored token, false =
   * none, string = that value), headers, auth (false = send no cookie and no token).
   */
  async req(method, path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let body;
    if (opts.body !== undefined) {
      if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body) || opts.body instanceof Uint8Array) body = opts.body;
      else body = JSON.stringify(opts.body);
      const ct = opts.contentType === undefined ? 'application/json' : opts.contentType;
      if (ct) headers['Content-Type'] = ct;
    }
    if (opts.auth !== false) {
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      if (this.cookies.size) headers.Cookie = this.cookieHeader();
      const csrf = opts.csrf === undefined ? true : opts.csrf;
      if (this.cookies.size && method !== 'GET' && method !== 'HEAD') {
        if (csrf === true && this.csrf) headers['X-CSRF-Token'] = this.csrf;
        else if (typeof csrf === 'string') headers['X-CSRF-Token'] = csrf;
      }
    }
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    const setCookies = this.#absorbCookies(res);
    const text = await res.text();
    let json;
    try { json = text.length ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json, setCookies, method, path };
  }

  get(path, opts) { return this.req('GET', path, opts); }
  post(path, body, opts = {}) { return this.req('POST', path, { ...opts, body }); }
  patch(path, body, opts = {}) { return this.req('PATCH', path, { ...opts, body }); }
  del(path, opts) { return this.req('DELETE', path, opts); }

  /** POST /api/v1/auth/login; on 200 keeps the cookie and the csrf token. */
  async login(username, password) {
    const res = await this.req('POST', '/api/v1/auth/login', { body: { username, password }, auth: false });
    if (res.status === 200 && res.json) {
      this.csrf = res.json.csrf_token;
      this.user = res.json.user;
      this.tenant = res.json.tenant;
    }
    return res;
  }

  /** Logs in and fails the test unless it worked. */
  async mustLogin(username, password) {
    const res = await this.login(username, password);
    assert.equal(res.status, 200, `login ${username}: ${describe(res)}`);
    assert.ok(this.cookies.has('manyi_session'), `login ${username} set no manyi_session cookie`);
    return this;
  }

  /** Every item of a list endpoint, following next_after. */
  async listAll(path, { limit = 200 } = {}) {
    const items = [];
    let after = null;
    for (let guard = 0; guard < 1000; guard++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await this.get(`${path}${sep}limit=${limit}${after !== null ? `&after=${after}` : ''}`);
      assert.equal(res.status, 200, `list ${path}: ${describe(res)}`);
      assert.ok(Array.isArray(res.json?.items), `list ${path} has no items array: ${res.text}`);
      items.push(...res.json.items);
      if (res.json.next_after === null || res.json.next_after === undefined) return items;
      after = res.json.next_after;
    }
    throw new Error(`list ${path}: pagination did not end`);
  }
}

/** A short description of a response for assertion messages. */
export function describe(res) {
  const body = res.text && res.text.length > 400 ? `${res.text.slice(0, 400)}…` : res.text;
  return `${res.method} ${res.path} → ${res.status} ${body}`;
}

/** Asserts an error response: status, JSON {"error":{code,message[,field]}}, and optionally field. */
export function assertError(res, status, code, field) {
  const what = describe(res);
  if (Array.isArray(status)) assert.ok(status.includes(res.status), `expected status ${status.join('/')}: ${what}`);
  else assert.equal(res.status, status, `expected status ${status}: ${what}`);
  assert.ok(res.json && typeof res.json.error === 'object' && res.json.error !== null,
    `expected a JSON error body: ${what}`);
  const ct = res.headers.get('content-type') || '';
  assert.match(ct, /^application\/json/i, `error content-type: ${what}`);
  if (code) assert.equal(res.json.error.code, code, `error code: ${what}`);
  assert.equal(typeof res.json.error.message, 'string', `error message: ${what}`);
  if (field !== undefined) assert.equal(res.json.error.field, field, `error field: ${what}`);
}

export function assertStatus(res, status) {
  if (Array.isArray(status)) assert.ok(status.includes(res.status), `expected ${status.join('/')}: ${describe(res)}`);
  else assert.equal(res.status, status, `expected ${status}: ${describe(res)}`);
}

/**
 * A raw HTTP/1.1 request over a socket: head (string) + body (Buffer), written in chunks; resolves
 * the parsed response even when the server answers early and closes while the body is being sent.
 */
export function rawRequest(port, head, body = Buffer.alloc(0), { timeoutMs = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const buf = Buffer.concat(chunks);
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) { reject(new Error(`no HTTP response (got ${buf.length} bytes: ${buf.toString().slice(0, 200)})`)); return; }
      const headText = buf.subarray(0, sep).toString('latin1');
      const [statusLine, ...hl] = headText.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const headers = new Map();
      for (const l of hl) { const i = l.indexOf(':'); if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()); }
      let rest = buf.subarray(sep + 4);
      if (/chunked/i.test(headers.get('transfer-encoding') || '')) {
        const out = [];
        let p = 0;
        while (p < rest.length) {
          const nl = rest.indexOf('\r\n', p);
          if (nl < 0) break;
          const n = parseInt(rest.subarray(p, nl).toString(), 16);
          if (!n) break;
          out.push(rest.subarray(nl + 2, nl + 2 + n));
          p = nl + 2 + n + 2;
        }
        rest = Buffer.concat(out);
      } else if (headers.has('content-length')) {
        rest = rest.subarray(0, Number(headers.get('content-length')));
      }
      const text = rest.toString('utf8');
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      resolve({ status, headers: { get: (k) => headers.get(k.toLowerCase()) ?? null }, text, json, method: head.split(' ')[0], path: head.split(' ')[1] });
    };
    const timer = setTimeout(() => { sock.destroy(); finish(); }, timeoutMs);
    sock.on('data', (d) => {
      chunks.push(d);
      // Complete once headers + Content-Length bytes have arrived.
      const buf = Buffer.concat(chunks);
      const sep = buf.indexOf('\r\n\r\n');
      if (sep >= 0) {
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, sep).toString('latin1'));
        if (m && buf.length - sep - 4 >= Number(m[1])) { sock.destroy(); finish(); }
      }
    });
    sock.on('error', () => finish());
    sock.on('close', () => finish());
    sock.on('connect', async () => {
      sock.write(head);
      const step = 64 * 1024;
      for (let i = 0; i < body.length && !done && !sock.destroyed; i += step) {
        const ok = sock.write(body.subarray(i, i + step));
        if (!ok) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let uniq = 0;
/** A unique short suffix for codes and usernames. */
export function uid(prefix = 'x') {
  uniq += 1;
  return `${prefix}${process.pid.toString(36)}${uniq}`;
}
