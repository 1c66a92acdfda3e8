/* SPDX-License-Identifier: MIT */
/* Civil (proleptic Gregorian) dates and times at a fixed UTC offset: days-from-civil and
 * civil-from-days (after Howard Hinnant's public-domain algorithms), weekdays, adding days and
 * months, and conversion to and from UTC epoch seconds. Time-zone names and DST rules are not
 * here: the service layer resolves a tenant's zone to an offset (Asia/Shanghai = +480). */
#ifndef MANYI_CORE_CIVIL_H
#define MANYI_CORE_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

struct civil_date {
    int year;  /* e.g. 2028; negative years are valid (proleptic) */
    int month; /* 1..12 */
    int day;   /* 1..days in month */
};

struct civil_time {
    struct civil_date date;
    int hour;   /* 0..23 */
    int minute; /* 0..59 */
    int second; /* 0..59 (no leap seconds: epoch seconds have none) */
};

enum { CIVIL_SECONDS_PER_DAY = 86400 };

/* Gregorian leap year: divisible by 4, except centuries not divisible by 400
 * (1900 no, 2000 yes). */
bool civil_is_leap(int year);

/* 28..31 for a valid month, 0 otherwise. */
int civil_days_in_month(int year, int month);

bool civil_date_valid(struct civil_date d);

/* Days since 1970-01-01 (negative before). d must be valid. */
int64_t civil_days_from_date(struct civil_date d);

/* Inverse of civil_days_from_date for |days| within +-2^40. */
struct civil_date civil_date_from_days(int64_t days);

/* Day of the week, 0 = Sunday .. 6 = Saturday. */
int civil_weekday(struct civil_date d);

struct civil_date civil_add_days(struct civil_date d, int64_t n);

/* Adds n months (n may be negative), clamping the day to the target month's length:
 * 2028-01-31 + 1 month = 2028-02-29, 2027-01-31 + 1 month = 2027-02-28. */
struct civil_date civil_add_months(struct civil_date d, int n);

/* Comparison: negative, 0 or positive as a is before, equal to or after b. */
int civil_date_cmp(struct civil_date a, struct civil_date b);

/* Local civil time at UTC offset offset_min (minutes east of UTC) of epoch second t. */
struct civil_time civil_from_epoch(int64_t t, int offset_min);

/* Epoch second of local civil time ct at offset_min. Fields out of range are normalised
 * arithmetically (hour 24 = next midnight), but pass valid values. */
int64_t civil_to_epoch(struct civil_time ct, int offset_min);

/* Epoch second of local midnight starting date d. */
int64_t civil_midnight_epoch(struct civil_date d, int offset_min);

#endif
