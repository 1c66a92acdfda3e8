/* SPDX-License-Identifier: MIT */
/* Time zones from the system's tz database (/usr/share/zoneinfo, Debian's tzdata). */
#ifndef MANYI_IO_TZ_H
#define MANYI_IO_TZ_H

#include <stdbool.h>

/* True when name is an IANA zone the system knows ("Asia/Shanghai", "UTC"). */
bool tz_exists(const char *name);

#endif
