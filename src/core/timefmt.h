/* SPDX-License-Identifier: MIT */
/* RFC 3339 formatting of unix seconds (UTC), as the API shows every time. */
#ifndef MANYI_CORE_TIMEFMT_H
#define MANYI_CORE_TIMEFMT_H

#include <stdint.h>

/* Writes "2026-11-22T08:03:43Z" into out (at least 32 bytes). */
void time_rfc3339(int64_t unix_seconds, char out[32]);

#endif
