/* SPDX-License-Identifier: MIT */
/* Prometheus metrics: requests by route and status, a latency histogram per route, and store
 * errors. Counters are process-wide atomics, updated by every worker without locks. */
#ifndef MANYI_HTTP_METRICS_H
#define MANYI_HTTP_METRICS_H

#include <event2/buffer.h>

/* route_index: into routes[], or METRICS_STATIC / METRICS_UNMATCHED. */
enum { METRICS_STATIC = -2, METRICS_UNMATCHED = -1 };

void metrics_observe(int route_index, int status, double seconds);
void metrics_store_error(void);
/* Appends the text exposition format to out. */
void metrics_render(struct evbuffer *out);

#endif
