/* SPDX-License-Identifier: MIT */
/* Responses: validation against the answered version (core), derived values, and the write
 * of one response with its invitation state, low-score alert row and rollup delta in the
 * caller's transaction. Agent-entered (call) responses run synchronously in svc_run_tx; public
 * ones are prepared here and written by the group-commit writer (response_writer.c). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "core/pii.h"
#include "service/survey.h"
#include "store/customers.h"
#include "store/survey.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

void survey_scope(const struct svc_ctx *ctx, int64_t *store_id, int64_t *dept_id);

/* Business day of a submission. Why UTC+8: every tenant so far is in mainland China; the
 * rollup's day must not depend on the server's own zone. */
static void business_day(int64_t t, char out[11])
{
    struct civil_time ct = civil_from_epoch(t, 480);
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", ct.date.year, ct.date.month, ct.date.day);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

static void alert_reason(const struct survey_derived *d, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    if ((d->alert & SURVEY_ALERT_DETRACTOR) && d->has_nps)
        at += (size_t)snprintf(out, cap, "NPS %d", d->nps_score);
    for (int k = 0; k < SERVQUAL_DIM_COUNT && at < cap; k++) {
        if (!(d->alert_dims & (1u << k)) || d->dims[k].p_n == 0)
            continue;
        at += (size_t)snprintf(out + at, cap - at, "%s%s %.1f", at > 0 ? "; " : "",
                               servqual_dim_name_zh((enum servqual_dim)k),
                               d->dims[k].p_sum / (double)d->dims[k].p_n);
    }
}

static char *derived_json(const struct survey_derived *d)
{
    json_t *dims = json_object();
    for (int k = 0; k < SERVQUAL_DIM_COUNT; k++) {
        const struct servqual_dim_sums *s = &d->dims[k];
        if (s->p_n == 0 && s->e_n == 0)
            continue;
        json_object_set_new(dims, servqual_dim_code((enum servqual_dim)k), json_pack(
            "{s:o, s:o, s:o, s:[f, I, f, I, f, I]}",
            "p", s->p_n ? json_real(s->p_sum / (double)s->p_n) : json_null(),
            "e", s->e_n ? json_real(s->e_sum / (double)s->e_n) : json_null(), "gap",
            s->gap_n ? json_real(s->gap_sum / (double)s->gap_n) : json_null(), "sums",
            s->p_sum, (json_int_t)s->p_n, s->e_sum, (json_int_t)s->e_n, s->gap_sum,
            (json_int_t)s->gap_n));
    }
    json_t *o = json_pack("{s:o, s:i, s:i}", "dims", dims, "rated_n", d->rated_n, "top2_n",
                          d->top2_n);
    /* the "share 100 points" allocation, in servqual_dim order (read back by a rebuild) */
    if (d->has_points)
        json_object_set_new(o, "points", json_pack("[i, i, i, i, i]", d->points[0],
                                                   d->points[1], d->points[2], d->points[3],
                                                   d->points[4]));
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

enum mn_status response_prepare(const struct survey_compiled *c, const json_t *answers,
                                const struct response_meta *m, struct response_rec *rec,
                                struct mn_error *err)
{
    struct survey_answer *a = NULL;
    size_t n = 0;
    memset(rec, 0, sizeof *rec);
    CHECK(survey_answers_decode(answers, &a, &n, err));
    enum mn_status rc = survey_validate_response(&c->v, a, n, err);
    if (rc == MN_OK)
        rc = survey_derive(&c->v, a, n, &c->alert, &rec->d);
    free(a);
    if (rc != MN_OK)
        return rc;
    rec->m = *m;
    rec->m.version = c->version;
    rec->m.survey_id = c->survey_id;
    rec->m.tenant_id = c->tenant_id;
    if (rec->m.touchpoint[0] == '\0' && c->v.n_questions > 0)
        snprintf(rec->m.touchpoint, sizeof rec->m.touchpoint, "%s", c->touchpoints[0]);
    rec->answers_json = json_dumps(answers, JSON_COMPACT);
    rec->derived_json = derived_json(&rec->d); /* here, not on the writer's thread */
    if (rec->answers_json == NULL || rec->derived_json == NULL) {
        response_rec_release(rec);
        return MN_ERR_NOMEM;
    }
    if (rec->d.alert != 0)
        alert_reason(&rec->d, rec->alert_reason, sizeof rec->alert_reason);
    return MN_OK;
}

void response_rec_release(struct response_rec *rec)
{
    if (rec != NULL) {
        free(rec->answers_json);
        free(rec->derived_json);
        rec->answers_json = rec->derived_json = NULL;
    }
}

void response_rollup_delta(const struct response_rec *rec, struct rollup_key *k,
                           struct figures_sums *s, struct servqual_points_acc *pts);
void response_rollup_delta(const struct response_rec *rec, struct rollup_key *k,
                           struct figures_sums *s, struct servqual_points_acc *pts)
{
    const struct response_meta *m = &rec->m;
    memset(k, 0, sizeof *k);
    memset(s, 0, sizeof *s);
    k->tenant_id = m->tenant_id;
    k->survey_id = m->survey_id;
    k->store_id = m->store_id;
    k->department_id = m->department_id;
    k->employee_id = m->employee_id;
    business_day(m->submitted_at, k->day);
    snprintf(k->touchpoint, sizeof k->touchpoint, "%s", m->touchpoint);
    snprintf(k->channel, sizeof k->channel, "%s", m->channel);
    figures_sums_from_derived(&rec->d, s);
    memset(pts, 0, sizeof *pts);
    /* validated in core already; servqual_points_add checks the allocation once more */
    if (rec->d.has_points)
        servqual_points_add(pts, rec->d.points, NULL);
}

/* Writes the response row, the invitation state and the alert; the rollup is the caller's
 * (the writer merges the deltas of a batch; single writes add it at once). */
enum mn_status response_write_row(struct db *db, struct response_rec *rec, struct mn_error *err);
enum mn_status response_write_row(struct db *db, struct response_rec *rec, struct mn_error *err)
{
    struct response_meta *m = &rec->m;
    if (m->submitted_at == 0)
        m->submitted_at = store_now();
    if (m->invitation_id != 0 &&
        survey_invitations_mark_responded(db, m->tenant_id, m->invitation_id, m->submitted_at) !=
            MN_OK)
        return mn_fail(err, MN_ERR_CONFLICT, "token", "this link was already answered or expired");
    struct survey_response_row r = {
        .tenant_id = m->tenant_id, .survey_id = m->survey_id, .version = m->version,
        .invitation_id = m->invitation_id, .link_id = m->link_id, .customer_id = m->customer_id,
        .event_id = m->event_id, .followup_task_id = m->followup_task_id,
        .store_id = m->store_id, .department_id = m->department_id,
        .employee_id = m->employee_id, .answers_json = rec->answers_json,
        .has_nps = rec->d.has_nps, .nps_score = rec->d.nps_score,
        .nps_category = rec->d.nps_category, .rated_n = rec->d.rated_n,
        .top2_n = rec->d.top2_n, .alert = rec->d.alert, .submitted_by = m->submitted_by,
        .submitted_at = m->submitted_at};
    snprintf(r.channel, sizeof r.channel, "%s", m->channel);
    snprintf(r.touchpoint, sizeof r.touchpoint, "%s", m->touchpoint);
    snprintf(r.dedupe_key, sizeof r.dedupe_key, "%s", m->dedupe_key);
    business_day(m->submitted_at, r.day);
    r.derived_json = rec->derived_json;
    enum mn_status rc = survey_responses_insert(db, &r);
    /* The invitation was claimed just above, so a conflict here would leave it claimed without
     * its response: fail hard and let the transaction go. */
    if (rc == MN_ERR_CONFLICT && m->invitation_id != 0)
        return MN_ERR_INTERNAL;
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "answers", "this response was already received");
    CHECK(rc);
    rec->id = r.id;
    if (rec->d.alert != 0) {
        struct feedback_alert_row a = {m->tenant_id, m->survey_id, r.id, m->customer_id,
                                       m->event_id, m->store_id, m->department_id,
                                       m->employee_id, rec->alert_reason};
        CHECK(feedback_alerts_insert(db, &a));
    }
    return MN_OK;
}

enum mn_status response_write(struct db *db, struct response_rec *rec, struct mn_error *err)
{
    CHECK(response_write_row(db, rec, err));
    struct rollup_key k;
    struct figures_sums s;
    struct servqual_points_acc pts;
    response_rollup_delta(rec, &k, &s, &pts);
    return survey_rollups_add(db, &k, &s, &pts);
}

/* --- agent-entered responses (channel "call") ------------------------------------------------ */

struct submit_tx {
    struct response_rec *rec;
};

static enum mn_status submit_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct submit_tx *t = arg;
    t->rec->m.submitted_at = 0;
    CHECK(response_write(ctx->db, t->rec, err));
    json_t *a = json_pack("{s:I, s:s, s:I}", "survey_id", (json_int_t)t->rec->m.survey_id,
                          "channel", t->rec->m.channel, "version",
                          (json_int_t)t->rec->m.version);
    enum mn_status rc = svc_audit(ctx, "create", "survey_response", t->rec->id, NULL, a);
    json_decref(a);
    return rc;
}

/* Fills store/department/employee from the event (or the customer) and checks the scope. */
static enum mn_status link_context(struct svc_ctx *ctx, const struct call_input *in,
                                   struct response_meta *m, struct mn_error *err)
{
    m->customer_id = in->customer_id;
    m->event_id = in->event_id;
    m->followup_task_id = in->followup_task_id;
    m->store_id = in->store_id;
    m->department_id = in->department_id;
    m->employee_id = in->employee_id;
    if (in->event_id != 0) {
        struct business_event e = {0};
        if (events_get(ctx->db, ctx->who.tenant_id, in->event_id, &e) != MN_OK)
            return mn_fail(err, MN_ERR_INVALID, "event_id", "is not an event of this tenant");
        if (m->customer_id == 0)
            m->customer_id = e.customer_id;
        else if (m->customer_id != e.customer_id) {
            event_release(&e);
            return mn_fail(err, MN_ERR_INVALID, "event_id", "belongs to another customer");
        }
        m->store_id = e.store_id;
        m->department_id = e.department_id;
        m->employee_id = e.employee_id;
        event_release(&e);
    }
    if (m->customer_id != 0) {
        struct customer c;
        if (customers_get(ctx->db, ctx->who.tenant_id, m->customer_id, &c) != MN_OK)
            return mn_fail(err, MN_ERR_INVALID, "customer_id", "is not a customer of this tenant");
        if (m->store_id == 0)
            m->store_id = c.store_id;
    }
    if (m->store_id == 0 && role_scope_of(ctx->who.role) != SCOPE_TENANT)
        m->store_id = ctx->who.store_id;
    if (m->store_id != 0) {
        struct org_store st;
        if (stores_get(ctx->db, ctx->who.tenant_id, m->store_id, &st) != MN_OK)
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store of this tenant");
    }
    if (!role_can_see(&ctx->who, m->store_id, 0))
        return MN_ERR_NOT_FOUND;
    return MN_OK;
}

enum mn_status svc_response_submit(struct svc_ctx *ctx, int64_t survey_id,
                                   const struct call_input *in, json_t **out,
                                   struct mn_error *err)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    int64_t version = s.current_version;
    bool archived = strcmp(s.status, "archived") == 0;
    survey_row_release(&s);
    enum role r = ctx->who.role;
    if (r != ROLE_ADMIN && r != ROLE_STORE_MANAGER && r != ROLE_CR_AGENT)
        return MN_ERR_FORBIDDEN;
    if (version == 0 || archived)
        return mn_fail(err, MN_ERR_CONFLICT, "survey", "is not published");
    const char *ch = in->channel[0] != '\0' ? in->channel : "call";
    if (strcmp(ch, "call") != 0 && strcmp(ch, "walk_in") != 0 && strcmp(ch, "paper") != 0)
        return mn_fail(err, MN_ERR_INVALID, "channel", "must be call, walk_in or paper");
    struct response_meta m = {0};
    snprintf(m.channel, sizeof m.channel, "%s", ch);
    m.submitted_by = ctx->who.user_id;
    CHECK(link_context(ctx, in, &m, err));
    const struct survey_compiled *c;
    CHECK(survey_version_load(ctx->db, ctx->who.tenant_id, survey_id, version, &c));
    struct response_rec rec;
    CHECK(response_prepare(c, in->answers, &m, &rec, err));
    struct submit_tx t = {&rec};
    enum mn_status rc = svc_run_tx(ctx, submit_tx, &t, err);
    if (rc == MN_OK)
        *out = json_pack("{s:I, s:I, s:I, s:s, s:o, s:b, s:s}", "id", (json_int_t)rec.id,
                         "survey_id", (json_int_t)survey_id, "version", (json_int_t)version,
                         "channel", m.channel, "nps_category",
                         rec.d.has_nps ? json_string(rec.d.nps_category == NPS_PROMOTER ? "promoter"
                                                     : rec.d.nps_category == NPS_PASSIVE ? "passive"
                                                     : "detractor")
                                       : json_null(),
                         "alert", rec.d.alert != 0, "alert_reason", rec.alert_reason);
    response_rec_release(&rec);
    return rc;
}

/* --- reading responses ----------------------------------------------------------------------- */

static json_t *id_or_null(int64_t v)
{
    return v != 0 ? json_integer(v) : json_null();
}

/* One response; the free text of its answers masked when mask (service/survey_pii.c). *masked:
 * some text was masked; *shown: some text is returned in full. */
static json_t *encode_response(const struct survey_response_row *r, bool mask, bool may_reveal,
                               bool *masked, bool *shown)
{
    bool text_masked = false, has_text = false;
    json_t *answers = survey_answers_view(r->answers_json, mask, &text_masked, &has_text);
    json_t *derived = json_loads(r->derived_json, 0, NULL);
    if (text_masked)
        *masked = true;
    if (has_text && !mask)
        *shown = true;
    return json_pack("{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s,"
                     " s:o, s:o, s:o, s:b, s:o, s:o, s:b, s:b}",
                     "id", (json_int_t)r->id, "survey_id", (json_int_t)r->survey_id, "version",
                     (json_int_t)r->version, "channel", r->channel, "invitation_id",
                     id_or_null(r->invitation_id), "link_id", id_or_null(r->link_id),
                     "customer_id", id_or_null(r->customer_id), "event_id",
                     id_or_null(r->event_id), "followup_task_id", id_or_null(r->followup_task_id),
                     "store_id", id_or_null(r->store_id), "department_id",
                     id_or_null(r->department_id), "employee_id", id_or_null(r->employee_id),
                     "touchpoint", r->touchpoint, "day", r->day, "answers", answers,
                     "nps_score", r->has_nps ? json_integer(r->nps_score) : json_null(),
                     "derived", derived != NULL ? derived : json_object(), "alert", r->alert != 0,
                     "submitted_by", id_or_null(r->submitted_by), "submitted_at",
                     json_time_or_null(r->submitted_at), "text_masked", text_masked,
                     "can_reveal", text_masked && may_reveal);
}

enum mn_status svc_response_list(struct svc_ctx *ctx, int64_t survey_id, struct list_query *q,
                                 bool reveal, json_t **items, int64_t *last_id, size_t *n,
                                 bool *masked, bool *can_reveal)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    bool full, may_reveal;
    CHECK(pii_view_decide(&ctx->who, reveal, &full, &may_reveal));
    int64_t store = q->store_id, dept = q->department_id;
    survey_scope(ctx, &store, &dept);
    struct survey_response_row *rows = NULL;
    CHECK(survey_responses_list(ctx->db, ctx->who.tenant_id, survey_id, store, dept, q->after,
                                q->limit, &rows, n));
    json_t *arr = json_array(), *shown_ids = json_array();
    *masked = false;
    for (size_t i = 0; i < *n; i++) {
        bool shown = false;
        json_array_append_new(arr, encode_response(&rows[i], !full, may_reveal, masked, &shown));
        if (shown)
            json_array_append_new(shown_ids, json_integer(rows[i].id));
        survey_response_row_release(&rows[i]);
    }
    *last_id = *n > 0 ? rows[*n - 1].id : 0;
    free(rows);
    /* one entry for the page, naming the responses whose free text it showed */
    enum mn_status rc = MN_OK;
    if (json_array_size(shown_ids) > 0)
        rc = svc_audit_view_pii(ctx, "survey", survey_id,
                                json_pack("{s:s, s:s, s:O}", "fields", "survey_text", "view",
                                          "responses", "response_ids", shown_ids));
    json_decref(shown_ids);
    if (rc != MN_OK) {
        json_decref(arr);
        return rc;
    }
    *can_reveal = *masked && may_reveal;
    *items = arr;
    return MN_OK;
}

enum mn_status svc_response_get(struct svc_ctx *ctx, int64_t id, bool reveal, json_t **out)
{
    struct survey_response_row r;
    CHECK(survey_responses_get(ctx->db, ctx->who.tenant_id, id, &r));
    bool full = false, may_reveal = false, masked = false, shown = false;
    enum mn_status rc = role_can_see(&ctx->who, r.store_id, r.department_id) ? MN_OK
                                                                           : MN_ERR_NOT_FOUND;
    if (rc == MN_OK)
        rc = pii_view_decide(&ctx->who, reveal, &full, &may_reveal);
    json_t *o = rc == MN_OK ? encode_response(&r, !full, may_reveal, &masked, &shown) : NULL;
    if (rc == MN_OK && shown)
        rc = svc_audit_view_pii(ctx, "survey_response", id,
                                json_pack("{s:s, s:s, s:I}", "fields", "survey_text", "view",
                                          "response", "survey_id", (json_int_t)r.survey_id));
    survey_response_row_release(&r);
    if (rc != MN_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return MN_OK;
}

/* --- rollup rebuild -------------------------------------------------------------------------- */

struct rebuild {
    struct db *db;
    int64_t n;
};

static enum mn_status rebuild_one(void *arg, const struct survey_response_row *r)
{
    struct rebuild *b = arg;
    json_t *derived = json_loads(r->derived_json, 0, NULL);
    struct rollup_key k = {r->tenant_id, r->survey_id, r->store_id, r->department_id,
                           r->employee_id, "", "", ""};
    struct figures_sums s = {.n = 1, .rated_n = r->rated_n, .top2_n = r->top2_n,
                            .alerts = r->alert != 0};
    snprintf(k.day, sizeof k.day, "%s", r->day);
    snprintf(k.touchpoint, sizeof k.touchpoint, "%s", r->touchpoint);
    snprintf(k.channel, sizeof k.channel, "%s", r->channel);
    if (r->has_nps) {
        s.promoters = r->nps_category == NPS_PROMOTER;
        s.passives = r->nps_category == NPS_PASSIVE;
        s.detractors = r->nps_category == NPS_DETRACTOR;
    }
    /* The stored sums (not the means) make a rebuild equal to the incremental rollup. */
    json_t *dims = json_object_get(derived, "dims");
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++) {
        json_t *x = json_object_get(json_object_get(dims, servqual_dim_code((enum servqual_dim)d)),
                                    "sums");
        if (json_array_size(x) != 6)
            continue;
        s.dims[d].p_sum = json_number_value(json_array_get(x, 0));
        s.dims[d].p_n = json_integer_value(json_array_get(x, 1));
        s.dims[d].e_sum = json_number_value(json_array_get(x, 2));
        s.dims[d].e_n = json_integer_value(json_array_get(x, 3));
        s.dims[d].gap_sum = json_number_value(json_array_get(x, 4));
        s.dims[d].gap_n = json_integer_value(json_array_get(x, 5));
    }
    struct servqual_points_acc pts = {{0}, 0};
    json_t *pv = json_object_get(derived, "points");
    if (json_array_size(pv) == SERVQUAL_DIM_COUNT) {
        int p[SERVQUAL_DIM_COUNT];
        for (int d = 0; d < SERVQUAL_DIM_COUNT; d++)
            p[d] = (int)json_integer_value(json_array_get(pv, (size_t)d));
        servqual_points_add(&pts, p, NULL);
    }
    json_decref(derived);
    b->n++;
    return survey_rollups_add(b->db, &k, &s, &pts);
}

struct rebuild_tx {
    int64_t survey_id;
    int64_t *n;
};

static enum mn_status rebuild_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct rebuild_tx *t = arg;
    struct rebuild b = {ctx->db, 0};
    CHECK(survey_rollups_clear(ctx->db, ctx->who.tenant_id, t->survey_id));
    CHECK(survey_responses_walk(ctx->db, ctx->who.tenant_id, t->survey_id, rebuild_one, &b));
    *t->n = b.n;
    json_t *a = json_pack("{s:I}", "responses", (json_int_t)b.n);
    enum mn_status rc = svc_audit(ctx, "rebuild_rollups", "survey", t->survey_id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_survey_rollup_rebuild(struct svc_ctx *ctx, int64_t survey_id, int64_t *n)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    struct rebuild_tx t = {survey_id, n};
    return svc_run_tx(ctx, rebuild_tx, &t, NULL);
}
