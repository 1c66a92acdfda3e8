/* SPDX-License-Identifier: MIT */
/* Call outcomes and their effect on a follow-up task (core/fucall.h). The rule's retry interval
 * and quiet hours come from core/followup.c; this file decides what each outcome means. */
#include "core/fucall.h"

#include <stdio.h>
#include <string.h>

static const char *const outcome_codes[FU_OUTCOME_COUNT] = {
    "connected", "no_answer", "busy", "wrong_number", "refused", "callback",
};

bool fu_outcome_parse(const char *s, enum fu_outcome *out)
{
    for (int i = 0; s != NULL && i < FU_OUTCOME_COUNT; i++) {
        if (strcmp(s, outcome_codes[i]) == 0) {
            *out = (enum fu_outcome)i;
            return true;
        }
    }
    return false;
}

const char *fu_outcome_code(enum fu_outcome o)
{
    return (int)o >= 0 && (int)o < (int)FU_OUTCOME_COUNT ? outcome_codes[o] : "";
}

static const char *const status_codes[] = {"open", "done", "unreachable", "refused"};

bool fu_status_parse(const char *s, enum fu_status *out)
{
    for (int i = 0; s != NULL && i < 4; i++) {
        if (strcmp(s, status_codes[i]) == 0) {
            *out = (enum fu_status)i;
            return true;
        }
    }
    return false;
}

const char *fu_status_code(enum fu_status s)
{
    return s >= FU_OPEN && s <= FU_REFUSED ? status_codes[s] : "";
}

enum mn_status fu_apply_call(const struct followup_rule *r, struct fu_task_state *st,
                             enum fu_outcome o, int64_t at, int64_t callback_at, int offset_min,
                             struct mn_error *err)
{
    if (st->status != FU_OPEN)
        return mn_fail(err, MN_ERR_CONFLICT, "status", "the task is already closed");
    if (o == FU_OUTCOME_CALLBACK && callback_at <= at)
        return mn_fail(err, MN_ERR_INVALID, "callback_at", "must be a time after the call");
    st->attempts++;
    switch (o) {
    case FU_OUTCOME_CONNECTED:
        st->connected_calls++;
        st->status = FU_DONE;
        st->completed_at = at;
        return MN_OK;
    case FU_OUTCOME_REFUSED:
        st->status = FU_REFUSED;
        st->completed_at = at;
        return MN_OK;
    case FU_OUTCOME_CALLBACK:
        st->connected_calls++;
        st->next_attempt_at = followup_allowed_at(r, callback_at, offset_min);
        return MN_OK;
    case FU_OUTCOME_WRONG_NUMBER:
        /* Another try at a wrong number reaches the same stranger: close at once. */
        st->failed_attempts++;
        st->status = FU_UNREACHABLE;
        st->completed_at = at;
        return MN_OK;
    case FU_OUTCOME_NO_ANSWER:
    case FU_OUTCOME_BUSY: {
        st->failed_attempts++;
        struct followup_schedule none = {.close_at = INT64_MAX};
        struct followup_next next;
        enum mn_status rc = followup_after_failure(r, &none, at, (int)st->failed_attempts,
                                                   offset_min, &next);
        if (rc != MN_OK)
            return rc;
        if (next.close_unreachable) {
            st->status = FU_UNREACHABLE;
            st->completed_at = at;
        } else {
            st->next_attempt_at = next.at;
        }
        return MN_OK;
    }
    }
    return mn_fail(err, MN_ERR_INVALID, "outcome", "unknown outcome");
}

bool civil_date_parse(const char *s, struct civil_date *out)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    struct civil_date d = {
        .year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
        .month = (s[5] - '0') * 10 + (s[6] - '0'),
        .day = (s[8] - '0') * 10 + (s[9] - '0'),
    };
    if (!civil_date_valid(d))
        return false;
    *out = d;
    return true;
}

void civil_date_format(struct civil_date d, char out[11])
{
    /* Years outside 0..9999 do not occur in business data; clamp so the text stays 10 chars. */
    int y = d.year < 0 ? 0 : d.year > 9999 ? 9999 : d.year;
    int m = d.month < 1 ? 1 : d.month > 12 ? 12 : d.month;
    int dd = d.day < 1 ? 1 : d.day > 31 ? 31 : d.day;
    /* digit by digit: exact, and no format-truncation warning at any optimisation level */
    const int parts[3][2] = {{y, 4}, {m, 2}, {dd, 2}};
    size_t k = 0;
    for (int i = 0; i < 3; i++) {
        for (int w = parts[i][1] - 1, v = parts[i][0]; w >= 0; w--, v /= 10)
            out[k + (size_t)w] = (char)('0' + v % 10);
        k += (size_t)parts[i][1];
        if (i < 2)
            out[k++] = '-';
    }
    out[k] = '\0';
}

enum mn_status maint_stage_due(const struct maint_plan *p, struct civil_date sale,
                               const struct maint_reading *readings, size_t n,
                               struct civil_date today, int lookback_days, bool *found,
                               int *stage, struct maint_due *due)
{
    *found = false;
    if (lookback_days < 0 || !civil_date_valid(today))
        return MN_ERR_INVALID;
    struct maint_due cur, best = {0};
    int best_stage = -1;
    struct civil_date prev;
    for (int k = 0; k < 100; k++) {
        enum mn_status rc = maint_due_date(p, sale, k > 0 ? &prev : NULL, readings, n, k, &cur);
        if (rc != MN_OK)
            return rc;
        if (civil_date_cmp(cur.due, today) > 0)
            break;
        best = cur;
        best_stage = k;
        prev = cur.due;
    }
    if (best_stage < 0 ||
        civil_days_from_date(today) - civil_days_from_date(best.due) > lookback_days)
        return MN_OK;
    *found = true;
    *stage = best_stage;
    *due = best;
    return MN_OK;
}
