/* SPDX-License-Identifier: MIT */
/* CSV records through libcsv's push parser: fields are collected into one growing buffer per
 * record and handed over at each end of record. Quoted fields may hold commas and newlines. */
#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_reader.h"
#include "io/text_encoding.h"

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

static enum mn_status parse(void *src, chunk_fn next, char delim, tab_row_fn row, void *arg,
                            struct mn_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return MN_ERR_NOMEM;
    csv_set_delim(&p, (unsigned char)delim);
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
    return parse(&c, next_buffer, ',', row, arg, err);
}

enum mn_status csv_source_file(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    return parse(src, next_file, ',', row, arg, err);
}

/* --- CSV in other encodings: raw chunks → text_dec → UTF-8 chunks for libcsv ------------- */

enum { RAW_CHUNK = 1 << 16 };

struct dec_src {
    struct tab_input *in;
    void *src;
    chunk_fn next;
    enum text_enc enc;
    struct text_dec *d;
    char *raw;
    char *out;
    size_t out_len, out_cap, out_pos;
    bool started, eof;
    enum mn_status rc;
};

/* Refills ds->out with the next converted chunk; false at the end or on failure (ds->rc). */
static bool refill(struct dec_src *ds)
{
    ds->out_len = ds->out_pos = 0;
    while (ds->out_len == 0 && !ds->eof && ds->rc == MN_OK) {
        size_t n = ds->next(ds->src, ds->raw, RAW_CHUNK);
        const char *p = ds->raw;
        if (!ds->started) {
            ds->started = true;
            size_t bom = 0;
            if (ds->enc == TEXT_ENC_AUTO)
                ds->enc = text_enc_detect((const unsigned char *)p, n, n == RAW_CHUNK, &bom);
            else
                bom = text_enc_bom(ds->enc, (const unsigned char *)p, n);
            p += bom;
            n -= bom;
            snprintf(ds->in->encoding_used, sizeof ds->in->encoding_used, "%s",
                     text_enc_name(ds->enc));
            if ((ds->d = text_dec_new(ds->enc)) == NULL) {
                ds->rc = MN_ERR_NOMEM;
                break;
            }
        }
        if (n == 0 && p == ds->raw)
            ds->eof = true;
        ds->rc = text_dec_feed(ds->d, p, n, ds->eof, &ds->out, &ds->out_len, &ds->out_cap);
    }
    return ds->out_len > 0;
}

static size_t next_decoded(void *src, char *buf, size_t cap)
{
    struct dec_src *ds = src;
    if (ds->out_pos == ds->out_len && !refill(ds))
        return 0;
    size_t n = ds->out_len - ds->out_pos < cap ? ds->out_len - ds->out_pos : cap;
    memcpy(buf, ds->out + ds->out_pos, n);
    ds->out_pos += n;
    return n;
}

enum mn_status csv_source_input(void *src, tab_row_fn row, void *arg, struct mn_error *err)
{
    struct tab_input *in = src;
    struct dec_src ds = {.in = in};
    if (!text_enc_parse(in->encoding, &ds.enc))
        return mn_fail(err, MN_ERR_INVALID, "encoding",
                       "must be auto, utf-8, gb18030 (gbk) or utf-16le");
    struct buf_cursor bc = {in->buf, 0};
    FILE *opened = NULL;
    if (in->buf != NULL) {
        ds.src = &bc;
        ds.next = next_buffer;
    } else {
        if (in->file == NULL && in->path != NULL && (opened = fopen(in->path, "rb")) == NULL)
            return mn_fail(err, MN_ERR_INVALID, "file", "cannot be opened");
        ds.src = opened != NULL ? opened : in->file;
        ds.next = next_file;
        if (ds.src == NULL)
            return mn_fail(err, MN_ERR_INVALID, "file", "is missing");
    }
    ds.raw = malloc(RAW_CHUNK);
    /* Excel's "Unicode text" separates with tabs: a first line with tabs and no comma does */
    char delim = ',';
    if (ds.raw != NULL && refill(&ds)) {
        const char *nl = memchr(ds.out, '\n', ds.out_len);
        size_t line = nl != NULL ? (size_t)(nl - ds.out) : ds.out_len;
        if (memchr(ds.out, '\t', line) != NULL && memchr(ds.out, ',', line) == NULL)
            delim = '\t';
    }
    snprintf(in->delimiter, sizeof in->delimiter, "%s", delim == '\t' ? "tab" : "comma");
    enum mn_status rc = ds.raw == NULL ? MN_ERR_NOMEM
                        : ds.rc != MN_OK ? ds.rc
                                         : parse(&ds, next_decoded, delim, row, arg, err);
    if (ds.rc != MN_OK && rc == MN_OK)
        rc = ds.rc;
    /* a source failure (out of memory) ends the stream early: it must not pass as a short file */
    if (ds.rc != MN_OK && rc == MN_ERR_INVALID)
        rc = ds.rc;
    in->invalid_bytes = ds.d != NULL ? text_dec_invalid(ds.d) : 0;
    text_dec_free(ds.d);
    free(ds.raw);
    free(ds.out);
    if (opened != NULL)
        fclose(opened);
    return rc;
}
