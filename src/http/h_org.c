/* SPDX-License-Identifier: MIT */
/* Stores (门店), departments (部门) and employees: CRUD handlers. DELETE deactivates, so the
 * history that points at a store or a person keeps its meaning. */
#include <stddef.h>
#include <stdlib.h>

#include "http/handlers.h"

#define FIELD(T, name, kind, bit) {#name, kind, offsetof(T, v.name), sizeof ((T *)0)->v.name, bit}

/* --- stores --- */

static const struct js_field store_fields[] = {
    FIELD(struct store_input, code, JS_TEXT, F_CODE),
    FIELD(struct store_input, name, JS_TEXT, F_NAME),
    FIELD(struct store_input, city, JS_TEXT, F_CITY),
    FIELD(struct store_input, address, JS_TEXT, F_ADDRESS),
    FIELD(struct store_input, phone, JS_TEXT, F_PHONE),
    {"active", JS_BOOL, offsetof(struct store_input, v.active), 0, F_ACTIVE},
};

static void store_write(struct req *r, bool create)
{
    struct store_input in = {0};
    struct org_store out;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, store_fields, sizeof store_fields / sizeof *store_fields,
                                  &in, &in.set, &err);
    if (rc == MN_OK)
        rc = create ? svc_store_create(&r->ctx, &in, &out, &err)
                    : svc_store_update(&r->ctx, r->ids[0], &in, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, create ? 201 : 200, encode_store(&out));
}

void h_stores_create(struct req *r) { store_write(r, true); }
void h_stores_update(struct req *r) { store_write(r, false); }

void h_stores_get(struct req *r)
{
    struct org_store s;
    enum mn_status rc = svc_store_get(&r->ctx, r->ids[0], &s);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_store(&s));
}

void h_stores_delete(struct req *r)
{
    reply_status(r, svc_store_deactivate(&r->ctx, r->ids[0]), NULL);
}

void h_stores_list(struct req *r)
{
    struct list_query q = {0};
    struct org_store *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_store_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_store(&items[i]));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

/* --- departments --- */

static const struct js_field department_fields[] = {
    {"store_id", JS_ID, offsetof(struct department_input, v.store_id), 0, F_STORE_ID},
    FIELD(struct department_input, name, JS_TEXT, F_NAME),
    FIELD(struct department_input, kind, JS_TEXT, F_KIND),
    {"active", JS_BOOL, offsetof(struct department_input, v.active), 0, F_ACTIVE},
};

static void department_write(struct req *r, bool create)
{
    struct department_input in = {0};
    struct org_department out;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, department_fields,
                                  sizeof department_fields / sizeof *department_fields, &in,
                                  &in.set, &err);
    if (rc == MN_OK && (in.set & F_STORE_ID) && in.v.store_id == 0)
        rc = mn_fail(&err, MN_ERR_INVALID, "store_id", "must be a store id");
    if (rc == MN_OK)
        rc = create ? svc_department_create(&r->ctx, &in, &out, &err)
                    : svc_department_update(&r->ctx, r->ids[0], &in, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, create ? 201 : 200, encode_department(&out));
}

void h_departments_create(struct req *r) { department_write(r, true); }
void h_departments_update(struct req *r) { department_write(r, false); }

void h_departments_get(struct req *r)
{
    struct org_department d;
    enum mn_status rc = svc_department_get(&r->ctx, r->ids[0], &d);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_department(&d));
}

void h_departments_delete(struct req *r)
{
    reply_status(r, svc_department_deactivate(&r->ctx, r->ids[0]), NULL);
}

void h_departments_list(struct req *r)
{
    struct list_query q = {0};
    struct org_department *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_department_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_department(&items[i]));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

/* --- employees --- */

static const struct js_field employee_fields[] = {
    {"store_id", JS_ID, offsetof(struct employee_input, v.store_id), 0, F_STORE_ID},
    {"department_id", JS_ID, offsetof(struct employee_input, v.department_id), 0, F_DEPARTMENT_ID},
    FIELD(struct employee_input, name, JS_TEXT, F_NAME),
    FIELD(struct employee_input, employee_no, JS_TEXT, F_EMPLOYEE_NO),
    FIELD(struct employee_input, position, JS_TEXT, F_POSITION),
    {"phone", JS_TEXT, offsetof(struct employee_input, phone_raw),
     sizeof ((struct employee_input *)0)->phone_raw, F_PHONE},
    FIELD(struct employee_input, email, JS_TEXT, F_EMAIL),
    {"active", JS_BOOL, offsetof(struct employee_input, v.active), 0, F_ACTIVE},
};

static void employee_write(struct req *r, bool create)
{
    struct employee_input in = {0};
    struct org_employee out;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, employee_fields,
                                  sizeof employee_fields / sizeof *employee_fields, &in, &in.set,
                                  &err);
    if (rc == MN_OK && (in.set & F_STORE_ID) && in.v.store_id == 0)
        rc = mn_fail(&err, MN_ERR_INVALID, "store_id", "must be a store id");
    if (rc == MN_OK)
        rc = create ? svc_employee_create(&r->ctx, &in, &out, &err)
                    : svc_employee_update(&r->ctx, r->ids[0], &in, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, create ? 201 : 200, encode_employee(&out, !role_sees_pii(&r->ctx.who)));
}

void h_employees_create(struct req *r) { employee_write(r, true); }
void h_employees_update(struct req *r) { employee_write(r, false); }

void h_employees_get(struct req *r)
{
    struct org_employee e;
    enum mn_status rc = svc_employee_get(&r->ctx, r->ids[0], &e);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_employee(&e, !role_sees_pii(&r->ctx.who)));
}

void h_employees_delete(struct req *r)
{
    reply_status(r, svc_employee_deactivate(&r->ctx, r->ids[0]), NULL);
}

void h_employees_list(struct req *r)
{
    struct list_query q = {0};
    struct org_employee *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_employee_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    bool mask = !role_sees_pii(&r->ctx.who);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_employee(&items[i], mask));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}
