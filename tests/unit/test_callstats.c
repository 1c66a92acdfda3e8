/* SPDX-License-Identifier: MIT */
/* Unit tests for core/callstats: follow-up and complaint rates from hand-counted examples, empty
 * denominators, impossible counts, nearest-rank percentiles, mean handling time and age buckets
 * at their edges. Tolerance for percentages and means: 1e-9 absolute. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

/* cmocka's assert_float_equal works in float; this one keeps double precision. */
#define assert_near(a, b, tol)                                                                  \
    do {                                                                                        \
        double a_ = (a), b_ = (b);                                                              \
        if (!(fabs(a_ - b_) <= (tol)))                                                          \
            fail_msg("%s = %.15g, expected %.15g (tol %g)", #a, a_, b_, (double)(tol));         \
    } while (0)

#include "core/callstats.h"

#define TOL 1e-9

static void test_followup(void **state)
{
    (void)state;
    struct callstats_followup f;
    /* 30/40 on time = 75 %; 30 connected / 36 attempted = 83.33 %; 27/36 reached = 75 %;
     * 90 attempts / 36 tasks = 2.5 */
    struct callstats_followup_counts c = {40, 30, 36, 27, 30, 90};
    assert_int_equal(callstats_followup(&c, &f), MN_OK);
    assert_near(f.on_time.pct, 75.0, TOL);
    assert_near(f.answer_ratio.pct, 250.0 / 3.0, TOL);
    assert_near(f.reach.pct, 75.0, TOL);
    assert_true(f.attempts_per_task_defined);
    assert_near(f.attempts_per_task, 2.5, TOL);
    /* one task, three failed attempts: 100 % on time (closed unreachable in its window), 0 %
     * answered and reached, 3 attempts per task */
    struct callstats_followup_counts one = {1, 1, 1, 0, 0, 3};
    assert_int_equal(callstats_followup(&one, &f), MN_OK);
    assert_near(f.on_time.pct, 100.0, TOL);
    assert_near(f.answer_ratio.pct, 0.0, TOL);
    assert_true(f.answer_ratio.defined);
    assert_near(f.attempts_per_task, 3.0, TOL);
    /* two connected calls on one of two tasks: 3 / 2 = 150 % */
    struct callstats_followup_counts twice = {2, 2, 2, 2, 3, 5};
    assert_int_equal(callstats_followup(&twice, &f), MN_OK);
    assert_near(f.answer_ratio.pct, 150.0, TOL);
    /* nothing at all: every figure undefined */
    struct callstats_followup_counts none = {0};
    assert_int_equal(callstats_followup(&none, &f), MN_OK);
    assert_false(f.on_time.defined || f.answer_ratio.defined || f.reach.defined ||
                 f.attempts_per_task_defined);
    /* impossible counts */
    struct callstats_followup_counts bad1 = {1, 2, 0, 0, 0, 0};
    struct callstats_followup_counts bad2 = {0, 0, 1, 0, 2, 1};
    struct callstats_followup_counts bad3 = {0, 0, 1, 2, 0, 1};
    struct callstats_followup_counts bad4 = {0, 0, 2, 0, 0, 1};
    assert_int_equal(callstats_followup(&bad1, &f), MN_ERR_INVALID);
    assert_int_equal(callstats_followup(&bad2, &f), MN_ERR_INVALID);
    assert_int_equal(callstats_followup(&bad3, &f), MN_ERR_INVALID);
    assert_int_equal(callstats_followup(&bad4, &f), MN_ERR_INVALID);
}

static void test_complaint(void **state)
{
    (void)state;
    struct callstats_complaint r;
    /* 10/500 = 2 %; 9/10 = 90 %; 6/8 = 75 %; 5/7 = 71.428571..%; 1/10 = 10 % */
    struct callstats_complaint_counts c = {500, 10, 10, 9, 8, 6, 7, 5, 1};
    assert_int_equal(callstats_complaint(&c, &r), MN_OK);
    assert_near(r.complaint_rate.pct, 2.0, TOL);
    assert_near(r.first_response_on_time.pct, 90.0, TOL);
    assert_near(r.resolution_on_time.pct, 75.0, TOL);
    assert_near(r.verification_satisfaction.pct, 500.0 / 7.0, TOL);
    assert_near(r.recomplaint_rate.pct, 10.0, TOL);
    /* no events, complaints from the hotline only: rate undefined, the others computed */
    struct callstats_complaint_counts hot = {0, 2, 2, 2, 0, 0, 0, 0, 0};
    assert_int_equal(callstats_complaint(&hot, &r), MN_OK);
    assert_false(r.complaint_rate.defined);
    assert_near(r.first_response_on_time.pct, 100.0, TOL);
    assert_false(r.resolution_on_time.defined);
    assert_true(r.recomplaint_rate.defined);
    assert_near(r.recomplaint_rate.pct, 0.0, TOL);
    struct callstats_complaint_counts bad = {10, 1, 0, 0, 0, 0, 0, 0, 2};
    assert_int_equal(callstats_complaint(&bad, &r), MN_ERR_INVALID);
    assert_false(r.complaint_rate.defined);
}

static void test_percentile(void **state)
{
    (void)state;
    static const int64_t ten[10] = {5, 10, 15, 20, 25, 30, 35, 40, 45, 50};
    static const int64_t eleven[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static const int64_t one[1] = {42};
    static const struct {
        const int64_t *v;
        size_t n;
        int p;
        int64_t want;
    } cases[] = {
        {ten, 10, 90, 45},     /* rank ceil(9.0) = 9 */
        {ten, 10, 50, 25},     /* rank 5 */
        {ten, 10, 100, 50},    /* the maximum */
        {ten, 10, 1, 5},       /* rank ceil(0.1) = 1 */
        {ten, 10, 91, 50},     /* rank ceil(9.1) = 10 */
        {eleven, 11, 90, 10},  /* rank ceil(9.9) = 10 */
        {one, 1, 90, 42},      /* one value is every percentile */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = -1;
        assert_int_equal(callstats_percentile(cases[i].v, cases[i].n, cases[i].p, &got), MN_OK);
        assert_int_equal(got, cases[i].want);
    }
    static const int64_t unsorted[3] = {3, 1, 2};
    int64_t got;
    assert_int_equal(callstats_percentile(unsorted, 3, 90, &got), MN_ERR_INVALID);
    assert_int_equal(callstats_percentile(ten, 0, 90, &got), MN_ERR_INVALID);
    assert_int_equal(callstats_percentile(ten, 10, 0, &got), MN_ERR_INVALID);
    assert_int_equal(callstats_percentile(ten, 10, 101, &got), MN_ERR_INVALID);
}

static void test_duration(void **state)
{
    (void)state;
    static const int64_t ten[10] = {5, 10, 15, 20, 25, 30, 35, 40, 45, 50};
    static const int64_t one[1] = {42};
    static const int64_t neg[2] = {-1, 3};
    static const int64_t unsorted[2] = {3, 1};
    struct callstats_duration d;
    assert_int_equal(callstats_duration(ten, 10, &d), MN_OK);
    assert_near(d.mean, 27.5, TOL); /* 275 / 10 */
    assert_int_equal(d.p90, 45);
    assert_int_equal(callstats_duration(one, 1, &d), MN_OK);
    assert_near(d.mean, 42.0, TOL);
    assert_int_equal(d.p90, 42);
    assert_int_equal(callstats_duration(NULL, 0, &d), MN_OK);
    assert_false(d.defined);
    assert_int_equal(callstats_duration(neg, 2, &d), MN_ERR_INVALID);
    assert_int_equal(callstats_duration(unsorted, 2, &d), MN_ERR_INVALID);
}

static void test_age_buckets(void **state)
{
    (void)state;
    const int64_t now = 1000000;
    /* ages 0, 1 h, 24 h - 1 s, future | 24 h, 72 h - 1 s | 72 h | 7 days */
    const int64_t opened[] = {now,         now - 3600,  now - 86399,  now + 100,
                              now - 86400, now - 259199, now - 259200, now - 604800};
    int64_t counts[CALLSTATS_AGE_DEFAULT_EDGES + 1];
    assert_int_equal(callstats_age_buckets(opened, 8, now, callstats_age_default_edges_s,
                                           CALLSTATS_AGE_DEFAULT_EDGES, counts), MN_OK);
    assert_int_equal(counts[0], 4);
    assert_int_equal(counts[1], 2);
    assert_int_equal(counts[2], 1);
    assert_int_equal(counts[3], 1);
    assert_int_equal(callstats_age_buckets(NULL, 0, now, callstats_age_default_edges_s,
                                           CALLSTATS_AGE_DEFAULT_EDGES, counts), MN_OK);
    assert_int_equal(counts[0] + counts[1] + counts[2] + counts[3], 0);
    static const int64_t bad[2] = {100, 100};
    assert_int_equal(callstats_age_buckets(opened, 8, now, bad, 2, counts), MN_ERR_INVALID);
    static const int64_t zero[1] = {0};
    assert_int_equal(callstats_age_buckets(opened, 8, now, zero, 1, counts), MN_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_followup),   cmocka_unit_test(test_complaint),
        cmocka_unit_test(test_percentile), cmocka_unit_test(test_duration),
        cmocka_unit_test(test_age_buckets),
    };
    return cmocka_run_group_tests_name("callstats", tests, NULL, NULL);
}
