/* SPDX-License-Identifier: MIT */
/* .xlsx rows: libzip opens the workbook, expat reads xl/sharedStrings.xml (kept in memory: a
 * DMS export repeats few distinct strings) and then streams xl/worksheets/sheet1.xml in chunks,
 * handing each <row> to the callback with empty cells filled in. Styles are not read, so a date
 * cell arrives as Excel's serial day number. */
#include <expat.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/csv_reader.h"

struct strs {
    char **v;
    size_t n, cap;
};

struct xml {
    /* shared strings */
    struct strs *ss;
    bool in_si, in_t;
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
    } else if (strcmp(n, "t") == 0 && x->in_si) {
        x->in_t = true;
    }
}

static void ss_end(void *ud, const XML_Char *name)
{
    struct xml *x = ud;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        x->in_t = false;
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
        for (int i = 0; atts[i] != NULL; i += 2) {
            if (strcmp(atts[i], "r") == 0)
                x->col = col_of(atts[i + 1]);
            else if (strcmp(atts[i], "t") == 0)
                snprintf(x->cell_type, sizeof x->cell_type, "%s", atts[i + 1]);
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
        if (strcmp(x->cell_type, "s") == 0) {
            long i = strtol(v, NULL, 10);
            v = i >= 0 && (size_t)i < x->ss->n ? x->ss->v[i] : "";
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

static enum mn_status read_zip(zip_t *z, tab_row_fn fn, void *arg, struct mn_error *err)
{
    struct strs ss = {0};
    struct xml x = {.ss = &ss, .fn = fn, .arg = arg};
    enum mn_status rc = parse_member(z, "xl/sharedStrings.xml", false, &x, ss_start, ss_end);
    if (rc == MN_OK) {
        x.tlen = 0;
        rc = parse_member(z, "xl/worksheets/sheet1.xml", true, &x, sh_start, sh_end);
    }
    clear_row(&x);
    free(x.text);
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
    enum mn_status rc = read_zip(z, row, arg, err);
    zip_discard(z);
    return rc;
}

enum mn_status xlsx_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    int zerr;
    zip_t *z = zip_open((const char *)src, ZIP_RDONLY, &zerr);
    if (z == NULL)
        return mn_fail(err, MN_ERR_INVALID, "file", "is not an .xlsx (zip) file");
    enum mn_status rc = read_zip(z, row, arg, err);
    zip_discard(z);
    return rc;
}
