/* SPDX-License-Identifier: MIT */
/* Unit tests for core/civil: leap years (1900 no, 2000 yes, 2024, 2028), day counts checked
 * against hand-counted values, weekdays, month-end clamping, epoch <-> local time at +08:00,
 * +00:00 and -05:00, and a round trip over +-2,000 years. All results are exact integers. */
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

#include "core/civil.h"

#define D(y, m, d) ((struct civil_date){(y), (m), (d)})

static void assert_date(struct civil_date got, struct civil_date want)
{
    if (got.year != want.year || got.month != want.month || got.day != want.day)
        fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", got.year, got.month, got.day,
                 want.year, want.month, want.day);
}

static void test_leap(void **state)
{
    (void)state;
    static const struct {
        int year;
        bool leap;
        int feb;
    } cases[] = {
        {1900, false, 28}, /* century not divisible by 400 */
        {2000, true, 29},  /* divisible by 400 */
        {2024, true, 29},  {2027, false, 28}, {2028, true, 29}, {2100, false, 28},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(civil_is_leap(cases[i].year), cases[i].leap);
        assert_int_equal(civil_days_in_month(cases[i].year, 2), cases[i].feb);
    }
    assert_int_equal(civil_days_in_month(2026, 4), 30);
    assert_int_equal(civil_days_in_month(2026, 12), 31);
    assert_int_equal(civil_days_in_month(2026, 13), 0);
    assert_true(civil_date_valid(D(2024, 2, 29)));
    assert_false(civil_date_valid(D(2027, 2, 29)));
    assert_false(civil_date_valid(D(1900, 2, 29)));
    assert_true(civil_date_valid(D(2000, 2, 29)));
    assert_false(civil_date_valid(D(2026, 4, 31)));
    assert_false(civil_date_valid(D(2026, 0, 1)));
}

static void test_days(void **state)
{
    (void)state;
    static const struct {
        struct civil_date d;
        int64_t days;
        int weekday;
    } cases[] = {
        {D(1970, 1, 1), 0, 4},       /* the epoch, a Thursday */
        {D(1969, 12, 31), -1, 3},    /* Wednesday */
        {D(2000, 1, 1), 10957, 6},   /* 30*365 + 7 leap days (72..96); a Saturday */
        {D(2000, 3, 1), 11017, 3},   /* + 31 + 29 (2000 is leap) */
        {D(2024, 1, 1), 19723, 1},   /* 54*365 + 13 leap days (72..2020); a Monday */
        {D(2024, 2, 29), 19782, 4},  /* + 31 + 28; a Thursday */
        {D(2028, 1, 1), 21184, 6},   /* 19723 + 366 + 3*365 */
        {D(1900, 1, 1), -25567, 1},  /* -(70*365 + 17 leap days 1904..1968); a Monday */
        {D(1900, 3, 1), -25508, 4},  /* + 31 + 28 (1900 not leap) */
        {D(2026, 11, 22), 20779, 0}, /* 20454 (2026-01-01) + 304 + 21; a Sunday */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(civil_days_from_date(cases[i].d), cases[i].days);
        assert_date(civil_date_from_days(cases[i].days), cases[i].d);
        assert_int_equal(civil_weekday(cases[i].d), cases[i].weekday);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    /* About 2,000 years each side of 1970, every 37th day, plus consecutive days agree. */
    for (int64_t z = -730000; z <= 730000; z += 37) {
        struct civil_date d = civil_date_from_days(z);
        assert_true(civil_date_valid(d));
        assert_int_equal(civil_days_from_date(d), z);
        struct civil_date next = civil_date_from_days(z + 1);
        assert_int_equal(civil_date_cmp(d, next), -1);
    }
}

static void test_add(void **state)
{
    (void)state;
    static const struct {
        struct civil_date d;
        int n;
        bool months;
        struct civil_date want;
    } cases[] = {
        {D(2028, 1, 31), 1, true, D(2028, 2, 29)},  /* leap February */
        {D(2027, 1, 31), 1, true, D(2027, 2, 28)},  /* common February */
        {D(2026, 3, 31), 1, true, D(2026, 4, 30)},
        {D(2026, 12, 15), 1, true, D(2027, 1, 15)}, /* across the year */
        {D(2026, 1, 31), -2, true, D(2025, 11, 30)},
        {D(2024, 2, 29), 12, true, D(2025, 2, 28)},
        {D(2024, 2, 29), 48, true, D(2028, 2, 29)},
        {D(1899, 12, 31), 2, true, D(1900, 2, 28)},
        {D(1999, 12, 31), 2, true, D(2000, 2, 29)},
        {D(2024, 2, 28), 1, false, D(2024, 2, 29)},
        {D(2024, 2, 28), 2, false, D(2024, 3, 1)},
        {D(2023, 2, 28), 1, false, D(2023, 3, 1)},
        {D(2000, 2, 28), 1, false, D(2000, 2, 29)},
        {D(1900, 2, 28), 1, false, D(1900, 3, 1)},
        {D(2026, 12, 31), 1, false, D(2027, 1, 1)},
        {D(2027, 1, 1), -1, false, D(2026, 12, 31)},
        {D(2024, 1, 1), 366, false, D(2025, 1, 1)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct civil_date got = cases[i].months ? civil_add_months(cases[i].d, cases[i].n)
                                                : civil_add_days(cases[i].d, cases[i].n);
        assert_date(got, cases[i].want);
    }
}

static void test_epoch(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        int offset;
        struct civil_time want;
    } cases[] = {
        /* 2025-01-01 is day 20089; 20089*86400 = 1735689600; minus 8 h = 1735660800 */
        {1735660800, 480, {D(2025, 1, 1), 0, 0, 0}},
        {1735660799, 480, {D(2024, 12, 31), 23, 59, 59}},
        {1735660800, 0, {D(2024, 12, 31), 16, 0, 0}},
        {-1, 0, {D(1969, 12, 31), 23, 59, 59}},
        {0, -300, {D(1969, 12, 31), 19, 0, 0}},
        /* 2024-02-29 is day 19782: 1709164800; 12:34:56 at +08:00 is 04:34:56 UTC = +16496 */
        {1709181296, 480, {D(2024, 2, 29), 12, 34, 56}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct civil_time ct = civil_from_epoch(cases[i].t, cases[i].offset);
        assert_date(ct.date, cases[i].want.date);
        assert_int_equal(ct.hour, cases[i].want.hour);
        assert_int_equal(ct.minute, cases[i].want.minute);
        assert_int_equal(ct.second, cases[i].want.second);
        assert_int_equal(civil_to_epoch(cases[i].want, cases[i].offset), cases[i].t);
    }
    assert_int_equal(civil_midnight_epoch(D(2025, 1, 1), 480), 1735660800);
    assert_int_equal(civil_midnight_epoch(D(1970, 1, 1), 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap), cmocka_unit_test(test_days),
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_add),
        cmocka_unit_test(test_epoch),
    };
    return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
