/* SPDX-License-Identifier: MIT */
/* A survey definition (JSON) compiled into core's survey_version for validation, the answers
 * array decoded into core answers, and the compiled-version cache. The JSON format is the one
 * docs/api/openapi.yaml describes as SurveyDefinition; core checks the structure. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/survey.h"

/* indexed by enum survey_qtype (stable codes) */
static const char *const qtypes[] = {"nps", "rating", "matrix", "single", "multi", "yesno",
                                     "text", "points"};
static const char *const ops[] = {"eq", "ne", "lt", "le", "gt", "ge", "chosen", "not_chosen"};

static int lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s != NULL && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

static int int_or(const json_t *o, const char *key, int def)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int)json_integer_value(v) : def;
}

static enum mn_status bad(struct mn_error *err, size_t i, const char *member, const char *hint)
{
    char f[64];
    snprintf(f, sizeof f, "definition.questions.%zu.%s", i, member);
    return mn_fail(err, MN_ERR_INVALID, f, "%s", hint);
}

/* A dimension tag from {"dimension": "reliability", "role": "P"|"E", "pair": n}. */
static enum mn_status read_tag(const json_t *o, struct survey_item_tag *t, size_t i,
                               int default_pair, struct mn_error *err)
{
    const json_t *dim = json_object_get(o, "dimension");
    memset(t, 0, sizeof *t);
    if (dim == NULL || json_is_null(dim))
        return MN_OK;
    enum servqual_dim d;
    if (servqual_dim_parse(json_string_value(dim), &d) != MN_OK)
        return bad(err, i, "dimension", "must be reliability, assurance, tangibles, empathy or "
                                        "responsiveness");
    const char *role = json_string_value(json_object_get(o, "role"));
    t->has_dim = true;
    t->dim = d;
    t->role = role != NULL && strcmp(role, "E") == 0 ? SURVEY_ROLE_EXPECTATION
                                                     : SURVEY_ROLE_PERCEPTION;
    /* without an explicit pair an item pairs with nothing, so each gets its own key */
    t->pair_key = int_or(o, "pair", default_pair);
    return MN_OK;
}

static enum mn_status read_question(const json_t *q, size_t i, struct survey_compiled *c,
                                    size_t *row_at, struct mn_error *err)
{
    struct survey_question *sq = &c->qs[i];
    if (!json_is_object(q))
        return bad(err, i, "type", "each question must be an object");
    const json_t *id = json_object_get(q, "id");
    if (!json_is_integer(id) || json_integer_value(id) <= 0)
        return bad(err, i, "id", "must be a positive integer");
    sq->id = json_integer_value(id);
    int t = lookup(qtypes, sizeof qtypes / sizeof *qtypes,
                   json_string_value(json_object_get(q, "type")));
    if (t < 0)
        return bad(err, i, "type",
                   "must be nps, rating, matrix, single, multi, yesno, text or points");
    sq->type = (enum survey_qtype)t;
    sq->required = json_is_true(json_object_get(q, "required"));
    const json_t *scale = json_object_get(q, "scale");
    sq->scale_min = json_is_array(scale) ? (int)json_integer_value(json_array_get(scale, 0)) : 1;
    sq->scale_max = json_is_array(scale) ? (int)json_integer_value(json_array_get(scale, 1)) : 5;
    sq->other_option = int_or(q, "other_option", -1);
    sq->max_chars = int_or(q, "max_chars", 1000);
    const json_t *opts = json_object_get(q, "options");
    sq->n_options = json_is_array(opts) ? (int)json_array_size(opts) : 0;
    sq->min_choices = int_or(q, "min_choices", 0);
    sq->max_choices = int_or(q, "max_choices", sq->n_options);
    const char *tp = json_string_value(json_object_get(q, "touchpoint"));
    snprintf(c->touchpoints[i], sizeof c->touchpoints[i], "%s", tp != NULL ? tp : "");
    enum mn_status rc = read_tag(q, &sq->tag, i, -(int)(sq->id % 1000000) * 100, err);
    if (rc != MN_OK)
        return rc;
    if (sq->type == SURVEY_Q_MATRIX) {
        const json_t *rows = json_object_get(q, "rows");
        size_t nr = json_array_size(rows);
        if (nr < 1 || nr > SURVEY_MAX_ROWS)
            return bad(err, i, "rows", "a matrix needs 1 to 50 rows");
        sq->rows = &c->row_tags[*row_at];
        sq->n_rows = (int)nr;
        for (size_t r = 0; r < nr; r++)
            if ((rc = read_tag(json_array_get(rows, r), &c->row_tags[*row_at + r], i,
                               -(int)(sq->id % 1000000) * 100 - (int)r - 1, err)) != MN_OK)
                return rc;
        *row_at += nr;
    }
    const json_t *cond = json_object_get(q, "show_if");
    if (json_is_object(cond)) {
        int op = lookup(ops, sizeof ops / sizeof *ops,
                        json_string_value(json_object_get(cond, "op")));
        if (op < 0)
            return bad(err, i, "show_if.op", "must be eq, ne, lt, le, gt, ge, chosen or "
                                             "not_chosen");
        sq->show_if.active = true;
        sq->show_if.question_id = json_integer_value(json_object_get(cond, "question"));
        sq->show_if.op = (enum survey_cond_op)op;
        sq->show_if.value = int_or(cond, "value", 0);
    }
    return MN_OK;
}

static void read_settings(const json_t *def, struct survey_compiled *c)
{
    const json_t *alert = json_object_get(def, "alert");
    c->alert.on_detractor = alert == NULL || json_is_true(json_object_get(alert, "nps_detractor"));
    const json_t *thr = json_object_get(alert, "dim_threshold");
    c->alert.use_dim_threshold = json_is_number(thr);
    c->alert.dim_threshold = json_is_number(thr) ? json_number_value(thr) : 0;
    const json_t *w = json_object_get(def, "weights");
    if (json_is_object(w)) {
        c->has_weights = true;
        for (int d = 0; d < SERVQUAL_DIM_COUNT; d++) {
            const json_t *x = json_object_get(w, servqual_dim_code((enum servqual_dim)d));
            c->weights[d] = json_is_number(x) ? json_number_value(x) : 0;
        }
    }
    c->commitment_days = int_or(def, "commitment_days", 3);
}

enum mn_status survey_compile(const json_t *def, struct survey_compiled **out,
                              struct mn_error *err)
{
    *out = NULL;
    if (!json_is_object(def))
        return mn_fail(err, MN_ERR_INVALID, "definition", "must be an object");
    const json_t *qs = json_object_get(def, "questions");
    size_t n = json_array_size(qs);
    if (!json_is_array(qs) || n < 1 || n > SURVEY_MAX_QUESTIONS)
        return mn_fail(err, MN_ERR_INVALID, "definition.questions", "needs 1 to %d questions",
                       SURVEY_MAX_QUESTIONS);
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += json_array_size(json_object_get(json_array_get(qs, i), "rows"));
    struct survey_compiled *c = calloc(1, sizeof *c);
    if (c == NULL)
        return MN_ERR_NOMEM;
    c->qs = calloc(n, sizeof *c->qs);
    c->row_tags = calloc(rows + 1, sizeof *c->row_tags);
    c->touchpoints = calloc(n, sizeof *c->touchpoints);
    if (c->qs == NULL || c->row_tags == NULL || c->touchpoints == NULL) {
        survey_compiled_free(c);
        return MN_ERR_NOMEM;
    }
    size_t row_at = 0;
    enum mn_status rc = MN_OK;
    for (size_t i = 0; i < n && rc == MN_OK; i++)
        rc = read_question(json_array_get(qs, i), i, c, &row_at, err);
    c->v.questions = c->qs;
    c->v.n_questions = n;
    if (rc == MN_OK) {
        struct mn_error e2 = {0};
        rc = survey_version_check(&c->v, &e2);
        if (rc != MN_OK && err != NULL) {
            *err = e2;
            snprintf(err->field, sizeof err->field, "definition.%.52s", e2.field);
        }
    }
    if (rc != MN_OK) {
        survey_compiled_free(c);
        return rc;
    }
    read_settings(def, c);
    c->asks_points = survey_version_asks_points(&c->v);
    c->def = json_deep_copy(def);
    json_t *th = survey_thanks(c, 0);
    char *text = th != NULL ? json_dumps(th, JSON_COMPACT) : NULL;
    json_decref(th);
    /* {"id":0,"commitment":…} → the part after the id, reused for every reply */
    const char *comma = text != NULL ? strchr(text, ',') : NULL;
    c->thanks_tail = strdup(comma != NULL ? comma + 1 : "\"commitment\":null}");
    free(text);
    *out = c;
    return MN_OK;
}

void survey_compiled_free(struct survey_compiled *c)
{
    if (c == NULL)
        return;
    free(c->qs);
    free(c->row_tags);
    free(c->touchpoints);
    free(c->thanks_tail);
    json_decref(c->def);
    free(c);
}

/* --- answers --------------------------------------------------------------------------------- */

enum mn_status survey_answers_decode(const json_t *arr, struct survey_answer **answers,
                                     size_t *n, struct mn_error *err)
{
    *answers = NULL;
    *n = 0;
    if (!json_is_array(arr))
        return mn_fail(err, MN_ERR_INVALID, "answers", "must be an array");
    size_t na = json_array_size(arr), nv = 0;
    if (na > SURVEY_MAX_QUESTIONS)
        return mn_fail(err, MN_ERR_INVALID, "answers", "has more than %d answers",
                       SURVEY_MAX_QUESTIONS);
    for (size_t i = 0; i < na; i++)
        nv += json_array_size(json_object_get(json_array_get(arr, i), "values"));
    if (nv > (size_t)SURVEY_MAX_QUESTIONS * SURVEY_MAX_OPTIONS)
        return mn_fail(err, MN_ERR_INVALID, "answers", "has too many values");
    struct survey_answer *a = calloc(na * sizeof *a + nv * sizeof(int) + 1, 1);
    if (a == NULL)
        return MN_ERR_NOMEM;
    int *vals = (int *)(void *)(a + na);
    char f[64];
    for (size_t i = 0; i < na; i++) {
        const json_t *o = json_array_get(arr, i), *x;
        if (!json_is_object(o)) {
            snprintf(f, sizeof f, "answers.%zu", i);
            free(a);
            return mn_fail(err, MN_ERR_INVALID, f, "must be an object");
        }
        const char *key;
        json_t *val;
        json_object_foreach((json_t *)o, key, val) {
            if (strcmp(key, "question_id") != 0 && strcmp(key, "value") != 0 &&
                strcmp(key, "values") != 0 && strcmp(key, "text") != 0) {
                snprintf(f, sizeof f, "answers.%zu.%s", i, key);
                free(a);
                return mn_fail(err, MN_ERR_INVALID, f, "is not a known member");
            }
        }
        x = json_object_get(o, "question_id");
        if (!json_is_integer(x)) {
            snprintf(f, sizeof f, "answers.%zu.question_id", i);
            free(a);
            return mn_fail(err, MN_ERR_INVALID, f, "must be a question id");
        }
        a[i].question_id = json_integer_value(x);
        x = json_object_get(o, "value");
        if (x != NULL && !json_is_integer(x)) {
            snprintf(f, sizeof f, "answers.%zu.value", i);
            free(a);
            return mn_fail(err, MN_ERR_INVALID, f, "must be an integer");
        }
        json_int_t v = x != NULL ? json_integer_value(x) : SURVEY_NO_VALUE;
        a[i].value = v < -1000000 || v > 1000000 ? -1000001 : (int)v;
        x = json_object_get(o, "values");
        if (x != NULL) {
            if (!json_is_array(x)) {
                snprintf(f, sizeof f, "answers.%zu.values", i);
                free(a);
                return mn_fail(err, MN_ERR_INVALID, f, "must be an array");
            }
            a[i].values = vals;
            a[i].n_values = json_array_size(x);
            for (size_t j = 0; j < a[i].n_values; j++) {
                const json_t *e = json_array_get(x, j);
                if (json_is_null(e)) {
                    *vals++ = SURVEY_NO_VALUE;
                    continue;
                }
                if (!json_is_integer(e)) {
                    snprintf(f, sizeof f, "answers.%zu.values.%zu", i, j);
                    free(a);
                    return mn_fail(err, MN_ERR_INVALID, f, "must be an integer or null");
                }
                json_int_t ev = json_integer_value(e);
                *vals++ = ev < -1000000 || ev > 1000000 ? -1000001 : (int)ev;
            }
        }
        x = json_object_get(o, "text");
        if (x != NULL && !json_is_null(x)) {
            if (!json_is_string(x)) {
                snprintf(f, sizeof f, "answers.%zu.text", i);
                free(a);
                return mn_fail(err, MN_ERR_INVALID, f, "must be a string");
            }
            a[i].text = json_string_value(x);
            a[i].text_len = json_string_length(x);
        }
    }
    *answers = a;
    *n = na;
    return MN_OK;
}

/* --- the cache of compiled versions ---------------------------------------------------------- */

enum { CACHE_SLOTS = 1024 };

static struct {
    pthread_mutex_t mu;
    struct survey_compiled *slot[CACHE_SLOTS];
    struct survey_compiled *retired; /* pushed out of a slot, still borrowed by others */
} cache = {PTHREAD_MUTEX_INITIALIZER, {0}, NULL};

static size_t cache_index(int64_t t, int64_t s, int64_t v)
{
    uint64_t h = (uint64_t)t * 1000003u ^ (uint64_t)s * 9176u ^ (uint64_t)v * 131u;
    return (size_t)(h % CACHE_SLOTS);
}

const struct survey_compiled *survey_cache_get(int64_t t, int64_t s, int64_t v)
{
    size_t i = cache_index(t, s, v);
    pthread_mutex_lock(&cache.mu);
    struct survey_compiled *c = cache.slot[i];
    pthread_mutex_unlock(&cache.mu);
    return c != NULL && c->tenant_id == t && c->survey_id == s && c->version == v ? c : NULL;
}

/* Versions are immutable, so a cached entry is never stale; an entry pushed out of its slot
 * is kept on the retired list because other threads may still borrow it. */
const struct survey_compiled *survey_cache_put(struct survey_compiled *c);
const struct survey_compiled *survey_cache_put(struct survey_compiled *c)
{
    size_t i = cache_index(c->tenant_id, c->survey_id, c->version);
    pthread_mutex_lock(&cache.mu);
    struct survey_compiled *old = cache.slot[i];
    if (old != NULL && old->tenant_id == c->tenant_id && old->survey_id == c->survey_id &&
        old->version == c->version) {
        pthread_mutex_unlock(&cache.mu);
        survey_compiled_free(c);
        return old;
    }
    if (old != NULL) {
        old->retired = cache.retired;
        cache.retired = old;
    }
    cache.slot[i] = c;
    pthread_mutex_unlock(&cache.mu);
    return c;
}
