/* SPDX-License-Identifier: MIT */
/* The follow-up call workflow (issue 3 §5): what a call outcome does to a task (done, retry,
 * call back, unreachable, refused), civil date text (YYYY-MM-DD) in and out, and which
 * maintenance-reminder stage is due on a day. Pure: the clock and the zone offset are
 * parameters; storing the task is the service's job. */
#ifndef MANYI_CORE_FUCALL_H
#define MANYI_CORE_FUCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/civil.h"
#include "core/followup.h"
#include "core/status.h"

enum fu_outcome {
    FU_OUTCOME_CONNECTED = 0, /* reached and talked: the task is done */
    FU_OUTCOME_NO_ANSWER,     /* failed attempt: retry after the interval */
    FU_OUTCOME_BUSY,          /* failed attempt: retry after the interval */
    FU_OUTCOME_WRONG_NUMBER,  /* failed, and retrying cannot help: unreachable at once */
    FU_OUTCOME_REFUSED,       /* answered but declined the follow-up: closed as refused */
    FU_OUTCOME_CALLBACK,      /* answered, asked to be called back at a given time */
};
enum { FU_OUTCOME_COUNT = FU_OUTCOME_CALLBACK + 1 };

/* "connected" … "callback"; false for anything else. */
bool fu_outcome_parse(const char *s, enum fu_outcome *out);
const char *fu_outcome_code(enum fu_outcome o);

enum fu_status { FU_OPEN = 0, FU_DONE, FU_UNREACHABLE, FU_REFUSED };
bool fu_status_parse(const char *s, enum fu_status *out);
const char *fu_status_code(enum fu_status s);

/* The counters of a task that a call changes. */
struct fu_task_state {
    enum fu_status status;
    int64_t attempts;        /* every call */
    int64_t failed_attempts; /* no answer, busy, wrong number */
    int64_t connected_calls; /* connected and call-back calls: somebody answered */
    int64_t next_attempt_at; /* epoch s: not before this */
    int64_t completed_at;    /* epoch s, 0 while open */
};

/* Applies one call at `at` to st. callback_at is used for FU_OUTCOME_CALLBACK only and must be
 * after `at` (field "callback_at"); it is moved out of the rule's quiet hours. A failed attempt
 * retries after the rule's interval (out of quiet hours) or closes the task as unreachable once
 * max_attempts failures are reached. MN_ERR_CONFLICT when the task is not open. */
enum mn_status fu_apply_call(const struct followup_rule *r, struct fu_task_state *st,
                             enum fu_outcome o, int64_t at, int64_t callback_at, int offset_min,
                             struct mn_error *err);

/* "2026-11-22" → date; false unless exactly YYYY-MM-DD and a valid date. */
bool civil_date_parse(const char *s, struct civil_date *out);
/* Writes YYYY-MM-DD (11 bytes with NUL). */
void civil_date_format(struct civil_date d, char out[11]);

/* The maintenance stage due on `today`: the highest stage whose due date (maint_due_date, each
 * stage's months limit counted from the previous stage's due date) is on or before today, and
 * not more than lookback_days before it (older ones were missed or predate the data). *found
 * false when none. At most 100 stages are walked. */
enum mn_status maint_stage_due(const struct maint_plan *p, struct civil_date sale,
                               const struct maint_reading *readings, size_t n,
                               struct civil_date today, int lookback_days, bool *found,
                               int *stage, struct maint_due *due);

#endif
