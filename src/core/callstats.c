/* SPDX-License-Identifier: MIT */
/* Follow-up and complaint indicators (PRODUCT.md §5; issues 3 and 5). Pure arithmetic on counts
 * and sorted arrays; every empty denominator is reported as undefined. */
#include "core/callstats.h"

const int64_t callstats_age_default_edges_s[CALLSTATS_AGE_DEFAULT_EDGES] = {
    24 * 3600, 72 * 3600, 7 * 24 * 3600,
};

/* A ratio that may exceed 100 % (calls per task, complaints per event). */
static enum mn_status ratio(int64_t num, int64_t den, struct rate *out)
{
    *out = (struct rate){0};
    if (num < 0 || den < 0)
        return MN_ERR_INVALID;
    out->num = num;
    out->den = den;
    if (den > 0) {
        out->defined = true;
        out->pct = 100.0 * (double)num / (double)den;
    }
    return MN_OK;
}

enum mn_status callstats_followup(const struct callstats_followup_counts *c,
                                  struct callstats_followup *out)
{
    *out = (struct callstats_followup){0};
    if (c->connected_calls > c->attempts || c->tasks_attempted > c->attempts)
        return MN_ERR_INVALID;
    enum mn_status rc = rate_compute(c->done_on_time, c->tasks_due, &out->on_time);
    if (rc == MN_OK)
        rc = ratio(c->connected_calls, c->tasks_attempted, &out->answer_ratio);
    if (rc == MN_OK)
        rc = rate_compute(c->tasks_reached, c->tasks_attempted, &out->reach);
    if (rc != MN_OK || c->attempts < 0) {
        *out = (struct callstats_followup){0};
        return MN_ERR_INVALID;
    }
    if (c->tasks_attempted > 0) {
        out->attempts_per_task_defined = true;
        out->attempts_per_task = (double)c->attempts / (double)c->tasks_attempted;
    }
    return MN_OK;
}

enum mn_status callstats_complaint(const struct callstats_complaint_counts *c,
                                   struct callstats_complaint *out)
{
    *out = (struct callstats_complaint){0};
    enum mn_status rc = ratio(c->complaints, c->events, &out->complaint_rate);
    if (rc == MN_OK)
        rc = rate_compute(c->first_response_on_time, c->first_response_due,
                          &out->first_response_on_time);
    if (rc == MN_OK)
        rc = rate_compute(c->resolved_on_time, c->resolution_due, &out->resolution_on_time);
    if (rc == MN_OK)
        rc = rate_compute(c->verified_satisfied, c->verified, &out->verification_satisfaction);
    if (rc == MN_OK)
        rc = rate_compute(c->recomplaints, c->complaints, &out->recomplaint_rate);
    if (rc != MN_OK)
        *out = (struct callstats_complaint){0};
    return rc;
}

static bool ascending(const int64_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (v[i] < v[i - 1])
            return false;
    return true;
}

enum mn_status callstats_percentile(const int64_t *sorted, size_t n, int p, int64_t *out)
{
    if (n == 0 || p < 1 || p > 100 || !ascending(sorted, n))
        return MN_ERR_INVALID;
    /* ceil(p * n / 100) in integers, so 90 % of 10 is exactly rank 9 with no rounding error. */
    size_t rank = ((size_t)p * n + 99) / 100;
    *out = sorted[rank - 1];
    return MN_OK;
}

enum mn_status callstats_duration(const int64_t *sorted, size_t n,
                                  struct callstats_duration *out)
{
    *out = (struct callstats_duration){0};
    if (n == 0)
        return MN_OK;
    if (!ascending(sorted, n) || sorted[0] < 0)
        return MN_ERR_INVALID;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)sorted[i];
    out->n = n;
    out->defined = true;
    out->mean = sum / (double)n;
    return callstats_percentile(sorted, n, 90, &out->p90);
}

enum mn_status callstats_age_buckets(const int64_t *opened_at, size_t n, int64_t now,
                                     const int64_t *edges_s, size_t n_edges, int64_t *counts)
{
    for (size_t k = 0; k < n_edges; k++)
        if (edges_s[k] <= 0 || (k > 0 && edges_s[k] <= edges_s[k - 1]))
            return MN_ERR_INVALID;
    for (size_t k = 0; k <= n_edges; k++)
        counts[k] = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t age = now - opened_at[i];
        size_t k = 0;
        while (k < n_edges && age >= edges_s[k])
            k++;
        counts[k]++;
    }
    return MN_OK;
}
