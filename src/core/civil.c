/* SPDX-License-Identifier: MIT */
/* Proleptic Gregorian calendar arithmetic; algorithms after Howard Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms" (public domain), rewritten here for C and 64-bit day counts.
 * No time-zone database and no calls to the C library's clock. */
#include "core/civil.h"

/* Floor division: C's `/` truncates towards zero, which is wrong for negative epoch values. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool civil_is_leap(int year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int civil_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && civil_is_leap(year) ? 29 : days[month - 1];
}

bool civil_date_valid(struct civil_date d)
{
    return d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= civil_days_in_month(d.year, d.month);
}

int64_t civil_days_from_date(struct civil_date d)
{
    /* Count from 0000-03-01 so the leap day falls at the end of the computational year. */
    int64_t y = (int64_t)d.year - (d.month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                                        /* [0, 399] */
    int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;               /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;                       /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

struct civil_date civil_date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    return (struct civil_date){(int)y, (int)m, (int)d};
}

int civil_weekday(struct civil_date d)
{
    /* 1970-01-01 was a Thursday (4). */
    int64_t z = civil_days_from_date(d);
    return (int)(z - floor_div(z + 4, 7) * 7 + 4);
}

struct civil_date civil_add_days(struct civil_date d, int64_t n)
{
    return civil_date_from_days(civil_days_from_date(d) + n);
}

struct civil_date civil_add_months(struct civil_date d, int n)
{
    int64_t m0 = (int64_t)d.year * 12 + (d.month - 1) + n;
    int year = (int)floor_div(m0, 12);
    int month = (int)(m0 - (int64_t)year * 12) + 1;
    int dim = civil_days_in_month(year, month);
    return (struct civil_date){year, month, d.day > dim ? dim : d.day};
}

int civil_date_cmp(struct civil_date a, struct civil_date b)
{
    int64_t x = civil_days_from_date(a), y = civil_days_from_date(b);
    return (x > y) - (x < y);
}

struct civil_time civil_from_epoch(int64_t t, int offset_min)
{
    int64_t local = t + (int64_t)offset_min * 60;
    int64_t days = floor_div(local, CIVIL_SECONDS_PER_DAY);
    int64_t sec = local - days * CIVIL_SECONDS_PER_DAY;
    struct civil_time ct;
    ct.date = civil_date_from_days(days);
    ct.hour = (int)(sec / 3600);
    ct.minute = (int)(sec / 60 % 60);
    ct.second = (int)(sec % 60);
    return ct;
}

int64_t civil_to_epoch(struct civil_time ct, int offset_min)
{
    return civil_days_from_date(ct.date) * CIVIL_SECONDS_PER_DAY + (int64_t)ct.hour * 3600 +
           (int64_t)ct.minute * 60 + ct.second - (int64_t)offset_min * 60;
}

int64_t civil_midnight_epoch(struct civil_date d, int offset_min)
{
    return civil_days_from_date(d) * CIVIL_SECONDS_PER_DAY - (int64_t)offset_min * 60;
}
