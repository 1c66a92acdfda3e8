/* SPDX-License-Identifier: MIT */
/* CSAT figures from the distribution of answers on a rating scale: top-k-box share (top-2 on a
 * 5-point scale is the CSAT of PRODUCT.md §1), satisfaction rate at a threshold, mean, and the
 * CES mean. Works on counts per scale point or on (sum, n) rollups; no raw answer lists. */
#ifndef MANYI_CORE_CSAT_H
#define MANYI_CORE_CSAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rate.h"
#include "core/status.h"

/* A rating scale min..max. Supported: 1-5, 1-7, 1-10 (rating questions) and 0-10. */
struct csat_scale {
    int min;
    int max;
};

/* Answers per scale point: counts[i] answers gave the value scale.min + i; the array holds
 * scale.max - scale.min + 1 entries. Borrowed. */
struct csat_dist {
    struct csat_scale scale;
    const int64_t *counts;
};

struct csat_mean {
    int64_t n;    /* answers */
    bool defined; /* false when n == 0 */
    double mean;  /* on the scale's own units */
};

/* True for the supported scales listed above. */
bool csat_scale_valid(struct csat_scale s);

/* Share of answers in the top k points (values > max - k). top-2 on 1-5 counts 4 and 5.
 * MN_ERR_INVALID for an unsupported scale, k outside 1..points, or negative counts. */
enum mn_status csat_top_box(const struct csat_dist *d, int k, struct rate *out);

/* CSAT as PRODUCT.md §1 defines it: top-2-box share on a 1-5 scale; counts[0..4] = values 1..5. */
enum mn_status csat_top2_5pt(const int64_t counts[5], struct rate *out);

/* Satisfaction rate: share of answers at or above threshold (e.g. 4 "satisfied" on 1-5).
 * MN_ERR_INVALID when threshold is off the scale. */
enum mn_status csat_satisfaction_rate(const struct csat_dist *d, int threshold,
                                      struct rate *out);

/* Mean of the distribution. n == 0 gives MN_OK, defined = false. */
enum mn_status csat_mean_dist(const struct csat_dist *d, struct csat_mean *out);

/* Mean from a rollup's sum of values and count. MN_ERR_INVALID when n < 0 or when the mean
 * falls outside the scale (the sum cannot belong to answers on this scale). */
enum mn_status csat_mean_sum(struct csat_scale s, int64_t sum, int64_t n, struct csat_mean *out);

/* Customer Effort Score: the mean on the configured CES scale (usually 1-7, 7 = "very easy").
 * Same contract as csat_mean_sum; named apart so callers say which figure they show. */
enum mn_status csat_ces_mean(struct csat_scale s, int64_t sum, int64_t n, struct csat_mean *out);

#endif
