/* SPDX-License-Identifier: MIT */
/* Unit tests for core/servqual: codes, item and dimension gaps with missing P or E, weights from
 * configuration and from shared-out points, weighted and unweighted scores, missing dimensions.
 * Tolerance: 1e-12 absolute (all inputs are small integers, so results are exact to ~1e-15). */
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
#include <string.h>

#include "core/servqual.h"

#define TOL 1e-12

/* The worked example used below (scores on 1-7):
 *   reliability:    (P5,E7) gap -2; (P6,E6) gap 0; (P4, E missing)
 *                   mean P = 15/3 = 5; mean E = 13/2 = 6.5; gap = -2/2 = -1
 *   assurance:      (P6,E5) gap 1                     -> P 6, E 5, gap 1
 *   tangibles:      (P7,E5) gap 2; (P5,E6) gap -1     -> P 6, E 5.5, gap 0.5
 *   empathy:        (P3,E6) gap -3                    -> gap -3
 *   responsiveness: (P4,E7) gap -3; (P5,E6) gap -1; (P missing, E2) -> P 4.5, E 5, gap -2 */
static void build_example(struct servqual_dim_result dims[SERVQUAL_DIM_COUNT], bool with_empathy)
{
    struct servqual_dim_sums s[SERVQUAL_DIM_COUNT];
    memset(s, 0, sizeof s);
    servqual_sums_add(&s[SERVQUAL_RELIABILITY], true, 5, true, 7);
    servqual_sums_add(&s[SERVQUAL_RELIABILITY], true, 6, true, 6);
    servqual_sums_add(&s[SERVQUAL_RELIABILITY], true, 4, false, 0);
    servqual_sums_add(&s[SERVQUAL_ASSURANCE], true, 6, true, 5);
    servqual_sums_add(&s[SERVQUAL_TANGIBLES], true, 7, true, 5);
    servqual_sums_add(&s[SERVQUAL_TANGIBLES], true, 5, true, 6);
    if (with_empathy)
        servqual_sums_add(&s[SERVQUAL_EMPATHY], true, 3, true, 6);
    else
        servqual_sums_add(&s[SERVQUAL_EMPATHY], true, 3, false, 0);
    servqual_sums_add(&s[SERVQUAL_RESPONSIVENESS], true, 4, true, 7);
    servqual_sums_add(&s[SERVQUAL_RESPONSIVENESS], true, 5, true, 6);
    servqual_sums_add(&s[SERVQUAL_RESPONSIVENESS], false, 0, true, 2);
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        servqual_dim_compute(&s[i], &dims[i]);
}

static void test_codes(void **state)
{
    (void)state;
    static const char *const codes[] = {"reliability", "assurance", "tangibles", "empathy",
                                        "responsiveness"};
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        enum servqual_dim d;
        assert_string_equal(servqual_dim_code((enum servqual_dim)i), codes[i]);
        assert_int_equal(servqual_dim_parse(codes[i], &d), MN_OK);
        assert_int_equal(d, i);
    }
    assert_string_equal(servqual_dim_name_zh(SERVQUAL_ASSURANCE), "专业度");
    assert_null(servqual_dim_code((enum servqual_dim)5));
    enum servqual_dim d = SERVQUAL_EMPATHY;
    assert_int_equal(servqual_dim_parse("Reliability", &d), MN_ERR_INVALID);
    assert_int_equal(servqual_dim_parse(NULL, &d), MN_ERR_INVALID);
    assert_int_equal(d, SERVQUAL_EMPATHY);
}

static void test_dimension_means(void **state)
{
    (void)state;
    struct servqual_dim_result r[SERVQUAL_DIM_COUNT];
    build_example(r, true);
    static const struct {
        double p, e, gap;
    } want[SERVQUAL_DIM_COUNT] = {
        {5.0, 6.5, -1.0}, {6.0, 5.0, 1.0}, {6.0, 5.5, 0.5}, {3.0, 6.0, -3.0}, {4.5, 5.0, -2.0},
    };
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++) {
        assert_true(r[i].p_defined && r[i].e_defined && r[i].gap_defined);
        assert_near(r[i].mean_p, want[i].p, TOL);
        assert_near(r[i].mean_e, want[i].e, TOL);
        assert_near(r[i].gap, want[i].gap, TOL);
    }
    struct servqual_dim_sums empty = {0};
    struct servqual_dim_result e;
    servqual_dim_compute(&empty, &e);
    assert_false(e.p_defined || e.e_defined || e.gap_defined);
}

static void test_scores(void **state)
{
    (void)state;
    struct servqual_dim_result r[SERVQUAL_DIM_COUNT];
    build_example(r, true);
    struct servqual_score s;
    /* unweighted: (-1 + 1 + 0.5 - 3 - 2) / 5 = -4.5 / 5 = -0.9 */
    assert_int_equal(servqual_score(r, NULL, SERVQUAL_MISSING_RENORMALISE, &s), MN_OK);
    assert_true(s.defined);
    assert_near(s.score, -0.9, TOL);
    assert_int_equal(s.dims_used, 31);
    /* configured 30/20/10/25/15 %: -0.3 + 0.2 + 0.05 - 0.75 - 0.3 = -1.1 */
    static const double pct[SERVQUAL_DIM_COUNT] = {30, 20, 10, 25, 15};
    double w[SERVQUAL_DIM_COUNT];
    assert_int_equal(servqual_weights_normalise(pct, w), MN_OK);
    assert_near(w[0], 0.3, TOL);
    assert_near(w[3], 0.25, TOL);
    assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_UNDEFINED, &s), MN_OK);
    assert_near(s.score, -1.1, TOL);
    /* un-normalised weights give the same score: it normalises over the dimensions used */
    assert_int_equal(servqual_score(r, pct, SERVQUAL_MISSING_UNDEFINED, &s), MN_OK);
    assert_near(s.score, -1.1, TOL);
}

static void test_points(void **state)
{
    (void)state;
    struct servqual_points_acc acc = {0};
    struct mn_error err = {0};
    static const int a[SERVQUAL_DIM_COUNT] = {30, 20, 10, 25, 15};
    static const int b[SERVQUAL_DIM_COUNT] = {20, 20, 20, 20, 20};
    static const int short_total[SERVQUAL_DIM_COUNT] = {20, 20, 20, 20, 19};
    static const int negative[SERVQUAL_DIM_COUNT] = {-1, 21, 40, 20, 20};
    static const int too_many[SERVQUAL_DIM_COUNT] = {0, 0, 101, 0, -1};
    double w[SERVQUAL_DIM_COUNT];
    assert_int_equal(servqual_weights_from_points(&acc, w), MN_ERR_INVALID); /* nobody yet */
    assert_int_equal(servqual_points_add(&acc, a, &err), MN_OK);
    assert_int_equal(servqual_points_add(&acc, b, &err), MN_OK);
    assert_int_equal(servqual_points_add(&acc, short_total, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "points");
    assert_int_equal(servqual_points_add(&acc, negative, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "points.reliability");
    assert_int_equal(servqual_points_add(&acc, too_many, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "points.tangibles");
    assert_int_equal(acc.n, 2);
    /* mean allocation (30+20)/2=25, 20, 15, 22.5, 17.5 -> .25 .20 .15 .225 .175 */
    assert_int_equal(servqual_weights_from_points(&acc, w), MN_OK);
    static const double want[SERVQUAL_DIM_COUNT] = {0.25, 0.20, 0.15, 0.225, 0.175};
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        assert_near(w[i], want[i], TOL);
    struct servqual_dim_result r[SERVQUAL_DIM_COUNT];
    build_example(r, true);
    struct servqual_score s;
    /* -1*.25 + 1*.2 + .5*.15 - 3*.225 - 2*.175 = -.25 + .2 + .075 - .675 - .35 = -1.0 */
    assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_RENORMALISE, &s), MN_OK);
    assert_near(s.score, -1.0, TOL);
}

static void test_missing_dimensions(void **state)
{
    (void)state;
    struct servqual_dim_result r[SERVQUAL_DIM_COUNT];
    build_example(r, false); /* empathy has P but no E: no gap */
    assert_true(r[SERVQUAL_EMPATHY].p_defined);
    assert_false(r[SERVQUAL_EMPATHY].gap_defined);
    static const double w[SERVQUAL_DIM_COUNT] = {0.3, 0.2, 0.1, 0.25, 0.15};
    struct servqual_score s;
    /* renormalised over .3+.2+.1+.15 = .75: (-.3 + .2 + .05 - .3) / .75 = -.35/.75 = -0.4666.. */
    assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_RENORMALISE, &s), MN_OK);
    assert_true(s.defined);
    assert_near(s.score, -0.35 / 0.75, TOL);
    assert_int_equal(s.dims_used, 0x17); /* bits 0,1,2,4 */
    /* unweighted over four: (-1 + 1 + 0.5 - 2) / 4 = -0.375 */
    assert_int_equal(servqual_score(r, NULL, SERVQUAL_MISSING_RENORMALISE, &s), MN_OK);
    assert_near(s.score, -0.375, TOL);
    assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_UNDEFINED, &s), MN_OK);
    assert_false(s.defined);

    /* one answer only: reliability P5 E7 -> -2 whatever the weights */
    struct servqual_dim_sums one[SERVQUAL_DIM_COUNT];
    memset(one, 0, sizeof one);
    servqual_sums_add(&one[SERVQUAL_RELIABILITY], true, 5, true, 7);
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        servqual_dim_compute(&one[i], &r[i]);
    assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_RENORMALISE, &s), MN_OK);
    assert_near(s.score, -2.0, TOL);
    assert_int_equal(s.dims_used, 1);

    /* no answers: undefined, not an error */
    memset(one, 0, sizeof one);
    for (int i = 0; i < SERVQUAL_DIM_COUNT; i++)
        servqual_dim_compute(&one[i], &r[i]);
    assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_RENORMALISE, &s), MN_OK);
    assert_false(s.defined);
}

static void test_bad_weights(void **state)
{
    (void)state;
    static const double zero[SERVQUAL_DIM_COUNT] = {0, 0, 0, 0, 0};
    static const double neg[SERVQUAL_DIM_COUNT] = {50, -10, 20, 20, 20};
    double w[SERVQUAL_DIM_COUNT] = {9, 9, 9, 9, 9};
    assert_int_equal(servqual_weights_normalise(zero, w), MN_ERR_INVALID);
    assert_int_equal(servqual_weights_normalise(neg, w), MN_ERR_INVALID);
    assert_near(w[0], 9.0, TOL);
    struct servqual_dim_result r[SERVQUAL_DIM_COUNT];
    build_example(r, true);
    struct servqual_score s;
    assert_int_equal(servqual_score(r, neg, SERVQUAL_MISSING_RENORMALISE, &s), MN_ERR_INVALID);
    assert_int_equal(servqual_score(r, zero, SERVQUAL_MISSING_RENORMALISE, &s), MN_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),     cmocka_unit_test(test_dimension_means),
        cmocka_unit_test(test_scores),    cmocka_unit_test(test_points),
        cmocka_unit_test(test_missing_dimensions), cmocka_unit_test(test_bad_weights),
    };
    return cmocka_run_group_tests_name("servqual", tests, NULL, NULL);
}
