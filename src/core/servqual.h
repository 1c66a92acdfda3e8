/* SPDX-License-Identifier: MIT */
/* SERVQUAL (PRODUCT.md §1): the five dimensions with stable codes, item and dimension gaps
 * (P - E) from accumulated sums, importance weights (configured, or 100 points shared out by
 * respondents) and the weighted and unweighted SERVQUAL scores. Works on sums and counts as the
 * rollups keep them; which question belongs to which dimension is the survey's business. */
#ifndef MANYI_CORE_SERVQUAL_H
#define MANYI_CORE_SERVQUAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

/* Stable codes: stored in surveys, responses and rollups, so never renumber. */
enum servqual_dim {
    SERVQUAL_RELIABILITY = 0,    /* "reliability", 信赖度 */
    SERVQUAL_ASSURANCE = 1,      /* "assurance", 专业度 (professionalism) */
    SERVQUAL_TANGIBLES = 2,      /* "tangibles", 有形度 */
    SERVQUAL_EMPATHY = 3,        /* "empathy", 同理度 */
    SERVQUAL_RESPONSIVENESS = 4, /* "responsiveness", 反应度 */
};
enum { SERVQUAL_DIM_COUNT = 5 };

/* The string code ("reliability", ...) or NULL for a value outside the enum. Static storage. */
const char *servqual_dim_code(enum servqual_dim d);

/* The Chinese name (信赖度, ...) in UTF-8, or NULL. Static storage. */
const char *servqual_dim_name_zh(enum servqual_dim d);

/* Parses a string code. MN_ERR_INVALID (out untouched) for anything else, including NULL. */
enum mn_status servqual_dim_parse(const char *code, enum servqual_dim *out);

/* Running sums for one dimension. P and E are summed over every item where they are present;
 * gap_* only over items that have both, so an item with a missing P or E adds no gap.
 * Invariant: every count >= 0. Zero-initialise to start. */
struct servqual_dim_sums {
    double p_sum;
    int64_t p_n;
    double e_sum;
    int64_t e_n;
    double gap_sum; /* sum of (P - E) over paired items */
    int64_t gap_n;
};

/* Adds one item answer to its dimension's sums. has_p / has_e say whether each was answered. */
void servqual_sums_add(struct servqual_dim_sums *s, bool has_p, double p, bool has_e, double e);

/* Per-dimension figures. Each *_defined is false when its count is 0 (value then 0). The gap is
 * the mean of paired item gaps, which equals mean P - mean E only when every item is paired. */
struct servqual_dim_result {
    bool p_defined;
    double mean_p;
    bool e_defined;
    double mean_e;
    bool gap_defined;
    double gap;
};

void servqual_dim_compute(const struct servqual_dim_sums *s, struct servqual_dim_result *out);

/* Normalises raw weights (percentages, points, any non-negative numbers) to sum 1.
 * MN_ERR_INVALID for a negative weight or a zero total; out untouched then. */
enum mn_status servqual_weights_normalise(const double raw[SERVQUAL_DIM_COUNT],
                                          double out[SERVQUAL_DIM_COUNT]);

/* Average of respondents' "share 100 points" allocations. Zero-initialise to start. */
struct servqual_points_acc {
    int64_t sum[SERVQUAL_DIM_COUNT]; /* points given to each dimension, all respondents */
    int64_t n;                       /* respondents added */
};

/* Checks one allocation (each 0..100, total exactly 100) and adds it. On failure fills err with
 * field "points.<code>" or "points" and leaves acc unchanged. */
enum mn_status servqual_points_add(struct servqual_points_acc *acc,
                                   const int points[SERVQUAL_DIM_COUNT], struct mn_error *err);

/* Weights (sum 1) from the average allocation: mean points / 100. MN_ERR_INVALID when n == 0. */
enum mn_status servqual_weights_from_points(const struct servqual_points_acc *acc,
                                            double out[SERVQUAL_DIM_COUNT]);

/* to += from (rollup rows of allocations summed over a filter). */
void servqual_points_merge(struct servqual_points_acc *to, const struct servqual_points_acc *from);

/* Where the weights of a weighted score came from. */
enum servqual_weight_source {
    SERVQUAL_WEIGHTS_NONE = 0,    /* no weights: the weighted score is undefined */
    SERVQUAL_WEIGHTS_CONFIGURED,  /* the survey's configured weights */
    SERVQUAL_WEIGHTS_RESPONDENTS, /* the respondents' average "share 100 points" allocation */
};

/* The code of a source ("none", "configured", "respondents"), or NULL. Static storage. */
const char *servqual_weight_source_code(enum servqual_weight_source s);

/* Chooses the weights of the weighted score. When the survey asks respondents to share 100
 * points (asks_points) and at least one has (acc->n > 0), the weights are their average
 * allocation; otherwise the configured weights (any non-negative scale, normalised here) when
 * configured is not NULL; otherwise none. out (sum 1) is filled unless the source is NONE.
 * acc may be NULL (nobody). MN_ERR_INVALID for negative or all-zero configured weights or a
 * negative allocation sum (out untouched, *src NONE). */
enum mn_status servqual_weights_choose(bool asks_points, const struct servqual_points_acc *acc,
                                       const double *configured, double out[SERVQUAL_DIM_COUNT],
                                       enum servqual_weight_source *src);

/* What to do with a dimension that has no paired gap. */
enum servqual_missing {
    SERVQUAL_MISSING_RENORMALISE, /* drop it; share its weight among the others */
    SERVQUAL_MISSING_UNDEFINED,   /* the score is undefined unless all five are present */
};

struct servqual_score {
    bool defined;       /* false when no dimension (or, under UNDEFINED, not all) has a gap */
    double score;       /* sum of w_d * gap_d with the weights used */
    unsigned dims_used; /* bit (1u << d) set for each dimension that contributed */
};

/* Weighted SERVQUAL score. weights need not be normalised (they are normalised over the
 * dimensions used); NULL means equal weights, i.e. the unweighted score (mean of dimension gaps).
 * MN_ERR_INVALID for a negative weight, or when the dimensions used carry zero total weight. */
enum mn_status servqual_score(const struct servqual_dim_result dims[SERVQUAL_DIM_COUNT],
                              const double *weights, enum servqual_missing policy,
                              struct servqual_score *out);

#endif
