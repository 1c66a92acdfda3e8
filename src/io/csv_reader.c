/* SPDX-License-Identifier: MIT */
/* CSV records through libcsv's push parser: fields are collected into one growing buffer per
 * record and handed over at each end of record. Quoted fields may hold commas and newlines. */
#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_reader.h"

struct rec {
    char *buf;
    size_t len, cap;
    size_t offs[TAB_MAX_FIELDS];
    size_t n;
    bool overflow;
    enum mn_status rc; /* first failure of the row callback; later records are ignored */
    tab_row_fn row;
    void *arg;
    bool bom_checked;
};

static void on_field(void *s, size_t len, void *data)
{
    struct rec *r = data;
    if (r->rc != MN_OK || r->overflow)
        return;
    const char *p = s != NULL ? s : "";
    if (!r->bom_checked) {
        r->bom_checked = true;
        if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            len -= 3;
        }
    }
    if (r->n == TAB_MAX_FIELDS || r->len + len + 1 > TAB_MAX_RECORD) {
        r->overflow = true;
        return;
    }
    if (r->len + len + 1 > r->cap) {
        size_t nc = r->cap == 0 ? 4096 : r->cap;
        while (nc < r->len + len + 1)
            nc *= 2;
        char *nb = realloc(r->buf, nc);
        if (nb == NULL) {
            r->rc = MN_ERR_NOMEM;
            return;
        }
        r->buf = nb;
        r->cap = nc;
    }
    memcpy(r->buf + r->len, p, len);
    r->buf[r->len + len] = '\0';
    r->offs[r->n++] = r->len;
    r->len += len + 1;
}

static void on_record(int c, void *data)
{
    (void)c;
    struct rec *r = data;
    if (r->rc == MN_OK && !r->overflow && r->n > 0) {
        char *fields[TAB_MAX_FIELDS];
        for (size_t i = 0; i < r->n; i++)
            fields[i] = r->buf + r->offs[i];
        r->rc = r->row(r->arg, fields, r->n);
    }
    if (r->overflow && r->rc == MN_OK)
        r->rc = MN_ERR_TOO_LARGE;
    r->n = 0;
    r->len = 0;
}

typedef size_t (*chunk_fn)(void *src, char *buf, size_t cap);

static enum mn_status parse(void *src, chunk_fn next, tab_row_fn row, void *arg,
                            struct mn_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return MN_ERR_NOMEM;
    struct rec r = {.row = row, .arg = arg};
    enum { CHUNK = 1 << 16 };
    char *buf = malloc(CHUNK);
    enum mn_status rc = MN_OK;
    if (buf == NULL)
        rc = MN_ERR_NOMEM;
    size_t n;
    while (rc == MN_OK && r.rc == MN_OK && (n = next(src, buf, CHUNK)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &r) != n)
            rc = MN_ERR_INVALID;
    }
    if (rc == MN_OK && r.rc == MN_OK && csv_fini(&p, on_field, on_record, &r) != 0)
        rc = MN_ERR_INVALID;
    if (rc == MN_OK)
        rc = r.rc;
    if (rc == MN_ERR_TOO_LARGE)
        rc = mn_fail(err, MN_ERR_INVALID, "file", "a record has more than %d fields or %d bytes",
                     TAB_MAX_FIELDS, TAB_MAX_RECORD);
    else if (rc == MN_ERR_INVALID && (err == NULL || err->code != MN_ERR_INVALID))
        rc = mn_fail(err, MN_ERR_INVALID, "file", "is not a valid CSV file: %s",
                     csv_strerror(csv_error(&p)));
    csv_free(&p);
    free(buf);
    free(r.buf);
    return rc;
}

struct buf_cursor { const struct tab_buffer *b; size_t pos; };

static size_t next_buffer(void *src, char *buf, size_t cap)
{
    struct buf_cursor *c = src;
    size_t n = c->b->len - c->pos < cap ? c->b->len - c->pos : cap;
    memcpy(buf, c->b->data + c->pos, n);
    c->pos += n;
    return n;
}

static size_t next_file(void *src, char *buf, size_t cap)
{
    return fread(buf, 1, cap, (FILE *)src);
}

enum mn_status csv_source_buffer(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    struct buf_cursor c = {src, 0};
    return parse(&c, next_buffer, row, arg, err);
}

enum mn_status csv_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    return parse(src, next_file, row, arg, err);
}
