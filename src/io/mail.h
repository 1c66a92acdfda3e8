/* SPDX-License-Identifier: MIT */
/* Email over SMTP with libcurl: one plain-text UTF-8 message to one recipient per call. Queueing
 * and retries belong to the caller's outbox. Configured from the environment: MANYI_SMTP_URL
 * (smtp://host:25 or smtps://host:465), MANYI_SMTP_FROM, and optionally MANYI_SMTP_USER and
 * MANYI_SMTP_PASSWORD. */
#ifndef MANYI_IO_MAIL_H
#define MANYI_IO_MAIL_H

#include <stddef.h>

#include "core/status.h"

struct mail_config {
    const char *url;       /* smtp:// or smtps:// */
    const char *from;      /* envelope and header sender, e.g. noreply@example.com */
    const char *username;  /* NULL or "" = no authentication */
    const char *password;
    long timeout_s;        /* 0 = 20 s */
};

struct mail_msg {
    const char *to;        /* one address */
    const char *subject;   /* UTF-8; encoded per RFC 2047 */
    const char *text;      /* UTF-8 body */
};

/* Fills cfg from the environment (strings borrowed from it). MN_ERR_NOT_FOUND when
 * MANYI_SMTP_URL or MANYI_SMTP_FROM is not set. */
enum mn_status mail_config_from_env(struct mail_config *cfg);

/* Sends one message. MN_OK once the server accepted it; MN_ERR_INVALID for a header-breaking
 * address; MN_ERR_INTERNAL with a reason in err otherwise. Thread-safe. */
enum mn_status mail_send(const struct mail_config *cfg, const struct mail_msg *msg, char *err,
                         size_t err_cap);

#endif
