/* SPDX-License-Identifier: MIT */
/* Survey figures (core/figures.c) against values worked out by hand: empty sums, one answer,
 * all detractors, a mixed sample with its margin, and a SERVQUAL response run through the
 * validator and derive() with a missing expectation item, giving per-dimension gaps, the
 * unweighted and the weighted score and a CSAT over perception items only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/figures.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static struct figures_sums nps_sums(const int *scores, size_t n)
{
    struct figures_sums s = {0};
    for (size_t i = 0; i < n; i++) {
        struct survey_derived d = {.has_nps = true, .nps_score = scores[i]};
        assert_int_equal(nps_classify(scores[i], &d.nps_category), MN_OK);
        struct figures_sums one;
        figures_sums_from_derived(&d, &one);
        figures_sums_add(&s, &one);
    }
    return s;
}

static void test_empty(void **state)
{
    (void)state;
    struct figures_sums s = {0};
    struct figures f;
    double w[5] = {30, 20, 10, 15, 25};
    assert_int_equal(figures_compute(&s, w, &f), MN_OK);
    assert_false(f.nps.defined);
    assert_false(f.csat.defined);
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++) {
        assert_false(f.dims[d].p_defined);
        assert_false(f.dims[d].gap_defined);
    }
    assert_false(f.unweighted.defined);
    assert_false(f.weighted.defined);
    assert_true(f.has_weights);
    NEAR(f.weights[0], 0.30);
}

static void test_one_answer(void **state)
{
    (void)state;
    int one[] = {10};
    struct figures_sums s = nps_sums(one, 1);
    s.rated_n = 1;
    s.top2_n = 1;
    struct figures f;
    assert_int_equal(figures_compute(&s, NULL, &f), MN_OK);
    assert_true(f.nps.defined);
    assert_int_equal(f.nps.n, 1);
    NEAR(f.nps.score, 100.0);
    NEAR(f.nps.margin_95, 0.0); /* var = (1 + 0) - 1^2 = 0 */
    NEAR(f.csat.pct, 100.0);
    assert_false(f.has_weights);
    assert_false(f.weighted.defined);
}

static void test_all_detractors(void **state)
{
    (void)state;
    int all[] = {0, 3, 6};
    struct figures_sums s = nps_sums(all, 3);
    struct figures f;
    assert_int_equal(figures_compute(&s, NULL, &f), MN_OK);
    NEAR(f.nps.score, -100.0);
    NEAR(f.nps.detractor_pct, 100.0);
    NEAR(f.nps.margin_95, 0.0);
    assert_false(f.csat.defined); /* no rated items */
}

static void test_mixed_margin(void **state)
{
    (void)state;
    /* 3 promoters, 1 passive, 2 detractors: NPS = 50 - 33.33 = 16.67;
     * var = (1/2 + 1/3) - (1/6)^2 = 0.8055...; margin = 1.96 * sqrt(var / 6) * 100 = 71.817 */
    int xs[] = {9, 10, 10, 8, 6, 0};
    struct figures_sums s = nps_sums(xs, 6);
    s.rated_n = 10;
    s.top2_n = 7;
    struct figures f;
    assert_int_equal(figures_compute(&s, NULL, &f), MN_OK);
    NEAR(f.nps.score, 16.666666666666668);
    NEAR(f.nps.margin_95, 71.81715466170812);
    NEAR(f.csat.pct, 70.0);
    s.top2_n = 11;
    assert_int_equal(figures_compute(&s, NULL, &f), MN_ERR_INVALID);
}

/* E and P matrices on 1-7, seven items: reliability x2, assurance, tangibles, empathy,
 * responsiveness x2 (pair keys 1..7). */
static const struct survey_item_tag e_rows[7] = {
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_EXPECTATION, 1},
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_EXPECTATION, 2},
    {true, SERVQUAL_ASSURANCE, SURVEY_ROLE_EXPECTATION, 3},
    {true, SERVQUAL_TANGIBLES, SURVEY_ROLE_EXPECTATION, 4},
    {true, SERVQUAL_EMPATHY, SURVEY_ROLE_EXPECTATION, 5},
    {true, SERVQUAL_RESPONSIVENESS, SURVEY_ROLE_EXPECTATION, 6},
    {true, SERVQUAL_RESPONSIVENESS, SURVEY_ROLE_EXPECTATION, 7},
};
static const struct survey_item_tag p_rows[7] = {
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_PERCEPTION, 1},
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_PERCEPTION, 2},
    {true, SERVQUAL_ASSURANCE, SURVEY_ROLE_PERCEPTION, 3},
    {true, SERVQUAL_TANGIBLES, SURVEY_ROLE_PERCEPTION, 4},
    {true, SERVQUAL_EMPATHY, SURVEY_ROLE_PERCEPTION, 5},
    {true, SERVQUAL_RESPONSIVENESS, SURVEY_ROLE_PERCEPTION, 6},
    {true, SERVQUAL_RESPONSIVENESS, SURVEY_ROLE_PERCEPTION, 7},
};

static void test_servqual_response(void **state)
{
    (void)state;
    struct survey_question qs[2] = {
        {.id = 1, .type = SURVEY_Q_MATRIX, .required = false, .scale_min = 1, .scale_max = 7,
         .rows = e_rows, .n_rows = 7, .other_option = -1},
        {.id = 2, .type = SURVEY_Q_MATRIX, .required = true, .scale_min = 1, .scale_max = 7,
         .rows = p_rows, .n_rows = 7, .other_option = -1},
    };
    struct survey_version v = {.survey_id = 1, .version = 1, .questions = qs, .n_questions = 2};
    assert_int_equal(survey_version_check(&v, NULL), MN_OK);
    /* the empathy expectation (row 5) is left out: a missing item */
    const int e[7] = {6, 5, 5, 5, SURVEY_NO_VALUE, 7, 6};
    const int p[7] = {5, 4, 6, 3, 4, 5, 6};
    struct survey_answer a[2] = {{.question_id = 1, .values = e, .n_values = 7},
                                 {.question_id = 2, .values = p, .n_values = 7}};
    assert_int_equal(survey_validate_response(&v, a, 2, NULL), MN_OK);
    struct survey_derived d;
    assert_int_equal(survey_derive(&v, a, 2, NULL, &d), MN_OK);
    struct figures_sums s;
    figures_sums_from_derived(&d, &s);
    double w[5] = {30, 20, 10, 15, 25};
    struct figures f;
    assert_int_equal(figures_compute(&s, w, &f), MN_OK);
    /* reliability: P (5+4)/2, E (6+5)/2, gaps -1, -1 */
    NEAR(f.dims[SERVQUAL_RELIABILITY].mean_p, 4.5);
    NEAR(f.dims[SERVQUAL_RELIABILITY].mean_e, 5.5);
    NEAR(f.dims[SERVQUAL_RELIABILITY].gap, -1.0);
    NEAR(f.dims[SERVQUAL_ASSURANCE].gap, 1.0);
    NEAR(f.dims[SERVQUAL_TANGIBLES].gap, -2.0);
    /* empathy: a perception without its expectation has a mean P and no gap */
    assert_true(f.dims[SERVQUAL_EMPATHY].p_defined);
    NEAR(f.dims[SERVQUAL_EMPATHY].mean_p, 4.0);
    assert_false(f.dims[SERVQUAL_EMPATHY].e_defined);
    assert_false(f.dims[SERVQUAL_EMPATHY].gap_defined);
    /* responsiveness: gaps -2 and 0 */
    NEAR(f.dims[SERVQUAL_RESPONSIVENESS].gap, -1.0);
    /* unweighted over the four dimensions with a gap: (-1 + 1 - 2 - 1) / 4 */
    assert_true(f.unweighted.defined);
    NEAR(f.unweighted.score, -0.75);
    /* weighted, empathy's 15 points shared out: (30*-1 + 20*1 + 10*-2 + 25*-1) / 85 */
    assert_true(f.weighted.defined);
    NEAR(f.weighted.score, -55.0 / 85.0);
    NEAR(f.weighted.score, -0.6470588235294118);
    /* CSAT over the seven perception items: 6 and 7 are the top two on 1-7 → 2 of 7 */
    assert_int_equal(s.rated_n, 7);
    assert_int_equal(s.top2_n, 2);
    NEAR(f.csat.pct, 200.0 / 7.0);
    assert_false(f.nps.defined);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct figures_sums s = {.promoters = -1};
    struct figures f;
    assert_int_equal(figures_compute(&s, NULL, &f), MN_ERR_INVALID);
    assert_false(f.nps.defined);
    struct figures_sums ok = {0};
    double neg[5] = {1, -1, 1, 1, 1};
    assert_int_equal(figures_compute(&ok, neg, &f), MN_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_one_answer),
        cmocka_unit_test(test_all_detractors), cmocka_unit_test(test_mixed_margin),
        cmocka_unit_test(test_servqual_response), cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests_name("figures", tests, NULL, NULL);
}
