/* SPDX-License-Identifier: MIT */
/* Complaint tickets (投诉): list with filters, register, read, transitions, CLEAR, notes and the
 * timeline. Each handler parses, calls one service function and encodes. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/handlers_complaint.h"
#include "service/complaint.h"

#define N(a) (sizeof a / sizeof *a)

static bool masked(const struct req *r)
{
    return !role_sees_pii(&r->ctx.who);
}

static void reply_ticket(struct req *r, int status, const struct ticket *t)
{
    reply_json(r, status, encode_ticket(t, masked(r)));
}

/* ?state=a,b → ",a,b,"; each must be a ticket state. */
static bool parse_states(struct req *r, char *out, size_t cap)
{
    const char *s = req_query_str(r, "state");
    out[0] = '\0';
    if (s == NULL || s[0] == '\0')
        return true;
    char buf[200];
    if (strlen(s) >= sizeof buf) {
        reply_error(r, ERR_INVALID, "state", "state is too long");
        return false;
    }
    snprintf(buf, sizeof buf, "%s", s);
    size_t used = (size_t)snprintf(out, cap, ",");
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        enum ticket_state st;
        if (ticket_state_parse(tok, &st) != MN_OK) {
            reply_error(r, ERR_INVALID, "state", "state must be ticket states separated by commas");
            return false;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s,", tok);
    }
    return true;
}

static bool parse_text_param(struct req *r, const char *name, const char **out)
{
    const char *v = req_query_str(r, name);
    *out = v != NULL ? v : "";
    if (strlen(*out) > 100) {
        reply_error(r, ERR_INVALID, name, "the value is too long");
        return false;
    }
    return true;
}

void h_complaints_list(struct req *r)
{
    struct ticket_query q = {0};
    struct list_query lq = {0};
    char states[300];
    int64_t cat, age_h, overdue, customer, mine;
    if (!req_list_query(r, &lq) || !parse_states(r, states, sizeof states) ||
        !req_query_i64(r, "category_id", 0, 0, INT64_MAX, &cat) ||
        !req_query_i64(r, "min_age_hours", 0, 0, 100000, &age_h) ||
        !req_query_i64(r, "overdue", 0, 0, 1, &overdue) ||
        !req_query_i64(r, "customer_id", 0, 0, INT64_MAX, &customer) ||
        !req_query_i64(r, "mine", 0, 0, 1, &mine) ||
        !parse_text_param(r, "severity", &q.severity) ||
        !parse_text_param(r, "source", &q.source))
        return;
    int64_t now = (int64_t)time(NULL);
    q.after = lq.after;
    q.limit = lq.limit;
    q.store_id = lq.store_id;
    q.department_id = lq.department_id;
    q.q = lq.q != NULL ? lq.q : "";
    q.states = states;
    q.category_id = cat;
    q.customer_id = customer;
    q.created_before = age_h > 0 ? now - age_h * 3600 : 0;
    q.overdue_at = overdue ? now : 0;
    q.assignee_user_id = mine ? r->ctx.who.user_id : 0;
    if (mine && q.assignee_user_id == 0)
        q.assignee_user_id = -1; /* an API token is nobody's assignee */
    struct ticket *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_ticket_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_ticket(&items[i], masked(r)));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

#define TF(name, kind, bit) {#name, kind, offsetof(struct ticket_input, name), \
                             sizeof ((struct ticket_input *)0)->name, bit}

static const struct js_field ticket_fields[] = {
    TF(customer_id, JS_ID, 1u << 0),      TF(event_id, JS_ID, 1u << 1),
    TF(followup_task_id, JS_ID, 1u << 2), TF(store_id, JS_ID, 1u << 3),
    TF(department_id, JS_ID, 1u << 4),    TF(category_id, JS_ID, 1u << 5),
    TF(source, JS_TEXT, 1u << 6),         TF(severity, JS_TEXT, 1u << 7),
    TF(title, JS_TEXT, 1u << 8),          TF(description, JS_TEXT, 1u << 9),
};

void h_complaints_create(struct req *r)
{
    struct ticket_input in = {0};
    uint32_t set = 0;
    struct mn_error err = {0};
    struct ticket *t = calloc(1, sizeof *t);
    if (t == NULL) {
        reply_status(r, MN_ERR_NOMEM, NULL);
        return;
    }
    snprintf(in.severity, sizeof in.severity, "normal");
    enum mn_status rc = js_decode(r->body, ticket_fields, N(ticket_fields), &in, &set, &err);
    if (rc == MN_OK && !(set & (1u << 6)))
        rc = mn_fail(&err, MN_ERR_INVALID, "source", "is required");
    if (rc == MN_OK && !(set & (1u << 8)))
        rc = mn_fail(&err, MN_ERR_INVALID, "title", "is required");
    if (rc == MN_OK)
        rc = svc_ticket_create(&r->ctx, &in, t, &err);
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_ticket(r, 201, t);
    free(t);
}

void h_complaints_get(struct req *r)
{
    struct ticket *t = calloc(1, sizeof *t);
    enum mn_status rc = t != NULL ? svc_ticket_get(&r->ctx, r->ids[0], t) : MN_ERR_NOMEM;
    if (rc != MN_OK)
        reply_status(r, rc, NULL);
    else
        reply_ticket(r, 200, t);
    free(t);
}

#define XF(name, kind, bit) {#name, kind, offsetof(struct transition_input, name), \
                             sizeof ((struct transition_input *)0)->name, bit}

static const struct js_field transition_fields[] = {
    XF(action, JS_TEXT, TI_ACTION),           XF(assignee_user_id, JS_ID, TI_ASSIGNEE),
    XF(note, JS_TEXT, TI_NOTE),               XF(root_cause, JS_TEXT, TI_ROOT_CAUSE),
    XF(action_taken, JS_TEXT, TI_ACTION_TAKEN), XF(remedy, JS_TEXT, TI_REMEDY),
    XF(recovery_strategy, JS_TEXT, TI_RECOVERY),
};

void h_complaints_transition(struct req *r)
{
    struct transition_input *in = calloc(1, sizeof *in);
    struct ticket *t = calloc(1, sizeof *t);
    struct mn_error err = {0};
    enum mn_status rc = in != NULL && t != NULL ? MN_OK : MN_ERR_NOMEM;
    if (rc == MN_OK)
        rc = js_decode(r->body, transition_fields, N(transition_fields), in, &in->set, &err);
    if (rc == MN_OK)
        rc = svc_ticket_transition(&r->ctx, r->ids[0], in, t, &err);
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_ticket(r, 200, t);
    free(in);
    free(t);
}

void h_complaints_clear(struct req *r)
{
    static const char *const names[] = {"control", "listen", "establish", "apologize",
                                        "resolve"};
    struct mn_error err = {0};
    unsigned flags = 0;
    const char *key;
    json_t *v;
    enum mn_status rc = MN_OK;
    json_object_foreach(r->body, key, v) {
        int i = 0;
        while (i < 5 && strcmp(key, names[i]) != 0)
            i++;
        if (i == 5) {
            rc = mn_fail(&err, MN_ERR_INVALID, key, "is not a CLEAR step");
            break;
        }
        if (!json_is_boolean(v)) {
            rc = mn_fail(&err, MN_ERR_INVALID, key, "must be true or false");
            break;
        }
        if (json_is_true(v))
            flags |= 1u << i;
    }
    if (rc == MN_OK && json_object_size(r->body) != 5)
        rc = mn_fail(&err, MN_ERR_INVALID, "control",
                     "send all five steps: control, listen, establish, apologize, resolve");
    struct ticket *t = calloc(1, sizeof *t);
    if (rc == MN_OK)
        rc = t != NULL ? svc_ticket_clear(&r->ctx, r->ids[0], flags, t, &err) : MN_ERR_NOMEM;
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_ticket(r, 200, t);
    free(t);
}

struct note_body { char note[4004]; };

void h_complaints_note(struct req *r)
{
    static const struct js_field f[] = {
        {"note", JS_TEXT, offsetof(struct note_body, note), sizeof ((struct note_body *)0)->note,
         1}};
    struct note_body in = {{0}};
    uint32_t set = 0;
    struct mn_error err = {0};
    struct ticket_event e = {0};
    enum mn_status rc = js_decode(r->body, f, 1, &in, &set, &err);
    if (rc == MN_OK && !set)
        rc = mn_fail(&err, MN_ERR_INVALID, "note", "is required");
    if (rc == MN_OK)
        rc = svc_ticket_note(&r->ctx, r->ids[0], in.note, &e, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_empty(r, 204);
}

void h_complaints_timeline(struct req *r)
{
    struct ticket_event *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_ticket_timeline(&r->ctx, r->ids[0], &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_ticket_event(&items[i]));
    ticket_events_free(items, n);
    reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_after", json_null()));
}

void h_complaint_assignees(struct req *r)
{
    int64_t store_id;
    if (!req_query_i64(r, "store_id", 0, 0, INT64_MAX, &store_id))
        return;
    struct complaint_recipient *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_complaint_assignees(&r->ctx, store_id, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s}", "user_id",
                                             (json_int_t)items[i].user_id, "display_name",
                                             items[i].display_name, "department_id",
                                             (json_int_t)items[i].department_id,
                                             "department_name", items[i].department_name));
    free(items);
    reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_after", json_null()));
}
