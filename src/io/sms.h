/* SPDX-License-Identifier: MIT */
/* SMS through a configurable HTTP gateway (libcurl): POST {"to": "<mobile>", "text": "<UTF-8>"}
 * as JSON to MANYI_SMS_URL, with "Authorization: Bearer MANYI_SMS_TOKEN" when set. A 2xx answer
 * means accepted. Vendor-specific signing belongs in a small proxy in front of the vendor. */
#ifndef MANYI_IO_SMS_H
#define MANYI_IO_SMS_H

#include <stddef.h>

#include "core/status.h"

struct sms_config {
    const char *url;    /* http(s):// endpoint */
    const char *token;  /* NULL or "" = no Authorization header */
    long timeout_s;     /* 0 = 10 s */
};

/* From the environment; MN_ERR_NOT_FOUND when MANYI_SMS_URL is not set. */
enum mn_status sms_config_from_env(struct sms_config *cfg);

/* Sends one message. MN_OK on a 2xx answer; MN_ERR_INTERNAL with a reason in err otherwise.
 * Thread-safe. */
enum mn_status sms_send(const struct sms_config *cfg, const char *to, const char *text, char *err,
                        size_t err_cap);

#endif
