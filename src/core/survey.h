/* SPDX-License-Identifier: MIT */
/* A survey version as plain C structs, validation of a response against it (types, ranges,
 * required answers, conditional display) and the values derived from a valid response (NPS
 * category, per-dimension P/E sums, top-2-box counts, low-score alert). JSON decoding, storage
 * and texts/translations live elsewhere; every pointer here is borrowed.
 *
 * Invariants of a version that survey_version_check() accepts: 1..SURVEY_MAX_QUESTIONS
 * questions with unique ids > 0; a condition refers to an earlier question; at most one NPS
 * question; at most one "share 100 points" question; all dimension-tagged items share one
 * scale; P/E pair keys are unique. */
#ifndef MANYI_CORE_SURVEY_H
#define MANYI_CORE_SURVEY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/nps.h"
#include "core/servqual.h"
#include "core/status.h"

enum {
    SURVEY_MAX_QUESTIONS = 200, /* bounds the validator's stack tables */
    SURVEY_MAX_ROWS = 50,       /* rows of a Likert matrix */
    SURVEY_MAX_OPTIONS = 100,   /* options of a choice question */
};

/* A matrix row left unanswered. */
#define SURVEY_NO_VALUE INT_MIN

/* Stable codes: stored with survey versions, so never renumber. */
enum survey_qtype {
    SURVEY_Q_NPS = 0,    /* value 0..10 */
    SURVEY_Q_RATING = 1, /* value on scale 1-5, 1-7 or 1-10 */
    SURVEY_Q_MATRIX = 2, /* values[r] per row on the question's scale, or SURVEY_NO_VALUE */
    SURVEY_Q_SINGLE = 3, /* value = option index; text = "other" text when that option is chosen */
    SURVEY_Q_MULTI = 4,  /* values = distinct option indexes; text as for SINGLE */
    SURVEY_Q_YESNO = 5,  /* value 1 = yes, 0 = no */
    SURVEY_Q_TEXT = 6,   /* text, at most max_chars code points of valid UTF-8 */
    SURVEY_Q_POINTS = 7, /* "share 100 points": values = SERVQUAL_DIM_COUNT integers 0..100 in
                          * servqual_dim order, adding up to exactly 100 (importance weights) */
};

/* Role of a rated item in the SERVQUAL model (PRODUCT.md §1). */
enum survey_item_role {
    SURVEY_ROLE_PERCEPTION = 0,  /* P; also any plain satisfaction item tagged with a dimension */
    SURVEY_ROLE_EXPECTATION = 1, /* E */
};

/* Tagging of a rating question or a matrix row with a SERVQUAL dimension. A P item and an E
 * item with the same dimension and pair_key form one item of the gap P - E. */
struct survey_item_tag {
    bool has_dim;               /* false: not part of SERVQUAL figures */
    enum servqual_dim dim;
    enum survey_item_role role;
    int pair_key;               /* pairs E with P within the dimension */
};

enum survey_cond_op {
    SURVEY_OP_EQ = 0, /* source value == value */
    SURVEY_OP_NE,
    SURVEY_OP_LT,
    SURVEY_OP_LE,     /* e.g. show "what went wrong?" when NPS <= 6 */
    SURVEY_OP_GT,
    SURVEY_OP_GE,
    SURVEY_OP_CHOSEN, /* multiple choice source: option `value` is among the chosen */
    SURVEY_OP_NOT_CHOSEN,
};

/* "Show this question only if the answer to question `question_id` satisfies op value". The
 * source must be an earlier NPS, rating, single-choice or yes/no question (ops EQ..GE) or an
 * earlier multiple-choice question (CHOSEN, NOT_CHOSEN). An unanswered or hidden source hides
 * the question. */
struct survey_condition {
    bool active;
    int64_t question_id;
    enum survey_cond_op op;
    int value;
};

struct survey_question {
    int64_t id;                  /* unique within the version, > 0 */
    enum survey_qtype type;
    bool required;               /* checked only while the question is displayed */
    int scale_min, scale_max;    /* RATING and MATRIX: 1-5, 1-7 or 1-10 */
    struct survey_item_tag tag;  /* RATING only */
    const struct survey_item_tag *rows; /* MATRIX: n_rows tags, borrowed */
    int n_rows;                  /* MATRIX: 1..SURVEY_MAX_ROWS */
    int n_options;               /* SINGLE, MULTI: options are 0..n_options-1 */
    int other_option;            /* SINGLE, MULTI: index of "other, please say", or -1 */
    int min_choices, max_choices; /* MULTI: bounds on the number chosen when answered */
    int max_chars;               /* TEXT, and the "other" text of choices: code points */
    struct survey_condition show_if;
};

struct survey_version {
    int64_t survey_id;
    int version;
    const struct survey_question *questions; /* in display order; borrowed */
    size_t n_questions;
};

/* One answer. Questions without an answer are simply absent from the array. */
struct survey_answer {
    int64_t question_id;
    int value;           /* NPS, RATING, SINGLE, YESNO */
    const int *values;   /* MATRIX (one per row), MULTI (chosen options), POINTS (one per
                          * dimension); borrowed */
    size_t n_values;
    const char *text;    /* TEXT, or the "other" text; NULL when none; need not end in NUL */
    size_t text_len;     /* bytes */
};

/* Checks the version's own structure (see Invariants). On failure fills err with the field
 * ("questions.<index>.<member>") and returns MN_ERR_INVALID. Run when a version is published;
 * survey_validate_response assumes it passed. */
enum mn_status survey_version_check(const struct survey_version *v, struct mn_error *err);

/* Validates a response: every answer names a known question once, is displayed given the
 * earlier answers, and has the right type and range; every displayed required question has an
 * answer. On the first failure fills err (field "answers.<i>.value", "answers.<i>.values.<j>",
 * "answers.<i>.text", "answers.<i>.question_id", "answers.<i>", with i the 0-based index in
 * the array, or "answers" for a missing required answer) and returns MN_ERR_INVALID. Pure;
 * thread-safe. */
enum mn_status survey_validate_response(const struct survey_version *v,
                                        const struct survey_answer *answers, size_t n_answers,
                                        struct mn_error *err);

/* True when the version has a "share 100 points" question (its figures then weigh the SERVQUAL
 * dimensions by the respondents' average allocation). */
bool survey_version_asks_points(const struct survey_version *v);

/* True when value is in the top two points of the question's scale (RATING; NPS counts 9-10). */
bool survey_is_top2(const struct survey_question *q, int value);

/* When a response raises a low-score alert (PRODUCT.md §2, issue 4). */
struct survey_alert_rule {
    bool on_detractor;         /* an NPS answer 0-6 raises it */
    bool use_dim_threshold;    /* a dimension whose mean P is <= dim_threshold raises it */
    double dim_threshold;      /* on the dimension items' scale */
};

enum {
    SURVEY_ALERT_DETRACTOR = 1u << 0,
    SURVEY_ALERT_DIMENSION = 1u << 1,
};

struct survey_derived {
    bool has_nps;                    /* an NPS question was answered */
    int nps_score;                   /* 0..10 when has_nps */
    enum nps_category nps_category;  /* when has_nps */
    struct servqual_dim_sums dims[SERVQUAL_DIM_COUNT]; /* this response's P/E sums and gaps */
    int rated_n;                     /* answered RATING questions and matrix rows */
    int top2_n;                      /* of those, answers in the top two points */
    unsigned alert;                  /* SURVEY_ALERT_* bits; 0 = no alert */
    unsigned alert_dims;             /* bit (1u << dim) for each dimension at or under threshold */
    bool has_points;                 /* the "share 100 points" question was answered */
    int points[SERVQUAL_DIM_COUNT];  /* its allocation when has_points (adds up to 100) */
};

/* Derives the stored values from a response that survey_validate_response accepted. rule may
 * be NULL (no alert). Returns MN_ERR_INVALID if an answer names an unknown question. */
enum mn_status survey_derive(const struct survey_version *v, const struct survey_answer *answers,
                             size_t n_answers, const struct survey_alert_rule *rule,
                             struct survey_derived *out);

#endif
