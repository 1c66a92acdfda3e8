/* SPDX-License-Identifier: MIT */
/* Figures of the follow-up and complaint capabilities from counts (issue 3 §6, issue 5 §8,
 * PRODUCT.md §5): on-time follow-up rate, effective call answer ratio, reach rate, attempts per
 * task; complaint rate, on-time first response and resolution, verification satisfaction,
 * re-complaint rate, mean and p90 handling time, open tickets by age. Counting the inputs (per
 * store, department, agent, period) is the store's job; this is the arithmetic. */
#ifndef MANYI_CORE_CALLSTATS_H
#define MANYI_CORE_CALLSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rate.h"
#include "core/status.h"

/* ---- follow-up calls ---------------------------------------------------------------------- */

struct callstats_followup_counts {
    int64_t tasks_due;          /* tasks whose window ended in the period (or is open, due) */
    int64_t done_on_time;       /* of those, completed before the window closed */
    int64_t tasks_attempted;    /* tasks with at least one call attempt */
    int64_t tasks_reached;      /* tasks with at least one connected call */
    int64_t connected_calls;    /* attempts whose outcome was "connected" */
    int64_t attempts;           /* all call attempts */
};

struct callstats_followup {
    struct rate on_time;        /* done_on_time / tasks_due */
    struct rate answer_ratio;   /* 有效电话接听比例: connected_calls / tasks_attempted; may pass
                                 * 100 % when a task is connected more than once */
    struct rate reach;          /* tasks_reached / tasks_attempted */
    bool attempts_per_task_defined;
    double attempts_per_task;   /* attempts / tasks_attempted */
};

/* Every figure with an empty denominator is left undefined. MN_ERR_INVALID for negative
 * counts or impossible ones (done_on_time > tasks_due, tasks_reached > tasks_attempted,
 * connected_calls > attempts, tasks_attempted > attempts). */
enum mn_status callstats_followup(const struct callstats_followup_counts *c,
                                  struct callstats_followup *out);

/* ---- complaints --------------------------------------------------------------------------- */

struct callstats_complaint_counts {
    int64_t events;                 /* business events in the period (sales, visits, ...) */
    int64_t complaints;             /* complaints registered in the period */
    int64_t first_response_due;     /* complaints whose first-response SLA ended in the period */
    int64_t first_response_on_time;
    int64_t resolution_due;
    int64_t resolved_on_time;
    int64_t verified;               /* verification calls completed */
    int64_t verified_satisfied;     /* ... where the customer was satisfied */
    int64_t recomplaints;           /* complaints marked as re-complaints */
};

struct callstats_complaint {
    struct rate complaint_rate;     /* complaints / events; may pass 100 % (several per event) */
    struct rate first_response_on_time;
    struct rate resolution_on_time;
    struct rate verification_satisfaction;
    struct rate recomplaint_rate;   /* recomplaints / complaints */
};

enum mn_status callstats_complaint(const struct callstats_complaint_counts *c,
                                   struct callstats_complaint *out);

/* ---- handling time ------------------------------------------------------------------------ */

struct callstats_duration {
    size_t n;
    bool defined;     /* false when n == 0 */
    double mean;      /* same unit as the input */
    int64_t p90;      /* nearest rank, see callstats_percentile */
};

/* Nearest-rank percentile of an ascending array: the value at 1-based rank ceil(p/100 * n),
 * so it is always one of the observations (p90 of 10 values is the 9th, of 11 the 10th).
 * p in 1..100. MN_ERR_INVALID for n == 0, p out of range, or an unsorted array. */
enum mn_status callstats_percentile(const int64_t *sorted, size_t n, int p, int64_t *out);

/* Mean and p90 of handling times (e.g. minutes from registration to close), sorted ascending.
 * n == 0 gives MN_OK with defined = false. MN_ERR_INVALID for an unsorted array or a negative
 * value. */
enum mn_status callstats_duration(const int64_t *sorted, size_t n,
                                  struct callstats_duration *out);

/* ---- open tickets by age ------------------------------------------------------------------ */

enum { CALLSTATS_AGE_DEFAULT_EDGES = 3 };
/* 24 h, 72 h, 7 days: buckets <1 day, 1-3 days, 3-7 days, >= 7 days. */
extern const int64_t callstats_age_default_edges_s[CALLSTATS_AGE_DEFAULT_EDGES];

/* Counts tickets opened at opened_at[i] (epoch s) by age at now into n_edges + 1 buckets:
 * bucket k holds ages in [edges[k-1], edges[k]) with edges[-1] = 0, the last bucket ages >=
 * the last edge. A ticket opened after now counts as age 0. edges (seconds) must be positive
 * and strictly increasing; counts has n_edges + 1 slots and is overwritten. */
enum mn_status callstats_age_buckets(const int64_t *opened_at, size_t n, int64_t now,
                                     const int64_t *edges_s, size_t n_edges, int64_t *counts);

#endif
