/* SPDX-License-Identifier: MIT */
/* Imports of customers and events: the file is the raw request body (CSV or .xlsx, up to
 * MANYI_IMPORT_MAX_MB), options in the query (?format=csv|xlsx&filename=&dry_run=1&mapping={json}
 * &encoding=auto|utf-8|gb18030|utf-16le&sheet=NAME); with inspect=1 only the header row is read
 * and returned with the worksheets and the saved mapping (the web page's mapping editor); the
 * error report downloads as CSV; the saved column mapping reads and writes as JSON.
 * Or the file is an upload sent in parts (h_import_upload.c), named by ?upload_id=: inspect and
 * dry runs read it in the request, an import runs in the background (202, then poll GET
 * /imports/{id} for status, bytes_done and the counts).
 *
 * The body is moved to an unlinked temporary file (O_TMPFILE in MANYI_TMPDIR) before the import
 * reads it, so the parse streams from disk and the memory evhttp held for the body is released
 * as it is written; libevent 2.1 offers no hook to spool a request body while it arrives. */
#include <errno.h>
#include <event2/buffer.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/handlers_followup.h"
#include "io/csv_reader.h"
#include "io/text_encoding.h"
#include "service/followup.h"
#include "service/import_upload.h"

/* The body as an unlinked temporary file, read from its start; NULL (errno set) on failure. */
static FILE *spool_body(struct evbuffer *in)
{
    const char *dir = http_settings.tmp_dir != NULL ? http_settings.tmp_dir : "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) { /* a file system without O_TMPFILE */
        char path[4096];
        snprintf(path, sizeof path, "%s/manyi-upload-XXXXXX", dir);
        fd = mkostemp(path, O_CLOEXEC);
        if (fd >= 0)
            unlink(path);
    }
    if (fd < 0)
        return NULL;
    while (evbuffer_get_length(in) > 0) {
        int n = evbuffer_write(in, fd); /* drains what it wrote: the memory goes as the file grows */
        if (n < 0 && errno != EINTR) {
            int e = errno;
            close(fd);
            errno = e;
            return NULL;
        }
    }
    FILE *f = lseek(fd, 0, SEEK_SET) == 0 ? fdopen(fd, "rb") : NULL;
    if (f == NULL)
        close(fd);
    return f;
}

/* The header row of a file, for inspect=1: copied (trimmed as the import trims it), then the
 * reader is stopped with a status no reader returns by itself. */
#define HEADER_TAKEN MN_ERR_CONFLICT

static enum mn_status take_header(void *arg, char **fields, size_t n)
{
    json_t *headers = arg;
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i];
        size_t len = strlen(s);
        while (*s == ' ' || *s == '\t')
            s++, len--;
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
            len--;
        json_t *v = json_stringn(s, len);
        json_array_append_new(headers, v != NULL ? v : json_string(""));
    }
    return HEADER_TAKEN;
}

static void inspect(struct req *r, struct tab_input *in, bool xlsx)
{
    json_t *out = NULL;
    enum mn_status rc = svc_import_mapping_get(&r->ctx, &out); /* also: may this caller import */
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *headers = json_array();
    struct mn_error err = {0};
    rc = (xlsx ? xlsx_source_input : csv_source_input)(in, take_header, headers, &err);
    if (rc != MN_OK && rc != HEADER_TAKEN) {
        json_decref(headers);
        json_decref(out);
        reply_status(r, rc, &err);
        return;
    }
    json_object_set_new(out, "headers", headers);
    if (xlsx) {
        json_t *sheets = json_array();
        for (size_t i = 0; i < in->n_sheets; i++)
            json_array_append_new(sheets, json_string(in->sheets[i]));
        json_object_set_new(out, "sheets", sheets);
        json_object_set_new(out, "sheet", in->sheet_used[0] ? json_string(in->sheet_used)
                                                            : json_null());
    } else {
        json_object_set_new(out, "encoding", json_string(in->encoding_used));
    }
    reply_json(r, 200, out);
}

void h_imports_create(struct req *r)
{
    struct import_opts o = {.format = req_query_str(r, "format"),
                            .filename = req_query_str(r, "filename"),
                            .mapping = req_query_str(r, "mapping")};
    int64_t dry, insp, upload_id;
    if (!req_query_i64(r, "dry_run", 0, 0, 1, &dry) || !req_query_i64(r, "inspect", 0, 0, 1, &insp) ||
        !req_query_i64(r, "upload_id", 0, 1, INT64_MAX, &upload_id))
        return;
    o.dry_run = dry == 1;
    if (o.format == NULL || *o.format == '\0')
        o.format = "csv";
    struct evbuffer *body = evhttp_request_get_input_buffer(r->ev);
    if (upload_id > 0 && evbuffer_get_length(body) > 0) {
        reply_error(r, ERR_INVALID, "upload_id", "send the file either as the body or as an"
                                                 " upload (upload_id), not both");
        return;
    }
    struct tab_input *in = calloc(1, sizeof *in);
    if (in == NULL) {
        reply_status(r, MN_ERR_NOMEM, NULL);
        return;
    }
    in->encoding = req_query_str(r, "encoding");
    in->sheet = req_query_str(r, "sheet");
    enum text_enc enc;
    if (!text_enc_parse(in->encoding, &enc)) {
        free(in);
        reply_error(r, ERR_INVALID, "encoding", "must be auto, utf-8, gb18030 (gbk) or utf-16le");
        return;
    }
    if (in->sheet != NULL && strlen(in->sheet) >= TAB_SHEET_NAME) {
        free(in);
        reply_error(r, ERR_INVALID, "sheet", "a worksheet name has at most 95 bytes");
        return;
    }
    bool xlsx = strcmp(o.format, "xlsx") == 0;
    struct mn_error err = {0};
    enum mn_status rc;
    struct import_run x = {0};
    struct fu_upload up; /* its filename may be the import's */
    if (upload_id > 0 && !o.dry_run && insp == 0) {
        /* a complete upload, imported in the background: 202 with the record to poll */
        struct import_bg_input bg = {.o = o, .upload_id = upload_id, .encoding = in->encoding,
                                     .sheet = in->sheet, .db_url = http_settings.db_url};
        if (bg.o.filename == NULL)
            bg.o.filename = "";
        free(in);
        struct fu_import im;
        rc = svc_import_start(&r->ctx, &bg, &im, &err);
        if (rc != MN_OK) {
            reply_status(r, rc, &err);
            return;
        }
        reply_json(r, 202, encode_import(&im));
        return;
    }
    if (upload_id > 0) {
        /* inspect and dry runs of an upload stay in the request: they read little or fast */
        rc = svc_upload_open(&r->ctx, upload_id, &in->file, &up, &err);
        if (rc != MN_OK) {
            free(in);
            reply_status(r, rc, &err);
            return;
        }
        if (o.filename == NULL)
            o.filename = up.filename;
        x.upload_id = upload_id;
        x.bytes_total = up.size;
        if (insp == 0)
            goto run;
        inspect(r, in, xlsx);
        fclose(in->file);
        free(in);
        return;
    }
    in->file = spool_body(body);
    if (in->file == NULL) {
        fprintf(stderr, "manyi: cannot spool an upload to %s: %s\n", http_settings.tmp_dir,
                strerror(errno));
        free(in);
        reply_error(r, ERR_UNAVAILABLE, NULL, "the upload could not be stored; try again");
        return;
    }
    if (insp == 1) {
        inspect(r, in, xlsx);
        fclose(in->file);
        free(in);
        return;
    }
    {
        struct stat st;
        x.bytes_total = fstat(fileno(in->file), &st) == 0 ? (int64_t)st.st_size : 0;
    }
run:
    if (o.filename == NULL)
        o.filename = "";
    x.progress = in->file;
    json_t *out = NULL;
    rc = svc_import_run_x(&r->ctx, &o, &x, xlsx ? xlsx_source_input : csv_source_input, in,
                          &out, &err);
    fclose(in->file);
    if (rc != MN_OK) {
        free(in);
        reply_status(r, rc, &err);
        return;
    }
    if (xlsx) {
        json_t *sheets = json_array();
        for (size_t i = 0; i < in->n_sheets; i++)
            json_array_append_new(sheets, json_string(in->sheets[i]));
        json_object_set_new(out, "sheets", sheets);
        json_object_set_new(out, "sheet", in->sheet_used[0] ? json_string(in->sheet_used)
                                                            : json_null());
    } else {
        json_object_set_new(out, "encoding", json_string(in->encoding_used));
        json_object_set_new(out, "invalid_bytes", json_integer((json_int_t)in->invalid_bytes));
    }
    free(in);
    reply_json(r, o.dry_run ? 200 : 201, out);
}

void h_imports_get(struct req *r)
{
    struct fu_import im;
    enum mn_status rc = svc_import_get(&r->ctx, r->ids[0], &im);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_import(&im));
}

void h_imports_list(struct req *r)
{
    struct list_query q = {0};
    struct fu_import *items = NULL;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_import_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_import(&items[i]));
    /* the page may have been filtered to the caller's own imports: page on the last row read */
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, false);
    free(items);
}

void h_imports_errors(struct req *r)
{
    const char *format = req_query_str(r, "format");
    if (format != NULL && strcmp(format, "json") == 0) { /* the first `limit` as JSON */
        int64_t limit;
        if (!req_query_i64(r, "limit", 200, 1, 1000, &limit))
            return;
        json_t *out = NULL;
        enum mn_status rc = svc_import_errors_list(&r->ctx, r->ids[0], (int)limit, &out);
        if (rc != MN_OK) {
            reply_status(r, rc, NULL);
            return;
        }
        reply_json(r, 200, out);
        return;
    }
    if (format != NULL && *format != '\0' && strcmp(format, "csv") != 0) {
        reply_error(r, ERR_INVALID, "format", "must be csv (the report) or json (the first rows)");
        return;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        reply_status(r, MN_ERR_NOMEM, NULL);
        return;
    }
    enum mn_status rc = svc_import_errors_csv(&r->ctx, r->ids[0], f);
    fclose(f);
    if (rc != MN_OK) {
        free(text);
        reply_status(r, rc, NULL);
        return;
    }
    struct evbuffer *b = evbuffer_new();
    evbuffer_add(b, text, len);
    free(text);
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"import-%lld-errors.csv\"",
             (long long)r->ids[0]);
    req_header(r, "Content-Type", "text/csv; charset=utf-8");
    req_header(r, "Content-Disposition", disp);
    r->status = 200;
    evhttp_send_reply(r->ev, 200, NULL, b);
    evbuffer_free(b);
}

void h_import_mapping_get(struct req *r)
{
    json_t *o = NULL;
    enum mn_status rc = svc_import_mapping_get(&r->ctx, &o);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, o);
}

void h_import_mapping_update(struct req *r)
{
    json_t *o = NULL;
    struct mn_error err = {0};
    json_t *mapping = json_object_get(r->body, "mapping");
    enum mn_status rc = MN_OK;
    if (json_object_size(r->body) != 1 || !json_is_object(mapping))
        rc = mn_fail(&err, MN_ERR_INVALID, "mapping", "send {\"mapping\": {field: column}}");
    if (rc == MN_OK)
        rc = svc_import_mapping_set(&r->ctx, mapping, &o, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 200, o);
}
