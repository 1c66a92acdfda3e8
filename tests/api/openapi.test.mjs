// SPDX-License-Identifier: MIT
// docs/api/openapi.yaml describes every route of the server: each "METHOD /path" printed by
// `manyi routes` must appear there with the same method (path templates compared literally).
// A tiny extractor reads the `paths:` block (no YAML dependency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverRoutes } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC = process.env.MANYI_OPENAPI || path.resolve(here, '../../docs/api/openapi.yaml');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** → { version, operations: Set("GET /path"), errors: [] } from the YAML text. */
export function extractOperations(text) {
  const ops = new Set();
  const errors = [];
  let version = null;
  let inPaths = false;
  let pathIndent = -1;
  let current = null;
  let methodIndent = -1;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.includes('\t')) errors.push(`line ${i + 1}: tab character`);
    const line = raw.replace(/\s+#.*$/, '').replace(/\s+$/, '');
    if (!line.trim() || line.trim().startsWith('#')) return;
    const indent = line.length - line.trimStart().length;
    const v = /^openapi:\s*['"]?([0-9.]+)['"]?$/.exec(line);
    if (v) version = v[1];
    if (indent === 0) {
      inPaths = line === 'paths:';
      current = null;
      pathIndent = -1;
      return;
    }
    if (!inPaths) return;
    const key = /^(\s*)(['"]?)([^'":]+|[^'"]+)\2:\s*(.*)$/.exec(line);
    if (!key) return;
    const name = key[3];
    if (pathIndent < 0 && name.startsWith('/')) pathIndent = indent;
    if (indent === pathIndent) {
      if (!name.startsWith('/')) { errors.push(`line ${i + 1}: path key ${name} does not start with /`); current = null; return; }
      current = name;
      methodIndent = -1;
      return;
    }
    if (current && indent > pathIndent) {
      if (methodIndent < 0) methodIndent = indent;
      if (indent === methodIndent && METHODS.has(name.toLowerCase())) ops.add(`${name.toUpperCase()} ${current}`);
    }
  });
  return { version, operations: ops, errors };
}

const spec = readFileSync(SPEC, 'utf8');

test('openapi.yaml is OpenAPI 3.1 and its paths block parses', () => {
  const { version, operations, errors } = extractOperations(spec);
  assert.deepEqual(errors, []);
  assert.match(version || '', /^3\.1\./, `openapi version ${version}`);
  assert.ok(operations.size >= 10, `only ${operations.size} operations found in ${SPEC}`);
  for (const scheme of ['cookieAuth', 'bearerAuth', 'csrfToken']) assert.match(spec, new RegExp(`^    ${scheme}:`, 'm'), `no security scheme ${scheme}`);
  assert.match(spec, /name: X-CSRF-Token/);
  assert.match(spec, /^    Error:/m, 'no Error schema');
});

test('the extractor sees what it should (self-check on a sample)', () => {
  const sample = [
    'openapi: 3.1.0', 'paths:', '  /a:', '    get:', '      responses: {}', '    parameters:', '      - name: x',
    "  '/b/{id}':", '    patch:', '      requestBody:', '        content:', '          post: {}', '    delete: {}',
    'components:', '  schemas:', '    get: {}',
  ].join('\n');
  assert.deepEqual([...extractOperations(sample).operations].sort(), ['DELETE /b/{id}', 'GET /a', 'PATCH /b/{id}']);
});

test('every route printed by `manyi routes` is described in docs/api/openapi.yaml with the same method', async () => {
  const routes = await serverRoutes();
  const { operations } = extractOperations(spec);
  const missing = routes.filter((r) => !operations.has(r));
  assert.deepEqual(missing, [], `routes missing from ${SPEC}:\n  ${missing.join('\n  ')}`);
});

test('every operation of openapi.yaml is served (no stale or misspelt paths)', async () => {
  const routes = new Set(await serverRoutes());
  const { operations } = extractOperations(spec);
  const stale = [...operations].filter((op) => !routes.has(op));
  assert.deepEqual(stale, [], `operations in ${SPEC} that \`manyi routes\` does not list:\n  ${stale.join('\n  ')}`);
});
