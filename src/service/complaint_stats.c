/* SPDX-License-Identifier: MIT */
/* The complaint figures (issue 5 §8) for a period and scope, overall and by store, department,
 * category or month: the store reads the ticket and event rows, this file groups them, and
 * core (complaint_tally, callstats) does every piece of arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/complaint.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

enum { STATS_CAP = 20000, MAX_GROUPS = 200 };

static json_t *rate_json(const struct rate *r)
{
    return json_pack("{s:I, s:I, s:o}", "num", (json_int_t)r->num, "den", (json_int_t)r->den,
                     "pct", r->defined ? json_real(r->pct) : json_null());
}

static void fact_of(const struct ticket_fact_row *r, struct complaint_fact *f)
{
    *f = (struct complaint_fact){
        .created_at = r->created_at, .first_response_due = r->first_response_due,
        .first_response_at = r->first_response_at, .resolution_due = r->resolution_due,
        .resolved_at = r->resolved_at, .closed_at = r->closed_at,
        .verify_count = r->verify_count, .verify_satisfied = r->verify_satisfied,
        .is_recomplaint = r->recomplaint_of != 0};
}

/* The figures of the rows whose group key equals key (all rows when all is true). */
static enum mn_status figures(const struct ticket_fact_row *rows, const int64_t *keys, size_t n,
                              int64_t key, bool all, int64_t events, int64_t now, json_t **out)
{
    struct complaint_fact *f = calloc(n > 0 ? n : 1, sizeof *f);
    int64_t *mins = calloc(n > 0 ? n : 1, sizeof *mins);
    enum mn_status rc = f != NULL && mins != NULL ? MN_OK : MN_ERR_NOMEM;
    size_t k = 0, nm = 0;
    for (size_t i = 0; rc == MN_OK && i < n; i++)
        if (all || keys[i] == key)
            fact_of(&rows[i], &f[k++]);
    struct callstats_complaint_counts c = {.events = events};
    struct callstats_complaint fig;
    struct callstats_duration d = {0};
    if (rc == MN_OK)
        rc = complaint_tally(f, k, now, &c);
    if (rc == MN_OK)
        rc = complaint_handling_minutes(f, k, mins, &nm);
    if (rc == MN_OK)
        rc = callstats_duration(mins, nm, &d);
    if (rc == MN_OK)
        rc = callstats_complaint(&c, &fig);
    if (rc == MN_OK)
        *out = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:o, s:o}}",
                         "complaints", (json_int_t)c.complaints, "events",
                         (json_int_t)c.events, "complaint_rate", rate_json(&fig.complaint_rate),
                         "first_response_on_time", rate_json(&fig.first_response_on_time),
                         "resolution_on_time", rate_json(&fig.resolution_on_time),
                         "verification_satisfaction",
                         rate_json(&fig.verification_satisfaction), "recomplaint_rate",
                         rate_json(&fig.recomplaint_rate), "handling_minutes", "n",
                         (json_int_t)d.n, "mean", d.defined ? json_real(d.mean) : json_null(),
                         "p90", d.defined ? json_integer(d.p90) : json_null());
    free(f);
    free(mins);
    return rc;
}

static int64_t month_key(int64_t t, int offset_min)
{
    struct civil_time ct = civil_from_epoch(t, offset_min);
    return (int64_t)ct.date.year * 100 + ct.date.month;
}

static int64_t key_of(const char *by, int64_t store, int64_t dept, int64_t cat, int64_t at,
                      int offset_min)
{
    if (strcmp(by, "store") == 0)
        return store;
    if (strcmp(by, "department") == 0)
        return dept;
    if (strcmp(by, "category") == 0)
        return cat;
    return month_key(at, offset_min);
}

static void label_of(struct svc_ctx *ctx, const char *by, int64_t key, char *buf, size_t cap)
{
    snprintf(buf, cap, "#%lld", (long long)key);
    if (strcmp(by, "store") == 0) {
        struct org_store s;
        if (stores_get(ctx->db, ctx->who.tenant_id, key, &s) == MN_OK)
            snprintf(buf, cap, "%s", s.name);
    } else if (strcmp(by, "department") == 0) {
        struct org_department d;
        if (key == 0)
            snprintf(buf, cap, "未分派");
        else if (departments_get(ctx->db, ctx->who.tenant_id, key, &d) == MN_OK)
            snprintf(buf, cap, "%s", d.name);
    } else if (strcmp(by, "category") == 0) {
        struct complaint_category c;
        if (complaint_category_get(ctx->db, ctx->who.tenant_id, key, &c) == MN_OK)
            snprintf(buf, cap, "%s", c.name);
    } else {
        snprintf(buf, cap, "%04lld-%02lld", (long long)(key / 100), (long long)(key % 100));
    }
}

static enum mn_status open_by_age(struct svc_ctx *ctx, int64_t store, int64_t dept, int64_t now,
                                  json_t **out)
{
    struct ticket_fact_row *rows = NULL;
    size_t n = 0;
    CHECK(ticket_facts(ctx->db, ctx->who.tenant_id, 0, now + 1, store, dept, STATS_CAP, &rows,
                       &n));
    int64_t *opened = calloc(n > 0 ? n : 1, sizeof *opened);
    size_t k = 0;
    for (size_t i = 0; opened != NULL && i < n; i++)
        if (rows[i].open)
            opened[k++] = rows[i].created_at;
    free(rows);
    if (opened == NULL)
        return MN_ERR_NOMEM;
    int64_t counts[CALLSTATS_AGE_DEFAULT_EDGES + 1];
    enum mn_status rc = callstats_age_buckets(opened, k, now, callstats_age_default_edges_s,
                                              CALLSTATS_AGE_DEFAULT_EDGES, counts);
    free(opened);
    CHECK(rc);
    static const char *const labels[] = {"lt_1d", "1d_3d", "3d_7d", "ge_7d"};
    *out = json_array();
    for (int i = 0; i <= CALLSTATS_AGE_DEFAULT_EDGES; i++)
        json_array_append_new(*out, json_pack("{s:s, s:I}", "bucket", labels[i], "count",
                                              (json_int_t)counts[i]));
    return MN_OK;
}

enum mn_status svc_complaint_stats(struct svc_ctx *ctx, const struct complaint_stats_query *q,
                                   json_t **out, struct mn_error *err)
{
    const char *by = q->group_by != NULL ? q->group_by : "";
    if (by[0] != '\0' && strcmp(by, "store") != 0 && strcmp(by, "department") != 0 &&
        strcmp(by, "category") != 0 && strcmp(by, "month") != 0)
        return mn_fail(err, MN_ERR_INVALID, "group_by",
                       "must be store, department, category or month");
    int64_t store = q->store_id, dept = q->department_id;
    switch (role_scope_of(ctx->who.role)) {
    case SCOPE_TENANT:
        break;
    case SCOPE_STORE:
        store = ctx->who.store_id;
        break;
    case SCOPE_DEPARTMENT:
        store = ctx->who.store_id;
        dept = ctx->who.department_id;
        break;
    }
    struct complaint_clock clock;
    CHECK(complaint_clock_load(ctx->db, ctx->who.tenant_id, &clock));
    int off = clock.cal.offset_min;
    int64_t now = store_now();
    struct civil_date today = civil_from_epoch(now, off).date;
    struct civil_date to_d = q->to.year != 0 ? q->to : today;
    struct civil_date from_d = q->from.year != 0 ? q->from : civil_add_days(to_d, -29);
    if (civil_date_cmp(from_d, to_d) > 0)
        return mn_fail(err, MN_ERR_INVALID, "to", "must not be before from");
    int64_t from = civil_midnight_epoch(from_d, off);
    int64_t to = civil_midnight_epoch(civil_add_days(to_d, 1), off);
    struct ticket_fact_row *rows = NULL;
    struct event_count_row *ev = NULL;
    size_t n = 0, ne = 0;
    int64_t *keys = NULL, *gk = NULL, *gev = NULL;
    json_t *overall = NULL, *groups = json_array(), *ages = NULL;
    enum mn_status rc = ticket_facts(ctx->db, ctx->who.tenant_id, from, to, store, dept,
                                     STATS_CAP, &rows, &n);
    if (rc == MN_OK)
        rc = complaint_event_counts(ctx->db, ctx->who.tenant_id, from, to, store, dept,
                                    &ev, &ne);
    int64_t events = 0;
    for (size_t i = 0; rc == MN_OK && i < ne; i++)
        events += ev[i].n;
    if (rc == MN_OK)
        rc = figures(rows, NULL, n, 0, true, events, now, &overall);
    size_t ng = 0;
    if (rc == MN_OK && by[0] != '\0') {
        keys = calloc(n > 0 ? n : 1, sizeof *keys);
        gk = calloc(MAX_GROUPS, sizeof *gk);
        gev = calloc(MAX_GROUPS, sizeof *gev);
        rc = keys != NULL && gk != NULL && gev != NULL ? MN_OK : MN_ERR_NOMEM;
        for (size_t i = 0; rc == MN_OK && i < n; i++) {
            keys[i] = key_of(by, rows[i].store_id, rows[i].department_id, rows[i].category_id,
                             rows[i].created_at, off);
            size_t g = 0;
            while (g < ng && gk[g] != keys[i])
                g++;
            if (g == ng && ng < MAX_GROUPS)
                gk[ng++] = keys[i];
        }
        /* events split the same way; a category has no events of its own, so its rate is
         * against all events in scope */
        for (size_t i = 0; rc == MN_OK && i < ne; i++) {
            int64_t k = strcmp(by, "category") == 0
                            ? -1
                            : key_of(by, ev[i].store_id, ev[i].department_id, 0,
                                     ev[i].occurred_at, off);
            for (size_t g = 0; g < ng; g++)
                if (k == -1 || gk[g] == k)
                    gev[g] += ev[i].n;
        }
        for (size_t g = 0; rc == MN_OK && g < ng; g++) {
            json_t *fig = NULL;
            rc = figures(rows, keys, n, gk[g], false, gev[g], now, &fig);
            if (rc != MN_OK)
                break;
            char label[420];
            label_of(ctx, by, gk[g], label, sizeof label);
            json_array_append_new(groups, json_pack("{s:I, s:s, s:o}", "key",
                                                    (json_int_t)gk[g], "label", label,
                                                    "figures", fig));
        }
    }
    if (rc == MN_OK)
        rc = open_by_age(ctx, store, dept, now, &ages);
    if (rc == MN_OK) {
        *out = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o}", "from", json_time_or_null(from),
                         "group_by", by, "to", json_time_or_null(to), "overall", overall,
                         "groups", groups, "open_by_age", ages);
        overall = groups = ages = NULL;
    }
    json_decref(overall);
    json_decref(groups);
    json_decref(ages);
    free(rows);
    free(ev);
    free(keys);
    free(gk);
    free(gev);
    return rc;
}
