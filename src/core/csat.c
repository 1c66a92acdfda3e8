/* SPDX-License-Identifier: MIT */
/* CSAT, satisfaction rate, mean and CES from answer counts (PRODUCT.md §1). Pure; no I/O.
 * Leaves rounding and labelling to the caller. */
#include "core/csat.h"

bool csat_scale_valid(struct csat_scale s)
{
    return (s.min == 1 && (s.max == 5 || s.max == 7 || s.max == 10)) ||
           (s.min == 0 && s.max == 10);
}

static int scale_points(struct csat_scale s)
{
    return s.max - s.min + 1;
}

/* Sums counts for values >= from; fails on a negative count. */
static enum mn_status count_from(const struct csat_dist *d, int from, int64_t *hit, int64_t *n)
{
    *hit = 0;
    *n = 0;
    for (int i = 0; i < scale_points(d->scale); i++) {
        if (d->counts[i] < 0)
            return MN_ERR_INVALID;
        *n += d->counts[i];
        if (d->scale.min + i >= from)
            *hit += d->counts[i];
    }
    return MN_OK;
}

enum mn_status csat_top_box(const struct csat_dist *d, int k, struct rate *out)
{
    *out = (struct rate){0};
    if (!csat_scale_valid(d->scale) || k < 1 || k > scale_points(d->scale))
        return MN_ERR_INVALID;
    int64_t hit, n;
    enum mn_status rc = count_from(d, d->scale.max - k + 1, &hit, &n);
    if (rc != MN_OK)
        return rc;
    return rate_compute(hit, n, out);
}

enum mn_status csat_top2_5pt(const int64_t counts[5], struct rate *out)
{
    struct csat_dist d = {{1, 5}, counts};
    return csat_top_box(&d, 2, out);
}

enum mn_status csat_satisfaction_rate(const struct csat_dist *d, int threshold,
                                      struct rate *out)
{
    *out = (struct rate){0};
    if (!csat_scale_valid(d->scale) || threshold < d->scale.min || threshold > d->scale.max)
        return MN_ERR_INVALID;
    int64_t hit, n;
    enum mn_status rc = count_from(d, threshold, &hit, &n);
    if (rc != MN_OK)
        return rc;
    return rate_compute(hit, n, out);
}

enum mn_status csat_mean_dist(const struct csat_dist *d, struct csat_mean *out)
{
    *out = (struct csat_mean){0};
    if (!csat_scale_valid(d->scale))
        return MN_ERR_INVALID;
    int64_t sum = 0, n = 0;
    for (int i = 0; i < scale_points(d->scale); i++) {
        if (d->counts[i] < 0)
            return MN_ERR_INVALID;
        n += d->counts[i];
        sum += d->counts[i] * (d->scale.min + i);
    }
    return csat_mean_sum(d->scale, sum, n, out);
}

enum mn_status csat_mean_sum(struct csat_scale s, int64_t sum, int64_t n, struct csat_mean *out)
{
    *out = (struct csat_mean){0};
    if (!csat_scale_valid(s) || n < 0)
        return MN_ERR_INVALID;
    if (n == 0)
        return sum == 0 ? MN_OK : MN_ERR_INVALID;
    if (sum < (int64_t)s.min * n || sum > (int64_t)s.max * n)
        return MN_ERR_INVALID;
    out->n = n;
    out->defined = true;
    out->mean = (double)sum / (double)n;
    return MN_OK;
}

enum mn_status csat_ces_mean(struct csat_scale s, int64_t sum, int64_t n, struct csat_mean *out)
{
    return csat_mean_sum(s, sum, n, out);
}
