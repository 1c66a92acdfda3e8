/* SPDX-License-Identifier: MIT */
/* Unit tests for core/csat and core/rate: top-k box on 1-5, 1-7, 1-10 and 0-10 scales,
 * satisfaction rate, means, CES, empty and invalid input. Tolerance: 1e-9 absolute. */
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

#include "core/csat.h"

#define TOL 1e-9

static void test_rate(void **state)
{
    (void)state;
    struct rate r;
    assert_int_equal(rate_compute(1, 3, &r), MN_OK); /* 100/3 = 33.333... */
    assert_true(r.defined);
    assert_near(r.pct, 100.0 / 3.0, TOL);
    assert_int_equal(rate_compute(0, 0, &r), MN_OK);
    assert_false(r.defined);
    assert_near(r.pct, 0.0, TOL);
    assert_int_equal(rate_compute(4, 3, &r), MN_ERR_INVALID);
    assert_int_equal(rate_compute(-1, 3, &r), MN_ERR_INVALID);
    assert_int_equal(rate_compute(0, -3, &r), MN_ERR_INVALID);
}

static void test_top_box_table(void **state)
{
    (void)state;
    static const int64_t five[5] = {1, 1, 2, 3, 3};
    static const int64_t five_low[5] = {4, 0, 0, 0, 0};
    static const int64_t five_one[5] = {0, 0, 0, 0, 1};
    static const int64_t seven[7] = {0, 0, 1, 1, 2, 3, 3};
    static const int64_t ten[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static const int64_t eleven[11] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static const struct {
        struct csat_dist d;
        int k;
        int64_t num, den;
        double pct;
    } cases[] = {
        {{{1, 5}, five}, 2, 6, 10, 60.0},       /* 4:3 + 5:3 = 6 of 10 */
        {{{1, 5}, five}, 1, 3, 10, 30.0},       /* 5 only: 3 of 10 */
        {{{1, 5}, five}, 5, 10, 10, 100.0},     /* every point */
        {{{1, 5}, five_low}, 2, 0, 4, 0.0},     /* all answered 1 */
        {{{1, 5}, five_one}, 2, 1, 1, 100.0},   /* one answer, a 5 */
        {{{1, 7}, seven}, 2, 6, 10, 60.0},      /* 6:3 + 7:3 */
        {{{1, 7}, seven}, 3, 8, 10, 80.0},      /* 5:2 + 6:3 + 7:3 */
        {{{1, 10}, ten}, 2, 2, 10, 20.0},       /* 9 and 10 */
        {{{1, 10}, ten}, 3, 3, 10, 30.0},       /* 8, 9, 10 */
        {{{0, 10}, eleven}, 2, 2, 11, 200.0 / 11.0}, /* 2/11 = 18.1818...% */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rate r;
        assert_int_equal(csat_top_box(&cases[i].d, cases[i].k, &r), MN_OK);
        assert_true(r.defined);
        assert_int_equal(r.num, cases[i].num);
        assert_int_equal(r.den, cases[i].den);
        assert_near(r.pct, cases[i].pct, TOL);
    }
}

static void test_top2_and_rates(void **state)
{
    (void)state;
    static const int64_t five[5] = {1, 1, 2, 3, 3};
    static const int64_t none[5] = {0, 0, 0, 0, 0};
    struct rate r;
    assert_int_equal(csat_top2_5pt(five, &r), MN_OK);
    assert_near(r.pct, 60.0, TOL); /* (3+3)/10 */
    assert_int_equal(csat_top2_5pt(none, &r), MN_OK);
    assert_false(r.defined);
    struct csat_dist d = {{1, 5}, five};
    assert_int_equal(csat_satisfaction_rate(&d, 3, &r), MN_OK);
    assert_near(r.pct, 80.0, TOL); /* 3:2 + 4:3 + 5:3 = 8 of 10 */
    assert_int_equal(csat_satisfaction_rate(&d, 1, &r), MN_OK);
    assert_near(r.pct, 100.0, TOL);
    assert_int_equal(csat_satisfaction_rate(&d, 6, &r), MN_ERR_INVALID);
    assert_int_equal(csat_satisfaction_rate(&d, 0, &r), MN_ERR_INVALID);
}

static void test_invalid(void **state)
{
    (void)state;
    static const int64_t five[5] = {1, 1, 2, 3, 3};
    static const int64_t neg[5] = {1, -1, 2, 3, 3};
    struct rate r;
    struct csat_dist d = {{1, 5}, five};
    assert_int_equal(csat_top_box(&d, 0, &r), MN_ERR_INVALID);
    assert_int_equal(csat_top_box(&d, 6, &r), MN_ERR_INVALID);
    struct csat_dist bad = {{2, 5}, five};
    assert_int_equal(csat_top_box(&bad, 2, &r), MN_ERR_INVALID);
    struct csat_dist dn = {{1, 5}, neg};
    assert_int_equal(csat_top_box(&dn, 2, &r), MN_ERR_INVALID);
    assert_false(r.defined);
    assert_false(csat_scale_valid((struct csat_scale){1, 6}));
    assert_true(csat_scale_valid((struct csat_scale){1, 7}));
}

static void test_means(void **state)
{
    (void)state;
    static const int64_t five[5] = {1, 1, 2, 3, 3};
    static const int64_t seven[7] = {0, 0, 1, 1, 2, 3, 3};
    struct csat_mean m;
    struct csat_dist d5 = {{1, 5}, five};
    assert_int_equal(csat_mean_dist(&d5, &m), MN_OK);
    assert_near(m.mean, 3.6, TOL); /* (1+2+3*2+4*3+5*3)/10 = 36/10 */
    struct csat_dist d7 = {{1, 7}, seven};
    assert_int_equal(csat_mean_dist(&d7, &m), MN_OK);
    assert_near(m.mean, 5.6, TOL); /* (3+4+5*2+6*3+7*3)/10 = 56/10 */
    assert_int_equal(csat_mean_sum((struct csat_scale){1, 5}, 4, 1, &m), MN_OK);
    assert_near(m.mean, 4.0, TOL); /* one answer */
    assert_int_equal(csat_mean_sum((struct csat_scale){1, 5}, 0, 0, &m), MN_OK);
    assert_false(m.defined);
    assert_int_equal(csat_mean_sum((struct csat_scale){1, 5}, 60, 10, &m), MN_ERR_INVALID);
    assert_int_equal(csat_mean_sum((struct csat_scale){1, 5}, 5, 10, &m), MN_ERR_INVALID);
    assert_int_equal(csat_mean_sum((struct csat_scale){1, 5}, 3, 0, &m), MN_ERR_INVALID);
    assert_int_equal(csat_ces_mean((struct csat_scale){1, 7}, 52, 10, &m), MN_OK);
    assert_near(m.mean, 5.2, TOL); /* 52/10 */
    assert_int_equal(m.n, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate),        cmocka_unit_test(test_top_box_table),
        cmocka_unit_test(test_top2_and_rates), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_means),
    };
    return cmocka_run_group_tests_name("csat", tests, NULL, NULL);
}
