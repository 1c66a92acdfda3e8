/* SPDX-License-Identifier: MIT */
/* The complaint closed loop as a state machine (PRODUCT.md §4, issue 5; seed 000's CR ->
 * department manager -> CR return-visit flow): states, actions, who may do what, the payload
 * each step needs, and the CLEAR handling checklist. Timelines, SLAs (core/sla.h), routing to a
 * particular department and storage are elsewhere. */
#ifndef MANYI_CORE_TICKET_H
#define MANYI_CORE_TICKET_H

#include <stdbool.h>

#include "core/role.h"
#include "core/status.h"

/* Stable codes: stored on tickets and timelines, so never renumber.
 *
 *   registered -assign-> assigned -accept-> in_progress -write_result-> result_written
 *   -return_to_cr-> returned_to_cr -start_verify-> verifying -close-> closed
 *                                                 verifying -reopen-> reopened (escalation + 1)
 *   reopened -assign-> assigned ...;  assigned -assign-> assigned (re-routing)
 *   escalate: any open state -> the same state, escalation + 1 */
enum ticket_state {
    TICKET_REGISTERED = 0,
    TICKET_ASSIGNED = 1,       /* to the responsible department's manager */
    TICKET_IN_PROGRESS = 2,
    TICKET_RESULT_WRITTEN = 3, /* root cause, action, remedy, recovery strategy recorded */
    TICKET_RETURNED_TO_CR = 4,
    TICKET_VERIFYING = 5,      /* CR calls the customer back */
    TICKET_CLOSED = 6,         /* the customer is satisfied; final */
    TICKET_REOPENED = 7,       /* not satisfied: back to the department */
};
enum { TICKET_STATE_COUNT = 8 };

enum ticket_action {
    TICKET_ACT_ASSIGN = 0,
    TICKET_ACT_ACCEPT,
    TICKET_ACT_WRITE_RESULT,
    TICKET_ACT_RETURN_TO_CR,
    TICKET_ACT_START_VERIFY,
    TICKET_ACT_CLOSE,    /* verification: customer satisfied */
    TICKET_ACT_REOPEN,   /* verification: customer not satisfied */
    TICKET_ACT_ESCALATE, /* by a manager, or by the SLA job acting as admin */
};
enum { TICKET_ACTION_COUNT = 8 };

/* What the request carries; each action requires some of it. */
struct ticket_payload {
    bool assignee;          /* ASSIGN: the department manager to route to */
    bool root_cause;        /* WRITE_RESULT: all four of these */
    bool action_taken;
    bool remedy;
    bool recovery_strategy;
    bool note;              /* REOPEN: why the customer is not satisfied; ESCALATE: why */
};

struct ticket_step {
    enum ticket_state to;
    int escalation_delta; /* add to the ticket's escalation level: 0 or 1 */
};

/* "registered", "write_result", ... or NULL outside the enums. Static storage. */
const char *ticket_state_code(enum ticket_state s);
const char *ticket_action_code(enum ticket_action a);
/* MN_ERR_INVALID (out untouched) for unknown codes or NULL. */
enum mn_status ticket_state_parse(const char *code, enum ticket_state *out);
enum mn_status ticket_action_parse(const char *code, enum ticket_action *out);

/* Registering a new complaint: CR agents (and admins). MN_ERR_FORBIDDEN otherwise. */
enum mn_status ticket_register(enum role actor, enum ticket_state *out, struct mn_error *err);

/* Whether role may perform action at all (state aside). */
bool ticket_role_may(enum role actor, enum ticket_action action);

/* Applies action to a ticket in state from. Checks, in order: the role (MN_ERR_FORBIDDEN), the
 * transition (MN_ERR_CONFLICT, hint names the action, the state and the states it is allowed
 * from), the payload (MN_ERR_INVALID, field names the missing member). On success fills *out.
 * Pure; thread-safe. */
enum mn_status ticket_transition(enum ticket_state from, enum ticket_action action,
                                 enum role actor, const struct ticket_payload *payload,
                                 struct ticket_step *out, struct mn_error *err);

/* True for every state but closed. */
bool ticket_is_open(enum ticket_state s);

/* CLEAR handling checklist (seed 003): Control, Listen, Establish, Apologize, Resolve. */
enum ticket_clear {
    TICKET_CLEAR_CONTROL = 1u << 0,
    TICKET_CLEAR_LISTEN = 1u << 1,
    TICKET_CLEAR_ESTABLISH = 1u << 2,
    TICKET_CLEAR_APOLOGIZE = 1u << 3,
    TICKET_CLEAR_RESOLVE = 1u << 4,
};
enum { TICKET_CLEAR_ALL = 0x1f };

/* Whether every one of the five steps is ticked; bits outside TICKET_CLEAR_ALL are ignored. */
bool ticket_clear_complete(unsigned flags);
/* The steps not yet ticked, as TICKET_CLEAR_* bits. */
unsigned ticket_clear_missing(unsigned flags);
/* Number of steps ticked, 0..5. */
int ticket_clear_count(unsigned flags);

#endif
