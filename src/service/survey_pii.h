/* SPDX-License-Identifier: MIT */
/* Personal data in survey answers and contact data (service/survey_pii.c), shared by every view
 * that returns them: the customer 360° view, a response, a survey's responses and invitations,
 * the CSV export. Kept apart from service/survey.h so that service/customer_360.c can use it. */
#ifndef MANYI_SERVICE_SURVEY_PII_H
#define MANYI_SERVICE_SURVEY_PII_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"

/* The stored answers (JSON text) as an owned array, every non-empty free text (text answers,
 * "other" texts) replaced by PII_TEXT_MASK when mask; *masked tells whether anything was,
 * *has_text whether there was free text at all (either may be NULL). Bad JSON: []. */
json_t *survey_answers_view(const char *stored, bool mask, bool *masked, bool *has_text);
/* How personal data is shown to who: *full (role_sees_pii, or a permitted reveal) and
 * *may_reveal (the role may ask: those who see it and cr_agent). MN_ERR_FORBIDDEN when reveal
 * is asked by a role that may not. */
enum mn_status pii_view_decide(const struct principal *who, bool reveal, bool *full,
                               bool *may_reveal);
/* Writes one "view_pii" audit entry on (entity, id) in its own transaction; takes after. */
enum mn_status svc_audit_view_pii(struct svc_ctx *ctx, const char *entity, int64_t id,
                                  json_t *after);

#endif
