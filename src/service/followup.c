/* SPDX-License-Identifier: MIT */
/* Follow-up rules, the work queue (views, claim, assign), call attempts, the customer's number
 * and the survey in the call, and the figures. A rule gives its tasks to a role (assign_role):
 * the store's CR agents, or the staff or department manager of the event's department; who
 * sees and works a task is core/role.c's (role_sees_task, role_works_task). What an outcome
 * does to a task is decided in core/fucall.c, the figures in core/callstats.c; this file checks
 * roles and scope, runs the transaction and writes the audit log. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/callstats.h"
#include "core/fucall.h"
#include "core/nps.h"
#include "core/text.h"
#include "service/followup.h"
#include "service/survey.h"
#include "store/survey.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

static json_t *id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

/* ",12,15," → ids {12, 15}; returns how many (at most FU_TEAM_MAX, what the handler admits). */
static int team_ids(const char *team, int64_t ids[FU_TEAM_MAX])
{
    int n = 0;
    for (const char *p = team; *p != '\0' && n < FU_TEAM_MAX;) {
        char *end;
        long long id = strtoll(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        ids[n++] = id;
        p = end;
    }
    return n;
}

static json_t *encode_team(const char *team)
{
    int64_t ids[FU_TEAM_MAX];
    int n = team_ids(team, ids);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

json_t *encode_rule(const struct fu_rule *r)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s,"
                     " s:s, s:b, s:o, s:o}",
                     "id", (json_int_t)r->id, "code", r->code, "name", r->name,
                     "trigger_type", r->trigger_type, "store_id", id_or_null(r->store_id),
                     "task_type", r->task_type, "offset_days", (json_int_t)r->offset_days,
                     "window_days", (json_int_t)r->window_days,
                     "quiet_start_min", (json_int_t)r->quiet_start_min,
                     "quiet_end_min", (json_int_t)r->quiet_end_min,
                     "max_attempts", (json_int_t)r->max_attempts,
                     "retry_minutes", (json_int_t)r->retry_minutes,
                     "survey_id", id_or_null(r->survey_id), "assign_mode", r->assign_mode,
                     "script", r->script, "active", r->active,
                     "created_at", json_time_or_null(r->created_at),
                     "updated_at", json_time_or_null(r->updated_at));
    json_object_set_new(o, "assign_team", encode_team(r->assign_team));
    json_object_set_new(o, "assign_role",
                        json_string(r->assign_role[0] != '\0' ? r->assign_role : "cr_agent"));
    return o;
}

/* The role whose users work task t. */
static enum role task_worker(const struct fu_task *t)
{
    return t->assign_role[0] != '\0' ? role_parse(t->assign_role) : ROLE_CR_AGENT;
}

json_t *encode_task(const struct fu_task *t)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:o,"
                     " s:I, s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:s}",
                     "id", (json_int_t)t->id, "rule_id", (json_int_t)t->rule_id,
                     "event_id", (json_int_t)t->event_id, "seq", (json_int_t)t->seq,
                     "customer_id", (json_int_t)t->customer_id,
                     "store_id", (json_int_t)t->store_id,
                     "department_id", id_or_null(t->department_id), "task_type", t->task_type,
                     "due_on", t->due_on, "window_end", t->window_end,
                     "open_at", json_time_or_null(t->open_at),
                     "close_at", json_time_or_null(t->close_at), "status", t->status,
                     "assignee_id", id_or_null(t->assignee_id),
                     "attempts", (json_int_t)t->attempts,
                     "failed_attempts", (json_int_t)t->failed_attempts,
                     "connected_calls", (json_int_t)t->connected_calls,
                     "next_attempt_at", json_time_or_null(t->next_attempt_at),
                     "last_outcome", t->last_outcome,
                     "target_km", t->target_km >= 0 ? json_integer(t->target_km) : json_null(),
                     "completed_at", json_time_or_null(t->completed_at),
                     "created_at", json_time_or_null(t->created_at),
                     "updated_at", json_time_or_null(t->updated_at),
                     "customer_name", t->customer_name, "rule_name", t->rule_name);
    json_object_set_new(o, "assign_role", json_string(role_code(task_worker(t))));
    return o;
}

json_t *encode_call(const struct fu_call *c)
{
    return json_pack("{s:I, s:I, s:o, s:s, s:s, s:o, s:o}", "id", (json_int_t)c->id,
                     "task_id", (json_int_t)c->task_id, "user_id", id_or_null(c->user_id),
                     "outcome", c->outcome, "notes", c->notes,
                     "callback_at", json_time_or_null(c->callback_at),
                     "called_at", json_time_or_null(c->called_at));
}

static int64_t now_s(void)
{
    return (int64_t)time(NULL);
}

/* --- rules ----------------------------------------------------------------------------------- */

/* Reading rules: everyone who works or watches the queue. */
static bool may_read_queue(const struct svc_ctx *ctx)
{
    enum role r = ctx->who.role;
    return r == ROLE_ADMIN || r == ROLE_AUDITOR || r == ROLE_STORE_MANAGER || r == ROLE_CR_AGENT;
}

enum mn_status svc_rule_list(struct svc_ctx *ctx, struct fu_rule **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    if (!may_read_queue(ctx))
        return MN_ERR_FORBIDDEN;
    CHECK(fu_rules_ensure_defaults(ctx->db, ctx->who.tenant_id));
    return fu_rules_list(ctx->db, ctx->who.tenant_id, items, n);
}

enum mn_status svc_rule_get(struct svc_ctx *ctx, int64_t id, struct fu_rule *out)
{
    CHECK(fu_rules_get(ctx->db, ctx->who.tenant_id, id, out));
    if (!may_read_queue(ctx))
        return MN_ERR_FORBIDDEN;
    return MN_OK;
}

static const char *const triggers[] = {"sale", "service", "repair", "other"};
static const char *const task_types[] = {"satisfaction", "maintenance", "care"};

static int index_of(const char *s, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return i;
    return -1;
}

/* The core view of a stored rule (followup_rule_check's ranges apply to both). */
static struct followup_rule core_rule(const struct fu_rule *r)
{
    int trig = index_of(r->trigger_type, triggers, 4);
    return (struct followup_rule){
        .id = r->id > 0 ? r->id : 1,
        .trigger = (enum followup_event)(trig < 0 ? 0 : trig),
        .offset_days = (int)r->offset_days, .window_days = (int)r->window_days,
        .quiet_start_min = (int)r->quiet_start_min, .quiet_end_min = (int)r->quiet_end_min,
        .max_attempts = (int)r->max_attempts, .retry_minutes = (int)r->retry_minutes,
    };
}

static const char *const assign_roles[] = {"cr_agent", "staff", "dept_manager"};

/* A named team: active users of the rule's role (in a store, and a department for the
 * department roles) of the tenant, each once. */
static enum mn_status validate_team(struct svc_ctx *ctx, const char *team, enum role role,
                                    struct mn_error *err)
{
    int64_t ids[FU_TEAM_MAX];
    int n = team_ids(team, ids);
    for (int k = 0; k < n; k++) {
        char field[32];
        snprintf(field, sizeof field, "assign_team.%d", k);
        for (int i = 0; i < k; i++)
            if (ids[i] == ids[k])
                return mn_fail(err, MN_ERR_INVALID, field, "names a user twice");
        struct user u;
        enum mn_status rc = users_get(ctx->db, ctx->who.tenant_id, ids[k], &u);
        if (rc == MN_ERR_NOT_FOUND ||
            (rc == MN_OK && (role_parse(u.role) != role || !u.active || u.store_id == 0 ||
                             (role_needs_department(role) && u.department_id == 0))))
            return mn_fail(err, MN_ERR_INVALID, field,
                           "must be an active %s (%s) of the tenant, the rule's assign_role",
                           role_label_zh(role), role_code(role));
        CHECK(rc);
    }
    return MN_OK;
}

static enum mn_status validate_rule(struct svc_ctx *ctx, const struct fu_rule *r,
                                    struct mn_error *err)
{
    size_t len = strlen(r->code);
    if (len < 1 || len > 32 || !text_is_token(r->code, "_-"))
        return mn_fail(err, MN_ERR_INVALID, "code", "must be 1–32 of letters, digits, _ and -");
    CHECK(text_check("name", r->name, strlen(r->name), 1, 100, false, err));
    if (index_of(r->trigger_type, triggers, 4) < 0)
        return mn_fail(err, MN_ERR_INVALID, "trigger_type",
                       "must be sale, service, repair or other");
    if (index_of(r->task_type, task_types, 3) < 0)
        return mn_fail(err, MN_ERR_INVALID, "task_type",
                       "must be satisfaction, maintenance or care");
    if (strcmp(r->assign_mode, "auto") != 0 && strcmp(r->assign_mode, "manual") != 0)
        return mn_fail(err, MN_ERR_INVALID, "assign_mode", "must be auto or manual");
    if (index_of(r->assign_role, assign_roles, 3) < 0)
        return mn_fail(err, MN_ERR_INVALID, "assign_role",
                       "must be cr_agent, staff or dept_manager");
    CHECK(validate_team(ctx, r->assign_team, role_parse(r->assign_role), err));
    CHECK(text_check("script", r->script, strlen(r->script), 0, 1000, true, err));
    /* Range checks on the raw 64-bit values first: a narrowing cast could hide a huge one. */
    static const struct { const char *f; int64_t lo, hi; size_t off; } ranges[] = {
        {"offset_days", 0, 3650, offsetof(struct fu_rule, offset_days)},
        {"window_days", 1, 365, offsetof(struct fu_rule, window_days)},
        {"quiet_start_min", 0, 1439, offsetof(struct fu_rule, quiet_start_min)},
        {"quiet_end_min", 0, 1439, offsetof(struct fu_rule, quiet_end_min)},
        {"max_attempts", 1, 100, offsetof(struct fu_rule, max_attempts)},
        {"retry_minutes", 1, 43200, offsetof(struct fu_rule, retry_minutes)},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        int64_t v = *(const int64_t *)(const void *)((const char *)r + ranges[i].off);
        if (v < ranges[i].lo || v > ranges[i].hi)
            return mn_fail(err, MN_ERR_INVALID, ranges[i].f, "must be %lld to %lld",
                           (long long)ranges[i].lo, (long long)ranges[i].hi);
    }
    struct followup_rule cr = core_rule(r);
    CHECK(followup_rule_check(&cr, err));
    if (r->store_id != 0) {
        struct org_store s;
        enum mn_status rc = stores_get(ctx->db, ctx->who.tenant_id, r->store_id, &s);
        if (rc == MN_ERR_NOT_FOUND)
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store of the tenant");
        CHECK(rc);
    }
    return MN_OK;
}

static void apply_rule(struct fu_rule *r, const struct rule_input *in)
{
    const struct fu_rule *v = &in->v;
    if (in->set & RF_CODE) memcpy(r->code, v->code, sizeof r->code);
    if (in->set & RF_NAME) memcpy(r->name, v->name, sizeof r->name);
    if (in->set & RF_TRIGGER) memcpy(r->trigger_type, v->trigger_type, sizeof r->trigger_type);
    if (in->set & RF_STORE_ID) r->store_id = v->store_id;
    if (in->set & RF_TASK_TYPE) memcpy(r->task_type, v->task_type, sizeof r->task_type);
    if (in->set & RF_OFFSET) r->offset_days = v->offset_days;
    if (in->set & RF_WINDOW) r->window_days = v->window_days;
    if (in->set & RF_QUIET_START) r->quiet_start_min = v->quiet_start_min;
    if (in->set & RF_QUIET_END) r->quiet_end_min = v->quiet_end_min;
    if (in->set & RF_MAX_ATTEMPTS) r->max_attempts = v->max_attempts;
    if (in->set & RF_RETRY) r->retry_minutes = v->retry_minutes;
    if (in->set & RF_SURVEY_ID) r->survey_id = v->survey_id;
    if (in->set & RF_ASSIGN) memcpy(r->assign_mode, v->assign_mode, sizeof r->assign_mode);
    if (in->set & RF_TEAM) memcpy(r->assign_team, v->assign_team, sizeof r->assign_team);
    if (in->set & RF_ROLE) memcpy(r->assign_role, v->assign_role, sizeof r->assign_role);
    if (in->set & RF_SCRIPT) memcpy(r->script, v->script, sizeof r->script);
    if (in->set & RF_ACTIVE) r->active = v->active;
}

struct rule_tx { int64_t id; struct rule_input *in; struct fu_rule *out; };

static enum mn_status rule_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct rule_tx *t = arg;
    struct fu_rule r = {
        .tenant_id = ctx->who.tenant_id, .offset_days = 7, .window_days = 2,
        .quiet_start_min = 21 * 60, .quiet_end_min = 9 * 60, .max_attempts = 3,
        .retry_minutes = 120, .active = 1,
    };
    snprintf(r.task_type, sizeof r.task_type, "satisfaction");
    snprintf(r.assign_mode, sizeof r.assign_mode, "auto");
    snprintf(r.assign_role, sizeof r.assign_role, "cr_agent");
    apply_rule(&r, t->in);
    CHECK(validate_rule(ctx, &r, err));
    enum mn_status rc = fu_rules_insert(ctx->db, &r);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "code", "is used by another rule");
    CHECK(rc);
    *t->out = r;
    json_t *a = encode_rule(&r);
    rc = svc_audit(ctx, "create", "followup_rule", r.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_rule_create(struct svc_ctx *ctx, struct rule_input *in, struct fu_rule *out,
                               struct mn_error *err)
{
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    static const struct { uint32_t bit; const char *f; } req[] = {
        {RF_CODE, "code"}, {RF_NAME, "name"}, {RF_TRIGGER, "trigger_type"},
    };
    for (size_t i = 0; i < 3; i++)
        if (!(in->set & req[i].bit))
            return mn_fail(err, MN_ERR_INVALID, req[i].f, "is required");
    struct rule_tx t = {0, in, out};
    return svc_run_tx(ctx, rule_create_tx, &t, err);
}

static enum mn_status rule_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct rule_tx *t = arg;
    struct fu_rule before, r;
    CHECK(svc_rule_get(ctx, t->id, &before));
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    r = before;
    apply_rule(&r, t->in);
    CHECK(validate_rule(ctx, &r, err));
    enum mn_status rc = fu_rules_update(ctx->db, &r);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "code", "is used by another rule");
    CHECK(rc);
    *t->out = r;
    json_t *b = encode_rule(&before), *a = encode_rule(&r);
    rc = svc_audit(ctx, "update", "followup_rule", r.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_rule_update(struct svc_ctx *ctx, int64_t id, struct rule_input *in,
                               struct fu_rule *out, struct mn_error *err)
{
    struct rule_tx t = {id, in, out};
    return svc_run_tx(ctx, rule_update_tx, &t, err);
}

/* --- tasks ----------------------------------------------------------------------------------- */

/* Listing and opening tasks: the readers of the rules, and the department roles that may be
 * given tasks (their own role's, see role_sees_task). */
static bool may_read_tasks(const struct svc_ctx *ctx)
{
    return may_read_queue(ctx) || role_takes_tasks(ctx->who.role);
}

static struct role_task task_place(const struct fu_task *t)
{
    return (struct role_task){.worker = task_worker(t), .store_id = t->store_id,
                              .department_id = t->department_id, .assignee_id = t->assignee_id};
}

static bool sees_task(const struct svc_ctx *ctx, const struct fu_task *t)
{
    struct role_task rt = task_place(t);
    return may_read_tasks(ctx) && role_sees_task(&ctx->who, &rt);
}

/* Whether the caller works task t: claims it, calls, reveals the number, enters the survey. */
static bool works_task(const struct svc_ctx *ctx, const struct fu_task *t)
{
    struct role_task rt = task_place(t);
    return role_works_task(&ctx->who, &rt);
}

static enum mn_status task_get(struct svc_ctx *ctx, int64_t id, struct fu_task *out)
{
    CHECK(fu_tasks_get(ctx->db, ctx->who.tenant_id, id, out));
    return sees_task(ctx, out) ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status svc_task_list(struct svc_ctx *ctx, const struct task_filter *f,
                             struct list_query *q, struct fu_task **items, size_t *n,
                             struct mn_error *err)
{
    static const char *const views[] = {"all", "today", "overdue", "retry", "done", "upcoming"};
    *items = NULL;
    *n = 0;
    if (!may_read_tasks(ctx))
        return MN_ERR_FORBIDDEN;
    int v = f->view == NULL || *f->view == '\0' ? 0 : index_of(f->view, views, 6);
    if (v < 0)
        return mn_fail(err, MN_ERR_INVALID, "view",
                       "must be today, overdue, retry, done, upcoming or all");
    char today[11];
    CHECK(fu_tenant_today(ctx->db, ctx->who.tenant_id, now_s(), today, NULL));
    struct fu_task_query tq = {
        .after = q->after, .limit = q->limit, .store_id = f->store_id,
        .assignee_id = f->mine ? ctx->who.user_id : f->assignee_id,
        .unassigned = f->unassigned, .customer_id = f->customer_id, .view = (enum fu_view)v,
        .today = today, .now = now_s(),
    };
    if (role_scope_of(ctx->who.role) != SCOPE_TENANT) {
        if (f->store_id != 0 && f->store_id != ctx->who.store_id)
            return MN_OK; /* another store's queue is not visible: empty, like another tenant */
        tq.store_id = ctx->who.store_id;
    }
    /* what role_sees_task lets each role see, as filters */
    if (role_takes_tasks(ctx->who.role))
        tq.role = role_code(ctx->who.role);
    if (role_needs_department(ctx->who.role)) {
        if (ctx->who.department_id == 0)
            return MN_OK;
        tq.department_id = ctx->who.department_id;
        if (ctx->who.user_id != 0)
            tq.pool_or = ctx->who.user_id;
        else
            tq.unassigned = true;
    }
    if (f->mine && ctx->who.user_id == 0)
        return MN_OK;
    return fu_tasks_list(ctx->db, ctx->who.tenant_id, &tq, items, n);
}

enum mn_status svc_task_detail(struct svc_ctx *ctx, int64_t id, json_t **out)
{
    struct fu_task t;
    struct fu_rule r;
    struct customer c;
    struct business_event e = {0};
    CHECK(task_get(ctx, id, &t));
    CHECK(fu_rules_get(ctx->db, ctx->who.tenant_id, t.rule_id, &r));
    CHECK(customers_get(ctx->db, ctx->who.tenant_id, t.customer_id, &c));
    CHECK(events_get(ctx->db, ctx->who.tenant_id, t.event_id, &e));
    struct org_store s;
    enum mn_status rc = stores_get(ctx->db, ctx->who.tenant_id, t.store_id, &s);
    if (rc != MN_OK) {
        event_release(&e);
        return rc;
    }
    json_t *o = json_object();
    json_object_set_new(o, "task", encode_task(&t));
    json_object_set_new(o, "rule", encode_rule(&r));
    json_object_set_new(o, "customer", encode_customer(&c, !role_sees_pii(&ctx->who)));
    json_object_set_new(o, "event", encode_event(&e));
    json_object_set_new(o, "store", json_pack("{s:I, s:s}", "id", (json_int_t)s.id, "name",
                                              s.name));
    event_release(&e);
    struct fu_call *calls = NULL;
    size_t n = 0;
    if ((rc = fu_calls_list(ctx->db, ctx->who.tenant_id, id, &calls, &n)) != MN_OK) {
        json_decref(o);
        return rc;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_call(&calls[i]));
    free(calls);
    json_object_set_new(o, "calls", arr);
    *out = o;
    return MN_OK;
}

struct task_tx {
    int64_t id, assignee;
    struct fu_call_input *call;
    struct fu_task *out;
    struct fu_call *call_out;
    struct customer *customer;
};

static enum mn_status audit_task(struct svc_ctx *ctx, const char *action,
                                 const struct fu_task *before, const struct fu_task *after)
{
    json_t *b = encode_task(before), *a = encode_task(after);
    enum mn_status rc = svc_audit(ctx, action, "followup_task", after->id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

static enum mn_status claim_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct task_tx *t = arg;
    struct fu_task before, task;
    CHECK(task_get(ctx, t->id, &before));
    if (!works_task(ctx, &before))
        return MN_ERR_FORBIDDEN;
    if (strcmp(before.status, "open") != 0)
        return mn_fail(err, MN_ERR_CONFLICT, "status", "the task is already closed");
    if (before.assignee_id != 0 && before.assignee_id != ctx->who.user_id)
        return mn_fail(err, MN_ERR_CONFLICT, "assignee_id", "another agent has the task");
    task = before;
    task.assignee_id = ctx->who.user_id;
    CHECK(fu_tasks_update(ctx->db, &task));
    *t->out = task;
    return audit_task(ctx, "claim", &before, &task);
}

enum mn_status svc_task_claim(struct svc_ctx *ctx, int64_t id, struct fu_task *out,
                              struct mn_error *err)
{
    struct task_tx t = {.id = id, .out = out};
    return svc_run_tx(ctx, claim_tx, &t, err);
}

static enum mn_status assign_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct task_tx *t = arg;
    struct fu_task before, task;
    CHECK(task_get(ctx, t->id, &before));
    if (ctx->who.role != ROLE_ADMIN && ctx->who.role != ROLE_STORE_MANAGER)
        return MN_ERR_FORBIDDEN;
    if (strcmp(before.status, "open") != 0)
        return mn_fail(err, MN_ERR_CONFLICT, "status", "the task is already closed");
    if (t->assignee != 0) {
        /* someone who would work it: a user of the task's role in its store (and department,
         * for a department role) */
        enum role worker = task_worker(&before);
        struct user u;
        enum mn_status rc = users_get(ctx->db, ctx->who.tenant_id, t->assignee, &u);
        if (rc == MN_ERR_NOT_FOUND ||
            (rc == MN_OK && (role_parse(u.role) != worker || u.store_id != before.store_id ||
                             !u.active ||
                             (role_needs_department(worker) &&
                              u.department_id != before.department_id))))
            return role_needs_department(worker)
                ? mn_fail(err, MN_ERR_INVALID, "assignee_id",
                          "must be an active %s (%s) of the task's store and department",
                          role_label_zh(worker), role_code(worker))
                : mn_fail(err, MN_ERR_INVALID, "assignee_id",
                          "must be an active %s (%s) of the task's store", role_label_zh(worker),
                          role_code(worker));
        /* The rule's named team is where automatic turns go; a manager may still hand a task
         * to anyone of the role there (cover for a day off). */
        CHECK(rc);
    }
    task = before;
    task.assignee_id = t->assignee;
    CHECK(fu_tasks_update(ctx->db, &task));
    *t->out = task;
    return audit_task(ctx, "assign", &before, &task);
}

enum mn_status svc_task_assign(struct svc_ctx *ctx, int64_t id, int64_t assignee,
                               struct fu_task *out, struct mn_error *err)
{
    struct task_tx t = {.id = id, .assignee = assignee, .out = out};
    return svc_run_tx(ctx, assign_tx, &t, err);
}

/* RFC 3339 with Z or an offset → epoch seconds. */
static bool parse_rfc3339(const char *s, int64_t *out)
{
    struct tm tm = {0};
    const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == NULL)
        return false;
    int64_t t = (int64_t)timegm(&tm);
    if (strcmp(rest, "Z") == 0) {
        *out = t;
        return true;
    }
    int hh, mm;
    if ((rest[0] == '+' || rest[0] == '-') && strlen(rest) == 6 &&
        sscanf(rest + 1, "%2d:%2d", &hh, &mm) == 2) {
        int64_t off = (int64_t)hh * 3600 + (int64_t)mm * 60;
        *out = rest[0] == '+' ? t - off : t + off;
        return true;
    }
    return false;
}

static enum mn_status call_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct task_tx *t = arg;
    struct fu_task before, task;
    struct fu_rule rule;
    CHECK(task_get(ctx, t->id, &before));
    bool worker = works_task(ctx, &before);
    if (!worker && ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    if (worker && before.assignee_id != 0 && before.assignee_id != ctx->who.user_id)
        return mn_fail(err, MN_ERR_CONFLICT, "assignee_id", "another agent has the task");
    enum fu_outcome o;
    if (!fu_outcome_parse(t->call->outcome, &o))
        return mn_fail(err, MN_ERR_INVALID, "outcome", "must be connected, no_answer, busy,"
                       " wrong_number, refused or callback");
    int64_t callback_at = 0;
    if (t->call->set & CALL_CALLBACK_AT) {
        if (!parse_rfc3339(t->call->callback_at, &callback_at))
            return mn_fail(err, MN_ERR_INVALID, "callback_at", "must be an RFC 3339 time");
    } else if (o == FU_OUTCOME_CALLBACK) {
        return mn_fail(err, MN_ERR_INVALID, "callback_at", "is required for a call-back");
    }
    CHECK(text_check("notes", t->call->notes, strlen(t->call->notes), 0, 500, true, err));
    CHECK(fu_rules_get(ctx->db, ctx->who.tenant_id, before.rule_id, &rule));
    char today[11];
    int off;
    int64_t at = now_s();
    CHECK(fu_tenant_today(ctx->db, ctx->who.tenant_id, at, today, &off));
    struct fu_task_state st = {
        .attempts = before.attempts, .failed_attempts = before.failed_attempts,
        .connected_calls = before.connected_calls, .next_attempt_at = before.next_attempt_at,
        .completed_at = before.completed_at,
    };
    if (!fu_status_parse(before.status, &st.status))
        return MN_ERR_INTERNAL;
    struct followup_rule cr = core_rule(&rule);
    CHECK(fu_apply_call(&cr, &st, o, at, callback_at, off, err));
    task = before;
    snprintf(task.status, sizeof task.status, "%s", fu_status_code(st.status));
    task.attempts = st.attempts;
    task.failed_attempts = st.failed_attempts;
    task.connected_calls = st.connected_calls;
    task.next_attempt_at = st.next_attempt_at;
    task.completed_at = st.completed_at;
    snprintf(task.last_outcome, sizeof task.last_outcome, "%s", fu_outcome_code(o));
    if (task.assignee_id == 0 && worker)
        task.assignee_id = ctx->who.user_id; /* calling an unassigned task claims it */
    CHECK(fu_tasks_update(ctx->db, &task));
    struct fu_call c = {
        .tenant_id = ctx->who.tenant_id, .task_id = task.id, .user_id = ctx->who.user_id,
        .callback_at = o == FU_OUTCOME_CALLBACK ? callback_at : 0, .called_at = at,
    };
    snprintf(c.outcome, sizeof c.outcome, "%s", fu_outcome_code(o));
    snprintf(c.notes, sizeof c.notes, "%s", t->call->notes);
    CHECK(fu_calls_insert(ctx->db, &c));
    *t->out = task;
    *t->call_out = c;
    json_t *a = encode_call(&c);
    enum mn_status rc = svc_audit(ctx, "create", "followup_call", c.id, NULL, a);
    json_decref(a);
    CHECK(rc);
    return audit_task(ctx, "update", &before, &task);
}

enum mn_status svc_task_call(struct svc_ctx *ctx, int64_t id, struct fu_call_input *in,
                             struct fu_task *task_out, struct fu_call *call_out,
                             struct mn_error *err)
{
    if (!(in->set & CALL_OUTCOME)) {
        struct fu_task t;
        CHECK(task_get(ctx, id, &t));
        if (!works_task(ctx, &t) && ctx->who.role != ROLE_ADMIN)
            return MN_ERR_FORBIDDEN;
        return mn_fail(err, MN_ERR_INVALID, "outcome", "is required");
    }
    struct task_tx t = {.id = id, .call = in, .out = task_out, .call_out = call_out};
    return svc_run_tx(ctx, call_tx, &t, err);
}

static enum mn_status reveal_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct task_tx *t = arg;
    struct fu_task task;
    CHECK(task_get(ctx, t->id, &task));
    /* who calls the task; the roles that see personal data anyway may ask too (and are
     * logged); auditors keep the mask */
    bool worker = works_task(ctx, &task);
    if (!worker && !role_sees_pii(&ctx->who))
        return MN_ERR_FORBIDDEN;
    if (!role_sees_pii(&ctx->who) && strcmp(task.status, "open") != 0)
        return mn_fail(err, MN_ERR_CONFLICT, "status", "the task is closed: no call to make");
    CHECK(customers_get(ctx->db, ctx->who.tenant_id, task.customer_id, t->customer));
    json_t *a = json_pack("{s:s, s:s, s:I}", "fields", "phone,email", "view", "followup_task",
                          "task_id", (json_int_t)task.id);
    enum mn_status rc = svc_audit(ctx, "view_pii", "customer", task.customer_id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_task_reveal(struct svc_ctx *ctx, int64_t id, struct customer *out,
                               struct mn_error *err)
{
    struct task_tx t = {.id = id, .customer = out};
    return svc_run_tx(ctx, reveal_tx, &t, err);
}

struct response_tx {
    struct response_rec *rec;
};

static enum mn_status response_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct response_tx *t = arg;
    t->rec->m.submitted_at = 0;
    CHECK(response_write(ctx->db, t->rec, err));
    json_t *a = json_pack("{s:I, s:s, s:I, s:I}", "survey_id", (json_int_t)t->rec->m.survey_id,
                          "channel", t->rec->m.channel, "version", (json_int_t)t->rec->m.version,
                          "followup_task_id", (json_int_t)t->rec->m.followup_task_id);
    enum mn_status rc = svc_audit(ctx, "create", "survey_response", t->rec->id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_task_response(struct svc_ctx *ctx, int64_t id, const json_t *answers,
                                 json_t **out, struct mn_error *err)
{
    *out = NULL;
    struct fu_task task;
    struct fu_rule rule;
    struct business_event e = {0};
    CHECK(task_get(ctx, id, &task));
    if (!works_task(ctx, &task) && ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    if (!json_is_array(answers))
        return mn_fail(err, MN_ERR_INVALID, "answers", "must be an array of answers");
    if (strcmp(task.status, "open") != 0)
        return mn_fail(err, MN_ERR_CONFLICT, "status", "the task is already closed");
    CHECK(fu_rules_get(ctx->db, ctx->who.tenant_id, task.rule_id, &rule));
    if (rule.survey_id == 0)
        return mn_fail(err, MN_ERR_CONFLICT, "survey_id", "the task's rule has no survey");
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, rule.survey_id, &s));
    int64_t version = s.current_version;
    bool archived = strcmp(s.status, "archived") == 0;
    survey_row_release(&s);
    if (version == 0 || archived)
        return mn_fail(err, MN_ERR_CONFLICT, "survey_id", "the rule's survey is not published");
    CHECK(events_get(ctx->db, ctx->who.tenant_id, task.event_id, &e));
    /* linked like an agent's answer in a call (service/response.c, link_context): the
     * customer, the event with its store, department and employee, and this task; the dedupe
     * key keeps it to one answer per task */
    struct response_meta m = {
        .tenant_id = ctx->who.tenant_id, .survey_id = rule.survey_id, .version = version,
        .customer_id = task.customer_id, .event_id = task.event_id, .followup_task_id = task.id,
        .store_id = e.store_id, .department_id = e.department_id, .employee_id = e.employee_id,
        .submitted_by = ctx->who.user_id,
    };
    event_release(&e);
    snprintf(m.channel, sizeof m.channel, "call");
    snprintf(m.dedupe_key, sizeof m.dedupe_key, "followup_task:%lld", (long long)task.id);
    const struct survey_compiled *c;
    CHECK(survey_version_load(ctx->db, ctx->who.tenant_id, rule.survey_id, version, &c));
    struct response_rec rec;
    CHECK(response_prepare(c, answers, &m, &rec, err));
    struct response_tx t = {&rec};
    enum mn_status rc = svc_run_tx(ctx, response_tx, &t, err);
    if (rc == MN_ERR_CONFLICT && err != NULL && strcmp(err->field, "answers") == 0)
        rc = mn_fail(err, MN_ERR_CONFLICT, "answers", "the task's survey was already answered");
    if (rc == MN_OK) {
        const char *cat = !rec.d.has_nps ? NULL
                          : rec.d.nps_category == NPS_PROMOTER ? "promoter"
                          : rec.d.nps_category == NPS_PASSIVE  ? "passive"
                                                               : "detractor";
        *out = json_pack("{s:I, s:I, s:I, s:s, s:o, s:b, s:s}", "id", (json_int_t)rec.id,
                         "survey_id", (json_int_t)rule.survey_id, "version", (json_int_t)version,
                         "channel", m.channel, "nps_category",
                         cat != NULL ? json_string(cat) : json_null(), "alert", rec.d.alert != 0,
                         "alert_reason", rec.alert_reason);
    }
    response_rec_release(&rec);
    return rc;
}

/* --- figures --------------------------------------------------------------------------------- */

static json_t *rate_json(const struct rate *r)
{
    return json_pack("{s:I, s:I, s:o}", "num", (json_int_t)r->num, "den", (json_int_t)r->den,
                     "pct", r->defined ? json_real(r->pct) : json_null());
}

static enum mn_status stats_json(const struct fu_stats_row *s, json_t **out)
{
    struct callstats_followup_counts c = {
        .tasks_due = s->tasks_due, .done_on_time = s->done_on_time,
        .tasks_attempted = s->tasks_attempted, .tasks_reached = s->tasks_reached,
        .connected_calls = s->connected_calls, .attempts = s->attempts,
    };
    struct callstats_followup f;
    CHECK(callstats_followup(&c, &f));
    *out = json_pack("{s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I}",
                     "on_time", rate_json(&f.on_time), "answer_ratio", rate_json(&f.answer_ratio),
                     "reach", rate_json(&f.reach),
                     "attempts_per_task", f.attempts_per_task_defined
                                              ? json_real(f.attempts_per_task) : json_null(),
                     "tasks_due", (json_int_t)s->tasks_due,
                     "tasks_attempted", (json_int_t)s->tasks_attempted,
                     "connected_calls", (json_int_t)s->connected_calls,
                     "attempts", (json_int_t)s->attempts);
    return MN_OK;
}

enum mn_status svc_followup_stats(struct svc_ctx *ctx, const char *group, const char *from,
                                  const char *to, int64_t store_id, json_t **out,
                                  struct mn_error *err)
{
    static const char *const groups[] = {"store", "department", "agent", "month"};
    if (!may_read_queue(ctx))
        return MN_ERR_FORBIDDEN;
    int g = group == NULL || *group == '\0' ? 0 : index_of(group, groups, 4);
    if (g < 0)
        return mn_fail(err, MN_ERR_INVALID, "group", "must be store, department, agent or month");
    char today[11], from_on[11], to_on[11];
    int64_t now = now_s();
    CHECK(fu_tenant_today(ctx->db, ctx->who.tenant_id, now, today, NULL));
    struct civil_date d;
    if (to != NULL && *to != '\0') {
        if (!civil_date_parse(to, &d))
            return mn_fail(err, MN_ERR_INVALID, "to", "must be a date YYYY-MM-DD");
        snprintf(to_on, sizeof to_on, "%s", to);
    } else {
        snprintf(to_on, sizeof to_on, "%s", today);
    }
    if (from != NULL && *from != '\0') {
        if (!civil_date_parse(from, &d))
            return mn_fail(err, MN_ERR_INVALID, "from", "must be a date YYYY-MM-DD");
        snprintf(from_on, sizeof from_on, "%s", from);
    } else {
        civil_date_parse(to_on, &d);
        civil_date_format(civil_add_days(d, -29), from_on);
    }
    if (strcmp(from_on, to_on) > 0)
        return mn_fail(err, MN_ERR_INVALID, "from", "must not be after to");
    if (role_scope_of(ctx->who.role) != SCOPE_TENANT) {
        if (store_id != 0 && store_id != ctx->who.store_id)
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not your store");
        store_id = ctx->who.store_id;
    }
    struct fu_stats_row *rows = NULL;
    size_t n = 0;
    CHECK(fu_stats(ctx->db, ctx->who.tenant_id, (enum fu_group)g, store_id, from_on, to_on, now,
                   &rows, &n));
    struct fu_stats_row total = {0};
    json_t *arr = json_array();
    enum mn_status rc = MN_OK;
    for (size_t i = 0; i < n && rc == MN_OK; i++) {
        json_t *fig = NULL;
        if ((rc = stats_json(&rows[i], &fig)) != MN_OK)
            break;
        json_object_set_new(fig, "key", g == 3 ? json_string(rows[i].month)
                                               : id_or_null(rows[i].key));
        json_array_append_new(arr, fig);
        total.tasks_due += rows[i].tasks_due;
        total.done_on_time += rows[i].done_on_time;
        total.tasks_attempted += rows[i].tasks_attempted;
        total.tasks_reached += rows[i].tasks_reached;
        total.connected_calls += rows[i].connected_calls;
        total.attempts += rows[i].attempts;
    }
    free(rows);
    json_t *tot = NULL;
    if (rc == MN_OK)
        rc = stats_json(&total, &tot);
    if (rc != MN_OK) {
        json_decref(arr);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "group", groups[g], "from", from_on, "to",
                     to_on, "total", tot, "rows", arr);
    return MN_OK;
}
