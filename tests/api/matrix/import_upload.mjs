// SPDX-License-Identifier: MIT
// Authorisation matrix of uploads in parts (large imports): those who may import (admin,
// store_manager, cr_agent) declare uploads; an upload is its creator's alone — everyone else,
// the admin included, gets 404 — and roles that may not import get 403 on writes. Fixture: one
// upload of tenant A's admin (GET); PUT gets a fresh upload of the admin per caller.
const f = {};

export async function setup(kit) {
  const { o, created } = kit;
  f.U = await created(await o.clients.admin.post('/api/v1/import-uploads', { filename: 'matrix.csv', size: 100 }), 'upload');
}

export function cases(kit) {
  const { o, ex, created } = kit;
  const fresh = async () => (await created(await o.clients.admin.post('/api/v1/import-uploads', { filename: 'fresh.csv', size: 10 }), 'fresh upload')).id;
  return {
    'POST /api/v1/import-uploads': [{
      label: 'declare a 10-byte file', path: '/api/v1/import-uploads', body: () => ({ filename: 'm.csv', size: 10 }),
      expect: ex(403, { admin: 201, store_manager: 201, cr_agent: 201, tenant_b: 201 }),
      verify: ({ res, fail }) => { if (res.json.received !== 0 || res.json.size !== 10) fail(`answered ${JSON.stringify(res.json)}`); },
    }],
    'GET /api/v1/import-uploads/{id}': [{
      label: "the admin's upload", path: () => `/api/v1/import-uploads/${f.U.id}`, expect: ex(404, { admin: 200 }),
      verify: ({ res, fail }) => { if (res.json.id !== f.U.id) fail(`answered ${res.text}`); },
    }],
    'PUT /api/v1/import-uploads/{id}': [{
      label: "a part of a fresh upload of the admin's", path: async () => `/api/v1/import-uploads/${await fresh()}?offset=0`, body: () => 'abc',
      expect: ex(404, { admin: 200, dept_manager: 403, staff: 403, auditor: 403 }),
      verify: ({ res, fail }) => { if (res.json.received !== 3) fail(`answered ${res.text}`); },
    }],
  };
}
