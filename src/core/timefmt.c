/* SPDX-License-Identifier: MIT */
#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void time_rfc3339(int64_t unix_seconds, char out[32])
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[96]; /* wide enough for any int fields, so the compiler can prove no truncation */
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    memcpy(out, buf, 31);
    out[31] = '\0';
}
