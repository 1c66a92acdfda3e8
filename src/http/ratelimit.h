/* SPDX-License-Identifier: MIT */
/* Token buckets for the public survey endpoints (per client address, per QR/link key): a
 * fixed-size table hashed by key, shared by the worker threads under one mutex. A collision
 * resets the bucket; 8192 buckets keep that rare at the rates a survey sees. */
#ifndef MANYI_HTTP_RATELIMIT_H
#define MANYI_HTTP_RATELIMIT_H

#include <stdbool.h>

/* True when one more request for key is allowed at rate per_minute with the given burst.
 * per_minute <= 0 disables the limit (the benchmark sets MANYI_PUBLIC_RATE=0). */
bool ratelimit_allow(const char *key, double per_minute, double burst);

/* The configured rates: MANYI_PUBLIC_RATE (per address, default 120/min) and
 * MANYI_LINK_RATE (per QR or link, default 1200/min); read once. */
double ratelimit_ip_rate(void);
double ratelimit_link_rate(void);

#endif
