/* SPDX-License-Identifier: MIT */
/* Zones from the system tz database (TZif files under /usr/share/zoneinfo, Debian's tzdata),
 * read without touching the process-wide TZ (the server is multi-threaded). Past a file's last
 * transition the last offset holds; the POSIX footer rule is not evaluated (Asia/Shanghai, the
 * default, has had no DST since 1991; Debian's files list transitions to 2037). */
#include "io/tz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/text.h"

bool tz_exists(const char *name)
{
    /* the name becomes a path: only the zone alphabet, no "..", no leading slash */
    if (!text_is_token(name, "/_+-") || strstr(name, "..") != NULL || name[0] == '/' ||
        strlen(name) > 64)
        return false;
    char path[128];
    struct stat st;
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    if (n == 4)
        return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

static bool zone_name_ok(const char *z)
{
    if (z == NULL || *z == '\0' || z[0] == '/' || strstr(z, "..") != NULL)
        return false;
    for (const char *p = z; *p != '\0'; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '_' || *p == '-' || *p == '+'))
            return false;
    return true;
}

/* Offset from a TZif image; -1 sentinel is impossible for real zones, so use found flag. */
static bool tzif_offset(const unsigned char *b, size_t len, int64_t t, int *out_min)
{
    if (len < 44 || memcmp(b, "TZif", 4) != 0)
        return false;
    /* v1 block: skip it to reach the 64-bit v2 block when present. */
    int64_t isutc = be(b + 20, 4), isstd = be(b + 24, 4), leap = be(b + 28, 4);
    int64_t timecnt = be(b + 32, 4), typecnt = be(b + 36, 4), charcnt = be(b + 40, 4);
    size_t off = 44;
    int tsize = 4;
    if (b[4] >= '2') {
        off += (size_t)(timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc);
        if (off + 44 > len || memcmp(b + off, "TZif", 4) != 0)
            return false;
        isutc = be(b + off + 20, 4);
        isstd = be(b + off + 24, 4);
        leap = be(b + off + 28, 4);
        timecnt = be(b + off + 32, 4);
        typecnt = be(b + off + 36, 4);
        charcnt = be(b + off + 40, 4);
        off += 44;
        tsize = 8;
    }
    if (typecnt < 1 || off + (size_t)(timecnt * (tsize + 1) + typecnt * 6) > len)
        return false;
    const unsigned char *times = b + off, *idx = times + timecnt * tsize;
    const unsigned char *types = idx + timecnt;
    int64_t type = 0;
    /* Before the first transition: the first standard-time type, as RFC 8536 suggests. */
    for (int64_t i = 0; i < typecnt; i++)
        if (types[i * 6 + 4] == 0) {
            type = i;
            break;
        }
    for (int64_t i = 0; i < timecnt; i++) {
        if (be(times + i * tsize, tsize) > t)
            break;
        type = idx[i];
    }
    if (type >= typecnt)
        return false;
    *out_min = (int)(be(types + type * 6, 4) / 60);
    return true;
}

int tz_offset_minutes(const char *zone, int64_t t)
{
    if (!zone_name_ok(zone))
        return 480;
    char path[160];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 480;
    unsigned char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    int min;
    return tzif_offset(buf, len, t, &min) ? min : 480;
}
