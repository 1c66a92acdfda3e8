/* SPDX-License-Identifier: MIT */
#include "http/metrics.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"

enum { MAX_ROUTES = 256, N_BUCKETS = 11 };

static const double bucket_le[N_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                            0.05,   0.1,   0.25,   0.5,   1.0};
/* the statuses we count individually; anything else lands in "other" */
static const int statuses[] = {200, 201, 204, 301, 304, 400, 401, 403, 404,
                               405, 409, 413, 415, 429, 500, 503};
enum { N_STATUS = sizeof statuses / sizeof statuses[0] + 1 };

/* slot 0 = unmatched, 1 = static files, 2.. = routes[] */
static uint64_t requests[MAX_ROUTES + 2][N_STATUS];
static uint64_t buckets[MAX_ROUTES + 2][N_BUCKETS + 1]; /* last = +Inf */
static uint64_t sum_micros[MAX_ROUTES + 2];
static uint64_t store_errors;

static int slot_of(int route_index)
{
    if (route_index == METRICS_UNMATCHED)
        return 0;
    if (route_index == METRICS_STATIC)
        return 1;
    return route_index >= 0 && route_index < MAX_ROUTES ? route_index + 2 : 0;
}

static int status_slot(int status)
{
    for (int i = 0; i < N_STATUS - 1; i++)
        if (statuses[i] == status)
            return i;
    return N_STATUS - 1;
}

void metrics_observe(int route_index, int status, double seconds)
{
    int s = slot_of(route_index);
    __atomic_fetch_add(&requests[s][status_slot(status)], 1, __ATOMIC_RELAXED);
    int b = 0;
    while (b < N_BUCKETS && seconds > bucket_le[b])
        b++;
    __atomic_fetch_add(&buckets[s][b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&sum_micros[s], (uint64_t)(seconds * 1e6), __ATOMIC_RELAXED);
}

void metrics_store_error(void)
{
    __atomic_fetch_add(&store_errors, 1, __ATOMIC_RELAXED);
}

/* route="<pattern>",method="<method>" for routes; pseudo-routes have method="*" */
static void route_label(int slot, char *buf, size_t cap)
{
    if (slot == 0)
        snprintf(buf, cap, "route=\"unmatched\",method=\"*\"");
    else if (slot == 1)
        snprintf(buf, cap, "route=\"static\",method=\"GET\"");
    else
        snprintf(buf, cap, "route=\"%s\",method=\"%s\"", routes[slot - 2].pattern,
                 routes[slot - 2].method);
}

void metrics_render(struct evbuffer *out)
{
    char label[160];
    int n_slots = (int)n_routes + 2;
    evbuffer_add_printf(out, "# HELP manyi_http_requests_total HTTP requests by route and status.\n"
                             "# TYPE manyi_http_requests_total counter\n");
    for (int s = 0; s < n_slots; s++) {
        route_label(s, label, sizeof label);
        for (int k = 0; k < N_STATUS; k++) {
            uint64_t v = __atomic_load_n(&requests[s][k], __ATOMIC_RELAXED);
            if (v == 0)
                continue;
            char st[8];
            if (k < N_STATUS - 1)
                snprintf(st, sizeof st, "%d", statuses[k]);
            else
                snprintf(st, sizeof st, "other");
            evbuffer_add_printf(out, "manyi_http_requests_total{%s,status=\"%s\"} %llu\n",
                                label, st, (unsigned long long)v);
        }
    }
    evbuffer_add_printf(out, "# HELP manyi_http_request_duration_seconds Request latency.\n"
                             "# TYPE manyi_http_request_duration_seconds histogram\n");
    for (int s = 0; s < n_slots; s++) {
        uint64_t cum = 0, total = 0;
        for (int b = 0; b <= N_BUCKETS; b++)
            total += __atomic_load_n(&buckets[s][b], __ATOMIC_RELAXED);
        if (total == 0)
            continue;
        route_label(s, label, sizeof label);
        for (int b = 0; b <= N_BUCKETS; b++) {
            cum += __atomic_load_n(&buckets[s][b], __ATOMIC_RELAXED);
            if (b < N_BUCKETS)
                evbuffer_add_printf(out,
                                    "manyi_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n",
                                    label, bucket_le[b], (unsigned long long)cum);
            else
                evbuffer_add_printf(out,
                                    "manyi_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n",
                                    label, (unsigned long long)cum);
        }
        evbuffer_add_printf(out, "manyi_http_request_duration_seconds_sum{%s} %.6f\n",
                            label, (double)__atomic_load_n(&sum_micros[s], __ATOMIC_RELAXED) / 1e6);
        evbuffer_add_printf(out, "manyi_http_request_duration_seconds_count{%s} %llu\n",
                            label, (unsigned long long)cum);
    }
    evbuffer_add_printf(out, "# HELP manyi_store_errors_total Failed store operations.\n"
                             "# TYPE manyi_store_errors_total counter\n"
                             "manyi_store_errors_total %llu\n",
                        (unsigned long long)__atomic_load_n(&store_errors, __ATOMIC_RELAXED));
}
