/* SPDX-License-Identifier: MIT */
/* Time zones from the system's tz database (/usr/share/zoneinfo, Debian's tzdata). */
#ifndef MANYI_IO_TZ_H
#define MANYI_IO_TZ_H

#include <stdbool.h>
#include <stdint.h>

/* True when name is an IANA zone the system knows ("Asia/Shanghai", "UTC"). */
bool tz_exists(const char *name);

/* The zone's offset from UTC in minutes at unix time t (summer time included): +480 for
 * Asia/Shanghai. An unknown or unreadable zone gives +480, the product's default zone. */
int tz_offset_minutes(const char *zone, int64_t t);

#endif
