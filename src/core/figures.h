/* SPDX-License-Identifier: MIT */
/* The satisfaction figures of a survey from its rollup sums (ARCHITECTURE.md: dashboards never
 * scan raw responses): NPS with its 95 % margin, CSAT as the top-2-box share of rated items,
 * SERVQUAL mean P, mean E and gap per dimension, and the unweighted and weighted SERVQUAL
 * scores. Pure; combines nps.h, rate.h and servqual.h so every caller shows the same numbers. */
#ifndef MANYI_CORE_FIGURES_H
#define MANYI_CORE_FIGURES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/nps.h"
#include "core/rate.h"
#include "core/servqual.h"
#include "core/status.h"
#include "core/survey.h"

/* What the rollup table keeps per key (and what one response adds to it). */
struct figures_sums {
    int64_t n;                       /* responses */
    int64_t promoters, passives, detractors;
    int64_t rated_n, top2_n;         /* rated items answered, of which in the top two points */
    int64_t alerts;                  /* responses that raised a low-score alert */
    struct servqual_dim_sums dims[SERVQUAL_DIM_COUNT];
};

struct figures {
    struct nps_result nps;
    struct rate csat;                /* top-2-box share of rated items */
    struct servqual_dim_result dims[SERVQUAL_DIM_COUNT];
    struct servqual_score unweighted; /* mean of the dimension gaps present */
    bool has_weights;
    double weights[SERVQUAL_DIM_COUNT]; /* normalised to sum 1 when has_weights */
    struct servqual_score weighted;  /* with the weights, renormalised over dimensions present */
};

/* One response's contribution, from survey_derive's output. */
void figures_sums_from_derived(const struct survey_derived *d, struct figures_sums *out);
/* to += d. */
void figures_sums_add(struct figures_sums *to, const struct figures_sums *d);

/* Computes every figure. weights: raw importance weights (any non-negative scale) or NULL.
 * MN_ERR_INVALID for negative counts, top2_n > rated_n or negative weights; out is then
 * zeroed. Empty sums are not an error: every figure comes back undefined. */
enum mn_status figures_compute(const struct figures_sums *s, const double *weights,
                               struct figures *out);

#endif
