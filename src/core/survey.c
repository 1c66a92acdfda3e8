/* SPDX-License-Identifier: MIT */
/* Response validation and derived values for a survey version (PRODUCT.md §2, issue 4).
 * Pure and allocation-free: per-call tables live on the stack, bounded by SURVEY_MAX_*.
 * Does not decode JSON, store anything or know about languages. */
#include "core/survey.h"

#include <stdio.h>

#include "core/text.h"

/* Bounds the pairing loops of survey_derive (quadratic in tagged items) on the hot path. */
enum { SURVEY_MAX_TAGGED = 400 };

static bool scale_ok(int min, int max)
{
    return min == 1 && (max == 5 || max == 7 || max == 10);
}

static int find_question(const struct survey_version *v, int64_t id)
{
    for (size_t i = 0; i < v->n_questions; i++)
        if (v->questions[i].id == id)
            return (int)i;
    return -1;
}

/* ---- the version's own structure --------------------------------------------------------- */

/* The tag of item `row` of q: the question's own tag for RATING, the row's tag for MATRIX. */
static const struct survey_item_tag *item_tag(const struct survey_question *q, int row)
{
    if (q->type == SURVEY_Q_RATING)
        return row == 0 ? &q->tag : NULL;
    if (q->type == SURVEY_Q_MATRIX && row < q->n_rows)
        return &q->rows[row];
    return NULL;
}

static int item_count(const struct survey_question *q)
{
    if (q->type == SURVEY_Q_RATING)
        return 1;
    if (q->type == SURVEY_Q_MATRIX)
        return q->n_rows;
    return 0;
}

static enum mn_status check_choice(const struct survey_question *q, size_t i,
                                   struct mn_error *err)
{
    char f[64];
    if (q->n_options < 1 || q->n_options > SURVEY_MAX_OPTIONS) {
        snprintf(f, sizeof f, "questions.%zu.n_options", i);
        return mn_fail(err, MN_ERR_INVALID, f, "a choice question needs 1 to %d options",
                       SURVEY_MAX_OPTIONS);
    }
    if (q->other_option < -1 || q->other_option >= q->n_options) {
        snprintf(f, sizeof f, "questions.%zu.other_option", i);
        return mn_fail(err, MN_ERR_INVALID, f, "the \"other\" option must be one of the options");
    }
    if (q->other_option >= 0 && q->max_chars < 1) {
        snprintf(f, sizeof f, "questions.%zu.max_chars", i);
        return mn_fail(err, MN_ERR_INVALID, f, "the \"other\" text needs a maximum length");
    }
    if (q->type == SURVEY_Q_MULTI &&
        (q->min_choices < 0 || q->min_choices > q->max_choices || q->max_choices > q->n_options)) {
        snprintf(f, sizeof f, "questions.%zu.max_choices", i);
        return mn_fail(err, MN_ERR_INVALID, f,
                       "choices must satisfy 0 <= min_choices <= max_choices <= options");
    }
    return MN_OK;
}

static enum mn_status check_condition(const struct survey_version *v, size_t i,
                                      struct mn_error *err)
{
    const struct survey_condition *c = &v->questions[i].show_if;
    char f[64];
    snprintf(f, sizeof f, "questions.%zu.show_if", i);
    int si = find_question(v, c->question_id);
    if (si < 0 || (size_t)si >= i)
        return mn_fail(err, MN_ERR_INVALID, f, "a condition must refer to an earlier question");
    const struct survey_question *src = &v->questions[si];
    bool multi_op = c->op == SURVEY_OP_CHOSEN || c->op == SURVEY_OP_NOT_CHOSEN;
    bool scalar_src = src->type == SURVEY_Q_NPS || src->type == SURVEY_Q_RATING ||
                      src->type == SURVEY_Q_SINGLE || src->type == SURVEY_Q_YESNO;
    if (c->op < SURVEY_OP_EQ || c->op > SURVEY_OP_NOT_CHOSEN)
        return mn_fail(err, MN_ERR_INVALID, f, "unknown condition operator");
    if (multi_op ? src->type != SURVEY_Q_MULTI : !scalar_src)
        return mn_fail(err, MN_ERR_INVALID, f,
                       "this operator does not apply to the type of question %lld",
                       (long long)src->id);
    if (multi_op && (c->value < 0 || c->value >= src->n_options))
        return mn_fail(err, MN_ERR_INVALID, f, "option %d does not exist in question %lld",
                       c->value, (long long)src->id);
    return MN_OK;
}

static enum mn_status check_question(const struct survey_question *q, size_t i,
                                     struct mn_error *err)
{
    char f[64];
    switch (q->type) {
    case SURVEY_Q_NPS:
    case SURVEY_Q_YESNO:
    case SURVEY_Q_POINTS:
        return MN_OK;
    case SURVEY_Q_RATING:
    case SURVEY_Q_MATRIX:
        if (!scale_ok(q->scale_min, q->scale_max)) {
            snprintf(f, sizeof f, "questions.%zu.scale_max", i);
            return mn_fail(err, MN_ERR_INVALID, f, "rating scales are 1-5, 1-7 or 1-10");
        }
        if (q->type == SURVEY_Q_MATRIX &&
            (q->rows == NULL || q->n_rows < 1 || q->n_rows > SURVEY_MAX_ROWS)) {
            snprintf(f, sizeof f, "questions.%zu.rows", i);
            return mn_fail(err, MN_ERR_INVALID, f, "a matrix needs 1 to %d rows",
                           SURVEY_MAX_ROWS);
        }
        for (int r = 0; r < item_count(q); r++) {
            const struct survey_item_tag *t = item_tag(q, r);
            if (t->has_dim && (servqual_dim_code(t->dim) == NULL ||
                               (t->role != SURVEY_ROLE_PERCEPTION &&
                                t->role != SURVEY_ROLE_EXPECTATION))) {
                snprintf(f, sizeof f, "questions.%zu.tag", i);
                return mn_fail(err, MN_ERR_INVALID, f, "unknown dimension or role");
            }
        }
        return MN_OK;
    case SURVEY_Q_SINGLE:
    case SURVEY_Q_MULTI:
        return check_choice(q, i, err);
    case SURVEY_Q_TEXT:
        if (q->max_chars < 1) {
            snprintf(f, sizeof f, "questions.%zu.max_chars", i);
            return mn_fail(err, MN_ERR_INVALID, f, "a text question needs a maximum length");
        }
        return MN_OK;
    }
    snprintf(f, sizeof f, "questions.%zu.type", i);
    return mn_fail(err, MN_ERR_INVALID, f, "unknown question type");
}

static bool same_item(const struct survey_item_tag *a, const struct survey_item_tag *b)
{
    return a->has_dim && b->has_dim && a->dim == b->dim && a->role == b->role &&
           a->pair_key == b->pair_key;
}

/* Dimension items share one scale so that dimension means and the alert threshold mean one
 * thing; pair keys are unique so each P meets at most one E. */
static enum mn_status check_items(const struct survey_version *v, struct mn_error *err)
{
    int n_tagged = 0, smin = 0, smax = 0;
    for (size_t i = 0; i < v->n_questions; i++) {
        const struct survey_question *q = &v->questions[i];
        for (int r = 0; r < item_count(q); r++) {
            const struct survey_item_tag *t = item_tag(q, r);
            if (!t->has_dim)
                continue;
            char f[64];
            snprintf(f, sizeof f, "questions.%zu.tag", i);
            if (++n_tagged > SURVEY_MAX_TAGGED)
                return mn_fail(err, MN_ERR_INVALID, f, "at most %d dimension items",
                               SURVEY_MAX_TAGGED);
            if (n_tagged == 1) {
                smin = q->scale_min;
                smax = q->scale_max;
            } else if (q->scale_min != smin || q->scale_max != smax) {
                return mn_fail(err, MN_ERR_INVALID, f,
                               "all dimension items must use the same scale (%d-%d)", smin, smax);
            }
            for (size_t j = 0; j <= i; j++) {
                const struct survey_question *o = &v->questions[j];
                int rend = j == i ? r : item_count(o);
                for (int s = 0; s < rend; s++)
                    if (same_item(t, item_tag(o, s)))
                        return mn_fail(err, MN_ERR_INVALID, f,
                                       "pair key %d is used twice in dimension %s",
                                       t->pair_key, servqual_dim_code(t->dim));
            }
        }
    }
    return MN_OK;
}

enum mn_status survey_version_check(const struct survey_version *v, struct mn_error *err)
{
    if (v->questions == NULL || v->n_questions < 1 || v->n_questions > SURVEY_MAX_QUESTIONS)
        return mn_fail(err, MN_ERR_INVALID, "questions", "a survey has 1 to %d questions",
                       SURVEY_MAX_QUESTIONS);
    int n_nps = 0, n_points = 0;
    for (size_t i = 0; i < v->n_questions; i++) {
        const struct survey_question *q = &v->questions[i];
        char f[64];
        snprintf(f, sizeof f, "questions.%zu.id", i);
        if (q->id <= 0)
            return mn_fail(err, MN_ERR_INVALID, f, "question ids are positive");
        if (find_question(v, q->id) != (int)i)
            return mn_fail(err, MN_ERR_INVALID, f, "question id %lld is used twice",
                           (long long)q->id);
        if (q->type == SURVEY_Q_NPS && ++n_nps > 1)
            return mn_fail(err, MN_ERR_INVALID, f, "a survey has at most one NPS question");
        /* one allocation per respondent, so that the average allocation is the weights */
        if (q->type == SURVEY_Q_POINTS && ++n_points > 1)
            return mn_fail(err, MN_ERR_INVALID, f,
                           "a survey has at most one \"share 100 points\" question");
        enum mn_status rc = check_question(q, i, err);
        if (rc == MN_OK && q->show_if.active)
            rc = check_condition(v, i, err);
        if (rc != MN_OK)
            return rc;
    }
    return check_items(v, err);
}

/* ---- validating a response --------------------------------------------------------------- */

static bool cond_holds(const struct survey_condition *c, const struct survey_answer *a)
{
    switch (c->op) {
    case SURVEY_OP_EQ: return a->value == c->value;
    case SURVEY_OP_NE: return a->value != c->value;
    case SURVEY_OP_LT: return a->value < c->value;
    case SURVEY_OP_LE: return a->value <= c->value;
    case SURVEY_OP_GT: return a->value > c->value;
    case SURVEY_OP_GE: return a->value >= c->value;
    case SURVEY_OP_CHOSEN:
    case SURVEY_OP_NOT_CHOSEN:
        for (size_t i = 0; i < a->n_values; i++)
            if (a->values[i] == c->value)
                return c->op == SURVEY_OP_CHOSEN;
        return c->op == SURVEY_OP_NOT_CHOSEN;
    }
    return false;
}

static enum mn_status check_text(const char *text, size_t len, int max_chars, size_t ai,
                                 long *chars, struct mn_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "answers.%zu.text", ai);
    *chars = text == NULL ? 0 : text_utf8_count(text, len);
    if (*chars < 0)
        return mn_fail(err, MN_ERR_INVALID, f, "the text is not valid UTF-8");
    if (*chars > max_chars)
        return mn_fail(err, MN_ERR_INVALID, f, "the text has %ld characters; at most %d allowed",
                       *chars, max_chars);
    return MN_OK;
}

/* The "other, please say" text: required when that option is chosen, refused otherwise. */
static enum mn_status check_other(const struct survey_question *q, const struct survey_answer *a,
                                  bool other_chosen, size_t ai, struct mn_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "answers.%zu.text", ai);
    if (!other_chosen) {
        if (a->text != NULL && a->text_len > 0)
            return mn_fail(err, MN_ERR_INVALID, f,
                           "text is only accepted with the \"other\" option");
        return MN_OK;
    }
    long chars;
    enum mn_status rc = check_text(a->text, a->text_len, q->max_chars, ai, &chars, err);
    if (rc == MN_OK && chars == 0)
        rc = mn_fail(err, MN_ERR_INVALID, f, "please say what \"other\" means");
    return rc;
}

static enum mn_status check_range(int value, int lo, int hi, size_t ai, const char *what,
                                  struct mn_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "answers.%zu.value", ai);
    if (value < lo || value > hi)
        return mn_fail(err, MN_ERR_INVALID, f, "%s must be %d to %d (got %d)", what, lo, hi,
                       value);
    return MN_OK;
}

static enum mn_status check_multi(const struct survey_question *q, const struct survey_answer *a,
                                  size_t ai, struct mn_error *err)
{
    bool seen[SURVEY_MAX_OPTIONS] = {false};
    char f[64];
    bool other = false;
    if (a->n_values > 0 && a->values == NULL)
        return mn_fail(err, MN_ERR_INVALID, "answers", "answer %zu has no values", ai);
    for (size_t j = 0; j < a->n_values; j++) {
        int o = a->values[j];
        snprintf(f, sizeof f, "answers.%zu.values.%zu", ai, j);
        if (o < 0 || o >= q->n_options)
            return mn_fail(err, MN_ERR_INVALID, f, "option %d does not exist (0 to %d)", o,
                           q->n_options - 1);
        if (seen[o])
            return mn_fail(err, MN_ERR_INVALID, f, "option %d is chosen twice", o);
        seen[o] = true;
        other = other || o == q->other_option;
    }
    snprintf(f, sizeof f, "answers.%zu.values", ai);
    if (a->n_values == 0 && q->required)
        return mn_fail(err, MN_ERR_INVALID, f, "question %lld is required", (long long)q->id);
    if (a->n_values < (size_t)q->min_choices || a->n_values > (size_t)q->max_choices)
        return mn_fail(err, MN_ERR_INVALID, f, "choose %d to %d options (got %zu)",
                       q->min_choices, q->max_choices, a->n_values);
    return check_other(q, a, other, ai, err);
}

static enum mn_status check_matrix(const struct survey_question *q,
                                   const struct survey_answer *a, size_t ai, struct mn_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "answers.%zu.values", ai);
    if (a->values == NULL || a->n_values != (size_t)q->n_rows)
        return mn_fail(err, MN_ERR_INVALID, f, "expected one value for each of the %d rows",
                       q->n_rows);
    for (size_t j = 0; j < a->n_values; j++) {
        int x = a->values[j];
        snprintf(f, sizeof f, "answers.%zu.values.%zu", ai, j);
        if (x == SURVEY_NO_VALUE) {
            if (q->required)
                return mn_fail(err, MN_ERR_INVALID, f, "every row of question %lld is required",
                               (long long)q->id);
            continue;
        }
        if (x < q->scale_min || x > q->scale_max)
            return mn_fail(err, MN_ERR_INVALID, f, "row answers must be %d to %d (got %d)",
                           q->scale_min, q->scale_max, x);
    }
    return MN_OK;
}

/* "Share 100 points" among the five dimensions: every value given, each 0..100, total 100. */
static enum mn_status check_points(const struct survey_answer *a, size_t ai,
                                   struct mn_error *err)
{
    char f[64];
    snprintf(f, sizeof f, "answers.%zu.values", ai);
    if (a->values == NULL || a->n_values != SERVQUAL_DIM_COUNT)
        return mn_fail(err, MN_ERR_INVALID, f,
                       "expected %d values (reliability, assurance, tangibles, empathy, "
                       "responsiveness)", SERVQUAL_DIM_COUNT);
    int total = 0;
    for (size_t j = 0; j < a->n_values; j++) {
        int x = a->values[j];
        if (x < 0 || x > 100) {
            snprintf(f, sizeof f, "answers.%zu.values.%zu", ai, j);
            if (x == SURVEY_NO_VALUE)
                return mn_fail(err, MN_ERR_INVALID, f, "give %s 0 to 100 points",
                               servqual_dim_code((enum servqual_dim)j));
            return mn_fail(err, MN_ERR_INVALID, f, "%s takes 0 to 100 points (got %d)",
                           servqual_dim_code((enum servqual_dim)j), x);
        }
        total += x;
    }
    if (total != 100)
        return mn_fail(err, MN_ERR_INVALID, f, "the points must add up to 100 (they add up to %d)",
                       total);
    return MN_OK;
}

static enum mn_status refuse_extras(const struct survey_question *q,
                                    const struct survey_answer *a, size_t ai,
                                    struct mn_error *err)
{
    char f[64];
    bool takes_values = q->type == SURVEY_Q_MATRIX || q->type == SURVEY_Q_MULTI ||
                        q->type == SURVEY_Q_POINTS;
    bool takes_text = q->type == SURVEY_Q_TEXT || q->type == SURVEY_Q_SINGLE ||
                      q->type == SURVEY_Q_MULTI;
    if (!takes_values && a->n_values > 0) {
        snprintf(f, sizeof f, "answers.%zu.values", ai);
        return mn_fail(err, MN_ERR_INVALID, f, "question %lld takes a single value",
                       (long long)q->id);
    }
    if (!takes_text && a->text != NULL && a->text_len > 0) {
        snprintf(f, sizeof f, "answers.%zu.text", ai);
        return mn_fail(err, MN_ERR_INVALID, f, "question %lld takes no text", (long long)q->id);
    }
    return MN_OK;
}

static enum mn_status check_answer(const struct survey_question *q, const struct survey_answer *a,
                                   size_t ai, struct mn_error *err)
{
    enum mn_status rc = refuse_extras(q, a, ai, err);
    if (rc != MN_OK)
        return rc;
    switch (q->type) {
    case SURVEY_Q_NPS:
        return check_range(a->value, 0, 10, ai, "an NPS answer", err);
    case SURVEY_Q_RATING:
        return check_range(a->value, q->scale_min, q->scale_max, ai, "the rating", err);
    case SURVEY_Q_YESNO:
        return check_range(a->value, 0, 1, ai, "a yes/no answer (1 = yes)", err);
    case SURVEY_Q_SINGLE:
        rc = check_range(a->value, 0, q->n_options - 1, ai, "the option", err);
        return rc != MN_OK ? rc : check_other(q, a, a->value == q->other_option, ai, err);
    case SURVEY_Q_MULTI:
        return check_multi(q, a, ai, err);
    case SURVEY_Q_MATRIX:
        return check_matrix(q, a, ai, err);
    case SURVEY_Q_POINTS:
        return check_points(a, ai, err);
    case SURVEY_Q_TEXT: {
        long chars;
        rc = check_text(a->text, a->text_len, q->max_chars, ai, &chars, err);
        if (rc == MN_OK && chars == 0 && q->required)
            rc = mn_fail(err, MN_ERR_INVALID, "answers", "question %lld is required",
                         (long long)q->id);
        return rc;
    }
    }
    return mn_fail(err, MN_ERR_INVALID, "answers", "question %lld has an unknown type",
                   (long long)q->id);
}

/* Maps each question to the index of its answer (-1: none). */
static enum mn_status index_answers(const struct survey_version *v,
                                    const struct survey_answer *answers, size_t n_answers,
                                    int *ans_of, struct mn_error *err)
{
    if (v->n_questions > SURVEY_MAX_QUESTIONS)
        return mn_fail(err, MN_ERR_INVALID, "questions", "too many questions");
    for (size_t i = 0; i < v->n_questions; i++)
        ans_of[i] = -1;
    for (size_t i = 0; i < n_answers; i++) {
        char f[64];
        snprintf(f, sizeof f, "answers.%zu.question_id", i);
        int qi = find_question(v, answers[i].question_id);
        if (qi < 0)
            return mn_fail(err, MN_ERR_INVALID, f, "question %lld is not in this survey version",
                           (long long)answers[i].question_id);
        if (ans_of[qi] >= 0)
            return mn_fail(err, MN_ERR_INVALID, f, "question %lld is answered twice",
                           (long long)answers[i].question_id);
        ans_of[qi] = (int)i;
    }
    return MN_OK;
}

enum mn_status survey_validate_response(const struct survey_version *v,
                                        const struct survey_answer *answers, size_t n_answers,
                                        struct mn_error *err)
{
    int ans_of[SURVEY_MAX_QUESTIONS];
    bool shown[SURVEY_MAX_QUESTIONS];
    if (n_answers > 0 && answers == NULL)
        return mn_fail(err, MN_ERR_INVALID, "answers", "answers are missing");
    enum mn_status rc = index_answers(v, answers, n_answers, ans_of, err);
    if (rc != MN_OK)
        return rc;
    for (size_t i = 0; i < v->n_questions; i++) {
        const struct survey_question *q = &v->questions[i];
        shown[i] = true;
        if (q->show_if.active) {
            int si = find_question(v, q->show_if.question_id);
            /* The source is earlier (survey_version_check), so shown[si] is already known. */
            shown[i] = si >= 0 && (size_t)si < i && shown[si] && ans_of[si] >= 0 &&
                       cond_holds(&q->show_if, &answers[ans_of[si]]);
        }
        int ai = ans_of[i];
        if (ai >= 0 && !shown[i]) {
            char f[64];
            snprintf(f, sizeof f, "answers.%d", ai);
            return mn_fail(err, MN_ERR_INVALID, f,
                           "question %lld is not shown for these answers; remove its answer",
                           (long long)q->id);
        }
        if (ai < 0 && shown[i] && q->required)
            return mn_fail(err, MN_ERR_INVALID, "answers", "question %lld is required",
                           (long long)q->id);
        if (ai >= 0 && (rc = check_answer(q, &answers[ai], (size_t)ai, err)) != MN_OK)
            return rc;
    }
    return MN_OK;
}

/* ---- derived values ---------------------------------------------------------------------- */

bool survey_version_asks_points(const struct survey_version *v)
{
    for (size_t i = 0; i < v->n_questions; i++)
        if (v->questions[i].type == SURVEY_Q_POINTS)
            return true;
    return false;
}

bool survey_is_top2(const struct survey_question *q, int value)
{
    if (q->type == SURVEY_Q_NPS)
        return value >= 9 && value <= 10;
    return (q->type == SURVEY_Q_RATING || q->type == SURVEY_Q_MATRIX) &&
           value >= q->scale_max - 1 && value <= q->scale_max;
}

/* The answered value of item `row` of question qi, if any. */
static bool item_value(const struct survey_version *v, const struct survey_answer *answers,
                       const int *ans_of, size_t qi, int row, int *value)
{
    if (ans_of[qi] < 0)
        return false;
    const struct survey_answer *a = &answers[ans_of[qi]];
    if (v->questions[qi].type == SURVEY_Q_RATING) {
        *value = a->value;
        return true;
    }
    if (a->values == NULL || (size_t)row >= a->n_values || a->values[row] == SURVEY_NO_VALUE)
        return false;
    *value = a->values[row];
    return true;
}

/* Finds the item that pairs with tag t (same dimension and key, the other role). */
static bool find_partner(const struct survey_version *v, const struct survey_item_tag *t,
                         size_t *pqi, int *prow)
{
    struct survey_item_tag want = *t;
    want.role = t->role == SURVEY_ROLE_PERCEPTION ? SURVEY_ROLE_EXPECTATION
                                                  : SURVEY_ROLE_PERCEPTION;
    for (size_t i = 0; i < v->n_questions; i++)
        for (int r = 0; r < item_count(&v->questions[i]); r++)
            if (same_item(&want, item_tag(&v->questions[i], r))) {
                *pqi = i;
                *prow = r;
                return true;
            }
    return false;
}

static void derive_dims(const struct survey_version *v, const struct survey_answer *answers,
                        const int *ans_of, struct survey_derived *out)
{
    for (size_t i = 0; i < v->n_questions; i++) {
        const struct survey_question *q = &v->questions[i];
        for (int r = 0; r < item_count(q); r++) {
            const struct survey_item_tag *t = item_tag(q, r);
            if (!t->has_dim)
                continue;
            size_t pqi = 0;
            int prow = 0, x = 0, y = 0;
            bool partner = find_partner(v, t, &pqi, &prow);
            bool has_x = item_value(v, answers, ans_of, i, r, &x);
            bool has_y = partner && item_value(v, answers, ans_of, pqi, prow, &y);
            /* A pair is added once, from its P side; an E without a P adds only its E. */
            if (t->role == SURVEY_ROLE_PERCEPTION)
                servqual_sums_add(&out->dims[t->dim], has_x, x, has_y, y);
            else if (!partner)
                servqual_sums_add(&out->dims[t->dim], false, 0, has_x, x);
        }
    }
}

enum mn_status survey_derive(const struct survey_version *v, const struct survey_answer *answers,
                             size_t n_answers, const struct survey_alert_rule *rule,
                             struct survey_derived *out)
{
    int ans_of[SURVEY_MAX_QUESTIONS];
    *out = (struct survey_derived){0};
    enum mn_status rc = index_answers(v, answers, n_answers, ans_of, NULL);
    if (rc != MN_OK)
        return rc;
    for (size_t i = 0; i < v->n_questions; i++) {
        const struct survey_question *q = &v->questions[i];
        if (ans_of[i] < 0)
            continue;
        if (q->type == SURVEY_Q_NPS) {
            rc = nps_classify(answers[ans_of[i]].value, &out->nps_category);
            if (rc != MN_OK)
                return rc;
            out->has_nps = true;
            out->nps_score = answers[ans_of[i]].value;
        }
        if (q->type == SURVEY_Q_POINTS) {
            const struct survey_answer *a = &answers[ans_of[i]];
            if (a->values == NULL || a->n_values != SERVQUAL_DIM_COUNT)
                return MN_ERR_INVALID;
            out->has_points = true;
            for (int d = 0; d < SERVQUAL_DIM_COUNT; d++)
                out->points[d] = a->values[d];
        }
        for (int r = 0; r < item_count(q); r++) {
            int x;
            const struct survey_item_tag *t = item_tag(q, r);
            /* CSAT counts satisfaction with what happened: an expectation is not a rating */
            if (t != NULL && t->has_dim && t->role == SURVEY_ROLE_EXPECTATION)
                continue;
            if (!item_value(v, answers, ans_of, i, r, &x))
                continue;
            out->rated_n++;
            out->top2_n += survey_is_top2(q, x) ? 1 : 0;
        }
    }
    derive_dims(v, answers, ans_of, out);
    if (rule == NULL)
        return MN_OK;
    /* Low-score alert (issue 4 §5): a detractor, or a dimension mean at or under the threshold. */
    if (rule->on_detractor && out->has_nps && out->nps_category == NPS_DETRACTOR)
        out->alert |= SURVEY_ALERT_DETRACTOR;
    for (int d = 0; rule->use_dim_threshold && d < SERVQUAL_DIM_COUNT; d++) {
        const struct servqual_dim_sums *s = &out->dims[d];
        if (s->p_n > 0 && s->p_sum / (double)s->p_n <= rule->dim_threshold)
            out->alert_dims |= 1u << d;
    }
    if (out->alert_dims != 0)
        out->alert |= SURVEY_ALERT_DIMENSION;
    return MN_OK;
}
