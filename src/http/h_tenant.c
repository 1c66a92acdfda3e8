/* SPDX-License-Identifier: MIT */
/* The caller's own tenant. */
#include <stddef.h>

#include "http/handlers.h"

void h_tenant_get(struct req *r)
{
    struct tenant t;
    enum mn_status rc = svc_tenant_get(&r->ctx, &t);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_tenant(&t));
}

void h_tenant_update(struct req *r)
{
    static const struct js_field fields[] = {
        {"name", JS_TEXT, offsetof(struct tenant, name), sizeof ((struct tenant *)0)->name, F_NAME},
        {"timezone", JS_TEXT, offsetof(struct tenant, timezone),
         sizeof ((struct tenant *)0)->timezone, F_TIMEZONE},
    };
    struct tenant in = {0}, out;
    struct mn_error err = {0};
    uint32_t set;
    enum mn_status rc = js_decode(r->body, fields, 2, &in, &set, &err);
    if (rc == MN_OK)
        rc = svc_tenant_update(&r->ctx, &in, set, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 200, encode_tenant(&out));
}
