// SPDX-License-Identifier: MIT
// Authorisation matrix of the complaint routes (issue 5), loaded by authz.test.mjs: every role
// of tenant A, tenant B's admin and an anonymous caller against each route. Writes that should
// succeed get a fresh ticket per caller, since a step changes the ticket's state.

let f; // fixtures

const T = (id) => `/api/v1/complaints/${id}`;

async function must(res, status, what) {
  if (res.status !== status) throw new Error(`matrix setup: ${what} → ${res.status} ${res.text}`);
  return res.json;
}

export async function setup(kit) {
  const { o } = kit;
  const a = o.clients.admin;
  const cats = (await must(await a.get('/api/v1/complaint-categories'), 200, 'categories')).items;
  const catsB = (await must(await o.clients.tenant_b.get('/api/v1/complaint-categories'), 200, 'categories B')).items;
  f = { cat: cats[0].id, catB: catsB[0].id };
  f.fresh = async (storeId = o.S1.id) => (await must(await a.post('/api/v1/complaints', {
    source: 'hotline', category_id: f.cat, title: '矩阵投诉', store_id: storeId,
  }), 201, 'fresh ticket')).id;
  f.assigned = async () => {
    const id = await f.fresh();
    await must(await a.post(`${T(id)}/transitions`, { action: 'assign', assignee_user_id: o.users.dept_manager.id }), 200, 'assign');
    return id;
  };
  f.inProgress = async () => {
    const id = await f.assigned();
    await must(await o.clients.dept_manager.post(`${T(id)}/transitions`, { action: 'accept' }), 200, 'accept');
    return id;
  };
  f.TA = await f.assigned();
  f.TS2 = await f.fresh(o.S2.id);
  f.TB = (await must(await o.clients.tenant_b.post('/api/v1/complaints', {
    source: 'hotline', category_id: f.catB, title: '乙投诉', store_id: o.SB.id,
  }), 201, 'tenant B ticket')).id;
  f.action = async () => (await must(await a.post(`${T(f.TA)}/actions`, {
    title: '矩阵整改', owner_name: '李明', due_at: '2030-01-01',
  }), 201, 'action')).id;
  const up = await a.req('POST', `${T(f.TA)}/attachments?filename=note.txt`, { body: '客户来电录音摘要', contentType: 'text/plain' });
  f.att = (await must(up, 201, 'attachment')).id;
  const notes = (await must(await o.clients.dept_manager.get('/api/v1/notifications'), 200, 'notifications')).items;
  f.note = notes.find((n) => n.ticket_id === f.TA).id;
}

export function cases(kit) {
  const { o, ex, onlyAdmin, listVerify, uid } = kit;
  const SCOPED = { store_manager: 1, cr_agent: 1, dept_manager: 1, staff: 1 };
  const writers = { admin: 200, store_manager: 200, dept_manager: 200, cr_agent: 200 };
  return {
    'GET /api/v1/complaints': [{
      label: 'list', path: '/api/v1/complaints', expect: ex(200, { tenant_b: 200 }),
      verify: listVerify(
        (c) => (c === 'tenant_b' ? { TB: { id: f.TB } } : { TA: { id: f.TA } }),
        (c) => (c === 'tenant_b' ? { TA: { id: f.TA } } : SCOPED[c] ? { TS2: { id: f.TS2 }, TB: { id: f.TB } } : { TB: { id: f.TB } })),
    }],
    'POST /api/v1/complaints': [{
      label: 'register', path: '/api/v1/complaints', entity: 'complaints',
      expect: ex(403, { admin: 201, cr_agent: 201, tenant_b: 201 }),
      body: (c) => (c === 'tenant_b'
        ? { source: 'hotline', category_id: f.catB, title: '矩阵登记', store_id: o.SB.id }
        : { source: 'walk_in', category_id: f.cat, title: '矩阵登记', ...(c === 'admin' ? { store_id: o.S1.id } : {}) }),
    }],
    'GET /api/v1/complaints/{id}': [
      { label: 'TA (D1)', path: () => T(f.TA), expect: ex(200) },
      { label: 'TS2 (store 2)', path: () => T(f.TS2), expect: ex(404, { admin: 200, auditor: 200 }) },
      { label: 'TB (tenant B)', path: () => T(f.TB), expect: ex(404, { tenant_b: 200 }) },
    ],
    'POST /api/v1/complaints/{id}/transitions': [
      { label: 'assign a fresh ticket', path: async () => `${T(await f.fresh())}/transitions`, entity: 'complaints',
        body: () => ({ action: 'assign', assignee_user_id: o.users.dept_manager.id }),
        expect: ex(404, { admin: 200, store_manager: 200, cr_agent: 200, auditor: 403 }) },
      { label: 'accept an assigned ticket', path: async () => `${T(await f.assigned())}/transitions`, entity: 'complaints',
        body: () => ({ action: 'accept' }), expect: ex(403, { dept_manager: 200, tenant_b: 404 }) },
    ],
    'PATCH /api/v1/complaints/{id}/clear': [{
      label: 'tick CLEAR', path: async () => `${T(await f.inProgress())}/clear`, entity: 'complaints',
      body: () => ({ control: true, listen: true, establish: true, apologize: false, resolve: false }),
      expect: ex(403, { admin: 200, store_manager: 200, dept_manager: 200, tenant_b: 404 }),
    }],
    'POST /api/v1/complaints/{id}/notes': [{
      label: 'note on TA', path: () => `${T(f.TA)}/notes`, body: () => ({ note: '矩阵备注' }),
      expect: ex(403, { ...Object.fromEntries(Object.keys(writers).map((k) => [k, 204])), tenant_b: 404 }),
    }],
    'GET /api/v1/complaints/{id}/timeline': [
      { label: 'TA', path: () => `${T(f.TA)}/timeline`, expect: ex(200) },
      { label: 'TS2', path: () => `${T(f.TS2)}/timeline`, expect: ex(404, { admin: 200, auditor: 200 }) },
    ],
    'GET /api/v1/complaints/{id}/actions': [
      { label: 'TA', path: () => `${T(f.TA)}/actions`, expect: ex(200) },
      { label: 'TB', path: () => `${T(f.TB)}/actions`, expect: ex(404, { tenant_b: 200 }) },
    ],
    'POST /api/v1/complaints/{id}/actions': [{
      label: 'raise on TA', path: () => `${T(f.TA)}/actions`,
      body: () => ({ title: '矩阵整改', owner_name: '李明', due_at: '2030-01-01' }),
      expect: ex(403, { admin: 201, store_manager: 201, dept_manager: 201, tenant_b: 404 }),
    }],
    'PATCH /api/v1/complaints/{id}/actions/{id}': [{
      label: 'edit evidence', path: async () => `${T(f.TA)}/actions/${await f.action()}`,
      body: () => ({ evidence: '照片' }),
      expect: ex(403, { admin: 200, store_manager: 200, dept_manager: 200, tenant_b: 404 }),
    }],
    'GET /api/v1/complaints/{id}/attachments': [
      { label: 'TA', path: () => `${T(f.TA)}/attachments`, expect: ex(200) },
      { label: 'TS2', path: () => `${T(f.TS2)}/attachments`, expect: ex(404, { admin: 200, auditor: 200 }) },
    ],
    // the matrix runner sends JSON: writers pass authorisation and are stopped by the type check
    'POST /api/v1/complaints/{id}/attachments': [{
      label: 'upload to TA', path: () => `${T(f.TA)}/attachments?filename=a.txt`, body: () => ({ not: 'a file type we take' }),
      expect: ex(403, { admin: 400, store_manager: 400, dept_manager: 400, cr_agent: 400, tenant_b: 404 }),
    }],
    'GET /api/v1/complaints/{id}/attachments/{id}': [
      { label: 'TA file', path: () => `${T(f.TA)}/attachments/${f.att}`, expect: ex(200) },
      { label: 'wrong ticket', path: () => `${T(f.TS2)}/attachments/${f.att}`, expect: ex(404) },
    ],
    'GET /api/v1/complaint-assignees': [{
      label: 'store 1', path: () => `/api/v1/complaint-assignees?store_id=${o.S1.id}`,
      expect: ex(403, { admin: 200, store_manager: 200, cr_agent: 200, tenant_b: 200 }),
      verify: ({ caller, res, fail }) => {
        const has = res.json.items.some((x) => x.user_id === o.users.dept_manager.id);
        if (caller === 'tenant_b' ? has : !has) fail(`assignees of ${caller}: ${res.text}`);
      },
    }],
    'GET /api/v1/corrective-actions': [{ label: 'list', path: '/api/v1/corrective-actions', expect: ex(200, { tenant_b: 200 }) }],
    'GET /api/v1/complaint-categories': [{ label: 'list', path: '/api/v1/complaint-categories', expect: ex(200, { tenant_b: 200 }) }],
    'POST /api/v1/complaint-categories': [{
      label: 'create', path: '/api/v1/complaint-categories', entity: 'complaint-categories',
      body: () => ({ code: uid('c').replace(/[^A-Za-z0-9_-]/g, '_'), name: '矩阵类别' }), expect: onlyAdmin(201, { tenant_b: 201 }),
    }],
    'PATCH /api/v1/complaint-categories/{id}': [{
      label: 'A category', path: () => `/api/v1/complaint-categories/${f.cat}`, entity: 'complaint-categories',
      body: () => ({ sort_order: 0 }), expect: onlyAdmin(200),
    }],
    'GET /api/v1/complaint-settings': [{ label: 'get', path: '/api/v1/complaint-settings', expect: ex(200, { tenant_b: 200 }) }],
    'PATCH /api/v1/complaint-settings': [{
      label: 'window', path: '/api/v1/complaint-settings', body: () => ({ recomplaint_days: 30 }), expect: onlyAdmin(200, { tenant_b: 200 }),
    }],
    'GET /api/v1/complaint-stats': [{ label: 'figures', path: '/api/v1/complaint-stats', expect: ex(200, { tenant_b: 200 }) }],
    'GET /api/v1/notifications': [{ label: 'own', path: '/api/v1/notifications', expect: ex(200, { tenant_b: 200 }) }],
    'POST /api/v1/notifications/{id}/read': [{
      label: 'the D1 manager\'s', path: () => `/api/v1/notifications/${f.note}/read`, expect: ex(404, { dept_manager: 204 }),
    }],
  };
}
