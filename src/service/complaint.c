/* SPDX-License-Identifier: MIT */
/* Tickets through the loop: registration (with re-complaint detection and the SLA deadlines),
 * transitions checked by core/ticket, the CLEAR checklist, notes and the timeline. Each change
 * appends to the timeline, writes the audit log, and queues notifications, emails and webhook
 * posts in the same transaction, so a rejected request writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pii.h"
#include "core/text.h"
#include "service/complaint.h"
#include "service/complaint_int.h"
#include "store/customers.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

/* Department-scoped roles see only tickets routed to their own department (not store-level
 * ones: a registered ticket is the CR's until it is assigned). */
bool complaint_ticket_visible(const struct principal *p, const struct ticket *t)
{
    switch (role_scope_of(p->role)) {
    case SCOPE_TENANT:
        return p->role != ROLE_NONE;
    case SCOPE_STORE:
        return t->store_id == p->store_id;
    case SCOPE_DEPARTMENT:
        return t->store_id == p->store_id && t->department_id != 0 &&
               t->department_id == p->department_id;
    }
    return false;
}

enum mn_status svc_ticket_get(struct svc_ctx *ctx, int64_t id, struct ticket *out)
{
    CHECK(ticket_get(ctx->db, ctx->who.tenant_id, id, out));
    return complaint_ticket_visible(&ctx->who, out) ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status svc_ticket_list(struct svc_ctx *ctx, struct ticket_query *q,
                               struct ticket **items, size_t *n)
{
    switch (role_scope_of(ctx->who.role)) {
    case SCOPE_TENANT:
        break;
    case SCOPE_STORE:
        q->store_id = ctx->who.store_id;
        break;
    case SCOPE_DEPARTMENT:
        q->store_id = ctx->who.store_id;
        q->department_id = ctx->who.department_id;
        break;
    }
    return ticket_list(ctx->db, ctx->who.tenant_id, q, items, n);
}

/* ---- timeline, notifications, outbox ----------------------------------------------------- */

enum mn_status complaint_timeline_add(struct svc_ctx *ctx, const struct ticket *t,
                                      const char *kind, const char *from, const char *to,
                                      const char *note, json_t *data)
{
    struct ticket_event e = {.tenant_id = t->tenant_id, .ticket_id = t->id, .at = store_now(),
                             .user_id = ctx->who.user_id};
    snprintf(e.username, sizeof e.username, "%s",
             ctx->who.username[0] != '\0' ? ctx->who.username : "system");
    snprintf(e.kind, sizeof e.kind, "%s", kind);
    snprintf(e.from_state, sizeof e.from_state, "%s", from != NULL ? from : "");
    snprintf(e.to_state, sizeof e.to_state, "%s", to != NULL ? to : "");
    snprintf(e.note, sizeof e.note, "%s", note != NULL ? note : "");
    e.data_json = data != NULL ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    enum mn_status rc = ticket_event_insert(ctx->db, &e);
    free(e.data_json);
    return rc;
}

/* The email sender's settings come from the environment (docs: MANYI_SMTP_URL); without them
 * no email is queued. */
static bool mail_configured(void)
{
    const char *url = getenv("MANYI_SMTP_URL");
    return url != NULL && url[0] != '\0';
}

enum mn_status complaint_notify(struct db *db, const struct ticket *t,
                                const struct complaint_recipient *r, const char *kind,
                                const char *title, const char *body)
{
    struct notification x = {.tenant_id = t->tenant_id, .user_id = r->user_id,
                             .ticket_id = t->id, .created_at = store_now()};
    snprintf(x.kind, sizeof x.kind, "%s", kind);
    snprintf(x.title, sizeof x.title, "%s", title);
    snprintf(x.body, sizeof x.body, "%s", body);
    CHECK(notification_insert(db, &x));
    if (r->email[0] == '\0' || !mail_configured())
        return MN_OK;
    char text[2400];
    snprintf(text, sizeof text, "%s\n\n%s\n\n— 满意 Manyi", title, body);
    struct complaint_delivery d = {.tenant_id = t->tenant_id, .payload = text,
                                   .created_at = store_now()};
    snprintf(d.channel, sizeof d.channel, "email");
    snprintf(d.event, sizeof d.event, "complaint.%s", kind);
    snprintf(d.target, sizeof d.target, "%s", r->email);
    snprintf(d.subject, sizeof d.subject, "%s", title);
    return complaint_delivery_insert(db, &d);
}

/* Notifies every active user of role in the ticket's store (store 0 = the whole tenant). */
enum mn_status complaint_notify_role(struct db *db, const struct ticket *t, const char *role,
                                     int64_t store_id, const char *kind, const char *title,
                                     const char *body)
{
    struct complaint_recipient *rs = NULL;
    size_t n = 0;
    CHECK(complaint_recipients(db, t->tenant_id, role, store_id, &rs, &n));
    enum mn_status rc = MN_OK;
    for (size_t i = 0; i < n && rc == MN_OK; i++)
        rc = complaint_notify(db, t, &rs[i], kind, title, body);
    free(rs);
    return rc;
}

enum mn_status complaint_notify_user(struct db *db, const struct ticket *t, int64_t user_id,
                                     const char *kind, const char *title, const char *body)
{
    if (user_id == 0)
        return MN_OK;
    struct complaint_recipient r;
    char role[16];
    int64_t store_id;
    enum mn_status rc = complaint_recipient_get(db, t->tenant_id, user_id, &r, role, &store_id);
    if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && role[0] == '\0'))
        return MN_OK; /* gone or deactivated: nobody to tell */
    CHECK(rc);
    return complaint_notify(db, t, &r, kind, title, body);
}

enum mn_status complaint_webhook(struct db *db, const struct complaint_clock *clock,
                                 const struct ticket *t, const char *event, const char *note)
{
    if (clock->webhook_url[0] == '\0')
        return MN_OK;
    json_t *j = json_pack("{s:s, s:I, s:o, s:o}", "event", event, "tenant_id",
                          (json_int_t)t->tenant_id, "at", json_time_or_null(store_now()),
                          "ticket", encode_ticket(t, true));
    if (note != NULL && note[0] != '\0')
        json_object_set_new(j, "note", json_string(note));
    char *payload = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    if (payload == NULL)
        return MN_ERR_NOMEM;
    struct complaint_delivery d = {.tenant_id = t->tenant_id, .payload = payload,
                                   .created_at = store_now()};
    snprintf(d.channel, sizeof d.channel, "webhook");
    snprintf(d.event, sizeof d.event, "%s", event);
    snprintf(d.target, sizeof d.target, "%s", clock->webhook_url);
    enum mn_status rc = complaint_delivery_insert(db, &d);
    free(payload);
    return rc;
}

/* ---- the SLA plan ------------------------------------------------------------------------ */

static enum complaint_severity severity_of(const struct ticket *t)
{
    enum complaint_severity s = SEV_NORMAL;
    complaint_severity_parse(t->severity, &s);
    return s;
}

enum mn_status complaint_deadline(const struct complaint_clock *c, enum complaint_severity sev,
                                  enum complaint_stage stage, int64_t start, int64_t *due)
{
    return sla_deadline(c->policy.mode, &c->cal, start, c->policy.minutes[sev][stage], due);
}

/* Re-plans the watched SLA when the stage changes (or a new cycle starts): resolution counts
 * from the start of the cycle, verification from the return to CR. */
static enum mn_status plan_stage(const struct complaint_clock *c, struct ticket *t, int64_t now,
                                 bool new_cycle)
{
    enum ticket_state st = TICKET_REGISTERED;
    ticket_state_parse(t->state, &st);
    enum complaint_stage stage = complaint_stage_of(st), old = STAGE_NONE;
    complaint_stage_parse(t->sla_stage, &old);
    if (stage == old && !new_cycle)
        return MN_OK;
    snprintf(t->sla_stage, sizeof t->sla_stage, "%s", complaint_stage_code(stage));
    t->sla_level = 0;
    if (stage == STAGE_NONE) {
        t->sla_start = now;
        t->sla_minutes = 0;
        t->sla_due = now;
        return MN_OK;
    }
    t->sla_start = stage == STAGE_VERIFICATION ? now : t->cycle_start;
    t->sla_minutes = c->policy.minutes[severity_of(t)][stage];
    return complaint_deadline(c, severity_of(t), stage, t->sla_start, &t->sla_due);
}

/* ---- registration ------------------------------------------------------------------------ */

static enum mn_status check_text(const char *field, const char *s, long min, long max,
                                 bool multiline, struct mn_error *err)
{
    return text_check(field, s, strlen(s), min, max, multiline, err);
}

/* Fills store, customer and event links; references outside the caller's scope are 400s
 * naming the field, like missing ones. */
static enum mn_status resolve_links(struct svc_ctx *ctx, const struct ticket_input *in,
                                    struct ticket *t, struct mn_error *err)
{
    t->store_id = in->store_id;
    if (in->event_id != 0) {
        struct business_event e = {0};
        enum mn_status rc = events_get(ctx->db, ctx->who.tenant_id, in->event_id, &e);
        event_release(&e);
        if (rc == MN_ERR_NOT_FOUND)
            return mn_fail(err, MN_ERR_INVALID, "event_id", "is not an event of this tenant");
        CHECK(rc);
        if (in->customer_id != 0 && in->customer_id != e.customer_id)
            return mn_fail(err, MN_ERR_INVALID, "event_id", "belongs to another customer");
        t->event_id = e.id;
        t->customer_id = e.customer_id;
        if (t->store_id == 0)
            t->store_id = e.store_id;
        if (in->department_id == 0)
            t->suggested_department_id = e.department_id;
    }
    if (in->customer_id != 0) {
        struct customer c;
        enum mn_status rc = customers_get(ctx->db, ctx->who.tenant_id, in->customer_id, &c);
        if (rc == MN_ERR_NOT_FOUND)
            return mn_fail(err, MN_ERR_INVALID, "customer_id", "is not a customer of this tenant");
        CHECK(rc);
        t->customer_id = c.id;
        if (t->store_id == 0)
            t->store_id = c.store_id;
    }
    if (role_scope_of(ctx->who.role) == SCOPE_STORE) {
        if (t->store_id != 0 && t->store_id != ctx->who.store_id && in->store_id != 0)
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not your store");
        t->store_id = ctx->who.store_id;
    }
    if (t->store_id == 0)
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is required");
    struct org_store s;
    enum mn_status rc = stores_get(ctx->db, ctx->who.tenant_id, t->store_id, &s);
    if (rc == MN_ERR_NOT_FOUND)
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store of this tenant");
    CHECK(rc);
    if (in->department_id != 0) {
        struct org_department d;
        rc = departments_get(ctx->db, ctx->who.tenant_id, in->department_id, &d);
        if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && d.store_id != t->store_id))
            return mn_fail(err, MN_ERR_INVALID, "department_id",
                           "is not a department of the ticket's store");
        CHECK(rc);
        t->suggested_department_id = d.id;
    }
    return MN_OK;
}

/* Links a re-complaint to the customer's previous ticket of the same category. */
enum mn_status complaint_link_recomplaint(struct svc_ctx *ctx, const struct complaint_clock *c,
                                          struct ticket *t)
{
    if (t->customer_id == 0)
        return MN_OK;
    int64_t prev = 0, prev_at = 0;
    enum mn_status rc = ticket_find_previous(ctx->db, t->tenant_id, t->customer_id,
                                             t->category_id, t->id, &prev, &prev_at);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_OK;
    CHECK(rc);
    if (!complaint_is_recomplaint(prev_at, t->created_at, c->recomplaint_days))
        return MN_OK;
    t->recomplaint_of = prev;
    return MN_OK;
}

/* After the insert: the timeline entries of both tickets and the counter on the earlier one. */
static enum mn_status record_recomplaint(struct svc_ctx *ctx, const struct ticket *t)
{
    if (t->recomplaint_of == 0)
        return MN_OK;
    struct ticket prev;
    CHECK(ticket_get(ctx->db, t->tenant_id, t->recomplaint_of, &prev));
    CHECK(ticket_add_recomplaint(ctx->db, t->tenant_id, prev.id));
    json_t *d1 = json_pack("{s:I}", "ticket_id", (json_int_t)prev.id);
    json_t *d2 = json_pack("{s:I}", "ticket_id", (json_int_t)t->id);
    char note[120];
    snprintf(note, sizeof note, "同一客户同类投诉，关联 #%lld", (long long)prev.id);
    enum mn_status rc = complaint_timeline_add(ctx, t, "recomplaint", NULL, NULL, note, d1);
    if (rc == MN_OK) {
        snprintf(note, sizeof note, "客户再次投诉：#%lld", (long long)t->id);
        rc = complaint_timeline_add(ctx, &prev, "recomplaint_linked", NULL, NULL, note, d2);
    }
    json_decref(d1);
    json_decref(d2);
    return rc;
}

enum mn_status complaint_open_ticket(struct svc_ctx *ctx, struct ticket *t,
                                     const struct complaint_clock *clock)
{
    int64_t now = store_now();
    enum complaint_severity sev = severity_of(t);
    t->tenant_id = ctx->who.tenant_id;
    t->created_at = t->cycle_start = now;
    snprintf(t->state, sizeof t->state, "%s", ticket_state_code(TICKET_REGISTERED));
    CHECK(complaint_deadline(clock, sev, STAGE_FIRST_RESPONSE, now, &t->first_response_due));
    CHECK(complaint_deadline(clock, sev, STAGE_RESOLUTION, now, &t->resolution_due));
    t->sla_stage[0] = '\0';
    CHECK(plan_stage(clock, t, now, true));
    CHECK(complaint_link_recomplaint(ctx, clock, t));
    CHECK(ticket_insert(ctx->db, t));
    CHECK(ticket_get(ctx->db, t->tenant_id, t->id, t));
    json_t *data = json_pack("{s:s, s:s, s:s}", "source", t->source, "severity", t->severity,
                             "category", t->category_name);
    enum mn_status rc = complaint_timeline_add(ctx, t, "register", NULL, t->state,
                                               t->description, data);
    json_decref(data);
    CHECK(rc);
    CHECK(record_recomplaint(ctx, t));
    if (t->recomplaint_of != 0)
        CHECK(ticket_get(ctx->db, t->tenant_id, t->id, t));
    json_t *a = encode_ticket(t, false);
    rc = svc_audit(ctx, "create", "ticket", t->id, NULL, a);
    json_decref(a);
    return rc;
}

struct create_tx { const struct ticket_input *in; struct ticket *out; };

static enum mn_status ticket_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct create_tx *x = arg;
    const struct ticket_input *in = x->in;
    struct ticket *t = x->out;
    memset(t, 0, sizeof *t);
    CHECK(complaint_ensure_categories(ctx->db, ctx->who.tenant_id));
    struct complaint_category cat;
    enum mn_status rc = complaint_category_get(ctx->db, ctx->who.tenant_id, in->category_id, &cat);
    if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && !cat.active))
        return mn_fail(err, MN_ERR_INVALID, "category_id", "is not an active category");
    CHECK(rc);
    CHECK(resolve_links(ctx, in, t, err));
    struct complaint_clock clock;
    CHECK(complaint_clock_load(ctx->db, ctx->who.tenant_id, &clock));
    t->category_id = cat.id;
    t->followup_task_id = in->followup_task_id;
    t->registered_by = ctx->who.user_id;
    memcpy(t->source, in->source, sizeof t->source);
    memcpy(t->severity, in->severity, sizeof t->severity);
    memcpy(t->title, in->title, sizeof t->title);
    memcpy(t->description, in->description, sizeof t->description);
    return complaint_open_ticket(ctx, t, &clock);
}

enum mn_status svc_ticket_create(struct svc_ctx *ctx, const struct ticket_input *in,
                                 struct ticket *out, struct mn_error *err)
{
    enum ticket_state st;
    enum complaint_severity sev;
    CHECK(ticket_register(ctx->who.role, &st, err));
    CHECK(check_text("title", in->title, 1, 100, false, err));
    CHECK(check_text("description", in->description, 0, 2000, true, err));
    if (!complaint_source_valid(in->source))
        return mn_fail(err, MN_ERR_INVALID, "source",
                       "must be followup_call, survey, hotline, walk_in, online or "
                       "manufacturer");
    if (complaint_severity_parse(in->severity, &sev) != MN_OK)
        return mn_fail(err, MN_ERR_INVALID, "severity", "must be normal, urgent or critical");
    if (in->category_id == 0)
        return mn_fail(err, MN_ERR_INVALID, "category_id", "is required");
    struct create_tx x = {in, out};
    return svc_run_tx(ctx, ticket_create_tx, &x, err);
}

/* ---- transitions ------------------------------------------------------------------------- */

struct transition_tx {
    int64_t id;
    const struct transition_input *in;
    struct ticket *out;
};

static enum mn_status check_assignee(struct svc_ctx *ctx, struct ticket *t, int64_t user_id,
                                     struct complaint_recipient *r, struct mn_error *err)
{
    char role[16];
    int64_t store_id = 0;
    enum mn_status rc = complaint_recipient_get(ctx->db, t->tenant_id, user_id, r, role,
                                                &store_id);
    if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && (strcmp(role, "dept_manager") != 0 ||
                                                   store_id != t->store_id)))
        return mn_fail(err, MN_ERR_INVALID, "assignee_user_id",
                       "must be an active department manager of the ticket's store");
    return rc;
}

static void copy_result(struct ticket *t, const struct transition_input *in)
{
    memcpy(t->root_cause, in->root_cause, sizeof t->root_cause);
    memcpy(t->action_taken, in->action_taken, sizeof t->action_taken);
    memcpy(t->remedy, in->remedy, sizeof t->remedy);
    memcpy(t->recovery_strategy, in->recovery_strategy, sizeof t->recovery_strategy);
}

/* Notifications and webhooks of a step (issue 5 §4: assignment, escalation, reopening). */
static enum mn_status announce(struct svc_ctx *ctx, const struct complaint_clock *clock,
                               const struct ticket *t, enum ticket_action a, const char *note)
{
    char title[640], body[2000];
    switch (a) {
    case TICKET_ACT_ASSIGN:
        snprintf(title, sizeof title, "新投诉待处理：%s", t->title);
        snprintf(body, sizeof body, "投诉 #%lld（%s，%s）已分派给您，请尽快受理。",
                 (long long)t->id, t->category_name, t->severity);
        CHECK(complaint_notify_user(ctx->db, t, t->assignee_user_id, "assigned", title, body));
        return complaint_webhook(ctx->db, clock, t, "complaint.assigned", note);
    case TICKET_ACT_RETURN_TO_CR:
        snprintf(title, sizeof title, "投诉已处理，待回访：%s", t->title);
        snprintf(body, sizeof body, "投诉 #%lld 已写入处理结果，请回访客户确认。",
                 (long long)t->id);
        if (t->registered_by != 0)
            return complaint_notify_user(ctx->db, t, t->registered_by, "returned", title, body);
        return complaint_notify_role(ctx->db, t, "cr_agent", t->store_id, "returned", title,
                                     body);
    case TICKET_ACT_REOPEN:
        snprintf(title, sizeof title, "投诉重开（升级 %lld 级）：%s",
                 (long long)t->escalation_level, t->title);
        snprintf(body, sizeof body, "客户对处理结果不满意：%.1500s", note != NULL ? note : "");
        CHECK(complaint_notify_user(ctx->db, t, t->assignee_user_id, "reopened", title, body));
        CHECK(complaint_notify_role(ctx->db, t, "store_manager", t->store_id, "reopened", title,
                                    body));
        return complaint_webhook(ctx->db, clock, t, "complaint.reopened", note);
    case TICKET_ACT_ESCALATE:
        snprintf(title, sizeof title, "投诉升级（%lld 级）：%s", (long long)t->escalation_level,
                 t->title);
        snprintf(body, sizeof body, "%.1500s", note != NULL ? note : "");
        CHECK(complaint_notify_role(ctx->db, t, t->escalation_level >= 2 ? "admin"
                                                                          : "store_manager",
                                    t->escalation_level >= 2 ? 0 : t->store_id, "escalated",
                                    title, body));
        return complaint_webhook(ctx->db, clock, t, "complaint.escalated", note);
    case TICKET_ACT_CLOSE:
        return complaint_webhook(ctx->db, clock, t, "complaint.closed", note);
    default:
        return MN_OK;
    }
}

static enum mn_status apply_action(struct svc_ctx *ctx, struct ticket *t, enum ticket_action a,
                                   const struct transition_input *in, int64_t now,
                                   struct mn_error *err)
{
    switch (a) {
    case TICKET_ACT_ASSIGN: {
        struct complaint_recipient r;
        CHECK(check_assignee(ctx, t, in->assignee_user_id, &r, err));
        t->assignee_user_id = r.user_id;
        t->department_id = r.department_id;
        break;
    }
    case TICKET_ACT_ACCEPT:
        if (t->first_response_at == 0)
            t->first_response_at = now;
        break;
    case TICKET_ACT_WRITE_RESULT:
        /* the result is written after handling with CLEAR (seed 003), not instead of it */
        if (!ticket_clear_complete((unsigned)t->clear_flags))
            return mn_fail(err, MN_ERR_CONFLICT, "clear",
                           "tick all five CLEAR steps before writing the result");
        CHECK(check_text("root_cause", in->root_cause, 1, 1000, true, err));
        CHECK(check_text("action_taken", in->action_taken, 1, 1000, true, err));
        CHECK(check_text("remedy", in->remedy, 1, 1000, true, err));
        CHECK(check_text("recovery_strategy", in->recovery_strategy, 1, 200, true, err));
        copy_result(t, in);
        t->resolved_at = now;
        break;
    case TICKET_ACT_CLOSE:
        t->verify_count++;
        t->verify_satisfied++;
        t->closed_at = now;
        break;
    case TICKET_ACT_REOPEN:
        t->verify_count++;
        t->cycle_start = now;
        /* a new round of handling needs CLEAR again (seed 003): untick all five steps */
        t->clear_flags = 0;
        break;
    default:
        break;
    }
    return MN_OK;
}

static enum mn_status transition_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct transition_tx *x = arg;
    const struct transition_input *in = x->in;
    struct ticket before, *t = x->out;
    CHECK(svc_ticket_get(ctx, x->id, &before));
    enum ticket_action a;
    if (ticket_action_parse(in->action, &a) != MN_OK)
        return mn_fail(err, MN_ERR_INVALID, "action", "is not a known action");
    enum ticket_state from;
    if (ticket_state_parse(before.state, &from) != MN_OK)
        return MN_ERR_INTERNAL;
    struct ticket_payload p = {
        .assignee = in->assignee_user_id != 0, .root_cause = in->root_cause[0] != '\0',
        .action_taken = in->action_taken[0] != '\0', .remedy = in->remedy[0] != '\0',
        .recovery_strategy = in->recovery_strategy[0] != '\0', .note = in->note[0] != '\0'};
    struct ticket_step step;
    CHECK(ticket_transition(from, a, ctx->who.role, &p, &step, err));
    CHECK(check_text("note", in->note, 0, 1000, true, err));
    int64_t now = store_now();
    *t = before;
    CHECK(apply_action(ctx, t, a, in, now, err));
    snprintf(t->state, sizeof t->state, "%s", ticket_state_code(step.to));
    t->escalation_level += step.escalation_delta;
    struct complaint_clock clock;
    CHECK(complaint_clock_load(ctx->db, t->tenant_id, &clock));
    CHECK(plan_stage(&clock, t, now, a == TICKET_ACT_REOPEN));
    CHECK(ticket_update(ctx->db, t, before.state));
    CHECK(ticket_get(ctx->db, t->tenant_id, t->id, t));
    json_t *data = json_object();
    if (a == TICKET_ACT_ASSIGN)
        json_object_set_new(data, "assignee", json_pack("{s:I, s:s, s:s}", "user_id",
                                                        (json_int_t)t->assignee_user_id, "name",
                                                        t->assignee_name, "department",
                                                        t->department_name));
    if (a == TICKET_ACT_WRITE_RESULT)
        json_object_update_new(data, json_pack("{s:s, s:s, s:s, s:s}", "root_cause",
                                               t->root_cause, "action_taken", t->action_taken,
                                               "remedy", t->remedy, "recovery_strategy",
                                               t->recovery_strategy));
    if (step.escalation_delta != 0)
        json_object_set_new(data, "escalation_level", json_integer(t->escalation_level));
    if (a == TICKET_ACT_REOPEN)
        json_object_set_new(data, "clear", json_pack("{s:[], s:b, s:b}", "checked", "complete", 0,
                                                     "reset", 1));
    enum mn_status rc = complaint_timeline_add(ctx, t, in->action, before.state, t->state,
                                               in->note, data);
    json_decref(data);
    CHECK(rc);
    CHECK(announce(ctx, &clock, t, a, in->note));
    json_t *b = encode_ticket(&before, false), *af = encode_ticket(t, false);
    rc = svc_audit(ctx, in->action, "ticket", t->id, b, af);
    json_decref(b);
    json_decref(af);
    return rc;
}

enum mn_status svc_ticket_transition(struct svc_ctx *ctx, int64_t id,
                                     const struct transition_input *in, struct ticket *out,
                                     struct mn_error *err)
{
    if (!(in->set & TI_ACTION))
        return mn_fail(err, MN_ERR_INVALID, "action", "is required");
    struct transition_tx x = {id, in, out};
    return svc_run_tx(ctx, transition_tx, &x, err);
}

/* ---- CLEAR and notes --------------------------------------------------------------------- */

struct clear_tx { int64_t id; unsigned flags; struct ticket *out; };

static const char *const clear_names[] = {"control", "listen", "establish", "apologize",
                                          "resolve"};

static enum mn_status clear_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct clear_tx *x = arg;
    struct ticket before;
    CHECK(svc_ticket_get(ctx, x->id, &before));
    enum role r = ctx->who.role;
    if (r != ROLE_DEPT_MANAGER && r != ROLE_STORE_MANAGER && r != ROLE_ADMIN)
        return mn_fail(err, MN_ERR_FORBIDDEN, "role", "only the handling managers tick CLEAR");
    if (strcmp(before.state, "in_progress") != 0)
        return mn_fail(err, MN_ERR_CONFLICT, "state",
                       "cannot tick CLEAR on a complaint that is %s (only while in_progress)",
                       before.state);
    *x->out = before;
    x->out->clear_flags = x->flags & TICKET_CLEAR_ALL;
    CHECK(ticket_update(ctx->db, x->out, before.state));
    json_t *data = json_object(), *on = json_array();
    for (int i = 0; i < 5; i++)
        if (x->out->clear_flags & (1 << i))
            json_array_append_new(on, json_string(clear_names[i]));
    json_object_set_new(data, "checked", on);
    json_object_set_new(data, "complete",
                        json_boolean(ticket_clear_complete((unsigned)x->out->clear_flags)));
    enum mn_status rc = complaint_timeline_add(ctx, x->out, "clear", NULL, NULL, NULL, data);
    json_decref(data);
    CHECK(rc);
    json_t *b = encode_ticket(&before, false), *a = encode_ticket(x->out, false);
    rc = svc_audit(ctx, "update", "ticket", x->id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_ticket_clear(struct svc_ctx *ctx, int64_t id, unsigned flags,
                                struct ticket *out, struct mn_error *err)
{
    struct clear_tx x = {id, flags, out};
    return svc_run_tx(ctx, clear_tx, &x, err);
}

struct note_tx { int64_t id; const char *note; struct ticket_event *out; };

static enum mn_status note_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct note_tx *x = arg;
    struct ticket t;
    CHECK(svc_ticket_get(ctx, x->id, &t));
    enum role r = ctx->who.role;
    if (r == ROLE_STAFF || r == ROLE_AUDITOR || r == ROLE_NONE)
        return MN_ERR_FORBIDDEN;
    CHECK(check_text("note", x->note, 1, 1000, true, err));
    CHECK(complaint_timeline_add(ctx, &t, "note", NULL, NULL, x->note, NULL));
    json_t *a = json_pack("{s:s}", "note", x->note);
    enum mn_status rc = svc_audit(ctx, "note", "ticket", t.id, NULL, a);
    json_decref(a);
    x->out->ticket_id = t.id;
    return rc;
}

enum mn_status svc_ticket_note(struct svc_ctx *ctx, int64_t id, const char *note,
                               struct ticket_event *out, struct mn_error *err)
{
    struct note_tx x = {id, note, out};
    return svc_run_tx(ctx, note_tx, &x, err);
}

enum mn_status svc_ticket_timeline(struct svc_ctx *ctx, int64_t id, struct ticket_event **items,
                                   size_t *n)
{
    struct ticket t;
    CHECK(svc_ticket_get(ctx, id, &t));
    return ticket_event_list(ctx->db, ctx->who.tenant_id, id, items, n);
}

enum mn_status svc_complaint_assignees(struct svc_ctx *ctx, int64_t store_id,
                                       struct complaint_recipient **items, size_t *n)
{
    enum role r = ctx->who.role;
    if (r != ROLE_ADMIN && r != ROLE_STORE_MANAGER && r != ROLE_CR_AGENT)
        return MN_ERR_FORBIDDEN;
    if (r != ROLE_ADMIN)
        store_id = ctx->who.store_id;
    if (store_id == 0) {
        *items = NULL;
        *n = 0;
        return MN_OK;
    }
    return complaint_recipients(ctx->db, ctx->who.tenant_id, "dept_manager", store_id, items,
                                n);
}
