/* SPDX-License-Identifier: MIT */
/* Follow-up rule arithmetic (PRODUCT.md §3, issue 3): a task's due date and call window for a
 * business event, the next attempt after a failed call (retry interval, quiet hours, window),
 * closing as unreachable, maintenance-reminder due dates from plan and mileage history, and the
 * deterministic task key. Dates are the tenant's local civil dates (core/civil.h); the clock is
 * always a parameter. Matching events to rules and storing tasks happen in the store/jobs. */
#ifndef MANYI_CORE_FOLLOWUP_H
#define MANYI_CORE_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/civil.h"
#include "core/status.h"

/* Stable codes: stored with rules and events, so never renumber. */
enum followup_event {
    FOLLOWUP_EVENT_SALE = 0,    /* 新车销售: call on day 7 by default */
    FOLLOWUP_EVENT_SERVICE = 1, /* 售后服务: call on day 3 by default */
    FOLLOWUP_EVENT_REPAIR = 2,
    FOLLOWUP_EVENT_OTHER = 3,
};

struct followup_rule {
    int64_t id;                    /* > 0; part of the task key */
    enum followup_event trigger;
    int offset_days;               /* due date = event date + offset_days (0..3650) */
    int window_days;               /* on time on the due date and window_days - 1 after (>= 1) */
    int quiet_start_min;           /* local minute of day from which no calls (21:00 = 1260) */
    int quiet_end_min;             /* local minute of day calls resume (e.g. 09:00 = 540); equal
                                    * to quiet_start_min means no quiet hours. May cross midnight. */
    int max_attempts;              /* failed attempts before closing as unreachable (>= 1) */
    int retry_minutes;             /* wait after a failed attempt (>= 1) */
};

/* The shipped defaults of issue 3: sale -> day 7, service visit -> day 3, both due within
 * 2 days, no calls 21:00-09:00, 3 attempts two hours apart. */
struct followup_rule followup_rule_default(enum followup_event trigger);

/* Checks a rule's fields against the ranges above; fills err ("offset_days", ...). */
enum mn_status followup_rule_check(const struct followup_rule *r, struct mn_error *err);

struct followup_schedule {
    struct civil_date due;        /* first day of the window */
    struct civil_date window_end; /* last day on which the call is on time */
    int64_t open_at;              /* first allowed call instant on the due date (epoch s) */
    int64_t close_at;             /* local midnight after window_end (epoch s); on time < this */
};

/* Due date and window of the task a rule makes for an event on local date event_date.
 * MN_ERR_INVALID for an invalid date or rule. */
enum mn_status followup_schedule_task(const struct followup_rule *r, struct civil_date event_date,
                                      int offset_min, struct followup_schedule *out);

/* True when local time t (epoch s at offset_min) falls in the rule's quiet hours. */
bool followup_in_quiet_hours(const struct followup_rule *r, int64_t t, int offset_min);

/* The earliest instant >= t outside quiet hours. */
int64_t followup_allowed_at(const struct followup_rule *r, int64_t t, int offset_min);

struct followup_next {
    bool close_unreachable; /* attempts are used up: close the task as unreachable */
    int64_t at;             /* otherwise: when to try again (epoch s) */
    bool after_window;      /* that retry is at or after close_at: the task will be overdue */
};

/* What follows a failed attempt at failed_at, the failed_attempts-th (counting it). Retry at
 * failed_at + retry interval, moved out of quiet hours; close as unreachable once
 * failed_attempts >= max_attempts. MN_ERR_INVALID when failed_attempts < 1. */
enum mn_status followup_after_failure(const struct followup_rule *r,
                                      const struct followup_schedule *s, int64_t failed_at,
                                      int failed_attempts, int offset_min,
                                      struct followup_next *out);

/* Writes the task's unique key "fu:<rule>:<event>:<seq>" (the store's unique constraint, so a
 * rule creates a task for an event exactly once per sequence number; seq numbers maintenance
 * stages). MN_ERR_INVALID for ids < 1 or seq < 0; MN_ERR_TOO_LARGE when buf is too small. */
enum mn_status followup_task_key(int64_t rule_id, int64_t event_id, int seq, char *buf,
                                 size_t len);

/* ---- maintenance reminders (常规保养提醒) -------------------------------------------------- */

struct maint_plan {
    int first_months;     /* first service at most this many months after the sale */
    int64_t first_km;     /* ... or at this odometer reading, whichever comes first */
    int64_t second_km;    /* then at this reading (10,000 km) */
    int64_t interval_km;  /* then every interval_km ... */
    int interval_months;  /* ... or interval_months after the previous due date, first wins */
};

/* Defaults: first at 3 months or 5,000 km, then 10,000 km, then every 10,000 km or 6 months. */
struct maint_plan maint_plan_default(void);

struct maint_reading {
    struct civil_date date; /* when the odometer was read (service visit, call) */
    int64_t km;
};

/* Average km per day from the mileage history: least-squares slope over the readings when
 * there are two or more on different dates; with one reading, the line from (sale, 0 km) to it.
 * *have_rate is false (fall back to months) with no readings, a zero time span, or a slope
 * <= 0 (an odometer error must not push reminders to infinity). */
void maint_km_per_day(struct civil_date sale, const struct maint_reading *readings, size_t n,
                      double *km_per_day, bool *have_rate);

/* Odometer target of stage (0 = first service, 1 = second_km, k >= 2 = second_km +
 * (k - 1) * interval_km). */
int64_t maint_stage_km(const struct maint_plan *p, int stage);

struct maint_due {
    struct civil_date due;  /* the reminder's due date (may be in the past: overdue) */
    int64_t target_km;      /* the stage's odometer target */
    bool by_km;             /* the km estimate came before the months limit */
};

/* Due date of a stage. The months limit is sale + first_months for stage 0 and, for later
 * stages, prev_due + interval_months (prev_due: the previous stage's due date, or the date of
 * the previous service when known). The km date projects from the latest reading (or from the
 * sale at 0 km) at maint_km_per_day's rate, rounded up to whole days. MN_ERR_INVALID for a
 * bad plan, stage < 0, or stage > 0 without prev_due. */
enum mn_status maint_due_date(const struct maint_plan *p, struct civil_date sale,
                              const struct civil_date *prev_due,
                              const struct maint_reading *readings, size_t n, int stage,
                              struct maint_due *out);

#endif
