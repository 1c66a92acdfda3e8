/* SPDX-License-Identifier: MIT */
/* Reply helpers, query parameters and the JSON body decoder shared by every handler. */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "http/metrics.h"

struct http_settings http_settings;

static const struct {
    const char *code;
    int status;
    const char *message;
} api_errors[] = {
#define X(name, code, status, msg) [name] = {code, status, msg},
#include "http/errors.def"
#undef X
};

void req_header(struct req *r, const char *name, const char *value)
{
    evhttp_add_header(evhttp_request_get_output_headers(r->ev), name, value);
}

static void send_reply(struct req *r, int status, struct evbuffer *buf)
{
    r->status = status;
    evhttp_send_reply(r->ev, status, NULL, buf);
}

static void free_text(const void *data, size_t len, void *extra)
{
    (void)len, (void)extra;
    free((void *)data);
}

void reply_json(struct req *r, int status, json_t *body)
{
    struct evbuffer *buf = evbuffer_new();
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (buf == NULL || text == NULL) {
        free(text);
        if (buf != NULL)
            evbuffer_free(buf);
        send_reply(r, 500, NULL);
        return;
    }
    evbuffer_add_reference(buf, text, strlen(text), free_text, NULL);
    req_header(r, "Content-Type", "application/json; charset=utf-8");
    send_reply(r, status, buf);
    evbuffer_free(buf);
}

void reply_empty(struct req *r, int status)
{
    send_reply(r, status, NULL);
}

void reply_error(struct req *r, enum api_error e, const char *field, const char *message)
{
    json_t *err = json_pack("{s:s, s:s}", "code", api_errors[e].code, "message",
                            message != NULL && *message != '\0' ? message : api_errors[e].message);
    if (field != NULL && *field != '\0')
        json_object_set_new(err, "field", json_string(field));
    if (e == ERR_INTERNAL)
        metrics_store_error();
    reply_json(r, api_errors[e].status, json_pack("{s:o}", "error", err));
}

void reply_status(struct req *r, enum mn_status rc, const struct mn_error *err)
{
    const char *field = err != NULL && err->code == rc ? err->field : NULL;
    const char *hint = err != NULL && err->code == rc ? err->hint : NULL;
    char message[240];
    if (field != NULL && *field != '\0' && hint != NULL && *hint != '\0') {
        snprintf(message, sizeof message, "%s %s", field, hint);
        hint = message;
    }
    switch (rc) {
    case MN_OK: reply_empty(r, 204); return;
    case MN_ERR_INVALID: reply_error(r, ERR_INVALID, field, hint); return;
    case MN_ERR_NOT_FOUND: reply_error(r, ERR_NOT_FOUND, NULL, NULL); return;
    case MN_ERR_CONFLICT: reply_error(r, ERR_CONFLICT, field, hint); return;
    case MN_ERR_FORBIDDEN: reply_error(r, ERR_FORBIDDEN, NULL, hint); return;
    case MN_ERR_UNAUTHORIZED: reply_error(r, ERR_UNAUTHORIZED, NULL, hint); return;
    case MN_ERR_THROTTLED: reply_error(r, ERR_THROTTLED, NULL, hint); return;
    case MN_ERR_TOO_LARGE: reply_error(r, ERR_TOO_LARGE, field, hint); return;
    case MN_ERR_RETRY: reply_error(r, ERR_UNAVAILABLE, NULL, NULL); return;
    case MN_ERR_DB:
    case MN_ERR_NOMEM:
    case MN_ERR_INTERNAL: break;
    }
    fprintf(stderr, "manyi: %s %s failed: %s (tenant %lld): %s\n",
            evhttp_request_get_command(r->ev) == EVHTTP_REQ_GET ? "GET" : "write",
            evhttp_request_get_uri(r->ev), mn_status_name(rc), (long long)r->ctx.who.tenant_id,
            r->ctx.db != NULL ? r->ctx.db->errmsg : "");
    reply_error(r, ERR_INTERNAL, NULL, NULL);
}

void reply_list(struct req *r, json_t *items, int64_t last_id, bool full_page)
{
    json_t *next = full_page && last_id != 0 ? json_integer(last_id) : json_null();
    reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_after", next));
}

const char *req_query_str(struct req *r, const char *name)
{
    return evhttp_find_header(&r->query, name);
}

bool req_query_i64(struct req *r, const char *name, int64_t def, int64_t min, int64_t max,
                   int64_t *out)
{
    const char *s = req_query_str(r, name);
    if (s == NULL || *s == '\0') {
        *out = def;
        return true;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) {
        char msg[120];
        snprintf(msg, sizeof msg, "%s must be an integer from %lld to %lld", name,
                 (long long)min, (long long)max);
        reply_error(r, ERR_INVALID, name, msg);
        return false;
    }
    *out = v;
    return true;
}

bool req_list_query(struct req *r, struct list_query *q)
{
    int64_t limit, after, store_id, dept_id;
    if (!req_query_i64(r, "limit", 50, 1, 200, &limit) ||
        !req_query_i64(r, "after", 0, 0, INT64_MAX, &after) ||
        !req_query_i64(r, "store_id", 0, 0, INT64_MAX, &store_id) ||
        !req_query_i64(r, "department_id", 0, 0, INT64_MAX, &dept_id))
        return false;
    const char *needle = req_query_str(r, "q");
    if (needle != NULL && strlen(needle) > 100) {
        reply_error(r, ERR_INVALID, "q", "q must be at most 100 bytes");
        return false;
    }
    q->limit = (int)limit;
    q->after = after;
    q->store_id = store_id;
    q->department_id = dept_id;
    q->q = needle;
    return true;
}

const char *req_peer(const struct req *r)
{
    const char *addr = NULL;
    ev_uint16_t port;
    evhttp_connection_get_peer(evhttp_request_get_connection(r->ev), (char **)&addr, &port);
    return addr != NULL ? addr : "";
}

const char *req_cookie(struct req *r, const char *name, char *buf, size_t cap)
{
    const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->ev), "Cookie");
    size_t nlen = strlen(name);
    while (h != NULL && *h != '\0') {
        while (*h == ' ' || *h == ';')
            h++;
        const char *end = strchr(h, ';');
        size_t len = end != NULL ? (size_t)(end - h) : strlen(h);
        if (len > nlen && strncmp(h, name, nlen) == 0 && h[nlen] == '=') {
            size_t vlen = len - nlen - 1;
            if (vlen + 1 > cap)
                return NULL;
            memcpy(buf, h + nlen + 1, vlen);
            buf[vlen] = '\0';
            return buf;
        }
        h = end;
    }
    return NULL;
}

static const struct js_field *find_field(const struct js_field *f, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, key) == 0)
            return &f[i];
    return NULL;
}

enum mn_status js_decode(const json_t *obj, const struct js_field *fields, size_t n, void *base,
                         uint32_t *set, struct mn_error *err)
{
    const char *key;
    json_t *v;
    char *b = base;
    *set = 0;
    json_object_foreach((json_t *)obj, key, v) {
        const struct js_field *f = find_field(fields, n, key);
        if (f == NULL)
            return mn_fail(err, MN_ERR_INVALID, key, "is not a known field");
        switch (f->kind) {
        case JS_TEXT: {
            if (!json_is_string(v))
                return mn_fail(err, MN_ERR_INVALID, key, "must be a string");
            size_t len = json_string_length(v);
            if (len >= f->cap)
                return mn_fail(err, MN_ERR_INVALID, key, "is too long");
            memcpy(b + f->offset, json_string_value(v), len + 1);
            break;
        }
        case JS_INT:
            if (!json_is_integer(v))
                return mn_fail(err, MN_ERR_INVALID, key, "must be an integer");
            *(int64_t *)(void *)(b + f->offset) = json_integer_value(v);
            break;
        case JS_ID:
            if (json_is_null(v)) {
                *(int64_t *)(void *)(b + f->offset) = 0;
                break;
            }
            if (!json_is_integer(v) || json_integer_value(v) <= 0)
                return mn_fail(err, MN_ERR_INVALID, key, "must be a positive integer id or null");
            *(int64_t *)(void *)(b + f->offset) = json_integer_value(v);
            break;
        case JS_BOOL:
            if (!json_is_boolean(v))
                return mn_fail(err, MN_ERR_INVALID, key, "must be true or false");
            *(int *)(void *)(b + f->offset) = json_is_true(v);
            break;
        }
        *set |= f->bit;
    }
    return MN_OK;
}
