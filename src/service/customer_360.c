/* SPDX-License-Identifier: MIT */
/* The customer 360° view: the base from service/customers.c (customer, events, follow-up tasks
 * with calls) plus the customer's survey responses (survey, version, channel, date, NPS and its
 * category, CSAT top-2-box, per-dimension scores, answers) and complaint tickets (category,
 * state, severity, created, closed). Figures come from core (nps, rate). Masking and the audit
 * of unmasked views: see service/customer_360.h; the masking of answers and the reveal rule are
 * shared with the survey endpoints (service/survey_pii.c). */
#include "service/customer_360.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nps.h"
#include "core/rate.h"
#include "core/servqual.h"
#include "service/survey_pii.h"
#include "store/customer_360.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

enum { C360_LIMIT = 200 };

static json_t *id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

static const char *nps_category_code(int64_t c)
{
    switch (c) {
    case NPS_PROMOTER: return "promoter";
    case NPS_PASSIVE: return "passive";
    case NPS_DETRACTOR: return "detractor";
    }
    return NULL;
}

/* Per-dimension perception, expectation and gap means of this response (derived when it was
 * written, core/servqual), without the raw sums; the "share 100 points" allocation when the
 * response holds one. */
static void add_derived(json_t *o, const char *stored)
{
    json_t *d = json_loads(stored, 0, NULL);
    json_t *dims = json_object();
    json_t *src = json_object_get(d, "dims");
    for (int k = 0; k < SERVQUAL_DIM_COUNT; k++) {
        const char *code = servqual_dim_code((enum servqual_dim)k);
        json_t *x = json_object_get(src, code);
        if (!json_is_object(x))
            continue;
        json_t *p = json_object_get(x, "p"), *e = json_object_get(x, "e"),
               *g = json_object_get(x, "gap");
        json_object_set_new(dims, code, json_pack("{s:O, s:O, s:O}",
                            "p", json_is_number(p) ? p : json_null(),
                            "e", json_is_number(e) ? e : json_null(),
                            "gap", json_is_number(g) ? g : json_null()));
    }
    json_object_set_new(o, "dimensions", dims);
    json_t *points = json_object_get(d, "points");
    json_object_set_new(o, "points", json_is_array(points) ? json_incref(points) : json_null());
    json_decref(d);
}

static json_t *encode_response(const struct c360_response *r, int64_t customer_id, bool mask)
{
    struct rate csat;
    if (rate_compute(r->top2_n, r->rated_n, &csat) != MN_OK)
        csat = (struct rate){0};
    const char *cat = r->has_nps ? nps_category_code(r->nps_category) : NULL;
    bool masked = false;
    json_t *answers = survey_answers_view(r->answers_json, mask, &masked, NULL);
    char api[64], web[96];
    snprintf(api, sizeof api, "/api/v1/survey-responses/%lld", (long long)r->id);
    snprintf(web, sizeof web, "/followups/customers/%lld?response=%lld", (long long)customer_id,
             (long long)r->id);
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
        "id", (json_int_t)r->id, "survey_id", (json_int_t)r->survey_id,
        "survey_name", r->survey_name, "version", (json_int_t)r->version,
        "channel", r->channel, "day", r->day,
        "submitted_at", json_time_or_null(r->submitted_at),
        "event_id", id_or_null(r->event_id), "followup_task_id", id_or_null(r->followup_task_id),
        "store_id", id_or_null(r->store_id), "nps_score",
        r->has_nps ? json_integer(r->nps_score) : json_null(),
        "nps_category", cat != NULL ? json_string(cat) : json_null(), "alert", r->alert != 0);
    json_object_set_new(o, "csat", json_pack("{s:I, s:I, s:o}", "top2", (json_int_t)csat.num,
                                             "rated", (json_int_t)csat.den, "pct",
                                             csat.defined ? json_real(csat.pct) : json_null()));
    add_derived(o, r->derived_json);
    json_object_set_new(o, "answers", answers);
    json_object_set_new(o, "text_masked", json_boolean(masked));
    json_object_set_new(o, "api_url", json_string(api));
    json_object_set_new(o, "web_url", json_string(web));
    return o;
}

static json_t *encode_complaint(const struct c360_complaint *t)
{
    char api[48], web[48];
    snprintf(api, sizeof api, "/api/v1/complaints/%lld", (long long)t->id);
    snprintf(web, sizeof web, "/complaints/%lld", (long long)t->id);
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o,"
                     " s:s, s:s}",
                     "id", (json_int_t)t->id, "store_id", (json_int_t)t->store_id,
                     "department_id", id_or_null(t->department_id),
                     "event_id", id_or_null(t->event_id),
                     "followup_task_id", id_or_null(t->followup_task_id),
                     "category_id", (json_int_t)t->category_id,
                     "category_code", t->category_code, "category_name", t->category_name,
                     "source", t->source, "severity", t->severity, "state", t->state,
                     "title", t->title, "created_at", json_time_or_null(t->created_at),
                     "closed_at", t->closed_at > 0 ? json_time_or_null(t->closed_at) : json_null(),
                     "api_url", api, "web_url", web);
}

/* What of the customer's responses and tickets the caller may open: store roles their store,
 * department roles their store and department (a department role without a department sees
 * none: *none). */
static void scope_of(const struct svc_ctx *ctx, int64_t *store, int64_t *dept, bool *none)
{
    *store = *dept = 0;
    *none = false;
    switch (role_scope_of(ctx->who.role)) {
    case SCOPE_TENANT:
        *none = ctx->who.role == ROLE_NONE;
        break;
    case SCOPE_STORE:
        *store = ctx->who.store_id;
        *none = *store == 0;
        break;
    case SCOPE_DEPARTMENT:
        *store = ctx->who.store_id;
        *dept = ctx->who.department_id;
        *none = *store == 0 || *dept == 0;
        break;
    }
}

static enum mn_status add_feedback(struct svc_ctx *ctx, const struct customer *c, bool mask,
                                   json_t *o)
{
    int64_t store, dept;
    bool none;
    scope_of(ctx, &store, &dept, &none);
    json_t *responses = json_array(), *complaints = json_array();
    json_object_set_new(o, "responses", responses);
    json_object_set_new(o, "complaints", complaints);
    if (none)
        return MN_OK;
    struct c360_response *rs = NULL;
    size_t n = 0;
    CHECK(c360_responses_list(ctx->db, ctx->who.tenant_id, c->id, store, dept, C360_LIMIT, &rs,
                              &n));
    for (size_t i = 0; i < n; i++)
        json_array_append_new(responses, encode_response(&rs[i], c->id, mask));
    c360_responses_free(rs, n);
    struct c360_complaint *ts = NULL;
    CHECK(c360_complaints_list(ctx->db, ctx->who.tenant_id, c->id, store, dept, C360_LIMIT, &ts,
                               &n));
    for (size_t i = 0; i < n; i++)
        json_array_append_new(complaints, encode_complaint(&ts[i]));
    free(ts);
    return MN_OK;
}

enum mn_status svc_customer_360(struct svc_ctx *ctx, int64_t id, bool reveal, json_t **out)
{
    struct customer c;
    CHECK(svc_customer_get(ctx, id, &c));
    bool full, may_reveal;
    CHECK(pii_view_decide(&ctx->who, reveal, &full, &may_reveal));
    json_t *o = NULL;
    CHECK(customer_overview_base(ctx, &c, !full, &o));
    enum mn_status rc = add_feedback(ctx, &c, !full, o);
    if (rc == MN_OK && full)
        rc = svc_audit_view_pii(ctx, "customer", id,
                                json_pack("{s:s, s:s}", "fields", "phone,email,survey_text",
                                          "view", "overview"));
    if (rc != MN_OK) {
        json_decref(o);
        return rc;
    }
    json_object_set_new(o, "masked", json_boolean(!full));
    json_object_set_new(o, "can_reveal", json_boolean(!full && may_reveal));
    *out = o;
    return MN_OK;
}
