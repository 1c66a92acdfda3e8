/* SPDX-License-Identifier: MIT */
/* Uploads of import files in parts: POST /import-uploads {filename, size} declares one, PUT
 * /import-uploads/{id}?offset=N appends a part (the raw bytes are the body, at most
 * IMPORT_PART_MAX_BYTES, the route's body cap), GET /import-uploads/{id} says how much arrived.
 * A part at the wrong offset answers 409 with the upload's state, so a client resumes from
 * `received`. POST /imports?upload_id=ID imports a complete upload (h_followup_import.c). */
#include <errno.h>
#include <event2/buffer.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/handlers_followup.h"
#include "service/import_upload.h"

static json_t *upload_json(const struct fu_upload *u)
{
    json_t *o = encode_upload(u);
    json_object_set_new(o, "part_max_bytes", json_integer(IMPORT_PART_MAX_BYTES));
    return o;
}

/* The error of a part, with the upload's state beside it when it was read: a client that
 * sent a part at the wrong offset resumes from `received` without asking again. */
static void reply_part_error(struct req *r, enum mn_status rc, const struct mn_error *err,
                             const struct fu_upload *u)
{
    if ((rc != MN_ERR_CONFLICT && rc != MN_ERR_TOO_LARGE) || u->id == 0) {
        reply_status(r, rc, err);
        return;
    }
    const char *field = err->code == rc ? err->field : "";
    char message[240];
    snprintf(message, sizeof message, "%s%s%s", field, field[0] != '\0' ? " " : "",
             err->code == rc ? err->hint : "");
    json_t *e = json_pack("{s:s, s:s}", "code", rc == MN_ERR_CONFLICT ? "conflict" : "too_large",
                          "message", message);
    if (field[0] != '\0')
        json_object_set_new(e, "field", json_string(field));
    json_object_set_new(e, "received", json_integer(u->received));
    json_t *body = upload_json(u);
    json_object_set_new(body, "error", e);
    reply_json(r, rc == MN_ERR_CONFLICT ? 409 : 413, body);
}

void h_import_uploads_create(struct req *r)
{
    struct in { char filename[404]; int64_t size; } in = {.size = -1};
    static const struct js_field fields[] = {
        {"filename", JS_TEXT, offsetof(struct in, filename), sizeof in.filename, 1},
        {"size", JS_INT, offsetof(struct in, size), 0, 2},
    };
    struct mn_error err = {0};
    uint32_t set;
    enum mn_status rc = js_decode(r->body, fields, 2, &in, &set, &err);
    if (rc == MN_OK && !(set & 2))
        rc = mn_fail(&err, MN_ERR_INVALID, "size", "is required: the file's size in bytes");
    struct fu_upload u = {0};
    if (rc == MN_OK)
        rc = svc_upload_create(&r->ctx, in.filename, in.size, (int64_t)http_settings.upload_max,
                               http_settings.tmp_dir != NULL ? http_settings.tmp_dir : "/tmp",
                               &u, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 201, upload_json(&u));
}

void h_import_uploads_get(struct req *r)
{
    struct fu_upload u;
    enum mn_status rc = svc_upload_get(&r->ctx, r->ids[0], &u);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, upload_json(&u));
}

/* Moves the part from the request's buffer to the file (the buffer drains as it is written). */
static enum mn_status write_part(void *arg, int fd, int64_t len)
{
    struct evbuffer *in = arg;
    int64_t done = 0;
    while (evbuffer_get_length(in) > 0) {
        int n = evbuffer_write(in, fd);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return MN_ERR_INTERNAL;
        done += n;
    }
    return done == len ? MN_OK : MN_ERR_INTERNAL;
}

void h_import_uploads_append(struct req *r)
{
    int64_t offset;
    if (req_query_str(r, "offset") == NULL) {
        reply_error(r, ERR_INVALID, "offset", "offset is required: where this part starts");
        return;
    }
    if (!req_query_i64(r, "offset", 0, 0, INT64_MAX, &offset))
        return;
    struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
    struct fu_upload u = {0};
    struct mn_error err = {0};
    enum mn_status rc = svc_upload_append(&r->ctx, r->ids[0], offset,
                                          (int64_t)evbuffer_get_length(in), write_part, in, &u,
                                          &err);
    if (rc != MN_OK) {
        reply_part_error(r, rc, &err, &u);
        return;
    }
    reply_json(r, 200, upload_json(&u));
}
