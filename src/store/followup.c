/* SPDX-License-Identifier: MIT */
/* Follow-up rules, tasks, calls, scheduler cursors and round robin (store/followup.h). One SQL
 * text per statement for both engines; "exactly once" rests on the UNIQUE (rule, event, seq)
 * key with INSERT … ON CONFLICT DO NOTHING, so several schedulers may race safely. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/followup.h"

#define RULE_COLS "id, tenant_id, code, name, trigger_type, store_id, task_type, offset_days," \
                  " window_days, quiet_start_min, quiet_end_min, max_attempts, retry_minutes," \
                  " survey_id, assign_mode, script, active, created_at, updated_at, assign_team," \
                  " assign_role"

static void read_rule(struct db *db, struct db_stmt *st, struct fu_rule *r)
{
    r->id = db_col_i64(db, st, 0);
    r->tenant_id = db_col_i64(db, st, 1);
    store_copy_text(r->code, sizeof r->code, db_col_text(db, st, 2));
    store_copy_text(r->name, sizeof r->name, db_col_text(db, st, 3));
    store_copy_text(r->trigger_type, sizeof r->trigger_type, db_col_text(db, st, 4));
    r->store_id = db_col_i64(db, st, 5);
    store_copy_text(r->task_type, sizeof r->task_type, db_col_text(db, st, 6));
    r->offset_days = db_col_i64(db, st, 7);
    r->window_days = db_col_i64(db, st, 8);
    r->quiet_start_min = db_col_i64(db, st, 9);
    r->quiet_end_min = db_col_i64(db, st, 10);
    r->max_attempts = db_col_i64(db, st, 11);
    r->retry_minutes = db_col_i64(db, st, 12);
    r->survey_id = db_col_i64(db, st, 13);
    store_copy_text(r->assign_mode, sizeof r->assign_mode, db_col_text(db, st, 14));
    store_copy_text(r->script, sizeof r->script, db_col_text(db, st, 15));
    r->active = (int)db_col_i64(db, st, 16);
    r->created_at = db_col_i64(db, st, 17);
    r->updated_at = db_col_i64(db, st, 18);
    store_copy_text(r->assign_team, sizeof r->assign_team, db_col_text(db, st, 19));
    store_copy_text(r->assign_role, sizeof r->assign_role, db_col_text(db, st, 20));
}

static void bind_rule(struct db *db, struct db_stmt *st, const struct fu_rule *r)
{
    db_bind_text(db, st, 3, r->code);
    db_bind_text(db, st, 4, r->name);
    db_bind_text(db, st, 5, r->trigger_type);
    db_bind_id_or_null(db, st, 6, r->store_id);
    db_bind_text(db, st, 7, r->task_type);
    db_bind_i64(db, st, 8, r->offset_days);
    db_bind_i64(db, st, 9, r->window_days);
    db_bind_i64(db, st, 10, r->quiet_start_min);
    db_bind_i64(db, st, 11, r->quiet_end_min);
    db_bind_i64(db, st, 12, r->max_attempts);
    db_bind_i64(db, st, 13, r->retry_minutes);
    db_bind_id_or_null(db, st, 14, r->survey_id);
    db_bind_text(db, st, 15, r->assign_mode);
    db_bind_text(db, st, 16, r->script);
    db_bind_i64(db, st, 17, r->active);
    db_bind_text(db, st, 18, r->assign_team);
    /* a rule made without a role (older callers) is the CR agents' */
    db_bind_text(db, st, 19, r->assign_role[0] != '\0' ? r->assign_role : "cr_agent");
}

static enum mn_status rule_insert_sql(struct db *db, struct fu_rule *r, bool once)
{
    struct db_stmt *st;
    const char *sql = once
        ? "INSERT INTO followup_rules (tenant_id, created_at, code, name, trigger_type, store_id,"
          " task_type, offset_days, window_days, quiet_start_min, quiet_end_min, max_attempts,"
          " retry_minutes, survey_id, assign_mode, script, active, assign_team, assign_role,"
          " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
          " $16, $17, $18, $19, $2) ON CONFLICT (tenant_id, code) DO NOTHING"
        : "INSERT INTO followup_rules (tenant_id, created_at, code, name, trigger_type, store_id,"
          " task_type, offset_days, window_days, quiet_start_min, quiet_end_min, max_attempts,"
          " retry_minutes, survey_id, assign_mode, script, active, assign_team, assign_role,"
          " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
          " $16, $17, $18, $19, $2) RETURNING id";
    enum mn_status rc = db_prepare(db, sql, &st);
    if (rc != MN_OK)
        return rc;
    r->created_at = r->updated_at = store_now();
    db_bind_i64(db, st, 1, r->tenant_id);
    db_bind_i64(db, st, 2, r->created_at);
    bind_rule(db, st, r);
    if (once)
        return db_run(db, st);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    r->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_rules_insert(struct db *db, struct fu_rule *r)
{
    return rule_insert_sql(db, r, false);
}

/* Seed 000 (新车销售七日电访, 售后服务三日电访, 常规保养提醒) and issue 3 §4. */
enum mn_status fu_rules_ensure_defaults(struct db *db, int64_t tenant_id)
{
    static const struct {
        const char *code, *name, *trigger, *type;
        int offset, window;
        const char *script;
    } defs[] = {
        {"sale_day7", "新车销售七日电访", "sale", "satisfaction", 7, 2,
         "您好，我是{门店}的客服专员。感谢您在我店购车，耽误您两分钟做个回访："
         "对销售顾问的服务满意吗？交车时的讲解清楚吗？车辆使用中有没有问题？"},
        {"service_day3", "售后服务三日电访", "service", "satisfaction", 3, 2,
         "您好，我是{门店}的客服专员。您三天前在我店做了保养/维修，想了解一下："
         "车辆现在状况如何？对服务顾问和维修质量满意吗？等候时间可以接受吗？"},
        {"maintenance", "常规保养提醒", "sale", "maintenance", 0, 7,
         "您好，我是{门店}的客服专员。根据您的行驶里程，爱车即将到保养时间，"
         "需要帮您预约保养吗？"},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        struct fu_rule r = {
            .tenant_id = tenant_id, .offset_days = defs[i].offset, .window_days = defs[i].window,
            .quiet_start_min = 21 * 60, .quiet_end_min = 9 * 60, .max_attempts = 3,
            .retry_minutes = 120, .active = 1,
        };
        snprintf(r.code, sizeof r.code, "%s", defs[i].code);
        snprintf(r.name, sizeof r.name, "%s", defs[i].name);
        snprintf(r.trigger_type, sizeof r.trigger_type, "%s", defs[i].trigger);
        snprintf(r.task_type, sizeof r.task_type, "%s", defs[i].type);
        snprintf(r.assign_mode, sizeof r.assign_mode, "auto");
        snprintf(r.assign_role, sizeof r.assign_role, "cr_agent");
        snprintf(r.script, sizeof r.script, "%s", defs[i].script);
        enum mn_status rc = rule_insert_sql(db, &r, true);
        if (rc != MN_OK)
            return rc;
    }
    return MN_OK;
}

enum mn_status fu_rules_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_rule *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " RULE_COLS " FROM followup_rules WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_rule(db, st, out);
    return store_finish(db, st);
}

enum mn_status fu_rules_update(struct db *db, struct fu_rule *r)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE followup_rules SET code = $3, name = $4, trigger_type = $5, store_id = $6,"
        " task_type = $7, offset_days = $8, window_days = $9, quiet_start_min = $10,"
        " quiet_end_min = $11, max_attempts = $12, retry_minutes = $13, survey_id = $14,"
        " assign_mode = $15, script = $16, active = $17, assign_team = $18, assign_role = $19,"
        " updated_at = $20 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    r->updated_at = store_now();
    db_bind_i64(db, st, 1, r->tenant_id);
    db_bind_i64(db, st, 2, r->id);
    bind_rule(db, st, r);
    db_bind_i64(db, st, 20, r->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

/* Grows a malloc'd array by doubling; false on allocation failure (old array kept). */
static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t nc = *cap == 0 ? 16 : *cap * 2;
    void *p = realloc(*arr, nc * size);
    if (p == NULL)
        return false;
    *arr = p;
    *cap = nc;
    return true;
}

enum mn_status fu_rules_list(struct db *db, int64_t tenant_id, struct fu_rule **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT " RULE_COLS " FROM followup_rules WHERE tenant_id = $1 ORDER BY id", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    struct fu_rule *arr = NULL;
    size_t cap = 0, k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (!grow((void **)&arr, &cap, k, sizeof *arr)) {
            free(arr);
            db_run(db, st);
            return MN_ERR_NOMEM;
        }
        read_rule(db, st, &arr[k++]);
    }
    if (r != DB_DONE) {
        free(arr);
        return (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}

/* --- scheduler support ------------------------------------------------------------------------ */

enum mn_status fu_tenants_list(struct db *db, struct fu_tenant_zone **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db, "SELECT id, timezone FROM tenants ORDER BY id", &st);
    if (rc != MN_OK)
        return rc;
    struct fu_tenant_zone *arr = NULL;
    size_t cap = 0, k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (!grow((void **)&arr, &cap, k, sizeof *arr)) {
            free(arr);
            db_run(db, st);
            return MN_ERR_NOMEM;
        }
        arr[k].id = db_col_i64(db, st, 0);
        store_copy_text(arr[k].timezone, sizeof arr[k].timezone, db_col_text(db, st, 1));
        k++;
    }
    if (r != DB_DONE) {
        free(arr);
        return (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}

enum mn_status fu_cursor_get(struct db *db, int64_t tenant_id, int64_t rule_id,
                             struct fu_cursor *out)
{
    struct db_stmt *st;
    *out = (struct fu_cursor){0};
    enum mn_status rc = db_prepare(db,
        "SELECT last_event_id, last_due_on FROM followup_cursors WHERE tenant_id = $1"
        " AND rule_id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, rule_id);
    rc = store_step_one(db, st);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_OK;
    if (rc != MN_OK)
        return rc;
    out->found = true;
    out->last_event_id = db_col_i64(db, st, 0);
    store_copy_text(out->last_due_on, sizeof out->last_due_on, db_col_text(db, st, 1));
    return store_finish(db, st);
}

enum mn_status fu_cursor_set(struct db *db, int64_t tenant_id, int64_t rule_id,
                             int64_t last_event_id, const char *last_due_on)
{
    struct db_stmt *st;
    /* Never move a cursor backwards: a slower scheduler finishing later must not undo progress. */
    enum mn_status rc = db_prepare(db,
        "INSERT INTO followup_cursors (tenant_id, rule_id, last_event_id, last_due_on)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, rule_id) DO UPDATE SET"
        " last_event_id = CASE WHEN excluded.last_event_id > followup_cursors.last_event_id"
        " THEN excluded.last_event_id ELSE followup_cursors.last_event_id END,"
        " last_due_on = CASE WHEN excluded.last_due_on > followup_cursors.last_due_on"
        " THEN excluded.last_due_on ELSE followup_cursors.last_due_on END", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, rule_id);
    db_bind_i64(db, st, 3, last_event_id);
    db_bind_text(db, st, 4, last_due_on);
    return db_run(db, st);
}

enum mn_status fu_sales_with_readings(struct db *db, int64_t tenant_id, int64_t store_id,
                                      const char *from_on, const char *to_on,
                                      const char *bare_to_on, int64_t after_id,
                                      struct fu_sale_reading *rows, size_t cap, size_t *n)
{
    struct db_stmt *st;
    *n = 0;
    /* One pass instead of a readings query per sale: the join uses business_events_customer.
     * Pages follow the primary key (+s.tenant_id keeps SQLite off the type/date index, whose
     * row-value start it cannot seek to: every page would rescan from the first sale). */
    enum mn_status rc = db_prepare(db,
        "SELECT s.id, s.customer_id, s.store_id, s.department_id, s.occurred_on, r.occurred_on,"
        " r.mileage_km FROM business_events s LEFT JOIN business_events r"
        " ON r.tenant_id = s.tenant_id AND r.customer_id = s.customer_id"
        " AND r.mileage_km IS NOT NULL"
        " WHERE +s.tenant_id = $1 AND s.id > $4 AND s.type = 'sale' AND s.occurred_on >= $2"
        " AND s.occurred_on <= $3"
        " AND s.customer_id NOT IN (SELECT c.id FROM customers c WHERE c.tenant_id = $1"
        "  AND (c.do_not_disturb <> 0 OR c.consent = 0))"
        " AND (CAST($5 AS BIGINT) = 0 OR s.store_id = CAST($5 AS BIGINT))"
        " AND (r.id IS NOT NULL OR s.occurred_on <= $7)"
        " ORDER BY s.id, r.occurred_at, r.id LIMIT $6", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, from_on);
    db_bind_text(db, st, 3, to_on);
    db_bind_i64(db, st, 4, after_id);
    db_bind_i64(db, st, 5, store_id);
    db_bind_i64(db, st, 6, (int64_t)cap);
    db_bind_text(db, st, 7, bare_to_on);
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW && k < cap) {
        struct fu_sale_reading *x = &rows[k++];
        x->sale.id = db_col_i64(db, st, 0);
        x->sale.customer_id = db_col_i64(db, st, 1);
        x->sale.store_id = db_col_i64(db, st, 2);
        x->sale.department_id = db_col_i64(db, st, 3);
        store_copy_text(x->sale.occurred_on, sizeof x->sale.occurred_on, db_col_text(db, st, 4));
        x->sale.mileage_km = -1;
        store_copy_text(x->reading_on, sizeof x->reading_on, db_col_text(db, st, 5));
        x->reading_km = db_col_is_null(db, st, 6) ? -1 : db_col_i64(db, st, 6);
    }
    if (r != DB_DONE)
        return r == DB_ROW ? MN_ERR_INTERNAL : (enum mn_status)r;
    *n = k;
    return MN_OK;
}

enum mn_status fu_events_max_id(struct db *db, int64_t tenant_id, int64_t *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT id FROM business_events WHERE +tenant_id = $1 ORDER BY id DESC LIMIT 1", &st);
    if (rc != MN_OK)
        return rc;
    /* Walks the primary key backwards to the tenant's last row. MAX(id) with a tenant filter
     * scanned every event, and without the + SQLite reads the tenant's entries of an index
     * led by tenant_id and sorts them (a million for bench/import). */
    db_bind_i64(db, st, 1, tenant_id);
    *out = 0;
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_OK : rc;
    *out = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_tasks_insert_once(struct db *db, struct fu_task *t, bool *created)
{
    struct db_stmt *st;
    *created = false;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO followup_tasks (tenant_id, rule_id, event_id, seq, customer_id, store_id,"
        " department_id, task_type, due_on, window_end, open_at, close_at, status, assignee_id,"
        " next_attempt_at, target_km, created_at, updated_at, assign_role) VALUES ($1, $2, $3,"
        " $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $11, $14, $15, $15, $16)"
        " ON CONFLICT (rule_id, event_id, seq) DO NOTHING RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    t->created_at = t->updated_at = store_now();
    db_bind_i64(db, st, 1, t->tenant_id);
    db_bind_i64(db, st, 2, t->rule_id);
    db_bind_i64(db, st, 3, t->event_id);
    db_bind_i64(db, st, 4, t->seq);
    db_bind_i64(db, st, 5, t->customer_id);
    db_bind_i64(db, st, 6, t->store_id);
    db_bind_id_or_null(db, st, 7, t->department_id);
    db_bind_text(db, st, 8, t->task_type);
    db_bind_text(db, st, 9, t->due_on);
    db_bind_text(db, st, 10, t->window_end);
    db_bind_i64(db, st, 11, t->open_at);
    db_bind_i64(db, st, 12, t->close_at);
    db_bind_id_or_null(db, st, 13, t->assignee_id);
    if (t->target_km >= 0)
        db_bind_i64(db, st, 14, t->target_km);
    else
        db_bind_null(db, st, 14);
    db_bind_i64(db, st, 15, t->created_at);
    if (t->assign_role[0] != '\0' && strcmp(t->assign_role, "cr_agent") != 0)
        db_bind_text(db, st, 16, t->assign_role);
    else
        db_bind_null(db, st, 16); /* NULL = cr_agent, as the set-based path writes it */
    rc = store_step_one(db, st);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_OK;
    if (rc != MN_OK)
        return rc;
    t->id = db_col_i64(db, st, 0);
    *created = true;
    return store_finish(db, st);
}

enum mn_status fu_sched_scratch(struct db *db)
{
    /* TEMP: private to this connection, so schedulers on several servers never see each
     * other's rows; IF NOT EXISTS: created once per connection. */
    return db_exec(db,
        "CREATE TEMP TABLE IF NOT EXISTS fu_sched_days (occurred_on TEXT PRIMARY KEY,"
        " due_on TEXT NOT NULL, window_end TEXT NOT NULL, open_at BIGINT NOT NULL,"
        " close_at BIGINT NOT NULL);"
        " CREATE TEMP TABLE IF NOT EXISTS fu_sched_team (team_key BIGINT NOT NULL,"
        " slot BIGINT NOT NULL, n BIGINT NOT NULL, shift BIGINT NOT NULL, user_id BIGINT NOT NULL,"
        " PRIMARY KEY (team_key, slot))");
}

enum mn_status fu_sched_days_set(struct db *db, const struct fu_day_schedule *days, size_t n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, "DELETE FROM fu_sched_days", &st);
    if (rc != MN_OK || (rc = db_run(db, st)) != MN_OK)
        return rc;
    if ((rc = db_prepare(db, "INSERT INTO fu_sched_days (occurred_on, due_on, window_end,"
                             " open_at, close_at) VALUES ($1, $2, $3, $4, $5)", &st)) != MN_OK)
        return rc;
    for (size_t i = 0; i < n && rc == MN_OK; i++) {
        db_bind_text(db, st, 1, days[i].occurred_on);
        db_bind_text(db, st, 2, days[i].due_on);
        db_bind_text(db, st, 3, days[i].window_end);
        db_bind_i64(db, st, 4, days[i].open_at);
        db_bind_i64(db, st, 5, days[i].close_at);
        rc = db_run(db, st);
    }
    return rc;
}

bool fu_rule_by_department(const struct fu_rule *r)
{
    return strcmp(r->assign_role, "staff") == 0 || strcmp(r->assign_role, "dept_manager") == 0;
}

/* The team a rule assigns to: active users of role $3, or when the rule names a team ($2, user
 * ids as ",12,15,"), those of them. */
#define TEAM_MEMBER \
    " u.role = $3 AND u.active = 1" \
    " AND ($2 = '' OR $2 LIKE '%,' || CAST(u.id AS TEXT) || ',%')"

/* A store's CR team keyed by the store id; slot = the agent's place in it by user id (as
 * fu_store_agents lists it), shift = the store's round-robin position, so turns go on from the
 * last run. */
#define LOAD_STORE_TEAMS \
    "INSERT INTO fu_sched_team (team_key, slot, n, shift, user_id)" \
    " SELECT u.store_id, ROW_NUMBER() OVER (PARTITION BY u.store_id ORDER BY u.id) - 1," \
    " COUNT(*) OVER (PARTITION BY u.store_id)," \
    " COALESCE((SELECT r.position FROM followup_rr r WHERE r.tenant_id = u.tenant_id" \
    "  AND r.store_id = u.store_id), 0), u.id" \
    " FROM users u WHERE u.tenant_id = $1 AND u.store_id IS NOT NULL AND" TEAM_MEMBER

/* A department's team of a role keyed by the department id negated: a department id names its
 * store too (ids are unique in the table), and negated it never equals a store id, which keys
 * the CR teams of the same statement (events without a department). */
#define LOAD_DEPT_TEAMS \
    "INSERT INTO fu_sched_team (team_key, slot, n, shift, user_id)" \
    " SELECT -u.department_id," \
    " ROW_NUMBER() OVER (PARTITION BY u.department_id ORDER BY u.id) - 1," \
    " COUNT(*) OVER (PARTITION BY u.department_id)," \
    " COALESCE((SELECT r.position FROM followup_rr_dept r WHERE r.tenant_id = u.tenant_id" \
    "  AND r.department_id = u.department_id AND r.role = $3), 0), u.id" \
    " FROM users u WHERE u.tenant_id = $1 AND u.store_id IS NOT NULL" \
    " AND u.department_id IS NOT NULL AND" TEAM_MEMBER

static enum mn_status load_teams(struct db *db, const char *sql, int64_t tenant_id,
                                 const char *team, const char *role)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, sql, &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, team);
    db_bind_text(db, st, 3, role);
    return db_run(db, st);
}

enum mn_status fu_sched_teams_load(struct db *db, int64_t tenant_id, const struct fu_rule *r)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, "DELETE FROM fu_sched_team", &st);
    if (rc != MN_OK || (rc = db_run(db, st)) != MN_OK)
        return rc;
    if (!fu_rule_by_department(r))
        return load_teams(db, LOAD_STORE_TEAMS, tenant_id, r->assign_team, "cr_agent");
    /* the rule's team names users of its role: the CR agents who take the events without a
     * department are every CR agent of the store */
    if ((rc = load_teams(db, LOAD_DEPT_TEAMS, tenant_id, r->assign_team, r->assign_role)) != MN_OK)
        return rc;
    return load_teams(db, LOAD_STORE_TEAMS, tenant_id, "", "cr_agent");
}

/* One INSERT … SELECT for all the days in fu_sched_days. The events are numbered per team in id
 * order (rn) and task rn of a team goes to the user in slot (rn - 1 + shift) % n: round robin
 * without a second pass over the new tasks. Events that already have their task are left out
 * before numbering, so that they do not take a turn; ON CONFLICT still keeps a concurrent
 * scheduler from adding a task twice. Customers who refused contact are read once from their
 * partial index (customers_refused) instead of being looked up for every event. TENANT is
 * "e.tenant_id" (the type/day index drives the walk: a few days, any ids) or "+e.tenant_id" (no
 * index on it: the walk follows the primary key from min_id, in id order, which also keeps the
 * unique key's inserts in order). ROWNUM numbers the events: SQLite's mn_running_number (db.h)
 * numbers them in the walk's order without buffering them all first; PostgreSQL's window.
 *
 * Two shapes. A cr_agent rule (the default, and the 1,000,000-event benchmark): the team is the
 * store's, keyed by x.store_id, and the task's assign_role is not written (NULL = cr_agent), so
 * the statement costs what it did before roles. A staff or dept_manager rule: the team key is
 * the event's department negated (its team in fu_sched_team, LOAD_DEPT_TEAMS), or the store id
 * for an event without a department (the store's CR agents); SQLite's mn_running_number takes
 * one integer key, and these two never collide. Those tasks carry the rule's role ($12), the
 * fallback ones NULL. */
#define DEPT_KEY "CASE WHEN e.department_id IS NULL THEN e.store_id ELSE -e.department_id END"
#define ROWNUM_PG "ROW_NUMBER() OVER (PARTITION BY e.store_id ORDER BY e.id)"
#define ROWNUM_SQLITE "mn_running_number(e.store_id, e.id, $12)"
#define ROWNUM_PG_DEPT "ROW_NUMBER() OVER (PARTITION BY " DEPT_KEY " ORDER BY e.id)"
#define ROWNUM_SQLITE_DEPT "mn_running_number(" DEPT_KEY ", e.id, $13)"
/* the default shape: no team key column, no role column */
#define BY_STORE "", "x.store_id", "", ""
/* the department shape */
#define BY_DEPT ", " DEPT_KEY " AS k", "x.k", ", assign_role", \
    ", CASE WHEN x.department_id IS NULL THEN NULL ELSE CAST($12 AS TEXT) END"
#define CREATE_TASKS_SQL(...) CREATE_TASKS_SQL_(__VA_ARGS__)
#define CREATE_TASKS_SQL_(TENANT, ROWNUM, KEYCOL, KEY, ROLECOL, ROLE) \
    "INSERT INTO followup_tasks (tenant_id, rule_id, event_id, seq, customer_id, store_id," \
    " department_id, task_type, due_on, window_end, open_at, close_at, status, assignee_id," \
    " next_attempt_at, target_km, created_at, updated_at" ROLECOL ")" \
    " SELECT x.tenant_id, $2, x.id, 0, x.customer_id, x.store_id, x.department_id, $3," \
    " x.due_on, x.window_end, x.open_at, x.close_at, 'open'," \
    " CASE WHEN CAST($4 AS BIGINT) = 1 THEN (SELECT t.user_id FROM fu_sched_team t" \
    "  WHERE t.team_key = " KEY " AND t.slot = (x.rn - 1 + t.shift) % t.n) END," \
    " x.open_at, NULL, $5, $5" ROLE \
    " FROM (SELECT e.tenant_id, e.id, e.customer_id, e.store_id, e.department_id, d.due_on," \
    "  d.window_end, d.open_at, d.close_at" KEYCOL "," \
    "  " ROWNUM " AS rn" \
    "  FROM business_events e JOIN fu_sched_days d ON d.occurred_on = e.occurred_on" \
    "  WHERE " TENANT " = $1 AND e.type = $6 AND e.occurred_on >= $7 AND e.occurred_on <= $8" \
    "  AND e.id > $9 AND (CAST($10 AS BIGINT) = 0 OR e.store_id = CAST($10 AS BIGINT))" \
    "  AND e.customer_id NOT IN (SELECT c.id FROM customers c WHERE c.tenant_id = $1" \
    "   AND (c.do_not_disturb <> 0 OR c.consent = 0))" \
    "  AND (CAST($11 AS BIGINT) = 0 OR NOT EXISTS (SELECT 1 FROM followup_tasks f" \
    "   WHERE f.event_id = e.id AND f.rule_id = $2 AND f.seq = 0))) x" \
    " WHERE x.id > 0 ON CONFLICT (event_id, rule_id, seq) DO NOTHING"

enum mn_status fu_tasks_create_days(struct db *db, int64_t tenant_id, const struct fu_rule *r,
                                    const char *from_on, const char *to_on, int64_t min_id,
                                    enum fu_walk walk, bool maybe_done, int64_t *created)
{
    struct db_stmt *st;
    *created = 0;
    /* The SELECT needs its WHERE for SQLite to parse the ON CONFLICT of an INSERT … SELECT.
     * [by department][engine: SQLite, PostgreSQL][walk: by id, by day] */
    static const char *const sql[2][2][2] = {
        {{CREATE_TASKS_SQL("+e.tenant_id", ROWNUM_SQLITE, BY_STORE),
          CREATE_TASKS_SQL("e.tenant_id", ROWNUM_SQLITE, BY_STORE)},
         {CREATE_TASKS_SQL("+e.tenant_id", ROWNUM_PG, BY_STORE),
          CREATE_TASKS_SQL("e.tenant_id", ROWNUM_PG, BY_STORE)}},
        {{CREATE_TASKS_SQL("+e.tenant_id", ROWNUM_SQLITE_DEPT, BY_DEPT),
          CREATE_TASKS_SQL("e.tenant_id", ROWNUM_SQLITE_DEPT, BY_DEPT)},
         {CREATE_TASKS_SQL("+e.tenant_id", ROWNUM_PG_DEPT, BY_DEPT),
          CREATE_TASKS_SQL("e.tenant_id", ROWNUM_PG_DEPT, BY_DEPT)}},
    };
    bool sqlite = db->engine == DB_SQLITE, dept = fu_rule_by_department(r);
    enum mn_status rc = db_prepare(
        db, sql[dept ? 1 : 0][sqlite ? 0 : 1][walk == FU_WALK_BY_ID ? 0 : 1], &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, r->id);
    db_bind_text(db, st, 3, r->task_type);
    db_bind_i64(db, st, 4, strcmp(r->assign_mode, "auto") == 0 ? 1 : 0);
    db_bind_i64(db, st, 5, store_now());
    db_bind_text(db, st, 6, r->trigger_type);
    db_bind_text(db, st, 7, from_on);
    db_bind_text(db, st, 8, to_on);
    db_bind_i64(db, st, 9, min_id);
    db_bind_i64(db, st, 10, r->store_id);
    db_bind_i64(db, st, 11, maybe_done ? 1 : 0);
    if (dept)
        db_bind_text(db, st, 12, r->assign_role);
    if (sqlite)
        db_bind_i64(db, st, dept ? 13 : 12, db_run_token());
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    *created = db_changes(db, st);
    return MN_OK;
}

/* Runs one of the advance statements below: $1 tenant, $2 rule, $3 after_id, $4 the rule's
 * role (department teams) or whether only the tasks without a department count (store teams). */
static enum mn_status rr_advance(struct db *db, const char *sql, int64_t tenant_id,
                                 const struct fu_rule *r, int64_t after_id, const char *role,
                                 bool no_department_only)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, sql, &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, r->id);
    db_bind_i64(db, st, 3, after_id);
    if (role != NULL)
        db_bind_text(db, st, 4, role);
    else
        db_bind_i64(db, st, 4, no_department_only ? 1 : 0);
    return db_run(db, st);
}

enum mn_status fu_rr_advance(struct db *db, int64_t tenant_id, const struct fu_rule *r,
                             int64_t after_id)
{
    /* The new tasks follow the primary key from after_id (+tenant_id keeps SQLite off the
     * tenant's other indexes). The store CR teams' turns: every assigned task of a cr_agent
     * rule, only those without a department of a department rule. */
    bool dept = fu_rule_by_department(r);
    enum mn_status rc = rr_advance(db,
        "INSERT INTO followup_rr (tenant_id, store_id, position)"
        " SELECT $1, store_id, count(*) FROM followup_tasks WHERE +tenant_id = $1 AND id > $3"
        " AND rule_id = $2 AND assignee_id IS NOT NULL"
        " AND (CAST($4 AS BIGINT) = 0 OR department_id IS NULL)"
        " GROUP BY store_id ON CONFLICT (tenant_id, store_id) DO UPDATE"
        " SET position = followup_rr.position + excluded.position", tenant_id, r, after_id,
        NULL, dept);
    if (rc != MN_OK || !dept)
        return rc;
    /* a department rule's tasks with a department were its department teams' turns */
    return rr_advance(db,
        "INSERT INTO followup_rr_dept (tenant_id, department_id, role, position)"
        " SELECT $1, department_id, CAST($4 AS TEXT), count(*) FROM followup_tasks"
        " WHERE +tenant_id = $1 AND id > $3 AND rule_id = $2 AND assignee_id IS NOT NULL"
        " AND department_id IS NOT NULL GROUP BY department_id"
        " ON CONFLICT (tenant_id, department_id, role) DO UPDATE"
        " SET position = followup_rr_dept.position + excluded.position", tenant_id, r, after_id,
        r->assign_role, false);
}

enum mn_status fu_tasks_max_id(struct db *db, int64_t tenant_id, int64_t *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT id FROM followup_tasks WHERE +tenant_id = $1 ORDER BY id DESC LIMIT 1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    *out = 0;
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_OK : rc;
    *out = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_store_agents(struct db *db, int64_t tenant_id, int64_t store_id,
                               int64_t department_id, const struct fu_rule *r, int64_t *ids,
                               size_t cap, size_t *n)
{
    struct db_stmt *st;
    *n = 0;
    bool dept = fu_rule_by_department(r);
    enum mn_status rc = db_prepare(db, department_id != 0
        ? "SELECT u.id FROM users u WHERE u.tenant_id = $1 AND u.store_id = $4"
          " AND u.department_id = $5 AND" TEAM_MEMBER " ORDER BY u.id"
        : "SELECT u.id FROM users u WHERE u.tenant_id = $1 AND u.store_id = $4"
          " AND CAST($5 AS BIGINT) = 0 AND" TEAM_MEMBER " ORDER BY u.id", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    /* a department rule's named team lists users of its role, not the CR agents of the
     * fallback team (department_id 0): every CR agent of the store then */
    db_bind_text(db, st, 2, dept && department_id == 0 ? "" : r->assign_team);
    db_bind_text(db, st, 3, dept && department_id != 0 ? r->assign_role : "cr_agent");
    db_bind_i64(db, st, 4, store_id);
    db_bind_i64(db, st, 5, department_id);
    size_t k = 0;
    int step;
    while ((step = db_step(db, st)) == DB_ROW)
        if (k < cap)
            ids[k++] = db_col_i64(db, st, 0);
    if (step != DB_DONE)
        return (enum mn_status)step;
    *n = k;
    return MN_OK;
}

enum mn_status fu_rr_reserve(struct db *db, int64_t tenant_id, int64_t store_id,
                             int64_t department_id, const char *role, int64_t count,
                             int64_t *first)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, department_id != 0
        ? "INSERT INTO followup_rr_dept (tenant_id, department_id, role, position)"
          " VALUES ($1, $2, $4, $3) ON CONFLICT (tenant_id, department_id, role) DO UPDATE"
          " SET position = followup_rr_dept.position + $3 RETURNING position"
        : "INSERT INTO followup_rr (tenant_id, store_id, position) VALUES ($1, $2, $3)"
          " ON CONFLICT (tenant_id, store_id) DO UPDATE SET position = followup_rr.position + $3"
          " RETURNING position", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, department_id != 0 ? department_id : store_id);
    db_bind_i64(db, st, 3, count);
    if (department_id != 0)
        db_bind_text(db, st, 4, role);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    *first = db_col_i64(db, st, 0) - count;
    return store_finish(db, st);
}

/* --- tasks ------------------------------------------------------------------------------------ */

#define TASK_COLS "id, tenant_id, rule_id, event_id, seq, customer_id, store_id, department_id," \
                  " task_type, due_on, window_end, open_at, close_at, status, assignee_id," \
                  " attempts, failed_attempts, connected_calls, next_attempt_at, last_outcome," \
                  " target_km, completed_at, created_at, updated_at," \
                  " (SELECT name FROM customers c WHERE c.id = followup_tasks.customer_id)," \
                  " (SELECT name FROM followup_rules r WHERE r.id = followup_tasks.rule_id)," \
                  " assign_role"

static void read_task(struct db *db, struct db_stmt *st, void *row)
{
    struct fu_task *t = row;
    t->id = db_col_i64(db, st, 0);
    t->tenant_id = db_col_i64(db, st, 1);
    t->rule_id = db_col_i64(db, st, 2);
    t->event_id = db_col_i64(db, st, 3);
    t->seq = db_col_i64(db, st, 4);
    t->customer_id = db_col_i64(db, st, 5);
    t->store_id = db_col_i64(db, st, 6);
    t->department_id = db_col_i64(db, st, 7);
    store_copy_text(t->task_type, sizeof t->task_type, db_col_text(db, st, 8));
    store_copy_text(t->due_on, sizeof t->due_on, db_col_text(db, st, 9));
    store_copy_text(t->window_end, sizeof t->window_end, db_col_text(db, st, 10));
    t->open_at = db_col_i64(db, st, 11);
    t->close_at = db_col_i64(db, st, 12);
    store_copy_text(t->status, sizeof t->status, db_col_text(db, st, 13));
    t->assignee_id = db_col_i64(db, st, 14);
    t->attempts = db_col_i64(db, st, 15);
    t->failed_attempts = db_col_i64(db, st, 16);
    t->connected_calls = db_col_i64(db, st, 17);
    t->next_attempt_at = db_col_i64(db, st, 18);
    store_copy_text(t->last_outcome, sizeof t->last_outcome, db_col_text(db, st, 19));
    t->target_km = db_col_is_null(db, st, 20) ? -1 : db_col_i64(db, st, 20);
    t->completed_at = db_col_i64(db, st, 21);
    t->created_at = db_col_i64(db, st, 22);
    t->updated_at = db_col_i64(db, st, 23);
    store_copy_text(t->customer_name, sizeof t->customer_name, db_col_text(db, st, 24));
    store_copy_text(t->rule_name, sizeof t->rule_name, db_col_text(db, st, 25));
    store_copy_text(t->assign_role, sizeof t->assign_role, db_col_text(db, st, 26));
}

enum mn_status fu_tasks_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_task *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " TASK_COLS " FROM followup_tasks WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_task(db, st, out);
    return store_finish(db, st);
}

/* The filters of every view: $8 selects it (0 all, 1 today, 2 overdue, 3 retries, 4 done,
 * 5 upcoming). today = due and not past the window, no failed attempt yet; retries = open with
 * a failed attempt or a call-back, still in the window; overdue = open past the window. A
 * role's queue: $10 the department, $11 the role that works the tasks (NULL = cr_agent), $12
 * the pool and this user's tasks only. */
#define TASK_FILTERS \
    " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))" \
    " AND (CAST($4 AS BIGINT) = 0 OR assignee_id = CAST($4 AS BIGINT))" \
    " AND (CAST($5 AS BIGINT) = 0 OR assignee_id IS NULL)" \
    " AND (CAST($6 AS BIGINT) = 0 OR customer_id = CAST($6 AS BIGINT))" \
    " AND (CAST($10 AS BIGINT) = 0 OR department_id = CAST($10 AS BIGINT))" \
    " AND (CAST($11 AS TEXT) = '' OR COALESCE(assign_role, 'cr_agent') = CAST($11 AS TEXT))" \
    " AND (CAST($12 AS BIGINT) = 0 OR assignee_id IS NULL OR assignee_id = CAST($12 AS BIGINT))" \
    " AND (CAST($8 AS BIGINT) = 0" \
    "  OR (CAST($8 AS BIGINT) = 1 AND status = 'open' AND due_on <= $7 AND window_end >= $7" \
    "      AND failed_attempts = 0 AND last_outcome <> 'callback')" \
    "  OR (CAST($8 AS BIGINT) = 2 AND status = 'open' AND window_end < $7)" \
    "  OR (CAST($8 AS BIGINT) = 3 AND status = 'open' AND window_end >= $7" \
    "      AND (failed_attempts > 0 OR last_outcome = 'callback'))" \
    "  OR (CAST($8 AS BIGINT) = 4 AND status <> 'open')" \
    "  OR (CAST($8 AS BIGINT) = 5 AND status = 'open' AND due_on > $7))" \
    " ORDER BY id LIMIT $9"

/* Three spellings of one query, each with an index that serves it (SQLite plans a statement
 * before it sees the parameters): a customer's tasks through their events (the unique key
 * leads with event_id); the open views through the partial index of open tasks, in id order,
 * never touching finished ones; everything else along the primary key. */
static const char *const task_list_sql[] = {
    "SELECT " TASK_COLS " FROM followup_tasks WHERE +tenant_id = $1 AND id > $2"
    " AND event_id IN (SELECT e.id FROM business_events e WHERE e.tenant_id = $1"
    "  AND e.customer_id = CAST($6 AS BIGINT))" TASK_FILTERS,
    "SELECT " TASK_COLS " FROM followup_tasks WHERE tenant_id = $1 AND id > $2"
    " AND status = 'open'" TASK_FILTERS,
    "SELECT " TASK_COLS " FROM followup_tasks WHERE +tenant_id = $1 AND id > $2" TASK_FILTERS,
};

enum mn_status fu_tasks_list(struct db *db, int64_t tenant_id, const struct fu_task_query *q,
                             struct fu_task **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    bool open_view = q->view == FU_VIEW_TODAY || q->view == FU_VIEW_OVERDUE ||
                     q->view == FU_VIEW_RETRY || q->view == FU_VIEW_UPCOMING;
    enum mn_status rc = db_prepare(db, task_list_sql[q->customer_id != 0 ? 0 : open_view ? 1 : 2],
                                   &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->store_id);
    db_bind_i64(db, st, 4, q->assignee_id);
    db_bind_i64(db, st, 5, q->unassigned ? 1 : 0);
    db_bind_i64(db, st, 6, q->customer_id);
    db_bind_text(db, st, 7, q->today != NULL ? q->today : "");
    db_bind_i64(db, st, 8, (int64_t)q->view);
    db_bind_i64(db, st, 9, q->limit);
    db_bind_i64(db, st, 10, q->department_id);
    db_bind_text(db, st, 11, q->role != NULL ? q->role : "");
    db_bind_i64(db, st, 12, q->pool_or);
    return store_collect(db, st, q->limit, sizeof **items, read_task, (void **)items, n);
}

enum mn_status fu_tasks_update(struct db *db, struct fu_task *t)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE followup_tasks SET status = $3, assignee_id = $4, attempts = $5,"
        " failed_attempts = $6, connected_calls = $7, next_attempt_at = $8, last_outcome = $9,"
        " completed_at = $10, updated_at = $11 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    t->updated_at = store_now();
    db_bind_i64(db, st, 1, t->tenant_id);
    db_bind_i64(db, st, 2, t->id);
    db_bind_text(db, st, 3, t->status);
    db_bind_id_or_null(db, st, 4, t->assignee_id);
    db_bind_i64(db, st, 5, t->attempts);
    db_bind_i64(db, st, 6, t->failed_attempts);
    db_bind_i64(db, st, 7, t->connected_calls);
    db_bind_i64(db, st, 8, t->next_attempt_at);
    db_bind_text(db, st, 9, t->last_outcome);
    db_bind_id_or_null(db, st, 10, t->completed_at);
    db_bind_i64(db, st, 11, t->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status fu_calls_insert(struct db *db, struct fu_call *c)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO followup_calls (tenant_id, task_id, user_id, outcome, notes, callback_at,"
        " called_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, c->tenant_id);
    db_bind_i64(db, st, 2, c->task_id);
    db_bind_id_or_null(db, st, 3, c->user_id);
    db_bind_text(db, st, 4, c->outcome);
    db_bind_text(db, st, 5, c->notes);
    db_bind_id_or_null(db, st, 6, c->callback_at);
    db_bind_i64(db, st, 7, c->called_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    c->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_calls_list(struct db *db, int64_t tenant_id, int64_t task_id,
                             struct fu_call **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT id, tenant_id, task_id, user_id, outcome, notes, callback_at, called_at"
        " FROM followup_calls WHERE tenant_id = $1 AND task_id = $2 ORDER BY id", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, task_id);
    struct fu_call *arr = NULL;
    size_t cap = 0, k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (!grow((void **)&arr, &cap, k, sizeof *arr)) {
            free(arr);
            db_run(db, st);
            return MN_ERR_NOMEM;
        }
        struct fu_call *c = &arr[k++];
        c->id = db_col_i64(db, st, 0);
        c->tenant_id = db_col_i64(db, st, 1);
        c->task_id = db_col_i64(db, st, 2);
        c->user_id = db_col_i64(db, st, 3);
        store_copy_text(c->outcome, sizeof c->outcome, db_col_text(db, st, 4));
        store_copy_text(c->notes, sizeof c->notes, db_col_text(db, st, 5));
        c->callback_at = db_col_i64(db, st, 6);
        c->called_at = db_col_i64(db, st, 7);
    }
    if (r != DB_DONE) {
        free(arr);
        return (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}

/* --- figures ---------------------------------------------------------------------------------- */

/* The counts of callstats_followup, one SELECT list for every grouping. */
#define STATS_SUMS \
    " SUM(CASE WHEN status <> 'open' OR close_at <= $5 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN status = 'done' AND completed_at < close_at THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN connected_calls > 0 THEN 1 ELSE 0 END)," \
    " SUM(connected_calls), SUM(attempts)" \
    " FROM followup_tasks WHERE tenant_id = $1 AND due_on >= $2 AND due_on <= $3" \
    " AND (CAST($4 AS BIGINT) = 0 OR store_id = CAST($4 AS BIGINT))"

enum mn_status fu_stats(struct db *db, int64_t tenant_id, enum fu_group g, int64_t store_id,
                        const char *from_on, const char *to_on, int64_t now,
                        struct fu_stats_row **rows, size_t *n)
{
    static const char *const sql[] = {
        [FU_GROUP_STORE] = "SELECT store_id, ''," STATS_SUMS " GROUP BY store_id ORDER BY 1",
        [FU_GROUP_DEPARTMENT] = "SELECT COALESCE(department_id, 0), ''," STATS_SUMS
                                " GROUP BY COALESCE(department_id, 0) ORDER BY 1",
        [FU_GROUP_AGENT] = "SELECT COALESCE(assignee_id, 0), ''," STATS_SUMS
                           " GROUP BY COALESCE(assignee_id, 0) ORDER BY 1",
        [FU_GROUP_MONTH] = "SELECT 0, substr(due_on, 1, 7)," STATS_SUMS
                           " GROUP BY substr(due_on, 1, 7) ORDER BY 2",
    };
    struct db_stmt *st;
    *rows = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db, sql[g], &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, from_on);
    db_bind_text(db, st, 3, to_on);
    db_bind_i64(db, st, 4, store_id);
    db_bind_i64(db, st, 5, now);
    struct fu_stats_row *arr = NULL;
    size_t cap = 0, k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (!grow((void **)&arr, &cap, k, sizeof *arr)) {
            free(arr);
            db_run(db, st);
            return MN_ERR_NOMEM;
        }
        struct fu_stats_row *s = &arr[k++];
        s->key = db_col_i64(db, st, 0);
        store_copy_text(s->month, sizeof s->month, db_col_text(db, st, 1));
        s->tasks_due = db_col_i64(db, st, 2);
        s->done_on_time = db_col_i64(db, st, 3);
        s->tasks_attempted = db_col_i64(db, st, 4);
        s->tasks_reached = db_col_i64(db, st, 5);
        s->connected_calls = db_col_i64(db, st, 6);
        s->attempts = db_col_i64(db, st, 7);
    }
    if (r != DB_DONE) {
        free(arr);
        return (enum mn_status)r;
    }
    *rows = arr;
    *n = k;
    return MN_OK;
}
