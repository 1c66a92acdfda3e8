/* SPDX-License-Identifier: MIT */
/* Matches a method and path against routes[]: literal segments, "{id}"-style segments that take
 * a positive integer, and at most one "{token}" or "{key}" segment that takes 1–79 characters
 * of [A-Za-z0-9_-] (public survey links, QR codes). */
#ifndef MANYI_HTTP_ROUTER_H
#define MANYI_HTTP_ROUTER_H

#include <stddef.h>
#include <stdint.h>

enum route_match { ROUTE_OK, ROUTE_NONE, ROUTE_BAD_METHOD };

/* [out] index into routes[]; [out] ids, the {id} values in order (REQ_MAX_IDS of them);
 * [out] key (REQ_KEY_MAX bytes), the {token}/{key} segment or "";
 * [out] allow, on ROUTE_BAD_METHOD, the path's methods ("GET, POST") for the Allow header. */
enum route_match router_match(const char *method, const char *path, int *index, int64_t *ids,
                              char *key, char *allow, size_t allow_cap);

#endif
