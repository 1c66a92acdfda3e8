/* SPDX-License-Identifier: MIT */
/* Unit tests of the "share 100 points" importance question (issue 4): its validation in
 * core/survey (exactly five values 0..100 adding up to 100, field names), the allocation that
 * survey_derive hands on, and the SERVQUAL weighted score with the respondents' average
 * allocation as weights (core/servqual servqual_weights_choose), against values worked out by
 * hand: zero, one and two respondents. Tolerance: 1e-12 absolute. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>
#include <string.h>

#include "core/survey.h"

#define TOL 1e-12
#define assert_near(a, b, tol)                                                                  \
    do {                                                                                        \
        double a_ = (a), b_ = (b);                                                              \
        if (!(fabs(a_ - b_) <= (tol)))                                                          \
            fail_msg("%s = %.15g, expected %.15g (tol %g)", #a, a_, b_, (double)(tol));         \
    } while (0)

/* The fixture: one E/P pair per dimension in a 1-7 matrix (rows 0-4 E, rows 5-9 P, paired by
 * dimension), then the points question, then an NPS. */
static const struct survey_item_tag rows[10] = {
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_EXPECTATION, 1},
    {true, SERVQUAL_ASSURANCE, SURVEY_ROLE_EXPECTATION, 1},
    {true, SERVQUAL_TANGIBLES, SURVEY_ROLE_EXPECTATION, 1},
    {true, SERVQUAL_EMPATHY, SURVEY_ROLE_EXPECTATION, 1},
    {true, SERVQUAL_RESPONSIVENESS, SURVEY_ROLE_EXPECTATION, 1},
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_PERCEPTION, 1},
    {true, SERVQUAL_ASSURANCE, SURVEY_ROLE_PERCEPTION, 1},
    {true, SERVQUAL_TANGIBLES, SURVEY_ROLE_PERCEPTION, 1},
    {true, SERVQUAL_EMPATHY, SURVEY_ROLE_PERCEPTION, 1},
    {true, SERVQUAL_RESPONSIVENESS, SURVEY_ROLE_PERCEPTION, 1},
};

static const struct survey_question qs[] = {
    {.id = 1, .type = SURVEY_Q_MATRIX, .required = true, .scale_min = 1, .scale_max = 7,
     .rows = rows, .n_rows = 10},
    {.id = 2, .type = SURVEY_Q_POINTS, .required = true},
    {.id = 3, .type = SURVEY_Q_NPS},
};
static const struct survey_version version = {9, 1, qs, sizeof qs / sizeof qs[0]};

/* ---- validation --------------------------------------------------------------------------- */

static enum mn_status check_points(const int *vals, size_t n, struct mn_error *err)
{
    static const int ok_matrix[10] = {7, 6, 6, 6, 6, 5, 6, 4, 7, 3};
    struct survey_answer a[2] = {
        {.question_id = 1, .values = ok_matrix, .n_values = 10},
        {.question_id = 2, .values = vals, .n_values = n},
    };
    memset(err, 0, sizeof *err);
    return survey_validate_response(&version, a, 2, err);
}

static void test_version(void **state)
{
    (void)state;
    struct mn_error err = {0};
    assert_int_equal(survey_version_check(&version, &err), MN_OK);
    assert_true(survey_version_asks_points(&version));
    struct survey_version no_points = {9, 1, qs, 1};
    assert_false(survey_version_asks_points(&no_points));

    /* a second points question: one allocation per respondent */
    struct survey_question two[3] = {qs[0], qs[1], qs[1]};
    two[2].id = 4;
    struct survey_version v2 = {9, 2, two, 3};
    assert_int_equal(survey_version_check(&v2, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "questions.2.id");

    /* a points question is no condition source */
    struct survey_question cond[3] = {qs[0], qs[1], qs[2]};
    cond[2].show_if = (struct survey_condition){true, 2, SURVEY_OP_GE, 30};
    struct survey_version v3 = {9, 3, cond, 3};
    assert_int_equal(survey_version_check(&v3, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "questions.2.show_if");
}

static void test_validate(void **state)
{
    (void)state;
    struct mn_error err;
    static const int ok[5] = {40, 20, 10, 20, 10};
    static const int all_one[5] = {100, 0, 0, 0, 0};
    static const int sum99[5] = {40, 20, 10, 20, 9};
    static const int sum101[5] = {40, 20, 10, 20, 11};
    static const int negative[5] = {40, -10, 30, 20, 20};
    static const int over[5] = {101, 0, 0, 0, -1};
    static const int missing[5] = {40, 20, SURVEY_NO_VALUE, 20, 20};
    static const int four[4] = {40, 20, 20, 20};
    static const int six[6] = {40, 20, 10, 20, 10, 0};

    assert_int_equal(check_points(ok, 5, &err), MN_OK);
    assert_int_equal(check_points(all_one, 5, &err), MN_OK);

    assert_int_equal(check_points(sum99, 5, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values");
    assert_non_null(strstr(err.hint, "add up to 100 (they add up to 99)"));
    assert_int_equal(check_points(sum101, 5, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values");
    assert_non_null(strstr(err.hint, "101"));

    assert_int_equal(check_points(negative, 5, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values.1");
    assert_non_null(strstr(err.hint, "assurance"));
    assert_int_equal(check_points(over, 5, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values.0");
    assert_int_equal(check_points(missing, 5, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values.2");

    assert_int_equal(check_points(four, 4, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values");
    assert_int_equal(check_points(six, 6, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.values");
    assert_int_equal(check_points(NULL, 0, &err), MN_ERR_INVALID); /* a scalar value only */
    assert_string_equal(err.field, "answers.1.values");

    /* no text on a points question */
    static const int ok_matrix[10] = {7, 6, 6, 6, 6, 5, 6, 4, 7, 3};
    struct survey_answer a[2] = {
        {.question_id = 1, .values = ok_matrix, .n_values = 10},
        {.question_id = 2, .values = ok, .n_values = 5, .text = "x", .text_len = 1},
    };
    assert_int_equal(survey_validate_response(&version, a, 2, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers.1.text");
    /* required: leaving it out is refused */
    assert_int_equal(survey_validate_response(&version, a, 1, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "answers");
}

/* ---- derived values and the weighted score ------------------------------------------------ */

struct tally {
    struct servqual_dim_sums dims[SERVQUAL_DIM_COUNT];
    struct servqual_points_acc acc;
};

/* Validates and derives one response, adding its sums and allocation to t. */
static void add_response(struct tally *t, const int matrix[10], const int points[5])
{
    struct survey_answer a[2] = {
        {.question_id = 1, .values = matrix, .n_values = 10},
        {.question_id = 2, .values = points, .n_values = 5},
    };
    struct mn_error err = {0};
    struct survey_derived d;
    assert_int_equal(survey_validate_response(&version, a, 2, &err), MN_OK);
    assert_int_equal(survey_derive(&version, a, 2, NULL, &d), MN_OK);
    assert_true(d.has_points);
    for (int k = 0; k < SERVQUAL_DIM_COUNT; k++) {
        assert_int_equal(d.points[k], points[k]);
        t->dims[k].p_sum += d.dims[k].p_sum;
        t->dims[k].p_n += d.dims[k].p_n;
        t->dims[k].e_sum += d.dims[k].e_sum;
        t->dims[k].e_n += d.dims[k].e_n;
        t->dims[k].gap_sum += d.dims[k].gap_sum;
        t->dims[k].gap_n += d.dims[k].gap_n;
    }
    assert_int_equal(servqual_points_add(&t->acc, d.points, &err), MN_OK);
}

static void scores(const struct tally *t, bool asks_points, const double *configured,
                   enum servqual_weight_source *src, double w[5], struct servqual_score *weighted,
                   struct servqual_score *unweighted)
{
    struct servqual_dim_result r[SERVQUAL_DIM_COUNT];
    for (int k = 0; k < SERVQUAL_DIM_COUNT; k++)
        servqual_dim_compute(&t->dims[k], &r[k]);
    assert_int_equal(servqual_score(r, NULL, SERVQUAL_MISSING_RENORMALISE, unweighted), MN_OK);
    memset(weighted, 0, sizeof *weighted);
    assert_int_equal(servqual_weights_choose(asks_points, &t->acc, configured, w, src), MN_OK);
    if (*src != SERVQUAL_WEIGHTS_NONE)
        assert_int_equal(servqual_score(r, w, SERVQUAL_MISSING_RENORMALISE, weighted), MN_OK);
}

/* Response 1: E 7 6 6 6 6, P 5 6 4 7 3 -> gaps -2, 0, -2, +1, -3; points 40/20/10/20/10.
 * Response 2: E 6 7 5 6 6, P 6 5 6 5 3 -> gaps 0, -2, +1, -1, -3; points 20/20/20/20/20. */
static const int m1[10] = {7, 6, 6, 6, 6, 5, 6, 4, 7, 3};
static const int p1[5] = {40, 20, 10, 20, 10};
static const int m2[10] = {6, 7, 5, 6, 6, 6, 5, 6, 5, 3};
static const int p2[5] = {20, 20, 20, 20, 20};

static void test_two_respondents(void **state)
{
    (void)state;
    struct tally t;
    memset(&t, 0, sizeof t);
    add_response(&t, m1, p1);
    add_response(&t, m2, p2);
    assert_int_equal(t.acc.n, 2);
    enum servqual_weight_source src;
    double w[5];
    struct servqual_score ws, us;
    scores(&t, true, NULL, &src, w, &ws, &us);
    assert_int_equal(src, SERVQUAL_WEIGHTS_RESPONDENTS);
    assert_string_equal(servqual_weight_source_code(src), "respondents");
    /* mean allocation (40+20)/2 = 30, 20, 15, 20, 15 -> .30 .20 .15 .20 .15 */
    static const double want[5] = {0.30, 0.20, 0.15, 0.20, 0.15};
    for (int k = 0; k < 5; k++)
        assert_near(w[k], want[k], TOL);
    /* dimension gaps: -1, -1, -0.5, 0, -3
     * weighted: .3*-1 + .2*-1 + .15*-.5 + .2*0 + .15*-3 = -.3 - .2 - .075 - .45 = -1.025
     * unweighted: (-1 - 1 - .5 + 0 - 3) / 5 = -1.1 */
    assert_true(ws.defined);
    assert_near(ws.score, -1.025, TOL);
    assert_near(us.score, -1.1, TOL);

    /* the same answers in a survey without a points question use the configured weights:
     * 10/10/10/10/60 -> -.1 - .1 - .05 + 0 - 1.8 = -2.05 */
    static const double conf[5] = {10, 10, 10, 10, 60};
    scores(&t, false, conf, &src, w, &ws, &us);
    assert_int_equal(src, SERVQUAL_WEIGHTS_CONFIGURED);
    assert_near(w[4], 0.6, TOL);
    assert_near(ws.score, -2.05, TOL);
    /* with a points question the respondents win over the configured weights */
    scores(&t, true, conf, &src, w, &ws, &us);
    assert_int_equal(src, SERVQUAL_WEIGHTS_RESPONDENTS);
    assert_near(ws.score, -1.025, TOL);
    /* neither: no weighted score */
    scores(&t, false, NULL, &src, w, &ws, &us);
    assert_int_equal(src, SERVQUAL_WEIGHTS_NONE);
    assert_false(ws.defined);
}

static void test_one_respondent(void **state)
{
    (void)state;
    struct tally t;
    memset(&t, 0, sizeof t);
    add_response(&t, m1, p1);
    enum servqual_weight_source src;
    double w[5];
    struct servqual_score ws, us;
    scores(&t, true, NULL, &src, w, &ws, &us);
    assert_int_equal(src, SERVQUAL_WEIGHTS_RESPONDENTS);
    static const double want[5] = {0.40, 0.20, 0.10, 0.20, 0.10};
    for (int k = 0; k < 5; k++)
        assert_near(w[k], want[k], TOL);
    /* gaps -2, 0, -2, +1, -3: .4*-2 + 0 + .1*-2 + .2*1 + .1*-3 = -.8 - .2 + .2 - .3 = -1.1;
     * unweighted -6 / 5 = -1.2 */
    assert_near(ws.score, -1.1, TOL);
    assert_near(us.score, -1.2, TOL);
}

static void test_zero_respondents(void **state)
{
    (void)state;
    struct servqual_points_acc none = {0};
    double w[5] = {-7, -7, -7, -7, -7};
    enum servqual_weight_source src = SERVQUAL_WEIGHTS_RESPONDENTS;
    /* nobody shared points yet and nothing configured: no weights, out untouched */
    assert_int_equal(servqual_weights_choose(true, &none, NULL, w, &src), MN_OK);
    assert_int_equal(src, SERVQUAL_WEIGHTS_NONE);
    assert_near(w[0], -7, 0);
    assert_int_equal(servqual_weights_choose(true, NULL, NULL, w, &src), MN_OK);
    assert_int_equal(src, SERVQUAL_WEIGHTS_NONE);
    /* nobody yet, configured weights: those, until the first allocation arrives */
    static const double conf[5] = {1, 1, 1, 1, 0};
    assert_int_equal(servqual_weights_choose(true, &none, conf, w, &src), MN_OK);
    assert_int_equal(src, SERVQUAL_WEIGHTS_CONFIGURED);
    assert_near(w[0], 0.25, TOL);
    assert_near(w[4], 0.0, TOL);
    /* bad configured weights are an error, not a silent fallback */
    static const double zero[5] = {0, 0, 0, 0, 0};
    static const double neg[5] = {1, -1, 1, 1, 1};
    assert_int_equal(servqual_weights_choose(false, NULL, zero, w, &src), MN_ERR_INVALID);
    assert_int_equal(src, SERVQUAL_WEIGHTS_NONE);
    assert_int_equal(servqual_weights_choose(false, NULL, neg, w, &src), MN_ERR_INVALID);
    assert_null(servqual_weight_source_code((enum servqual_weight_source)9));
    assert_string_equal(servqual_weight_source_code(SERVQUAL_WEIGHTS_NONE), "none");
    assert_string_equal(servqual_weight_source_code(SERVQUAL_WEIGHTS_CONFIGURED), "configured");

    /* an unanswered (optional) points question derives no allocation */
    struct survey_question opt[2] = {qs[0], qs[1]};
    opt[1].required = false;
    struct survey_version v = {9, 4, opt, 2};
    struct survey_answer a = {.question_id = 1, .values = m1, .n_values = 10};
    struct survey_derived d;
    struct mn_error err = {0};
    assert_int_equal(survey_validate_response(&v, &a, 1, &err), MN_OK);
    assert_int_equal(survey_derive(&v, &a, 1, NULL, &d), MN_OK);
    assert_false(d.has_points);
}

static void test_merge(void **state)
{
    (void)state;
    struct servqual_points_acc a = {0}, b = {0}, all = {0};
    struct mn_error err = {0};
    assert_int_equal(servqual_points_add(&a, p1, &err), MN_OK);
    assert_int_equal(servqual_points_add(&b, p2, &err), MN_OK);
    assert_int_equal(servqual_points_add(&b, p2, &err), MN_OK);
    servqual_points_merge(&all, &a);
    servqual_points_merge(&all, &b);
    /* (40 + 20 + 20) / 3 = 26.666.. ; (10 + 20 + 20) / 3 = 16.666.. */
    double w[5];
    assert_int_equal(all.n, 3);
    assert_int_equal(all.sum[0], 80);
    assert_int_equal(servqual_weights_from_points(&all, w), MN_OK);
    assert_near(w[0], 80.0 / 300.0, TOL);
    assert_near(w[2], 50.0 / 300.0, TOL);
    double total = 0;
    for (int k = 0; k < 5; k++)
        total += w[k];
    assert_near(total, 1.0, TOL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_two_respondents), cmocka_unit_test(test_one_respondent),
        cmocka_unit_test(test_zero_respondents), cmocka_unit_test(test_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
