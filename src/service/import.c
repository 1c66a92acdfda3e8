/* SPDX-License-Identifier: MIT */
/* Import of customers and business events from dealer-management exports (CSV, .xlsx): one
 * record per row (customer columns, optionally event columns), a column mapping saved per
 * tenant, per-row validation with every error reported (row, column, reason), good rows kept,
 * bad rows written to the error report, idempotent by external ids, and batches of BATCH rows
 * per transaction so a file of any size streams through. The whole run is one audit entry.
 *
 * Two cores share the work: while a writer thread stores one batch, the caller's thread parses
 * and checks the next. The connection belongs to the writer while it runs; the parser waits
 * for it (writer_join) before its own rare queries (an uncached store or employee). */
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fucall.h"
#include "core/pii.h"
#include "core/text.h"
#include "io/text_encoding.h"
#include "service/followup.h"
#include "service/import_upload.h"

enum { BATCH = 20000, PREVIEW_ROWS = 20, MAX_REPORTED = 200, CACHE = 4096 };

enum ifield {
    I_CUSTOMER_ID, I_NAME, I_PHONE, I_EMAIL, I_STORE, I_EVENT_ID, I_TYPE, I_DATE, I_EMPLOYEE,
    I_AMOUNT, I_VIN, I_PLATE, I_MODEL, I_MILEAGE, I_COUNT
};

static const char *const field_names[I_COUNT] = {
    "customer_external_id", "customer_name", "phone", "email", "store_code",
    "event_external_id", "event_type", "event_date", "employee_no", "amount_yuan", "vin",
    "plate", "model", "mileage_km",
};

/* Header names recognised without a saved mapping (DMS exports in Chinese and English). */
static const char *const aliases[I_COUNT][6] = {
    {"客户编号", "客户ID", "customer_id", "customer_external_id", NULL},
    {"客户姓名", "姓名", "客户名称", "name", "customer_name", NULL},
    {"手机", "手机号", "联系电话", "phone", "mobile", NULL},
    {"邮箱", "电子邮箱", "email", NULL},
    {"门店编码", "门店代码", "门店", "store_code", "store", NULL},
    {"业务单号", "单号", "event_id", "event_external_id", NULL},
    {"业务类型", "类型", "event_type", "type", NULL},
    {"业务日期", "日期", "event_date", "date", NULL},
    {"员工编号", "顾问工号", "employee_no", NULL},
    {"金额", "金额(元)", "amount", "amount_yuan", NULL},
    {"车架号", "VIN", "vin", NULL},
    {"车牌号", "车牌", "plate", NULL},
    {"车型", "model", NULL},
    {"里程", "行驶里程", "mileage", "mileage_km", NULL},
};

struct kv { char key[72]; int64_t id, store_id, dept_id; bool used; };

struct row_rec {
    int64_t row_no;
    struct customer c;
    struct business_event e;
    bool has_event;
};

/* The rows and errors of one transaction, and the import's progress once it is stored. */
struct batch {
    struct row_rec *rows;         /* BATCH of them */
    size_t n;
    struct fu_import_error *errs;
    size_t n_errs, cap_errs;
    int64_t rows_total, rows_ok, rows_failed, bytes_done;
};

struct imp {
    struct svc_ctx *ctx;
    const struct import_opts *o;
    struct import_run *x;         /* progress and cancel (never NULL inside a run) */
    bool header_only, header_ok;  /* svc_import_check_header */
    json_t *mapping;              /* field → header (owned) */
    int col[I_COUNT];             /* header index per field, -1 = absent */
    bool header_done;
    int64_t row_no;               /* 1 = header */
    struct fu_import im;
    int offset_min;
    char today[11];
    struct batch bufs[2];
    struct batch *cur;            /* filled by the parser */
    struct batch *writing;        /* being stored by the writer thread, or NULL */
    pthread_t writer;
    enum mn_status writer_rc;     /* of the last batch stored */
    struct mn_error writer_err;
    json_t *preview, *reported;   /* preview rows; first MAX_REPORTED errors */
    struct kv stores[256];
    struct kv *employees;         /* open-addressing cache of employee numbers */
    struct mn_error *err;
};

static enum mn_status add_error(struct imp *m, int field, const char *reason)
{
    struct batch *b = m->cur;
    if (b->n_errs == b->cap_errs) {
        size_t nc = b->cap_errs == 0 ? 64 : b->cap_errs * 2;
        struct fu_import_error *p = realloc(b->errs, nc * sizeof *p);
        if (p == NULL)
            return MN_ERR_NOMEM;
        b->errs = p;
        b->cap_errs = nc;
    }
    struct fu_import_error *e = &b->errs[b->n_errs++];
    e->row_no = m->row_no;
    const char *col = field >= 0 ? json_string_value(json_object_get(m->mapping,
                                                                     field_names[field]))
                                 : NULL;
    snprintf(e->column, sizeof e->column, "%s", col != NULL ? col : field >= 0 ? field_names[field]
                                                                               : "");
    snprintf(e->reason, sizeof e->reason, "%s", reason);
    if (json_array_size(m->reported) < MAX_REPORTED)
        json_array_append_new(m->reported, json_pack("{s:I, s:s, s:s}", "row",
                                                     (json_int_t)e->row_no, "column", e->column,
                                                     "reason", e->reason));
    return MN_OK;
}

/* Waits for the batch being stored, if any; its failure becomes the import's. */
static enum mn_status writer_join(struct imp *m)
{
    if (m->writing == NULL)
        return MN_OK;
    pthread_join(m->writer, NULL);
    m->writing = NULL;
    if (m->writer_rc != MN_OK)
        *m->err = m->writer_err;
    return m->writer_rc;
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static enum mn_status store_lookup(struct imp *m, const char *code, int64_t *id)
{
    size_t n = sizeof m->stores / sizeof m->stores[0];
    size_t i = hash(code) % n;
    for (size_t k = 0; k < n; k++, i = (i + 1) % n) {
        if (!m->stores[i].used)
            break;
        if (strcmp(m->stores[i].key, code) == 0) {
            *id = m->stores[i].id;
            return MN_OK;
        }
    }
    enum mn_status rc = writer_join(m);
    if (rc != MN_OK)
        return rc;
    rc = fu_store_by_code(m->ctx->db, m->ctx->who.tenant_id, code, id);
    if (rc == MN_ERR_NOT_FOUND)
        *id = 0;
    else if (rc != MN_OK)
        return rc;
    if (!m->stores[i].used && strlen(code) < sizeof m->stores[i].key) {
        m->stores[i].used = true;
        snprintf(m->stores[i].key, sizeof m->stores[i].key, "%s", code);
        m->stores[i].id = *id;
    }
    return MN_OK;
}

static enum mn_status employee_lookup(struct imp *m, const char *no, struct kv *out)
{
    size_t i = hash(no) % CACHE;
    for (size_t k = 0; k < CACHE; k++, i = (i + 1) % CACHE) {
        if (!m->employees[i].used)
            break;
        if (strcmp(m->employees[i].key, no) == 0) {
            *out = m->employees[i];
            return MN_OK;
        }
    }
    *out = (struct kv){0};
    enum mn_status rc = writer_join(m);
    if (rc != MN_OK)
        return rc;
    rc = fu_employee_by_no(m->ctx->db, m->ctx->who.tenant_id, no, &out->id,
                                          &out->store_id, &out->dept_id);
    if (rc != MN_OK && rc != MN_ERR_NOT_FOUND)
        return rc;
    if (!m->employees[i].used && strlen(no) < sizeof out->key) {
        snprintf(out->key, sizeof out->key, "%s", no);
        out->used = true;
        m->employees[i] = *out;
    }
    return MN_OK;
}

/* --- the header -------------------------------------------------------------------------- */

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    size_t k = 0;
    while (s[k] == ' ' || s[k] == '\t')
        k++;
    if (k > 0)
        memmove(s, s + k, n - k + 1);
}

static enum mn_status read_header(struct imp *m, char **fields, size_t n)
{
    for (int f = 0; f < I_COUNT; f++)
        m->col[f] = -1;
    json_t *given = m->mapping;
    json_t *resolved = json_object();
    for (int f = 0; f < I_COUNT; f++) {
        const char *want = json_string_value(json_object_get(given, field_names[f]));
        for (size_t i = 0; i < n && m->col[f] < 0; i++) {
            trim(fields[i]);
            if (want != NULL) {
                if (strcmp(fields[i], want) == 0)
                    m->col[f] = (int)i;
                continue;
            }
            for (int a = 0; a < 6 && aliases[f][a] != NULL; a++)
                if (strcasecmp(fields[i], aliases[f][a]) == 0)
                    m->col[f] = (int)i;
        }
        if (m->col[f] >= 0)
            json_object_set_new(resolved, field_names[f], json_string(fields[m->col[f]]));
        else if (want != NULL) {
            json_decref(resolved);
            return mn_fail(m->err, MN_ERR_INVALID, "mapping",
                           "column \"%.60s\" mapped to %s is not in the file", want,
                           field_names[f]);
        }
    }
    json_decref(m->mapping);
    m->mapping = resolved;
    static const int required[] = {I_CUSTOMER_ID, I_NAME, I_STORE};
    for (size_t i = 0; i < 3; i++)
        if (m->col[required[i]] < 0)
            return mn_fail(m->err, MN_ERR_INVALID, "mapping",
                           "no column for %s: map it or name the column like 客户编号, 客户姓名,"
                           " 门店编码", field_names[required[i]]);
    if (m->col[I_EVENT_ID] >= 0 && (m->col[I_TYPE] < 0 || m->col[I_DATE] < 0))
        return mn_fail(m->err, MN_ERR_INVALID, "mapping",
                       "events need event_type and event_date columns");
    return MN_OK;
}

/* --- one row ----------------------------------------------------------------------------- */

static const char *cell(struct imp *m, char **fields, size_t n, int f)
{
    int i = m->col[f];
    return i >= 0 && (size_t)i < n ? fields[i] : "";
}

static bool parse_date(const char *s, struct civil_date *d)
{
    if (civil_date_parse(s, d))
        return true;
    int y, mo, da;
    char c1, c2, rest;
    if (sscanf(s, "%d%c%d%c%d%c", &y, &c1, &mo, &c2, &da, &rest) == 5 && c1 == c2 &&
        (c1 == '/' || c1 == '-' || c1 == '.')) {
        *d = (struct civil_date){y, mo, da};
        return civil_date_valid(*d) && y >= 1900 && y <= 2200;
    }
    /* Excel's serial day (1900 system): day 25569 is 1970-01-01. */
    char *end;
    long v = strtol(s, &end, 10);
    if (*s != '\0' && (*end == '\0' || (*end == '.' && end[1] == '0')) && v > 20000 && v < 80000) {
        *d = civil_date_from_days(v - 25569);
        return true;
    }
    return false;
}

static bool parse_type(const char *s, char out[12])
{
    static const struct { const char *in, *code; } map[] = {
        {"sale", "sale"}, {"销售", "sale"}, {"新车销售", "sale"}, {"service", "service"},
        {"保养", "service"}, {"售后服务", "service"}, {"服务", "service"},
        {"repair", "repair"}, {"维修", "repair"}, {"other", "other"}, {"其他", "other"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(s, map[i].in) == 0) {
            snprintf(out, 12, "%s", map[i].code);
            return true;
        }
    return false;
}

/* "1234.5" yuan → 123450 fen; false for anything else. */
static bool parse_yuan(const char *s, int64_t *fen)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, fd = -1;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '.' && fd < 0) {
            fd = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || digits > 12)
            return false;
        if (fd < 0) {
            whole = whole * 10 + (*p - '0');
            digits++;
        } else if (fd < 2) {
            frac = frac * 10 + (*p - '0');
            fd++;
        } else if (*p != '0') {
            return false; /* fractions of a fen */
        }
    }
    if (digits == 0)
        return false;
    while (fd > 0 && fd < 2) {
        frac *= 10;
        fd++;
    }
    *fen = whole * 100 + frac;
    return true;
}

static bool text_ok(const char *s, long max)
{
    return text_check("x", s, strlen(s), 0, max, false, NULL) == MN_OK;
}

static enum mn_status check_row(struct imp *m, char **fields, size_t n, struct row_rec *r,
                                bool *ok)
{
    size_t errs0 = m->cur->n_errs;
    enum mn_status rc = MN_OK;
#define BAD(f, msg) do { if ((rc = add_error(m, f, msg)) != MN_OK) return rc; } while (0)
    for (size_t i = 0; i < n; i++)
        trim(fields[i]);
    *r = (struct row_rec){.row_no = m->row_no};
    /* Bytes the file's encoding could not convert (io/text_encoding.h): say so, rather than
     * the misleading reasons the other checks would give for such a cell. */
    bool bad_bytes = false;
    for (int f = 0; f < I_COUNT; f++)
        if (strstr(cell(m, fields, n, f), TEXT_ENC_BAD) != NULL) {
            BAD(f, "含无效字节，请检查文件编码 (invalid byte sequence: check the file's encoding)");
            bad_bytes = true;
        }
    if (bad_bytes) {
        *ok = false;
        return MN_OK;
    }
    struct customer *c = &r->c;
    c->tenant_id = m->ctx->who.tenant_id;
    c->consent = 1;
    const char *v = cell(m, fields, n, I_CUSTOMER_ID);
    if (*v == '\0') BAD(I_CUSTOMER_ID, "客户编号不能为空 (required)");
    else if (!text_ok(v, 64)) BAD(I_CUSTOMER_ID, "客户编号过长或含非法字符 (1–64 characters)");
    else snprintf(c->external_id, sizeof c->external_id, "%s", v);
    v = cell(m, fields, n, I_NAME);
    if (*v == '\0') BAD(I_NAME, "客户姓名不能为空 (required)");
    else if (!text_ok(v, 50)) BAD(I_NAME, "客户姓名过长或含非法字符 (1–50 characters)");
    else snprintf(c->name, sizeof c->name, "%s", v);
    v = cell(m, fields, n, I_PHONE);
    if (*v != '\0' && !pii_cn_mobile_normalize(v, c->phone))
        BAD(I_PHONE, "手机号无效 (not a mainland mobile number)");
    v = cell(m, fields, n, I_EMAIL);
    if (*v != '\0' && (strlen(v) > 254 || !pii_email_valid(v)))
        BAD(I_EMAIL, "邮箱无效 (not an e-mail address)");
    else
        snprintf(c->email, sizeof c->email, "%s", v);
    snprintf(c->preferred_channel, sizeof c->preferred_channel, "phone");
    v = cell(m, fields, n, I_STORE);
    int64_t store_id = 0;
    if (*v == '\0') {
        BAD(I_STORE, "门店编码不能为空 (required)");
    } else {
        if ((rc = store_lookup(m, v, &store_id)) != MN_OK)
            return rc;
        if (store_id == 0)
            BAD(I_STORE, "门店编码不存在 (no such store)");
        else if (role_scope_of(m->ctx->who.role) != SCOPE_TENANT &&
                 store_id != m->ctx->who.store_id)
            BAD(I_STORE, "不是你的门店 (outside your store)");
    }
    c->store_id = store_id;

    struct business_event *e = &r->e;
    const char *eid = cell(m, fields, n, I_EVENT_ID);
    const char *type = cell(m, fields, n, I_TYPE), *date = cell(m, fields, n, I_DATE);
    r->has_event = *eid != '\0' || *type != '\0' || *date != '\0';
    if (r->has_event) {
        e->tenant_id = c->tenant_id;
        e->store_id = store_id;
        e->amount_fen = e->mileage_km = -1;
        if (*eid == '\0') BAD(I_EVENT_ID, "业务单号不能为空 (required for an event)");
        else if (!text_ok(eid, 64)) BAD(I_EVENT_ID, "业务单号过长 (1–64 characters)");
        else snprintf(e->external_id, sizeof e->external_id, "%s", eid);
        if (!parse_type(type, e->type))
            BAD(I_TYPE, "业务类型应为 销售/保养/维修/其他 (sale, service, repair, other)");
        struct civil_date d;
        if (!parse_date(date, &d)) {
            BAD(I_DATE, "日期无效，应为 YYYY-MM-DD (not a date)");
        } else {
            civil_date_format(d, e->occurred_on);
            if (strcmp(e->occurred_on, m->today) > 0)
                BAD(I_DATE, "日期在未来 (in the future)");
            e->occurred_at = civil_to_epoch((struct civil_time){.date = d, .hour = 12},
                                            m->offset_min);
        }
        v = cell(m, fields, n, I_EMPLOYEE);
        if (*v != '\0') {
            struct kv emp;
            if ((rc = employee_lookup(m, v, &emp)) != MN_OK)
                return rc;
            if (emp.id == 0)
                BAD(I_EMPLOYEE, "员工编号不存在 (no such employee)");
            else if (store_id != 0 && emp.store_id != store_id)
                BAD(I_EMPLOYEE, "员工不属于该门店 (employee of another store)");
            e->employee_id = emp.id;
            e->department_id = emp.dept_id;
        }
        v = cell(m, fields, n, I_AMOUNT);
        if (*v != '\0' && !parse_yuan(v, &e->amount_fen))
            BAD(I_AMOUNT, "金额无效 (amount in yuan, e.g. 1234.50)");
        v = cell(m, fields, n, I_MILEAGE);
        if (*v != '\0') {
            char *end;
            long long km = strtoll(v, &end, 10);
            if (*end != '\0' || km < 0 || km > 5000000)
                BAD(I_MILEAGE, "里程无效 (0 to 5,000,000 km)");
            else
                e->mileage_km = km;
        }
        v = cell(m, fields, n, I_VIN);
        if (!text_ok(v, 17)) BAD(I_VIN, "车架号最多17位 (at most 17 characters)");
        else snprintf(e->vin, sizeof e->vin, "%s", v);
        v = cell(m, fields, n, I_PLATE);
        if (!text_ok(v, 16)) BAD(I_PLATE, "车牌号过长 (at most 16 characters)");
        else snprintf(e->plate, sizeof e->plate, "%s", v);
        v = cell(m, fields, n, I_MODEL);
        if (!text_ok(v, 50)) BAD(I_MODEL, "车型过长 (at most 50 characters)");
        else snprintf(e->model, sizeof e->model, "%s", v);
    }
#undef BAD
    *ok = m->cur->n_errs == errs0;
    return MN_OK;
}

/* --- batches ----------------------------------------------------------------------------- */

static enum mn_status flush_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct imp *m = arg;
    struct batch *b = m->writing;
    int64_t cust_new = 0, ev_new = 0;
    for (size_t i = 0; i < b->n; i++) {
        struct row_rec *r = &b->rows[i];
        bool created;
        enum mn_status rc = fu_customer_upsert(ctx->db, &r->c, &created);
        if (rc != MN_OK)
            return rc;
        cust_new += created;
        if (!r->has_event)
            continue;
        r->e.customer_id = r->c.id;
        if ((rc = fu_event_insert_once(ctx->db, &r->e, &created)) != MN_OK)
            return rc;
        ev_new += created;
    }
    for (size_t i = 0; i < b->n_errs; i++) {
        enum mn_status rc = fu_import_errors_insert(ctx->db, ctx->who.tenant_id, m->im.id,
                                                    &b->errs[i]);
        if (rc != MN_OK)
            return rc;
    }
    /* The record shows what is committed, in the same transaction: the counts up to this
     * batch's last row and how far the reader was then (GET /imports/{id} while it runs). */
    struct fu_import p = m->im;
    p.rows_total = b->rows_total;
    p.rows_ok = b->rows_ok;
    p.rows_failed = b->rows_failed;
    p.bytes_done = b->bytes_done;
    p.customers_new += cust_new;
    p.events_new += ev_new;
    snprintf(p.status, sizeof p.status, "running");
    enum mn_status rc = fu_imports_update(ctx->db, &p);
    if (rc != MN_OK)
        return rc;
    /* Counted here, not before: a retried transaction must not count twice. */
    m->im.customers_new += cust_new;
    m->im.events_new += ev_new;
    return MN_OK;
}

/* The writer thread: stores m->writing in one transaction. */
static void *write_batch(void *arg)
{
    struct imp *m = arg;
    int64_t c0 = m->im.customers_new, e0 = m->im.events_new;
    m->writer_err = (struct mn_error){0};
    m->writer_rc = svc_run_tx(m->ctx, flush_tx, m, &m->writer_err);
    if (m->writer_rc != MN_OK) {
        m->im.customers_new = c0;
        m->im.events_new = e0;
    }
    return NULL;
}

/* Hands the filled batch to the writer (after the previous one is stored) and gives the parser
 * the other buffer. */
/* How far the reader is in the file: the descriptor's offset (the CSV reader's stdio buffer
 * and the .xlsx reader's zip both read through it), at most the file's size. */
static int64_t bytes_read(const struct import_run *x)
{
    if (x->progress == NULL)
        return 0;
    off_t pos = lseek(fileno(x->progress), 0, SEEK_CUR);
    if (pos < 0)
        return 0;
    return x->bytes_total > 0 && pos > x->bytes_total ? x->bytes_total : (int64_t)pos;
}

static enum mn_status flush(struct imp *m)
{
    enum mn_status rc = writer_join(m);
    struct batch *b = m->cur;
    b->rows_total = m->im.rows_total;
    b->rows_ok = m->im.rows_ok;
    b->rows_failed = m->im.rows_failed;
    b->bytes_done = bytes_read(m->x);
    if (rc == MN_OK && !m->o->dry_run && (b->n > 0 || b->n_errs > 0)) {
        m->writing = b;
        if (pthread_create(&m->writer, NULL, write_batch, m) != 0) {
            m->writing = NULL;
            return MN_ERR_NOMEM;
        }
        m->cur = b == &m->bufs[0] ? &m->bufs[1] : &m->bufs[0];
    }
    m->cur->n = 0;
    m->cur->n_errs = 0;
    return rc;
}

static enum mn_status on_row(void *arg, char **fields, size_t n)
{
    struct imp *m = arg;
    m->row_no++;
    if (!m->header_done) {
        m->header_done = true;
        enum mn_status rc = read_header(m, fields, n);
        if (rc == MN_OK && m->header_only) {
            m->header_ok = true;
            return MN_ERR_CONFLICT; /* stops the reader; header_ok tells it went well */
        }
        return rc;
    }
    if (m->x->cancel != NULL && atomic_load_explicit(m->x->cancel, memory_order_relaxed)) {
        m->x->interrupted = true;
        return MN_ERR_CONFLICT; /* stops the reader; the batch in hand is not stored */
    }
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
        blank = fields[i][0] == '\0';
    if (blank)
        return MN_OK; /* an empty line is not a record (trailing lines of exports) */
    m->im.rows_total++;
    struct row_rec *r = &m->cur->rows[m->cur->n];
    bool ok;
    enum mn_status rc = check_row(m, fields, n, r, &ok);
    if (rc != MN_OK)
        return rc;
    if (ok) {
        m->im.rows_ok++;
        m->cur->n++;
        if (json_array_size(m->preview) < PREVIEW_ROWS) {
            json_t *p = encode_customer(&r->c, !role_sees_pii(&m->ctx->who));
            json_object_set_new(p, "row", json_integer(r->row_no));
            if (r->has_event)
                json_object_set_new(p, "event", json_pack("{s:s, s:s, s:s}", "external_id",
                                                           r->e.external_id, "type", r->e.type,
                                                           "occurred_on", r->e.occurred_on));
            json_array_append_new(m->preview, p);
        }
    } else {
        m->im.rows_failed++;
    }
    if (m->cur->n == BATCH || m->cur->n_errs >= BATCH)
        return flush(m);
    return MN_OK;
}

json_t *encode_import(const struct fu_import *im)
{
    json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}",
                          "id", (json_int_t)im->id,
                          "user_id", im->user_id > 0 ? json_integer(im->user_id) : json_null(),
                          "filename", im->filename, "format", im->format,
                          "rows_total", (json_int_t)im->rows_total,
                          "rows_ok", (json_int_t)im->rows_ok,
                          "rows_failed", (json_int_t)im->rows_failed,
                          "customers_new", (json_int_t)im->customers_new,
                          "events_new", (json_int_t)im->events_new,
                          "created_at", json_time_or_null(im->created_at));
    json_object_set_new(o, "status", json_string(im->status[0] != '\0' ? im->status : "done"));
    json_object_set_new(o, "bytes_total", json_integer(im->bytes_total));
    json_object_set_new(o, "bytes_done", json_integer(im->bytes_done));
    json_object_set_new(o, "error", im->error[0] != '\0' ? json_string(im->error) : json_null());
    json_object_set_new(o, "upload_id", im->upload_id > 0 ? json_integer(im->upload_id)
                                                         : json_null());
    json_object_set_new(o, "finished_at", json_time_or_null(im->finished_at));
    return o;
}

bool svc_may_import(const struct svc_ctx *ctx)
{
    enum role r = ctx->who.role;
    return r == ROLE_ADMIN || r == ROLE_STORE_MANAGER || r == ROLE_CR_AGENT;
}
#define may_import svc_may_import

/* "host/pid/token": which process runs an import, so that a restarted server can tell the
 * imports of its dead predecessor (same host, pid gone or its own) from those of a live one. */
static char runner_id[96];
static pthread_once_t runner_once = PTHREAD_ONCE_INIT;

static void runner_init(void)
{
    char host[64] = "";
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        snprintf(host, sizeof host, "localhost");
    for (char *p = host; *p != '\0'; p++)
        if (*p == '/')
            *p = '_';
    unsigned char tok[6];
    randombytes_buf(tok, sizeof tok);
    snprintf(runner_id, sizeof runner_id, "%s/%ld/%02x%02x%02x%02x%02x%02x", host,
             (long)getpid(), tok[0], tok[1], tok[2], tok[3], tok[4], tok[5]);
}

const char *svc_import_runner(void)
{
    pthread_once(&runner_once, runner_init);
    return runner_id;
}

static enum mn_status create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct imp *m = arg;
    return fu_imports_insert(ctx->db, &m->im);
}

static enum mn_status finish_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct imp *m = arg;
    snprintf(m->im.status, sizeof m->im.status, "done");
    m->im.error[0] = '\0';
    m->im.bytes_done = m->im.bytes_total;
    m->im.finished_at = store_now();
    enum mn_status rc = fu_imports_update(ctx->db, &m->im);
    if (rc != MN_OK)
        return rc;
    json_t *a = encode_import(&m->im);
    rc = svc_audit(ctx, "import", "import", m->im.id, NULL, a);
    json_decref(a);
    return rc;
}

static enum mn_status load_mapping(struct imp *m)
{
    json_error_t jerr;
    if (m->o->mapping != NULL && *m->o->mapping != '\0') {
        m->mapping = json_loads(m->o->mapping, 0, &jerr);
    } else {
        char saved[8192];
        bool found;
        enum mn_status rc = fu_mapping_get(m->ctx->db, m->ctx->who.tenant_id, "customers_events",
                                           saved, sizeof saved, &found);
        if (rc != MN_OK)
            return rc;
        m->mapping = found ? json_loads(saved, 0, &jerr) : json_object();
    }
    if (!json_is_object(m->mapping))
        return mn_fail(m->err, MN_ERR_INVALID, "mapping", "must be a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach(m->mapping, key, v) {
        bool known = false;
        for (int f = 0; f < I_COUNT; f++)
            known = known || strcmp(key, field_names[f]) == 0;
        if (!known || !json_is_string(v) || json_string_length(v) == 0 ||
            json_string_length(v) > 100)
            return mn_fail(m->err, MN_ERR_INVALID, "mapping",
                           "%.60s: each key must be an import field and map to a column name",
                           key);
    }
    return MN_OK;
}

struct stop_tx { const struct fu_import *im; const char *status, *error; };

static enum mn_status stop_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    const struct stop_tx *t = arg;
    bool changed;
    int64_t now = store_now();
    enum mn_status rc = fu_imports_stop(ctx->db, t->im->tenant_id, t->im->id, t->status,
                                        t->error, now, &changed);
    /* an interrupted import gives its upload back, so that it can be imported again */
    if (rc == MN_OK && changed && t->im->upload_id > 0 && strcmp(t->status, "interrupted") == 0)
        rc = fu_uploads_release(ctx->db, t->im->tenant_id, t->im->upload_id, t->im->id, now);
    return rc;
}

/* The import row of a run that did not finish: interrupted (cancel), or failed with the reason
 * the caller got. Its counts stay those of the batches committed. */
static void mark_stopped(struct imp *m, enum mn_status rc, const struct mn_error *err)
{
    char why[400];
    const char *status = m->x->interrupted ? "interrupted" : "failed";
    if (m->x->interrupted)
        snprintf(why, sizeof why, "the server stopped during the import; rows already imported"
                                  " are kept, import the file again to finish");
    else if (err->code == rc && (err->field[0] != '\0' || err->hint[0] != '\0'))
        snprintf(why, sizeof why, "%s%s%s", err->field, err->field[0] && err->hint[0] ? " " : "",
                 err->hint);
    else
        snprintf(why, sizeof why, "%s", rc == MN_ERR_DB || rc == MN_ERR_RETRY
                                            ? "the store failed (see the server log)"
                                            : mn_status_name(rc));
    struct mn_error ignore = {0};
    struct stop_tx t = {&m->im, status, why};
    snprintf(m->im.status, sizeof m->im.status, "%s", status);
    snprintf(m->im.error, sizeof m->im.error, "%s", why);
    if (svc_run_tx(m->ctx, stop_tx, &t, &ignore) != MN_OK)
        fprintf(stderr, "manyi: import %lld: could not mark it %s: %s\n", (long long)m->im.id,
                status, m->ctx->db->errmsg);
}

enum mn_status svc_import_run(struct svc_ctx *ctx, const struct import_opts *o,
                              import_source_fn source, void *src, json_t **out,
                              struct mn_error *err)
{
    return svc_import_run_x(ctx, o, NULL, source, src, out, err);
}

/* What every import request must pass before a row is read: the caller may import, the format
 * is known, the file name fits. */
static enum mn_status check_request(struct svc_ctx *ctx, const struct import_opts *o,
                                    struct mn_error *err)
{
    if (!may_import(ctx))
        return MN_ERR_FORBIDDEN;
    if (strcmp(o->format, "csv") != 0 && strcmp(o->format, "xlsx") != 0)
        return mn_fail(err, MN_ERR_INVALID, "format", "must be csv or xlsx");
    if (text_check("filename", o->filename, strlen(o->filename), 0, 100, false, err) != MN_OK)
        return MN_ERR_INVALID;
    return MN_OK;
}

enum mn_status svc_import_run_x(struct svc_ctx *ctx, const struct import_opts *o,
                                struct import_run *x, import_source_fn source, void *src,
                                json_t **out, struct mn_error *err)
{
    struct import_run none = {0};
    if (x == NULL)
        x = &none;
    enum mn_status rc0 = check_request(ctx, o, err);
    if (rc0 != MN_OK)
        return rc0;
    struct imp *m = calloc(1, sizeof *m);
    if (m == NULL)
        return MN_ERR_NOMEM;
    m->ctx = ctx;
    m->o = o;
    m->x = x;
    m->err = err;
    if (x->im != NULL) {
        m->im = *x->im; /* made and shown by the caller (background import) */
    } else {
        m->im = (struct fu_import){.tenant_id = ctx->who.tenant_id, .user_id = ctx->who.user_id,
                                   .upload_id = x->upload_id, .bytes_total = x->bytes_total};
        snprintf(m->im.filename, sizeof m->im.filename, "%s", o->filename);
        snprintf(m->im.format, sizeof m->im.format, "%s", o->format);
        snprintf(m->im.status, sizeof m->im.status, "running");
        snprintf(m->im.runner, sizeof m->im.runner, "%s", svc_import_runner());
    }
    m->bufs[0].rows = malloc(BATCH * sizeof *m->bufs[0].rows);
    m->bufs[1].rows = malloc(BATCH * sizeof *m->bufs[1].rows);
    m->cur = &m->bufs[0];
    m->employees = calloc(CACHE, sizeof *m->employees);
    m->preview = json_array();
    m->reported = json_array();
    enum mn_status rc = m->bufs[0].rows != NULL && m->bufs[1].rows != NULL &&
                        m->employees != NULL ? MN_OK : MN_ERR_NOMEM;
    if (rc == MN_OK)
        rc = load_mapping(m);
    if (rc == MN_OK)
        rc = fu_tenant_today(ctx->db, ctx->who.tenant_id, store_now(), m->today, &m->offset_min);
    if (rc == MN_OK && !o->dry_run && x->im == NULL)
        rc = svc_run_tx(ctx, create_tx, m, err);
    bool recorded = !o->dry_run && m->im.id > 0;
    /* Nothing is acknowledged before finish_tx, so the batches need not each reach the disk
     * (db_bulk_begin); db_bulk_end makes them durable, and finish_tx commits fully. */
    bool bulk = rc == MN_OK && !o->dry_run && db_bulk_begin(ctx->db) == MN_OK;
    if (rc == MN_OK)
        rc = source(src, on_row, m, err);
    if (rc == MN_OK && !m->header_done)
        rc = mn_fail(err, MN_ERR_INVALID, "file", "is empty (no header row)");
    if (rc == MN_OK)
        rc = flush(m);
    enum mn_status last = writer_join(m); /* also when parsing failed: the thread must end */
    if (rc == MN_OK)
        rc = last;
    if (bulk) {
        enum mn_status end = db_bulk_end(ctx->db);
        if (rc == MN_OK)
            rc = end;
    }
    /* an uploaded file is not needed any more: gone before the record says so */
    if (x->remove_path != NULL && !x->interrupted && unlink(x->remove_path) != 0 &&
        errno != ENOENT)
        fprintf(stderr, "manyi: import %lld: cannot remove %s: %s\n", (long long)m->im.id,
                x->remove_path, strerror(errno));
    if (rc == MN_OK && !o->dry_run)
        rc = svc_run_tx(ctx, finish_tx, m, err);
    if (rc != MN_OK && recorded)
        mark_stopped(m, rc, err);
    if (x->im != NULL)
        *x->im = m->im;
    if (rc == MN_OK) {
        if (o->dry_run) { /* a preview: the whole file was read, nothing recorded */
            snprintf(m->im.status, sizeof m->im.status, "done");
            m->im.bytes_done = m->im.bytes_total;
        }
        json_t *res = encode_import(&m->im);
        json_object_set_new(res, "dry_run", json_boolean(o->dry_run));
        json_object_set(res, "mapping", m->mapping);
        json_object_set(res, "errors", m->reported);
        json_object_set(res, "preview", m->preview);
        *out = res;
    }
    json_decref(m->mapping);
    json_decref(m->preview);
    json_decref(m->reported);
    for (int i = 0; i < 2; i++) {
        free(m->bufs[i].rows);
        free(m->bufs[i].errs);
    }
    free(m->employees);
    free(m);
    return rc;
}

enum mn_status svc_import_check_header(struct svc_ctx *ctx, const struct import_opts *o,
                                       import_source_fn source, void *src, struct mn_error *err)
{
    enum mn_status rc0 = check_request(ctx, o, err);
    if (rc0 != MN_OK)
        return rc0;
    struct import_run none = {0};
    struct imp *m = calloc(1, sizeof *m);
    if (m == NULL)
        return MN_ERR_NOMEM;
    m->ctx = ctx;
    m->o = o;
    m->x = &none;
    m->err = err;
    m->header_only = true;
    enum mn_status rc = load_mapping(m);
    if (source == NULL) { /* the options and the mapping only */
        json_decref(m->mapping);
        free(m);
        return rc;
    }
    if (rc == MN_OK)
        rc = source(src, on_row, m, err);
    if (m->header_ok)
        rc = MN_OK;
    else if (rc == MN_OK)
        rc = mn_fail(err, MN_ERR_INVALID, "file", "is empty (no header row)");
    json_decref(m->mapping);
    free(m);
    return rc;
}

enum mn_status svc_import_get(struct svc_ctx *ctx, int64_t id, struct fu_import *out)
{
    enum mn_status rc = fu_imports_get(ctx->db, ctx->who.tenant_id, id, out);
    if (rc != MN_OK)
        return rc;
    /* Imports are the importer's and the admin's; others in the tenant do not see them. */
    if (!may_import(ctx) || (ctx->who.role != ROLE_ADMIN && out->user_id != ctx->who.user_id))
        return MN_ERR_NOT_FOUND;
    return MN_OK;
}

enum mn_status svc_import_list(struct svc_ctx *ctx, struct list_query *q,
                               struct fu_import **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    if (!may_import(ctx))
        return MN_ERR_FORBIDDEN;
    enum mn_status rc = fu_imports_list(ctx->db, ctx->who.tenant_id, q, items, n);
    if (rc != MN_OK || ctx->who.role == ROLE_ADMIN)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if ((*items)[i].user_id == ctx->who.user_id)
            (*items)[k++] = (*items)[i];
    *n = k;
    return MN_OK;
}

/* RFC 4180 quoting of one field. */
static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static enum mn_status write_error(const struct fu_import_error *e, void *arg)
{
    FILE *f = arg;
    fprintf(f, "%lld,", (long long)e->row_no);
    csv_field(f, e->column);
    fputc(',', f);
    csv_field(f, e->reason);
    fputs("\r\n", f);
    return MN_OK;
}

enum mn_status svc_import_errors_csv(struct svc_ctx *ctx, int64_t id, FILE *f)
{
    struct fu_import im;
    enum mn_status rc = svc_import_get(ctx, id, &im);
    if (rc != MN_OK)
        return rc;
    fputs("\xEF\xBB\xBF" "行号 row,列 column,原因 reason\r\n", f); /* BOM: Excel reads UTF-8 */
    return fu_import_errors_each(ctx->db, ctx->who.tenant_id, id, write_error, f);
}

enum mn_status svc_import_errors_list(struct svc_ctx *ctx, int64_t id, int limit, json_t **out)
{
    struct fu_import im;
    enum mn_status rc = svc_import_get(ctx, id, &im);
    if (rc != MN_OK)
        return rc;
    struct fu_import_error *items = NULL;
    size_t n = 0;
    if ((rc = fu_import_errors_list(ctx->db, ctx->who.tenant_id, id, limit, &items, &n)) != MN_OK)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)items[i].row_no,
                                             "column", items[i].column, "reason",
                                             items[i].reason));
    free(items);
    *out = json_pack("{s:o, s:I}", "items", arr, "rows_failed", (json_int_t)im.rows_failed);
    return MN_OK;
}

enum mn_status svc_import_mapping_get(struct svc_ctx *ctx, json_t **out)
{
    if (!may_import(ctx))
        return MN_ERR_FORBIDDEN;
    char saved[8192];
    bool found;
    enum mn_status rc = fu_mapping_get(ctx->db, ctx->who.tenant_id, "customers_events", saved,
                                       sizeof saved, &found);
    if (rc != MN_OK)
        return rc;
    json_error_t jerr;
    json_t *map = found ? json_loads(saved, 0, &jerr) : json_object();
    json_t *fields = json_array();
    for (int f = 0; f < I_COUNT; f++)
        json_array_append_new(fields, json_string(field_names[f]));
    *out = json_pack("{s:o, s:o}", "mapping", map != NULL ? map : json_object(), "fields",
                     fields);
    return MN_OK;
}

struct mapping_tx { json_t *mapping; };

static enum mn_status mapping_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct mapping_tx *t = arg;
    char old[8192];
    bool found;
    enum mn_status rc = fu_mapping_get(ctx->db, ctx->who.tenant_id, "customers_events", old,
                                       sizeof old, &found);
    if (rc != MN_OK)
        return rc;
    char *text = json_dumps(t->mapping, JSON_COMPACT | JSON_SORT_KEYS);
    if (text == NULL)
        return MN_ERR_NOMEM;
    rc = fu_mapping_set(ctx->db, ctx->who.tenant_id, "customers_events", text);
    free(text);
    if (rc != MN_OK)
        return rc;
    json_error_t jerr;
    json_t *b = found ? json_loads(old, 0, &jerr) : NULL;
    rc = svc_audit(ctx, "update", "import_mapping", 0, b, t->mapping);
    json_decref(b);
    return rc;
}

enum mn_status svc_import_mapping_set(struct svc_ctx *ctx, json_t *mapping, json_t **out,
                                      struct mn_error *err)
{
    /* The saved mapping is the tenant's: admins and store managers set it. */
    if (ctx->who.role != ROLE_ADMIN && ctx->who.role != ROLE_STORE_MANAGER)
        return MN_ERR_FORBIDDEN;
    const char *key;
    json_t *v;
    json_object_foreach(mapping, key, v) {
        bool known = false;
        for (int f = 0; f < I_COUNT; f++)
            known = known || strcmp(key, field_names[f]) == 0;
        if (!known)
            return mn_fail(err, MN_ERR_INVALID, key, "is not an import field");
        if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 100 ||
            text_check(key, json_string_value(v), json_string_length(v), 1, 100, false, err) !=
                MN_OK)
            return mn_fail(err, MN_ERR_INVALID, key, "must be a column name (1–100 characters)");
    }
    struct mapping_tx t = {mapping};
    enum mn_status rc = svc_run_tx(ctx, mapping_tx, &t, err);
    if (rc != MN_OK)
        return rc;
    return svc_import_mapping_get(ctx, out);
}
