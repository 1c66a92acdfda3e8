/* SPDX-License-Identifier: MIT */
/* Complaint rules around the state machine: codes, SLA policy and stages, re-complaints,
 * delivery back-off and tallying facts for the figures (issue 5 §4, §6, §8). */
#include "core/complaint.h"

#include <stdlib.h>
#include <string.h>

static const char *const severity_codes[COMPLAINT_SEVERITY_COUNT] = {"normal", "urgent",
                                                                     "critical"};
static const char *const stage_codes[] = {"first_response", "resolution", "verification",
                                          "none"};
static const char *const sources[] = {"followup_call", "survey", "hotline",
                                      "walk_in",       "online", "manufacturer"};

const char *complaint_severity_code(enum complaint_severity s)
{
    return (unsigned)s < COMPLAINT_SEVERITY_COUNT ? severity_codes[s] : NULL;
}

enum mn_status complaint_severity_parse(const char *code, enum complaint_severity *out)
{
    for (int i = 0; code != NULL && i < COMPLAINT_SEVERITY_COUNT; i++)
        if (strcmp(code, severity_codes[i]) == 0) {
            *out = (enum complaint_severity)i;
            return MN_OK;
        }
    return MN_ERR_INVALID;
}

bool complaint_source_valid(const char *code)
{
    for (size_t i = 0; code != NULL && i < sizeof sources / sizeof *sources; i++)
        if (strcmp(code, sources[i]) == 0)
            return true;
    return false;
}

const char *complaint_stage_code(enum complaint_stage s)
{
    return (unsigned)s <= STAGE_NONE ? stage_codes[s] : NULL;
}

enum mn_status complaint_stage_parse(const char *code, enum complaint_stage *out)
{
    for (int i = 0; code != NULL && i <= STAGE_NONE; i++)
        if (strcmp(code, stage_codes[i]) == 0) {
            *out = (enum complaint_stage)i;
            return MN_OK;
        }
    return MN_ERR_INVALID;
}

enum complaint_stage complaint_stage_of(enum ticket_state s)
{
    switch (s) {
    case TICKET_REGISTERED:
    case TICKET_ASSIGNED:
    case TICKET_REOPENED:
        return STAGE_FIRST_RESPONSE;
    case TICKET_IN_PROGRESS:
    case TICKET_RESULT_WRITTEN:
        return STAGE_RESOLUTION;
    case TICKET_RETURNED_TO_CR:
    case TICKET_VERIFYING:
        return STAGE_VERIFICATION;
    case TICKET_CLOSED:
        break;
    }
    return STAGE_NONE;
}

struct complaint_sla_policy complaint_sla_default(void)
{
    /* 第一时间 for a safety issue is half an hour; a normal one gets half a working day. */
    return (struct complaint_sla_policy){
        .mode = SLA_WORKING,
        .minutes = {{240, 3 * 540, 540}, {60, 540, 240}, {30, 240, 120}},
    };
}

enum mn_status complaint_sla_check(const struct complaint_sla_policy *p, struct mn_error *err)
{
    if (p->mode != SLA_WORKING && p->mode != SLA_CALENDAR)
        return mn_fail(err, MN_ERR_INVALID, "sla_mode", "must be working or calendar");
    for (int s = 0; s < COMPLAINT_SEVERITY_COUNT; s++)
        for (int g = 0; g < COMPLAINT_STAGE_COUNT; g++)
            if (p->minutes[s][g] < 1 || p->minutes[s][g] > 525600)
                return mn_fail(err, MN_ERR_INVALID, "sla",
                               "%s %s must be 1 to 525600 minutes", severity_codes[s],
                               stage_codes[g]);
    return MN_OK;
}

bool complaint_is_recomplaint(int64_t prev_at, int64_t now, int64_t window_days)
{
    return window_days > 0 && prev_at <= now && now - prev_at <= window_days * 86400;
}

int64_t complaint_backoff_seconds(int64_t attempt)
{
    if (attempt < 1)
        attempt = 1;
    int64_t s = 30;
    for (int64_t i = 1; i < attempt && s < 6 * 3600; i++)
        s *= 4;
    return s < 6 * 3600 ? s : 6 * 3600;
}


static bool due_and_on_time(int64_t due, int64_t at, int64_t now, bool *on_time)
{
    *on_time = at != 0 && at <= due;
    return at != 0 || now > due;
}

enum mn_status complaint_tally(const struct complaint_fact *f, size_t n, int64_t now,
                               struct callstats_complaint_counts *c)
{
    if (n > 0 && f == NULL)
        return MN_ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (f[i].verify_satisfied < 0 || f[i].verify_satisfied > f[i].verify_count)
            return MN_ERR_INVALID;
    for (size_t i = 0; i < n; i++) {
        bool ok;
        c->complaints++;
        if (due_and_on_time(f[i].first_response_due, f[i].first_response_at, now, &ok)) {
            c->first_response_due++;
            c->first_response_on_time += ok;
        }
        if (due_and_on_time(f[i].resolution_due, f[i].resolved_at, now, &ok)) {
            c->resolution_due++;
            c->resolved_on_time += ok;
        }
        c->verified += f[i].verify_count;
        c->verified_satisfied += f[i].verify_satisfied;
        c->recomplaints += f[i].is_recomplaint;
    }
    return MN_OK;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

enum mn_status complaint_handling_minutes(const struct complaint_fact *f, size_t n, int64_t *out,
                                          size_t *n_out)
{
    if (n > 0 && (f == NULL || out == NULL))
        return MN_ERR_INVALID;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (f[i].closed_at == 0)
            continue;
        int64_t m = (f[i].closed_at - f[i].created_at) / 60;
        out[k++] = m < 0 ? 0 : m;
    }
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_i64);
    *n_out = k;
    return MN_OK;
}
