// SPDX-License-Identifier: MIT
// Security headers on API and static responses, /healthz, /metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, describe, uid } from './lib/client.mjs';
import { useServer, testCleanExit, created } from './lib/harness.mjs';

const ctx = useServer();

function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  assert.match(csp, /frame-ancestors\s+('none'|'self')/, `${what}: CSP without frame-ancestors: ${csp}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
}

test('security headers on API responses: success, errors, unauthenticated, 404, 405', async () => {
  const anon = new Client(ctx.url);
  const cases = [
    await ctx.admin.get('/api/v1/stores'),
    await ctx.admin.get('/api/v1/auth/me'),
    await anon.get('/api/v1/stores'),
    await ctx.admin.get('/api/v1/nope'),
    await ctx.admin.req('PUT', '/api/v1/stores', { body: {} }),
    await ctx.admin.post('/api/v1/stores', '{bad', {}),
    await anon.login('admin', 'wrong-password-x'),
    await anon.get('/healthz'),
  ];
  for (const r of cases) {
    assertSecurityHeaders(r, `${r.method} ${r.path} (${r.status})`);
    if (r.path.startsWith('/api/')) {
      assert.match(r.headers.get('content-type') || '', /^application\/json/, `${r.method} ${r.path}: content-type`);
    }
  }
});

test('security headers on static responses (the web app or its 404)', async () => {
  for (const p of ['/', '/index.html', '/assets/does-not-exist.js', '/some/spa/route']) {
    const r = await new Client(ctx.url).get(p);
    assert.ok(r.status < 500, `${p} → ${r.status}`);
    assertSecurityHeaders(r, `GET ${p} (${r.status})`);
  }
  // Path traversal never leaves the web root.
  const raw = await fetch(`${ctx.url}/..%2f..%2f..%2fetc%2fpasswd`);
  const text = await raw.text();
  assert.ok(!/root:.*:0:0:/.test(text), 'path traversal served /etc/passwd');
  const raw2 = await fetch(`${ctx.url}/assets/..%2f..%2fCMakeLists.txt`);
  assert.ok(!(await raw2.text()).includes('cmake_minimum_required'), 'path traversal served a source file');
});

test('/healthz answers {"status":"ok","db":"sqlite"} without authentication', async () => {
  const r = await new Client(ctx.url).get('/healthz');
  assert.equal(r.status, 200, describe(r));
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.deepEqual(r.json, { status: 'ok', db: process.env.MANYI_PG_URL_FILE ? 'postgres' : 'sqlite' });
});

function parseMetrics(text) {
  const samples = [];
  const types = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const t = /^# TYPE (\S+) (\S+)/.exec(line);
    if (t) { types.set(t[1], t[2]); continue; }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[3]) for (const lm of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return { samples, types };
}

const ROUTE_LABELS = ['route', 'path', 'handler'];
const STATUS_LABELS = ['status', 'code', 'status_code'];
const routeOf = (l) => ROUTE_LABELS.map((k) => l[k]).find((x) => x !== undefined);
const statusOf = (l) => STATUS_LABELS.map((k) => l[k]).find((x) => x !== undefined);

async function metrics() {
  const res = await fetch(`${ctx.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') || '', /^text\/plain/, 'metrics content-type');
  return parseMetrics(await res.text());
}

function requestCount(m, route, status) {
  const counters = [...m.types].filter(([, t]) => t === 'counter').map(([n]) => n);
  let sum = 0;
  for (const s of m.samples) {
    if (!counters.some((c) => s.name === c || s.name === `${c}_total`)) continue;
    if (!/request/.test(s.name)) continue;
    if (routeOf(s.labels) === route && String(statusOf(s.labels)) === String(status)) sum += s.value;
  }
  return sum;
}

test('/metrics: Prometheus text with a request counter by route and status and a latency histogram', async () => {
  const store = await created(await ctx.admin.post('/api/v1/stores', { code: uid('MT'), name: '指标店' }), 'store');
  const m0 = await metrics();
  const before = requestCount(m0, '/api/v1/roles', 200);
  const before404 = requestCount(m0, '/api/v1/stores/{id}', 404);
  for (let i = 0; i < 3; i++) assert.equal((await ctx.admin.get('/api/v1/roles')).status, 200);
  await ctx.admin.get(`/api/v1/stores/${store.id}`);
  assert.equal((await ctx.admin.get('/api/v1/stores/987654321')).status, 404);
  const m = await metrics();
  assert.ok(requestCount(m, '/api/v1/roles', 200) >= before + 3,
    `request counter for route="/api/v1/roles" status="200" did not grow by 3 (labels looked for: ${ROUTE_LABELS}/${STATUS_LABELS})`);
  assert.ok(requestCount(m, '/api/v1/stores/{id}', 404) >= before404 + 1, 'no 404 counted for route /api/v1/stores/{id}');
  // Routes are labelled by template, never by raw path (bounded cardinality).
  const raw = m.samples.filter((s) => /\/api\/v1\/stores\/\d+/.test(routeOf(s.labels) || ''));
  assert.deepEqual(raw, [], 'metrics labelled with raw ids');
  // A latency histogram: TYPE histogram, _bucket with le (incl. +Inf), _sum, _count.
  const hists = [...m.types].filter(([, t]) => t === 'histogram').map(([n]) => n);
  assert.ok(hists.length >= 1, 'no histogram in /metrics');
  const h = hists.find((n) => /duration|latency|seconds/.test(n)) || hists[0];
  const buckets = m.samples.filter((s) => s.name === `${h}_bucket`);
  assert.ok(buckets.length >= 2, `histogram ${h} has no buckets`);
  assert.ok(buckets.some((b) => b.labels.le === '+Inf'), `histogram ${h} has no +Inf bucket`);
  assert.ok(m.samples.some((s) => s.name === `${h}_sum`), `histogram ${h} has no _sum`);
  const count = m.samples.filter((s) => s.name === `${h}_count`).reduce((a, s) => a + s.value, 0);
  assert.ok(count >= 5, `histogram ${h}_count is ${count}`);
});

testCleanExit(ctx);
