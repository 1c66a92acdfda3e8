/* SPDX-License-Identifier: MIT */
/* Corrective actions, attachments, notifications, recipients, the delivery outbox, and the
 * claims of the complaint jobs (survey alerts, SLA escalation) plus the rows the figures count.
 * Claims are conditional UPDATEs checked by row count, so two servers never take one row. */
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

static void bind_opt(struct db *db, struct db_stmt *st, int idx, int64_t v)
{
    if (v != 0)
        db_bind_i64(db, st, idx, v);
    else
        db_bind_null(db, st, idx);
}

/* ---- corrective actions ------------------------------------------------------------------ */

#define ACTION_COLS "id, tenant_id, ticket_id, store_id, department_id, title, owner_name," \
                    " owner_user_id, due_at, evidence, state, done_at, verified_at,"         \
                    " verified_by, verify_note, created_at, updated_at"

static void read_action(struct db *db, struct db_stmt *st, void *row)
{
    struct corrective_action *a = row;
    a->id = db_col_i64(db, st, 0);
    a->tenant_id = db_col_i64(db, st, 1);
    a->ticket_id = db_col_i64(db, st, 2);
    a->store_id = db_col_i64(db, st, 3);
    a->department_id = db_col_i64(db, st, 4);
    TXT(a->title, 5);
    TXT(a->owner_name, 6);
    a->owner_user_id = db_col_i64(db, st, 7);
    a->due_at = db_col_i64(db, st, 8);
    TXT(a->evidence, 9);
    TXT(a->state, 10);
    a->done_at = db_col_i64(db, st, 11);
    a->verified_at = db_col_i64(db, st, 12);
    a->verified_by = db_col_i64(db, st, 13);
    TXT(a->verify_note, 14);
    a->created_at = db_col_i64(db, st, 15);
    a->updated_at = db_col_i64(db, st, 16);
}

enum mn_status corrective_action_insert(struct db *db, struct corrective_action *a)
{
    PREP("INSERT INTO corrective_actions (tenant_id, ticket_id, store_id, department_id, title,"
         " owner_name, owner_user_id, due_at, evidence, state, created_at, updated_at)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id");
    a->created_at = a->updated_at = store_now();
    db_bind_i64(db, st, 1, a->tenant_id);
    db_bind_i64(db, st, 2, a->ticket_id);
    db_bind_i64(db, st, 3, a->store_id);
    db_bind_id_or_null(db, st, 4, a->department_id);
    db_bind_text(db, st, 5, a->title);
    db_bind_text(db, st, 6, a->owner_name);
    db_bind_id_or_null(db, st, 7, a->owner_user_id);
    db_bind_i64(db, st, 8, a->due_at);
    db_bind_text(db, st, 9, a->evidence);
    db_bind_text(db, st, 10, a->state);
    db_bind_i64(db, st, 11, a->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    a->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status corrective_action_get(struct db *db, int64_t tenant_id, int64_t id,
                                     struct corrective_action *out)
{
    PREP("SELECT " ACTION_COLS " FROM corrective_actions WHERE tenant_id = $1 AND id = $2");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_action(db, st, out);
    return store_finish(db, st);
}

enum mn_status corrective_action_update(struct db *db, struct corrective_action *a)
{
    PREP("UPDATE corrective_actions SET title = $3, owner_name = $4, owner_user_id = $5,"
         " due_at = $6, evidence = $7, state = $8, done_at = $9, verified_at = $10,"
         " verified_by = $11, verify_note = $12, updated_at = $13"
         " WHERE tenant_id = $1 AND id = $2");
    a->updated_at = store_now();
    db_bind_i64(db, st, 1, a->tenant_id);
    db_bind_i64(db, st, 2, a->id);
    db_bind_text(db, st, 3, a->title);
    db_bind_text(db, st, 4, a->owner_name);
    db_bind_id_or_null(db, st, 5, a->owner_user_id);
    db_bind_i64(db, st, 6, a->due_at);
    db_bind_text(db, st, 7, a->evidence);
    db_bind_text(db, st, 8, a->state);
    bind_opt(db, st, 9, a->done_at);
    bind_opt(db, st, 10, a->verified_at);
    db_bind_id_or_null(db, st, 11, a->verified_by);
    db_bind_text(db, st, 12, a->verify_note);
    db_bind_i64(db, st, 13, a->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status corrective_action_list(struct db *db, int64_t tenant_id,
                                      const struct action_query *q,
                                      struct corrective_action **items, size_t *n)
{
    PREP("SELECT " ACTION_COLS " FROM corrective_actions WHERE tenant_id = $1 AND id > $2"
         " AND (CAST($3 AS BIGINT) = 0 OR ticket_id = CAST($3 AS BIGINT))"
         " AND (CAST($4 AS BIGINT) = 0 OR store_id = CAST($4 AS BIGINT))"
         " AND (CAST($5 AS BIGINT) = 0 OR department_id = CAST($5 AS BIGINT))"
         " AND (CAST($6 AS BIGINT) = 0 OR state <> 'verified')"
         " AND (CAST($7 AS BIGINT) = 0"
         "      OR (state <> 'verified' AND due_at < CAST($7 AS BIGINT)))"
         " ORDER BY id LIMIT $8");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->ticket_id);
    db_bind_i64(db, st, 4, q->store_id);
    db_bind_i64(db, st, 5, q->department_id);
    db_bind_i64(db, st, 6, q->open_only ? 1 : 0);
    db_bind_i64(db, st, 7, q->overdue_at);
    db_bind_i64(db, st, 8, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_action, (void **)items, n);
}

/* ---- attachments ------------------------------------------------------------------------- */

static void read_attachment(struct db *db, struct db_stmt *st, void *row)
{
    struct ticket_attachment *a = row;
    a->id = db_col_i64(db, st, 0);
    a->tenant_id = db_col_i64(db, st, 1);
    a->ticket_id = db_col_i64(db, st, 2);
    TXT(a->filename, 3);
    TXT(a->content_type, 4);
    a->size_bytes = db_col_i64(db, st, 5);
    TXT(a->storage_key, 6);
    a->uploaded_by = db_col_i64(db, st, 7);
    a->created_at = db_col_i64(db, st, 8);
}

#define ATT_COLS "id, tenant_id, ticket_id, filename, content_type, size_bytes, storage_key," \
                 " uploaded_by, created_at"

enum mn_status ticket_attachment_insert(struct db *db, struct ticket_attachment *a)
{
    PREP("INSERT INTO ticket_attachments (tenant_id, ticket_id, filename, content_type,"
         " size_bytes, storage_key, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
         " $8) RETURNING id");
    a->created_at = store_now();
    db_bind_i64(db, st, 1, a->tenant_id);
    db_bind_i64(db, st, 2, a->ticket_id);
    db_bind_text(db, st, 3, a->filename);
    db_bind_text(db, st, 4, a->content_type);
    db_bind_i64(db, st, 5, a->size_bytes);
    db_bind_text(db, st, 6, a->storage_key);
    db_bind_id_or_null(db, st, 7, a->uploaded_by);
    db_bind_i64(db, st, 8, a->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    a->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status ticket_attachment_get(struct db *db, int64_t tenant_id, int64_t ticket_id,
                                     int64_t id, struct ticket_attachment *out)
{
    PREP("SELECT " ATT_COLS " FROM ticket_attachments WHERE tenant_id = $1 AND ticket_id = $2"
         " AND id = $3");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, ticket_id);
    db_bind_i64(db, st, 3, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_attachment(db, st, out);
    return store_finish(db, st);
}

enum mn_status ticket_attachment_list(struct db *db, int64_t tenant_id, int64_t ticket_id,
                                      struct ticket_attachment **items, size_t *n)
{
    PREP("SELECT " ATT_COLS " FROM ticket_attachments WHERE tenant_id = $1 AND ticket_id = $2"
         " ORDER BY id LIMIT 100");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, ticket_id);
    return store_collect(db, st, 100, sizeof **items, read_attachment, (void **)items, n);
}

/* ---- notifications ----------------------------------------------------------------------- */

enum mn_status notification_insert(struct db *db, struct notification *x)
{
    PREP("INSERT INTO notifications (tenant_id, user_id, kind, ticket_id, title, body,"
         " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
    db_bind_i64(db, st, 1, x->tenant_id);
    db_bind_i64(db, st, 2, x->user_id);
    db_bind_text(db, st, 3, x->kind);
    db_bind_id_or_null(db, st, 4, x->ticket_id);
    db_bind_text(db, st, 5, x->title);
    db_bind_text(db, st, 6, x->body);
    db_bind_i64(db, st, 7, x->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    x->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

static void read_notification(struct db *db, struct db_stmt *st, void *row)
{
    struct notification *x = row;
    x->id = db_col_i64(db, st, 0);
    x->tenant_id = db_col_i64(db, st, 1);
    x->user_id = db_col_i64(db, st, 2);
    TXT(x->kind, 3);
    x->ticket_id = db_col_i64(db, st, 4);
    TXT(x->title, 5);
    TXT(x->body, 6);
    x->created_at = db_col_i64(db, st, 7);
    x->read_at = db_col_i64(db, st, 8);
}

enum mn_status notification_list(struct db *db, int64_t tenant_id, int64_t user_id,
                                 int64_t before_id, int limit, bool unread_only,
                                 struct notification **items, size_t *n)
{
    PREP("SELECT id, tenant_id, user_id, kind, ticket_id, title, body, created_at, read_at"
         " FROM notifications WHERE tenant_id = $1 AND user_id = $2"
         " AND (CAST($3 AS BIGINT) = 0 OR id < CAST($3 AS BIGINT))"
         " AND (CAST($4 AS BIGINT) = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $5");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, user_id);
    db_bind_i64(db, st, 3, before_id);
    db_bind_i64(db, st, 4, unread_only ? 1 : 0);
    db_bind_i64(db, st, 5, limit);
    return store_collect(db, st, limit, sizeof **items, read_notification, (void **)items, n);
}

enum mn_status notification_mark_read(struct db *db, int64_t tenant_id, int64_t user_id,
                                      int64_t id, int64_t now)
{
    PREP("UPDATE notifications SET read_at = COALESCE(read_at, $4)"
         " WHERE tenant_id = $1 AND user_id = $2 AND id = $3");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, user_id);
    db_bind_i64(db, st, 3, id);
    db_bind_i64(db, st, 4, now);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status notification_unread_count(struct db *db, int64_t tenant_id, int64_t user_id,
                                         int64_t *n)
{
    PREP("SELECT COUNT(*) FROM notifications WHERE tenant_id = $1 AND user_id = $2"
         " AND read_at IS NULL");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, user_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *n = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

/* ---- recipients -------------------------------------------------------------------------- */

static void read_recipient(struct db *db, struct db_stmt *st, void *row)
{
    struct complaint_recipient *r = row;
    r->user_id = db_col_i64(db, st, 0);
    TXT(r->email, 1);
    TXT(r->display_name, 2);
    r->department_id = db_col_i64(db, st, 3);
    TXT(r->department_name, 4);
}

enum mn_status complaint_recipients(struct db *db, int64_t tenant_id, const char *role,
                                    int64_t store_id, struct complaint_recipient **items,
                                    size_t *n)
{
    /* a department manager's store is the store of their department */
    PREP("SELECT u.id, COALESCE(e.email, ''), u.display_name, COALESCE(u.department_id, 0),"
         " COALESCE(d.name, '') FROM users u LEFT JOIN employees e ON e.id = u.employee_id"
         " LEFT JOIN departments d ON d.id = u.department_id"
         " WHERE u.tenant_id = $1 AND u.role = $2 AND u.active = 1"
         " AND (CAST($3 AS BIGINT) = 0 OR u.store_id = CAST($3 AS BIGINT)"
         "      OR d.store_id = CAST($3 AS BIGINT)) ORDER BY u.id LIMIT 200");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, role);
    db_bind_i64(db, st, 3, store_id);
    return store_collect(db, st, 200, sizeof **items, read_recipient, (void **)items, n);
}

enum mn_status complaint_recipient_get(struct db *db, int64_t tenant_id, int64_t user_id,
                                       struct complaint_recipient *out, char role[16],
                                       int64_t *store_id)
{
    PREP("SELECT u.id, COALESCE(e.email, ''), u.display_name, COALESCE(u.department_id, 0),"
         " COALESCE(d.name, ''), u.role, COALESCE(d.store_id, u.store_id, 0), u.active"
         " FROM users u LEFT JOIN employees e ON e.id = u.employee_id"
         " LEFT JOIN departments d ON d.id = u.department_id"
         " WHERE u.tenant_id = $1 AND u.id = $2");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, user_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_recipient(db, st, out);
    store_copy_text(role, 16, db_col_i64(db, st, 7) ? db_col_text(db, st, 5) : "");
    *store_id = db_col_i64(db, st, 6);
    return store_finish(db, st);
}

/* ---- outbox ------------------------------------------------------------------------------ */

enum mn_status complaint_delivery_insert(struct db *db, struct complaint_delivery *d)
{
    PREP("INSERT INTO complaint_deliveries (tenant_id, channel, event, target, subject, payload,"
         " next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
    db_bind_i64(db, st, 1, d->tenant_id);
    db_bind_text(db, st, 2, d->channel);
    db_bind_text(db, st, 3, d->event);
    db_bind_text(db, st, 4, d->target);
    db_bind_text(db, st, 5, d->subject);
    db_bind_text(db, st, 6, d->payload);
    db_bind_i64(db, st, 7, d->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    d->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status complaint_delivery_due(struct db *db, int64_t now, int limit, int64_t *ids,
                                      size_t *n)
{
    PREP("SELECT id FROM complaint_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL"
         " AND next_attempt_at <= $1 AND locked_until <= $1 ORDER BY next_attempt_at, id"
         " LIMIT $2");
    db_bind_i64(db, st, 1, now);
    db_bind_i64(db, st, 2, limit);
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW)
        if (k < (size_t)limit)
            ids[k++] = db_col_i64(db, st, 0);
    *n = k;
    return r == DB_DONE ? MN_OK : (enum mn_status)r;
}

enum mn_status complaint_delivery_claim(struct db *db, int64_t id, int64_t now, int64_t lease,
                                        bool *claimed, struct complaint_delivery *out)
{
    *claimed = false;
    {
        PREP("UPDATE complaint_deliveries SET locked_until = $2, attempts = attempts + 1"
             " WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL"
             " AND next_attempt_at <= $3 AND locked_until <= $3");
        db_bind_i64(db, st, 1, id);
        db_bind_i64(db, st, 2, now + lease);
        db_bind_i64(db, st, 3, now);
        if ((rc = db_run(db, st)) != MN_OK)
            return rc;
        if (db_changes(db, st) != 1)
            return MN_OK;
    }
    PREP("SELECT id, tenant_id, channel, event, target, subject, payload, attempts,"
         " next_attempt_at, created_at FROM complaint_deliveries WHERE id = $1");
    db_bind_i64(db, st, 1, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    out->id = db_col_i64(db, st, 0);
    out->tenant_id = db_col_i64(db, st, 1);
    TXT(out->channel, 2);
    TXT(out->event, 3);
    TXT(out->target, 4);
    TXT(out->subject, 5);
    const char *p = db_col_text(db, st, 6);
    out->payload = strdup(p != NULL ? p : "");
    out->attempts = db_col_i64(db, st, 7);
    out->next_attempt_at = db_col_i64(db, st, 8);
    out->created_at = db_col_i64(db, st, 9);
    *claimed = out->payload != NULL;
    rc = store_finish(db, st);
    return out->payload != NULL ? rc : MN_ERR_NOMEM;
}

enum mn_status complaint_delivery_done(struct db *db, int64_t id, int64_t now, bool delivered,
                                       bool give_up, int64_t next_at, const char *error)
{
    PREP("UPDATE complaint_deliveries SET locked_until = 0,"
         " delivered_at = CASE WHEN CAST($2 AS BIGINT) = 1 THEN CAST($3 AS BIGINT) END,"
         " failed_at = CASE WHEN CAST($4 AS BIGINT) = 1 THEN CAST($3 AS BIGINT) END,"
         " next_attempt_at = $5, last_error = $6 WHERE id = $1");
    db_bind_i64(db, st, 1, id);
    db_bind_i64(db, st, 2, delivered ? 1 : 0);
    db_bind_i64(db, st, 3, now);
    db_bind_i64(db, st, 4, give_up && !delivered ? 1 : 0);
    db_bind_i64(db, st, 5, next_at);
    db_bind_text(db, st, 6, error != NULL ? error : "");
    return db_run(db, st);
}

void complaint_delivery_release(struct complaint_delivery *d)
{
    if (d != NULL) {
        free(d->payload);
        d->payload = NULL;
    }
}

/* ---- survey alerts ----------------------------------------------------------------------- */

enum mn_status complaint_alerts_pending(struct db *db, int limit, struct pending_alert *items,
                                        size_t *n)
{
    PREP("SELECT id, tenant_id, COALESCE(customer_id, 0), COALESCE(event_id, 0),"
         " COALESCE(store_id, 0), COALESCE(department_id, 0), COALESCE(survey_id, 0), reason,"
         " created_at FROM feedback_alerts WHERE consumed_at IS NULL AND kind = 'low_score'"
         " ORDER BY id LIMIT $1");
    db_bind_i64(db, st, 1, limit);
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW && k < (size_t)limit) {
        struct pending_alert *a = &items[k++];
        a->id = db_col_i64(db, st, 0);
        a->tenant_id = db_col_i64(db, st, 1);
        a->customer_id = db_col_i64(db, st, 2);
        a->event_id = db_col_i64(db, st, 3);
        a->store_id = db_col_i64(db, st, 4);
        a->department_id = db_col_i64(db, st, 5);
        a->survey_id = db_col_i64(db, st, 6);
        TXT(a->reason, 7);
        a->created_at = db_col_i64(db, st, 8);
    }
    *n = k;
    if (r == DB_ROW)
        return store_finish(db, st);
    return r == DB_DONE ? MN_OK : (enum mn_status)r;
}

enum mn_status complaint_alert_claim(struct db *db, int64_t tenant_id, int64_t id, int64_t now,
                                     int64_t ticket_id, bool *claimed)
{
    PREP("UPDATE feedback_alerts SET consumed_at = $3, ticket_id = $4"
         " WHERE tenant_id = $1 AND id = $2 AND consumed_at IS NULL");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, now);
    db_bind_id_or_null(db, st, 4, ticket_id);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    *claimed = db_changes(db, st) == 1;
    return MN_OK;
}

enum mn_status complaint_store_of(struct db *db, int64_t tenant_id, int64_t event_id,
                                  int64_t customer_id, int64_t *store_id)
{
    PREP("SELECT COALESCE((SELECT store_id FROM business_events WHERE tenant_id = $1 AND id = $2),"
         " (SELECT store_id FROM customers WHERE tenant_id = $1 AND id = $3), 0)");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, event_id);
    db_bind_i64(db, st, 3, customer_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *store_id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

/* ---- SLA job ----------------------------------------------------------------------------- */

enum mn_status ticket_sla_candidates(struct db *db, int64_t now, int limit,
                                     struct sla_candidate *items, size_t *n)
{
    PREP("SELECT id, tenant_id FROM tickets WHERE sla_due < $1 AND sla_level < 2"
         " AND state <> 'closed' ORDER BY sla_due, id LIMIT $2");
    db_bind_i64(db, st, 1, now);
    db_bind_i64(db, st, 2, limit);
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW && k < (size_t)limit) {
        items[k].id = db_col_i64(db, st, 0);
        items[k++].tenant_id = db_col_i64(db, st, 1);
    }
    *n = k;
    if (r == DB_ROW)
        return store_finish(db, st);
    return r == DB_DONE ? MN_OK : (enum mn_status)r;
}

enum mn_status ticket_sla_raise(struct db *db, int64_t tenant_id, int64_t id, int64_t old_level,
                                int64_t new_level, int64_t now, bool *claimed)
{
    PREP("UPDATE tickets SET sla_level = $4, updated_at = $5,"
         " escalation_level = CASE WHEN escalation_level < $4 THEN $4 ELSE escalation_level END"
         " WHERE tenant_id = $1 AND id = $2 AND sla_level = $3 AND state <> 'closed'");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, old_level);
    db_bind_i64(db, st, 4, new_level);
    db_bind_i64(db, st, 5, now);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    *claimed = db_changes(db, st) == 1;
    return MN_OK;
}

/* ---- figures ----------------------------------------------------------------------------- */

static void read_fact(struct db *db, struct db_stmt *st, void *row)
{
    struct ticket_fact_row *f = row;
    int64_t *v[] = {&f->store_id,        &f->department_id,      &f->category_id,
                    &f->created_at,      &f->first_response_due, &f->first_response_at,
                    &f->resolution_due,  &f->resolved_at,        &f->closed_at,
                    &f->verify_count,    &f->verify_satisfied,   &f->recomplaint_of};
    for (int i = 0; i < 12; i++)
        *v[i] = db_col_i64(db, st, i);
    f->open = db_col_i64(db, st, 12) != 0;
}

enum mn_status ticket_facts(struct db *db, int64_t tenant_id, int64_t from, int64_t to,
                            int64_t store_id, int64_t department_id, size_t cap,
                            struct ticket_fact_row **items, size_t *n)
{
    PREP("SELECT store_id, COALESCE(department_id, 0), category_id, created_at,"
         " first_response_due, COALESCE(first_response_at, 0), resolution_due,"
         " COALESCE(resolved_at, 0), COALESCE(closed_at, 0), verify_count, verify_satisfied,"
         " COALESCE(recomplaint_of, 0), CASE WHEN state = 'closed' THEN 0 ELSE 1 END"
         " FROM tickets WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3"
         " AND (CAST($4 AS BIGINT) = 0 OR store_id = CAST($4 AS BIGINT))"
         " AND (CAST($5 AS BIGINT) = 0 OR department_id = CAST($5 AS BIGINT))"
         " ORDER BY id LIMIT $6");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, from);
    db_bind_i64(db, st, 3, to);
    db_bind_i64(db, st, 4, store_id);
    db_bind_i64(db, st, 5, department_id);
    db_bind_i64(db, st, 6, (int64_t)cap);
    return store_collect(db, st, (int)cap, sizeof **items, read_fact, (void **)items, n);
}

static void read_event_count(struct db *db, struct db_stmt *st, void *row)
{
    struct event_count_row *e = row;
    e->store_id = db_col_i64(db, st, 0);
    e->department_id = db_col_i64(db, st, 1);
    e->occurred_at = db_col_i64(db, st, 2);
    e->n = db_col_i64(db, st, 3);
}

enum mn_status complaint_event_counts(struct db *db, int64_t tenant_id, int64_t from, int64_t to,
                                      int64_t store_id, int64_t department_id,
                                      struct event_count_row **items, size_t *n)
{
    /* grouped by store, department and day, so figures can split by any of them */
    PREP("SELECT store_id, COALESCE(department_id, 0), MIN(occurred_at), COUNT(*)"
         " FROM business_events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3"
         " AND (CAST($4 AS BIGINT) = 0 OR store_id = CAST($4 AS BIGINT))"
         " AND (CAST($5 AS BIGINT) = 0 OR department_id = CAST($5 AS BIGINT))"
         " GROUP BY store_id, COALESCE(department_id, 0), occurred_on LIMIT 20000");
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, from);
    db_bind_i64(db, st, 3, to);
    db_bind_i64(db, st, 4, store_id);
    db_bind_i64(db, st, 5, department_id);
    return store_collect(db, st, 20000, sizeof **items, read_event_count, (void **)items, n);
}
