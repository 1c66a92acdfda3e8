/* SPDX-License-Identifier: MIT */
/* Follow-up rules, tasks (the CR work queue), call attempts, the scheduler's cursors and the
 * round-robin team of a store, and import runs with their per-row errors. Every function takes
 * the tenant and filters by it. Dates and figures are computed in core/, not here. */
#ifndef MANYI_STORE_FOLLOWUP_H
#define MANYI_STORE_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "store/customers.h"
#include "store/org.h"

struct fu_rule {
    int64_t id, tenant_id;
    char code[33];            /* sale_day7, service_day3, maintenance, or custom */
    char name[404];           /* 1–100 characters */
    char trigger_type[12];    /* sale | service | repair | other */
    int64_t store_id;         /* 0 = every store */
    char task_type[16];       /* satisfaction | maintenance | care */
    int64_t offset_days, window_days, quiet_start_min, quiet_end_min;
    int64_t max_attempts, retry_minutes;
    int64_t survey_id;        /* 0 = none */
    char assign_mode[8];      /* auto | manual */
    char assign_team[404];    /* ",12,15," = these users of assign_role (those in the event's
                               * store, or store and department); "" = every one of them */
    char assign_role[16];     /* who works the tasks: cr_agent (the store's CR agents; "" reads
                               * as cr_agent), staff or dept_manager (the event's store and
                               * department; events without one go to the store's CR agents) */
    char script[4004];        /* ≤ 1000 characters */
    int active;
    int64_t created_at, updated_at;
};

struct fu_task {
    int64_t id, tenant_id, rule_id, event_id, seq, customer_id, store_id;
    int64_t department_id;    /* 0 = none */
    char task_type[16];
    char due_on[11], window_end[11];
    int64_t open_at, close_at;
    char status[16];          /* open | done | unreachable | refused */
    int64_t assignee_id;      /* 0 = the store's pool */
    int64_t attempts, failed_attempts, connected_calls;
    int64_t next_attempt_at;
    char last_outcome[16];
    int64_t target_km;        /* -1 = not a maintenance reminder */
    int64_t completed_at;     /* 0 = open */
    int64_t created_at, updated_at;
    char customer_name[204];  /* read only: for the queue's rows */
    char rule_name[404];      /* read only */
    char assign_role[16];     /* the role whose users work it: "" = cr_agent, staff or
                               * dept_manager (set when made, from the rule) */
};

struct fu_call {
    int64_t id, tenant_id, task_id, user_id;
    char outcome[16];
    char notes[2004];         /* ≤ 500 characters */
    int64_t callback_at;      /* 0 = none */
    int64_t called_at;
};

/* --- rules --- */
/* Inserts the shipped default rules of a tenant once (by code); existing ones are kept. */
enum mn_status fu_rules_ensure_defaults(struct db *db, int64_t tenant_id);
enum mn_status fu_rules_insert(struct db *db, struct fu_rule *r);
enum mn_status fu_rules_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_rule *out);
enum mn_status fu_rules_update(struct db *db, struct fu_rule *r);
/* All rules of the tenant in id order (a handful). [out] items: malloc'd. */
enum mn_status fu_rules_list(struct db *db, int64_t tenant_id, struct fu_rule **items,
                             size_t *n);

/* --- scheduler support --- */
struct fu_tenant_zone { int64_t id; char timezone[64]; };
/* Every tenant with its zone. [out] items: malloc'd. */
enum mn_status fu_tenants_list(struct db *db, struct fu_tenant_zone **items, size_t *n);

struct fu_cursor { int64_t last_event_id; char last_due_on[11]; bool found; };
enum mn_status fu_cursor_get(struct db *db, int64_t tenant_id, int64_t rule_id,
                             struct fu_cursor *out);
enum mn_status fu_cursor_set(struct db *db, int64_t tenant_id, int64_t rule_id,
                             int64_t last_event_id, const char *last_due_on);

/* The trimmed event the scheduler needs. */
struct fu_event_row {
    int64_t id, customer_id, store_id, department_id;
    char occurred_on[11];
    int64_t mileage_km; /* -1 = unknown */
};
/* Sales with the odometer readings of their customer (events with a mileage), for the
 * maintenance reminders (customers without do-not-disturb and with consent): one row per
 * (sale, reading), a sale without readings once with reading_km -1; sales dated in
 * [from_on, to_on] with id > after_id, those without readings only up to bare_to_on; ordered
 * by (sale id, reading time), at most cap rows; a sale's readings may continue on the next page
 * (callers re-read that sale). */
struct fu_sale_reading {
    struct fu_event_row sale;
    char reading_on[11];
    int64_t reading_km; /* -1 = none */
};
enum mn_status fu_sales_with_readings(struct db *db, int64_t tenant_id, int64_t store_id,
                                      const char *from_on, const char *to_on,
                                      const char *bare_to_on, int64_t after_id,
                                      struct fu_sale_reading *rows, size_t cap, size_t *n);
/* The highest event id of the tenant (0 when none). */
enum mn_status fu_events_max_id(struct db *db, int64_t tenant_id, int64_t *out);
/* Inserts t unless (rule, event, seq) has a task already: *created tells which. Fills t->id. */
enum mn_status fu_tasks_insert_once(struct db *db, struct fu_task *t, bool *created);

/* Set-based creation for every event of `type` recorded on one day (id > min_id, store_id 0 =
 * any store): the schedule is the same for all of them, computed by the caller (core). Events
 * that already have the task are skipped (ON CONFLICT DO NOTHING), and so are customers who
 * asked not to be disturbed or gave no consent to be contacted. *created: tasks made. */
struct fu_day_schedule {
    const char *occurred_on, *due_on, *window_end;
    int64_t open_at, close_at;
};
/* The scheduler's scratch tables (TEMP, this connection only): fu_sched_days, the schedule of
 * each event date being walked, and fu_sched_team, the teams of the rule being run by team key
 * (see fu_sched_teams_load). Call outside a transaction before the others. */
enum mn_status fu_sched_scratch(struct db *db);
/* Replaces fu_sched_days with days[0..n). */
enum mn_status fu_sched_days_set(struct db *db, const struct fu_day_schedule *days, size_t n);
/* Fills fu_sched_team with rule r's teams (see fu_store_agents) and their round-robin
 * positions, by team key: a cr_agent rule's team in each store keyed by the store id; a staff or
 * dept_manager rule's team in each department keyed by the department id negated (never equal
 * to a store id), and each store's CR agents keyed by the store id for the events without a
 * department. */
enum mn_status fu_sched_teams_load(struct db *db, int64_t tenant_id, const struct fu_rule *r);
/* How fu_tasks_create_days finds the events: by the type/date index (a few dates, any id) or
 * along the primary key from min_id (a first run, or the events recorded since the last). */
enum fu_walk { FU_WALK_BY_DAY, FU_WALK_BY_ID };
/* Creates the tasks (seq 0) of rule r for its trigger events with id > min_id dated in
 * [from_on, to_on] and scheduled in fu_sched_days, except for customers who refused contact;
 * assigned round robin from fu_sched_team when the rule assigns automatically. maybe_done:
 * some of these events may have their task already (they are then skipped before taking a
 * turn). *created: tasks added. */
enum mn_status fu_tasks_create_days(struct db *db, int64_t tenant_id, const struct fu_rule *r,
                                    const char *from_on, const char *to_on, int64_t min_id,
                                    enum fu_walk walk, bool maybe_done, int64_t *created);
/* Moves each team's round-robin position on by the tasks of rule r with id > after_id that were
 * assigned (per store for the CR agents, per department for a department role). */
enum mn_status fu_rr_advance(struct db *db, int64_t tenant_id, const struct fu_rule *r,
                             int64_t after_id);
/* The highest task id of the tenant (0 when none). */
enum mn_status fu_tasks_max_id(struct db *db, int64_t tenant_id, int64_t *out);

/* Rule r's team for an event of (store_id, department_id), by id: with department_id 0 the
 * store's active CR agents (only those in r->assign_team when the rule is a cr_agent rule that
 * names a team), else the department's active users of r->assign_role (only those in
 * r->assign_team when set). [out] ids: caller's array of cap. */
enum mn_status fu_store_agents(struct db *db, int64_t tenant_id, int64_t store_id,
                               int64_t department_id, const struct fu_rule *r, int64_t *ids,
                               size_t cap, size_t *n);
/* Reserves count consecutive round-robin positions of a team, *first the first of them: the
 * store's CR team (department_id 0) or the department's team of role. */
enum mn_status fu_rr_reserve(struct db *db, int64_t tenant_id, int64_t store_id,
                             int64_t department_id, const char *role, int64_t count,
                             int64_t *first);
/* Whether rule r gives its tasks to a department role (staff, dept_manager). */
bool fu_rule_by_department(const struct fu_rule *r);

/* --- tasks --- */
enum fu_view { FU_VIEW_ALL, FU_VIEW_TODAY, FU_VIEW_OVERDUE, FU_VIEW_RETRY, FU_VIEW_DONE,
               FU_VIEW_UPCOMING };
struct fu_task_query {
    int64_t after;
    int limit;
    int64_t store_id;     /* 0 = any */
    int64_t assignee_id;  /* 0 = any */
    bool unassigned;      /* only the pool */
    int64_t customer_id;  /* 0 = any */
    int64_t department_id; /* 0 = any */
    const char *role;     /* only tasks worked by this role (NULL or "" = any) */
    int64_t pool_or;      /* only the pool and this user's tasks (0 = no such filter) */
    enum fu_view view;
    const char *today;    /* YYYY-MM-DD in the tenant's zone, for the views */
    int64_t now;
};
enum mn_status fu_tasks_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_task *out);
enum mn_status fu_tasks_list(struct db *db, int64_t tenant_id, const struct fu_task_query *q,
                             struct fu_task **items, size_t *n);
/* Writes the mutable fields (status, assignee, counters, next attempt, outcome, completion). */
enum mn_status fu_tasks_update(struct db *db, struct fu_task *t);

enum mn_status fu_calls_insert(struct db *db, struct fu_call *c);
/* A task's calls, oldest first, at most cap. [out] items: malloc'd. */
enum mn_status fu_calls_list(struct db *db, int64_t tenant_id, int64_t task_id,
                             struct fu_call **items, size_t *n);

/* --- figures --- */
enum fu_group { FU_GROUP_STORE, FU_GROUP_DEPARTMENT, FU_GROUP_AGENT, FU_GROUP_MONTH };
struct fu_stats_row {
    int64_t key;          /* store / department / user id (0 = none) */
    char month[8];        /* YYYY-MM for FU_GROUP_MONTH */
    int64_t tasks_due, done_on_time, tasks_attempted, tasks_reached, connected_calls, attempts;
};
/* Counts per group over tasks due in [from_on, to_on] (store_id 0 = all stores). A task counts
 * as due when it is closed or its window has closed by now. [out] rows: malloc'd. */
enum mn_status fu_stats(struct db *db, int64_t tenant_id, enum fu_group g, int64_t store_id,
                        const char *from_on, const char *to_on, int64_t now,
                        struct fu_stats_row **rows, size_t *n);

/* --- imports --- */
struct fu_import {
    int64_t id, tenant_id, user_id;
    char filename[404];
    char format[8];
    int64_t rows_total, rows_ok, rows_failed, customers_new, events_new;
    int64_t created_at;
    char status[16];          /* running | done | failed | interrupted */
    int64_t bytes_total, bytes_done;
    char error[404];          /* why it failed or stopped; "" */
    int64_t upload_id;        /* 0 = the file came as the request body (or the CLI's file) */
    char runner[96];          /* "host/pid/token" of the process running it */
    int64_t heartbeat_at;     /* its last committed batch */
    int64_t finished_at;      /* 0 = not yet */
};
struct fu_import_error { int64_t row_no; char column[128]; char reason[200]; };

/* Inserts with the given status, bytes_total, upload_id and runner (heartbeat now). A second
 * running import with an upload in a tenant: MN_ERR_CONFLICT (one background import per
 * tenant). */
enum mn_status fu_imports_insert(struct db *db, struct fu_import *im);
/* Writes the counts, bytes_done, status, error, finished_at, and the heartbeat (now). */
enum mn_status fu_imports_update(struct db *db, const struct fu_import *im);
/* Moves a running import to status (failed | interrupted) with error, keeping the counts of its
 * committed batches; *changed false when it was not running. */
enum mn_status fu_imports_stop(struct db *db, int64_t tenant_id, int64_t id, const char *status,
                               const char *error, int64_t now, bool *changed);
/* Every running import of every tenant (the start-up and housekeeping scans), id order, at most
 * cap. [out] items: malloc'd. */
enum mn_status fu_imports_running(struct db *db, size_t cap, struct fu_import **items, size_t *n);
enum mn_status fu_imports_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_import *out);
enum mn_status fu_imports_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                               struct fu_import **items, size_t *n);
enum mn_status fu_import_errors_insert(struct db *db, int64_t tenant_id, int64_t import_id,
                                       const struct fu_import_error *e);
/* Calls fn for each error of an import in row order; stops on a non-OK return. */
typedef enum mn_status (*fu_error_fn)(const struct fu_import_error *e, void *arg);
enum mn_status fu_import_errors_each(struct db *db, int64_t tenant_id, int64_t import_id,
                                     fu_error_fn fn, void *arg);
/* The first limit errors of an import in row order. [out] items: malloc'd. */
enum mn_status fu_import_errors_list(struct db *db, int64_t tenant_id, int64_t import_id,
                                     int limit, struct fu_import_error **items, size_t *n);

/* mapping_json: "" when none is saved (*found false). */
enum mn_status fu_mapping_get(struct db *db, int64_t tenant_id, const char *kind, char *out,
                              size_t cap, bool *found);
enum mn_status fu_mapping_set(struct db *db, int64_t tenant_id, const char *kind,
                              const char *mapping_json);

/* Import upserts: a customer by external id (updated only when a field differs; *created when
 * new; c->id filled) and an event by external id (kept as is when present; e->id is not
 * filled). */
enum mn_status fu_customer_upsert(struct db *db, struct customer *c, bool *created);
enum mn_status fu_event_insert_once(struct db *db, struct business_event *e, bool *created);
/* Small look-ups of the import: store by code, employee by number (0 when none). */
enum mn_status fu_store_by_code(struct db *db, int64_t tenant_id, const char *code, int64_t *id);
enum mn_status fu_employee_by_no(struct db *db, int64_t tenant_id, const char *no, int64_t *id,
                                 int64_t *store_id, int64_t *department_id);

#endif
