/* SPDX-License-Identifier: MIT */
/* The HTTP server: one libevent loop per worker thread, each with its own evhttp on its own
 * SO_REUSEPORT socket and its own store connection, so workers share nothing on the hot path. */
#ifndef MANYI_HTTP_SERVER_H
#define MANYI_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct server_config {
    const char *listen;   /* "127.0.0.1:8080" (port 0 = any free port) */
    const char *db_url;   /* sqlite:PATH or postgres://… */
    const char *web_root; /* folder of the built web app, or NULL */
    int threads;          /* workers; 0 = one per core (at least 2) */
    bool access_log;
    bool cookie_secure;   /* add Secure to the session cookie (behind HTTPS) */
    bool jobs;            /* run the background jobs (src/jobs) in this process */
};

/* Serves until SIGINT or SIGTERM; returns the process exit code. */
int server_run(const struct server_config *cfg);

#endif
