/* SPDX-License-Identifier: MIT */
/* Health, metrics and the role catalogue. */
#include <event2/buffer.h>
#include <string.h>

#include "core/role.h"
#include "http/handlers.h"
#include "http/metrics.h"

void h_healthz(struct req *r)
{
    struct db_stmt *st;
    bool ok = db_prepare(r->ctx.db, "SELECT 1", &st) == MN_OK &&
              db_step(r->ctx.db, st) == DB_ROW;
    if (ok)
        ok = db_step(r->ctx.db, st) == DB_DONE;
    reply_json(r, ok ? 200 : 503,
               json_pack("{s:s, s:s}", "status", ok ? "ok" : "degraded", "db",
                         http_settings.db_engine_name));
}

/* Metrics are for the operator's scraper: served only to loopback clients. */
void h_metrics(struct req *r)
{
    const char *peer = req_peer(r);
    if (strcmp(peer, "127.0.0.1") != 0 && strcmp(peer, "::1") != 0) {
        reply_error(r, ERR_FORBIDDEN, NULL, "metrics are served on loopback only");
        return;
    }
    struct evbuffer *b = evbuffer_new();
    metrics_render(b);
    req_header(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    r->status = 200;
    evhttp_send_reply(r->ev, 200, NULL, b);
    evbuffer_free(b);
}

/* needs_store / needs_department say which anchor a user of the role must be given; for the
 * department roles the store follows from the department. */
void h_roles(struct req *r)
{
    static const char *const scope_names[] = {"tenant", "store", "department"};
    json_t *items = json_array();
    for (int i = ROLE_ADMIN; i < ROLE_COUNT; i++) {
        enum role role = (enum role)i;
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b, s:b}", "name", role_code(role),
                                               "label", role_label_zh(role), "scope",
                                               scope_names[role_scope_of(role)], "needs_store",
                                               role_scope_of(role) == SCOPE_STORE,
                                               "needs_department", role_needs_department(role)));
    }
    reply_json(r, 200, json_pack("{s:o}", "items", items));
}
