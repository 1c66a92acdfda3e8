/* SPDX-License-Identifier: MIT */
/* SERVQUAL dimension gaps and weighted scores (PRODUCT.md §1, seed 002). Pure arithmetic over
 * sums and counts; no survey parsing, no rounding for display. */
#include "core/servqual.h"

#include <stdio.h>
#include <string.h>

static const char *const dim_codes[SERVQUAL_DIM_COUNT] = {
    "reliability", "assurance", "tangibles", "empathy", "responsiveness",
};

static const char *const dim_names_zh[SERVQUAL_DIM_COUNT] = {
    "信赖度", "专业度", "有形度", "同理度", "反应度",
};

const char *servqual_dim_code(enum servqual_dim d)
{
    return (unsigned)d < SERVQUAL_DIM_COUNT ? dim_codes[d] : NULL;
}

const char *servqual_dim_name_zh(enum servqual_dim d)
{
    return (unsigned)d < SERVQUAL_DIM_COUNT ? dim_names_zh[d] : NULL;
}

enum mn_status servqual_dim_parse(const char *code, enum servqual_dim *out)
{
    if (code == NULL)
        return MN_ERR_INVALID;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        if (strcmp(code, dim_codes[i]) == 0) {
            *out = (enum servqual_dim)i;
            return MN_OK;
        }
    }
    return MN_ERR_INVALID;
}

void servqual_sums_add(struct servqual_dim_sums *s, bool has_p, double p, bool has_e, double e)
{
    if (has_p) {
        s->p_sum += p;
        s->p_n++;
    }
    if (has_e) {
        s->e_sum += e;
        s->e_n++;
    }
    if (has_p && has_e) {
        s->gap_sum += p - e;
        s->gap_n++;
    }
}

void servqual_dim_compute(const struct servqual_dim_sums *s, struct servqual_dim_result *out)
{
    *out = (struct servqual_dim_result){0};
    if (s->p_n > 0) {
        out->p_defined = true;
        out->mean_p = s->p_sum / (double)s->p_n;
    }
    if (s->e_n > 0) {
        out->e_defined = true;
        out->mean_e = s->e_sum / (double)s->e_n;
    }
    if (s->gap_n > 0) {
        out->gap_defined = true;
        out->gap = s->gap_sum / (double)s->gap_n;
    }
}

enum mn_status servqual_weights_normalise(const double raw[SERVQUAL_DIM_COUNT],
                                          double out[SERVQUAL_DIM_COUNT])
{
    double total = 0.0;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        if (!(raw[i] >= 0.0))
            return MN_ERR_INVALID;
        total += raw[i];
    }
    if (!(total > 0.0))
        return MN_ERR_INVALID;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        out[i] = raw[i] / total;
    return MN_OK;
}

enum mn_status servqual_points_add(struct servqual_points_acc *acc,
                                   const int points[SERVQUAL_DIM_COUNT], struct mn_error *err)
{
    int total = 0;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        if (points[i] < 0 || points[i] > 100) {
            char field[40];
            snprintf(field, sizeof field, "points.%s", dim_codes[i]);
            return mn_fail(err, MN_ERR_INVALID, field, "each dimension takes 0 to 100 points");
        }
        total += points[i];
    }
    /* The seed's method: the respondent shares out exactly 100 points among the five. */
    if (total != 100)
        return mn_fail(err, MN_ERR_INVALID, "points",
                       "points must add up to 100 (they add up to %d)", total);
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        acc->sum[i] += points[i];
    acc->n++;
    return MN_OK;
}

enum mn_status servqual_weights_from_points(const struct servqual_points_acc *acc,
                                            double out[SERVQUAL_DIM_COUNT])
{
    if (acc->n <= 0)
        return MN_ERR_INVALID;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        out[i] = (double)acc->sum[i] / (double)acc->n / 100.0;
    return MN_OK;
}

void servqual_points_merge(struct servqual_points_acc *to, const struct servqual_points_acc *from)
{
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        to->sum[i] += from->sum[i];
    to->n += from->n;
}

const char *servqual_weight_source_code(enum servqual_weight_source s)
{
    switch (s) {
    case SERVQUAL_WEIGHTS_NONE: return "none";
    case SERVQUAL_WEIGHTS_CONFIGURED: return "configured";
    case SERVQUAL_WEIGHTS_RESPONDENTS: return "respondents";
    }
    return NULL;
}

enum mn_status servqual_weights_choose(bool asks_points, const struct servqual_points_acc *acc,
                                       const double *configured, double out[SERVQUAL_DIM_COUNT],
                                       enum servqual_weight_source *src)
{
    *src = SERVQUAL_WEIGHTS_NONE;
    if (asks_points && acc != NULL && acc->n > 0) {
        for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
            if (acc->sum[i] < 0)
                return MN_ERR_INVALID;
        enum mn_status rc = servqual_weights_from_points(acc, out);
        if (rc == MN_OK)
            *src = SERVQUAL_WEIGHTS_RESPONDENTS;
        return rc;
    }
    if (configured == NULL)
        return MN_OK;
    enum mn_status rc = servqual_weights_normalise(configured, out);
    if (rc == MN_OK)
        *src = SERVQUAL_WEIGHTS_CONFIGURED;
    return rc;
}

enum mn_status servqual_score(const struct servqual_dim_result dims[SERVQUAL_DIM_COUNT],
                              const double *weights, enum servqual_missing policy,
                              struct servqual_score *out)
{
    *out = (struct servqual_score){0};
    double wsum = 0.0, acc = 0.0;
    unsigned used = 0;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        double w = weights != NULL ? weights[i] : 1.0;
        if (!(w >= 0.0))
            return MN_ERR_INVALID;
        if (!dims[i].gap_defined)
            continue;
        used |= 1u << i;
        wsum += w;
        acc += w * dims[i].gap;
    }
    if (used == 0)
        return MN_OK;
    if (policy == SERVQUAL_MISSING_UNDEFINED && used != (1u << SERVQUAL_DIM_COUNT) - 1u)
        return MN_OK;
    if (!(wsum > 0.0))
        return MN_ERR_INVALID;
    out->defined = true;
    out->score = acc / wsum;
    out->dims_used = used;
    return MN_OK;
}
