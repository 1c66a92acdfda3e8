/* SPDX-License-Identifier: MIT */
/* Worker threads, listening sockets and the request pipeline: route → authenticate → CSRF →
 * body → handler, with security headers, the access log and metrics around every request.
 * Why one loop per thread: evhttp is single-threaded; several loops on SO_REUSEPORT sockets
 * scale across cores without locks (ARCHITECTURE.md, "Stack"). */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/timefmt.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static.h"
#include "jobs/jobs.h"
#include "service/import_bg.h"
#include "service/survey.h"

enum {
    DEFAULT_MAX_BODY = 1 << 20,     /* 1 MiB per request unless a route says otherwise */
    UPLOAD_MAX_MB = 512,            /* an import file, MANYI_IMPORT_MAX_MB */
    UPLOAD_BODY_MAX_MB = 64,        /* one R_UPLOAD body, MANYI_IMPORT_BODY_MAX_MB */
    IO_TIMEOUT_SECONDS = 30,        /* MANYI_HTTP_TIMEOUT */
    UPLOAD_TIMEOUT_SECONDS = 3600,  /* R_UPLOAD requests: reading the file and importing it */
};

struct worker {
    pthread_t thread;
    struct event_base *base;
    struct evhttp *http;
    struct db *db;
    int fd;
    const struct server_config *cfg;
};

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

static void security_headers(struct evhttp_request *ev, bool api)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(ev);
    evhttp_add_header(h, "Content-Security-Policy", CSP);
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(h, "X-Frame-Options", "DENY");
    evhttp_add_header(h, "Referrer-Policy", "same-origin");
    evhttp_add_header(h, "Cross-Origin-Opener-Policy", "same-origin");
    if (api)
        evhttp_add_header(h, "Cache-Control", "no-store");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *method_name(enum evhttp_cmd_type c)
{
    switch (c) {
    case EVHTTP_REQ_GET: return "GET";
    case EVHTTP_REQ_POST: return "POST";
    case EVHTTP_REQ_HEAD: return "HEAD";
    case EVHTTP_REQ_PUT: return "PUT";
    case EVHTTP_REQ_DELETE: return "DELETE";
    case EVHTTP_REQ_OPTIONS: return "OPTIONS";
    case EVHTTP_REQ_TRACE: return "TRACE";
    case EVHTTP_REQ_CONNECT: return "CONNECT";
    case EVHTTP_REQ_PATCH: return "PATCH";
    }
    return "OTHER";
}

static void access_log(const struct req *r, const char *method, const char *path, double secs)
{
    char at[32];
    time_rfc3339((int64_t)time(NULL), at);
    fprintf(stderr, "%s %s %s %s %d %.1fms t=%lld u=%lld\n", at, req_peer(r), method, path,
            r->status, secs * 1000.0, (long long)r->ctx.who.tenant_id,
            (long long)r->ctx.who.user_id);
}

/* Authenticates from the Bearer header or the session cookie. Replies and returns false when
 * the route needs credentials and there are none, or when a cookie write lacks its CSRF token. */
static bool authenticate(struct req *r, const char *method)
{
    struct evkeyvalq *in = evhttp_request_get_input_headers(r->ev);
    const char *authz = evhttp_find_header(in, "Authorization");
    enum mn_status rc = MN_ERR_UNAUTHORIZED;
    if (authz != NULL && strncasecmp(authz, "Bearer ", 7) == 0) {
        rc = svc_auth_bearer(r->ctx.db, authz + 7, &r->ctx);
        if (rc == MN_OK && (r->route->flags & R_SESSION)) {
            reply_error(r, ERR_FORBIDDEN, NULL, "this needs a logged-in user, not an API token");
            return false;
        }
    } else {
        char token[80];
        const char *csrf = r->csrf;
        if (req_cookie(r, "manyi_session", token, sizeof token) != NULL)
            rc = svc_auth_session(r->ctx.db, token, &r->ctx, r->csrf);
        if (rc == MN_OK && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
            const char *sent = evhttp_find_header(in, "X-CSRF-Token");
            if (sent == NULL || strlen(sent) != strlen(csrf) ||
                sodium_memcmp(sent, csrf, strlen(csrf)) != 0) {
                reply_error(r, ERR_CSRF, NULL, NULL);
                return false;
            }
        }
    }
    if (rc == MN_OK)
        return true;
    if (rc == MN_ERR_UNAUTHORIZED)
        reply_error(r, ERR_UNAUTHORIZED, NULL, NULL);
    else
        reply_status(r, rc, NULL);
    return false;
}

static bool is_json_type(const char *ct)
{
    if (ct == NULL)
        return false;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

/* Parses the body as one JSON object into r->body. Replies and returns false on bad input. */
static bool read_body(struct req *r)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
    size_t len = evbuffer_get_length(in);
    size_t cap = (r->route->flags & R_UPLOAD) ? http_settings.upload_body_max
                 : r->route->max_body != 0     ? r->route->max_body
                                               : DEFAULT_MAX_BODY;
    if (len > cap) {
        if ((r->route->flags & R_UPLOAD) && http_settings.upload_body_max < http_settings.upload_max) {
            char msg[128];
            snprintf(msg, sizeof msg, "a file over %zu MiB goes in parts: POST /api/v1/import-uploads",
                     http_settings.upload_body_max >> 20);
            reply_error(r, ERR_TOO_LARGE, "body", msg);
        } else {
            reply_error(r, ERR_TOO_LARGE, NULL, NULL);
        }
        return false;
    }
    if (!(r->route->flags & R_BODY))
        return true;
    const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->ev), "Content-Type");
    if (!is_json_type(ct)) {
        reply_error(r, ERR_MEDIA_TYPE, NULL, NULL);
        return false;
    }
    json_error_t jerr;
    const char *data = (const char *)evbuffer_pullup(in, -1);
    r->body = json_loadb(data != NULL ? data : "", len, JSON_REJECT_DUPLICATES, &jerr);
    if (r->body == NULL) {
        char msg[320];
        snprintf(msg, sizeof msg, "the body is not valid JSON: %s (line %d, column %d)",
                 jerr.text, jerr.line, jerr.column);
        reply_error(r, ERR_INVALID_JSON, NULL, msg);
        return false;
    }
    if (!json_is_object(r->body)) {
        reply_error(r, ERR_INVALID_JSON, NULL, "the body must be a JSON object");
        return false;
    }
    return true;
}

static void handle(struct evhttp_request *ev, void *arg)
{
    struct worker *w = arg;
    double t0 = now_seconds();
    struct req r = {.ev = ev, .w = w, .route_index = METRICS_UNMATCHED};
    r.ctx.db = w->db;
    const char *method = method_name(evhttp_request_get_command(ev));
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
    const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
    const char *query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
    TAILQ_INIT(&r.query);
    if (path == NULL || *path == '\0')
        path = "/";
    snprintf(r.ctx.ip, sizeof r.ctx.ip, "%s", req_peer(&r));

    bool api = strncmp(path, "/api/", 5) == 0;
    security_headers(ev, api || strcmp(path, "/healthz") == 0 || strcmp(path, "/metrics") == 0);

    if (query != NULL && evhttp_parse_query_str(query, &r.query) != 0) {
        reply_error(&r, ERR_INVALID, "query", "the query string is malformed");
        goto out;
    }
    char allow[64];
    enum route_match m = router_match(method, path, &r.route_index, r.ids, r.key, allow,
                                      sizeof allow);
    if (m == ROUTE_NONE && !api && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
        r.route_index = METRICS_STATIC;
        r.status = static_serve(ev, w->cfg->web_root, path);
        goto out;
    }
    if (m == ROUTE_NONE) {
        reply_error(&r, ERR_NOT_FOUND, NULL, "no such route");
        goto out;
    }
    if (m == ROUTE_BAD_METHOD) {
        req_header(&r, "Allow", allow);
        reply_error(&r, ERR_METHOD, NULL, NULL);
        goto out;
    }
    r.route = &routes[r.route_index];
    /* An import runs in the request and may take longer than a connection may stay silent:
     * without this the timer, due while the loop was busy, closes the connection and the
     * client never gets the result of an import that was done. */
    if (r.route->flags & R_UPLOAD)
        evhttp_connection_set_timeout(evhttp_request_get_connection(ev), UPLOAD_TIMEOUT_SECONDS);
    if ((r.route->flags & R_AUTH) && !authenticate(&r, method))
        goto out;
    if (!read_body(&r))
        goto out;
    r.route->fn(&r);
out:
    {
        double secs = now_seconds() - t0;
        metrics_observe(r.route_index, r.status, secs);
        if (w->cfg->access_log)
            access_log(&r, method, path, secs);
    }
    json_decref(r.body);
    evhttp_clear_headers(&r.query);
    if (r.ctx.db != NULL)
        sodium_memzero(&r.ctx.who, sizeof r.ctx.who);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 0 || port > 65535)
        return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (host[0] == '\0' || strcmp(host, "0.0.0.0") == 0)
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (strcmp(host, "localhost") == 0)
        sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return -1;
    return 0;
}

static int open_listener(struct sockaddr_in *sa)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0)
        return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)sa, sizeof *sa) != 0 || listen(fd, 1024) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    socklen_t len = sizeof *sa;
    getsockname(fd, (struct sockaddr *)sa, &len); /* learn the port when 0 was asked */
    return fd;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    event_base_dispatch(w->base);
    return NULL;
}

static int worker_init(struct worker *w, const struct server_config *cfg, int fd)
{
    char err[256];
    w->cfg = cfg;
    w->fd = fd;
    if (db_open(cfg->db_url, &w->db, err, sizeof err) != MN_OK) {
        fprintf(stderr, "manyi: cannot open the store: %s\n", err);
        return -1;
    }
    w->base = event_base_new();
    w->http = w->base != NULL ? evhttp_new(w->base) : NULL;
    if (w->http == NULL)
        return -1;
    /* libevent 2.1 reads a whole body before any callback sees the request, so the transport cap
     * must admit the largest body any route takes — a raw upload, an upload's part — plus 1 MiB,
     * so that a body a little over a route's cap still gets the 413 JSON of read_body rather
     * than evhttp's own 413 page; it bounds the memory any request can take. Files larger than
     * a raw upload go in parts. */
    size_t largest = http_settings.upload_body_max > DEFAULT_MAX_BODY ? http_settings.upload_body_max
                                                                      : DEFAULT_MAX_BODY;
    for (size_t i = 0; i < n_routes; i++)
        if (routes[i].max_body > largest)
            largest = routes[i].max_body;
    evhttp_set_max_body_size(w->http, (ev_ssize_t)(largest + (1u << 20)));
    evhttp_set_timeout(w->http, http_settings.io_timeout);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
                                            EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
                                            EVHTTP_REQ_PATCH | EVHTTP_REQ_OPTIONS);
    evhttp_set_gencb(w->http, handle, w);
    if (evhttp_accept_socket(w->http, fd) != 0)
        return -1;
    return 0;
}

static void worker_release(struct worker *w)
{
    if (w->http != NULL)
        evhttp_free(w->http); /* closes the bound socket */
    else if (w->fd >= 0)
        close(w->fd);
    if (w->base != NULL)
        event_base_free(w->base);
    db_close(w->db);
}

/* An integer setting from the environment: def when unset; false (and a message) when it is not
 * a whole number in [lo, hi]. */
static bool env_range(const char *name, long long lo, long long hi, long long def,
                      const char *unit, long long *out)
{
    const char *v = getenv(name);
    *out = def;
    if (v == NULL || *v == '\0')
        return true;
    char *end;
    *out = strtoll(v, &end, 10);
    if (*end != '\0' || *out < lo || *out > hi) {
        fprintf(stderr, "manyi: %s must be %lld..%lld (%s), not '%s'\n", name, lo, hi, unit, v);
        return false;
    }
    return true;
}

int server_run(const struct server_config *cfg)
{
    struct sockaddr_in sa;
    int n = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 2)
        n = 2;
    if (parse_listen(cfg->listen, &sa) != 0) {
        fprintf(stderr, "manyi: cannot parse listen address '%s' (want HOST:PORT)\n",
                cfg->listen);
        return 2;
    }
    http_settings.cookie_secure = cfg->cookie_secure;
    http_settings.db_url = cfg->db_url;
    long long max_mb, body_mb, secs;
    if (!env_range("MANYI_IMPORT_MAX_MB", 1, 65536, UPLOAD_MAX_MB, "MiB", &max_mb) ||
        !env_range("MANYI_IMPORT_BODY_MAX_MB", 1, 65536, UPLOAD_BODY_MAX_MB, "MiB", &body_mb) ||
        !env_range("MANYI_HTTP_TIMEOUT", 1, 3600, IO_TIMEOUT_SECONDS, "seconds", &secs))
        return 2;
    http_settings.upload_max = (size_t)max_mb << 20;
    http_settings.upload_body_max = (size_t)(body_mb < max_mb ? body_mb : max_mb) << 20;
    http_settings.io_timeout = (int)secs;
    http_settings.tmp_dir = getenv("MANYI_TMPDIR");
    if (http_settings.tmp_dir == NULL || *http_settings.tmp_dir == '\0')
        http_settings.tmp_dir = getenv("TMPDIR");
    if (http_settings.tmp_dir == NULL || *http_settings.tmp_dir == '\0')
        http_settings.tmp_dir = "/tmp";
    evthread_use_pthreads();
    signal(SIGPIPE, SIG_IGN);

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* workers inherit the mask; main waits below */

    struct worker *ws = calloc((size_t)n, sizeof *ws);
    struct job_runner *runner = NULL;
    int rc = 1, started = 0;
    if (ws == NULL)
        return 1;
    for (int i = 0; i < n; i++)
        ws[i].fd = -1;
    for (int i = 0; i < n; i++) {
        int fd = open_listener(&sa);
        if (fd < 0) {
            fprintf(stderr, "manyi: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
            goto out;
        }
        if (worker_init(&ws[i], cfg, fd) != 0) {
            if (ws[i].http == NULL && ws[i].fd < 0)
                close(fd);
            goto out;
        }
    }
    /* imports that a dead process of this host left running become interrupted */
    if (svc_import_recover(ws[0].db, stderr) != MN_OK)
        fprintf(stderr, "manyi: cannot mark interrupted imports: %s\n", ws[0].db->errmsg);
    for (; started < n; started++)
        if (pthread_create(&ws[started].thread, NULL, worker_main, &ws[started]) != 0)
            goto out;
    if (cfg->jobs && jobs_start(cfg->db_url, &runner) != MN_OK)
        goto out;
    char host[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    fprintf(stderr, "manyi: listening on http://%s:%u (%d workers, %s store)\n", host,
            ntohs(sa.sin_port), n, http_settings.db_engine_name);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "manyi: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    rc = 0;
out:
    /* background imports stop at their next row and are marked interrupted (import_bg.c) */
    svc_import_shutdown();
    jobs_stop(runner);
    for (int i = 0; i < started; i++)
        event_base_loopbreak(ws[i].base);
    for (int i = 0; i < started; i++)
        pthread_join(ws[i].thread, NULL);
    /* every response the writer accepted is committed before the loops it replies to go */
    writer_stop();
    for (int i = 0; i < n; i++)
        worker_release(&ws[i]);
    free(ws);
    return rc;
}
