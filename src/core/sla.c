/* SPDX-License-Identifier: MIT */
/* SLA clock over a working calendar (PRODUCT.md §4). Walks day by day in the tenant's local
 * dates; pure, no clock reads and no time-zone database (the offset is a parameter). */
#include "core/sla.h"

/* A count that finds no working day in this many days has a calendar with no working days. */
enum { SLA_MAX_IDLE_DAYS = 366 };

struct sla_calendar sla_calendar_default(int offset_min)
{
    return (struct sla_calendar){.weekday_mask = SLA_MON_FRI, .work_start_min = 9 * 60,
                                 .work_end_min = 18 * 60, .offset_min = offset_min};
}

static bool date_in(const struct civil_date *list, size_t n, struct civil_date d)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].year == d.year && list[i].month == d.month && list[i].day == d.day)
            return true;
    return false;
}

bool sla_is_working_day(const struct sla_calendar *cal, struct civil_date d)
{
    if (date_in(cal->extra_workdays, cal->n_extra_workdays, d))
        return true;
    if (date_in(cal->holidays, cal->n_holidays, d))
        return false;
    return (cal->weekday_mask & (1u << civil_weekday(d))) != 0;
}

static bool calendar_ok(const struct sla_calendar *cal)
{
    return cal->work_start_min >= 0 && cal->work_start_min < cal->work_end_min &&
           cal->work_end_min <= 1440 && (cal->n_holidays == 0 || cal->holidays != NULL) &&
           (cal->n_extra_workdays == 0 || cal->extra_workdays != NULL) &&
           cal->offset_min > -24 * 60 && cal->offset_min < 24 * 60;
}

/* The working window [*open, *close) of local date d, in epoch seconds. */
static void day_window(const struct sla_calendar *cal, struct civil_date d, int64_t *open,
                       int64_t *close)
{
    int64_t midnight = civil_midnight_epoch(d, cal->offset_min);
    *open = midnight + (int64_t)cal->work_start_min * 60;
    *close = midnight + (int64_t)cal->work_end_min * 60;
}

enum mn_status sla_deadline(enum sla_mode mode, const struct sla_calendar *cal, int64_t start,
                            int64_t minutes, int64_t *deadline)
{
    if (minutes < 0 || minutes > INT64_C(100) * 366 * 1440)
        return MN_ERR_INVALID;
    if (mode == SLA_CALENDAR) {
        *deadline = start + minutes * 60;
        return MN_OK;
    }
    if (mode != SLA_WORKING || !calendar_ok(cal))
        return MN_ERR_INVALID;
    int64_t remaining = minutes * 60, t = start;
    if (remaining == 0) {
        *deadline = start;
        return MN_OK;
    }
    struct civil_date d = civil_from_epoch(start, cal->offset_min).date;
    for (int idle = 0; idle < SLA_MAX_IDLE_DAYS; d = civil_add_days(d, 1)) {
        if (!sla_is_working_day(cal, d)) {
            idle++;
            continue;
        }
        idle = 0;
        int64_t open, close;
        day_window(cal, d, &open, &close);
        if (t < open)
            t = open;
        if (t >= close)
            continue;
        if (remaining <= close - t) {
            *deadline = t + remaining;
            return MN_OK;
        }
        remaining -= close - t;
    }
    return MN_ERR_INVALID;
}

enum mn_status sla_elapsed_minutes(enum sla_mode mode, const struct sla_calendar *cal,
                                   int64_t from, int64_t to, int64_t *minutes)
{
    if (from > to)
        return MN_ERR_INVALID;
    if (mode == SLA_CALENDAR) {
        *minutes = (to - from) / 60;
        return MN_OK;
    }
    if (mode != SLA_WORKING || !calendar_ok(cal))
        return MN_ERR_INVALID;
    int64_t secs = 0;
    struct civil_date d = civil_from_epoch(from, cal->offset_min).date;
    struct civil_date last = civil_from_epoch(to, cal->offset_min).date;
    for (; civil_date_cmp(d, last) <= 0; d = civil_add_days(d, 1)) {
        if (!sla_is_working_day(cal, d))
            continue;
        int64_t open, close;
        day_window(cal, d, &open, &close);
        int64_t a = from > open ? from : open;
        int64_t b = to < close ? to : close;
        if (b > a)
            secs += b - a;
    }
    *minutes = secs / 60;
    return MN_OK;
}

bool sla_is_overdue(int64_t deadline, int64_t now)
{
    return now > deadline;
}

enum mn_status sla_escalation_level(enum sla_mode mode, const struct sla_calendar *cal,
                                    int64_t start, int64_t minutes, int64_t now, int *level)
{
    int64_t d1, d2;
    enum mn_status rc = sla_deadline(mode, cal, start, minutes, &d1);
    if (rc == MN_OK)
        rc = sla_deadline(mode, cal, d1, minutes, &d2);
    if (rc != MN_OK)
        return rc;
    *level = sla_is_overdue(d2, now) ? 2 : sla_is_overdue(d1, now) ? 1 : 0;
    return MN_OK;
}
