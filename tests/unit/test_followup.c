/* SPDX-License-Identifier: MIT */
/* Unit tests for core/followup: due dates and windows across month ends and leap years, quiet
 * hours crossing midnight and within the day, retries and the unreachable close, task keys,
 * maintenance due dates from months, one reading, least squares and bad odometer data.
 * Instants are built with civil_to_epoch (tested on its own in test_civil); km rates are
 * compared with a tolerance of 1e-9 km/day, everything else exactly. */
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
#include <string.h>

#include "core/followup.h"

#define TOL 1e-9
#define SH 480 /* Asia/Shanghai */
#define D(y, m, d) ((struct civil_date){(y), (m), (d)})

static int64_t at(int y, int mo, int d, int h, int mi, int offset)
{
    return civil_to_epoch((struct civil_time){D(y, mo, d), h, mi, 0}, offset);
}

static void assert_date(struct civil_date got, struct civil_date want)
{
    if (got.year != want.year || got.month != want.month || got.day != want.day)
        fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", got.year, got.month, got.day,
                 want.year, want.month, want.day);
}

static void test_defaults_and_check(void **state)
{
    (void)state;
    struct followup_rule sale = followup_rule_default(FOLLOWUP_EVENT_SALE);
    struct followup_rule svc = followup_rule_default(FOLLOWUP_EVENT_SERVICE);
    assert_int_equal(sale.offset_days, 7); /* 新车销售七日电访 */
    assert_int_equal(svc.offset_days, 3);  /* 售后服务三日电访 */
    assert_int_equal(followup_rule_check(&sale, NULL), MN_OK);
    struct mn_error err = {0};
    struct followup_rule bad = sale;
    bad.window_days = 0;
    assert_int_equal(followup_rule_check(&bad, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "window_days");
    bad = sale;
    bad.quiet_end_min = 1440;
    assert_int_equal(followup_rule_check(&bad, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "quiet_end");
    bad = sale;
    bad.max_attempts = 0;
    assert_int_equal(followup_rule_check(&bad, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "max_attempts");
}

static void test_schedule(void **state)
{
    (void)state;
    struct followup_rule sale = followup_rule_default(FOLLOWUP_EVENT_SALE);
    struct followup_rule svc = followup_rule_default(FOLLOWUP_EVENT_SERVICE);
    static const struct {
        bool is_sale;
        struct civil_date event, due, window_end;
    } cases[] = {
        {true, D(2026, 11, 22), D(2026, 11, 29), D(2026, 11, 30)},
        {true, D(2028, 2, 25), D(2028, 3, 3), D(2028, 3, 4)},    /* 26,27,28,29 Feb, 1,2,3 Mar */
        {true, D(2027, 2, 25), D(2027, 3, 4), D(2027, 3, 5)},    /* 26,27,28 Feb, 1..4 Mar */
        {true, D(2024, 2, 22), D(2024, 2, 29), D(2024, 3, 1)},   /* due on the leap day */
        {false, D(2024, 12, 30), D(2025, 1, 2), D(2025, 1, 3)},  /* across the year */
        {false, D(1900, 2, 26), D(1900, 3, 1), D(1900, 3, 2)},   /* 1900: no Feb 29 */
        {false, D(2000, 2, 26), D(2000, 2, 29), D(2000, 3, 1)},  /* 2000: Feb 29 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct followup_schedule s;
        assert_int_equal(followup_schedule_task(cases[i].is_sale ? &sale : &svc, cases[i].event,
                                                SH, &s), MN_OK);
        assert_date(s.due, cases[i].due);
        assert_date(s.window_end, cases[i].window_end);
    }
    struct followup_schedule s;
    assert_int_equal(followup_schedule_task(&sale, D(2026, 11, 22), SH, &s), MN_OK);
    /* first call 09:00 local on the due day; window closes at local midnight after day 2 */
    assert_int_equal(s.open_at, at(2026, 11, 29, 9, 0, SH));
    assert_int_equal(s.open_at, 1795914000); /* (20786*86400) + 9h - 8h */
    assert_int_equal(s.close_at, at(2026, 12, 1, 0, 0, SH));
    assert_int_equal(followup_schedule_task(&sale, D(2027, 2, 29), SH, &s), MN_ERR_INVALID);
}

static void test_quiet_hours(void **state)
{
    (void)state;
    struct followup_rule r = followup_rule_default(FOLLOWUP_EVENT_SALE); /* quiet 21:00-09:00 */
    static const struct {
        int h, mi;
        int want_day_offset, want_h, want_mi;
    } cases[] = {
        {8, 59, 0, 9, 0},   /* quiet before 09:00 -> 09:00 same day */
        {9, 0, 0, 9, 0},    /* 09:00 is allowed */
        {20, 59, 0, 20, 59}, /* last allowed minute */
        {21, 0, 1, 9, 0},   /* 21:00 is quiet -> next day 09:00 */
        {23, 30, 1, 9, 0},  /* before midnight -> next day */
        {0, 0, 0, 9, 0},    /* after midnight -> same (new) day */
        {1, 30, 0, 9, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = at(2026, 12, 31, cases[i].h, cases[i].mi, SH);
        int64_t want = at(2026, 12, 31, cases[i].want_h, cases[i].want_mi, SH) +
                       (int64_t)cases[i].want_day_offset * 86400;
        assert_int_equal(followup_allowed_at(&r, t, SH), want);
    }
    /* a lunch break that does not cross midnight: 12:00-13:30 */
    struct followup_rule lunch = r;
    lunch.quiet_start_min = 12 * 60;
    lunch.quiet_end_min = 13 * 60 + 30;
    assert_int_equal(followup_allowed_at(&lunch, at(2026, 5, 1, 12, 0, SH), SH),
                     at(2026, 5, 1, 13, 30, SH));
    assert_int_equal(followup_allowed_at(&lunch, at(2026, 5, 1, 13, 30, SH), SH),
                     at(2026, 5, 1, 13, 30, SH));
    assert_int_equal(followup_allowed_at(&lunch, at(2026, 5, 1, 23, 0, SH), SH),
                     at(2026, 5, 1, 23, 0, SH));
    /* no quiet hours */
    struct followup_rule none = r;
    none.quiet_end_min = none.quiet_start_min;
    assert_int_equal(followup_allowed_at(&none, at(2026, 5, 1, 3, 0, SH), SH),
                     at(2026, 5, 1, 3, 0, SH));
    /* the zone matters: 14:00 UTC is 22:00 in Shanghai (quiet) but 14:00 in London (allowed) */
    int64_t t = at(2026, 5, 1, 14, 0, 0);
    assert_true(followup_in_quiet_hours(&r, t, SH));
    assert_false(followup_in_quiet_hours(&r, t, 0));
    assert_int_equal(followup_allowed_at(&r, t, SH), at(2026, 5, 2, 9, 0, SH));
}

static void test_after_failure(void **state)
{
    (void)state;
    struct followup_rule r = followup_rule_default(FOLLOWUP_EVENT_SALE); /* 3 tries, 120 min */
    struct followup_schedule s;
    assert_int_equal(followup_schedule_task(&r, D(2026, 11, 22), SH, &s), MN_OK);
    struct followup_next n;
    /* 10:00 + 2 h = 12:00, allowed, inside the window */
    assert_int_equal(followup_after_failure(&r, &s, at(2026, 11, 29, 10, 0, SH), 1, SH, &n),
                     MN_OK);
    assert_false(n.close_unreachable);
    assert_int_equal(n.at, at(2026, 11, 29, 12, 0, SH));
    assert_false(n.after_window);
    /* 19:30 + 2 h = 21:30, quiet -> 11-30 09:00, still the window */
    assert_int_equal(followup_after_failure(&r, &s, at(2026, 11, 29, 19, 30, SH), 2, SH, &n),
                     MN_OK);
    assert_int_equal(n.at, at(2026, 11, 30, 9, 0, SH));
    assert_false(n.after_window);
    /* last day 20:00 + 2 h = 22:00 -> 12-01 09:00, past the window (overdue) */
    assert_int_equal(followup_after_failure(&r, &s, at(2026, 11, 30, 20, 0, SH), 1, SH, &n),
                     MN_OK);
    assert_int_equal(n.at, at(2026, 12, 1, 9, 0, SH));
    assert_true(n.after_window);
    /* third failure of three: close as unreachable */
    assert_int_equal(followup_after_failure(&r, &s, at(2026, 11, 29, 10, 0, SH), 3, SH, &n),
                     MN_OK);
    assert_true(n.close_unreachable);
    assert_int_equal(followup_after_failure(&r, &s, at(2026, 11, 29, 10, 0, SH), 0, SH, &n),
                     MN_ERR_INVALID);
}

static void test_task_key(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(followup_task_key(5, 123, 0, buf, sizeof buf), MN_OK);
    assert_string_equal(buf, "fu:5:123:0");
    char small[11]; /* "fu:5:123:0" is 10 characters plus NUL: fits exactly */
    assert_int_equal(followup_task_key(5, 123, 0, small, sizeof small), MN_OK);
    assert_int_equal(followup_task_key(5, 123, 10, small, sizeof small), MN_ERR_TOO_LARGE);
    assert_int_equal(followup_task_key(0, 123, 0, buf, sizeof buf), MN_ERR_INVALID);
    assert_int_equal(followup_task_key(5, 123, -1, buf, sizeof buf), MN_ERR_INVALID);
    char other[32];
    assert_int_equal(followup_task_key(5, 123, 1, other, sizeof other), MN_OK);
    assert_true(strcmp(buf, other) != 0);
}

static void test_km_per_day(void **state)
{
    (void)state;
    double rate;
    bool have;
    struct civil_date sale = D(2026, 1, 31);
    maint_km_per_day(sale, NULL, 0, &rate, &have);
    assert_false(have);
    /* one reading: 2026-01-31 -> 03-02 is 28 + 2 = 30 days; 1500 km / 30 = 50 km/day */
    struct maint_reading one[] = {{D(2026, 3, 2), 1500}};
    maint_km_per_day(sale, one, 1, &rate, &have);
    assert_true(have);
    assert_near(rate, 50.0, TOL);
    /* least squares over x = 10, 20, 30 days, y = 1000, 1800, 3200 km:
     * mean x 20, mean y 2000; Sxy = (-10)(-1000) + 0 + 10*1200 = 22000; Sxx = 200 -> 110 */
    struct maint_reading three[] = {
        {D(2026, 2, 10), 1000}, {D(2026, 2, 20), 1800}, {D(2026, 3, 2), 3200}};
    maint_km_per_day(sale, three, 3, &rate, &have);
    assert_true(have);
    assert_near(rate, 110.0, TOL);
    /* falling odometer, same-day readings, a reading on the sale date: no rate */
    struct maint_reading falling[] = {{D(2026, 2, 10), 1000}, {D(2026, 3, 2), 900}};
    maint_km_per_day(sale, falling, 2, &rate, &have);
    assert_false(have);
    struct maint_reading same[] = {{D(2026, 2, 10), 1000}, {D(2026, 2, 10), 1200}};
    maint_km_per_day(sale, same, 2, &rate, &have);
    assert_false(have);
    struct maint_reading at_sale[] = {{D(2026, 1, 31), 10}};
    maint_km_per_day(sale, at_sale, 1, &rate, &have);
    assert_false(have);
}

static void test_maint_due(void **state)
{
    (void)state;
    struct maint_plan p = maint_plan_default(); /* 3 months / 5000; 10000; 10000 / 6 months */
    struct civil_date sale = D(2026, 1, 31);
    struct maint_due d;
    assert_int_equal(maint_stage_km(&p, 0), 5000);
    assert_int_equal(maint_stage_km(&p, 1), 10000);
    assert_int_equal(maint_stage_km(&p, 2), 20000);
    assert_int_equal(maint_stage_km(&p, 3), 30000);
    /* no readings: Jan 31 + 3 months = Apr 30 (clamped) */
    assert_int_equal(maint_due_date(&p, sale, NULL, NULL, 0, 0, &d), MN_OK);
    assert_date(d.due, D(2026, 4, 30));
    assert_false(d.by_km);
    /* 50 km/day from (03-02, 1500): 3500/50 = 70 days -> May 11, later than Apr 30 */
    struct maint_reading slow[] = {{D(2026, 3, 2), 1500}};
    assert_int_equal(maint_due_date(&p, sale, NULL, slow, 1, 0, &d), MN_OK);
    assert_date(d.due, D(2026, 4, 30));
    assert_false(d.by_km);
    /* 100 km/day from (03-02, 3000): 2000/100 = 20 days -> 03-22 */
    struct maint_reading fast[] = {{D(2026, 3, 2), 3000}};
    assert_int_equal(maint_due_date(&p, sale, NULL, fast, 1, 0, &d), MN_OK);
    assert_date(d.due, D(2026, 3, 22));
    assert_true(d.by_km);
    /* 110 km/day from the latest (03-02, 3200): 1800/110 = 16.36 -> 17 days -> 03-19 */
    struct maint_reading three[] = {
        {D(2026, 3, 2), 3200}, {D(2026, 2, 10), 1000}, {D(2026, 2, 20), 1800}};
    assert_int_equal(maint_due_date(&p, sale, NULL, three, 3, 0, &d), MN_OK);
    assert_date(d.due, D(2026, 3, 19));
    assert_int_equal(d.target_km, 5000);
    /* stage 1 (10000 km) after that: 6800/110 = 61.8 -> 62 days from 03-02 -> 05-03;
     * months limit 03-19 + 6 months = 09-19 */
    struct civil_date prev = D(2026, 3, 19);
    assert_int_equal(maint_due_date(&p, sale, &prev, three, 3, 1, &d), MN_OK);
    assert_date(d.due, D(2026, 5, 3));
    assert_true(d.by_km);
    assert_int_equal(d.target_km, 10000);
    /* the target is already passed: 200 km/day, (5000-6000)/200 = -5 days -> 02-25 (overdue) */
    struct maint_reading past[] = {{D(2026, 3, 2), 6000}};
    assert_int_equal(maint_due_date(&p, sale, NULL, past, 1, 0, &d), MN_OK);
    assert_date(d.due, D(2026, 2, 25));
    /* falling odometer: back to months */
    struct maint_reading falling[] = {{D(2026, 2, 10), 1000}, {D(2026, 3, 2), 900}};
    assert_int_equal(maint_due_date(&p, sale, NULL, falling, 2, 0, &d), MN_OK);
    assert_date(d.due, D(2026, 4, 30));
    assert_false(d.by_km);
    /* leap years in the months limit */
    assert_int_equal(maint_due_date(&p, D(2027, 11, 30), NULL, NULL, 0, 0, &d), MN_OK);
    assert_date(d.due, D(2028, 2, 29));
    assert_int_equal(maint_due_date(&p, D(2026, 11, 30), NULL, NULL, 0, 0, &d), MN_OK);
    assert_date(d.due, D(2027, 2, 28));
    /* invalid */
    assert_int_equal(maint_due_date(&p, sale, NULL, NULL, 0, 1, &d), MN_ERR_INVALID);
    assert_int_equal(maint_due_date(&p, sale, NULL, NULL, 0, -1, &d), MN_ERR_INVALID);
    struct maint_plan bad = p;
    bad.second_km = bad.first_km;
    assert_int_equal(maint_due_date(&bad, sale, NULL, NULL, 0, 0, &d), MN_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_check), cmocka_unit_test(test_schedule),
        cmocka_unit_test(test_quiet_hours),        cmocka_unit_test(test_after_failure),
        cmocka_unit_test(test_task_key),           cmocka_unit_test(test_km_per_day),
        cmocka_unit_test(test_maint_due),
    };
    return cmocka_run_group_tests_name("followup", tests, NULL, NULL);
}
