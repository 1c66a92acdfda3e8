/* SPDX-License-Identifier: MIT */
/* Import of past responses from CSV (paper table cards typed into a sheet, another tool's
 * export, a manufacturer's results) and export of a survey's responses as CSV. The import
 * streams through libcsv row by row: columns map to questions (or a matrix row), values map
 * through a table (so a 0 that means "not applicable" becomes no answer), each row is
 * validated in core like any response, and a key column (or the row's content) makes a
 * re-import skip what is already there. Past responses raise no alerts: their moment is gone. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "core/pii.h"
#include "core/timefmt.h"
#include "service/survey.h"
#include "store/survey.h"

enum { IMPORT_BATCH = 2000, PREVIEW_ROWS = 5, MAX_COLUMNS = 512 };

enum col_kind { COL_IGNORE, COL_QUESTION, COL_KEY, COL_DATE, COL_STORE };

struct col_plan {
    enum col_kind kind;
    int qindex;        /* into the version's questions */
    int row;           /* matrix row, or -1 */
    const json_t *map; /* value map (borrowed from the mapping) or NULL */
};

struct imp {
    struct svc_ctx *ctx;
    struct import_spec *spec;
    const struct survey_compiled *c;
    const char *channel;
    bool have_header;
    size_t ncols;
    struct col_plan *plan;
    char **fields;
    size_t nf;
    int64_t rowno, imported, duplicates, failed, batch;
    json_t *errors, *preview, *headers;
    bool headers_only;
    enum mn_status fatal;
    struct mn_error *err;
    bool in_tx;
};

static void add_error(struct imp *m, const char *field, const char *message)
{
    m->failed++;
    if ((int64_t)json_array_size(m->errors) < m->spec->max_errors)
        json_array_append_new(m->errors, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)m->rowno,
                                                   "field", field, "message", message));
}

static int question_index(const struct survey_compiled *c, int64_t id)
{
    for (size_t i = 0; i < c->v.n_questions; i++)
        if (c->qs[i].id == id)
            return (int)i;
    return -1;
}

static enum mn_status build_plan(struct imp *m)
{
    const json_t *cols = json_object_get(m->spec->mapping, "columns");
    const char *kcol = json_string_value(json_object_get(m->spec->mapping, "key"));
    const char *dcol = json_string_value(json_object_get(m->spec->mapping, "date"));
    const char *scol = json_string_value(json_object_get(m->spec->mapping, "store_id"));
    if (!json_is_object(cols) || json_object_size(cols) == 0)
        return mn_fail(m->err, MN_ERR_INVALID, "mapping.columns",
                       "must map at least one column to a question");
    m->plan = calloc(m->ncols, sizeof *m->plan);
    if (m->plan == NULL)
        return MN_ERR_NOMEM;
    size_t found = 0;
    for (size_t i = 0; i < m->ncols; i++) {
        const char *h = m->fields[i];
        const json_t *spec = json_object_get(cols, h);
        m->plan[i].row = -1;
        if (spec != NULL) {
            int64_t qid = json_integer_value(json_object_get(spec, "question"));
            int qi = question_index(m->c, qid);
            if (qi < 0)
                return mn_fail(m->err, MN_ERR_INVALID, "mapping.columns",
                               "column \"%.60s\" maps to an unknown question", h);
            m->plan[i].kind = COL_QUESTION;
            m->plan[i].qindex = qi;
            const json_t *row = json_object_get(spec, "row");
            m->plan[i].row = json_is_integer(row) ? (int)json_integer_value(row) : -1;
            if (m->c->qs[qi].type == SURVEY_Q_MATRIX &&
                (m->plan[i].row < 0 || m->plan[i].row >= m->c->qs[qi].n_rows))
                return mn_fail(m->err, MN_ERR_INVALID, "mapping.columns",
                               "column \"%.60s\" needs the matrix row", h);
            /* "share 100 points": one column per dimension, row = its code 0..4 */
            if (m->c->qs[qi].type == SURVEY_Q_POINTS &&
                (m->plan[i].row < 0 || m->plan[i].row >= SERVQUAL_DIM_COUNT))
                return mn_fail(m->err, MN_ERR_INVALID, "mapping.columns",
                               "column \"%.60s\" needs the dimension as row 0-4", h);
            m->plan[i].map = json_object_get(spec, "map");
            found++;
        } else if (kcol != NULL && strcmp(h, kcol) == 0) {
            m->plan[i].kind = COL_KEY;
        } else if (dcol != NULL && strcmp(h, dcol) == 0) {
            m->plan[i].kind = COL_DATE;
        } else if (scol != NULL && strcmp(h, scol) == 0) {
            m->plan[i].kind = COL_STORE;
        }
    }
    if (found != json_object_size(cols))
        return mn_fail(m->err, MN_ERR_INVALID, "mapping.columns",
                       "names a column the file does not have");
    return MN_OK;
}

/* A cell's value after the value map: *skip for "no answer". */
static enum mn_status cell_value(const struct col_plan *p, const struct survey_question *q,
                                 const char *raw, json_t **out)
{
    *out = NULL;
    const json_t *mapped = p->map != NULL ? json_object_get(p->map, raw) : NULL;
    if (mapped != NULL) {
        *out = json_is_null(mapped) ? NULL : json_incref((json_t *)mapped);
        return MN_OK;
    }
    if (raw[0] == '\0')
        return MN_OK;
    if (q->type == SURVEY_Q_TEXT) {
        *out = json_string(raw);
        return *out != NULL ? MN_OK : MN_ERR_INVALID; /* NULL: not UTF-8 */
    }
    char *end;
    long v = strtol(raw, &end, 10);
    if (end == raw || (*end != '\0' && strcmp(end, ".0") != 0))
        return MN_ERR_INVALID;
    *out = json_integer(v);
    return MN_OK;
}

static void row_key(struct imp *m, const char *key, char out[72])
{
    if (key != NULL && key[0] != '\0' && strlen(key) <= 60) {
        snprintf(out, 72, "import:%s", key);
        return;
    }
    unsigned char h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    for (size_t i = 0; i < m->nf; i++)
        crypto_generichash_update(&st, (const unsigned char *)m->fields[i],
                                  strlen(m->fields[i]) + 1);
    crypto_generichash_final(&st, h, sizeof h);
    char hex[40];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, 72, "import#%s", hex);
}

static enum mn_status flush_batch(struct imp *m)
{
    if (!m->in_tx)
        return MN_OK;
    m->in_tx = false;
    enum mn_status rc = db_commit(m->ctx->db);
    if (rc != MN_OK)
        db_rollback(m->ctx->db);
    return rc;
}

static enum mn_status write_row(struct imp *m, struct response_rec *rec)
{
    struct db *db = m->ctx->db;
    enum mn_status rc;
    if (!m->in_tx) {
        if ((rc = db_begin(db)) != MN_OK)
            return rc;
        m->in_tx = true;
        m->batch = 0;
    }
    if ((rc = db_exec(db, "SAVEPOINT imp")) != MN_OK)
        return rc;
    struct mn_error e = {0};
    rc = response_write(db, rec, &e);
    if (rc == MN_ERR_CONFLICT) {
        m->duplicates++;
        rc = db_exec(db, "ROLLBACK TO SAVEPOINT imp");
    } else if (rc == MN_OK) {
        m->imported++;
    }
    if (rc == MN_OK)
        rc = db_exec(db, "RELEASE SAVEPOINT imp");
    if (rc == MN_OK && ++m->batch >= IMPORT_BATCH)
        rc = flush_batch(m);
    return rc;
}

static void process_row(struct imp *m)
{
    const struct survey_compiled *c = m->c;
    json_t **vals = calloc(c->v.n_questions, sizeof *vals);
    const char *key = NULL, *date = NULL;
    int64_t store_id = m->spec->store_id;
    char field[80];
    bool bad = vals == NULL;
    for (size_t i = 0; i < m->ncols && i < m->nf && !bad; i++) {
        const struct col_plan *p = &m->plan[i];
        const char *raw = m->fields[i];
        if (p->kind == COL_KEY)
            key = raw;
        else if (p->kind == COL_DATE)
            date = raw;
        else if (p->kind == COL_STORE && raw[0] != '\0')
            store_id = strtoll(raw, NULL, 10);
        if (p->kind != COL_QUESTION)
            continue;
        const struct survey_question *q = &c->qs[p->qindex];
        json_t *v = NULL;
        if (cell_value(p, q, raw, &v) != MN_OK) {
            snprintf(field, sizeof field, "column %zu", i + 1);
            add_error(m, field, "is not a value this question takes");
            bad = true;
            break;
        }
        if (v == NULL)
            continue;
        if (q->type == SURVEY_Q_MATRIX || q->type == SURVEY_Q_POINTS) {
            /* points: a dimension left blank on a form that has any points got none */
            bool pts = q->type == SURVEY_Q_POINTS;
            if (vals[p->qindex] == NULL) {
                vals[p->qindex] = json_array();
                for (int r = 0; r < (pts ? SERVQUAL_DIM_COUNT : q->n_rows); r++)
                    json_array_append_new(vals[p->qindex], pts ? json_integer(0) : json_null());
            }
            json_array_set_new(vals[p->qindex], (size_t)p->row, v);
        } else {
            json_decref(vals[p->qindex]);
            vals[p->qindex] = v;
        }
    }
    json_t *answers = json_array();
    for (size_t qi = 0; vals != NULL && qi < c->v.n_questions; qi++) {
        if (vals[qi] == NULL)
            continue;
        const struct survey_question *q = &c->qs[qi];
        const char *member = q->type == SURVEY_Q_MATRIX || q->type == SURVEY_Q_POINTS ? "values"
                             : q->type == SURVEY_Q_TEXT ? "text" : "value";
        json_array_append_new(answers, json_pack("{s:I, s:o}", "question_id",
                                                 (json_int_t)q->id, member, vals[qi]));
    }
    free(vals);
    struct response_meta meta = {.store_id = store_id, .submitted_by = m->ctx->who.user_id};
    snprintf(meta.channel, sizeof meta.channel, "%s", m->channel);
    if (!bad && date != NULL && date[0] != '\0') {
        struct civil_date d = {0, 0, 0};
        if (sscanf(date, "%d-%d-%d", &d.year, &d.month, &d.day) != 3 || !civil_date_valid(d)) {
            add_error(m, "date", "must be YYYY-MM-DD");
            bad = true;
        } else {
            meta.submitted_at = civil_midnight_epoch(d, 480) + 12 * 3600;
        }
    }
    if (!bad && store_id != 0) {
        struct org_store st;
        if (stores_get(m->ctx->db, m->ctx->who.tenant_id, store_id, &st) != MN_OK) {
            add_error(m, "store_id", "is not a store of this tenant");
            bad = true;
        }
    }
    row_key(m, key, meta.dedupe_key);
    struct response_rec rec;
    struct mn_error e = {0};
    if (!bad) {
        if (response_prepare(c, answers, &meta, &rec, &e) != MN_OK) {
            add_error(m, e.field, e.hint);
            bad = true;
        }
    }
    if (!bad) {
        rec.d.alert = 0; /* past responses open no tickets */
        rec.d.alert_dims = 0;
        if ((int64_t)json_array_size(m->preview) < PREVIEW_ROWS)
            json_array_append_new(m->preview, json_pack("{s:I, s:O}", "row",
                                                        (json_int_t)m->rowno, "answers",
                                                        answers));
        if (!m->spec->dry_run) {
            enum mn_status rc = write_row(m, &rec);
            if (rc != MN_OK)
                m->fatal = rc;
        } else {
            m->imported++;
        }
        response_rec_release(&rec);
    }
    json_decref(answers);
}

/* One record from the shared reader (io/csv_reader.h); the first is the header. */
static enum mn_status on_record(void *data, char **fields, size_t n)
{
    struct imp *m = data;
    m->nf = 0;
    for (size_t i = 0; i < n && i < MAX_COLUMNS; i++)
        m->fields[m->nf++] = fields[i];
    if (!m->have_header) {
        m->have_header = true;
        m->ncols = m->nf;
        m->headers = json_array();
        for (size_t i = 0; i < m->nf; i++)
            json_array_append_new(m->headers, json_string(m->fields[i]));
        /* a preview without a mapping only reads the header, for the mapping screen */
        if (m->headers_only)
            return MN_ERR_CONFLICT;
        m->fatal = build_plan(m);
    } else if (!(m->nf == 1 && m->fields[0][0] == '\0') && m->nf > 0) {
        m->rowno++;
        process_row(m);
    }
    m->nf = 0;
    return m->fatal;
}

enum mn_status svc_survey_import(struct svc_ctx *ctx, struct import_spec *spec,
                                 import_source_fn source, void *src, json_t **out,
                                 struct mn_error *err)
{
    struct survey_row s;
    enum mn_status rc = surveys_get(ctx->db, ctx->who.tenant_id, spec->survey_id, &s);
    if (rc != MN_OK)
        return rc;
    int64_t version = s.current_version;
    survey_row_release(&s);
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    if (version == 0)
        return mn_fail(err, MN_ERR_CONFLICT, "survey", "is not published");
    const char *channel = json_string_value(json_object_get(spec->mapping, "channel"));
    if (channel != NULL && strcmp(channel, "import") != 0 && strcmp(channel, "paper") != 0)
        return mn_fail(err, MN_ERR_INVALID, "mapping.channel", "must be import or paper");
    struct imp m = {.ctx = ctx, .spec = spec, .err = err, .channel = channel ? channel : "import"};
    m.headers_only = spec->dry_run &&
                     json_object_size(json_object_get(spec->mapping, "columns")) == 0;
    if ((rc = survey_version_load(ctx->db, ctx->who.tenant_id, spec->survey_id, version, &m.c)) !=
        MN_OK)
        return rc;
    m.fields = calloc(MAX_COLUMNS, sizeof *m.fields);
    m.errors = json_array();
    m.preview = json_array();
    if (m.fields == NULL) {
        json_decref(m.errors);
        json_decref(m.preview);
        return MN_ERR_NOMEM;
    }
    struct mn_error rerr = {0};
    rc = source(src, on_record, &m, &rerr);
    if (rc == MN_ERR_CONFLICT && m.headers_only)
        rc = MN_OK;
    if (m.fatal == MN_OK && rc != MN_OK) {
        m.fatal = rc;
        if (err != NULL && rerr.code == rc) {
            *err = rerr;
            snprintf(err->field, sizeof err->field, "%s", spec->xlsx ? "xlsx" : "csv");
        }
    }
    free(m.fields);
    free(m.plan);
    if (m.fatal == MN_OK && !m.have_header)
        m.fatal = mn_fail(err, MN_ERR_INVALID, spec->xlsx ? "xlsx" : "csv", "has no header row");
    if (m.fatal == MN_OK && !spec->dry_run) {
        /* the audit entry rides in the last batch */
        if (!m.in_tx && db_begin(ctx->db) == MN_OK)
            m.in_tx = true;
        json_t *a = json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)m.rowno, "imported",
                              (json_int_t)m.imported, "duplicates", (json_int_t)m.duplicates,
                              "failed", (json_int_t)m.failed);
        m.fatal = svc_audit(ctx, "import", "survey", spec->survey_id, NULL, a);
        json_decref(a);
        if (m.fatal == MN_OK)
            m.fatal = flush_batch(&m);
    }
    if (m.in_tx)
        db_rollback(ctx->db);
    if (m.fatal != MN_OK) {
        json_decref(m.errors);
        json_decref(m.preview);
        json_decref(m.headers);
        return m.fatal;
    }
    *out = json_pack("{s:I, s:I, s:I, s:I, s:b, s:o, s:o, s:o}", "rows", (json_int_t)m.rowno,
                     "imported", (json_int_t)m.imported, "duplicates", (json_int_t)m.duplicates,
                     "failed", (json_int_t)m.failed, "dry_run", spec->dry_run, "errors",
                     m.errors, "preview", m.preview, "columns",
                     m.headers != NULL ? m.headers : json_array());
    return MN_OK;
}

/* --- export ---------------------------------------------------------------------------------- */

static void csv_cell(FILE *out, const char *s, bool first)
{
    if (!first)
        fputc(',', out);
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

struct exp {
    FILE *out;
    const struct survey_compiled *c;
    int64_t rows;
    bool mask;      /* free text as PII_TEXT_MASK */
    int64_t shown;  /* rows with free text written in full */
};

static void cell_int(FILE *out, int64_t v, bool present)
{
    fputc(',', out);
    if (present)
        fprintf(out, "%lld", (long long)v);
}

static const json_t *answer_of(const json_t *answers, int64_t qid)
{
    size_t i;
    const json_t *a;
    json_array_foreach(answers, i, a)
        if (json_integer_value(json_object_get(a, "question_id")) == qid)
            return a;
    return NULL;
}

static enum mn_status export_one(void *arg, const struct survey_response_row *r)
{
    struct exp *x = arg;
    char at[32];
    time_rfc3339(r->submitted_at, at);
    fprintf(x->out, "%lld,%s,%s,%lld", (long long)r->id, at, r->channel, (long long)r->version);
    cell_int(x->out, r->store_id, r->store_id != 0);
    cell_int(x->out, r->department_id, r->department_id != 0);
    cell_int(x->out, r->employee_id, r->employee_id != 0);
    cell_int(x->out, r->customer_id, r->customer_id != 0);
    cell_int(x->out, r->nps_score, r->has_nps);
    json_t *answers = json_loads(r->answers_json, 0, NULL);
    bool shown = false;
    for (size_t qi = 0; qi < x->c->v.n_questions; qi++) {
        const struct survey_question *q = &x->c->qs[qi];
        const json_t *a = answer_of(answers, q->id);
        if (q->type == SURVEY_Q_MATRIX) {
            const json_t *vs = json_object_get(a, "values");
            for (int k = 0; k < q->n_rows; k++) {
                const json_t *v = json_array_get(vs, (size_t)k);
                cell_int(x->out, json_integer_value(v), json_is_integer(v));
            }
            continue;
        }
        if (q->type == SURVEY_Q_TEXT) {
            const char *t = json_string_value(json_object_get(a, "text"));
            bool has = t != NULL && t[0] != '\0';
            shown = shown || (has && !x->mask);
            csv_cell(x->out, !has ? "" : x->mask ? PII_TEXT_MASK : t, false);
            continue;
        }
        if (q->type == SURVEY_Q_MULTI) {
            char buf[512] = "";
            size_t at2 = 0, j;
            const json_t *v;
            json_array_foreach(json_object_get(a, "values"), j, v)
                at2 += (size_t)snprintf(buf + at2, at2 < sizeof buf ? sizeof buf - at2 : 0,
                                        "%s%lld", j ? ";" : "", (long long)json_integer_value(v));
            csv_cell(x->out, buf, false);
            continue;
        }
        const json_t *v = json_object_get(a, "value");
        cell_int(x->out, json_integer_value(v), json_is_integer(v));
    }
    json_decref(answers);
    fputs("\r\n", x->out);
    x->rows++;
    x->shown += shown;
    return ferror(x->out) ? MN_ERR_INTERNAL : MN_OK;
}

enum mn_status svc_survey_export_csv(struct svc_ctx *ctx, int64_t survey_id, bool mask,
                                     FILE *out, int64_t *rows)
{
    struct survey_row s;
    enum mn_status rc = surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s);
    if (rc != MN_OK)
        return rc;
    int64_t version = s.current_version;
    survey_row_release(&s);
    if (version == 0)
        return MN_ERR_CONFLICT;
    struct exp x = {out, NULL, 0, mask || !role_sees_pii(&ctx->who), 0};
    if ((rc = survey_version_load(ctx->db, ctx->who.tenant_id, survey_id, version, &x.c)) != MN_OK)
        return rc;
    fputs("id,submitted_at,channel,version,store_id,department_id,employee_id,customer_id,"
          "nps_score", out);
    for (size_t qi = 0; qi < x.c->v.n_questions; qi++) {
        const struct survey_question *q = &x.c->qs[qi];
        if (q->type == SURVEY_Q_MATRIX)
            for (int k = 0; k < q->n_rows; k++)
                fprintf(out, ",q%lld.%d", (long long)q->id, k + 1);
        else
            fprintf(out, ",q%lld", (long long)q->id);
    }
    fputs("\r\n", out);
    rc = survey_responses_walk(ctx->db, ctx->who.tenant_id, survey_id, export_one, &x);
    *rows = x.rows;
    if (rc == MN_OK && x.shown > 0)
        rc = svc_audit_view_pii(ctx, "survey", survey_id,
                                json_pack("{s:s, s:s, s:I, s:I}", "fields", "survey_text", "view",
                                          "export", "rows", (json_int_t)x.rows, "rows_with_text",
                                          (json_int_t)x.shown));
    return rc;
}
