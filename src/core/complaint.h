/* SPDX-License-Identifier: MIT */
/* The complaint rules around the state machine (issue 5): severities and sources, the SLA policy
 * per severity and stage and which stage a state is in, re-complaint windows, the delivery
 * back-off for webhooks and email, and tallying ticket facts into the counts that
 * core/callstats turns into figures. Pure: no storage, no clock. */
#ifndef MANYI_CORE_COMPLAINT_H
#define MANYI_CORE_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/callstats.h"
#include "core/sla.h"
#include "core/status.h"
#include "core/ticket.h"

enum complaint_severity { SEV_NORMAL = 0, SEV_URGENT = 1, SEV_CRITICAL = 2 };
enum { COMPLAINT_SEVERITY_COUNT = 3 };

/* "normal", "urgent", "critical" (critical = safety related) or NULL. */
const char *complaint_severity_code(enum complaint_severity s);
enum mn_status complaint_severity_parse(const char *code, enum complaint_severity *out);

/* Where a complaint came from: followup_call, survey, hotline, walk_in, online, manufacturer. */
bool complaint_source_valid(const char *code);

/* The three SLA clocks of a ticket (issue 5 §4). */
enum complaint_stage {
    STAGE_FIRST_RESPONSE = 0, /* "第一时间": until the department accepts */
    STAGE_RESOLUTION = 1,     /* until the result is written */
    STAGE_VERIFICATION = 2,   /* from the return to CR until the verification call ends */
    STAGE_NONE = 3,           /* closed */
};
enum { COMPLAINT_STAGE_COUNT = 3 };

const char *complaint_stage_code(enum complaint_stage s); /* "first_response" … "none" */
enum mn_status complaint_stage_parse(const char *code, enum complaint_stage *out);

/* The stage a ticket in state s is in. Resolution is measured from the start of the cycle
 * (registration or the last reopening), so it overlaps the first-response stage; the job
 * watches the stage returned here. */
enum complaint_stage complaint_stage_of(enum ticket_state s);

struct complaint_sla_policy {
    enum sla_mode mode;
    int64_t minutes[COMPLAINT_SEVERITY_COUNT][COMPLAINT_STAGE_COUNT];
};

/* Working-hours defaults: normal 4 h / 3 days / 1 day; urgent 1 h / 1 day / 4 h;
 * critical 30 min / 4 h / 2 h (a working day is 9 hours). */
struct complaint_sla_policy complaint_sla_default(void);

/* Checks every minute count is 1..525600 (a year). MN_ERR_INVALID names "sla". */
enum mn_status complaint_sla_check(const struct complaint_sla_policy *p, struct mn_error *err);

/* Whether a complaint registered at now by the same customer in the same category as one
 * registered at prev_at is a re-complaint: prev_at within window_days before now (inclusive).
 * window_days <= 0 switches detection off. */
bool complaint_is_recomplaint(int64_t prev_at, int64_t now, int64_t window_days);

/* Delivery back-off: after the attempt-th failed attempt (1-based), wait 30 s, 2 min, 8 min,
 * 32 min, then 2 h 8 min, capped at 6 h. */
int64_t complaint_backoff_seconds(int64_t attempt);
/* A delivery is given up after this many failed attempts (about a day and a half). */
enum { COMPLAINT_MAX_ATTEMPTS = 10 };

/* What the figures need to know of one ticket (0 = not happened). */
struct complaint_fact {
    int64_t created_at;
    int64_t first_response_due, first_response_at;
    int64_t resolution_due, resolved_at;
    int64_t closed_at;
    int64_t verify_count, verify_satisfied;
    bool is_recomplaint;
};

/* Adds the tickets to counts (complaints, first response and resolution due / on time,
 * verifications, re-complaints; events are left alone). A deadline counts as due once it has
 * passed at now or the step has happened; on time when the step happened at or before it.
 * MN_ERR_INVALID for NULL with n > 0 or impossible facts (satisfied > verified). */
enum mn_status complaint_tally(const struct complaint_fact *f, size_t n, int64_t now,
                               struct callstats_complaint_counts *counts);

/* Handling times in whole minutes (closed_at - created_at) of the closed tickets, written to
 * out (room for n) in ascending order; *n_out is how many. */
enum mn_status complaint_handling_minutes(const struct complaint_fact *f, size_t n, int64_t *out,
                                          size_t *n_out);

#endif
