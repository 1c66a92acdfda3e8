/* SPDX-License-Identifier: MIT */
/* Auto-industry weighted satisfaction index (CSI for service, SSI for sales; PRODUCT.md §1):
 * factors with weights, items within factors with weights, each item's mean rescaled to 0..scale
 * (100 or 1000). Computes from per-item sums and counts; which answers feed which item, and
 * any manufacturer-specific adjustments, are configured elsewhere. */
#ifndef MANYI_CORE_CSI_H
#define MANYI_CORE_CSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* One item's answers. Missing when n == 0. */
struct csi_item {
    double weight;  /* relative weight within its factor, >= 0 */
    int scale_min;  /* lowest answer on the item's scale, e.g. 1 */
    int scale_max;  /* highest answer, e.g. 5 or 10; > scale_min */
    double sum;     /* sum of answers */
    int64_t n;      /* number of answers */
};

struct csi_factor {
    double weight;                /* relative weight among factors, >= 0 */
    const struct csi_item *items; /* borrowed */
    size_t n_items;
};

struct csi_result {
    bool defined;         /* false when no item of any factor has answers */
    bool complete;        /* every item of every factor had answers */
    double index;         /* 0..scale */
    size_t factors_used;  /* factors with at least one answered item */
};

/* Rescales a mean on [min, max] to 0..scale: (mean - min) / (max - min) * scale.
 * MN_ERR_INVALID when max <= min, scale <= 0 or the mean is off the scale. */
enum mn_status csi_rescale(double mean, int min, int max, double scale, double *out);

/* One factor's score on 0..scale: item weights normalised over the answered items, so a
 * missing item's weight is shared among the others of the same factor. *defined is false
 * (score 0) when no item is answered. MN_ERR_INVALID on a bad scale, a negative weight or a
 * mean off its scale, or when the answered items carry zero total weight. */
enum mn_status csi_factor_score(const struct csi_factor *f, double scale, double *score,
                                bool *defined);

/* The index: factor weights normalised over the factors that have a score (a factor with no
 * answered item drops out and complete is false). scale must be 100 or 1000. */
enum mn_status csi_compute(const struct csi_factor *factors, size_t n_factors, double scale,
                           struct csi_result *out);

#endif
