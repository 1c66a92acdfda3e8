/* SPDX-License-Identifier: MIT */
/* The HTTP layer's shared types: a request in flight, the route table, reply helpers.
 * Handlers are thin: parse → one service call → encode; they never compute a metric. */
#ifndef MANYI_HTTP_H
#define MANYI_HTTP_H

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "service/service.h"

enum api_error {
#define X(name, code, status, msg) name,
#include "http/errors.def"
#undef X
};

struct worker;
struct req;

typedef void (*handler_fn)(struct req *r);

enum route_flags {
    R_PUBLIC = 0,
    R_AUTH = 1 << 0,    /* a session or an API token is required */
    R_BODY = 1 << 1,    /* a JSON object body is expected */
    R_SESSION = 1 << 2, /* a session (not an API token) is required */
    R_UPLOAD = 1 << 3,  /* a raw file upload, capped by http_settings.upload_body_max, not max_body */
};

struct route {
    const char *method;  /* "GET", "POST", "PATCH", "DELETE" */
    const char *pattern; /* "/api/v1/stores/{id}" */
    handler_fn fn;
    unsigned flags;
    size_t max_body; /* bytes; 0 = the default cap */
};

extern const struct route routes[];
extern const size_t n_routes;

enum { REQ_MAX_IDS = 2, REQ_KEY_MAX = 80 };

struct req {
    struct evhttp_request *ev;
    struct worker *w;
    const struct route *route;
    int route_index; /* into routes[], or -1 */
    int64_t ids[REQ_MAX_IDS];
    char key[REQ_KEY_MAX]; /* a "{token}"/"{key}" segment: 1–79 of [A-Za-z0-9_-] */
    struct evkeyvalq query;
    json_t *body; /* borrowed by handlers; freed after the reply */
    struct svc_ctx ctx;
    char csrf[48]; /* the session's CSRF token ("" for API tokens) */
    int status; /* the reply's status, for the access log and metrics */
};

/* Replies (each sends exactly one response). reply_json steals body. */
void reply_json(struct req *r, int status, json_t *body);
void reply_empty(struct req *r, int status);
void reply_error(struct req *r, enum api_error e, const char *field, const char *message);
/* Maps a service status (with its field and hint) to the API error. */
void reply_status(struct req *r, enum mn_status rc, const struct mn_error *err);
/* {"items":[…],"next_after":id|null}; steals items. */
void reply_list(struct req *r, json_t *items, int64_t last_id, bool full_page);

/* Query parameters. Return false after replying 400 when the value is malformed. */
bool req_query_i64(struct req *r, const char *name, int64_t def, int64_t min, int64_t max,
                   int64_t *out);
const char *req_query_str(struct req *r, const char *name);
bool req_list_query(struct req *r, struct list_query *q);

/* The client's address (the socket peer). */
const char *req_peer(const struct req *r);
/* Adds a response header. */
void req_header(struct req *r, const char *name, const char *value);
/* The session cookie's value, or NULL. Copies into buf. */
const char *req_cookie(struct req *r, const char *name, char *buf, size_t cap);

/* JSON body decoding by a field table: type checks, unknown fields rejected, bounded copies.
 * Strings go to char arrays of cap bytes at offset; ints/bools to int64_t/int at offset. */
enum js_kind { JS_TEXT, JS_INT, JS_BOOL, JS_ID };
struct js_field {
    const char *name;
    enum js_kind kind;
    size_t offset;
    size_t cap; /* JS_TEXT: the array's size */
    uint32_t bit;
};
enum mn_status js_decode(const json_t *obj, const struct js_field *fields, size_t n, void *base,
                         uint32_t *set, struct mn_error *err);

/* Server-wide settings the handlers read. */
struct http_settings {
    bool cookie_secure;
    const char *db_engine_name;
    const char *db_url; /* for threads that open their own connection (the response writer) */
    size_t upload_max;   /* bytes of an import file (MANYI_IMPORT_MAX_MB, default 512 MiB) */
    size_t upload_body_max; /* bytes of one R_UPLOAD body (MANYI_IMPORT_BODY_MAX_MB, default
                             * 64 MiB, at most upload_max): larger files go in parts */
    const char *tmp_dir; /* where uploads are spooled (MANYI_TMPDIR, else TMPDIR, else /tmp) */
    int io_timeout;      /* seconds a connection may stay silent (MANYI_HTTP_TIMEOUT, 30) */
};
extern struct http_settings http_settings;

#endif
