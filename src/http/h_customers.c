/* SPDX-License-Identifier: MIT */
/* Customers and business events: CRUD, the audited reveal of personal data, the 360° view.
 * Handlers parse, call one service function and encode. */
#include <stddef.h>
#include <stdlib.h>

#include "http/handlers_followup.h"
#include "service/customer_360.h"
#include "service/followup.h"

#define CFIELD(name, kind, bit) \
    {#name, kind, offsetof(struct customer_input, v.name), \
     sizeof ((struct customer_input *)0)->v.name, bit}

static const struct js_field customer_fields[] = {
    {"store_id", JS_ID, offsetof(struct customer_input, v.store_id), 0, CF_STORE_ID},
    CFIELD(name, JS_TEXT, CF_NAME),
    {"phone", JS_TEXT, offsetof(struct customer_input, phone_raw),
     sizeof ((struct customer_input *)0)->phone_raw, CF_PHONE},
    CFIELD(email, JS_TEXT, CF_EMAIL),
    CFIELD(preferred_channel, JS_TEXT, CF_CHANNEL),
    {"consent", JS_BOOL, offsetof(struct customer_input, v.consent), 0, CF_CONSENT},
    {"do_not_disturb", JS_BOOL, offsetof(struct customer_input, v.do_not_disturb), 0, CF_DND},
    CFIELD(tags, JS_TEXT, CF_TAGS),
    CFIELD(birthday, JS_TEXT, CF_BIRTHDAY),
    CFIELD(external_id, JS_TEXT, CF_EXTERNAL_ID),
};

static void customer_write(struct req *r, bool create)
{
    struct customer_input in = {0};
    struct customer out;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, customer_fields,
                                  sizeof customer_fields / sizeof *customer_fields, &in, &in.set,
                                  &err);
    if (rc == MN_OK)
        rc = create ? svc_customer_create(&r->ctx, &in, &out, &err)
                    : svc_customer_update(&r->ctx, r->ids[0], &in, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, create ? 201 : 200, encode_customer(&out, !role_sees_pii(&r->ctx.who)));
}

void h_customers_create(struct req *r) { customer_write(r, true); }
void h_customers_update(struct req *r) { customer_write(r, false); }

void h_customers_get(struct req *r)
{
    struct customer c;
    enum mn_status rc = svc_customer_get(&r->ctx, r->ids[0], &c);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_customer(&c, !role_sees_pii(&r->ctx.who)));
}

void h_customers_reveal(struct req *r)
{
    struct customer c;
    enum mn_status rc = svc_customer_reveal(&r->ctx, r->ids[0], &c);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_customer(&c, false));
}

/* GET …/overview[?reveal=1]: the 360° view; reveal asks for personal data in full. */
void h_customers_overview(struct req *r)
{
    json_t *o = NULL;
    int64_t reveal;
    if (!req_query_i64(r, "reveal", 0, 0, 1, &reveal))
        return;
    enum mn_status rc = svc_customer_360(&r->ctx, r->ids[0], reveal == 1, &o);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, o);
}

void h_customers_list(struct req *r)
{
    struct list_query q = {0};
    struct customer *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_customer_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    bool mask = !role_sees_pii(&r->ctx.who);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_customer(&items[i], mask));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

/* --- events --- */

#define EFIELD(name, kind, bit) \
    {#name, kind, offsetof(struct event_input, v.name), sizeof ((struct event_input *)0)->v.name, \
     bit}

static const struct js_field event_fields[] = {
    {"customer_id", JS_ID, offsetof(struct event_input, v.customer_id), 0, EF_CUSTOMER_ID},
    {"store_id", JS_ID, offsetof(struct event_input, v.store_id), 0, EF_STORE_ID},
    {"department_id", JS_ID, offsetof(struct event_input, v.department_id), 0, EF_DEPARTMENT_ID},
    {"employee_id", JS_ID, offsetof(struct event_input, v.employee_id), 0, EF_EMPLOYEE_ID},
    EFIELD(type, JS_TEXT, EF_TYPE),
    EFIELD(occurred_on, JS_TEXT, EF_OCCURRED_ON),
    {"amount_fen", JS_INT, offsetof(struct event_input, v.amount_fen), 0, EF_AMOUNT},
    EFIELD(vin, JS_TEXT, EF_VIN),
    EFIELD(plate, JS_TEXT, EF_PLATE),
    EFIELD(model, JS_TEXT, EF_MODEL),
    {"mileage_km", JS_INT, offsetof(struct event_input, v.mileage_km), 0, EF_MILEAGE},
    EFIELD(external_id, JS_TEXT, EF_EXTERNAL_ID),
};

void h_events_create(struct req *r)
{
    struct event_input in = {0};
    struct business_event out = {0};
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, event_fields,
                                  sizeof event_fields / sizeof *event_fields, &in, &in.set, &err);
    if (rc == MN_OK && (in.set & EF_AMOUNT) && in.v.amount_fen < 0)
        rc = mn_fail(&err, MN_ERR_INVALID, "amount_fen", "must not be negative");
    if (rc == MN_OK && (in.set & EF_MILEAGE) && in.v.mileage_km < 0)
        rc = mn_fail(&err, MN_ERR_INVALID, "mileage_km", "must not be negative");
    if (rc == MN_OK)
        rc = svc_event_create(&r->ctx, &in, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 201, encode_event(&out));
    event_release(&out);
}

void h_events_get(struct req *r)
{
    struct business_event e = {0};
    enum mn_status rc = svc_event_get(&r->ctx, r->ids[0], &e);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_event(&e));
    event_release(&e);
}

void h_events_list(struct req *r)
{
    struct list_query q = {0};
    int64_t customer_id;
    struct business_event *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q) ||
        !req_query_i64(r, "customer_id", 0, 1, INT64_MAX, &customer_id))
        return;
    if (customer_id == 0) {
        reply_error(r, ERR_INVALID, "customer_id", "customer_id is required");
        return;
    }
    enum mn_status rc = svc_event_list(&r->ctx, customer_id, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_event(&items[i]));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    events_free(items, n);
}
