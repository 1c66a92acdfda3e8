/* SPDX-License-Identifier: MIT */
/* User accounts and API tokens. A token's secret appears once, in the creation reply. */
#include <sodium.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"

#define FIELD(T, name, kind, bit) {#name, kind, offsetof(T, v.name), sizeof ((T *)0)->v.name, bit}

static const struct js_field user_fields[] = {
    FIELD(struct user_input, username, JS_TEXT, F_USERNAME),
    FIELD(struct user_input, display_name, JS_TEXT, F_DISPLAY_NAME),
    FIELD(struct user_input, role, JS_TEXT, F_ROLE),
    {"store_id", JS_ID, offsetof(struct user_input, v.store_id), 0, F_STORE_ID},
    {"department_id", JS_ID, offsetof(struct user_input, v.department_id), 0, F_DEPARTMENT_ID},
    {"employee_id", JS_ID, offsetof(struct user_input, v.employee_id), 0, F_EMPLOYEE_ID},
    {"password", JS_TEXT, offsetof(struct user_input, password),
     sizeof ((struct user_input *)0)->password, F_PASSWORD},
    {"active", JS_BOOL, offsetof(struct user_input, v.active), 0, F_ACTIVE},
};

static void user_write(struct req *r, bool create)
{
    struct user_input in = {0};
    struct user out;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, user_fields, sizeof user_fields / sizeof *user_fields,
                                  &in, &in.set, &err);
    if (rc == MN_OK)
        rc = create ? svc_user_create(&r->ctx, &in, &out, &err)
                    : svc_user_update(&r->ctx, r->ids[0], &in, &out, &err);
    sodium_memzero(in.password, sizeof in.password);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, create ? 201 : 200, encode_user(&out));
}

void h_users_create(struct req *r) { user_write(r, true); }
void h_users_update(struct req *r) { user_write(r, false); }

void h_users_get(struct req *r)
{
    struct user u;
    enum mn_status rc = svc_user_get(&r->ctx, r->ids[0], &u);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_user(&u));
}

void h_users_delete(struct req *r)
{
    reply_status(r, svc_user_deactivate(&r->ctx, r->ids[0]), NULL);
}

void h_users_list(struct req *r)
{
    struct list_query q = {0};
    struct user *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_user_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_user(&items[i]));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

struct token_body {
    char name[404];
    char role[16];
};

void h_tokens_create(struct req *r)
{
    static const struct js_field fields[] = {
        {"name", JS_TEXT, offsetof(struct token_body, name), 404, 1},
        {"role", JS_TEXT, offsetof(struct token_body, role), 16, 2},
    };
    struct token_body b;
    memset(&b, 0, sizeof b);
    struct api_token out;
    char token[64];
    struct mn_error err = {0};
    uint32_t set;
    enum mn_status rc = js_decode(r->body, fields, 2, &b, &set, &err);
    if (rc == MN_OK && !(set & 1))
        rc = mn_fail(&err, MN_ERR_INVALID, "name", "is required");
    if (rc == MN_OK && !(set & 2))
        rc = mn_fail(&err, MN_ERR_INVALID, "role", "is required");
    if (rc == MN_OK)
        rc = svc_token_create(&r->ctx, b.name, b.role, &out, token, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    json_t *j = encode_token(&out);
    json_object_set_new(j, "token", json_string(token));
    sodium_memzero(token, sizeof token);
    reply_json(r, 201, j);
}

void h_tokens_delete(struct req *r)
{
    reply_status(r, svc_token_revoke(&r->ctx, r->ids[0]), NULL);
}

void h_tokens_list(struct req *r)
{
    struct list_query q = {0};
    struct api_token *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_token_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_token(&items[i]));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}
