/* SPDX-License-Identifier: MIT */
/* Follow-up rules, the work queue (list, call screen, claim, assign), call attempts and the
 * figures. Handlers parse, call one service function and encode. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers_followup.h"
#include "service/followup.h"

#define RFIELD(name, kind, bit) \
    {#name, kind, offsetof(struct rule_input, v.name), sizeof ((struct rule_input *)0)->v.name, \
     bit}

static const struct js_field rule_fields[] = {
    RFIELD(code, JS_TEXT, RF_CODE),
    RFIELD(name, JS_TEXT, RF_NAME),
    RFIELD(trigger_type, JS_TEXT, RF_TRIGGER),
    {"store_id", JS_ID, offsetof(struct rule_input, v.store_id), 0, RF_STORE_ID},
    RFIELD(task_type, JS_TEXT, RF_TASK_TYPE),
    {"offset_days", JS_INT, offsetof(struct rule_input, v.offset_days), 0, RF_OFFSET},
    {"window_days", JS_INT, offsetof(struct rule_input, v.window_days), 0, RF_WINDOW},
    {"quiet_start_min", JS_INT, offsetof(struct rule_input, v.quiet_start_min), 0,
     RF_QUIET_START},
    {"quiet_end_min", JS_INT, offsetof(struct rule_input, v.quiet_end_min), 0, RF_QUIET_END},
    {"max_attempts", JS_INT, offsetof(struct rule_input, v.max_attempts), 0, RF_MAX_ATTEMPTS},
    {"retry_minutes", JS_INT, offsetof(struct rule_input, v.retry_minutes), 0, RF_RETRY},
    {"survey_id", JS_ID, offsetof(struct rule_input, v.survey_id), 0, RF_SURVEY_ID},
    RFIELD(assign_mode, JS_TEXT, RF_ASSIGN),
    RFIELD(assign_role, JS_TEXT, RF_ROLE),
    RFIELD(script, JS_TEXT, RF_SCRIPT),
    {"active", JS_BOOL, offsetof(struct rule_input, v.active), 0, RF_ACTIVE},
};

/* "assign_team": [12, 15] → ",12,15," ([] = every user of the rule's role there). Taken out of
 * the body before js_decode, which knows scalars only. */
static enum mn_status decode_team(json_t *body, struct rule_input *in, struct mn_error *err)
{
    json_t *team = json_object_get(body, "assign_team");
    if (team == NULL)
        return MN_OK;
    if (!json_is_array(team))
        return mn_fail(err, MN_ERR_INVALID, "assign_team", "must be an array of user ids");
    if (json_array_size(team) > FU_TEAM_MAX)
        return mn_fail(err, MN_ERR_INVALID, "assign_team", "names at most %d users",
                       FU_TEAM_MAX);
    size_t len = 0, i;
    json_t *v;
    char *out = in->v.assign_team;
    json_array_foreach(team, i, v) {
        char field[48];
        snprintf(field, sizeof field, "assign_team.%zu", i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
            json_integer_value(v) > 999999999999LL)
            return mn_fail(err, MN_ERR_INVALID, field, "must be a user id");
        /* 32 ids of at most 12 digits and their commas fit the 404 bytes */
        char one[48];
        int w = snprintf(one, sizeof one, "%s%lld,", len == 0 ? "," : "",
                         (long long)json_integer_value(v));
        if (w < 0 || len + (size_t)w >= sizeof in->v.assign_team)
            return mn_fail(err, MN_ERR_INVALID, "assign_team", "is too long");
        memcpy(out + len, one, (size_t)w + 1);
        len += (size_t)w;
    }
    in->set |= RF_TEAM;
    json_object_del(body, "assign_team");
    return MN_OK;
}

static void rule_write(struct req *r, bool create)
{
    struct rule_input in = {0};
    struct fu_rule out;
    struct mn_error err = {0};
    enum mn_status rc = r->body != NULL ? decode_team(r->body, &in, &err) : MN_OK;
    uint32_t team_set = in.set; /* js_decode starts its own set of fields */
    if (rc == MN_OK)
        rc = js_decode(r->body, rule_fields, sizeof rule_fields / sizeof *rule_fields, &in,
                       &in.set, &err);
    in.set |= team_set;
    if (rc == MN_OK)
        rc = create ? svc_rule_create(&r->ctx, &in, &out, &err)
                    : svc_rule_update(&r->ctx, r->ids[0], &in, &out, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, create ? 201 : 200, encode_rule(&out));
}

void h_fu_rules_create(struct req *r) { rule_write(r, true); }
void h_fu_rules_update(struct req *r) { rule_write(r, false); }

void h_fu_rules_get(struct req *r)
{
    struct fu_rule rule;
    enum mn_status rc = svc_rule_get(&r->ctx, r->ids[0], &rule);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, encode_rule(&rule));
}

void h_fu_rules_list(struct req *r)
{
    struct fu_rule *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_rule_list(&r->ctx, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_rule(&items[i]));
    reply_list(r, arr, 0, false);
    free(items);
}

void h_fu_tasks_list(struct req *r)
{
    struct list_query q = {0};
    struct task_filter f = {0};
    int64_t mine, unassigned;
    if (!req_list_query(r, &q) ||
        !req_query_i64(r, "assignee_id", 0, 0, INT64_MAX, &f.assignee_id) ||
        !req_query_i64(r, "customer_id", 0, 0, INT64_MAX, &f.customer_id) ||
        !req_query_i64(r, "mine", 0, 0, 1, &mine) ||
        !req_query_i64(r, "unassigned", 0, 0, 1, &unassigned))
        return;
    f.store_id = q.store_id;
    f.mine = mine == 1;
    f.unassigned = unassigned == 1;
    f.view = req_query_str(r, "view");
    struct fu_task *items = NULL;
    size_t n = 0;
    struct mn_error err = {0};
    enum mn_status rc = svc_task_list(&r->ctx, &f, &q, &items, &n, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_task(&items[i]));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

void h_fu_tasks_get(struct req *r)
{
    json_t *o = NULL;
    enum mn_status rc = svc_task_detail(&r->ctx, r->ids[0], &o);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, o);
}

void h_fu_tasks_claim(struct req *r)
{
    struct fu_task t;
    struct mn_error err = {0};
    enum mn_status rc = svc_task_claim(&r->ctx, r->ids[0], &t, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 200, encode_task(&t));
}

struct assign_body { int64_t assignee_id; };
static const struct js_field assign_fields[] = {
    {"assignee_id", JS_ID, offsetof(struct assign_body, assignee_id), 0, 1},
};

void h_fu_tasks_assign(struct req *r)
{
    struct assign_body in = {0};
    uint32_t set;
    struct fu_task t;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, assign_fields, 1, &in, &set, &err);
    if (rc == MN_OK && !(set & 1))
        rc = mn_fail(&err, MN_ERR_INVALID, "assignee_id", "is required (null: back to the pool)");
    if (rc == MN_OK)
        rc = svc_task_assign(&r->ctx, r->ids[0], in.assignee_id, &t, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 200, encode_task(&t));
}

static const struct js_field call_fields[] = {
    {"outcome", JS_TEXT, offsetof(struct fu_call_input, outcome),
     sizeof ((struct fu_call_input *)0)->outcome, CALL_OUTCOME},
    {"notes", JS_TEXT, offsetof(struct fu_call_input, notes),
     sizeof ((struct fu_call_input *)0)->notes, CALL_NOTES},
    {"callback_at", JS_TEXT, offsetof(struct fu_call_input, callback_at),
     sizeof ((struct fu_call_input *)0)->callback_at, CALL_CALLBACK_AT},
};

void h_fu_tasks_call(struct req *r)
{
    struct fu_call_input in = {0};
    struct fu_task t;
    struct fu_call c;
    struct mn_error err = {0};
    enum mn_status rc = js_decode(r->body, call_fields, sizeof call_fields / sizeof *call_fields,
                                  &in, &in.set, &err);
    if (rc == MN_OK)
        rc = svc_task_call(&r->ctx, r->ids[0], &in, &t, &c, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 201, json_pack("{s:o, s:o}", "task", encode_task(&t), "call",
                                 encode_call(&c)));
}

void h_fu_tasks_reveal(struct req *r)
{
    struct customer c;
    struct mn_error err = {0};
    enum mn_status rc = svc_task_reveal(&r->ctx, r->ids[0], &c, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 200, encode_customer(&c, false));
}

/* {"answers": [...]}: the rule's survey answered in the call. */
void h_fu_tasks_response(struct req *r)
{
    struct mn_error err = {0};
    enum mn_status rc = MN_OK;
    const char *key;
    json_t *v;
    json_object_foreach(r->body, key, v) {
        if (strcmp(key, "answers") != 0) {
            rc = mn_fail(&err, MN_ERR_INVALID, key, "is not a known field");
            break;
        }
    }
    json_t *answers = json_object_get(r->body, "answers");
    if (rc == MN_OK && answers == NULL)
        rc = mn_fail(&err, MN_ERR_INVALID, "answers", "is required");
    json_t *o = NULL;
    if (rc == MN_OK)
        rc = svc_task_response(&r->ctx, r->ids[0], answers, &o, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 201, o);
}

void h_fu_stats(struct req *r)
{
    int64_t store_id;
    if (!req_query_i64(r, "store_id", 0, 0, INT64_MAX, &store_id))
        return;
    json_t *o = NULL;
    struct mn_error err = {0};
    enum mn_status rc = svc_followup_stats(&r->ctx, req_query_str(r, "group"),
                                           req_query_str(r, "from"), req_query_str(r, "to"),
                                           store_id, &o, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 200, o);
}
