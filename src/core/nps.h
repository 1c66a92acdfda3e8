/* SPDX-License-Identifier: MIT */
/* Net Promoter Score: classifying a 0-10 answer, aggregating counts, the score and its 95 %
 * margin of error. Works on counts (the rollup table's columns), never on raw response lists;
 * rounding for display is left to the caller. */
#ifndef MANYI_CORE_NPS_H
#define MANYI_CORE_NPS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

/* Stable codes: stored in responses and rollups, so never renumber. */
enum nps_category {
    NPS_DETRACTOR = 0, /* 0-6 */
    NPS_PASSIVE = 1,   /* 7-8 */
    NPS_PROMOTER = 2,  /* 9-10 */
};

/* Counts of answers in each category; n = sum of the three. */
struct nps_counts {
    int64_t promoters;
    int64_t passives;
    int64_t detractors;
};

struct nps_result {
    int64_t n;              /* answers counted */
    bool defined;           /* false when n == 0: every figure below is then 0 and meaningless */
    double promoter_pct;    /* share of promoters, 0..100 */
    double passive_pct;     /* share of passives, 0..100 */
    double detractor_pct;   /* share of detractors, 0..100 */
    double score;           /* NPS in points, -100..100 */
    double margin_95;       /* half-width of the 95 % interval, NPS points; 0 when n < 1 */
};

/* Classifies one answer. Returns MN_ERR_INVALID (and leaves *out alone) unless 0 <= score <= 10. */
enum mn_status nps_classify(int score, enum nps_category *out);

/* Adds one answer (0-10) to counts. MN_ERR_INVALID for out-of-range scores; counts unchanged. */
enum mn_status nps_counts_add(struct nps_counts *c, int score);

/* Computes the score from counts. Negative counts give MN_ERR_INVALID. n == 0 is not an error:
 * it returns MN_OK with out->defined = false and zeros, so dashboards can show "no data" rather
 * than a fake 0. Margin: 1.96 * sqrt(var / n) * 100 with var = (pP + pD) - (pP - pD)^2, the
 * variance of a per-answer +1/0/-1 score. Pure; thread-safe. */
enum mn_status nps_compute(const struct nps_counts *c, struct nps_result *out);

#endif
