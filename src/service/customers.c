/* SPDX-License-Identifier: MIT */
/* Customers and business events: validation (mainland mobiles normalised, e-mail, channel,
 * dates), scope (store roles see their store), masking of personal data for roles that do not
 * need it, the audited reveal a CR agent uses before calling, and the 360° view. */
#include <stdlib.h>
#include <string.h>

#include "core/fucall.h"
#include "core/pii.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "io/tz.h"
#include "service/customer_360.h"
#include "service/followup.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

static enum mn_status check_text(const char *field, const char *s, long min, long max,
                                 struct mn_error *err)
{
    return text_check(field, s, strlen(s), min, max, false, err);
}

/* Customers and events hang off a store: store-anchored roles see their own store only. */
static bool sees_store(const struct svc_ctx *ctx, int64_t store_id)
{
    if (role_scope_of(ctx->who.role) == SCOPE_TENANT)
        return true;
    return store_id != 0 && store_id == ctx->who.store_id;
}

/* Who may create and change customers and events: admin, and in their store the store manager
 * and the CR agents (they register customers met on the phone). Auditors never write. */
static bool may_write(const struct svc_ctx *ctx)
{
    enum role r = ctx->who.role;
    return r == ROLE_ADMIN || r == ROLE_STORE_MANAGER || r == ROLE_CR_AGENT;
}

json_t *encode_customer(const struct customer *c, bool mask)
{
    char phone[32], email[272];
    if (mask) {
        pii_mask_phone(c->phone, phone, sizeof phone);
        if (c->email[0] != '\0')
            pii_mask_email(c->email, email, sizeof email);
        else
            email[0] = '\0';
    } else {
        snprintf(phone, sizeof phone, "%s", c->phone);
        snprintf(email, sizeof email, "%s", c->email);
    }
    json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:o, s:b, s:o, s:o}",
                          "id", (json_int_t)c->id,
                          "store_id", c->store_id ? json_integer(c->store_id) : json_null(),
                          "name", c->name, "phone", phone, "email", email,
                          "preferred_channel", c->preferred_channel, "consent", c->consent,
                          "do_not_disturb", c->do_not_disturb, "tags", c->tags,
                          "birthday", c->birthday,
                          "external_id", c->external_id[0] ? json_string(c->external_id)
                                                           : json_null(),
                          "masked", mask && c->phone[0] != '\0',
                          "created_at", json_time_or_null(c->created_at),
                          "updated_at", json_time_or_null(c->updated_at));
    return o;
}

static json_t *id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

json_t *encode_event(const struct business_event *e)
{
    json_error_t jerr;
    json_t *attrs = json_loads(e->attrs_json != NULL ? e->attrs_json : "{}", 0, &jerr);
    return json_pack("{s:I, s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o,"
                     " s:o, s:o}",
                     "id", (json_int_t)e->id, "customer_id", (json_int_t)e->customer_id,
                     "store_id", (json_int_t)e->store_id,
                     "department_id", id_or_null(e->department_id),
                     "employee_id", id_or_null(e->employee_id), "type", e->type,
                     "occurred_on", e->occurred_on,
                     "occurred_at", json_time_or_null(e->occurred_at),
                     "amount_fen", e->amount_fen >= 0 ? json_integer(e->amount_fen) : json_null(),
                     "vin", e->vin, "plate", e->plate, "model", e->model,
                     "mileage_km", e->mileage_km >= 0 ? json_integer(e->mileage_km) : json_null(),
                     "attrs", attrs != NULL ? attrs : json_object(),
                     "external_id", e->external_id[0] ? json_string(e->external_id) : json_null(),
                     "created_at", json_time_or_null(e->created_at));
}

/* --- customers ------------------------------------------------------------------------------- */

static const char *const channels[] = {"phone", "sms", "email", "wechat", "none"};

static bool one_of(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static enum mn_status apply_customer(struct svc_ctx *ctx, struct customer *c,
                                     const struct customer_input *in, struct mn_error *err)
{
    const struct customer *v = &in->v;
    if (in->set & CF_STORE_ID) c->store_id = v->store_id;
    if (in->set & CF_NAME) memcpy(c->name, v->name, sizeof c->name);
    if (in->set & CF_EMAIL) memcpy(c->email, v->email, sizeof c->email);
    if (in->set & CF_CHANNEL) memcpy(c->preferred_channel, v->preferred_channel,
                                     sizeof c->preferred_channel);
    if (in->set & CF_CONSENT) c->consent = v->consent;
    if (in->set & CF_DND) c->do_not_disturb = v->do_not_disturb;
    if (in->set & CF_TAGS) memcpy(c->tags, v->tags, sizeof c->tags);
    if (in->set & CF_BIRTHDAY) memcpy(c->birthday, v->birthday, sizeof c->birthday);
    if (in->set & CF_EXTERNAL_ID) memcpy(c->external_id, v->external_id, sizeof c->external_id);
    if (in->set & CF_PHONE) {
        if (in->phone_raw[0] == '\0')
            c->phone[0] = '\0';
        else if (!pii_cn_mobile_normalize(in->phone_raw, c->phone))
            return mn_fail(err, MN_ERR_INVALID, "phone",
                           "must be a mainland mobile number (11 digits starting 13–19)");
    }
    CHECK(check_text("name", c->name, 1, 50, err));
    if (c->email[0] != '\0' && !pii_email_valid(c->email))
        return mn_fail(err, MN_ERR_INVALID, "email", "is not an e-mail address");
    CHECK(check_text("email", c->email, 0, 254, err));
    if (c->preferred_channel[0] == '\0')
        snprintf(c->preferred_channel, sizeof c->preferred_channel, "phone");
    if (!one_of(c->preferred_channel, channels, 5))
        return mn_fail(err, MN_ERR_INVALID, "preferred_channel",
                       "must be phone, sms, email, wechat or none");
    CHECK(check_text("tags", c->tags, 0, 100, err));
    struct civil_date d;
    if (c->birthday[0] != '\0' && !civil_date_parse(c->birthday, &d))
        return mn_fail(err, MN_ERR_INVALID, "birthday", "must be a date YYYY-MM-DD");
    CHECK(check_text("external_id", c->external_id, 0, 64, err));
    if (c->store_id != 0) {
        struct org_store s;
        enum mn_status rc = stores_get(ctx->db, ctx->who.tenant_id, c->store_id, &s);
        if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && !sees_store(ctx, s.id)))
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store you can use");
        CHECK(rc);
    } else if (role_scope_of(ctx->who.role) != SCOPE_TENANT) {
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is required for your role");
    }
    return MN_OK;
}

struct customer_tx { int64_t id; struct customer_input *in; struct customer *out; };

static enum mn_status customer_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct customer_tx *t = arg;
    struct customer c = {.tenant_id = ctx->who.tenant_id, .consent = 1};
    CHECK(apply_customer(ctx, &c, t->in, err));
    enum mn_status rc = customers_insert(ctx->db, &c);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "external_id", "is used by another customer");
    CHECK(rc);
    *t->out = c;
    json_t *a = encode_customer(&c, false);
    rc = svc_audit(ctx, "create", "customer", c.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_customer_create(struct svc_ctx *ctx, struct customer_input *in,
                                   struct customer *out, struct mn_error *err)
{
    if (!may_write(ctx))
        return MN_ERR_FORBIDDEN;
    if (!(in->set & CF_NAME))
        return mn_fail(err, MN_ERR_INVALID, "name", "is required");
    if (role_scope_of(ctx->who.role) != SCOPE_TENANT && !(in->set & CF_STORE_ID)) {
        in->v.store_id = ctx->who.store_id;
        in->set |= CF_STORE_ID;
    }
    struct customer_tx t = {0, in, out};
    return svc_run_tx(ctx, customer_create_tx, &t, err);
}

enum mn_status svc_customer_get(struct svc_ctx *ctx, int64_t id, struct customer *out)
{
    CHECK(customers_get(ctx->db, ctx->who.tenant_id, id, out));
    return sees_store(ctx, out->store_id) ? MN_OK : MN_ERR_NOT_FOUND;
}

static enum mn_status customer_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct customer_tx *t = arg;
    struct customer before, c;
    CHECK(svc_customer_get(ctx, t->id, &before));
    if (!may_write(ctx))
        return MN_ERR_FORBIDDEN;
    c = before;
    CHECK(apply_customer(ctx, &c, t->in, err));
    enum mn_status rc = customers_update(ctx->db, &c);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "external_id", "is used by another customer");
    CHECK(rc);
    *t->out = c;
    json_t *b = encode_customer(&before, false), *a = encode_customer(&c, false);
    rc = svc_audit(ctx, "update", "customer", c.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_customer_update(struct svc_ctx *ctx, int64_t id, struct customer_input *in,
                                   struct customer *out, struct mn_error *err)
{
    struct customer_tx t = {id, in, out};
    return svc_run_tx(ctx, customer_update_tx, &t, err);
}

enum mn_status svc_customer_list(struct svc_ctx *ctx, struct list_query *q,
                                 struct customer **items, size_t *n)
{
    if (role_scope_of(ctx->who.role) != SCOPE_TENANT)
        q->store_id = ctx->who.store_id;
    return customers_list(ctx->db, ctx->who.tenant_id, q, items, n);
}

struct reveal_tx { int64_t id; struct customer *out; };

static enum mn_status reveal_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct reveal_tx *t = arg;
    CHECK(svc_customer_get(ctx, t->id, t->out));
    json_t *a = json_pack("{s:s}", "fields", "phone,email");
    enum mn_status rc = svc_audit(ctx, "view_pii", "customer", t->id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_customer_reveal(struct svc_ctx *ctx, int64_t id, struct customer *out)
{
    /* Those who see personal data anyway, and the agents who must call; auditors and staff
     * keep the mask. */
    if (!role_sees_pii(&ctx->who) && ctx->who.role != ROLE_CR_AGENT) {
        struct customer c;
        CHECK(svc_customer_get(ctx, id, &c));
        return MN_ERR_FORBIDDEN;
    }
    struct reveal_tx t = {id, out};
    return svc_run_tx(ctx, reveal_tx, &t, NULL);
}

enum mn_status customer_overview_base(struct svc_ctx *ctx, const struct customer *c, bool mask,
                                      json_t **out)
{
    json_t *o = json_object();
    json_object_set_new(o, "customer", encode_customer(c, mask));
    struct list_query q = {.limit = 200};
    struct business_event *ev = NULL;
    size_t n = 0;
    enum mn_status rc = events_list_by_customer(ctx->db, ctx->who.tenant_id, c->id, &q, &ev, &n);
    if (rc != MN_OK) {
        json_decref(o);
        return rc;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_event(&ev[i]));
    events_free(ev, n);
    json_object_set_new(o, "events", arr);
    struct fu_task_query tq = {.limit = 200, .customer_id = c->id};
    struct fu_task *tasks = NULL;
    if ((rc = fu_tasks_list(ctx->db, ctx->who.tenant_id, &tq, &tasks, &n)) != MN_OK) {
        json_decref(o);
        return rc;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *t = encode_task(&tasks[i]);
        struct fu_call *calls = NULL;
        size_t nc = 0;
        if (fu_calls_list(ctx->db, ctx->who.tenant_id, tasks[i].id, &calls, &nc) == MN_OK) {
            json_t *ca = json_array();
            for (size_t k = 0; k < nc; k++)
                json_array_append_new(ca, encode_call(&calls[k]));
            json_object_set_new(t, "calls", ca);
        }
        free(calls);
        json_array_append_new(arr, t);
    }
    free(tasks);
    json_object_set_new(o, "tasks", arr);
    /* Survey responses and complaints: service/customer_360.c. The loyalty stage joins when
     * that capability exists. */
    *out = o;
    return MN_OK;
}

enum mn_status svc_customer_overview(struct svc_ctx *ctx, int64_t id, json_t **out)
{
    return svc_customer_360(ctx, id, false, out);
}

/* --- events ---------------------------------------------------------------------------------- */

static const char *const event_types[] = {"sale", "service", "repair", "other"};

enum mn_status fu_tenant_today(struct db *db, int64_t tenant_id, int64_t t, char today[11],
                               int *offset_min)
{
    struct tenant ten;
    CHECK(tenants_get(db, tenant_id, &ten));
    int off = tz_offset_minutes(ten.timezone, t);
    civil_date_format(civil_from_epoch(t, off).date, today);
    if (offset_min != NULL)
        *offset_min = off;
    return MN_OK;
}

static enum mn_status validate_event(struct svc_ctx *ctx, struct business_event *e,
                                     struct mn_error *err)
{
    struct customer c;
    enum mn_status rc = customers_get(ctx->db, ctx->who.tenant_id, e->customer_id, &c);
    if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && !sees_store(ctx, c.store_id)))
        return mn_fail(err, MN_ERR_INVALID, "customer_id", "is not a customer you can use");
    CHECK(rc);
    if (e->store_id == 0)
        e->store_id = c.store_id;
    struct org_store s;
    rc = stores_get(ctx->db, ctx->who.tenant_id, e->store_id, &s);
    if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && !sees_store(ctx, s.id)))
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store you can use");
    CHECK(rc);
    if (e->department_id != 0) {
        struct org_department d;
        rc = departments_get(ctx->db, ctx->who.tenant_id, e->department_id, &d);
        if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && d.store_id != e->store_id))
            return mn_fail(err, MN_ERR_INVALID, "department_id",
                           "is not a department of the store");
        CHECK(rc);
    }
    if (e->employee_id != 0) {
        struct org_employee em;
        rc = employees_get(ctx->db, ctx->who.tenant_id, e->employee_id, &em);
        if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && em.store_id != e->store_id))
            return mn_fail(err, MN_ERR_INVALID, "employee_id", "is not an employee of the store");
        CHECK(rc);
    }
    if (!one_of(e->type, event_types, 4))
        return mn_fail(err, MN_ERR_INVALID, "type", "must be sale, service, repair or other");
    struct civil_date d;
    if (!civil_date_parse(e->occurred_on, &d))
        return mn_fail(err, MN_ERR_INVALID, "occurred_on", "must be a date YYYY-MM-DD");
    char today[11];
    int off;
    CHECK(fu_tenant_today(ctx->db, ctx->who.tenant_id, store_now(), today, &off));
    if (strcmp(e->occurred_on, today) > 0)
        return mn_fail(err, MN_ERR_INVALID, "occurred_on", "is in the future");
    /* Noon local time: the day is what matters; noon keeps it on that day in every zone. */
    e->occurred_at = civil_to_epoch((struct civil_time){.date = d, .hour = 12}, off);
    if (e->mileage_km < -1 || e->mileage_km > 5000000)
        return mn_fail(err, MN_ERR_INVALID, "mileage_km", "must be 0 to 5,000,000 km");
    if (e->amount_fen < -1)
        return mn_fail(err, MN_ERR_INVALID, "amount_fen", "must not be negative");
    CHECK(check_text("vin", e->vin, 0, 17, err));
    CHECK(check_text("plate", e->plate, 0, 16, err));
    CHECK(check_text("model", e->model, 0, 50, err));
    CHECK(check_text("external_id", e->external_id, 0, 64, err));
    return MN_OK;
}

struct event_tx { struct event_input *in; struct business_event *out; };

static enum mn_status event_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct event_tx *t = arg;
    struct business_event e = t->in->v;
    e.tenant_id = ctx->who.tenant_id;
    e.attrs_json = NULL;
    if (!(t->in->set & EF_AMOUNT)) e.amount_fen = -1;
    if (!(t->in->set & EF_MILEAGE)) e.mileage_km = -1;
    CHECK(validate_event(ctx, &e, err));
    enum mn_status rc = events_insert(ctx->db, &e);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "external_id", "is used by another event");
    CHECK(rc);
    *t->out = e;
    json_t *a = encode_event(&e);
    rc = svc_audit(ctx, "create", "event", e.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_event_create(struct svc_ctx *ctx, struct event_input *in,
                                struct business_event *out, struct mn_error *err)
{
    if (!may_write(ctx))
        return MN_ERR_FORBIDDEN;
    if (!(in->set & EF_CUSTOMER_ID) || in->v.customer_id == 0)
        return mn_fail(err, MN_ERR_INVALID, "customer_id", "is required");
    if (!(in->set & EF_TYPE))
        return mn_fail(err, MN_ERR_INVALID, "type", "is required");
    if (!(in->set & EF_OCCURRED_ON))
        return mn_fail(err, MN_ERR_INVALID, "occurred_on", "is required");
    struct event_tx t = {in, out};
    return svc_run_tx(ctx, event_create_tx, &t, err);
}

enum mn_status svc_event_get(struct svc_ctx *ctx, int64_t id, struct business_event *out)
{
    CHECK(events_get(ctx->db, ctx->who.tenant_id, id, out));
    if (!sees_store(ctx, out->store_id)) {
        event_release(out);
        return MN_ERR_NOT_FOUND;
    }
    return MN_OK;
}

enum mn_status svc_event_list(struct svc_ctx *ctx, int64_t customer_id, struct list_query *q,
                              struct business_event **items, size_t *n)
{
    struct customer c;
    *items = NULL;
    *n = 0;
    CHECK(svc_customer_get(ctx, customer_id, &c));
    return events_list_by_customer(ctx->db, ctx->who.tenant_id, customer_id, q, items, n);
}
