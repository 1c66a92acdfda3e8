/* SPDX-License-Identifier: MIT */
/* Tickets, their timeline, categories and settings of the complaint loop. Corrective actions,
 * attachments, notifications, the outbox and the jobs' claims are in complaint_more.c. SQL is
 * written once for both engines; optional filters use CAST so PostgreSQL can type them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/complaint.h"

#define PREP(sql)                                                                              \
    struct db_stmt *st;                                                                        \
    enum mn_status rc = db_prepare(db, sql, &st);                                              \
    if (rc != MN_OK)                                                                           \
    return rc

#define TXT(dst, col) store_copy_text(dst, sizeof dst, db_col_text(db, st, col))

/* ---- settings ---------------------------------------------------------------------------- */

enum mn_status complaint_settings_get(struct db *db, int64_t tenant_id,
                                      struct complaint_settings *out)
{
    PREP("SELECT tenant_id, sla_mode, weekday_mask, work_start_min, work_end_min, holidays,"
         " extra_workdays, sla_json, recomplaint_days, webhook_url, webhook_secret, updated_at"
         " FROM complaint_settings WHERE tenant_id = $1");
    db_bind_i64(db, st, 1, tenant_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    out->tenant_id = db_col_i64(db, st, 0);
    TXT(out->sla_mode, 1);
    out->weekday_mask = db_col_i64(db, st, 2);
    out->work_start_min = db_col_i64(db, st, 3);
    out->work_end_min = db_col_i64(db, st, 4);
    TXT(out->holidays, 5);
    TXT(out->extra_workdays, 6);
    TXT(out->sla_json, 7);
    out->recomplaint_days = db_col_i64(db, st, 8);
    TXT(out->webhook_url, 9);
    TXT(out->webhook_secret, 10);
    out->updated_at = db_col_i64(db, st, 11);
    return store_finish(db, st);
}

enum mn_status complaint_settings_put(struct db *db, struct complaint_settings *s)
{
    PREP("INSERT INTO complaint_settings (tenant_id, sla_mode, weekday_mask, work_start_min,"
         " work_end_min, holidays, extra_workdays, sla_json, recomplaint_days, webhook_url,"
         " webhook_secret, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
         " ON CONFLICT (tenant_id) DO UPDATE SET sla_mode = $2, weekday_mask = $3,"
         " work_start_min = $4, work_end_min = $5, holidays = $6, extra_workdays = $7,"
         " sla_json = $8, recomplaint_days = $9, webhook_url = $10, webhook_secret = $11,"
         " updated_at = $12");
    s->updated_at = store_now();
    db_bind_i64(db, st, 1, s->tenant_id);
    db_bind_text(db, st, 2, s->sla_mode);
    db_bind_i64(db, st, 3, s->weekday_mask);
    db_bind_i64(db, st, 4, s->work_start_min);
    db_bind_i64(db, st, 5, s->work_end_min);
    db_bind_text(db, st, 6, s->holidays);
    db_bind_text(db, st, 7, s->extra_workdays);
    db_bind_text(db, st, 8, s->sla_json);
    db_bind_i64(db, st, 9, s->recomplaint_days);
    db_bind_text(db, st, 10, s->webhook_url);
    db_bind_text(db, st, 11, s->webhook_secret);
    db_bind_i64(db, st, 12, s->updated_at);
    return db_run(db, st);
}

/* ---- categories -------------------------------------------------------------------------- */

#define CAT_COLS "id, tenant_id, code, name, scripts, strategies, sort_order, active, created_at," \
                 " updated_at"

static void read_category(struct db *db, struct db_stmt *st, void *row)
{
    struct complaint_category *c = row;
    c->id = db_col_i64(db, st, 0);
    c->tenant_id = db_col_i64(db, st, 1);
    TXT(c->code, 2);
    TXT(c->name, 3);
    TXT(c->scripts, 4);
    TXT(c->strategies, 5);
    c->sort_order = db_col_i64(db, st, 6);
    c->active = (int)db_col_i64(db, st, 7);
    c->created_at = db_col_i64(db, st, 8);
    c->updated_at = db_col_i64(db, st, 9);
}

static void bind_category(struct db *db, struct db_stmt *st, const struct complaint_category *c)
{
    db_bind_i64(db, st, 1, c->tenant_id);
    db_bind_text(db, st, 2, c->code);
    db_bind_text(db, st, 3, c->name);
    db_bind_text(db, st, 4, c->scripts);
    db_bind_text(db, st, 5, c->strategies);
    db_bind_i64(db, st, 6, c->sort_order);
    db_bind_i64(db, st, 7, c->active);
    db_bind_i64(db, st, 8, c->updated_at);
}

enum mn_status complaint_category_insert_default(struct db *db, const struct complaint_category *c)
{
    PREP("INSERT INTO complaint_categories (tenant_id, code, name, scripts, strategies,"
         " sort_order, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
         " ON CONFLICT (tenant_id, code) DO NOTHING");
    bind_category(db, st, c);
    return db_run(db, st);
}

enum mn_status complaint_category_insert(struct db *db, struct complaint_category *c)
{
    PREP("INSERT INTO complaint_categories (tenant_id, code, name, scripts, strategies,"
         " sort_order, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
         " RETURNING id");
    c->created_at = c->updated_at = store_now();
    bind_category(db, st, c);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    c->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status complaint_category_get(struct db *db, int64_t tenant_id, int64_t id,
                                      struct complaint_category *out)
{
    PREP("SELECT " CAT_COLS " FROM complaint_categories WHERE tenant_id = $1 AND id = $2");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_category(db, st, out);
    return store_finish(db, st);
}

enum mn_status complaint_category_get_by_code(struct db *db, int64_t tenant_id, const char *code,
                                              struct complaint_category *out)
{
    PREP("SELECT " CAT_COLS " FROM complaint_categories WHERE tenant_id = $1 AND code = $2");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, code);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_category(db, st, out);
    return store_finish(db, st);
}

enum mn_status complaint_category_update(struct db *db, struct complaint_category *c)
{
    PREP("UPDATE complaint_categories SET code = $2, name = $3, scripts = $4, strategies = $5,"
         " sort_order = $6, active = $7, updated_at = $8 WHERE tenant_id = $1 AND id = $9");
    c->updated_at = store_now();
    bind_category(db, st, c);
    db_bind_i64(db, st, 9, c->id);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status complaint_category_count(struct db *db, int64_t tenant_id, int64_t *n)
{
    PREP("SELECT COUNT(*) FROM complaint_categories WHERE tenant_id = $1");
    db_bind_i64(db, st, 1, tenant_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *n = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status complaint_category_list(struct db *db, int64_t tenant_id,
                                       struct complaint_category **items, size_t *n)
{
    PREP("SELECT " CAT_COLS " FROM complaint_categories WHERE tenant_id = $1"
         " ORDER BY sort_order, id LIMIT 200");
    db_bind_i64(db, st, 1, tenant_id);
    return store_collect(db, st, 200, sizeof **items, read_category, (void **)items, n);
}

/* ---- tickets ----------------------------------------------------------------------------- */

#define TICKET_COLS                                                                            \
    "t.id, t.tenant_id, t.store_id, t.department_id, t.suggested_department_id,"               \
    " t.assignee_user_id, t.registered_by, t.customer_id, t.event_id, t.followup_task_id,"     \
    " t.alert_id, t.source, t.category_id, t.severity, t.title, t.description, t.state,"       \
    " t.escalation_level, t.clear_flags, t.root_cause, t.action_taken, t.remedy,"              \
    " t.recovery_strategy, t.recomplaint_of, t.recomplaint_count, t.cycle_start,"              \
    " t.first_response_due, t.first_response_at, t.resolution_due, t.resolved_at,"             \
    " t.sla_stage, t.sla_start, t.sla_minutes, t.sla_due, t.sla_level, t.verify_count,"        \
    " t.verify_satisfied, t.closed_at, t.created_at, t.updated_at,"                            \
    " c.name, s.name, d.name, u.display_name, cu.name, cu.phone"

#define TICKET_FROM                                                                            \
    " FROM tickets t JOIN complaint_categories c ON c.id = t.category_id"                      \
    " JOIN stores s ON s.id = t.store_id"                                                      \
    " LEFT JOIN departments d ON d.id = t.department_id"                                       \
    " LEFT JOIN users u ON u.id = t.assignee_user_id"                                          \
    " LEFT JOIN customers cu ON cu.id = t.customer_id"

static void read_ticket(struct db *db, struct db_stmt *st, void *row)
{
    struct ticket *t = row;
    int64_t *ids[] = {&t->id, &t->tenant_id, &t->store_id, &t->department_id,
                      &t->suggested_department_id, &t->assignee_user_id, &t->registered_by,
                      &t->customer_id, &t->event_id, &t->followup_task_id, &t->alert_id};
    for (int i = 0; i < 11; i++)
        *ids[i] = db_col_i64(db, st, i);
    TXT(t->source, 11);
    t->category_id = db_col_i64(db, st, 12);
    TXT(t->severity, 13);
    TXT(t->title, 14);
    TXT(t->description, 15);
    TXT(t->state, 16);
    t->escalation_level = db_col_i64(db, st, 17);
    t->clear_flags = db_col_i64(db, st, 18);
    TXT(t->root_cause, 19);
    TXT(t->action_taken, 20);
    TXT(t->remedy, 21);
    TXT(t->recovery_strategy, 22);
    int64_t *rest[] = {&t->recomplaint_of, &t->recomplaint_count, &t->cycle_start,
                       &t->first_response_due, &t->first_response_at, &t->resolution_due,
                       &t->resolved_at};
    for (int i = 0; i < 7; i++)
        *rest[i] = db_col_i64(db, st, 23 + i);
    TXT(t->sla_stage, 30);
    int64_t *tail[] = {&t->sla_start,    &t->sla_minutes,      &t->sla_due,
                       &t->sla_level,    &t->verify_count,     &t->verify_satisfied,
                       &t->closed_at,    &t->created_at,       &t->updated_at};
    for (int i = 0; i < 9; i++)
        *tail[i] = db_col_i64(db, st, 31 + i);
    TXT(t->category_name, 40);
    TXT(t->store_name, 41);
    TXT(t->department_name, 42);
    TXT(t->assignee_name, 43);
    TXT(t->customer_name, 44);
    TXT(t->customer_phone, 45);
}

enum mn_status ticket_insert(struct db *db, struct ticket *t)
{
    PREP("INSERT INTO tickets (tenant_id, store_id, department_id, suggested_department_id,"
         " assignee_user_id, registered_by, customer_id, event_id, followup_task_id, alert_id,"
         " source, category_id, severity, title, description, state, cycle_start,"
         " first_response_due, resolution_due, sla_stage, sla_start, sla_minutes, sla_due,"
         " recomplaint_of, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
         " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25)"
         " RETURNING id");
    db_bind_i64(db, st, 1, t->tenant_id);
    db_bind_i64(db, st, 2, t->store_id);
    db_bind_id_or_null(db, st, 3, t->department_id);
    db_bind_id_or_null(db, st, 4, t->suggested_department_id);
    db_bind_id_or_null(db, st, 5, t->assignee_user_id);
    db_bind_id_or_null(db, st, 6, t->registered_by);
    db_bind_id_or_null(db, st, 7, t->customer_id);
    db_bind_id_or_null(db, st, 8, t->event_id);
    db_bind_id_or_null(db, st, 9, t->followup_task_id);
    db_bind_id_or_null(db, st, 10, t->alert_id);
    db_bind_text(db, st, 11, t->source);
    db_bind_i64(db, st, 12, t->category_id);
    db_bind_text(db, st, 13, t->severity);
    db_bind_text(db, st, 14, t->title);
    db_bind_text(db, st, 15, t->description);
    db_bind_text(db, st, 16, t->state);
    db_bind_i64(db, st, 17, t->cycle_start);
    db_bind_i64(db, st, 18, t->first_response_due);
    db_bind_i64(db, st, 19, t->resolution_due);
    db_bind_text(db, st, 20, t->sla_stage);
    db_bind_i64(db, st, 21, t->sla_start);
    db_bind_i64(db, st, 22, t->sla_minutes);
    db_bind_i64(db, st, 23, t->sla_due);
    db_bind_id_or_null(db, st, 24, t->recomplaint_of);
    db_bind_i64(db, st, 25, t->created_at);
    t->updated_at = t->created_at;
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    t->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status ticket_get(struct db *db, int64_t tenant_id, int64_t id, struct ticket *out)
{
    PREP("SELECT " TICKET_COLS TICKET_FROM " WHERE t.tenant_id = $1 AND t.id = $2");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_ticket(db, st, out);
    return store_finish(db, st);
}

static void bind_opt_time(struct db *db, struct db_stmt *st, int idx, int64_t v)
{
    if (v != 0)
        db_bind_i64(db, st, idx, v);
    else
        db_bind_null(db, st, idx);
}

enum mn_status ticket_update(struct db *db, struct ticket *t, const char *expect_state)
{
    PREP("UPDATE tickets SET department_id = $3, assignee_user_id = $4, state = $5,"
         " escalation_level = $6, clear_flags = $7, root_cause = $8, action_taken = $9,"
         " remedy = $10, recovery_strategy = $11, cycle_start = $12, first_response_at = $13,"
         " resolution_due = $14, resolved_at = $15, sla_stage = $16, sla_start = $17,"
         " sla_minutes = $18, sla_due = $19, sla_level = $20, verify_count = $21,"
         " verify_satisfied = $22, closed_at = $23, updated_at = $24, first_response_due = $26"
         " WHERE tenant_id = $1 AND id = $2 AND state = $25");
    t->updated_at = store_now();
    db_bind_i64(db, st, 1, t->tenant_id);
    db_bind_i64(db, st, 2, t->id);
    db_bind_id_or_null(db, st, 3, t->department_id);
    db_bind_id_or_null(db, st, 4, t->assignee_user_id);
    db_bind_text(db, st, 5, t->state);
    db_bind_i64(db, st, 6, t->escalation_level);
    db_bind_i64(db, st, 7, t->clear_flags);
    db_bind_text(db, st, 8, t->root_cause);
    db_bind_text(db, st, 9, t->action_taken);
    db_bind_text(db, st, 10, t->remedy);
    db_bind_text(db, st, 11, t->recovery_strategy);
    db_bind_i64(db, st, 12, t->cycle_start);
    bind_opt_time(db, st, 13, t->first_response_at);
    db_bind_i64(db, st, 14, t->resolution_due);
    bind_opt_time(db, st, 15, t->resolved_at);
    db_bind_text(db, st, 16, t->sla_stage);
    db_bind_i64(db, st, 17, t->sla_start);
    db_bind_i64(db, st, 18, t->sla_minutes);
    db_bind_i64(db, st, 19, t->sla_due);
    db_bind_i64(db, st, 20, t->sla_level);
    db_bind_i64(db, st, 21, t->verify_count);
    db_bind_i64(db, st, 22, t->verify_satisfied);
    bind_opt_time(db, st, 23, t->closed_at);
    db_bind_i64(db, st, 24, t->updated_at);
    db_bind_text(db, st, 25, expect_state);
    db_bind_i64(db, st, 26, t->first_response_due);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_CONFLICT;
}

enum mn_status ticket_list(struct db *db, int64_t tenant_id, const struct ticket_query *q,
                           struct ticket **items, size_t *n)
{
    PREP("SELECT " TICKET_COLS TICKET_FROM " WHERE t.tenant_id = $1 AND t.id > $2"
         " AND ($3 = '' OR $3 LIKE '%,' || t.state || ',%')"
         " AND (CAST($4 AS BIGINT) = 0 OR t.store_id = CAST($4 AS BIGINT))"
         " AND (CAST($5 AS BIGINT) = 0 OR t.department_id = CAST($5 AS BIGINT))"
         " AND (CAST($6 AS BIGINT) = 0 OR t.category_id = CAST($6 AS BIGINT))"
         " AND (CAST($7 AS BIGINT) = 0 OR t.assignee_user_id = CAST($7 AS BIGINT))"
         " AND (CAST($8 AS BIGINT) = 0 OR t.customer_id = CAST($8 AS BIGINT))"
         " AND ($9 = '' OR t.severity = $9) AND ($10 = '' OR t.source = $10)"
         " AND (CAST($11 AS BIGINT) = 0 OR t.created_at <= CAST($11 AS BIGINT))"
         " AND (CAST($12 AS BIGINT) = 0 OR (t.state <> 'closed'"
         "      AND t.sla_due < CAST($12 AS BIGINT)))"
         " AND ($13 = '' OR t.title LIKE $14)"
         " ORDER BY t.id LIMIT $15");
    const char *needle = q->q != NULL ? q->q : "";
    char like[420];
    snprintf(like, sizeof like, "%%%s%%", needle);
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_text(db, st, 3, q->states != NULL ? q->states : "");
    db_bind_i64(db, st, 4, q->store_id);
    db_bind_i64(db, st, 5, q->department_id);
    db_bind_i64(db, st, 6, q->category_id);
    db_bind_i64(db, st, 7, q->assignee_user_id);
    db_bind_i64(db, st, 8, q->customer_id);
    db_bind_text(db, st, 9, q->severity != NULL ? q->severity : "");
    db_bind_text(db, st, 10, q->source != NULL ? q->source : "");
    db_bind_i64(db, st, 11, q->created_before);
    db_bind_i64(db, st, 12, q->overdue_at);
    db_bind_text(db, st, 13, needle);
    db_bind_text(db, st, 14, like);
    db_bind_i64(db, st, 15, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_ticket, (void **)items, n);
}

enum mn_status ticket_find_previous(struct db *db, int64_t tenant_id, int64_t customer_id,
                                    int64_t category_id, int64_t exclude_id, int64_t *id,
                                    int64_t *created_at)
{
    PREP("SELECT id, created_at FROM tickets WHERE tenant_id = $1 AND customer_id = $2"
         " AND category_id = $3 AND id <> $4 ORDER BY created_at DESC, id DESC LIMIT 1");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, customer_id);
    db_bind_i64(db, st, 3, category_id);
    db_bind_i64(db, st, 4, exclude_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *id = db_col_i64(db, st, 0);
    *created_at = db_col_i64(db, st, 1);
    return store_finish(db, st);
}

enum mn_status ticket_add_recomplaint(struct db *db, int64_t tenant_id, int64_t id)
{
    PREP("UPDATE tickets SET recomplaint_count = recomplaint_count + 1"
         " WHERE tenant_id = $1 AND id = $2");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    return db_run(db, st);
}

/* ---- timeline ---------------------------------------------------------------------------- */

enum mn_status ticket_event_insert(struct db *db, struct ticket_event *e)
{
    PREP("INSERT INTO ticket_events (tenant_id, ticket_id, at, user_id, username, kind,"
         " from_state, to_state, note, data_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
         " $10) RETURNING id");
    db_bind_i64(db, st, 1, e->tenant_id);
    db_bind_i64(db, st, 2, e->ticket_id);
    db_bind_i64(db, st, 3, e->at);
    db_bind_id_or_null(db, st, 4, e->user_id);
    db_bind_text(db, st, 5, e->username);
    db_bind_text(db, st, 6, e->kind);
    db_bind_text(db, st, 7, e->from_state);
    db_bind_text(db, st, 8, e->to_state);
    db_bind_text(db, st, 9, e->note);
    db_bind_text(db, st, 10, e->data_json != NULL ? e->data_json : "{}");
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    e->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

static void read_event(struct db *db, struct db_stmt *st, void *row)
{
    struct ticket_event *e = row;
    e->id = db_col_i64(db, st, 0);
    e->tenant_id = db_col_i64(db, st, 1);
    e->ticket_id = db_col_i64(db, st, 2);
    e->at = db_col_i64(db, st, 3);
    e->user_id = db_col_i64(db, st, 4);
    TXT(e->username, 5);
    TXT(e->kind, 6);
    TXT(e->from_state, 7);
    TXT(e->to_state, 8);
    TXT(e->note, 9);
    const char *d = db_col_text(db, st, 10);
    e->data_json = strdup(d != NULL ? d : "{}");
}

enum mn_status ticket_event_list(struct db *db, int64_t tenant_id, int64_t ticket_id,
                                 struct ticket_event **items, size_t *n)
{
    PREP("SELECT id, tenant_id, ticket_id, at, user_id, username, kind, from_state, to_state,"
         " note, data_json FROM ticket_events WHERE tenant_id = $1 AND ticket_id = $2"
         " ORDER BY id LIMIT 500");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, ticket_id);
    return store_collect(db, st, 500, sizeof **items, read_event, (void **)items, n);
}

void ticket_events_free(struct ticket_event *items, size_t n)
{
    for (size_t i = 0; items != NULL && i < n; i++)
        free(items[i].data_json);
    free(items);
}
