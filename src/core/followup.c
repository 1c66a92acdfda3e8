/* SPDX-License-Identifier: MIT */
/* Follow-up scheduling rules (PRODUCT.md §3; seed 000: 新车销售七日电访, 售后服务三日电访,
 * 常规保养提醒). Pure date arithmetic on local civil dates; no clock reads, no storage. */
#include "core/followup.h"

#include <math.h>
#include <stdio.h>

enum { MINUTES_PER_DAY = 1440 };

struct followup_rule followup_rule_default(enum followup_event trigger)
{
    struct followup_rule r = {
        .id = 0,
        .trigger = trigger,
        .offset_days = trigger == FOLLOWUP_EVENT_SALE ? 7 : 3,
        .window_days = 2,
        .quiet_start_min = 21 * 60,
        .quiet_end_min = 9 * 60,
        .max_attempts = 3,
        .retry_minutes = 120,
    };
    return r;
}

enum mn_status followup_rule_check(const struct followup_rule *r, struct mn_error *err)
{
    if (r->trigger < FOLLOWUP_EVENT_SALE || r->trigger > FOLLOWUP_EVENT_OTHER)
        return mn_fail(err, MN_ERR_INVALID, "trigger", "unknown event type");
    if (r->offset_days < 0 || r->offset_days > 3650)
        return mn_fail(err, MN_ERR_INVALID, "offset_days", "offset must be 0 to 3650 days");
    if (r->window_days < 1 || r->window_days > 365)
        return mn_fail(err, MN_ERR_INVALID, "window_days", "window must be 1 to 365 days");
    if (r->quiet_start_min < 0 || r->quiet_start_min >= MINUTES_PER_DAY)
        return mn_fail(err, MN_ERR_INVALID, "quiet_start", "quiet hours start within the day");
    if (r->quiet_end_min < 0 || r->quiet_end_min >= MINUTES_PER_DAY)
        return mn_fail(err, MN_ERR_INVALID, "quiet_end", "quiet hours end within the day");
    if (r->max_attempts < 1 || r->max_attempts > 100)
        return mn_fail(err, MN_ERR_INVALID, "max_attempts", "attempts must be 1 to 100");
    if (r->retry_minutes < 1 || r->retry_minutes > 30 * MINUTES_PER_DAY)
        return mn_fail(err, MN_ERR_INVALID, "retry_minutes", "retry interval must be 1 minute "
                       "to 30 days");
    return MN_OK;
}

static int minute_of_day(struct civil_time ct)
{
    return ct.hour * 60 + ct.minute;
}

bool followup_in_quiet_hours(const struct followup_rule *r, int64_t t, int offset_min)
{
    int s = r->quiet_start_min, e = r->quiet_end_min;
    if (s == e)
        return false;
    int m = minute_of_day(civil_from_epoch(t, offset_min));
    /* A quiet period such as 21:00-09:00 crosses midnight. */
    return s < e ? (m >= s && m < e) : (m >= s || m < e);
}

int64_t followup_allowed_at(const struct followup_rule *r, int64_t t, int offset_min)
{
    if (!followup_in_quiet_hours(r, t, offset_min))
        return t;
    struct civil_time ct = civil_from_epoch(t, offset_min);
    bool before_midnight = r->quiet_start_min > r->quiet_end_min &&
                           minute_of_day(ct) >= r->quiet_start_min;
    struct civil_time resume = {
        .date = before_midnight ? civil_add_days(ct.date, 1) : ct.date,
        .hour = r->quiet_end_min / 60,
        .minute = r->quiet_end_min % 60,
    };
    return civil_to_epoch(resume, offset_min);
}

enum mn_status followup_schedule_task(const struct followup_rule *r, struct civil_date event_date,
                                      int offset_min, struct followup_schedule *out)
{
    if (!civil_date_valid(event_date) || followup_rule_check(r, NULL) != MN_OK)
        return MN_ERR_INVALID;
    out->due = civil_add_days(event_date, r->offset_days);
    out->window_end = civil_add_days(out->due, r->window_days - 1);
    out->open_at = followup_allowed_at(r, civil_midnight_epoch(out->due, offset_min), offset_min);
    out->close_at = civil_midnight_epoch(civil_add_days(out->window_end, 1), offset_min);
    return MN_OK;
}

enum mn_status followup_after_failure(const struct followup_rule *r,
                                      const struct followup_schedule *s, int64_t failed_at,
                                      int failed_attempts, int offset_min,
                                      struct followup_next *out)
{
    *out = (struct followup_next){0};
    if (failed_attempts < 1)
        return MN_ERR_INVALID;
    /* Issue 3 §5: after N failed attempts the task is closed as unreachable. */
    if (failed_attempts >= r->max_attempts) {
        out->close_unreachable = true;
        return MN_OK;
    }
    out->at = followup_allowed_at(r, failed_at + (int64_t)r->retry_minutes * 60, offset_min);
    out->after_window = out->at >= s->close_at;
    return MN_OK;
}

enum mn_status followup_task_key(int64_t rule_id, int64_t event_id, int seq, char *buf,
                                 size_t len)
{
    if (rule_id < 1 || event_id < 1 || seq < 0)
        return MN_ERR_INVALID;
    int n = snprintf(buf, len, "fu:%lld:%lld:%d", (long long)rule_id, (long long)event_id, seq);
    if (n < 0 || (size_t)n >= len)
        return MN_ERR_TOO_LARGE;
    return MN_OK;
}

/* ---- maintenance reminders ---------------------------------------------------------------- */

struct maint_plan maint_plan_default(void)
{
    return (struct maint_plan){.first_months = 3, .first_km = 5000, .second_km = 10000,
                               .interval_km = 10000, .interval_months = 6};
}

void maint_km_per_day(struct civil_date sale, const struct maint_reading *readings, size_t n,
                      double *km_per_day, bool *have_rate)
{
    *km_per_day = 0.0;
    *have_rate = false;
    double slope;
    int64_t sale_days = civil_days_from_date(sale);
    if (n == 0)
        return;
    if (n == 1) {
        int64_t days = civil_days_from_date(readings[0].date) - sale_days;
        if (days <= 0)
            return;
        slope = (double)readings[0].km / (double)days;
    } else {
        double mx = 0.0, my = 0.0, sxx = 0.0, sxy = 0.0;
        for (size_t i = 0; i < n; i++) {
            mx += (double)(civil_days_from_date(readings[i].date) - sale_days);
            my += (double)readings[i].km;
        }
        mx /= (double)n;
        my /= (double)n;
        for (size_t i = 0; i < n; i++) {
            double dx = (double)(civil_days_from_date(readings[i].date) - sale_days) - mx;
            sxx += dx * dx;
            sxy += dx * ((double)readings[i].km - my);
        }
        if (sxx == 0.0)
            return;
        slope = sxy / sxx;
    }
    if (!(slope > 0.0))
        return;
    *km_per_day = slope;
    *have_rate = true;
}

int64_t maint_stage_km(const struct maint_plan *p, int stage)
{
    if (stage <= 0)
        return p->first_km;
    return p->second_km + (int64_t)(stage - 1) * p->interval_km;
}

static bool plan_ok(const struct maint_plan *p)
{
    return p->first_months >= 1 && p->first_km >= 1 && p->second_km > p->first_km &&
           p->interval_km >= 1 && p->interval_months >= 1;
}

enum mn_status maint_due_date(const struct maint_plan *p, struct civil_date sale,
                              const struct civil_date *prev_due,
                              const struct maint_reading *readings, size_t n, int stage,
                              struct maint_due *out)
{
    if (!plan_ok(p) || stage < 0 || !civil_date_valid(sale) ||
        (stage > 0 && (prev_due == NULL || !civil_date_valid(*prev_due))))
        return MN_ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (!civil_date_valid(readings[i].date) || readings[i].km < 0)
            return MN_ERR_INVALID;
    out->target_km = maint_stage_km(p, stage);
    out->by_km = false;
    out->due = stage == 0 ? civil_add_months(sale, p->first_months)
                          : civil_add_months(*prev_due, p->interval_months);
    double rate;
    bool have_rate;
    maint_km_per_day(sale, readings, n, &rate, &have_rate);
    if (!have_rate)
        return MN_OK;
    struct maint_reading ref = {sale, 0};
    for (size_t i = 0; i < n; i++) {
        int c = civil_date_cmp(readings[i].date, ref.date);
        if (c > 0 || (c == 0 && readings[i].km > ref.km))
            ref = readings[i];
    }
    /* Rounded up to the first whole day on which the estimate reaches the target. */
    double days = ceil((double)(out->target_km - ref.km) / rate);
    struct civil_date km_date = civil_add_days(ref.date, (int64_t)days);
    if (civil_date_cmp(km_date, out->due) < 0) {
        out->due = km_date;
        out->by_km = true;
    }
    return MN_OK;
}
