/* SPDX-License-Identifier: MIT */
/* .xlsx rows: libzip opens the workbook, expat reads xl/sharedStrings.xml (kept in memory: a
 * DMS export repeats few distinct strings; phonetic runs <rPh> are not part of the text) and
 * then streams xl/worksheets/sheet1.xml in chunks, handing each <row> to the callback with the
 * cells the XML leaves out (empty ones) filled in as "". Which part holds a worksheet is read from
 * xl/workbook.xml (names, in order) and xl/_rels/workbook.xml.rels (targets): the first one or
 * the one asked by name; a workbook without them falls back to xl/worksheets/sheet1.xml.
 * Strings come shared (t="s") or inline
 * (t="inlineStr", as Gnumeric writes them). xl/styles.xml says which cell styles are dates:
 * such a numeric cell (Excel's serial day number, 1900 or 1904 system per xl/workbook.xml) is
 * handed on as "YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS" when it has a time of day. */
#include <expat.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "io/csv_reader.h"

struct strs {
    char **v;
    size_t n, cap;
};

enum { MAX_FMTS = 256, MAX_XFS = 4096 };

/* What xl/styles.xml and xl/workbook.xml say about dates. */
struct styles {
    int fmt_id[MAX_FMTS];     /* custom number formats: id … */
    bool fmt_date[MAX_FMTS];  /* … and whether its code shows a date */
    size_t n_fmts;
    bool xf_date[MAX_XFS];    /* cellXfs index (a cell's s="") → a date style */
    size_t n_xfs;
    bool in_xfs;
    bool date1904;
};

enum { MAX_RELS = 256 };

/* The workbook's worksheets: names in order with their relationship ids, and the targets. */
struct book {
    char name[TAB_MAX_SHEETS][TAB_SHEET_NAME];
    char rid[TAB_MAX_SHEETS][64];
    size_t n;
    bool more;                    /* sheets past TAB_MAX_SHEETS */
    char rel_id[MAX_RELS][64];
    char rel_target[MAX_RELS][256];
    bool rel_sheet[MAX_RELS];     /* a worksheet (not a chartsheet, …) */
    size_t n_rels;
};

struct xml {
    struct book *book;
    /* shared strings */
    struct strs *ss;
    bool in_si, in_t, in_rph;
    /* styles */
    struct styles *st;
    long style;
    /* sheet */
    bool in_v, in_is;
    char cell_type[12];
    long col, next_col;
    char *text;            /* current text (cell value or string item) */
    size_t tlen, tcap;
    char *row[TAB_MAX_FIELDS];
    size_t nrow;
    enum mn_status rc;
    tab_row_fn fn;
    void *arg;
};

static void text_add(struct xml *x, const char *s, int len)
{
    if (x->rc != MN_OK)
        return;
    if (x->tlen + (size_t)len + 1 > TAB_MAX_RECORD) {
        x->rc = MN_ERR_TOO_LARGE;
        return;
    }
    if (x->tlen + (size_t)len + 1 > x->tcap) {
        size_t nc = x->tcap == 0 ? 256 : x->tcap;
        while (nc < x->tlen + (size_t)len + 1)
            nc *= 2;
        char *p = realloc(x->text, nc);
        if (p == NULL) {
            x->rc = MN_ERR_NOMEM;
            return;
        }
        x->text = p;
        x->tcap = nc;
    }
    memcpy(x->text + x->tlen, s, (size_t)len);
    x->tlen += (size_t)len;
    x->text[x->tlen] = '\0';
}

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c != NULL ? c + 1 : name;
}

static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    struct xml *x = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        x->in_si = true;
        x->tlen = 0;
        if (x->text != NULL)
            x->text[0] = '\0';
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = true; /* phonetic guide: not part of the string */
    } else if (strcmp(n, "t") == 0 && x->in_si && !x->in_rph) {
        x->in_t = true;
    }
}

static void ss_end(void *ud, const XML_Char *name)
{
    struct xml *x = ud;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(n, "si") == 0 && x->rc == MN_OK) {
        x->in_si = false;
        struct strs *s = x->ss;
        if (s->n == s->cap) {
            size_t nc = s->cap == 0 ? 256 : s->cap * 2;
            char **p = realloc(s->v, nc * sizeof *p);
            if (p == NULL) {
                x->rc = MN_ERR_NOMEM;
                return;
            }
            s->v = p;
            s->cap = nc;
        }
        s->v[s->n] = strdup(x->text != NULL && x->tlen > 0 ? x->text : "");
        if (s->v[s->n] == NULL)
            x->rc = MN_ERR_NOMEM;
        s->n++;
    }
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct xml *x = ud;
    if (x->in_t || x->in_v)
        text_add(x, s, len);
}

/* --- dates ------------------------------------------------------------------------------------ */

/* Built-in number formats that show dates (ECMA-376 §18.8.30, with the CJK ones). */
static bool builtin_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* A format code shows a date when, outside quoted text, escapes and [colour]/[$-locale]
 * sections, it has a y, m, d, h or s ("0.00" and "#,##0" do not; "yyyy-mm-dd" does). */
static bool code_is_date(const char *c)
{
    for (; *c != '\0'; c++) {
        if (*c == '"') {
            while (c[1] != '\0' && c[1] != '"')
                c++;
            if (c[1] != '\0')
                c++;
        } else if (*c == '\\' || *c == '_' || *c == '*') {
            if (c[1] != '\0')
                c++;
        } else if (*c == '[') {
            while (c[1] != '\0' && c[1] != ']')
                c++;
        } else if (strchr("ymdhsYMDHS", *c) != NULL) {
            return true;
        }
    }
    return false;
}

static const char *att(const XML_Char **atts, const char *name)
{
    for (int i = 0; atts[i] != NULL; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

static void st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml *x = ud;
    struct styles *st = x->st;
    const char *n = local(name);
    if (strcmp(n, "numFmt") == 0 && st->n_fmts < MAX_FMTS) {
        const char *id = att(atts, "numFmtId"), *code = att(atts, "formatCode");
        if (id != NULL && code != NULL) {
            st->fmt_id[st->n_fmts] = atoi(id);
            st->fmt_date[st->n_fmts++] = code_is_date(code);
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        st->in_xfs = true;
    } else if (strcmp(n, "xf") == 0 && st->in_xfs && st->n_xfs < MAX_XFS) {
        const char *id = att(atts, "numFmtId");
        int f = id != NULL ? atoi(id) : 0;
        bool date = builtin_date(f);
        for (size_t i = 0; i < st->n_fmts; i++)
            if (st->fmt_id[i] == f)
                date = st->fmt_date[i];
        st->xf_date[st->n_xfs++] = date;
    }
}

static void st_end(void *ud, const XML_Char *name)
{
    struct xml *x = ud;
    if (strcmp(local(name), "cellXfs") == 0)
        x->st->in_xfs = false;
}

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml *x = ud;
    const char *n = local(name);
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = att(atts, "date1904");
        x->st->date1904 = v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(n, "sheet") == 0) {
        struct book *b = x->book;
        const char *nm = att(atts, "name"), *id = att(atts, "id"); /* r:id */
        if (nm == NULL || id == NULL)
            return;
        if (b->n == TAB_MAX_SHEETS) {
            b->more = true;
            return;
        }
        snprintf(b->name[b->n], sizeof b->name[b->n], "%s", nm);
        snprintf(b->rid[b->n], sizeof b->rid[b->n], "%s", id);
        b->n++;
    }
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml *x = ud;
    struct book *b = x->book;
    if (strcmp(local(name), "Relationship") != 0 || b->n_rels == MAX_RELS)
        return;
    const char *id = att(atts, "Id"), *target = att(atts, "Target"), *type = att(atts, "Type");
    if (id == NULL || target == NULL)
        return;
    snprintf(b->rel_id[b->n_rels], sizeof b->rel_id[0], "%s", id);
    snprintf(b->rel_target[b->n_rels], sizeof b->rel_target[0], "%s", target);
    size_t tl = type != NULL ? strlen(type) : 0;
    b->rel_sheet[b->n_rels] = tl >= 10 && strcmp(type + tl - 10, "/worksheet") == 0;
    b->n_rels++;
}

static void wb_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

/* Civil date of a day count from 1970-01-01 (H. Hinnant's days_from_civil, inverted). */
static void civil_of(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Excel's serial number → "YYYY-MM-DD[ HH:MM:SS]"; false when it is no plausible date. In the
 * 1900 system day 1 is 1900-01-01 and day 60 the 29 February 1900 that never was, so from day
 * 61 on the epoch is 1899-12-30; in the 1904 system day 0 is 1904-01-01. */
static bool serial_date(const char *v, bool date1904, char out[40])
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end != '\0' || !(x >= 0 && x < 2958466)) /* up to 9999-12-31 */
        return false;
    double day = floor(x);
    long secs = lround((x - day) * 86400.0);
    if (secs >= 86400) {
        day += 1;
        secs -= 86400;
    }
    int64_t n = (int64_t)day;
    if (date1904)
        n += -24107;             /* 1904-01-01 is 24107 days before 1970-01-01 */
    else if (n >= 61)
        n += -25569;             /* 1899-12-30 */
    else if (n >= 1 && n < 60)
        n += -25568;             /* 1899-12-31 */
    else
        return false;            /* 0 or the phantom 1900-02-29 */
    int y, m, d;
    civil_of(n, &y, &m, &d);
    /* y is 1900..9999 here; the modulo only tells the compiler the widths */
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    unsigned hh = (unsigned)(secs / 3600) % 100u, mi = (unsigned)(secs / 60 % 60),
             ss = (unsigned)(secs % 60);
    if (secs == 0)
        snprintf(out, 40, "%04u-%02u-%02u", uy, um, ud);
    else
        snprintf(out, 40, "%04u-%02u-%02u %02u:%02u:%02u", uy, um, ud, hh, mi, ss);
    return true;
}

/* "BC12" → 54 (0-based column of the cell reference). */
static long col_of(const char *ref)
{
    long c = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++)
        c = c * 26 + (*ref - 'A' + 1);
    return c - 1;
}

static void clear_row(struct xml *x)
{
    for (size_t i = 0; i < x->nrow; i++)
        free(x->row[i]);
    x->nrow = 0;
}

static void push_cell(struct xml *x, long col, const char *value)
{
    if (x->rc != MN_OK)
        return;
    if (col < 0 || col >= TAB_MAX_FIELDS) {
        x->rc = MN_ERR_TOO_LARGE;
        return;
    }
    while ((long)x->nrow < col) {
        x->row[x->nrow] = strdup("");
        if (x->row[x->nrow++] == NULL)
            x->rc = MN_ERR_NOMEM;
    }
    if ((long)x->nrow == col) {
        x->row[x->nrow] = strdup(value);
        if (x->row[x->nrow++] == NULL)
            x->rc = MN_ERR_NOMEM;
    }
}

static void sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml *x = ud;
    const char *n = local(name);
    if (strcmp(n, "row") == 0) {
        clear_row(x);
        x->next_col = 0;
    } else if (strcmp(n, "c") == 0) {
        x->cell_type[0] = '\0';
        x->col = x->next_col;
        x->style = 0;
        for (int i = 0; atts[i] != NULL; i += 2) {
            if (strcmp(atts[i], "r") == 0)
                x->col = col_of(atts[i + 1]);
            else if (strcmp(atts[i], "t") == 0)
                snprintf(x->cell_type, sizeof x->cell_type, "%s", atts[i + 1]);
            else if (strcmp(atts[i], "s") == 0)
                x->style = strtol(atts[i + 1], NULL, 10);
        }
        x->tlen = 0;
        if (x->text != NULL)
            x->text[0] = '\0';
    } else if (strcmp(n, "v") == 0) {
        x->in_v = true;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = true;
    } else if (strcmp(n, "t") == 0 && x->in_is) {
        x->in_t = true;
    }
}

static void sh_end(void *ud, const XML_Char *name)
{
    struct xml *x = ud;
    const char *n = local(name);
    if (strcmp(n, "v") == 0) {
        x->in_v = false;
    } else if (strcmp(n, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(n, "c") == 0) {
        const char *v = x->text != NULL && x->tlen > 0 ? x->text : "";
        char date[40];
        if (strcmp(x->cell_type, "s") == 0) {
            long i = strtol(v, NULL, 10);
            v = i >= 0 && (size_t)i < x->ss->n ? x->ss->v[i] : "";
        } else if ((x->cell_type[0] == '\0' || strcmp(x->cell_type, "n") == 0) && x->style > 0 &&
                   (size_t)x->style < x->st->n_xfs && x->st->xf_date[x->style] &&
                   serial_date(v, x->st->date1904, date)) {
            v = date;
        }
        push_cell(x, x->col, v);
        x->next_col = x->col + 1;
    } else if (strcmp(n, "row") == 0 && x->rc == MN_OK) {
        x->rc = x->fn(x->arg, x->row, x->nrow);
        clear_row(x);
    }
}

/* Streams one zip member through an expat parser. */
static enum mn_status parse_member(zip_t *z, const char *member, bool required, struct xml *x,
                                   XML_StartElementHandler s, XML_EndElementHandler e)
{
    zip_file_t *f = zip_fopen(z, member, 0);
    if (f == NULL)
        return required ? MN_ERR_INVALID : MN_OK;
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (p == NULL) {
        zip_fclose(f);
        return MN_ERR_NOMEM;
    }
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, s, e);
    XML_SetCharacterDataHandler(p, on_text);
    enum mn_status rc = MN_OK;
    char buf[1 << 15];
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, sizeof buf);
        if (n < 0) {
            rc = MN_ERR_INVALID;
            break;
        }
        if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
            rc = x->rc != MN_OK ? x->rc : MN_ERR_INVALID;
            break;
        }
        if (x->rc != MN_OK) {
            rc = x->rc;
            break;
        }
        if (n == 0)
            break;
    }
    XML_ParserFree(p);
    zip_fclose(f);
    return rc;
}

/* The zip member of a relationship target: relative to xl/, or absolute from the package root. */
static void member_of(const char *target, char *out, size_t cap)
{
    if (target[0] == '/')
        snprintf(out, cap, "%s", target + 1);
    else if (strncmp(target, "../", 3) == 0)
        snprintf(out, cap, "%s", target + 3);
    else
        snprintf(out, cap, "xl/%s", target);
}

/* Picks the worksheet: by name (in->sheet) or the first worksheet in workbook order. */
static enum mn_status pick_sheet(const struct book *b, struct tab_input *in, char *member,
                                 size_t cap, struct mn_error *err)
{
    const char *want = in != NULL && in->sheet != NULL && *in->sheet != '\0' ? in->sheet : NULL;
    size_t n_ws = 0;
    bool found = false;
    for (size_t i = 0; i < b->n; i++) {
        const char *target = NULL;
        for (size_t k = 0; k < b->n_rels && target == NULL; k++)
            if (b->rel_sheet[k] && strcmp(b->rel_id[k], b->rid[i]) == 0)
                target = b->rel_target[k];
        if (target == NULL)
            continue; /* a chartsheet or a dialog sheet */
        if (in != NULL)
            snprintf(in->sheets[n_ws], sizeof in->sheets[0], "%s", b->name[i]);
        n_ws++;
        if (!found && (want == NULL || strcmp(want, b->name[i]) == 0)) {
            found = true;
            member_of(target, member, cap);
            if (in != NULL)
                snprintf(in->sheet_used, sizeof in->sheet_used, "%s", b->name[i]);
        }
    }
    if (in != NULL)
        in->n_sheets = n_ws;
    if (n_ws == 0 && want == NULL) {
        snprintf(member, cap, "xl/worksheets/sheet1.xml"); /* no workbook part: the usual name */
        return MN_OK;
    }
    if (!found)
        return want != NULL ? mn_fail(err, MN_ERR_INVALID, "sheet",
                                      "the workbook has no worksheet named \"%.60s\"", want)
                            : MN_OK;
    return MN_OK;
}

static enum mn_status read_zip(zip_t *z, struct tab_input *in, tab_row_fn fn, void *arg,
                               struct mn_error *err)
{
    struct strs ss = {0};
    struct styles *st = calloc(1, sizeof *st);
    struct book *book = calloc(1, sizeof *book);
    if (st == NULL || book == NULL) {
        free(st);
        free(book);
        return MN_ERR_NOMEM;
    }
    struct xml x = {.book = book, .ss = &ss, .st = st, .fn = fn, .arg = arg};
    char member[300];
    enum mn_status rc = parse_member(z, "xl/workbook.xml", false, &x, wb_start, wb_end);
    if (rc == MN_OK)
        rc = parse_member(z, "xl/_rels/workbook.xml.rels", false, &x, rels_start, wb_end);
    if (rc == MN_OK)
        rc = pick_sheet(book, in, member, sizeof member, err);
    if (rc == MN_OK)
        rc = parse_member(z, "xl/styles.xml", false, &x, st_start, st_end);
    if (rc == MN_OK)
        rc = parse_member(z, "xl/sharedStrings.xml", false, &x, ss_start, ss_end);
    if (rc == MN_OK) {
        x.tlen = 0;
        rc = parse_member(z, member, true, &x, sh_start, sh_end);
    }
    clear_row(&x);
    free(x.text);
    free(st);
    free(book);
    for (size_t i = 0; i < ss.n; i++)
        free(ss.v[i]);
    free(ss.v);
    if (rc == MN_ERR_TOO_LARGE)
        return mn_fail(err, MN_ERR_INVALID, "file", "a row has more than %d columns or %d bytes",
                       TAB_MAX_FIELDS, TAB_MAX_RECORD);
    if (rc == MN_ERR_INVALID && (err == NULL || err->code != MN_ERR_INVALID))
        return mn_fail(err, MN_ERR_INVALID, "file", "is not a readable .xlsx workbook");
    return rc;
}

enum mn_status xlsx_source_buffer(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    const struct tab_buffer *b = src;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *s = zip_source_buffer_create(b->data, b->len, 0, &ze);
    zip_t *z = s != NULL ? zip_open_from_source(s, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (z == NULL) {
        if (s != NULL)
            zip_source_free(s);
        return mn_fail(err, MN_ERR_INVALID, "file", "is not an .xlsx (zip) file");
    }
    enum mn_status rc = read_zip(z, NULL, row, arg, err);
    zip_discard(z);
    return rc;
}

enum mn_status xlsx_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    int zerr;
    zip_t *z = zip_open((const char *)src, ZIP_RDONLY, &zerr);
    if (z == NULL)
        return mn_fail(err, MN_ERR_INVALID, "file", "is not an .xlsx (zip) file");
    enum mn_status rc = read_zip(z, NULL, row, arg, err);
    zip_discard(z);
    return rc;
}

enum mn_status xlsx_source_input(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    struct tab_input *in = src;
    zip_t *z = NULL;
    int zerr = 0;
    if (in->buf != NULL) {
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *s = zip_source_buffer_create(in->buf->data, in->buf->len, 0, &ze);
        z = s != NULL ? zip_open_from_source(s, ZIP_RDONLY, &ze) : NULL;
        if (z == NULL && s != NULL)
            zip_source_free(s);
        zip_error_fini(&ze);
    } else if (in->file != NULL) {
        /* libzip owns (and closes) the descriptor it is given: hand it a duplicate */
        int fd = dup(fileno(in->file));
        if (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0)
            z = zip_fdopen(fd, ZIP_RDONLY, &zerr);
        if (z == NULL && fd >= 0)
            close(fd);
    } else if (in->path != NULL) {
        z = zip_open(in->path, ZIP_RDONLY, &zerr);
    }
    if (z == NULL)
        return mn_fail(err, MN_ERR_INVALID, "file", "is not an .xlsx (zip) file");
    enum mn_status rc = read_zip(z, in, row, arg, err);
    zip_discard(z);
    return rc;
}
