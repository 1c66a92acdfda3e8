/* SPDX-License-Identifier: MIT */
/* Unit tests for core/complaint: codes, the stage of every state, the SLA policy check,
 * re-complaint windows at their edges, the delivery back-off and tallying ticket facts into the
 * complaint counts, checked against hand-worked values (empty, one, all late, missing steps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/complaint.h"

static void test_codes(void **state)
{
    (void)state;
    enum complaint_severity s;
    assert_int_equal(complaint_severity_parse("critical", &s), MN_OK);
    assert_int_equal(s, SEV_CRITICAL);
    assert_int_equal(complaint_severity_parse("Critical", &s), MN_ERR_INVALID);
    assert_int_equal(complaint_severity_parse(NULL, &s), MN_ERR_INVALID);
    assert_string_equal(complaint_severity_code(SEV_URGENT), "urgent");
    assert_null(complaint_severity_code((enum complaint_severity)3));
    assert_true(complaint_source_valid("followup_call"));
    assert_true(complaint_source_valid("survey"));
    assert_true(complaint_source_valid("manufacturer"));
    assert_false(complaint_source_valid("email"));
    assert_false(complaint_source_valid(NULL));
    enum complaint_stage g;
    assert_int_equal(complaint_stage_parse("verification", &g), MN_OK);
    assert_int_equal(g, STAGE_VERIFICATION);
    assert_string_equal(complaint_stage_code(STAGE_NONE), "none");
}

static void test_stages(void **state)
{
    (void)state;
    static const enum complaint_stage want[TICKET_STATE_COUNT] = {
        [TICKET_REGISTERED] = STAGE_FIRST_RESPONSE, [TICKET_ASSIGNED] = STAGE_FIRST_RESPONSE,
        [TICKET_IN_PROGRESS] = STAGE_RESOLUTION,    [TICKET_RESULT_WRITTEN] = STAGE_RESOLUTION,
        [TICKET_RETURNED_TO_CR] = STAGE_VERIFICATION, [TICKET_VERIFYING] = STAGE_VERIFICATION,
        [TICKET_CLOSED] = STAGE_NONE,               [TICKET_REOPENED] = STAGE_FIRST_RESPONSE,
    };
    for (int i = 0; i < TICKET_STATE_COUNT; i++)
        assert_int_equal(complaint_stage_of((enum ticket_state)i), want[i]);
}

static void test_policy(void **state)
{
    (void)state;
    struct complaint_sla_policy p = complaint_sla_default();
    struct mn_error err = {0};
    assert_int_equal(p.mode, SLA_WORKING);
    assert_int_equal(p.minutes[SEV_NORMAL][STAGE_RESOLUTION], 1620);
    assert_int_equal(p.minutes[SEV_CRITICAL][STAGE_FIRST_RESPONSE], 30);
    assert_int_equal(complaint_sla_check(&p, &err), MN_OK);
    p.minutes[SEV_URGENT][STAGE_VERIFICATION] = 0;
    assert_int_equal(complaint_sla_check(&p, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "sla");
    p.minutes[SEV_URGENT][STAGE_VERIFICATION] = 525601;
    assert_int_equal(complaint_sla_check(&p, &err), MN_ERR_INVALID);
    p.minutes[SEV_URGENT][STAGE_VERIFICATION] = 525600;
    assert_int_equal(complaint_sla_check(&p, &err), MN_OK);
}

static void test_recomplaint(void **state)
{
    (void)state;
    int64_t now = 1800000000;
    assert_true(complaint_is_recomplaint(now - 30 * 86400, now, 30));      /* the edge counts */
    assert_false(complaint_is_recomplaint(now - 30 * 86400 - 1, now, 30));
    assert_true(complaint_is_recomplaint(now, now, 30));
    assert_false(complaint_is_recomplaint(now + 1, now, 30));              /* a later one */
    assert_false(complaint_is_recomplaint(now - 60, now, 0));              /* switched off */
}

static void test_backoff(void **state)
{
    (void)state;
    assert_int_equal(complaint_backoff_seconds(0), 30);
    assert_int_equal(complaint_backoff_seconds(1), 30);
    assert_int_equal(complaint_backoff_seconds(2), 120);
    assert_int_equal(complaint_backoff_seconds(3), 480);
    assert_int_equal(complaint_backoff_seconds(4), 1920);
    assert_int_equal(complaint_backoff_seconds(5), 7680);
    assert_int_equal(complaint_backoff_seconds(6), 21600);
    assert_int_equal(complaint_backoff_seconds(100), 21600);
}

static void test_tally(void **state)
{
    (void)state;
    struct callstats_complaint_counts c = {0};
    int64_t now = 100000;
    /* empty */
    assert_int_equal(complaint_tally(NULL, 0, now, &c), MN_OK);
    assert_int_equal(c.complaints, 0);
    assert_int_equal(complaint_tally(NULL, 1, now, &c), MN_ERR_INVALID);
    const struct complaint_fact f[] = {
        /* on time everywhere, closed after two verifications (one satisfied) */
        {.created_at = 1000, .first_response_due = 2000, .first_response_at = 1500,
         .resolution_due = 5000, .resolved_at = 5000, .closed_at = 7000, .verify_count = 2,
         .verify_satisfied = 1},
        /* late on both, a re-complaint, still open */
        {.created_at = 1000, .first_response_due = 2000, .first_response_at = 2001,
         .resolution_due = 5000, .resolved_at = 9000, .is_recomplaint = true},
        /* nothing happened; first response overdue, resolution not yet due */
        {.created_at = 90000, .first_response_due = 99999, .resolution_due = 100000},
        /* nothing happened and nothing due yet */
        {.created_at = 99000, .first_response_due = 100000, .resolution_due = 200000},
    };
    assert_int_equal(complaint_tally(f, 4, now, &c), MN_OK);
    assert_int_equal(c.complaints, 4);
    assert_int_equal(c.first_response_due, 3);
    assert_int_equal(c.first_response_on_time, 1);
    assert_int_equal(c.resolution_due, 2);
    assert_int_equal(c.resolved_on_time, 1);
    assert_int_equal(c.verified, 2);
    assert_int_equal(c.verified_satisfied, 1);
    assert_int_equal(c.recomplaints, 1);
    struct complaint_fact bad = {.verify_count = 1, .verify_satisfied = 2};
    assert_int_equal(complaint_tally(&bad, 1, now, &c), MN_ERR_INVALID);
    assert_int_equal(c.complaints, 4); /* a rejected tally adds nothing */
}

static void test_handling(void **state)
{
    (void)state;
    const struct complaint_fact f[] = {
        {.created_at = 0, .closed_at = 600},      /* 10 min */
        {.created_at = 0},                        /* open: not counted */
        {.created_at = 60, .closed_at = 179},     /* 1 min 59 s -> 1 */
        {.created_at = 1000, .closed_at = 1000},  /* 0 */
    };
    int64_t out[4];
    size_t n = 99;
    assert_int_equal(complaint_handling_minutes(f, 4, out, &n), MN_OK);
    assert_int_equal(n, 3);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(out[2], 10);
    assert_int_equal(complaint_handling_minutes(NULL, 0, NULL, &n), MN_OK);
    assert_int_equal(n, 0);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),     cmocka_unit_test(test_stages),
        cmocka_unit_test(test_policy),    cmocka_unit_test(test_recomplaint),
        cmocka_unit_test(test_backoff),   cmocka_unit_test(test_tally),
        cmocka_unit_test(test_handling),
    };
    return cmocka_run_group_tests_name("complaint", tests, NULL, NULL);
}
