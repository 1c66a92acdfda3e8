/* SPDX-License-Identifier: MIT */
/* Complaint state machine and CLEAR checklist (PRODUCT.md §4). The transition table is data;
 * the function only looks it up. No storage and no clock. */
#include "core/ticket.h"

#include <stdio.h>
#include <string.h>

static const char *const state_codes[TICKET_STATE_COUNT] = {
    "registered", "assigned", "in_progress", "result_written",
    "returned_to_cr", "verifying", "closed", "reopened",
};

static const char *const action_codes[TICKET_ACTION_COUNT] = {
    "assign", "accept", "write_result", "return_to_cr",
    "start_verify", "close", "reopen", "escalate",
};

#define R(x) (1u << (x))
#define FROM(x) (1u << (x))
#define OPEN_STATES (((1u << TICKET_STATE_COUNT) - 1u) & ~FROM(TICKET_CLOSED))

/* One row per action. The CR routes and verifies, the department manager handles (seed 000);
 * store managers and admins may route and escalate. to < 0 keeps the state. */
static const struct {
    unsigned roles;
    unsigned from;
    int to;
    int escalation_delta;
} actions[TICKET_ACTION_COUNT] = {
    [TICKET_ACT_ASSIGN] = {R(ROLE_CR_AGENT) | R(ROLE_STORE_MANAGER) | R(ROLE_ADMIN),
                           FROM(TICKET_REGISTERED) | FROM(TICKET_ASSIGNED) |
                               FROM(TICKET_REOPENED),
                           TICKET_ASSIGNED, 0},
    [TICKET_ACT_ACCEPT] = {R(ROLE_DEPT_MANAGER), FROM(TICKET_ASSIGNED), TICKET_IN_PROGRESS, 0},
    [TICKET_ACT_WRITE_RESULT] = {R(ROLE_DEPT_MANAGER), FROM(TICKET_IN_PROGRESS),
                                 TICKET_RESULT_WRITTEN, 0},
    [TICKET_ACT_RETURN_TO_CR] = {R(ROLE_DEPT_MANAGER), FROM(TICKET_RESULT_WRITTEN),
                                 TICKET_RETURNED_TO_CR, 0},
    [TICKET_ACT_START_VERIFY] = {R(ROLE_CR_AGENT), FROM(TICKET_RETURNED_TO_CR),
                                 TICKET_VERIFYING, 0},
    [TICKET_ACT_CLOSE] = {R(ROLE_CR_AGENT), FROM(TICKET_VERIFYING), TICKET_CLOSED, 0},
    /* Not satisfied: back to the department one escalation level up (PRODUCT.md §4). */
    [TICKET_ACT_REOPEN] = {R(ROLE_CR_AGENT), FROM(TICKET_VERIFYING), TICKET_REOPENED, 1},
    [TICKET_ACT_ESCALATE] = {R(ROLE_STORE_MANAGER) | R(ROLE_ADMIN), OPEN_STATES, -1, 1},
};

const char *ticket_state_code(enum ticket_state s)
{
    return (unsigned)s < TICKET_STATE_COUNT ? state_codes[s] : NULL;
}

const char *ticket_action_code(enum ticket_action a)
{
    return (unsigned)a < TICKET_ACTION_COUNT ? action_codes[a] : NULL;
}

static int find_code(const char *const *codes, int n, const char *code)
{
    if (code == NULL)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return i;
    return -1;
}

enum mn_status ticket_state_parse(const char *code, enum ticket_state *out)
{
    int i = find_code(state_codes, TICKET_STATE_COUNT, code);
    if (i < 0)
        return MN_ERR_INVALID;
    *out = (enum ticket_state)i;
    return MN_OK;
}

enum mn_status ticket_action_parse(const char *code, enum ticket_action *out)
{
    int i = find_code(action_codes, TICKET_ACTION_COUNT, code);
    if (i < 0)
        return MN_ERR_INVALID;
    *out = (enum ticket_action)i;
    return MN_OK;
}

static const char *role_name(enum role r)
{
    const char *c = role_code(r);
    return c != NULL && c[0] != '\0' ? c : "none";
}

enum mn_status ticket_register(enum role actor, enum ticket_state *out, struct mn_error *err)
{
    if (actor != ROLE_CR_AGENT && actor != ROLE_ADMIN)
        return mn_fail(err, MN_ERR_FORBIDDEN, "role", "role %s may not register complaints",
                       role_name(actor));
    *out = TICKET_REGISTERED;
    return MN_OK;
}

bool ticket_role_may(enum role actor, enum ticket_action action)
{
    return (unsigned)action < TICKET_ACTION_COUNT && (unsigned)actor < 32 &&
           (actions[action].roles & R(actor)) != 0;
}

bool ticket_is_open(enum ticket_state s)
{
    return (unsigned)s < TICKET_STATE_COUNT && s != TICKET_CLOSED;
}

/* Lists the states an action is allowed from, for the hint: "in_progress" or "a, b". */
static void list_states(unsigned mask, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < TICKET_STATE_COUNT && used < len; i++) {
        if ((mask & FROM(i)) == 0)
            continue;
        int n = snprintf(buf + used, len - used, "%s%s", used > 0 ? ", " : "", state_codes[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static enum mn_status check_payload(enum ticket_action action, const struct ticket_payload *p,
                                    struct mn_error *err)
{
    static const struct ticket_payload none = {0};
    if (p == NULL)
        p = &none;
    switch (action) {
    case TICKET_ACT_ASSIGN:
        if (!p->assignee)
            return mn_fail(err, MN_ERR_INVALID, "assignee", "say whom the complaint goes to");
        break;
    case TICKET_ACT_WRITE_RESULT:
        /* The handling result names cause, action, remedy and recovery strategy (PRODUCT.md §4). */
        if (!p->root_cause)
            return mn_fail(err, MN_ERR_INVALID, "root_cause", "the root cause is required");
        if (!p->action_taken)
            return mn_fail(err, MN_ERR_INVALID, "action_taken", "the action taken is required");
        if (!p->remedy)
            return mn_fail(err, MN_ERR_INVALID, "remedy", "the remedy is required");
        if (!p->recovery_strategy)
            return mn_fail(err, MN_ERR_INVALID, "recovery_strategy",
                           "choose a recovery strategy");
        break;
    case TICKET_ACT_REOPEN:
    case TICKET_ACT_ESCALATE:
        if (!p->note)
            return mn_fail(err, MN_ERR_INVALID, "note", "say why in a note");
        break;
    default:
        break;
    }
    return MN_OK;
}

enum mn_status ticket_transition(enum ticket_state from, enum ticket_action action,
                                 enum role actor, const struct ticket_payload *payload,
                                 struct ticket_step *out, struct mn_error *err)
{
    if ((unsigned)action >= TICKET_ACTION_COUNT)
        return mn_fail(err, MN_ERR_INVALID, "action", "unknown action");
    if ((unsigned)from >= TICKET_STATE_COUNT)
        return mn_fail(err, MN_ERR_INVALID, "state", "unknown state");
    if (!ticket_role_may(actor, action))
        return mn_fail(err, MN_ERR_FORBIDDEN, "action", "role %s may not %s a complaint",
                       role_name(actor), action_codes[action]);
    if ((actions[action].from & FROM(from)) == 0) {
        char allowed[120];
        list_states(actions[action].from, allowed, sizeof allowed);
        return mn_fail(err, MN_ERR_CONFLICT, "state",
                       "cannot %s a complaint that is %s (only from: %s)", action_codes[action],
                       state_codes[from], allowed);
    }
    enum mn_status rc = check_payload(action, payload, err);
    if (rc != MN_OK)
        return rc;
    out->to = actions[action].to < 0 ? from : (enum ticket_state)actions[action].to;
    out->escalation_delta = actions[action].escalation_delta;
    return MN_OK;
}

bool ticket_clear_complete(unsigned flags)
{
    return (flags & TICKET_CLEAR_ALL) == TICKET_CLEAR_ALL;
}

unsigned ticket_clear_missing(unsigned flags)
{
    return ~flags & TICKET_CLEAR_ALL;
}

int ticket_clear_count(unsigned flags)
{
    int n = 0;
    for (unsigned f = flags & TICKET_CLEAR_ALL; f != 0; f &= f - 1)
        n++;
    return n;
}
