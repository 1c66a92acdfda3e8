/* SPDX-License-Identifier: MIT */
/* Unit tests for core/csi: rescaling, factor and index arithmetic on a worked example, missing
 * items and factors, empty and invalid input. Tolerance: 1e-9 absolute (index points). */
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

#include "core/csi.h"

#define TOL 1e-9

static void test_rescale(void **state)
{
    (void)state;
    static const struct {
        double mean;
        int min, max;
        double scale, want;
    } cases[] = {
        {3.0, 1, 5, 100.0, 50.0},     /* (3-1)/4*100 */
        {1.0, 1, 5, 100.0, 0.0},      /* bottom of the scale */
        {5.0, 1, 5, 1000.0, 1000.0},  /* top */
        {7.0, 1, 7, 1000.0, 1000.0},  /* top of 1-7 */
        {8.5, 1, 10, 1000.0, 7500.0 / 9.0}, /* 7.5/9*1000 = 833.33.. */
        {4.0, 0, 10, 100.0, 40.0},    /* 0-10: 4/10*100 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double r = -1;
        assert_int_equal(csi_rescale(cases[i].mean, cases[i].min, cases[i].max, cases[i].scale,
                                     &r), MN_OK);
        assert_near(r, cases[i].want, TOL);
    }
    double r = -1;
    assert_int_equal(csi_rescale(5.5, 1, 5, 100, &r), MN_ERR_INVALID);
    assert_int_equal(csi_rescale(0.5, 1, 5, 100, &r), MN_ERR_INVALID);
    assert_int_equal(csi_rescale(3, 5, 5, 100, &r), MN_ERR_INVALID);
    assert_int_equal(csi_rescale(3, 1, 5, 0, &r), MN_ERR_INVALID);
    assert_near(r, -1.0, TOL);
}

/* Worked example on 0-1000:
 *   factor A, weight 60: a1 w50, 1-5, mean 40/10 = 4   -> 3/4*1000   = 750
 *                        a2 w50, 1-10, mean 85/10 = 8.5 -> 7.5/9*1000 = 833.333..
 *                        A = (750 + 833.333..)/2 = 791.666..
 *   factor B, weight 40: b1 w30, 1-5, mean 9/2 = 4.5   -> 3.5/4*1000 = 875
 *                        b2 w70, 1-5, mean 3/1 = 3     -> 2/4*1000   = 500
 *                        B = .3*875 + .7*500 = 262.5 + 350 = 612.5
 *   index = .6*791.666.. + .4*612.5 = 475 + 245 = 720; on 0-100 it is 72. */
static void test_index_example(void **state)
{
    (void)state;
    struct csi_item a[] = {{50, 1, 5, 40, 10}, {50, 1, 10, 85, 10}};
    struct csi_item b[] = {{30, 1, 5, 9, 2}, {70, 1, 5, 3, 1}};
    struct csi_factor f[] = {{60, a, 2}, {40, b, 2}};
    double s;
    bool def;
    assert_int_equal(csi_factor_score(&f[0], 1000, &s, &def), MN_OK);
    assert_true(def);
    assert_near(s, 9500.0 / 12.0, TOL); /* 791.666.. = (750 + 833.33..)/2 = 9500/12 */
    assert_int_equal(csi_factor_score(&f[1], 1000, &s, &def), MN_OK);
    assert_near(s, 612.5, TOL);
    struct csi_result r;
    assert_int_equal(csi_compute(f, 2, 1000, &r), MN_OK);
    assert_true(r.defined);
    assert_true(r.complete);
    assert_int_equal(r.factors_used, 2);
    assert_near(r.index, 720.0, TOL);
    assert_int_equal(csi_compute(f, 2, 100, &r), MN_OK);
    assert_near(r.index, 72.0, TOL);
}

static void test_missing(void **state)
{
    (void)state;
    struct csi_item a[] = {{50, 1, 5, 40, 10}, {50, 1, 10, 85, 10}};
    struct csi_item b[] = {{30, 1, 5, 9, 2}, {70, 1, 5, 0, 0}};
    struct csi_factor f[] = {{60, a, 2}, {40, b, 2}};
    struct csi_result r;
    /* b2 missing: B = 875 (b1 takes the whole factor); index = 475 + .4*875 = 825 */
    assert_int_equal(csi_compute(f, 2, 1000, &r), MN_OK);
    assert_true(r.defined);
    assert_false(r.complete);
    assert_near(r.index, 825.0, TOL);
    /* whole factor B missing: index = A = 791.666.. */
    b[0].n = 0;
    b[0].sum = 0;
    assert_int_equal(csi_compute(f, 2, 1000, &r), MN_OK);
    assert_int_equal(r.factors_used, 1);
    assert_near(r.index, 9500.0 / 12.0, TOL);
    /* nothing answered: undefined */
    a[0].n = a[1].n = 0;
    assert_int_equal(csi_compute(f, 2, 1000, &r), MN_OK);
    assert_false(r.defined);
    assert_near(r.index, 0.0, TOL);
    assert_int_equal(csi_compute(f, 0, 1000, &r), MN_OK);
    assert_false(r.defined);
}

static void test_one_answer_and_extremes(void **state)
{
    (void)state;
    struct csi_item top[] = {{1, 1, 5, 5, 1}};
    struct csi_item low[] = {{1, 1, 5, 20, 20}};
    struct csi_factor f1[] = {{1, top, 1}};
    struct csi_factor f2[] = {{1, low, 1}};
    struct csi_result r;
    assert_int_equal(csi_compute(f1, 1, 1000, &r), MN_OK); /* one 5 on 1-5 -> 1000 */
    assert_near(r.index, 1000.0, TOL);
    assert_int_equal(csi_compute(f2, 1, 100, &r), MN_OK); /* all 1s -> 0 */
    assert_near(r.index, 0.0, TOL);
}

static void test_invalid(void **state)
{
    (void)state;
    struct csi_item off[] = {{1, 1, 5, 60, 10}}; /* mean 6 on 1-5 */
    struct csi_item negw[] = {{-1, 1, 5, 30, 10}};
    struct csi_item zerow[] = {{0, 1, 5, 30, 10}};
    struct csi_item ok[] = {{1, 1, 5, 30, 10}};
    struct csi_factor f_off[] = {{1, off, 1}};
    struct csi_factor f_negw[] = {{1, negw, 1}};
    struct csi_factor f_zerow[] = {{1, zerow, 1}};
    struct csi_factor f_negf[] = {{-1, ok, 1}};
    struct csi_result r;
    assert_int_equal(csi_compute(f_off, 1, 1000, &r), MN_ERR_INVALID);
    assert_int_equal(csi_compute(f_negw, 1, 1000, &r), MN_ERR_INVALID);
    assert_int_equal(csi_compute(f_zerow, 1, 1000, &r), MN_ERR_INVALID);
    assert_int_equal(csi_compute(f_negf, 1, 1000, &r), MN_ERR_INVALID);
    struct csi_factor f_ok[] = {{1, ok, 1}};
    assert_int_equal(csi_compute(f_ok, 1, 500, &r), MN_ERR_INVALID);
    assert_false(r.defined);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rescale), cmocka_unit_test(test_index_example),
        cmocka_unit_test(test_missing), cmocka_unit_test(test_one_answer_and_extremes),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests_name("csi", tests, NULL, NULL);
}
