/* SPDX-License-Identifier: MIT */
/* Imports of customers and events: the file is the raw request body (CSV or .xlsx, up to the
 * route's cap), options in the query (?format=csv|xlsx&filename=&dry_run=1&mapping={json}); the
 * error report downloads as CSV; the saved column mapping reads and writes as JSON. */
#include <event2/buffer.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers_followup.h"
#include "io/csv_reader.h"
#include "service/followup.h"

void h_imports_create(struct req *r)
{
    struct import_opts o = {.format = req_query_str(r, "format"),
                            .filename = req_query_str(r, "filename"),
                            .mapping = req_query_str(r, "mapping")};
    int64_t dry;
    if (!req_query_i64(r, "dry_run", 0, 0, 1, &dry))
        return;
    o.dry_run = dry == 1;
    if (o.format == NULL || *o.format == '\0')
        o.format = "csv";
    if (o.filename == NULL)
        o.filename = "";
    struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
    size_t len = evbuffer_get_length(in);
    struct tab_buffer buf = {(const char *)evbuffer_pullup(in, -1), len};
    if (buf.data == NULL)
        buf.data = "";
    import_source_fn source = strcmp(o.format, "xlsx") == 0 ? xlsx_source_buffer
                                                             : csv_source_buffer;
    json_t *out = NULL;
    struct mn_error err = {0};
    enum mn_status rc = svc_import_run(&r->ctx, &o, source, &buf, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
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
