/* SPDX-License-Identifier: MIT */
/* Serves the built web app: hashed assets cached for a year, index.html revalidated, gzip
 * variants (file.gz, made at build time) when the client accepts them, and the SPA fallback. */
#ifndef MANYI_HTTP_STATIC_H
#define MANYI_HTTP_STATIC_H

#include <event2/http.h>

/* Sends the reply; returns its status. */
int static_serve(struct evhttp_request *ev, const char *root, const char *path);

#endif
