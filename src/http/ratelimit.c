/* SPDX-License-Identifier: MIT */
/* Token buckets keyed by a hash of the key (see ratelimit.h). */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BUCKETS = 8192 };

struct bucket {
    uint64_t key;
    double tokens;
    double at; /* seconds, monotonic */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct bucket table[BUCKETS];

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h | 1; /* 0 marks an empty bucket */
}

bool ratelimit_allow(const char *key, double per_minute, double burst)
{
    if (per_minute <= 0)
        return true;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    uint64_t h = hash(key);
    pthread_mutex_lock(&mu);
    struct bucket *b = &table[h % BUCKETS];
    if (b->key != h) {
        b->key = h;
        b->tokens = burst;
        b->at = now;
    }
    b->tokens += (now - b->at) * per_minute / 60.0;
    if (b->tokens > burst)
        b->tokens = burst;
    b->at = now;
    bool ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    pthread_mutex_unlock(&mu);
    return ok;
}

static double env_rate(const char *name, double def)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? strtod(v, NULL) : def;
}

double ratelimit_ip_rate(void)
{
    static double r = -1;
    if (r < 0)
        r = env_rate("MANYI_PUBLIC_RATE", 120);
    return r;
}

double ratelimit_link_rate(void)
{
    static double r = -1;
    if (r < 0)
        r = env_rate("MANYI_LINK_RATE", 1200);
    return r;
}
