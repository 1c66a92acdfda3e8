/* SPDX-License-Identifier: MIT */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *mn_status_name(enum mn_status s)
{
    switch (s) {
    case MN_OK: return "ok";
    case MN_ERR_INVALID: return "invalid";
    case MN_ERR_NOT_FOUND: return "not_found";
    case MN_ERR_CONFLICT: return "conflict";
    case MN_ERR_FORBIDDEN: return "forbidden";
    case MN_ERR_UNAUTHORIZED: return "unauthorized";
    case MN_ERR_THROTTLED: return "throttled";
    case MN_ERR_TOO_LARGE: return "too_large";
    case MN_ERR_RETRY: return "retry";
    case MN_ERR_DB: return "db";
    case MN_ERR_NOMEM: return "nomem";
    case MN_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}

enum mn_status mn_fail(struct mn_error *err, enum mn_status code, const char *field,
                       const char *fmt, ...)
{
    if (err != NULL) {
        err->code = code;
        snprintf(err->field, sizeof err->field, "%s", field != NULL ? field : "");
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->hint, sizeof err->hint, fmt, ap);
        va_end(ap);
    }
    return code;
}
