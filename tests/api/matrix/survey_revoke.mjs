// SPDX-License-Identifier: MIT
// Authorisation matrix cases of revoking a personal-link invitation (issue 4): an admin, or the
// manager of the invitation's store; every other role of the tenant is refused (403), another
// store's invitation is not found for a store manager, tenant B and anonymous callers get 404/401.
// A fresh invitation per case and caller, so that each one revokes something.
let SV; // published survey of tenant A

export async function setup({ o, created }) {
  const a = o.clients.admin;
  SV = await created(await a.post('/api/v1/surveys', { template: 'nps_relationship' }), 'survey');
  const p = await a.post(`/api/v1/surveys/${SV.id}/publish`);
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
}

export function cases({ o, ex, created }) {
  const fresh = async (store) => (await created(await o.clients.admin.post(`/api/v1/surveys/${SV.id}/invitations`, { channel: 'link', store_id: store }), 'invitation')).id;
  const revoked = (id) => async ({ caller, res, fail }) => {
    if (res.json?.status !== 'revoked') fail(`${caller}: answered status ${res.json?.status}`);
    const got = (await o.clients.admin.listAll(`/api/v1/surveys/${SV.id}/invitations`)).find((x) => x.id === res.json?.id);
    if (got?.status !== 'revoked') fail(`${caller}: invitation ${id} is ${got?.status} after revoking`);
  };
  return {
    'POST /api/v1/survey-invitations/{id}/revoke': [
      { label: 'fresh link in S1', path: async () => `/api/v1/survey-invitations/${await fresh(o.S1.id)}/revoke`, expect: ex(403, { admin: 200, store_manager: 200 }), verify: revoked('S1') },
      { label: 'fresh link in S2', path: async () => `/api/v1/survey-invitations/${await fresh(o.S2.id)}/revoke`, expect: ex(403, { admin: 200, store_manager: 404 }), verify: revoked('S2') },
    ],
  };
}
