/* SPDX-License-Identifier: MIT */
/* The audit log, newest first. Paging: ?after=<id> continues below that id. */
#include <stdlib.h>

#include "http/handlers.h"

void h_audit_list(struct req *r)
{
    struct audit_query q = {0};
    int64_t limit, after, entity_id, user_id;
    if (!req_query_i64(r, "limit", 50, 1, 200, &limit) ||
        !req_query_i64(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_i64(r, "entity_id", 0, 0, INT64_MAX, &entity_id) ||
        !req_query_i64(r, "user_id", 0, 0, INT64_MAX, &user_id))
        return;
    q.limit = (int)limit;
    q.before_id = after;
    q.entity_id = entity_id;
    q.user_id = user_id;
    q.entity = req_query_str(r, "entity");
    struct audit_entry *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_audit_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    bool mask = !role_sees_pii(&r->ctx.who);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_audit(&items[i], mask));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    audit_entries_free(items, n);
}
