/* SPDX-License-Identifier: MIT */
/* The public survey endpoints (no login): a personal link's survey, partial answers, opt-out
 * and submission; an anonymous link's or QR code's survey and submission. The tenant comes
 * from the token or key, never from the body. Submissions are validated here (in core via the
 * service) and handed to the group-commit writer; the reply is sent from this worker's event
 * loop once the batch holding the response is durable. */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers_survey.h"
#include "http/ratelimit.h"
#include "service/survey.h"
#include "store/survey.h"

static void reply_public_error(struct req *r, int status, const char *code, const char *field,
                               const char *message)
{
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (field != NULL && *field != '\0')
        json_object_set_new(e, "field", json_string(field));
    reply_json(r, status, json_pack("{s:o}", "error", e));
}

/* An expired or used link is a page for a person, so the reason is a stable code. */
static void reply_why(struct req *r, const char *why)
{
    if (strcmp(why, "expired") == 0)
        reply_public_error(r, 410, "expired", "token", "this survey link has expired");
    else if (strcmp(why, "revoked") == 0)
        reply_error(r, ERR_REVOKED, "token", "this survey link is no longer valid");
    else
        reply_public_error(r, 409, "already_answered", "token",
                           "this survey link was already answered");
}

static bool throttled(struct req *r, const char *scope)
{
    char key[140];
    snprintf(key, sizeof key, "ip:%s", req_peer(r));
    if (!ratelimit_allow(key, ratelimit_ip_rate(), 60)) {
        reply_error(r, ERR_THROTTLED, NULL, "too many survey requests from your address");
        return true;
    }
    if (scope != NULL) {
        snprintf(key, sizeof key, "link:%s", scope);
        if (!ratelimit_allow(key, ratelimit_link_rate(), 300)) {
            reply_error(r, ERR_THROTTLED, NULL, "too many responses through this code");
            return true;
        }
    }
    return false;
}

/* the store this server serves (manyi serve --db or MANYI_DB), set at start-up */
static const char *db_url(void)
{
    return http_settings.db_url;
}

/* --- personal links -------------------------------------------------------------------------- */

void h_public_invitation_get(struct req *r)
{
    json_t *out = NULL;
    const char *why = NULL;
    if (throttled(r, NULL))
        return;
    enum mn_status rc = svc_public_invitation(r->ctx.db, r->key, &out, &why);
    if (rc == MN_ERR_CONFLICT && why != NULL) {
        reply_why(r, why);
        return;
    }
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, out);
}

static bool answers_only(struct req *r, bool allow_client)
{
    const char *key;
    json_t *v;
    json_object_foreach(r->body, key, v) {
        if (strcmp(key, "answers") != 0 &&
            !(allow_client && strcmp(key, "client_id") == 0)) {
            reply_error(r, ERR_INVALID, key, "is not a known field");
            return false;
        }
    }
    return true;
}

void h_public_invitation_partial(struct req *r)
{
    struct mn_error err = {0};
    const char *why = NULL;
    if (throttled(r, NULL) || !answers_only(r, false))
        return;
    enum mn_status rc = svc_public_partial(r->ctx.db, r->key, json_object_get(r->body, "answers"),
                                           &err, &why);
    if (rc == MN_ERR_CONFLICT && why != NULL)
        reply_why(r, why);
    else
        reply_status(r, rc, &err);
}

void h_public_invitation_optout(struct req *r)
{
    if (throttled(r, NULL))
        return;
    reply_status(r, svc_public_optout(r->ctx.db, r->key), NULL);
}

/* --- deferred replies from the writer -------------------------------------------------------- */

struct pending {
    struct evhttp_request *ev;
    struct event_base *base;
    int status;
    char *body;
    struct pending *next;
};

static void deliver_one(struct pending *p)
{
    struct evbuffer *buf = evbuffer_new();
    evhttp_add_header(evhttp_request_get_output_headers(p->ev), "Content-Type",
                      "application/json; charset=utf-8");
    if (buf != NULL && p->body != NULL)
        evbuffer_add(buf, p->body, strlen(p->body));
    evhttp_send_reply(p->ev, p->status, NULL, buf);
    if (buf != NULL)
        evbuffer_free(buf);
    free(p->body);
    free(p);
}

/* Runs on the request's own loop: sends every reply of one batch that belongs to this loop. */
static void deliver(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    for (struct pending *p = arg, *next; p != NULL; p = next) {
        next = p->next;
        deliver_one(p);
    }
}

/* Replies of the current batch, grouped by event loop; touched only by the writer thread. */
enum { MAX_LOOPS = 64 };
static struct {
    struct event_base *base;
    struct pending *head;
} ready[MAX_LOOPS];
static size_t n_ready;

static void flush_ready(void)
{
    const struct timeval now = {0, 0};
    for (size_t i = 0; i < n_ready; i++) {
        if (event_base_once(ready[i].base, -1, EV_TIMEOUT, deliver, ready[i].head, &now) != 0) {
            for (struct pending *p = ready[i].head, *next; p != NULL; p = next) {
                next = p->next; /* the loop is gone (shutting down) */
                free(p->body);
                free(p);
            }
        }
        ready[i].head = NULL;
    }
    n_ready = 0;
}

static void queue_reply(struct pending *p)
{
    size_t i = 0;
    while (i < n_ready && ready[i].base != p->base)
        i++;
    if (i == n_ready) {
        if (n_ready == MAX_LOOPS)
            flush_ready();
        i = n_ready++;
        ready[i].base = p->base;
        ready[i].head = NULL;
    }
    p->next = ready[i].head;
    ready[i].head = p;
}

static char *error_body(const char *code, const char *field, const char *message)
{
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (field != NULL && *field != '\0')
        json_object_set_new(e, "field", json_string(field));
    json_t *o = json_pack("{s:o}", "error", e);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

/* Runs on the writer thread: prepares the reply and hands it to the request's own loop. */
static void on_written(void *arg, enum mn_status rc, const struct response_rec *rec,
                       const struct mn_error *err)
{
    struct pending *p = arg;
    if (rc == MN_OK) {
        const struct survey_compiled *c =
            survey_cache_get(rec->m.tenant_id, rec->m.survey_id, rec->m.version);
        p->status = 201;
        if (c != NULL && asprintf(&p->body, "{\"id\":%lld,%s", (long long)rec->id,
                                  c->thanks_tail) < 0)
            p->body = NULL;
        else if (c == NULL && asprintf(&p->body, "{\"id\":%lld}", (long long)rec->id) < 0)
            p->body = NULL;
    } else if (rc == MN_ERR_CONFLICT) {
        p->status = 409;
        p->body = error_body(rec->m.invitation_id ? "already_answered" : "duplicate",
                             err != NULL ? err->field : NULL,
                             rec->m.invitation_id ? "this survey link was already answered"
                                                  : "this response was already received");
    } else {
        p->status = 503;
        p->body = error_body("unavailable", NULL, "busy; try again");
    }
    queue_reply(p);
}

static pthread_once_t flush_once = PTHREAD_ONCE_INIT;

static void install_flush(void)
{
    writer_set_flush(flush_ready);
}

static void hand_to_writer(struct req *r, struct response_rec *rec)
{
    struct pending *p = calloc(1, sizeof *p);
    if (p == NULL) {
        response_rec_release(rec);
        reply_status(r, MN_ERR_NOMEM, NULL);
        return;
    }
    p->ev = r->ev;
    p->base = evhttp_connection_get_base(evhttp_request_get_connection(r->ev));
    pthread_once(&flush_once, install_flush); /* before the writer thread starts */
    enum mn_status rc = writer_submit(db_url(), rec, on_written, p);
    if (rc != MN_OK) {
        free(p);
        response_rec_release(rec);
        reply_status(r, rc, NULL);
        return;
    }
    r->status = 201; /* for the access log; the reply itself follows from the writer */
}

void h_public_invitation_submit(struct req *r)
{
    struct mn_error err = {0};
    struct response_rec rec;
    const char *why = NULL;
    if (throttled(r, NULL) || !answers_only(r, false))
        return;
    enum mn_status rc = svc_public_prepare_invitation(r->ctx.db, r->key,
                                                      json_object_get(r->body, "answers"), &rec,
                                                      &err, &why);
    if (rc == MN_ERR_CONFLICT && why != NULL) {
        reply_why(r, why);
        return;
    }
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    hand_to_writer(r, &rec);
}

/* --- anonymous links and QR codes ------------------------------------------------------------ */

void h_public_link_get(struct req *r)
{
    json_t *out = NULL;
    if (throttled(r, NULL))
        return;
    enum mn_status rc = svc_public_link(r->ctx.db, r->key, &out);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, out);
}

void h_public_link_submit(struct req *r)
{
    struct mn_error err = {0};
    struct response_rec rec;
    if (throttled(r, r->key) || !answers_only(r, true))
        return;
    const json_t *cid = json_object_get(r->body, "client_id");
    if (cid != NULL && (!json_is_string(cid) || json_string_length(cid) > 64)) {
        reply_error(r, ERR_INVALID, "client_id", "must be a string of at most 64 characters");
        return;
    }
    char client[140];
    snprintf(client, sizeof client, "%s", cid != NULL ? json_string_value(cid) : req_peer(r));
    enum mn_status rc = svc_public_prepare_link(r->ctx.db, r->key,
                                                json_object_get(r->body, "answers"), client,
                                                &rec, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    hand_to_writer(r, &rec);
}
