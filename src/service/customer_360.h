/* SPDX-License-Identifier: MIT */
/* The customer 360° view (issue 3): contact data, business events, follow-up tasks with their
 * calls (service/customers.c), and from the other capabilities the customer's survey responses
 * and complaint tickets (service/customer_360.c). Scope: the customer must be visible to the
 * caller (store roles: their store); responses and tickets are further narrowed to what the
 * caller may open (department roles: their department). Personal data — phone, e-mail and the
 * free text of survey answers — is masked for roles that do not see it; a CR agent may ask for
 * it (reveal). Every view answered unmasked is audit-logged as "view_pii". */
#ifndef MANYI_SERVICE_CUSTOMER_360_H
#define MANYI_SERVICE_CUSTOMER_360_H

#include <jansson.h>
#include <stdbool.h>

#include "service/followup.h"

/* [out] owned JSON: customer, events, tasks (with calls), responses, complaints, masked,
 * can_reveal. reveal: the caller asks for personal data in full (roles that see it get it
 * anyway; cr_agent may ask; others MN_ERR_FORBIDDEN). Out of scope: MN_ERR_NOT_FOUND. */
enum mn_status svc_customer_360(struct svc_ctx *ctx, int64_t id, bool reveal, json_t **out);

/* service/customers.c: the base of the view for a customer already checked to be in scope. */
enum mn_status customer_overview_base(struct svc_ctx *ctx, const struct customer *c, bool mask,
                                      json_t **out);

#endif
