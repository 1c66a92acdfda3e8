/* SPDX-License-Identifier: MIT */
#include "io/tz.h"

#include <stdio.h>
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
