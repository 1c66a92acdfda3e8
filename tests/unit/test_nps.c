/* SPDX-License-Identifier: MIT */
/* Unit tests for core/nps: category boundaries, hand-computed scores and margins, n = 0.
 * Floating results are compared with an absolute tolerance of 1e-9 NPS points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/nps.h"

#define TOL 1e-9

/* cmocka's assert_float_equal works in float; this one keeps double precision. */
#define assert_near(a, b, tol)                                                                  \
    do {                                                                                        \
        double a_ = (a), b_ = (b);                                                              \
        if (!(fabs(a_ - b_) <= (tol)))                                                          \
            fail_msg("%s = %.15g, expected %.15g (tol %g)", #a, a_, b_, (double)(tol));         \
    } while (0)

static void test_classify_boundaries(void **state)
{
    (void)state;
    static const struct {
        int score;
        enum mn_status rc;
        enum nps_category cat;
    } cases[] = {
        {-1, MN_ERR_INVALID, NPS_DETRACTOR}, {0, MN_OK, NPS_DETRACTOR},
        {6, MN_OK, NPS_DETRACTOR},           {7, MN_OK, NPS_PASSIVE},
        {8, MN_OK, NPS_PASSIVE},             {9, MN_OK, NPS_PROMOTER},
        {10, MN_OK, NPS_PROMOTER},           {11, MN_ERR_INVALID, NPS_DETRACTOR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum nps_category cat = NPS_DETRACTOR;
        assert_int_equal(nps_classify(cases[i].score, &cat), cases[i].rc);
        if (cases[i].rc == MN_OK)
            assert_int_equal(cat, cases[i].cat);
    }
}

static void test_counts_add(void **state)
{
    (void)state;
    struct nps_counts c = {0};
    static const int answers[] = {0, 6, 7, 8, 9, 10, 10};
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        assert_int_equal(nps_counts_add(&c, answers[i]), MN_OK);
    assert_int_equal(nps_counts_add(&c, 12), MN_ERR_INVALID);
    /* 0,6 -> 2 detractors; 7,8 -> 2 passives; 9,10,10 -> 3 promoters; 12 ignored */
    assert_int_equal(c.detractors, 2);
    assert_int_equal(c.passives, 2);
    assert_int_equal(c.promoters, 3);
}

static void test_compute_table(void **state)
{
    (void)state;
    static const struct {
        struct nps_counts c;
        double p_pct, d_pct, score, margin;
    } cases[] = {
        /* P=5 Pa=3 D=2, n=10: pP=.5 pD=.2, NPS=30; var=.7-.3^2=.61;
         * 1.96*sqrt(.61/10)=1.96*0.24698178=0.48408429 -> 48.408429018095 points */
        {{5, 3, 2}, 50.0, 20.0, 30.0, 48.4084290180955},
        /* x10 sample: same shares, var/n=.0061, 1.96*0.078102497=0.15308089 -> 15.308089365 */
        {{50, 30, 20}, 50.0, 20.0, 30.0, 15.3080893647769},
        /* one promoter: NPS=100; var=1-1=0 -> margin 0 */
        {{1, 0, 0}, 100.0, 0.0, 100.0, 0.0},
        /* one passive: NPS=0; var=0-0=0 */
        {{0, 1, 0}, 0.0, 0.0, 0.0, 0.0},
        /* all detractors (4): NPS=-100; var=1-(-1)^2=0 */
        {{0, 0, 4}, 0.0, 100.0, -100.0, 0.0},
        /* P=1 D=1: NPS=0; var=1-0=1; 1.96*sqrt(1/2)=1.3859292911 -> 138.59292911256 */
        {{1, 0, 1}, 50.0, 50.0, 0.0, 138.592929112563},
        /* P=2 D=1 n=3: NPS=100/3=33.333..; var=1-(1/3)^2=8/9; 196*sqrt(8/27)=106.688887 */
        {{2, 0, 1}, 200.0 / 3.0, 100.0 / 3.0, 100.0 / 3.0, 106.688886574556},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct nps_result r;
        assert_int_equal(nps_compute(&cases[i].c, &r), MN_OK);
        assert_true(r.defined);
        assert_near(r.promoter_pct, cases[i].p_pct, TOL);
        assert_near(r.detractor_pct, cases[i].d_pct, TOL);
        assert_near(r.score, cases[i].score, TOL);
        assert_near(r.margin_95, cases[i].margin, TOL);
    }
}

static void test_compute_empty_and_invalid(void **state)
{
    (void)state;
    struct nps_result r;
    struct nps_counts empty = {0, 0, 0};
    assert_int_equal(nps_compute(&empty, &r), MN_OK);
    assert_false(r.defined);
    assert_int_equal(r.n, 0);
    assert_near(r.score, 0.0, TOL);
    assert_near(r.margin_95, 0.0, TOL);
    struct nps_counts neg = {1, -1, 0};
    assert_int_equal(nps_compute(&neg, &r), MN_ERR_INVALID);
    assert_false(r.defined);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_boundaries),
        cmocka_unit_test(test_counts_add),
        cmocka_unit_test(test_compute_table),
        cmocka_unit_test(test_compute_empty_and_invalid),
    };
    return cmocka_run_group_tests_name("nps", tests, NULL, NULL);
}
