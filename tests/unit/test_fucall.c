/* SPDX-License-Identifier: MIT */
/* Unit tests for core/fucall: what each call outcome does to a task (done, retry after the
 * interval and out of quiet hours, unreachable after N failures or at once for a wrong number,
 * refused, call-back), civil date text round trips (leap days, month ends, bad input), and
 * which maintenance stage is due on a day (none yet, first, chained later stages, lookback).
 * Instants are built with civil_to_epoch in Asia/Shanghai (+480) unless a test says otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/fucall.h"

#define SH 480
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

static struct followup_rule rule(void)
{
    struct followup_rule r = followup_rule_default(FOLLOWUP_EVENT_SALE);
    r.id = 1;
    return r; /* 3 attempts, 120 minutes apart, quiet 21:00-09:00 */
}

static void test_outcome_codes(void **state)
{
    (void)state;
    enum fu_outcome o;
    static const char *const codes[] = {"connected", "no_answer", "busy", "wrong_number",
                                         "refused", "callback"};
    for (int i = 0; i < FU_OUTCOME_COUNT; i++) {
        assert_true(fu_outcome_parse(codes[i], &o));
        assert_int_equal(o, i);
        assert_string_equal(fu_outcome_code(o), codes[i]);
    }
    assert_false(fu_outcome_parse("hung_up", &o));
    assert_false(fu_outcome_parse("", &o));
    assert_false(fu_outcome_parse(NULL, &o));
    assert_string_equal(fu_outcome_code((enum fu_outcome)99), "");
    enum fu_status s;
    assert_true(fu_status_parse("unreachable", &s));
    assert_int_equal(s, FU_UNREACHABLE);
    assert_false(fu_status_parse("closed", &s));
    assert_string_equal(fu_status_code(FU_REFUSED), "refused");
}

static void test_connected_and_refused(void **state)
{
    (void)state;
    struct followup_rule r = rule();
    struct fu_task_state st = {.status = FU_OPEN};
    int64_t t = at(2026, 3, 10, 10, 0, SH);
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_CONNECTED, t, 0, SH, NULL), MN_OK);
    assert_int_equal(st.status, FU_DONE);
    assert_int_equal(st.attempts, 1);
    assert_int_equal(st.connected_calls, 1);
    assert_int_equal(st.failed_attempts, 0);
    assert_int_equal(st.completed_at, t);
    /* a closed task takes no more calls */
    struct mn_error err = {0};
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_CONNECTED, t + 60, 0, SH, &err),
                     MN_ERR_CONFLICT);
    assert_int_equal(st.attempts, 1);

    struct fu_task_state st2 = {.status = FU_OPEN};
    assert_int_equal(fu_apply_call(&r, &st2, FU_OUTCOME_REFUSED, t, 0, SH, NULL), MN_OK);
    assert_int_equal(st2.status, FU_REFUSED);
    assert_int_equal(st2.connected_calls, 0);
    assert_int_equal(st2.completed_at, t);
}

static void test_retries_then_unreachable(void **state)
{
    (void)state;
    struct followup_rule r = rule();
    struct fu_task_state st = {.status = FU_OPEN};
    /* 10:00 no answer → retry at 12:00 */
    int64_t t1 = at(2026, 3, 10, 10, 0, SH);
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_NO_ANSWER, t1, 0, SH, NULL), MN_OK);
    assert_int_equal(st.status, FU_OPEN);
    assert_int_equal(st.failed_attempts, 1);
    assert_int_equal(st.next_attempt_at, at(2026, 3, 10, 12, 0, SH));
    /* 20:00 busy → 22:00 is quiet → next day 09:00 */
    int64_t t2 = at(2026, 3, 10, 20, 0, SH);
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_BUSY, t2, 0, SH, NULL), MN_OK);
    assert_int_equal(st.failed_attempts, 2);
    assert_int_equal(st.next_attempt_at, at(2026, 3, 11, 9, 0, SH));
    /* the third failure closes the task */
    int64_t t3 = at(2026, 3, 11, 9, 5, SH);
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_NO_ANSWER, t3, 0, SH, NULL), MN_OK);
    assert_int_equal(st.status, FU_UNREACHABLE);
    assert_int_equal(st.attempts, 3);
    assert_int_equal(st.failed_attempts, 3);
    assert_int_equal(st.connected_calls, 0);
    assert_int_equal(st.completed_at, t3);
    /* max_attempts 1: unreachable at the first failure */
    r.max_attempts = 1;
    struct fu_task_state one = {.status = FU_OPEN};
    assert_int_equal(fu_apply_call(&r, &one, FU_OUTCOME_BUSY, t1, 0, SH, NULL), MN_OK);
    assert_int_equal(one.status, FU_UNREACHABLE);
}

static void test_wrong_number(void **state)
{
    (void)state;
    struct followup_rule r = rule();
    struct fu_task_state st = {.status = FU_OPEN};
    int64_t t = at(2026, 3, 10, 10, 0, SH);
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_WRONG_NUMBER, t, 0, SH, NULL), MN_OK);
    assert_int_equal(st.status, FU_UNREACHABLE);
    assert_int_equal(st.failed_attempts, 1);
    assert_int_equal(st.attempts, 1);
}

static void test_callback(void **state)
{
    (void)state;
    struct followup_rule r = rule();
    struct fu_task_state st = {.status = FU_OPEN};
    int64_t t = at(2026, 3, 10, 10, 0, SH);
    struct mn_error err = {0};
    /* missing or past call-back time */
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_CALLBACK, t, 0, SH, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "callback_at");
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_CALLBACK, t, t, SH, NULL), MN_ERR_INVALID);
    assert_int_equal(st.attempts, 0); /* a rejected call changes nothing */
    /* "call me at 15:30" */
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_CALLBACK, t, at(2026, 3, 10, 15, 30, SH),
                                   SH, NULL), MN_OK);
    assert_int_equal(st.status, FU_OPEN);
    assert_int_equal(st.next_attempt_at, at(2026, 3, 10, 15, 30, SH));
    assert_int_equal(st.connected_calls, 1);
    assert_int_equal(st.failed_attempts, 0);
    /* "call me at 23:00" falls in quiet hours: 09:00 next morning */
    assert_int_equal(fu_apply_call(&r, &st, FU_OUTCOME_CALLBACK, t, at(2026, 3, 10, 23, 0, SH),
                                   SH, NULL), MN_OK);
    assert_int_equal(st.next_attempt_at, at(2026, 3, 11, 9, 0, SH));
    /* the zone matters: 23:00 in Shanghai is 15:00 UTC, no quiet hours at offset 0 */
    struct fu_task_state utc = {.status = FU_OPEN};
    int64_t cb = at(2026, 3, 10, 23, 0, SH);
    assert_int_equal(fu_apply_call(&r, &utc, FU_OUTCOME_CALLBACK, t, cb, 0, NULL), MN_OK);
    assert_int_equal(utc.next_attempt_at, cb);
}

static void test_date_text(void **state)
{
    (void)state;
    struct civil_date d;
    char buf[11];
    assert_true(civil_date_parse("2028-02-29", &d));
    assert_date(d, D(2028, 2, 29));
    civil_date_format(d, buf);
    assert_string_equal(buf, "2028-02-29");
    assert_false(civil_date_parse("2027-02-29", &d)); /* not a leap year */
    assert_false(civil_date_parse("1900-02-29", &d)); /* century rule */
    assert_true(civil_date_parse("2000-02-29", &d));
    assert_false(civil_date_parse("2026-04-31", &d));
    assert_true(civil_date_parse("2026-12-31", &d));
    assert_false(civil_date_parse("2026-13-01", &d));
    assert_false(civil_date_parse("2026-1-01", &d));
    assert_false(civil_date_parse("2026/01/01", &d));
    assert_false(civil_date_parse("2026-01-01x", &d));
    assert_false(civil_date_parse("", &d));
    assert_false(civil_date_parse(NULL, &d));
    civil_date_format(D(987, 1, 5), buf);
    assert_string_equal(buf, "0987-01-05");
}

static void test_maint_stage_due(void **state)
{
    (void)state;
    struct maint_plan p = maint_plan_default(); /* 3 months / 5,000 km, 10,000, every 10,000/6 mo */
    struct civil_date sale = D(2025, 11, 30);
    bool found;
    int stage;
    struct maint_due due;
    /* no readings: first service at sale + 3 months, clamped to 2026-02-28 */
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 2, 27), 30, &found, &stage, &due),
                     MN_OK);
    assert_false(found);
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 2, 28), 30, &found, &stage, &due),
                     MN_OK);
    assert_true(found);
    assert_int_equal(stage, 0);
    assert_date(due.due, D(2026, 2, 28));
    assert_int_equal(due.target_km, 5000);
    /* stage 1 is six months after stage 0's due date: 2026-08-28 */
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 8, 28), 30, &found, &stage, &due),
                     MN_OK);
    assert_true(found);
    assert_int_equal(stage, 1);
    assert_date(due.due, D(2026, 8, 28));
    assert_int_equal(due.target_km, 10000);
    /* 31 days after a due date: outside a 30-day lookback */
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 9, 28), 30, &found, &stage, &due),
                     MN_OK);
    assert_false(found);
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 9, 27), 30, &found, &stage, &due),
                     MN_OK);
    assert_true(found);
    /* 100 km a day from one reading (3,000 km after 30 days): 5,000 km on day 50 = 2026-01-19 */
    struct maint_reading r1[] = {{D(2025, 12, 30), 3000}};
    assert_int_equal(maint_stage_due(&p, sale, r1, 1, D(2026, 1, 19), 0, &found, &stage, &due),
                     MN_OK);
    assert_true(found);
    assert_int_equal(stage, 0);
    assert_date(due.due, D(2026, 1, 19));
    assert_true(due.by_km);
    assert_int_equal(maint_stage_due(&p, sale, r1, 1, D(2026, 1, 18), 0, &found, &stage, &due),
                     MN_OK);
    assert_false(found);
    /* invalid input */
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 2, 30), 30, &found, &stage, &due),
                     MN_ERR_INVALID);
    assert_int_equal(maint_stage_due(&p, sale, NULL, 0, D(2026, 3, 1), -1, &found, &stage, &due),
                     MN_ERR_INVALID);
}

static void test_task_key_never_twice(void **state)
{
    (void)state;
    /* The store's unique key is (rule, event, seq): distinct triples give distinct keys and the
     * same triple the same key, whatever the schedule. */
    char a[40], b[40], c[40];
    assert_int_equal(followup_task_key(7, 12, 0, a, sizeof a), MN_OK);
    assert_int_equal(followup_task_key(7, 12, 0, b, sizeof b), MN_OK);
    assert_int_equal(followup_task_key(71, 2, 0, c, sizeof c), MN_OK);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_string_equal(a, "fu:7:12:0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcome_codes),   cmocka_unit_test(test_connected_and_refused),
        cmocka_unit_test(test_retries_then_unreachable), cmocka_unit_test(test_wrong_number),
        cmocka_unit_test(test_callback),        cmocka_unit_test(test_date_text),
        cmocka_unit_test(test_maint_stage_due), cmocka_unit_test(test_task_key_never_twice),
    };
    return cmocka_run_group_tests_name("fucall", tests, NULL, NULL);
}
