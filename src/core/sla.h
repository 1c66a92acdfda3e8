/* SPDX-License-Identifier: MIT */
/* The complaint SLA clock (PRODUCT.md §4, issue 5 §4): a deadline from a start instant and a
 * duration counted in calendar time or in the tenant's working hours (weekday mask, daily hours,
 * holidays, extra working days such as the make-up days of Chinese public holidays), the working
 * time elapsed between two instants, overdue checks and the escalation level. Which SLA applies
 * (per severity and stage) and who gets escalations are decided by the service and jobs. */
#ifndef MANYI_CORE_SLA_H
#define MANYI_CORE_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/civil.h"
#include "core/status.h"

enum sla_mode {
    SLA_CALENDAR = 0, /* every minute counts */
    SLA_WORKING = 1,  /* only minutes inside working hours of working days count */
};

/* A tenant's working calendar. Holidays win over the weekday mask; extra working days win over
 * both. Working hours lie within one day (work_start_min < work_end_min); night shifts that
 * cross midnight are not modelled. Arrays are borrowed. */
struct sla_calendar {
    unsigned weekday_mask;  /* bit w set when weekday w (0 = Sunday) is a working day */
    int work_start_min;     /* local minute of day, e.g. 09:00 = 540 */
    int work_end_min;       /* e.g. 18:00 = 1080; at most 1440 */
    const struct civil_date *holidays;
    size_t n_holidays;
    const struct civil_date *extra_workdays;
    size_t n_extra_workdays;
    int offset_min;         /* the tenant's UTC offset in minutes (Asia/Shanghai = 480) */
};

enum { SLA_MON_FRI = 0x3e }; /* bits 1..5 */

/* Mon-Fri, 09:00-18:00, no holidays, at offset_min. */
struct sla_calendar sla_calendar_default(int offset_min);

/* Whether local date d is a working day under cal. */
bool sla_is_working_day(const struct sla_calendar *cal, struct civil_date d);

/* Deadline of a duration of `minutes` (>= 0) starting at `start` (epoch s). In working mode the
 * clock stops outside working hours; a deadline that lands exactly at the end of a working day
 * stays there. MN_ERR_INVALID for a bad calendar, negative minutes, or when no working day
 * occurs within a year of any point of the count. */
enum mn_status sla_deadline(enum sla_mode mode, const struct sla_calendar *cal, int64_t start,
                            int64_t minutes, int64_t *deadline);

/* Whole minutes (rounded down) that count between from and to (from <= to; otherwise
 * MN_ERR_INVALID). */
enum mn_status sla_elapsed_minutes(enum sla_mode mode, const struct sla_calendar *cal,
                                   int64_t from, int64_t to, int64_t *minutes);

/* Overdue once now is past the deadline; at the deadline itself it is still on time. */
bool sla_is_overdue(int64_t deadline, int64_t now);

/* Escalation level (issue 5 §4): 0 on time; 1 (store manager) once the deadline has passed;
 * 2 (group) once a further full SLA period, counted the same way, has passed as well. */
enum mn_status sla_escalation_level(enum sla_mode mode, const struct sla_calendar *cal,
                                    int64_t start, int64_t minutes, int64_t now, int *level);

#endif
