/* SPDX-License-Identifier: MIT */
/* Outbound webhooks: a JSON POST signed with HMAC-SHA256 (libsodium) over "<timestamp>.<body>",
 * sent with libcurl. Retries and persistence are the caller's (the complaint outbox); this only
 * makes one attempt and reports how it went. Receivers verify X-Manyi-Signature and may use
 * X-Manyi-Delivery to drop repeats, since a retried delivery carries the same id. */
#ifndef MANYI_IO_WEBHOOK_H
#define MANYI_IO_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct webhook_request {
    const char *url;
    const char *secret;   /* "" = unsigned (no signature header) */
    const char *event;    /* X-Manyi-Event, e.g. "complaint.assigned" */
    int64_t delivery_id;  /* X-Manyi-Delivery */
    int64_t timestamp;    /* X-Manyi-Timestamp, unix seconds; part of the signed text */
    const char *body;     /* JSON */
    long timeout_s;       /* 0 = 10 s */
};

/* Lowercase hex HMAC-SHA256 of "<timestamp>.<body>" under secret (any length). */
void webhook_sign(const char *secret, int64_t timestamp, const char *body, char out_hex[65]);

/* One attempt. MN_OK when the receiver answered 2xx; otherwise MN_ERR_INTERNAL with the HTTP
 * status (0 = no answer) in *http_status and a one-line reason in err. Thread-safe. */
enum mn_status webhook_post(const struct webhook_request *rq, long *http_status, char *err,
                            size_t err_cap);

#endif
