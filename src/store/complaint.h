/* SPDX-License-Identifier: MIT */
/* The complaint loop's records (issue 5): tickets and their append-only timeline, categories
 * with scripts and strategies, settings, corrective actions, attachments, notifications, the
 * delivery outbox, and the claims of the jobs (survey alerts, SLA escalations, deliveries).
 * Every function takes the tenant and filters by it, except the jobs' cross-tenant walks, which
 * return the tenant of each row. Scope is decided in service/ and passed as filters. */
#ifndef MANYI_STORE_COMPLAINT_H
#define MANYI_STORE_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "store/org.h"

struct complaint_settings {
    int64_t tenant_id;
    char sla_mode[12];         /* working | calendar */
    int64_t weekday_mask, work_start_min, work_end_min;
    char holidays[2000];       /* comma-separated YYYY-MM-DD */
    char extra_workdays[2000];
    char sla_json[600];        /* {"normal":{"first_response":240,…},…} or "" = defaults */
    int64_t recomplaint_days;
    char webhook_url[512];
    char webhook_secret[130];
    int64_t updated_at;
};

struct complaint_category {
    int64_t id, tenant_id;
    char code[33];
    char name[204];          /* 1–50 characters */
    char scripts[8004];      /* ≤ 2000 characters, one script per line */
    char strategies[8004];
    int64_t sort_order;
    int active;
    int64_t created_at, updated_at;
};

struct ticket {
    int64_t id, tenant_id, store_id;
    int64_t department_id, suggested_department_id, assignee_user_id, registered_by; /* 0 none */
    int64_t customer_id, event_id, followup_task_id, alert_id;
    char source[16];
    int64_t category_id;
    char severity[12];
    char title[404];          /* 1–100 characters */
    char description[8004];   /* ≤ 2000 characters */
    char state[20];
    int64_t escalation_level, clear_flags;
    char root_cause[4004], action_taken[4004], remedy[4004]; /* ≤ 1000 characters each */
    char recovery_strategy[804];
    int64_t recomplaint_of, recomplaint_count;
    int64_t cycle_start, first_response_due, first_response_at, resolution_due, resolved_at;
    char sla_stage[20];
    int64_t sla_start, sla_minutes, sla_due, sla_level;
    int64_t verify_count, verify_satisfied, closed_at, created_at, updated_at;
    /* joined for display, read-only */
    char category_name[204], store_name[404], department_name[404], assignee_name[204];
    char customer_name[204], customer_phone[12];
};

struct ticket_query {
    int64_t after;
    int limit;
    const char *states;        /* ",registered,reopened," or "" = any */
    int64_t store_id, department_id, category_id, assignee_user_id, customer_id; /* 0 = any */
    const char *severity;      /* "" = any */
    const char *source;        /* "" = any */
    int64_t created_before;    /* 0 = any: created at or before (the "age" filter) */
    int64_t overdue_at;        /* 0 = any: open and sla_due before this */
    const char *q;             /* substring of the title, "" = any */
};

struct ticket_event {
    int64_t id, tenant_id, ticket_id, at, user_id;
    char username[72];
    char kind[24];
    char from_state[20], to_state[20];
    char note[4004];          /* ≤ 1000 characters */
    char *data_json;           /* owned; NULL reads as "{}" */
};

struct corrective_action {
    int64_t id, tenant_id, ticket_id, store_id, department_id;
    char title[804];           /* 1–200 characters */
    char owner_name[204];
    int64_t owner_user_id, due_at;
    char evidence[8004];
    char state[12];            /* open | done | verified */
    int64_t done_at, verified_at, verified_by;
    char verify_note[2004];
    int64_t created_at, updated_at;
};

struct ticket_attachment {
    int64_t id, tenant_id, ticket_id;
    char filename[404];
    char content_type[80];
    int64_t size_bytes;
    char storage_key[200];
    int64_t uploaded_by, created_at;
};

struct notification {
    int64_t id, tenant_id, user_id, ticket_id;
    char kind[24];
    char title[404];
    char body[2004];
    int64_t created_at, read_at;
};

struct complaint_delivery {
    int64_t id, tenant_id;
    char channel[12];          /* webhook | email */
    char event[40];
    char target[512];
    char subject[404];
    char *payload;             /* owned */
    int64_t attempts, next_attempt_at, delivered_at, failed_at, created_at;
    char last_error[300];
};

/* A user to notify: id, their employee's email ("" = none). */
struct complaint_recipient {
    int64_t user_id;
    char email[255];
    char display_name[204];
    int64_t department_id;
    char department_name[404];
};

/* ---- settings and categories ---- */
/* MN_ERR_NOT_FOUND when the tenant has never saved settings. */
enum mn_status complaint_settings_get(struct db *db, int64_t tenant_id,
                                      struct complaint_settings *out);
enum mn_status complaint_settings_put(struct db *db, struct complaint_settings *s);

/* Inserts c unless its code exists (idempotent defaults). */
enum mn_status complaint_category_insert_default(struct db *db, const struct complaint_category *c);
/* MN_ERR_CONFLICT when the code is taken. */
enum mn_status complaint_category_insert(struct db *db, struct complaint_category *c);
enum mn_status complaint_category_get(struct db *db, int64_t tenant_id, int64_t id,
                                      struct complaint_category *out);
enum mn_status complaint_category_get_by_code(struct db *db, int64_t tenant_id, const char *code,
                                              struct complaint_category *out);
enum mn_status complaint_category_update(struct db *db, struct complaint_category *c);
enum mn_status complaint_category_count(struct db *db, int64_t tenant_id, int64_t *n);
/* All of a tenant's categories by sort order; [out] items malloc'd (caller frees). */
enum mn_status complaint_category_list(struct db *db, int64_t tenant_id,
                                       struct complaint_category **items, size_t *n);

/* ---- tickets ---- */
enum mn_status ticket_insert(struct db *db, struct ticket *t);
enum mn_status ticket_get(struct db *db, int64_t tenant_id, int64_t id, struct ticket *out);
/* Writes the mutable fields of t if its state is still expect_state; MN_ERR_CONFLICT when
 * another request changed it first. */
enum mn_status ticket_update(struct db *db, struct ticket *t, const char *expect_state);
/* [out] items malloc'd array (caller frees). */
enum mn_status ticket_list(struct db *db, int64_t tenant_id, const struct ticket_query *q,
                           struct ticket **items, size_t *n);
/* The customer's latest ticket in the category other than exclude_id; MN_ERR_NOT_FOUND if none. */
enum mn_status ticket_find_previous(struct db *db, int64_t tenant_id, int64_t customer_id,
                                    int64_t category_id, int64_t exclude_id, int64_t *id,
                                    int64_t *created_at);
enum mn_status ticket_add_recomplaint(struct db *db, int64_t tenant_id, int64_t id);

enum mn_status ticket_event_insert(struct db *db, struct ticket_event *e);
/* [out] items in id order; free with ticket_events_free. */
enum mn_status ticket_event_list(struct db *db, int64_t tenant_id, int64_t ticket_id,
                                 struct ticket_event **items, size_t *n);
void ticket_events_free(struct ticket_event *items, size_t n);

/* ---- corrective actions ---- */
enum mn_status corrective_action_insert(struct db *db, struct corrective_action *a);
enum mn_status corrective_action_get(struct db *db, int64_t tenant_id, int64_t id,
                                     struct corrective_action *out);
enum mn_status corrective_action_update(struct db *db, struct corrective_action *a);
/* ticket_id != 0: that ticket's actions; else by scope (store_id, department_id; 0 = any),
 * open_only, overdue_at (0 = any: not verified and due before it). Keyset on id. */
struct action_query {
    int64_t after;
    int limit;
    int64_t ticket_id, store_id, department_id, overdue_at;
    bool open_only;
};
enum mn_status corrective_action_list(struct db *db, int64_t tenant_id,
                                      const struct action_query *q,
                                      struct corrective_action **items, size_t *n);

/* ---- attachments ---- */
enum mn_status ticket_attachment_insert(struct db *db, struct ticket_attachment *a);
enum mn_status ticket_attachment_get(struct db *db, int64_t tenant_id, int64_t ticket_id,
                                     int64_t id, struct ticket_attachment *out);
enum mn_status ticket_attachment_list(struct db *db, int64_t tenant_id, int64_t ticket_id,
                                      struct ticket_attachment **items, size_t *n);

/* ---- notifications ---- */
enum mn_status notification_insert(struct db *db, struct notification *n);
/* A user's notifications, newest first: ids below before_id (0 = newest). */
enum mn_status notification_list(struct db *db, int64_t tenant_id, int64_t user_id,
                                 int64_t before_id, int limit, bool unread_only,
                                 struct notification **items, size_t *n);
/* MN_ERR_NOT_FOUND when not the user's. */
enum mn_status notification_mark_read(struct db *db, int64_t tenant_id, int64_t user_id,
                                      int64_t id, int64_t now);
enum mn_status notification_unread_count(struct db *db, int64_t tenant_id, int64_t user_id,
                                         int64_t *n);

/* ---- recipients ---- */
/* Active users of a role (store_id 0 = any store of the tenant), with their employee's email. */
enum mn_status complaint_recipients(struct db *db, int64_t tenant_id, const char *role,
                                    int64_t store_id, struct complaint_recipient **items,
                                    size_t *n);
enum mn_status complaint_recipient_get(struct db *db, int64_t tenant_id, int64_t user_id,
                                       struct complaint_recipient *out, char role[16],
                                       int64_t *store_id);

/* ---- outbox ---- */
enum mn_status complaint_delivery_insert(struct db *db, struct complaint_delivery *d);
/* Ids of undelivered, unfailed rows due at now and not locked, oldest first (all tenants). */
enum mn_status complaint_delivery_due(struct db *db, int64_t now, int limit, int64_t *ids,
                                      size_t *n);
/* Locks row id until now + lease and counts the attempt, if it is still due and unlocked.
 * *claimed false when another server took it. Fills out (payload owned). */
enum mn_status complaint_delivery_claim(struct db *db, int64_t id, int64_t now, int64_t lease,
                                        bool *claimed, struct complaint_delivery *out);
/* Records an attempt's outcome: delivered, a retry at next_at, or failed for good. */
enum mn_status complaint_delivery_done(struct db *db, int64_t id, int64_t now, bool delivered,
                                       bool give_up, int64_t next_at, const char *error);
void complaint_delivery_release(struct complaint_delivery *d);

/* ---- survey alerts ---- */
struct pending_alert {
    int64_t id, tenant_id, customer_id, event_id, store_id, department_id, survey_id;
    char reason[404];
    int64_t created_at;
};
/* Unconsumed low-score alerts of every tenant, oldest first. */
enum mn_status complaint_alerts_pending(struct db *db, int limit, struct pending_alert *items,
                                        size_t *n);
/* Marks the alert consumed by ticket_id (0 = consumed without a ticket) if nobody else did;
 * *claimed reports whether this call won. */
enum mn_status complaint_alert_claim(struct db *db, int64_t tenant_id, int64_t id, int64_t now,
                                     int64_t ticket_id, bool *claimed);
/* The store of an event or customer, for an alert without one (0 when neither has one). */
enum mn_status complaint_store_of(struct db *db, int64_t tenant_id, int64_t event_id,
                                  int64_t customer_id, int64_t *store_id);

/* ---- SLA job ---- */
struct sla_candidate { int64_t id, tenant_id; };
/* Open tickets of every tenant whose stage deadline passed before now and whose level < 2. */
enum mn_status ticket_sla_candidates(struct db *db, int64_t now, int limit,
                                     struct sla_candidate *items, size_t *n);
/* Raises sla_level from old_level to new_level (and escalation_level to at least new_level)
 * if nobody did first; *claimed says whether this call won. */
enum mn_status ticket_sla_raise(struct db *db, int64_t tenant_id, int64_t id, int64_t old_level,
                                int64_t new_level, int64_t now, bool *claimed);

/* ---- figures ---- */
struct ticket_fact_row {
    int64_t store_id, department_id, category_id;
    int64_t created_at, first_response_due, first_response_at, resolution_due, resolved_at;
    int64_t closed_at, verify_count, verify_satisfied, recomplaint_of;
    bool open;
};
/* Tickets created in [from, to) within the scope filters (0 = any), at most cap rows. */
enum mn_status ticket_facts(struct db *db, int64_t tenant_id, int64_t from, int64_t to,
                            int64_t store_id, int64_t department_id, size_t cap,
                            struct ticket_fact_row **items, size_t *n);
/* Business events that occurred in [from, to), per store and department. */
struct event_count_row { int64_t store_id, department_id, occurred_at, n; };
enum mn_status complaint_event_counts(struct db *db, int64_t tenant_id, int64_t from, int64_t to,
                                      int64_t store_id, int64_t department_id,
                                      struct event_count_row **items, size_t *n);

#endif
