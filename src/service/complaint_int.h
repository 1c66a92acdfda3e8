/* SPDX-License-Identifier: MIT */
/* Helpers shared by the complaint service files (not part of the service's interface): scope,
 * the timeline writer, notifications and the outbox, deadlines and opening a ticket. Each runs
 * inside the caller's transaction. */
#ifndef MANYI_SERVICE_COMPLAINT_INT_H
#define MANYI_SERVICE_COMPLAINT_INT_H

#include "service/complaint.h"

bool complaint_ticket_visible(const struct principal *p, const struct ticket *t);
/* data is borrowed (may be NULL). Acts as ctx->who ("system" when no user). */
enum mn_status complaint_timeline_add(struct svc_ctx *ctx, const struct ticket *t,
                                      const char *kind, const char *from, const char *to,
                                      const char *note, json_t *data);
enum mn_status complaint_notify(struct db *db, const struct ticket *t,
                                const struct complaint_recipient *r, const char *kind,
                                const char *title, const char *body);
enum mn_status complaint_notify_role(struct db *db, const struct ticket *t, const char *role,
                                     int64_t store_id, const char *kind, const char *title,
                                     const char *body);
enum mn_status complaint_notify_user(struct db *db, const struct ticket *t, int64_t user_id,
                                     const char *kind, const char *title, const char *body);
enum mn_status complaint_webhook(struct db *db, const struct complaint_clock *clock,
                                 const struct ticket *t, const char *event, const char *note);
enum mn_status complaint_deadline(const struct complaint_clock *c, enum complaint_severity sev,
                                  enum complaint_stage stage, int64_t start, int64_t *due);
/* Inserts t (source, severity, category, title, description, links set by the caller) as a
 * registered ticket with its deadlines, re-complaint link, timeline entry and audit entry;
 * re-reads it into t. */
enum mn_status complaint_open_ticket(struct svc_ctx *ctx, struct ticket *t,
                                     const struct complaint_clock *clock);

#endif
