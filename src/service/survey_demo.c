/* SPDX-License-Identifier: MIT */
/* Demo data of surveys (`manyi demo`): the 7-day sales and 3-day after-service follow-ups, the
 * SERVQUAL survey and the table card from the built-in templates, published, with a QR code per
 * store and a few hundred answers spread over the last 30 days, stores and channels, so that
 * the figures page has something to show. Deterministic: the same demo every time. */
#include <stdio.h>
#include <string.h>

#include "service/survey.h"
#include "store/survey.h"

static const char *const demo_templates[] = {"sales_7day", "service_3day", "servqual"};

/* A small linear congruential generator: reproducible demo data without global state. */
static unsigned next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static json_t *demo_answers(const struct survey_compiled *c, unsigned *seed, int store)
{
    json_t *arr = json_array();
    /* the second store does a little worse, so comparisons show something */
    int bias = store == 0 ? 1 : 0;
    int nps = (int)(next(seed) % 11);
    if (nps < 10 && bias && next(seed) % 3 == 0)
        nps++;
    for (size_t i = 0; i < c->v.n_questions; i++) {
        const struct survey_question *q = &c->qs[i];
        if (q->show_if.active)
            continue;
        switch (q->type) {
        case SURVEY_Q_NPS:
            json_array_append_new(arr, json_pack("{s:I, s:i}", "question_id",
                                                 (json_int_t)q->id, "value", nps));
            if (nps <= 6 && i + 1 < c->v.n_questions && c->qs[i + 1].show_if.active)
                json_array_append_new(arr, json_pack("{s:I, s:s}", "question_id",
                                                     (json_int_t)c->qs[i + 1].id, "text",
                                                     "等待时间太长,没人主动说明进度。"));
            break;
        case SURVEY_Q_RATING: {
            int top = q->scale_max, v = top - (int)(next(seed) % 3) - (nps <= 6 ? 1 : 0) + bias;
            v = v > top ? top : v < 1 ? 1 : v;
            json_array_append_new(arr, json_pack("{s:I, s:i}", "question_id",
                                                 (json_int_t)q->id, "value", v));
            break;
        }
        case SURVEY_Q_MATRIX: {
            json_t *vals = json_array();
            for (int r = 0; r < q->n_rows; r++) {
                bool e = q->rows[r].role == SURVEY_ROLE_EXPECTATION;
                int v = e ? 6 + (int)(next(seed) % 2) : 3 + (int)(next(seed) % 4) + bias;
                json_array_append_new(vals, json_integer(v > 7 ? 7 : v));
            }
            json_array_append_new(arr, json_pack("{s:I, s:o}", "question_id",
                                                 (json_int_t)q->id, "values", vals));
            break;
        }
        case SURVEY_Q_POINTS: {
            /* a few typical allocations: reliability usually matters most */
            static const int shares[4][SERVQUAL_DIM_COUNT] = {
                {30, 20, 10, 20, 20}, {40, 20, 10, 10, 20}, {25, 25, 10, 15, 25},
                {35, 15, 15, 15, 20}};
            const int *p = shares[next(seed) % 4];
            json_array_append_new(arr, json_pack("{s:I, s:[i, i, i, i, i]}", "question_id",
                                                 (json_int_t)q->id, "values", p[0], p[1], p[2],
                                                 p[3], p[4]));
            break;
        }
        case SURVEY_Q_YESNO:
            json_array_append_new(arr, json_pack("{s:I, s:i}", "question_id",
                                                 (json_int_t)q->id, "value",
                                                 next(seed) % 5 != 0));
            break;
        default:
            break;
        }
    }
    return arr;
}

struct demo_tx {
    const struct demo_org *org;
    const struct survey_compiled *c;
    unsigned seed;
};

static enum mn_status demo_responses_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct demo_tx *t = arg;
    static const char *const channels[] = {"call", "sms", "link", "qr"};
    int64_t now = store_now();
    for (int k = 0; k < 120; k++) {
        int store = (int)(next(&t->seed) % DEMO_STORES);
        json_t *a = demo_answers(t->c, &t->seed, store);
        struct response_meta m = {
            .store_id = t->org->store_ids[store],
            .department_id = t->org->dept_ids[store][k % 2 ? DEMO_SALES : DEMO_AFTER_SALES],
            .submitted_at = now - (int64_t)(next(&t->seed) % 30) * 86400 - 3600,
        };
        snprintf(m.channel, sizeof m.channel, "%s", channels[next(&t->seed) % 4]);
        struct response_rec rec;
        enum mn_status rc = response_prepare(t->c, a, &m, &rec, err);
        json_decref(a);
        if (rc == MN_OK)
            rc = response_write(ctx->db, &rec, err);
        response_rec_release(&rec);
        if (rc != MN_OK)
            return rc;
    }
    return svc_audit(ctx, "demo", "survey_response", t->c->survey_id, NULL, NULL);
}

enum mn_status survey_demo_load(struct svc_ctx *ctx, const struct demo_org *org,
                                struct mn_error *err)
{
    for (size_t i = 0; i < sizeof demo_templates / sizeof *demo_templates; i++) {
        struct survey_input in = {.template = demo_templates[i]};
        json_t *s = NULL, *p = NULL;
        enum mn_status rc = svc_survey_create(ctx, &in, &s, err);
        int64_t id = rc == MN_OK ? json_integer_value(json_object_get(s, "id")) : 0;
        json_decref(s);
        if (rc == MN_OK)
            rc = svc_survey_publish(ctx, id, &p, err);
        json_decref(p);
        const struct survey_compiled *c = NULL;
        if (rc == MN_OK)
            rc = survey_version_load(ctx->db, ctx->who.tenant_id, id, 1, &c);
        for (int st = 0; rc == MN_OK && st < DEMO_STORES; st++) {
            struct link_input l = {.store_id = org->store_ids[st]};
            snprintf(l.kind, sizeof l.kind, "qr");
            snprintf(l.touchpoint, sizeof l.touchpoint, "reception");
            json_t *lo = NULL;
            rc = svc_link_create(ctx, id, &l, &lo, err);
            json_decref(lo);
        }
        struct demo_tx t = {org, c, 20261122u + (unsigned)i};
        if (rc == MN_OK)
            rc = svc_run_tx(ctx, demo_responses_tx, &t, err);
        if (rc != MN_OK)
            return rc;
    }
    return MN_OK;
}
