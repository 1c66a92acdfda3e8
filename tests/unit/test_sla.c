/* SPDX-License-Identifier: MIT */
/* Unit tests for core/sla: working-hours deadlines across evenings, weekends, a National Day
 * holiday week and a make-up working Saturday, the end-of-day boundary, calendar mode, elapsed
 * working minutes, overdue and escalation levels. Times are Asia/Shanghai (+08:00), built with
 * civil_to_epoch (tested in test_civil). 2026-11-23 is a Monday; 2026-10-01 a Thursday. All
 * results are exact integers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

/* cmocka's assert_float_equal works in float; this one keeps double precision. */
#define assert_near(a, b, tol)                                                                  \
    do {                                                                                        \
        double a_ = (a), b_ = (b);                                                              \
        if (!(fabs(a_ - b_) <= (tol)))                                                          \
            fail_msg("%s = %.15g, expected %.15g (tol %g)", #a, a_, b_, (double)(tol));         \
    } while (0)

#include "core/sla.h"

#define SH 480
#define D(y, m, d) ((struct civil_date){(y), (m), (d)})

static int64_t at(int y, int mo, int d, int h, int mi)
{
    return civil_to_epoch((struct civil_time){D(y, mo, d), h, mi, 0}, SH);
}

static const struct civil_date national_day[] = {
    D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3), D(2026, 10, 4),
    D(2026, 10, 5), D(2026, 10, 6), D(2026, 10, 7),
};
static const struct civil_date makeup[] = {D(2026, 10, 10)}; /* a Saturday worked */

static struct sla_calendar tenant(void)
{
    struct sla_calendar c = sla_calendar_default(SH); /* Mon-Fri 09:00-18:00 */
    c.holidays = national_day;
    c.n_holidays = 7;
    c.extra_workdays = makeup;
    c.n_extra_workdays = 1;
    return c;
}

static void test_working_days(void **state)
{
    (void)state;
    struct sla_calendar c = tenant();
    assert_true(sla_is_working_day(&c, D(2026, 11, 23)));   /* Monday */
    assert_false(sla_is_working_day(&c, D(2026, 11, 28)));  /* Saturday */
    assert_false(sla_is_working_day(&c, D(2026, 11, 29)));  /* Sunday */
    assert_false(sla_is_working_day(&c, D(2026, 10, 1)));   /* holiday Thursday */
    assert_true(sla_is_working_day(&c, D(2026, 10, 8)));    /* Thursday after */
    assert_true(sla_is_working_day(&c, D(2026, 10, 10)));   /* make-up Saturday */
}

static void test_deadline_working(void **state)
{
    (void)state;
    struct sla_calendar c = tenant();
    static const struct {
        int sy, smo, sd, sh, smi;
        int64_t minutes;
        int dy, dmo, dd, dh, dmi;
    } cases[] = {
        /* Mon 10:00 + 120 -> Mon 12:00 */
        {2026, 11, 23, 10, 0, 120, 2026, 11, 23, 12, 0},
        /* Fri 17:00 + 120: 60 on Friday, weekend, 60 on Monday -> Mon 10:00 */
        {2026, 11, 27, 17, 0, 120, 2026, 11, 30, 10, 0},
        /* Fri 17:00 + 60 ends exactly at 18:00 Friday, not Monday 09:00 */
        {2026, 11, 27, 17, 0, 60, 2026, 11, 27, 18, 0},
        /* Saturday noon + 60 -> Mon 10:00 */
        {2026, 11, 28, 12, 0, 60, 2026, 11, 30, 10, 0},
        /* before opening: Mon 07:00 + 30 -> 09:30 */
        {2026, 11, 23, 7, 0, 30, 2026, 11, 23, 9, 30},
        /* after closing: Mon 19:00 + 30 -> Tue 09:30 */
        {2026, 11, 23, 19, 0, 30, 2026, 11, 24, 9, 30},
        /* Wed 09-30 16:00 + 480: 120 on Wednesday; Oct 1-7 holidays; Thu Oct 8 09:00 + 360 */
        {2026, 9, 30, 16, 0, 480, 2026, 10, 8, 15, 0},
        /* Fri Oct 9 17:00 + 120: 60 Friday, 60 on make-up Saturday Oct 10 -> 10:00 */
        {2026, 10, 9, 17, 0, 120, 2026, 10, 10, 10, 0},
        /* a full working week: Mon 09:00 + 5 * 540 -> Fri 18:00 */
        {2026, 11, 23, 9, 0, 2700, 2026, 11, 27, 18, 0},
        /* zero minutes: the start itself, even outside hours */
        {2026, 11, 28, 3, 0, 0, 2026, 11, 28, 3, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t dl = 0;
        assert_int_equal(sla_deadline(SLA_WORKING, &c,
                                      at(cases[i].sy, cases[i].smo, cases[i].sd, cases[i].sh,
                                         cases[i].smi),
                                      cases[i].minutes, &dl),
                         MN_OK);
        int64_t want = at(cases[i].dy, cases[i].dmo, cases[i].dd, cases[i].dh, cases[i].dmi);
        if (dl != want) {
            struct civil_time g = civil_from_epoch(dl, SH);
            fail_msg("case %zu: got %04d-%02d-%02d %02d:%02d", i, g.date.year, g.date.month,
                     g.date.day, g.hour, g.minute);
        }
    }
}

static void test_deadline_other(void **state)
{
    (void)state;
    struct sla_calendar c = tenant();
    int64_t dl;
    /* calendar hours: Fri 17:00 + 120 -> Fri 19:00; + 24 h -> Sat 17:00 */
    assert_int_equal(sla_deadline(SLA_CALENDAR, &c, at(2026, 11, 27, 17, 0), 120, &dl), MN_OK);
    assert_int_equal(dl, at(2026, 11, 27, 19, 0));
    assert_int_equal(sla_deadline(SLA_CALENDAR, NULL, at(2026, 11, 27, 17, 0), 1440, &dl), MN_OK);
    assert_int_equal(dl, at(2026, 11, 28, 17, 0));
    /* Mon-Sat mask: Saturday noon + 60 -> Saturday 13:00 */
    struct sla_calendar six = c;
    six.weekday_mask = 0x7e;
    assert_int_equal(sla_deadline(SLA_WORKING, &six, at(2026, 11, 28, 12, 0), 60, &dl), MN_OK);
    assert_int_equal(dl, at(2026, 11, 28, 13, 0));
    /* invalid: negative minutes, inverted hours, a calendar with no working day */
    assert_int_equal(sla_deadline(SLA_WORKING, &c, 0, -1, &dl), MN_ERR_INVALID);
    struct sla_calendar bad = c;
    bad.work_end_min = bad.work_start_min;
    assert_int_equal(sla_deadline(SLA_WORKING, &bad, 0, 10, &dl), MN_ERR_INVALID);
    struct sla_calendar never = sla_calendar_default(SH);
    never.weekday_mask = 0;
    assert_int_equal(sla_deadline(SLA_WORKING, &never, 0, 10, &dl), MN_ERR_INVALID);
}

static void test_elapsed(void **state)
{
    (void)state;
    struct sla_calendar c = tenant();
    const struct {
        int64_t from, to;
        enum sla_mode mode;
        int64_t minutes;
    } cases[] = {
        /* Fri 17:00 -> Mon 10:00: 60 + 60 */
        {at(2026, 11, 27, 17, 0), at(2026, 11, 30, 10, 0), SLA_WORKING, 120},
        {at(2026, 11, 27, 17, 0), at(2026, 11, 27, 17, 0), SLA_WORKING, 0},
        /* before opening only */
        {at(2026, 11, 23, 8, 0), at(2026, 11, 23, 8, 30), SLA_WORKING, 0},
        /* a weekend */
        {at(2026, 11, 28, 8, 0), at(2026, 11, 29, 20, 0), SLA_WORKING, 0},
        /* across National Day: 120 + 360 */
        {at(2026, 9, 30, 16, 0), at(2026, 10, 8, 15, 0), SLA_WORKING, 480},
        /* Mon 09:00 -> next Mon 09:00: five days of 540 */
        {at(2026, 11, 23, 9, 0), at(2026, 11, 30, 9, 0), SLA_WORKING, 2700},
        /* 30 seconds round down to 0 minutes */
        {at(2026, 11, 23, 10, 0), at(2026, 11, 23, 10, 0) + 30, SLA_WORKING, 0},
        /* calendar: Fri 17:00 -> Sat 10:00 = 17 h */
        {at(2026, 11, 27, 17, 0), at(2026, 11, 28, 10, 0), SLA_CALENDAR, 1020},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t m = -1;
        assert_int_equal(sla_elapsed_minutes(cases[i].mode, &c, cases[i].from, cases[i].to, &m),
                         MN_OK);
        assert_int_equal(m, cases[i].minutes);
    }
    int64_t m;
    assert_int_equal(sla_elapsed_minutes(SLA_WORKING, &c, 10, 5, &m), MN_ERR_INVALID);
}

static void test_escalation(void **state)
{
    (void)state;
    struct sla_calendar c = tenant();
    int64_t start = at(2026, 11, 27, 17, 0); /* Fri 17:00, SLA 120 working minutes */
    /* first deadline Mon 10:00; a second full period ends Mon 12:00 */
    static const struct {
        int d, h, mi, sec;
        int level;
    } cases[] = {
        {27, 17, 30, 0, 0}, {30, 10, 0, 0, 0}, /* at the deadline: still on time */
        {30, 10, 0, 1, 1},  {30, 12, 0, 0, 1}, {30, 12, 0, 1, 2}, {30, 17, 0, 0, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int level = -1;
        int64_t now = at(2026, 11, cases[i].d, cases[i].h, cases[i].mi) + cases[i].sec;
        assert_int_equal(sla_escalation_level(SLA_WORKING, &c, start, 120, now, &level), MN_OK);
        assert_int_equal(level, cases[i].level);
    }
    assert_false(sla_is_overdue(100, 100));
    assert_true(sla_is_overdue(100, 101));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_working_days), cmocka_unit_test(test_deadline_working),
        cmocka_unit_test(test_deadline_other), cmocka_unit_test(test_elapsed),
        cmocka_unit_test(test_escalation),
    };
    return cmocka_run_group_tests_name("sla", tests, NULL, NULL);
}
