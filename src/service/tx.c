/* SPDX-License-Identifier: MIT */
/* Transactions with bounded retries, and the audit log writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/service.h"

enum { TX_ATTEMPTS = 8 };

enum mn_status svc_run_tx(struct svc_ctx *ctx, svc_tx_fn fn, void *arg, struct mn_error *err)
{
    enum mn_status rc = MN_ERR_RETRY;
    for (int attempt = 0; attempt < TX_ATTEMPTS && rc == MN_ERR_RETRY; attempt++) {
        if (attempt > 0)
            usleep((useconds_t)(2000 << attempt)); /* 4 ms, 8 ms, … */
        if ((rc = db_begin(ctx->db)) != MN_OK)
            continue;
        rc = fn(ctx, arg, err);
        if (rc == MN_OK)
            rc = db_commit(ctx->db);
        if (rc != MN_OK)
            db_rollback(ctx->db);
    }
    return rc;
}

enum mn_status svc_audit(struct svc_ctx *ctx, const char *action, const char *entity,
                         int64_t entity_id, json_t *before, json_t *after)
{
    struct audit_entry e = {
        .tenant_id = ctx->who.tenant_id,
        .user_id = ctx->who.user_id,
        .entity_id = entity_id,
    };
    snprintf(e.username, sizeof e.username, "%s", ctx->who.username);
    snprintf(e.action, sizeof e.action, "%s", action);
    snprintf(e.entity, sizeof e.entity, "%s", entity);
    snprintf(e.ip, sizeof e.ip, "%s", ctx->ip);
    e.before_json = before != NULL ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    e.after_json = after != NULL ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    enum mn_status rc = audit_insert(ctx->db, &e);
    free(e.before_json);
    free(e.after_json);
    return rc;
}
