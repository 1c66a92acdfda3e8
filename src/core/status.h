/* SPDX-License-Identifier: MIT */
/* Status codes shared by every layer. Fallible functions return one of these; results travel
 * through out-parameters. The HTTP layer maps them to statuses (src/http/errors.def). */
#ifndef MANYI_CORE_STATUS_H
#define MANYI_CORE_STATUS_H

enum mn_status {
    MN_OK = 0,
    MN_ERR_INVALID,      /* input fails validation; struct mn_error names the field */
    MN_ERR_NOT_FOUND,    /* no such object in this tenant (or not visible to this role) */
    MN_ERR_CONFLICT,     /* unique key taken, stale state, illegal transition */
    MN_ERR_FORBIDDEN,    /* authenticated, but the role may not do this */
    MN_ERR_UNAUTHORIZED, /* no valid session or token */
    MN_ERR_THROTTLED,    /* too many attempts; retry later */
    MN_ERR_TOO_LARGE,    /* a client-controlled size is over its cap */
    MN_ERR_RETRY,        /* transient store failure (busy, serialization); safe to rerun */
    MN_ERR_DB,           /* hard store failure */
    MN_ERR_NOMEM,
    MN_ERR_INTERNAL,
};

/* Optional detail for a failed validation: which field and why, for the API's error body. */
struct mn_error {
    enum mn_status code;
    char field[64];
    char hint[160];
};

const char *mn_status_name(enum mn_status s);

/* Fills err (when not NULL) and returns code, so validators can `return mn_fail(...)`. */
enum mn_status mn_fail(struct mn_error *err, enum mn_status code, const char *field,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
