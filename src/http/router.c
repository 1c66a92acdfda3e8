/* SPDX-License-Identifier: MIT */
/* A linear walk of the route table: a few dozen routes, compared segment by segment without
 * allocating; cheaper than the request's JSON, so a trie would buy nothing yet. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "http/http.h"

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* Compares path against pattern; fills ids for numeric {…} segments and key for {token}/{key}. */
static int path_matches(const char *pattern, const char *path, int64_t *ids, char *key)
{
    int n_ids = 0;
    const char *p = pattern, *s = path;
    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close == NULL)
                return 0;
            if (strncmp(p, "{token}", 7) == 0 || strncmp(p, "{key}", 5) == 0) {
                size_t n = 0;
                while (is_key_char(s[n]) && n < REQ_KEY_MAX - 1)
                    n++;
                if (n == 0 || (s[n] != '/' && s[n] != '\0'))
                    return 0;
                memcpy(key, s, n);
                key[n] = '\0';
                s += n;
                p = close + 1;
                continue;
            }
            int64_t v = 0;
            int digits = 0;
            while (*s >= '0' && *s <= '9') {
                if (v > (INT64_MAX - 9) / 10)
                    return 0;
                v = v * 10 + (*s - '0');
                s++;
                digits++;
            }
            if (digits == 0 || v <= 0 || n_ids >= REQ_MAX_IDS || (*s != '/' && *s != '\0'))
                return 0;
            ids[n_ids++] = v;
            p = close + 1;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    /* a single trailing slash is tolerated */
    if (*p == '\0' && (*s == '\0' || (s[0] == '/' && s[1] == '\0')))
        return 1;
    return 0;
}

enum route_match router_match(const char *method, const char *path, int *index, int64_t *ids,
                              char *key, char *allow, size_t allow_cap)
{
    enum route_match result = ROUTE_NONE;
    size_t used = 0;
    allow[0] = '\0';
    for (size_t i = 0; i < n_routes; i++) {
        int64_t tmp[REQ_MAX_IDS] = {0};
        char tkey[REQ_KEY_MAX] = "";
        if (!path_matches(routes[i].pattern, path, tmp, tkey))
            continue;
        bool same = strcmp(routes[i].method, method) == 0 ||
                    (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0);
        if (same) {
            *index = (int)i;
            memcpy(ids, tmp, sizeof tmp);
            memcpy(key, tkey, sizeof tkey);
            return ROUTE_OK;
        }
        result = ROUTE_BAD_METHOD;
        if (used < allow_cap)
            used += (size_t)snprintf(allow + used, allow_cap - used, "%s%s", used > 0 ? ", " : "",
                                     routes[i].method);
    }
    return result;
}
