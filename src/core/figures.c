/* SPDX-License-Identifier: MIT */
/* Survey figures from rollup sums; see figures.h. */
#include "core/figures.h"

#include <string.h>

void figures_sums_from_derived(const struct survey_derived *d, struct figures_sums *out)
{
    memset(out, 0, sizeof *out);
    out->n = 1;
    if (d->has_nps) {
        out->promoters = d->nps_category == NPS_PROMOTER;
        out->passives = d->nps_category == NPS_PASSIVE;
        out->detractors = d->nps_category == NPS_DETRACTOR;
    }
    out->rated_n = d->rated_n;
    out->top2_n = d->top2_n;
    out->alerts = d->alert != 0;
    memcpy(out->dims, d->dims, sizeof out->dims);
}

void figures_sums_add(struct figures_sums *to, const struct figures_sums *d)
{
    to->n += d->n;
    to->promoters += d->promoters;
    to->passives += d->passives;
    to->detractors += d->detractors;
    to->rated_n += d->rated_n;
    to->top2_n += d->top2_n;
    to->alerts += d->alerts;
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        to->dims[i].p_sum += d->dims[i].p_sum;
        to->dims[i].p_n += d->dims[i].p_n;
        to->dims[i].e_sum += d->dims[i].e_sum;
        to->dims[i].e_n += d->dims[i].e_n;
        to->dims[i].gap_sum += d->dims[i].gap_sum;
        to->dims[i].gap_n += d->dims[i].gap_n;
    }
}

enum mn_status figures_compute(const struct figures_sums *s, const double *weights,
                               struct figures *out)
{
    memset(out, 0, sizeof *out);
    struct nps_counts c = {s->promoters, s->passives, s->detractors};
    enum mn_status rc = nps_compute(&c, &out->nps);
    if (rc == MN_OK)
        rc = rate_compute(s->top2_n, s->rated_n, &out->csat);
    for (int d = 0; d < SERVQUAL_DIM_COUNT && rc == MN_OK; d++) {
        const struct servqual_dim_sums *x = &s->dims[d];
        if (x->p_n < 0 || x->e_n < 0 || x->gap_n < 0)
            rc = MN_ERR_INVALID;
        else
            servqual_dim_compute(x, &out->dims[d]);
    }
    if (rc == MN_OK)
        rc = servqual_score(out->dims, NULL, SERVQUAL_MISSING_RENORMALISE, &out->unweighted);
    if (rc == MN_OK && weights != NULL) {
        rc = servqual_weights_normalise(weights, out->weights);
        out->has_weights = rc == MN_OK;
        /* a zero total weight over the dimensions present leaves the weighted score undefined
         * rather than failing the whole page */
        if (rc == MN_OK &&
            servqual_score(out->dims, weights, SERVQUAL_MISSING_RENORMALISE, &out->weighted) !=
                MN_OK)
            memset(&out->weighted, 0, sizeof out->weighted);
    }
    if (rc != MN_OK)
        memset(out, 0, sizeof *out);
    return rc;
}
