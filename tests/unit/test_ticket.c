/* SPDX-License-Identifier: MIT */
/* Unit tests for core/ticket: the whole loop including a reopen and escalation, every illegal
 * (state, action) pair refused with MN_ERR_CONFLICT, role permissions, required payloads, codes,
 * and the CLEAR checklist. No floating point. */
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

#include "core/ticket.h"

static const struct ticket_payload full = {true, true, true, true, true, true};

static void test_codes(void **state)
{
    (void)state;
    for (int i = 0; i < TICKET_STATE_COUNT; i++) {
        enum ticket_state s;
        assert_int_equal(ticket_state_parse(ticket_state_code((enum ticket_state)i), &s), MN_OK);
        assert_int_equal(s, i);
    }
    for (int i = 0; i < TICKET_ACTION_COUNT; i++) {
        enum ticket_action a;
        assert_int_equal(ticket_action_parse(ticket_action_code((enum ticket_action)i), &a),
                         MN_OK);
        assert_int_equal(a, i);
    }
    assert_string_equal(ticket_state_code(TICKET_RETURNED_TO_CR), "returned_to_cr");
    assert_null(ticket_state_code((enum ticket_state)8));
    enum ticket_state s = TICKET_CLOSED;
    assert_int_equal(ticket_state_parse("open", &s), MN_ERR_INVALID);
    assert_int_equal(ticket_state_parse(NULL, &s), MN_ERR_INVALID);
    assert_int_equal(s, TICKET_CLOSED);
}

/* The "done when" loop: not satisfied the first time, closed the second. */
static void test_full_loop(void **state)
{
    (void)state;
    static const struct {
        enum ticket_action act;
        enum role who;
        enum ticket_state to;
        int level; /* escalation level after the step */
    } steps[] = {
        {TICKET_ACT_ASSIGN, ROLE_CR_AGENT, TICKET_ASSIGNED, 0},
        {TICKET_ACT_ACCEPT, ROLE_DEPT_MANAGER, TICKET_IN_PROGRESS, 0},
        {TICKET_ACT_WRITE_RESULT, ROLE_DEPT_MANAGER, TICKET_RESULT_WRITTEN, 0},
        {TICKET_ACT_RETURN_TO_CR, ROLE_DEPT_MANAGER, TICKET_RETURNED_TO_CR, 0},
        {TICKET_ACT_START_VERIFY, ROLE_CR_AGENT, TICKET_VERIFYING, 0},
        {TICKET_ACT_REOPEN, ROLE_CR_AGENT, TICKET_REOPENED, 1},
        {TICKET_ACT_ASSIGN, ROLE_STORE_MANAGER, TICKET_ASSIGNED, 1},
        {TICKET_ACT_ESCALATE, ROLE_ADMIN, TICKET_ASSIGNED, 2},
        {TICKET_ACT_ACCEPT, ROLE_DEPT_MANAGER, TICKET_IN_PROGRESS, 2},
        {TICKET_ACT_WRITE_RESULT, ROLE_DEPT_MANAGER, TICKET_RESULT_WRITTEN, 2},
        {TICKET_ACT_RETURN_TO_CR, ROLE_DEPT_MANAGER, TICKET_RETURNED_TO_CR, 2},
        {TICKET_ACT_START_VERIFY, ROLE_CR_AGENT, TICKET_VERIFYING, 2},
        {TICKET_ACT_CLOSE, ROLE_CR_AGENT, TICKET_CLOSED, 2},
    };
    enum ticket_state s;
    assert_int_equal(ticket_register(ROLE_CR_AGENT, &s, NULL), MN_OK);
    assert_int_equal(s, TICKET_REGISTERED);
    int level = 0;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        struct ticket_step st;
        struct mn_error err = {0};
        enum mn_status rc = ticket_transition(s, steps[i].act, steps[i].who, &full, &st, &err);
        if (rc != MN_OK)
            fail_msg("step %zu: %s", i, err.hint);
        s = st.to;
        level += st.escalation_delta;
        assert_int_equal(s, steps[i].to);
        assert_int_equal(level, steps[i].level);
    }
    assert_false(ticket_is_open(s));
}

/* Expected target of every legal (state, action); -1 = illegal. Worked out from the diagram in
 * ticket.h, not from the table in ticket.c. */
static const int legal[TICKET_STATE_COUNT][TICKET_ACTION_COUNT] = {
    /*                assign accept write  return verify close reopen escalate */
    [TICKET_REGISTERED] = {1, -1, -1, -1, -1, -1, -1, 0},
    [TICKET_ASSIGNED] = {1, 2, -1, -1, -1, -1, -1, 1},
    [TICKET_IN_PROGRESS] = {-1, -1, 3, -1, -1, -1, -1, 2},
    [TICKET_RESULT_WRITTEN] = {-1, -1, -1, 4, -1, -1, -1, 3},
    [TICKET_RETURNED_TO_CR] = {-1, -1, -1, -1, 5, -1, -1, 4},
    [TICKET_VERIFYING] = {-1, -1, -1, -1, -1, 6, 7, 5},
    [TICKET_CLOSED] = {-1, -1, -1, -1, -1, -1, -1, -1},
    [TICKET_REOPENED] = {1, -1, -1, -1, -1, -1, -1, 7},
};

static enum role role_for(enum ticket_action a)
{
    switch (a) {
    case TICKET_ACT_ACCEPT:
    case TICKET_ACT_WRITE_RESULT:
    case TICKET_ACT_RETURN_TO_CR:
        return ROLE_DEPT_MANAGER;
    case TICKET_ACT_ESCALATE:
        return ROLE_STORE_MANAGER;
    default:
        return ROLE_CR_AGENT;
    }
}

static void test_every_pair(void **state)
{
    (void)state;
    for (int s = 0; s < TICKET_STATE_COUNT; s++) {
        for (int a = 0; a < TICKET_ACTION_COUNT; a++) {
            struct ticket_step st = {TICKET_CLOSED, 9};
            struct mn_error err = {0};
            enum mn_status rc = ticket_transition((enum ticket_state)s, (enum ticket_action)a,
                                                  role_for((enum ticket_action)a), &full, &st,
                                                  &err);
            if (legal[s][a] < 0) {
                if (rc != MN_ERR_CONFLICT)
                    fail_msg("%s from %s: rc %d", ticket_action_code((enum ticket_action)a),
                             ticket_state_code((enum ticket_state)s), rc);
                assert_non_null(strstr(err.hint, ticket_action_code((enum ticket_action)a)));
                assert_non_null(strstr(err.hint, ticket_state_code((enum ticket_state)s)));
            } else {
                assert_int_equal(rc, MN_OK);
                assert_int_equal(st.to, legal[s][a]);
            }
        }
    }
    struct ticket_step st;
    struct mn_error err = {0};
    assert_int_equal(ticket_transition(TICKET_ASSIGNED, TICKET_ACT_WRITE_RESULT,
                                       ROLE_DEPT_MANAGER, &full, &st, &err), MN_ERR_CONFLICT);
    assert_string_equal(err.hint,
                        "cannot write_result a complaint that is assigned (only from: "
                        "in_progress)");
}

static void test_roles(void **state)
{
    (void)state;
    struct ticket_step st;
    struct mn_error err = {0};
    enum ticket_state s;
    assert_int_equal(ticket_register(ROLE_DEPT_MANAGER, &s, &err), MN_ERR_FORBIDDEN);
    assert_int_equal(ticket_register(ROLE_STAFF, &s, &err), MN_ERR_FORBIDDEN);
    assert_int_equal(ticket_transition(TICKET_IN_PROGRESS, TICKET_ACT_WRITE_RESULT, ROLE_CR_AGENT,
                                       &full, &st, &err), MN_ERR_FORBIDDEN);
    assert_string_equal(err.hint, "role cr_agent may not write_result a complaint");
    assert_int_equal(ticket_transition(TICKET_VERIFYING, TICKET_ACT_CLOSE, ROLE_DEPT_MANAGER,
                                       &full, &st, &err), MN_ERR_FORBIDDEN);
    assert_int_equal(ticket_transition(TICKET_ASSIGNED, TICKET_ACT_ESCALATE, ROLE_CR_AGENT, &full,
                                       &st, &err), MN_ERR_FORBIDDEN);
    assert_int_equal(ticket_transition(TICKET_ASSIGNED, TICKET_ACT_ACCEPT, ROLE_AUDITOR, &full,
                                       &st, &err), MN_ERR_FORBIDDEN);
    assert_true(ticket_role_may(ROLE_ADMIN, TICKET_ACT_ASSIGN));
    assert_false(ticket_role_may(ROLE_ADMIN, TICKET_ACT_WRITE_RESULT));
    assert_false(ticket_role_may(ROLE_NONE, TICKET_ACT_ASSIGN));
}

static void test_payload(void **state)
{
    (void)state;
    struct ticket_step st;
    struct mn_error err = {0};
    static const struct {
        const char *missing;
        struct ticket_payload p;
    } cases[] = {
        {"root_cause", {true, false, true, true, true, true}},
        {"action_taken", {true, true, false, true, true, true}},
        {"remedy", {true, true, true, false, true, true}},
        {"recovery_strategy", {true, true, true, true, false, true}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(ticket_transition(TICKET_IN_PROGRESS, TICKET_ACT_WRITE_RESULT,
                                           ROLE_DEPT_MANAGER, &cases[i].p, &st, &err),
                         MN_ERR_INVALID);
        assert_string_equal(err.field, cases[i].missing);
    }
    assert_int_equal(ticket_transition(TICKET_REGISTERED, TICKET_ACT_ASSIGN, ROLE_CR_AGENT, NULL,
                                       &st, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "assignee");
    struct ticket_payload no_note = full;
    no_note.note = false;
    assert_int_equal(ticket_transition(TICKET_VERIFYING, TICKET_ACT_REOPEN, ROLE_CR_AGENT,
                                       &no_note, &st, &err), MN_ERR_INVALID);
    assert_string_equal(err.field, "note");
    assert_int_equal(ticket_transition(TICKET_VERIFYING, TICKET_ACT_CLOSE, ROLE_CR_AGENT, NULL,
                                       &st, &err), MN_OK);
    assert_int_equal(ticket_transition((enum ticket_state)9, TICKET_ACT_CLOSE, ROLE_CR_AGENT,
                                       NULL, &st, &err), MN_ERR_INVALID);
}

static void test_clear(void **state)
{
    (void)state;
    static const struct {
        unsigned flags;
        bool complete;
        unsigned missing;
        int count;
    } cases[] = {
        {0, false, 0x1f, 0},
        {TICKET_CLEAR_CONTROL, false, 0x1e, 1},
        {TICKET_CLEAR_CONTROL | TICKET_CLEAR_LISTEN | TICKET_CLEAR_ESTABLISH |
             TICKET_CLEAR_APOLOGIZE, false, TICKET_CLEAR_RESOLVE, 4},
        {0x1f, true, 0, 5},
        {0xff, true, 0, 5}, /* bits beyond the five are ignored */
        {0xe0 | TICKET_CLEAR_LISTEN, false, 0x1d, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(ticket_clear_complete(cases[i].flags), cases[i].complete);
        assert_int_equal(ticket_clear_missing(cases[i].flags), cases[i].missing);
        assert_int_equal(ticket_clear_count(cases[i].flags), cases[i].count);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes), cmocka_unit_test(test_full_loop),
        cmocka_unit_test(test_every_pair), cmocka_unit_test(test_roles),
        cmocka_unit_test(test_payload), cmocka_unit_test(test_clear),
    };
    return cmocka_run_group_tests_name("ticket", tests, NULL, NULL);
}
