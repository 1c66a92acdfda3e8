/* SPDX-License-Identifier: MIT */
/* Use cases of customers, business events and follow-up calls (回访管理, issue 3): customer
 * records with masked personal data and an audited reveal, events, rules, the work queue
 * (claim, assign, calls), figures, imports, and the demo loader. Role and scope rules: a rule
 * gives its tasks to a role (assign_role); cr_agent works their store's CR tasks, staff and
 * dept_manager the tasks of their role in their store and department (the pool and their own,
 * core/role.h role_sees_task); store_manager sees and assigns in their store, admin/auditor see
 * the tenant, auditor never writes; out of scope answers "not found". */
#ifndef MANYI_SERVICE_FOLLOWUP_H
#define MANYI_SERVICE_FOLLOWUP_H

#include <jansson.h>
#include <stdio.h>

#include "service/demo.h"
#include "service/service.h"
#include "store/customers.h"
#include "store/followup.h"

/* --- customers and events (service/customers.c) --- */
enum customer_field {
    CF_STORE_ID = 1u << 0, CF_NAME = 1u << 1, CF_PHONE = 1u << 2, CF_EMAIL = 1u << 3,
    CF_CHANNEL = 1u << 4, CF_CONSENT = 1u << 5, CF_DND = 1u << 6, CF_TAGS = 1u << 7,
    CF_BIRTHDAY = 1u << 8, CF_EXTERNAL_ID = 1u << 9,
};
struct customer_input { struct customer v; char phone_raw[40]; uint32_t set; };

enum event_field {
    EF_CUSTOMER_ID = 1u << 0, EF_STORE_ID = 1u << 1, EF_DEPARTMENT_ID = 1u << 2,
    EF_EMPLOYEE_ID = 1u << 3, EF_TYPE = 1u << 4, EF_OCCURRED_ON = 1u << 5, EF_AMOUNT = 1u << 6,
    EF_VIN = 1u << 7, EF_PLATE = 1u << 8, EF_MODEL = 1u << 9, EF_MILEAGE = 1u << 10,
    EF_EXTERNAL_ID = 1u << 11,
};
struct event_input { struct business_event v; uint32_t set; };

/* Owned JSON of a customer; phone and email masked when mask is true. */
json_t *encode_customer(const struct customer *c, bool mask);
json_t *encode_event(const struct business_event *e);

enum mn_status svc_customer_create(struct svc_ctx *ctx, struct customer_input *in,
                                   struct customer *out, struct mn_error *err);
enum mn_status svc_customer_get(struct svc_ctx *ctx, int64_t id, struct customer *out);
enum mn_status svc_customer_update(struct svc_ctx *ctx, int64_t id, struct customer_input *in,
                                   struct customer *out, struct mn_error *err);
enum mn_status svc_customer_list(struct svc_ctx *ctx, struct list_query *q,
                                 struct customer **items, size_t *n);
/* The unmasked record for a caller who must call the customer; audit-logged as "view_pii". */
enum mn_status svc_customer_reveal(struct svc_ctx *ctx, int64_t id, struct customer *out);
/* The 360° view: customer, events, follow-up tasks with their calls. [out] owned JSON. */
enum mn_status svc_customer_overview(struct svc_ctx *ctx, int64_t id, json_t **out);

enum mn_status svc_event_create(struct svc_ctx *ctx, struct event_input *in,
                                struct business_event *out, struct mn_error *err);
enum mn_status svc_event_get(struct svc_ctx *ctx, int64_t id, struct business_event *out);
/* A customer's events (customer_id required). items freed with events_free. */
enum mn_status svc_event_list(struct svc_ctx *ctx, int64_t customer_id, struct list_query *q,
                              struct business_event **items, size_t *n);

/* --- rules, queue, calls, figures (service/followup.c) --- */
enum rule_field {
    RF_CODE = 1u << 0, RF_NAME = 1u << 1, RF_TRIGGER = 1u << 2, RF_STORE_ID = 1u << 3,
    RF_TASK_TYPE = 1u << 4, RF_OFFSET = 1u << 5, RF_WINDOW = 1u << 6, RF_QUIET_START = 1u << 7,
    RF_QUIET_END = 1u << 8, RF_MAX_ATTEMPTS = 1u << 9, RF_RETRY = 1u << 10,
    RF_SURVEY_ID = 1u << 11, RF_ASSIGN = 1u << 12, RF_SCRIPT = 1u << 13, RF_ACTIVE = 1u << 14,
    RF_TEAM = 1u << 15, RF_ROLE = 1u << 16,
};
struct rule_input { struct fu_rule v; uint32_t set; };

/* Users a rule's team may name (they fit fu_rule.assign_team as ",id,…,"). */
enum { FU_TEAM_MAX = 32 };

json_t *encode_rule(const struct fu_rule *r);
json_t *encode_task(const struct fu_task *t);
json_t *encode_call(const struct fu_call *c);

enum mn_status svc_rule_list(struct svc_ctx *ctx, struct fu_rule **items, size_t *n);
enum mn_status svc_rule_get(struct svc_ctx *ctx, int64_t id, struct fu_rule *out);
enum mn_status svc_rule_create(struct svc_ctx *ctx, struct rule_input *in, struct fu_rule *out,
                               struct mn_error *err);
enum mn_status svc_rule_update(struct svc_ctx *ctx, int64_t id, struct rule_input *in,
                               struct fu_rule *out, struct mn_error *err);

struct task_filter {
    const char *view;     /* today | overdue | retry | done | upcoming | all (NULL = all) */
    bool mine;            /* only the caller's tasks */
    bool unassigned;      /* only the pool */
    int64_t store_id, assignee_id, customer_id;
};
enum mn_status svc_task_list(struct svc_ctx *ctx, const struct task_filter *f,
                             struct list_query *q, struct fu_task **items, size_t *n,
                             struct mn_error *err);
/* The call screen: task, rule (script, survey), customer (masked per role), event, calls. */
enum mn_status svc_task_detail(struct svc_ctx *ctx, int64_t id, json_t **out);
enum mn_status svc_task_claim(struct svc_ctx *ctx, int64_t id, struct fu_task *out,
                              struct mn_error *err);
/* assignee 0 returns the task to the store's pool. */
enum mn_status svc_task_assign(struct svc_ctx *ctx, int64_t id, int64_t assignee,
                               struct fu_task *out, struct mn_error *err);
struct fu_call_input { char outcome[16]; char notes[2004]; char callback_at[40]; uint32_t set; };
enum { CALL_OUTCOME = 1u << 0, CALL_NOTES = 1u << 1, CALL_CALLBACK_AT = 1u << 2 };
enum mn_status svc_task_call(struct svc_ctx *ctx, int64_t id, struct fu_call_input *in,
                             struct fu_task *task_out, struct fu_call *call_out,
                             struct mn_error *err);
/* The task's customer unmasked, for the call: whoever works the task while it is open (and the
 * roles that see personal data anyway); audit-logged as "view_pii" on the customer. */
enum mn_status svc_task_reveal(struct svc_ctx *ctx, int64_t id, struct customer *out,
                               struct mn_error *err);
/* The rule's survey answered in the call (channel "call", linked to the task, its customer and
 * event; one response per task): whoever may call the task, while it is open. [out] owned
 * JSON {id, survey_id, version, channel, nps_category, alert, alert_reason}. */
enum mn_status svc_task_response(struct svc_ctx *ctx, int64_t id, const json_t *answers,
                                 json_t **out, struct mn_error *err);

/* Figures by group (store | department | agent | month) over tasks due in [from, to]
 * (YYYY-MM-DD; default: the last 30 days). [out] owned JSON {group, from, to, total, rows}. */
enum mn_status svc_followup_stats(struct svc_ctx *ctx, const char *group, const char *from,
                                  const char *to, int64_t store_id, json_t **out,
                                  struct mn_error *err);

/* --- the scheduler (service/followup_sched.c), run by jobs/followup.c --- */
struct fu_sched_result { int64_t tasks_created, events_seen, tenants; };
enum mn_status fu_schedule_run(struct db *db, int64_t now, struct fu_sched_result *out);

/* The tenant's civil date of instant t and its offset. */
enum mn_status fu_tenant_today(struct db *db, int64_t tenant_id, int64_t t, char today[11],
                               int *offset_min);

/* --- imports (service/import.c) --- */
/* A row source: calls row(arg, fields, n) for each record in order (the first is the header);
 * returns MN_OK, MN_ERR_INVALID (malformed file, err set), or the row callback's failure. */
typedef enum mn_status (*import_row_fn)(void *arg, char **fields, size_t n);
typedef enum mn_status (*import_source_fn)(void *src, import_row_fn row, void *arg,
                                           struct mn_error *err);
struct import_opts {
    const char *filename;
    const char *format;   /* csv | xlsx */
    bool dry_run;         /* preview: validate and show, write nothing */
    const char *mapping;  /* JSON object field → header, or NULL for the saved/default one */
};
/* Streams a customer+event file into the store in batches. [out] owned JSON: the import record
 * (or the preview: header, mapping, first rows, errors). Audited as one "import" entry. */
enum mn_status svc_import_run(struct svc_ctx *ctx, const struct import_opts *o,
                              import_source_fn source, void *src, json_t **out,
                              struct mn_error *err);
enum mn_status svc_import_get(struct svc_ctx *ctx, int64_t id, struct fu_import *out);
enum mn_status svc_import_list(struct svc_ctx *ctx, struct list_query *q,
                               struct fu_import **items, size_t *n);
/* Writes the error report (CSV: row,column,reason) of an import to f. */
enum mn_status svc_import_errors_csv(struct svc_ctx *ctx, int64_t id, FILE *f);
json_t *encode_import(const struct fu_import *im);
enum mn_status svc_import_mapping_get(struct svc_ctx *ctx, json_t **out);
enum mn_status svc_import_mapping_set(struct svc_ctx *ctx, json_t *mapping, json_t **out,
                                      struct mn_error *err);

/* --- demo (service/followup_demo.c) --- */
enum mn_status followup_demo_load(struct svc_ctx *ctx, const struct demo_org *org,
                                  struct mn_error *err);

#endif
