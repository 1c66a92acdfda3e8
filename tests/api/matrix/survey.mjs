// SPDX-License-Identifier: MIT
// Authorisation matrix cases of the survey routes (issue 4): admin configures surveys; every
// role of the tenant reads them; agents (admin, store manager, CR agent) enter call responses
// and create invitations within their store; figures and responses are cut to the scope; the
// public routes answer every caller alike (the token or key decides, never a session).
let SV; // published sales survey of tenant A
let R1; // a response in S1/D1
let R2; // a response in S2/D2
let L1; // QR link in S1
let L2; // QR link in S2

const answers = (nps = 9) => [
  { question_id: 1, value: nps },
  ...(nps <= 6 ? [{ question_id: 2, text: '太慢了' }] : []),
  { question_id: 3, value: 5 }, { question_id: 4, value: 4 }, { question_id: 5, value: 5 },
  { question_id: 6, value: 4 }, { question_id: 7, value: 1 },
];

export async function setup({ o, created }) {
  const a = o.clients.admin;
  SV = await created(await a.post('/api/v1/surveys', { template: 'sales_7day' }), 'survey');
  const p = await a.post(`/api/v1/surveys/${SV.id}/publish`);
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
  R1 = await created(await a.post(`/api/v1/surveys/${SV.id}/responses`, { answers: answers(), store_id: o.S1.id, department_id: o.D1.id }), 'response in S1');
  R2 = await created(await a.post(`/api/v1/surveys/${SV.id}/responses`, { answers: answers(), store_id: o.S2.id, department_id: o.D2.id }), 'response in S2');
  L1 = await created(await a.post(`/api/v1/surveys/${SV.id}/links`, { kind: 'qr', store_id: o.S1.id, touchpoint: 'showroom' }), 'link S1');
  L2 = await created(await a.post(`/api/v1/surveys/${SV.id}/links`, { kind: 'qr', store_id: o.S2.id, touchpoint: 'showroom' }), 'link S2');
}

export function cases({ o, ex, onlyAdmin, listVerify, created, uid }) {
  const a = () => o.clients.admin;
  const token = async () => (await created(await a().post(`/api/v1/surveys/${SV.id}/invitations`, { channel: 'link' }), 'invitation')).token;
  const same = (status) => ex(status, { tenant_b: status, anon: status });
  const agents = (ok, extra = {}) => ex(403, { admin: ok, store_manager: ok, cr_agent: ok, ...extra });
  return {
    'GET /api/v1/survey-templates': [{ label: 'list', path: '/api/v1/survey-templates', expect: ex(200, { tenant_b: 200 }) }],
    'GET /api/v1/surveys': [{
      label: 'list', path: '/api/v1/surveys', expect: ex(200, { tenant_b: 200 }),
      verify: listVerify((c) => (c === 'tenant_b' ? {} : { SV }), (c) => (c === 'tenant_b' ? { SV } : {})),
    }],
    'POST /api/v1/surveys': [{ label: 'from a template', path: '/api/v1/surveys', entity: 'surveys', body: () => ({ template: 'table_card', name: uid('卡') }), expect: onlyAdmin(201, { tenant_b: 201 }) }],
    'GET /api/v1/surveys/{id}': [{ label: 'SV', path: () => `/api/v1/surveys/${SV.id}`, expect: ex(200) }],
    'PATCH /api/v1/surveys/{id}': [{ label: 'rename SV', path: () => `/api/v1/surveys/${SV.id}`, entity: 'surveys', body: () => ({ name: '新车销售七日回访' }), expect: onlyAdmin(200) }],
    'DELETE /api/v1/surveys/{id}': [{
      label: 'fresh survey', entity: 'surveys', expect: ex(403, { admin: 204 }),
      path: async () => `/api/v1/surveys/${(await created(await a().post('/api/v1/surveys', { template: 'nps_relationship' }), 'victim survey')).id}`,
    }],
    'POST /api/v1/surveys/{id}/publish': [{ label: 'SV unchanged', path: () => `/api/v1/surveys/${SV.id}/publish`, entity: 'surveys', expect: onlyAdmin(200) }],
    'GET /api/v1/surveys/{id}/versions/{id}': [{ label: 'v1', path: () => `/api/v1/surveys/${SV.id}/versions/1`, expect: ex(200) }],
    'GET /api/v1/surveys/{id}/figures': [
      { label: 'all', path: () => `/api/v1/surveys/${SV.id}/figures`, expect: ex(200) },
      { label: 'S2 filter', path: () => `/api/v1/surveys/${SV.id}/figures?store_id=${o.S2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
    ],
    'GET /api/v1/surveys/{id}/channels': [{ label: 'rates', path: () => `/api/v1/surveys/${SV.id}/channels`, expect: ex(200) }],
    'POST /api/v1/surveys/{id}/rollups/rebuild': [{ label: 'rebuild', path: () => `/api/v1/surveys/${SV.id}/rollups/rebuild`, expect: onlyAdmin(200) }],
    'POST /api/v1/surveys/{id}/imports': [{
      label: 'dry run', path: () => `/api/v1/surveys/${SV.id}/imports`, expect: onlyAdmin(200),
      body: () => ({ csv: 'nps,a,b,c,d,e\r\n9,5,4,5,4,1\r\n', mapping: { columns: { nps: { question: 1 }, a: { question: 3 }, b: { question: 4 }, c: { question: 5 }, d: { question: 6 }, e: { question: 7 } } }, dry_run: true }),
    }],
    'GET /api/v1/surveys/{id}/responses': [{
      label: 'list', path: () => `/api/v1/surveys/${SV.id}/responses`, expect: ex(200),
      verify: listVerify((c) => (c === 'admin' || c === 'auditor' ? { R1, R2 } : { R1 }), (c) => (c === 'admin' || c === 'auditor' ? {} : { R2 })),
    }],
    'POST /api/v1/surveys/{id}/responses': [
      { label: 'call in S1', path: () => `/api/v1/surveys/${SV.id}/responses`, body: () => ({ answers: answers(), store_id: o.S1.id }), expect: agents(201) },
      { label: 'call in S2', path: () => `/api/v1/surveys/${SV.id}/responses`, body: () => ({ answers: answers(), store_id: o.S2.id }), expect: agents(201, { store_manager: 404, cr_agent: 404 }) },
    ],
    'GET /api/v1/survey-responses/{id}': [
      { label: 'R1 (S1/D1)', path: () => `/api/v1/survey-responses/${R1.id}`, expect: ex(200) },
      { label: 'R2 (S2/D2)', path: () => `/api/v1/survey-responses/${R2.id}`, expect: ex(404, { admin: 200, auditor: 200 }) },
    ],
    'GET /api/v1/surveys/{id}/invitations': [{ label: 'list', path: () => `/api/v1/surveys/${SV.id}/invitations`, expect: ex(200) }],
    'POST /api/v1/surveys/{id}/invitations': [{ label: 'a link', path: () => `/api/v1/surveys/${SV.id}/invitations`, body: () => ({ channel: 'link' }), expect: agents(201) }],
    'GET /api/v1/surveys/{id}/links': [{ label: 'list', path: () => `/api/v1/surveys/${SV.id}/links`, expect: ex(200) }],
    'POST /api/v1/surveys/{id}/links': [{ label: 'QR in S1', path: () => `/api/v1/surveys/${SV.id}/links`, body: () => ({ kind: 'qr', store_id: o.S1.id, touchpoint: 'counter' }), expect: onlyAdmin(201) }],
    'GET /api/v1/survey-links/{id}/qr': [
      { label: 'S1 png', path: () => `/api/v1/survey-links/${L1.id}/qr`, expect: ex(200) },
      { label: 'S2 svg', path: () => `/api/v1/survey-links/${L2.id}/qr?format=svg`, expect: ex(404, { admin: 200, auditor: 200 }) },
    ],
    'GET /api/v1/public/invitations/{id}': [{ label: 'fresh token', path: async () => `/api/v1/public/invitations/${await token()}`, expect: same(200) }],
    'POST /api/v1/public/invitations/{id}/partial': [{ label: 'fresh token', path: async () => `/api/v1/public/invitations/${await token()}/partial`, body: () => ({ answers: [{ question_id: 1, value: 8 }] }), expect: same(204) }],
    'POST /api/v1/public/invitations/{id}/responses': [
      { label: 'fresh token', path: async () => `/api/v1/public/invitations/${await token()}/responses`, body: () => ({ answers: answers(10) }), expect: same(201) },
      { label: 'unknown token', path: '/api/v1/public/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/responses', body: () => ({ answers: answers(10) }), expect: same(404) },
    ],
    'POST /api/v1/public/invitations/{id}/opt-out': [{ label: 'fresh token', path: async () => `/api/v1/public/invitations/${await token()}/opt-out`, expect: same(204) }],
    'GET /api/v1/public/links/{id}': [{ label: 'QR of S1', path: () => `/api/v1/public/links/${L1.key}`, expect: same(200) }],
    'POST /api/v1/public/links/{id}/responses': [{ label: 'QR of S1', path: () => `/api/v1/public/links/${L1.key}/responses`, body: (c) => ({ answers: answers(8), client_id: `matrix-${c}-${uid('c')}` }), expect: same(201) }],
  };
}
