/* SPDX-License-Identifier: MIT */
/* Use cases of the complaint closed loop (投诉处理闭环, issue 5): registering, routing and
 * handling tickets through core/ticket's state machine, the CLEAR checklist, notes, corrective
 * actions, attachments, categories with scripts and strategies, settings, notifications, the
 * figures, and the work of the jobs (survey alerts, SLA escalation, deliveries). Every change
 * goes on the ticket's timeline and the audit log in one transaction. */
#ifndef MANYI_SERVICE_COMPLAINT_H
#define MANYI_SERVICE_COMPLAINT_H

#include <jansson.h>

#include "core/callstats.h"
#include "core/complaint.h"
#include "service/demo.h"
#include "service/service.h"
#include "store/complaint.h"

/* ---- tickets ---- */
struct ticket_input {
    int64_t customer_id, event_id, followup_task_id, store_id, department_id, category_id;
    char source[16];
    char severity[12];
    char title[404];
    char description[8004];
};

/* What a transition request carries (POST /complaints/{id}/transitions). */
struct transition_input {
    char action[24];
    int64_t assignee_user_id;
    char note[4004];
    char root_cause[4004], action_taken[4004], remedy[4004];
    char recovery_strategy[804];
    uint32_t set; /* TI_* bits */
};
enum {
    TI_ACTION = 1u << 0, TI_ASSIGNEE = 1u << 1, TI_NOTE = 1u << 2, TI_ROOT_CAUSE = 1u << 3,
    TI_ACTION_TAKEN = 1u << 4, TI_REMEDY = 1u << 5, TI_RECOVERY = 1u << 6,
};

enum mn_status svc_ticket_create(struct svc_ctx *ctx, const struct ticket_input *in,
                                 struct ticket *out, struct mn_error *err);
enum mn_status svc_ticket_get(struct svc_ctx *ctx, int64_t id, struct ticket *out);
/* q is narrowed to the caller's scope. */
enum mn_status svc_ticket_list(struct svc_ctx *ctx, struct ticket_query *q,
                               struct ticket **items, size_t *n);
enum mn_status svc_ticket_transition(struct svc_ctx *ctx, int64_t id,
                                     const struct transition_input *in, struct ticket *out,
                                     struct mn_error *err);
/* Sets the CLEAR flags (TICKET_CLEAR_* bits) while the ticket is being handled. */
enum mn_status svc_ticket_clear(struct svc_ctx *ctx, int64_t id, unsigned flags,
                                struct ticket *out, struct mn_error *err);
enum mn_status svc_ticket_note(struct svc_ctx *ctx, int64_t id, const char *note,
                               struct ticket_event *out, struct mn_error *err);
/* The timeline (free with ticket_events_free). */
enum mn_status svc_ticket_timeline(struct svc_ctx *ctx, int64_t id, struct ticket_event **items,
                                   size_t *n);
/* Department managers of the store the caller may route a ticket to. */
enum mn_status svc_complaint_assignees(struct svc_ctx *ctx, int64_t store_id,
                                       struct complaint_recipient **items, size_t *n);

/* ---- corrective actions ---- */
struct action_input {
    char title[804];
    char owner_name[204];
    int64_t owner_user_id;
    char due_at[40];          /* RFC 3339 or YYYY-MM-DD (end of that day, tenant's zone) */
    char evidence[8004];
    char state[12];           /* done | verified | open (rejecting a "done") */
    char verify_note[2004];
    uint32_t set;             /* AI_* bits */
};
enum {
    AI_TITLE = 1u << 0, AI_OWNER_NAME = 1u << 1, AI_OWNER_USER = 1u << 2, AI_DUE = 1u << 3,
    AI_EVIDENCE = 1u << 4, AI_STATE = 1u << 5, AI_VERIFY_NOTE = 1u << 6,
};
enum mn_status svc_action_create(struct svc_ctx *ctx, int64_t ticket_id,
                                 const struct action_input *in, struct corrective_action *out,
                                 struct mn_error *err);
enum mn_status svc_action_update(struct svc_ctx *ctx, int64_t ticket_id, int64_t id,
                                 const struct action_input *in, struct corrective_action *out,
                                 struct mn_error *err);
enum mn_status svc_action_list(struct svc_ctx *ctx, struct action_query *q,
                               struct corrective_action **items, size_t *n);

/* ---- attachments ---- */
enum { COMPLAINT_ATTACHMENT_MAX = 5 << 20 };
enum mn_status svc_attachment_add(struct svc_ctx *ctx, int64_t ticket_id, const char *filename,
                                  const char *content_type, const void *data, size_t len,
                                  struct ticket_attachment *out, struct mn_error *err);
enum mn_status svc_attachment_list(struct svc_ctx *ctx, int64_t ticket_id,
                                   struct ticket_attachment **items, size_t *n);
/* Fills the record and the file's path on disk (path has room for 512 bytes). */
enum mn_status svc_attachment_get(struct svc_ctx *ctx, int64_t ticket_id, int64_t id,
                                  struct ticket_attachment *out, char path[512]);

/* ---- categories and settings ---- */
struct category_input { struct complaint_category v; uint32_t set; };
enum { CI_CODE = 1u << 0, CI_NAME = 1u << 1, CI_SCRIPTS = 1u << 2, CI_STRATEGIES = 1u << 3,
       CI_SORT = 1u << 4, CI_ACTIVE = 1u << 5 };
enum mn_status svc_category_list(struct svc_ctx *ctx, struct complaint_category **items,
                                 size_t *n);
enum mn_status svc_category_create(struct svc_ctx *ctx, const struct category_input *in,
                                   struct complaint_category *out, struct mn_error *err);
enum mn_status svc_category_update(struct svc_ctx *ctx, int64_t id,
                                   const struct category_input *in,
                                   struct complaint_category *out, struct mn_error *err);
/* Writes the default taxonomy into a tenant that has none (idempotent). */
enum mn_status complaint_ensure_categories(struct db *db, int64_t tenant_id);

/* Settings are read and written as JSON (the policy nests per severity and stage). */
enum mn_status svc_complaint_settings_get(struct svc_ctx *ctx, json_t **out);
enum mn_status svc_complaint_settings_update(struct svc_ctx *ctx, const json_t *body,
                                             json_t **out, struct mn_error *err);

/* ---- notifications ---- */
enum mn_status svc_notification_list(struct svc_ctx *ctx, int64_t before_id, int limit,
                                     bool unread_only, struct notification **items, size_t *n,
                                     int64_t *unread);
enum mn_status svc_notification_read(struct svc_ctx *ctx, int64_t id);

/* ---- figures ---- */
struct complaint_stats_query {
    struct civil_date from, to;  /* inclusive local dates; year 0 = default (last 30 days) */
    int64_t store_id, department_id;
    const char *group_by;        /* "" | store | department | category | month */
};
/* {"overall":Figures,"groups":[{"key","label","figures"}…],"open_by_age":[…]} */
enum mn_status svc_complaint_stats(struct svc_ctx *ctx, const struct complaint_stats_query *q,
                                   json_t **out, struct mn_error *err);

/* ---- encoders ---- */
json_t *encode_ticket(const struct ticket *t, bool mask_pii);
json_t *encode_ticket_event(const struct ticket_event *e);
json_t *encode_action(const struct corrective_action *a, int64_t now);
json_t *encode_attachment(const struct ticket_attachment *a);
json_t *encode_category(const struct complaint_category *c);
json_t *encode_notification(const struct notification *x);

/* ---- jobs (act as the system, across tenants) ---- */
enum mn_status complaint_consume_alerts(struct db *db, int64_t now, int *created, int *skipped);
enum mn_status complaint_escalate_overdue(struct db *db, int64_t now, int *escalated);
enum mn_status complaint_deliver(struct db *db, int64_t now, int *sent, int *failed);

/* The tenant's SLA calendar and policy (defaults when never saved). Holidays are copied into
 * the caller's buffers of cap dates each. */
struct complaint_clock {
    struct sla_calendar cal;
    struct complaint_sla_policy policy;
    struct civil_date holidays[64], extra[64];
    int64_t recomplaint_days;
    char webhook_url[512], webhook_secret[130];
};
enum mn_status complaint_clock_load(struct db *db, int64_t tenant_id, struct complaint_clock *c);

/* Demo complaints in various states (service/demo.def). */
enum mn_status complaint_demo_load(struct svc_ctx *ctx, const struct demo_org *org,
                                   struct mn_error *err);

#endif
