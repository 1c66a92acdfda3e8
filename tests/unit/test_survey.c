/* SPDX-License-Identifier: MIT */
/* Unit tests for core/survey: version structure checks, response validation (types, ranges,
 * required, conditional display, hidden and unknown questions, UTF-8 lengths) and derived values
 * (NPS category, P/E sums, top-2-box counts, low-score alert). Tolerance: 1e-12 absolute. */
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

#include "core/survey.h"

#define TOL 1e-12

/* The fixture: a 3-day after-service follow-up with SERVQUAL-tagged items on 1-5. */
static const struct survey_item_tag rows[4] = {
    {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_EXPECTATION, 1}, /* pairs with q30 */
    {true, SERVQUAL_EMPATHY, SURVEY_ROLE_PERCEPTION, 2},
    {true, SERVQUAL_EMPATHY, SURVEY_ROLE_EXPECTATION, 2},
    {true, SERVQUAL_TANGIBLES, SURVEY_ROLE_PERCEPTION, 3},
};

static const struct survey_question qs[] = {
    {.id = 10, .type = SURVEY_Q_NPS, .required = true},
    {.id = 20, .type = SURVEY_Q_TEXT, .max_chars = 5,
     .show_if = {true, 10, SURVEY_OP_LE, 6}}, /* "what went wrong?" for detractors */
    {.id = 30, .type = SURVEY_Q_RATING, .required = true, .scale_min = 1, .scale_max = 5,
     .tag = {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_PERCEPTION, 1}},
    {.id = 40, .type = SURVEY_Q_MATRIX, .scale_min = 1, .scale_max = 5, .rows = rows,
     .n_rows = 4},
    {.id = 50, .type = SURVEY_Q_SINGLE, .n_options = 3, .other_option = 2, .max_chars = 10},
    {.id = 60, .type = SURVEY_Q_MULTI, .n_options = 4, .other_option = 3, .min_choices = 1,
     .max_choices = 2, .max_chars = 10},
    {.id = 70, .type = SURVEY_Q_YESNO, .required = true},
    {.id = 80, .type = SURVEY_Q_TEXT, .max_chars = 200,
     .show_if = {true, 60, SURVEY_OP_CHOSEN, 0}},
};

static const struct survey_version version = {7, 2, qs, sizeof qs / sizeof qs[0]};

#define A_INT(q, v) {.question_id = (q), .value = (v)}
#define A_VALS(q, arr, n) {.question_id = (q), .values = (arr), .n_values = (n)}
#define A_TEXT(q, s) {.question_id = (q), .text = (s), .text_len = sizeof(s) - 1}

static void test_version_check(void **state)
{
    (void)state;
    struct mn_error err = {0};
    assert_int_equal(survey_version_check(&version, &err), MN_OK);

    struct survey_question bad[sizeof qs / sizeof qs[0]];
    struct survey_version bv = {7, 3, bad, sizeof qs / sizeof qs[0]};
    static const struct survey_item_tag rows_dup[4] = {
        {true, SERVQUAL_RELIABILITY, SURVEY_ROLE_EXPECTATION, 1},
        {true, SERVQUAL_EMPATHY, SURVEY_ROLE_PERCEPTION, 2},
        {true, SERVQUAL_EMPATHY, SURVEY_ROLE_PERCEPTION, 2}, /* same P item twice */
        {true, SERVQUAL_TANGIBLES, SURVEY_ROLE_PERCEPTION, 3},
    };
    static const struct {
        size_t index;
        int what;
        const char *field;
    } cases[] = {
        {2, 0, "questions.2.id"},        /* id 30 -> 10: duplicate */
        {1, 1, "questions.1.show_if"},   /* condition on a later question */
        {4, 2, "questions.4.id"},        /* a second NPS question */
        {2, 3, "questions.2.scale_max"}, /* scale 1-6 */
        {3, 4, "questions.3.tag"},       /* dimension items on 1-7 while q30 is on 1-5 */
        {3, 5, "questions.3.tag"},       /* duplicate pair key */
        {7, 6, "questions.7.show_if"},   /* CHOSEN on an NPS source */
        {5, 7, "questions.5.max_choices"}, /* min_choices > max_choices */
        {4, 8, "questions.4.other_option"}, /* other option out of range */
        {1, 9, "questions.1.max_chars"},  /* text without a maximum */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(bad, qs, sizeof qs);
        struct survey_question *q = &bad[cases[i].index];
        switch (cases[i].what) {
        case 0: q->id = 10; break;
        case 1: q->show_if.question_id = 30; break;
        case 2: q->type = SURVEY_Q_NPS; break;
        case 3: q->scale_max = 6; break;
        case 4: q->scale_max = 7; break;
        case 5: q->rows = rows_dup; break;
        case 6: q->show_if = (struct survey_condition){true, 10, SURVEY_OP_CHOSEN, 1}; break;
        case 7: q->min_choices = 3; break;
        case 8: q->other_option = 3; break;
        case 9: q->max_chars = 0; break;
        }
        memset(&err, 0, sizeof err);
        assert_int_equal(survey_version_check(&bv, &err), MN_ERR_INVALID);
        assert_int_equal(err.code, MN_ERR_INVALID);
        assert_string_equal(err.field, cases[i].field);
    }
    struct survey_version empty = {7, 1, qs, 0};
    assert_int_equal(survey_version_check(&empty, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "questions");
}

struct vcase {
    const char *name;
    struct survey_answer a[6];
    size_t n;
    enum mn_status rc;
    const char *field; /* expected err.field when rc != MN_OK */
};

static const int m_ok[4] = {4, 1, 5, SURVEY_NO_VALUE};
static const int m_short[3] = {4, 1, 5};
static const int m_bad[4] = {4, 6, 5, 5};
static const int c_0[1] = {0};
static const int c_1[1] = {1};
static const int c_00[2] = {0, 0};
static const int c_012[3] = {0, 1, 2};
static const int c_03[2] = {0, 3};
static const int c_4[1] = {4};

#define BASE A_INT(10, 9), A_INT(30, 4), A_INT(70, 1)

static const struct vcase vcases[] = {
    {"minimal valid", {BASE}, 3, MN_OK, NULL},
    {"detractor, no comment (optional)", {A_INT(10, 6), A_INT(30, 4), A_INT(70, 0)}, 3, MN_OK,
     NULL},
    /* 太慢了: 3 code points in 9 bytes, limit 5 */
    {"detractor comment", {A_INT(10, 6), A_TEXT(20, "太慢了"), A_INT(30, 1), A_INT(70, 0)}, 4,
     MN_OK, NULL},
    {"comment of exactly 5", {A_INT(10, 0), A_TEXT(20, "abcde"), A_INT(30, 5), A_INT(70, 0)}, 4,
     MN_OK, NULL},
    /* 一二三四五六: 6 code points (18 bytes) > 5 */
    {"comment too long", {A_INT(10, 6), A_TEXT(20, "一二三四五六"), A_INT(30, 1), A_INT(70, 0)},
     4, MN_ERR_INVALID, "answers.1.text"},
    {"comment not UTF-8", {A_INT(10, 6), A_TEXT(20, "a\xff"), A_INT(30, 1), A_INT(70, 0)}, 4,
     MN_ERR_INVALID, "answers.1.text"},
    {"comment hidden for a passive (7)", {A_INT(10, 7), A_TEXT(20, "x"), A_INT(30, 1),
     A_INT(70, 0)}, 4, MN_ERR_INVALID, "answers.1"},
    {"NPS 11", {A_INT(10, 11), A_INT(30, 4), A_INT(70, 1)}, 3, MN_ERR_INVALID,
     "answers.0.value"},
    {"NPS -1", {A_INT(30, 4), A_INT(70, 1), A_INT(10, -1)}, 3, MN_ERR_INVALID,
     "answers.2.value"},
    {"NPS missing", {A_INT(30, 4), A_INT(70, 1)}, 2, MN_ERR_INVALID, "answers"},
    {"no answers at all", {{0}}, 0, MN_ERR_INVALID, "answers"},
    {"unknown question", {BASE, A_INT(99, 1)}, 4, MN_ERR_INVALID, "answers.3.question_id"},
    {"answered twice", {BASE, A_INT(30, 5)}, 4, MN_ERR_INVALID, "answers.3.question_id"},
    {"rating 0", {A_INT(10, 9), A_INT(30, 0), A_INT(70, 1)}, 3, MN_ERR_INVALID,
     "answers.1.value"},
    {"rating 6", {A_INT(10, 9), A_INT(30, 6), A_INT(70, 1)}, 3, MN_ERR_INVALID,
     "answers.1.value"},
    {"rating 1 and 5 ok", {A_INT(10, 9), A_INT(30, 1), A_INT(70, 1)}, 3, MN_OK, NULL},
    {"yes/no 2", {A_INT(10, 9), A_INT(30, 3), A_INT(70, 2)}, 3, MN_ERR_INVALID,
     "answers.2.value"},
    {"NPS given values", {A_VALS(10, c_0, 1), A_INT(30, 4), A_INT(70, 1)}, 3, MN_ERR_INVALID,
     "answers.0.values"},
    {"rating given text", {A_INT(10, 9), A_TEXT(30, "x"), A_INT(70, 1)}, 3, MN_ERR_INVALID,
     "answers.1.text"},
    {"matrix with an unanswered row", {BASE, A_VALS(40, m_ok, 4)}, 4, MN_OK, NULL},
    {"matrix short", {BASE, A_VALS(40, m_short, 3)}, 4, MN_ERR_INVALID, "answers.3.values"},
    {"matrix row 6", {BASE, A_VALS(40, m_bad, 4)}, 4, MN_ERR_INVALID, "answers.3.values.1"},
    {"single option 1", {BASE, A_INT(50, 1)}, 4, MN_OK, NULL},
    {"single option 3", {BASE, A_INT(50, 3)}, 4, MN_ERR_INVALID, "answers.3.value"},
    {"single other without text", {BASE, A_INT(50, 2)}, 4, MN_ERR_INVALID, "answers.3.text"},
    {"single other with text", {BASE, {.question_id = 50, .value = 2, .text = "朋友介绍",
     .text_len = 12}}, 4, MN_OK, NULL},
    {"single text without other", {BASE, {.question_id = 50, .value = 1, .text = "x",
     .text_len = 1}}, 4, MN_ERR_INVALID, "answers.3.text"},
    {"multi duplicate", {BASE, A_VALS(60, c_00, 2)}, 4, MN_ERR_INVALID, "answers.3.values.1"},
    {"multi none chosen", {BASE, A_VALS(60, NULL, 0)}, 4, MN_ERR_INVALID, "answers.3.values"},
    {"multi three chosen (max 2)", {BASE, A_VALS(60, c_012, 3)}, 4, MN_ERR_INVALID,
     "answers.3.values"},
    {"multi option 4", {BASE, A_VALS(60, c_4, 1)}, 4, MN_ERR_INVALID, "answers.3.values.0"},
    {"multi with other text", {BASE, {.question_id = 60, .values = c_03, .n_values = 2,
     .text = "x", .text_len = 1}}, 4, MN_OK, NULL},
    {"follow-on shown when option 0 chosen", {BASE, A_VALS(60, c_0, 1), A_TEXT(80, "ok")}, 5,
     MN_OK, NULL},
    {"follow-on hidden when option 0 not chosen", {BASE, A_VALS(60, c_1, 1),
     A_TEXT(80, "ok")}, 5, MN_ERR_INVALID, "answers.4"},
    {"follow-on hidden when its source is unanswered", {BASE, A_TEXT(80, "ok")}, 4,
     MN_ERR_INVALID, "answers.3"},
};

static void test_validate_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vcases / sizeof vcases[0]; i++) {
        const struct vcase *c = &vcases[i];
        struct mn_error err = {0};
        enum mn_status rc = survey_validate_response(&version, c->a, c->n, &err);
        if (rc != c->rc)
            fail_msg("%s: rc %d, expected %d (%s: %s)", c->name, rc, c->rc, err.field, err.hint);
        if (c->field != NULL && strcmp(err.field, c->field) != 0)
            fail_msg("%s: field %s, expected %s", c->name, err.field, c->field);
        if (rc != MN_OK)
            assert_true(strlen(err.hint) > 0);
    }
}

static void test_validate_hints(void **state)
{
    (void)state;
    struct mn_error err = {0};
    struct survey_answer a[] = {A_INT(30, 4), A_INT(70, 1)};
    assert_int_equal(survey_validate_response(&version, a, 2, &err), MN_ERR_INVALID);
    assert_string_equal(err.hint, "question 10 is required");
    struct survey_answer b[] = {A_INT(10, 11), A_INT(30, 4), A_INT(70, 1)};
    assert_int_equal(survey_validate_response(&version, b, 3, &err), MN_ERR_INVALID);
    assert_string_equal(err.hint, "an NPS answer must be 0 to 10 (got 11)");
    assert_int_equal(survey_validate_response(&version, b, 3, NULL), MN_ERR_INVALID);
}

static void test_derive(void **state)
{
    (void)state;
    struct survey_alert_rule rule = {true, true, 2.0};
    struct survey_derived d;
    /* q10=3 detractor; q30 reliability P=2; matrix: reliability E=4, empathy P=1, empathy E=5,
     * tangibles P unanswered.
     *   reliability: P 2, E 4, gap 2-4 = -2   empathy: P 1, E 5, gap -4   tangibles: nothing
     *   rated (CSAT counts perceptions, not expectations): q30 + the empathy P row = 2;
     *   top-2 (4-5 on 1-5): 2 and 1 are not -> 0
     *   alert: detractor; reliability mean P 2 <= 2 and empathy 1 <= 2 -> dims bits 0 and 3 */
    struct survey_answer a[] = {A_INT(10, 3), A_INT(30, 2), A_INT(70, 0),
                                A_VALS(40, m_ok, 4)};
    assert_int_equal(survey_validate_response(&version, a, 4, NULL), MN_OK);
    assert_int_equal(survey_derive(&version, a, 4, &rule, &d), MN_OK);
    assert_true(d.has_nps);
    assert_int_equal(d.nps_score, 3);
    assert_int_equal(d.nps_category, NPS_DETRACTOR);
    const struct servqual_dim_sums *r = &d.dims[SERVQUAL_RELIABILITY];
    assert_int_equal(r->p_n, 1);
    assert_int_equal(r->e_n, 1);
    assert_int_equal(r->gap_n, 1);
    assert_near(r->p_sum, 2.0, TOL);
    assert_near(r->e_sum, 4.0, TOL);
    assert_near(r->gap_sum, -2.0, TOL);
    assert_near(d.dims[SERVQUAL_EMPATHY].gap_sum, -4.0, TOL);
    assert_int_equal(d.dims[SERVQUAL_TANGIBLES].p_n, 0);
    assert_int_equal(d.dims[SERVQUAL_ASSURANCE].p_n, 0);
    assert_int_equal(d.rated_n, 2);
    assert_int_equal(d.top2_n, 0);
    assert_int_equal(d.alert, SURVEY_ALERT_DETRACTOR | SURVEY_ALERT_DIMENSION);
    assert_int_equal(d.alert_dims, (1u << SERVQUAL_RELIABILITY) | (1u << SERVQUAL_EMPATHY));

    /* promoter, reliability P=5 with its E unanswered: P counted, no gap; no alert */
    struct survey_answer b[] = {A_INT(10, 9), A_INT(30, 5), A_INT(70, 1)};
    assert_int_equal(survey_derive(&version, b, 3, &rule, &d), MN_OK);
    assert_int_equal(d.nps_category, NPS_PROMOTER);
    assert_int_equal(d.dims[SERVQUAL_RELIABILITY].p_n, 1);
    assert_int_equal(d.dims[SERVQUAL_RELIABILITY].e_n, 0);
    assert_int_equal(d.dims[SERVQUAL_RELIABILITY].gap_n, 0);
    assert_int_equal(d.rated_n, 1);
    assert_int_equal(d.top2_n, 1);
    assert_int_equal(d.alert, 0);

    /* NPS boundaries 6/7 and the threshold boundary: P=3 > 2 raises nothing; rule NULL none */
    struct survey_answer c[] = {A_INT(10, 6), A_INT(30, 3), A_INT(70, 1)};
    assert_int_equal(survey_derive(&version, c, 3, &rule, &d), MN_OK);
    assert_int_equal(d.nps_category, NPS_DETRACTOR);
    assert_int_equal(d.alert, SURVEY_ALERT_DETRACTOR);
    c[0].value = 7;
    assert_int_equal(survey_derive(&version, c, 3, &rule, &d), MN_OK);
    assert_int_equal(d.nps_category, NPS_PASSIVE);
    assert_int_equal(d.alert, 0);
    c[0].value = 0;
    assert_int_equal(survey_derive(&version, c, 3, NULL, &d), MN_OK);
    assert_int_equal(d.alert, 0);

    /* no answers: nothing derived */
    assert_int_equal(survey_derive(&version, NULL, 0, &rule, &d), MN_OK);
    assert_false(d.has_nps);
    assert_int_equal(d.rated_n, 0);
    assert_int_equal(d.alert, 0);
    struct survey_answer u[] = {A_INT(99, 1)};
    assert_int_equal(survey_derive(&version, u, 1, &rule, &d), MN_ERR_INVALID);
}

static void test_top2(void **state)
{
    (void)state;
    struct survey_question r7 = {.id = 1, .type = SURVEY_Q_RATING, .scale_min = 1,
                                 .scale_max = 7};
    struct survey_question r10 = {.id = 1, .type = SURVEY_Q_RATING, .scale_min = 1,
                                  .scale_max = 10};
    assert_false(survey_is_top2(&r7, 5));
    assert_true(survey_is_top2(&r7, 6));
    assert_true(survey_is_top2(&r7, 7));
    assert_false(survey_is_top2(&r10, 8));
    assert_true(survey_is_top2(&r10, 9));
    assert_false(survey_is_top2(&qs[0], 8)); /* NPS: 9-10 */
    assert_true(survey_is_top2(&qs[0], 9));
    assert_false(survey_is_top2(&qs[6], 1)); /* yes/no has no top box */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_check), cmocka_unit_test(test_validate_table),
        cmocka_unit_test(test_validate_hints), cmocka_unit_test(test_derive),
        cmocka_unit_test(test_top2),
    };
    return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
