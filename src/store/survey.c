/* SPDX-License-Identifier: MIT */
/* The survey aggregate's SQL, written once for SQLite and PostgreSQL ($n placeholders, CAST for
 * optional filters, RETURNING, ON CONFLICT). See store/survey.h for the contracts. */
#include "store/survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/org.h"

#define TRY(expr)                                                                              \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

static char *dup_text(const char *s)
{
    return strdup(s != NULL ? s : "");
}

/* Runs an INSERT … RETURNING id and reads the id. */
static enum mn_status insert_returning(struct db *db, struct db_stmt *st, int64_t *id)
{
    enum mn_status rc = store_step_one(db, st);
    if (rc != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    *id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

/* Steps every row of st into a growing array via read(). */
#define COLLECT(T, read_fn, items, n, limit)                                                   \
    do {                                                                                       \
        size_t cap_ = 16, k_ = 0;                                                              \
        T *arr_ = calloc(cap_, sizeof *arr_);                                                  \
        int r_;                                                                                \
        if (arr_ == NULL)                                                                      \
            return MN_ERR_NOMEM;                                                               \
        while ((r_ = db_step(db, st)) == DB_ROW) {                                             \
            if (k_ == cap_) {                                                                  \
                T *g_ = realloc(arr_, 2 * cap_ * sizeof *arr_);                                \
                if (g_ == NULL) {                                                              \
                    free(arr_);                                                                \
                    return MN_ERR_NOMEM;                                                       \
                }                                                                              \
                memset(g_ + cap_, 0, cap_ * sizeof *arr_);                                     \
                arr_ = g_;                                                                     \
                cap_ *= 2;                                                                     \
            }                                                                                  \
            read_fn(db, st, &arr_[k_++]);                                                      \
            if ((limit) > 0 && k_ >= (size_t)(limit))                                          \
                break;                                                                         \
        }                                                                                      \
        if (r_ != DB_DONE && r_ != DB_ROW) {                                                   \
            free(arr_);                                                                        \
            return (enum mn_status)r_;                                                         \
        }                                                                                      \
        if (r_ == DB_ROW)                                                                      \
            store_finish(db, st);                                                              \
        *(items) = arr_;                                                                       \
        *(n) = k_;                                                                             \
    } while (0)

/* --- surveys --------------------------------------------------------------------------------- */

#define SURVEY_COLS "id, tenant_id, name, template, status, current_version, draft_dirty, " \
                    "created_at, updated_at"

static void read_survey(struct db *db, struct db_stmt *st, struct survey_row *s)
{
    s->id = db_col_i64(db, st, 0);
    s->tenant_id = db_col_i64(db, st, 1);
    store_copy_text(s->name, sizeof s->name, db_col_text(db, st, 2));
    store_copy_text(s->template_name, sizeof s->template_name, db_col_text(db, st, 3));
    store_copy_text(s->status, sizeof s->status, db_col_text(db, st, 4));
    s->current_version = db_col_i64(db, st, 5);
    s->draft_dirty = (int)db_col_i64(db, st, 6);
    s->created_at = db_col_i64(db, st, 7);
    s->updated_at = db_col_i64(db, st, 8);
}

void survey_row_release(struct survey_row *s)
{
    if (s != NULL) {
        free(s->draft_json);
        s->draft_json = NULL;
    }
}

enum mn_status surveys_insert(struct db *db, struct survey_row *s)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO surveys (tenant_id, name, template, status, draft_json,"
                       " current_version, draft_dirty, created_at, updated_at)"
                       " VALUES ($1, $2, $3, $4, $5, 0, 1, $6, $6) RETURNING id", &st));
    s->created_at = s->updated_at = store_now();
    s->draft_dirty = 1;
    db_bind_i64(db, st, 1, s->tenant_id);
    db_bind_text(db, st, 2, s->name);
    db_bind_text(db, st, 3, s->template_name);
    db_bind_text(db, st, 4, s->status[0] != '\0' ? s->status : "draft");
    db_bind_text(db, st, 5, s->draft_json);
    db_bind_i64(db, st, 6, s->created_at);
    return insert_returning(db, st, &s->id);
}

enum mn_status surveys_get(struct db *db, int64_t tenant_id, int64_t id, struct survey_row *out)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " SURVEY_COLS ", draft_json FROM surveys"
                       " WHERE tenant_id = $1 AND id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    TRY(store_step_one(db, st));
    memset(out, 0, sizeof *out);
    read_survey(db, st, out);
    out->draft_json = dup_text(db_col_text(db, st, 9));
    return store_finish(db, st);
}

enum mn_status surveys_update(struct db *db, struct survey_row *s)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE surveys SET name = $3, status = $4, draft_json = $5,"
                       " current_version = $6, draft_dirty = $7, updated_at = $8"
                       " WHERE tenant_id = $1 AND id = $2", &st));
    s->updated_at = store_now();
    db_bind_i64(db, st, 1, s->tenant_id);
    db_bind_i64(db, st, 2, s->id);
    db_bind_text(db, st, 3, s->name);
    db_bind_text(db, st, 4, s->status);
    db_bind_text(db, st, 5, s->draft_json);
    db_bind_i64(db, st, 6, s->current_version);
    db_bind_i64(db, st, 7, s->draft_dirty);
    db_bind_i64(db, st, 8, s->updated_at);
    TRY(db_run(db, st));
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status surveys_list(struct db *db, int64_t tenant_id, int64_t after, int limit,
                            struct survey_row **items, size_t *n)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " SURVEY_COLS " FROM surveys WHERE tenant_id = $1 AND id > $2"
                       " ORDER BY id LIMIT $3", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, after);
    db_bind_i64(db, st, 3, limit);
    COLLECT(struct survey_row, read_survey, items, n, limit);
    return MN_OK;
}

enum mn_status survey_versions_insert(struct db *db, int64_t tenant_id, int64_t survey_id,
                                      int64_t version, const char *def_json, const char *by,
                                      int64_t *published_at)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO survey_versions (tenant_id, survey_id, version,"
                       " definition_json, published_at, published_by)"
                       " VALUES ($1, $2, $3, $4, $5, $6)", &st));
    *published_at = store_now();
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    db_bind_i64(db, st, 3, version);
    db_bind_text(db, st, 4, def_json);
    db_bind_i64(db, st, 5, *published_at);
    db_bind_text(db, st, 6, by);
    return db_run(db, st);
}

enum mn_status survey_versions_get(struct db *db, int64_t tenant_id, int64_t survey_id,
                                   int64_t version, char **def_json, int64_t *published_at)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT definition_json, published_at FROM survey_versions"
                       " WHERE tenant_id = $1 AND survey_id = $2 AND version = $3", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    db_bind_i64(db, st, 3, version);
    TRY(store_step_one(db, st));
    *def_json = dup_text(db_col_text(db, st, 0));
    if (published_at != NULL)
        *published_at = db_col_i64(db, st, 1);
    return store_finish(db, st);
}

/* --- links ----------------------------------------------------------------------------------- */

#define LINK_COLS "id, tenant_id, survey_id, kind, link_key, store_id, touchpoint, label, " \
                  "active, created_at"

static void read_link(struct db *db, struct db_stmt *st, struct survey_link *l)
{
    l->id = db_col_i64(db, st, 0);
    l->tenant_id = db_col_i64(db, st, 1);
    l->survey_id = db_col_i64(db, st, 2);
    store_copy_text(l->kind, sizeof l->kind, db_col_text(db, st, 3));
    store_copy_text(l->key, sizeof l->key, db_col_text(db, st, 4));
    l->store_id = db_col_i64(db, st, 5);
    store_copy_text(l->touchpoint, sizeof l->touchpoint, db_col_text(db, st, 6));
    store_copy_text(l->label, sizeof l->label, db_col_text(db, st, 7));
    l->active = (int)db_col_i64(db, st, 8);
    l->created_at = db_col_i64(db, st, 9);
}

enum mn_status survey_links_insert(struct db *db, struct survey_link *l)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO survey_links (tenant_id, survey_id, kind, link_key, store_id,"
                       " touchpoint, label, active, created_at)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id", &st));
    l->created_at = store_now();
    l->active = 1;
    db_bind_i64(db, st, 1, l->tenant_id);
    db_bind_i64(db, st, 2, l->survey_id);
    db_bind_text(db, st, 3, l->kind);
    db_bind_text(db, st, 4, l->key);
    db_bind_id_or_null(db, st, 5, l->store_id);
    db_bind_text(db, st, 6, l->touchpoint);
    db_bind_text(db, st, 7, l->label);
    db_bind_i64(db, st, 8, l->created_at);
    return insert_returning(db, st, &l->id);
}

enum mn_status survey_links_get(struct db *db, int64_t tenant_id, int64_t id,
                                struct survey_link *out)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " LINK_COLS " FROM survey_links WHERE tenant_id = $1 AND id = $2",
                   &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    TRY(store_step_one(db, st));
    read_link(db, st, out);
    return store_finish(db, st);
}

enum mn_status survey_links_by_key(struct db *db, const char *key, struct survey_link *out)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " LINK_COLS " FROM survey_links WHERE link_key = $1", &st));
    db_bind_text(db, st, 1, key);
    TRY(store_step_one(db, st));
    read_link(db, st, out);
    return store_finish(db, st);
}

enum mn_status survey_links_list(struct db *db, int64_t tenant_id, int64_t survey_id,
                                 struct survey_link **items, size_t *n)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " LINK_COLS " FROM survey_links WHERE tenant_id = $1"
                       " AND survey_id = $2 ORDER BY id LIMIT 1000", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    COLLECT(struct survey_link, read_link, items, n, 1000);
    return MN_OK;
}

/* --- invitations ----------------------------------------------------------------------------- */

#define INV_COLS "id, tenant_id, survey_id, token_hash, channel, recipient, customer_id, " \
                 "event_id, store_id, department_id, employee_id, lang, status, expires_at, " \
                 "sent_at, reminders, last_sent_at, responded_at, created_at, token_sealed"

static void read_inv(struct db *db, struct db_stmt *st, struct survey_invitation *v)
{
    v->id = db_col_i64(db, st, 0);
    v->tenant_id = db_col_i64(db, st, 1);
    v->survey_id = db_col_i64(db, st, 2);
    store_copy_text(v->token_hash, sizeof v->token_hash, db_col_text(db, st, 3));
    store_copy_text(v->channel, sizeof v->channel, db_col_text(db, st, 4));
    store_copy_text(v->recipient, sizeof v->recipient, db_col_text(db, st, 5));
    v->customer_id = db_col_i64(db, st, 6);
    v->event_id = db_col_i64(db, st, 7);
    v->store_id = db_col_i64(db, st, 8);
    v->department_id = db_col_i64(db, st, 9);
    v->employee_id = db_col_i64(db, st, 10);
    store_copy_text(v->lang, sizeof v->lang, db_col_text(db, st, 11));
    store_copy_text(v->status, sizeof v->status, db_col_text(db, st, 12));
    v->expires_at = db_col_i64(db, st, 13);
    v->sent_at = db_col_i64(db, st, 14);
    v->reminders = db_col_i64(db, st, 15);
    v->last_sent_at = db_col_i64(db, st, 16);
    v->responded_at = db_col_i64(db, st, 17);
    v->created_at = db_col_i64(db, st, 18);
    store_copy_text(v->token_sealed, sizeof v->token_sealed, db_col_text(db, st, 19));
    v->partial_json = NULL;
}

enum mn_status survey_invitations_insert(struct db *db, struct survey_invitation *v)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO survey_invitations (tenant_id, survey_id, token_hash, channel,"
                       " recipient, customer_id, event_id, store_id, department_id, employee_id,"
                       " lang, status, expires_at, created_at, token_sealed) VALUES ($1, $2, $3,"
                       " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id", &st));
    v->created_at = store_now();
    db_bind_i64(db, st, 1, v->tenant_id);
    db_bind_i64(db, st, 2, v->survey_id);
    db_bind_text(db, st, 3, v->token_hash);
    db_bind_text(db, st, 4, v->channel);
    db_bind_text(db, st, 5, v->recipient);
    db_bind_id_or_null(db, st, 6, v->customer_id);
    db_bind_id_or_null(db, st, 7, v->event_id);
    db_bind_id_or_null(db, st, 8, v->store_id);
    db_bind_id_or_null(db, st, 9, v->department_id);
    db_bind_id_or_null(db, st, 10, v->employee_id);
    db_bind_text(db, st, 11, v->lang);
    db_bind_text(db, st, 12, v->status);
    db_bind_i64(db, st, 13, v->expires_at);
    db_bind_i64(db, st, 14, v->created_at);
    db_bind_text(db, st, 15, v->token_sealed);
    return insert_returning(db, st, &v->id);
}

enum mn_status survey_invitations_by_hash(struct db *db, const char *hash,
                                          struct survey_invitation *out)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " INV_COLS ", partial_json FROM survey_invitations"
                       " WHERE token_hash = $1", &st));
    db_bind_text(db, st, 1, hash);
    TRY(store_step_one(db, st));
    read_inv(db, st, out);
    out->partial_json = dup_text(db_col_text(db, st, 20));
    return store_finish(db, st);
}

enum mn_status survey_invitations_list(struct db *db, int64_t tenant_id, int64_t survey_id,
                                       int64_t store_id, int64_t after, int limit,
                                       struct survey_invitation **items, size_t *n)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " INV_COLS " FROM survey_invitations WHERE tenant_id = $1"
                       " AND survey_id = $2 AND id > $3"
                       " AND (CAST($4 AS BIGINT) = 0 OR store_id = CAST($4 AS BIGINT))"
                       " ORDER BY id LIMIT $5", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    db_bind_i64(db, st, 3, after);
    db_bind_i64(db, st, 4, store_id);
    db_bind_i64(db, st, 5, limit);
    COLLECT(struct survey_invitation, read_inv, items, n, limit);
    return MN_OK;
}

enum mn_status survey_invitations_save_partial(struct db *db, int64_t tenant_id, int64_t id,
                                               const char *json)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET partial_json = $3,"
                       " status = CASE WHEN status IN ('pending', 'sent') THEN 'opened'"
                       " ELSE status END WHERE tenant_id = $1 AND id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_text(db, st, 3, json);
    return db_run(db, st);
}

enum mn_status survey_invitations_set_status(struct db *db, int64_t tenant_id, int64_t id,
                                             const char *status)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET status = $3 WHERE tenant_id = $1"
                       " AND id = $2 AND status NOT IN ('responded', 'revoked')", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_text(db, st, 3, status);
    return db_run(db, st);
}

enum mn_status survey_invitations_get(struct db *db, int64_t tenant_id, int64_t id,
                                      struct survey_invitation *out)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " INV_COLS " FROM survey_invitations WHERE tenant_id = $1"
                       " AND id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    TRY(store_step_one(db, st));
    read_inv(db, st, out);
    return store_finish(db, st);
}

enum mn_status survey_invitations_revoke(struct db *db, int64_t tenant_id, int64_t id)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET status = 'revoked', token_sealed = '',"
                       " partial_json = '[]' WHERE tenant_id = $1 AND id = $2"
                       " AND status <> 'responded'", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    TRY(db_run(db, st));
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_CONFLICT;
}

enum mn_status survey_invitations_mark_responded(struct db *db, int64_t tenant_id, int64_t id,
                                                 int64_t now)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET status = 'responded', responded_at = $3,"
                       " partial_json = '[]' WHERE tenant_id = $1 AND id = $2"
                       " AND status NOT IN ('responded', 'revoked') AND expires_at > $3", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, now);
    TRY(db_run(db, st));
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_CONFLICT;
}

enum mn_status survey_invitations_due(struct db *db, int64_t now, int64_t remind_after,
                                      int max_reminders, int limit,
                                      struct survey_invitation **items, size_t *n)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " INV_COLS " FROM survey_invitations"
                       " WHERE channel IN ('sms', 'email') AND expires_at > $1 AND"
                       " ((status = 'pending' AND last_sent_at IS NULL) OR"
                       "  (status IN ('sent', 'opened') AND last_sent_at <= $2 AND reminders < $3))"
                       " ORDER BY id LIMIT $4", &st));
    db_bind_i64(db, st, 1, now);
    db_bind_i64(db, st, 2, now - remind_after);
    db_bind_i64(db, st, 3, max_reminders);
    db_bind_i64(db, st, 4, limit);
    COLLECT(struct survey_invitation, read_inv, items, n, limit);
    return MN_OK;
}

enum mn_status survey_invitations_mark_sent(struct db *db, int64_t tenant_id, int64_t id,
                                            int64_t now, bool reminder)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET last_sent_at = $3,"
                       " sent_at = COALESCE(sent_at, $3), reminders = reminders + $4,"
                       " status = CASE WHEN status = 'pending' THEN 'sent' ELSE status END"
                       " WHERE tenant_id = $1 AND id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, now);
    db_bind_i64(db, st, 4, reminder ? 1 : 0);
    return db_run(db, st);
}

enum mn_status survey_invitations_claim(struct db *db, int64_t tenant_id, int64_t id,
                                        int64_t prev, int64_t now)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET last_sent_at = $4 WHERE tenant_id = $1"
                       " AND id = $2 AND COALESCE(last_sent_at, 0) = $3"
                       " AND status IN ('pending', 'sent', 'opened')", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, prev);
    db_bind_i64(db, st, 4, now);
    TRY(db_run(db, st));
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_CONFLICT;
}

enum mn_status survey_invitations_unclaim(struct db *db, int64_t tenant_id, int64_t id,
                                          int64_t prev)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "UPDATE survey_invitations SET last_sent_at = CAST($3 AS BIGINT)"
                       " WHERE tenant_id = $1 AND id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if (prev != 0)
        db_bind_i64(db, st, 3, prev);
    else
        db_bind_null(db, st, 3);
    return db_run(db, st);
}

enum mn_status survey_optouts_add(struct db *db, int64_t tenant_id, const char *recipient)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO survey_optouts (tenant_id, recipient, created_at)"
                       " VALUES ($1, $2, $3) ON CONFLICT (tenant_id, recipient) DO NOTHING", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, recipient);
    db_bind_i64(db, st, 3, store_now());
    return db_run(db, st);
}

bool survey_optouts_has(struct db *db, int64_t tenant_id, const char *recipient)
{
    struct db_stmt *st;
    if (db_prepare(db, "SELECT 1 FROM survey_optouts WHERE tenant_id = $1 AND recipient = $2",
                   &st) != MN_OK)
        return false;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, recipient);
    bool has = store_step_one(db, st) == MN_OK;
    if (has)
        store_finish(db, st);
    return has;
}

enum mn_status survey_channel_counts(struct db *db, int64_t tenant_id, int64_t survey_id,
                                     int64_t store_id, struct channel_count *out, size_t cap,
                                     size_t *n)
{
    struct db_stmt *st;
    *n = 0;
    TRY(db_prepare(db, "SELECT channel, COUNT(*),"
                       " SUM(CASE WHEN sent_at IS NOT NULL OR channel = 'link' THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN status = 'responded' THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN status = 'opted_out' THEN 1 ELSE 0 END)"
                       " FROM survey_invitations WHERE tenant_id = $1 AND survey_id = $2"
                       " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"
                       " GROUP BY channel ORDER BY channel", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    db_bind_i64(db, st, 3, store_id);
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (*n >= cap)
            continue;
        struct channel_count *c = &out[(*n)++];
        memset(c, 0, sizeof *c);
        store_copy_text(c->channel, sizeof c->channel, db_col_text(db, st, 0));
        c->invited = db_col_i64(db, st, 1);
        c->sent = db_col_i64(db, st, 2);
        c->responded = db_col_i64(db, st, 3);
        c->opted_out = db_col_i64(db, st, 4);
    }
    return r == DB_DONE ? MN_OK : (enum mn_status)r;
}

/* --- responses ------------------------------------------------------------------------------- */

#define RESP_COLS "id, tenant_id, survey_id, version, channel, invitation_id, link_id, " \
    "customer_id, event_id, followup_task_id, store_id, department_id, employee_id, touchpoint, " \
    "day, answers_json, nps_score, nps_category, rated_n, top2_n, derived_json, alert, " \
    "dedupe_key, submitted_by, submitted_at"

static void read_resp(struct db *db, struct db_stmt *st, struct survey_response_row *r)
{
    r->id = db_col_i64(db, st, 0);
    r->tenant_id = db_col_i64(db, st, 1);
    r->survey_id = db_col_i64(db, st, 2);
    r->version = db_col_i64(db, st, 3);
    store_copy_text(r->channel, sizeof r->channel, db_col_text(db, st, 4));
    r->invitation_id = db_col_i64(db, st, 5);
    r->link_id = db_col_i64(db, st, 6);
    r->customer_id = db_col_i64(db, st, 7);
    r->event_id = db_col_i64(db, st, 8);
    r->followup_task_id = db_col_i64(db, st, 9);
    r->store_id = db_col_i64(db, st, 10);
    r->department_id = db_col_i64(db, st, 11);
    r->employee_id = db_col_i64(db, st, 12);
    store_copy_text(r->touchpoint, sizeof r->touchpoint, db_col_text(db, st, 13));
    store_copy_text(r->day, sizeof r->day, db_col_text(db, st, 14));
    r->answers_json = dup_text(db_col_text(db, st, 15));
    r->has_nps = !db_col_is_null(db, st, 16);
    r->nps_score = db_col_i64(db, st, 16);
    r->nps_category = db_col_i64(db, st, 17);
    r->rated_n = db_col_i64(db, st, 18);
    r->top2_n = db_col_i64(db, st, 19);
    r->derived_json = dup_text(db_col_text(db, st, 20));
    r->alert = db_col_i64(db, st, 21);
    store_copy_text(r->dedupe_key, sizeof r->dedupe_key, db_col_text(db, st, 22));
    r->submitted_by = db_col_i64(db, st, 23);
    r->submitted_at = db_col_i64(db, st, 24);
}

void survey_response_row_release(struct survey_response_row *r)
{
    if (r == NULL)
        return;
    free(r->answers_json);
    free(r->derived_json);
    r->answers_json = r->derived_json = NULL;
}

enum mn_status survey_responses_insert(struct db *db, struct survey_response_row *r)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO survey_responses (tenant_id, survey_id, version, channel,"
        " invitation_id, link_id, customer_id, event_id, followup_task_id, store_id, department_id,"
        " employee_id, touchpoint, day, answers_json, nps_score, nps_category, rated_n, top2_n,"
        " derived_json, alert, dedupe_key, submitted_by, submitted_at) VALUES ($1, $2, $3, $4,"
        " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
        " $23, $24) ON CONFLICT DO NOTHING RETURNING id", &st));
    db_bind_i64(db, st, 1, r->tenant_id);
    db_bind_i64(db, st, 2, r->survey_id);
    db_bind_i64(db, st, 3, r->version);
    db_bind_text(db, st, 4, r->channel);
    db_bind_id_or_null(db, st, 5, r->invitation_id);
    db_bind_id_or_null(db, st, 6, r->link_id);
    db_bind_id_or_null(db, st, 7, r->customer_id);
    db_bind_id_or_null(db, st, 8, r->event_id);
    db_bind_id_or_null(db, st, 9, r->followup_task_id);
    db_bind_id_or_null(db, st, 10, r->store_id);
    db_bind_id_or_null(db, st, 11, r->department_id);
    db_bind_id_or_null(db, st, 12, r->employee_id);
    db_bind_text(db, st, 13, r->touchpoint);
    db_bind_text(db, st, 14, r->day);
    db_bind_text(db, st, 15, r->answers_json);
    if (r->has_nps) {
        db_bind_i64(db, st, 16, r->nps_score);
        db_bind_i64(db, st, 17, r->nps_category);
    } else {
        db_bind_null(db, st, 16);
        db_bind_null(db, st, 17);
    }
    db_bind_i64(db, st, 18, r->rated_n);
    db_bind_i64(db, st, 19, r->top2_n);
    db_bind_text(db, st, 20, r->derived_json);
    db_bind_i64(db, st, 21, r->alert);
    db_bind_text(db, st, 22, r->dedupe_key[0] != '\0' ? r->dedupe_key : NULL);
    db_bind_id_or_null(db, st, 23, r->submitted_by);
    db_bind_i64(db, st, 24, r->submitted_at);
    /* no row back: the unique invitation or dedupe key is taken (nothing was written) */
    enum mn_status rc = store_step_one(db, st);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_ERR_CONFLICT;
    if (rc != MN_OK)
        return rc;
    r->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status survey_responses_get(struct db *db, int64_t tenant_id, int64_t id,
                                    struct survey_response_row *out)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " RESP_COLS " FROM survey_responses WHERE tenant_id = $1"
                       " AND id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    TRY(store_step_one(db, st));
    read_resp(db, st, out);
    return store_finish(db, st);
}

enum mn_status survey_responses_list(struct db *db, int64_t tenant_id, int64_t survey_id,
                                     int64_t store_id, int64_t department_id, int64_t before,
                                     int limit, struct survey_response_row **items, size_t *n)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "SELECT " RESP_COLS " FROM survey_responses WHERE tenant_id = $1"
                       " AND survey_id = $2 AND (CAST($3 AS BIGINT) = 0 OR id < CAST($3 AS BIGINT))"
                       " AND (CAST($4 AS BIGINT) = 0 OR store_id = CAST($4 AS BIGINT))"
                       " AND (CAST($5 AS BIGINT) = 0 OR department_id = CAST($5 AS BIGINT))"
                       " ORDER BY id DESC LIMIT $6", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    db_bind_i64(db, st, 3, before);
    db_bind_i64(db, st, 4, store_id);
    db_bind_i64(db, st, 5, department_id);
    db_bind_i64(db, st, 6, limit);
    COLLECT(struct survey_response_row, read_resp, items, n, limit);
    return MN_OK;
}

enum mn_status survey_responses_walk(struct db *db, int64_t tenant_id, int64_t survey_id,
                                     response_visit_fn fn, void *arg)
{
    struct db_stmt *st;
    int64_t after = 0;
    for (;;) {
        TRY(db_prepare(db, "SELECT " RESP_COLS " FROM survey_responses WHERE tenant_id = $1"
                           " AND survey_id = $2 AND id > $3 ORDER BY id LIMIT 2000", &st));
        db_bind_i64(db, st, 1, tenant_id);
        db_bind_i64(db, st, 2, survey_id);
        db_bind_i64(db, st, 3, after);
        struct survey_response_row *rows = NULL;
        size_t n = 0;
        COLLECT(struct survey_response_row, read_resp, &rows, &n, 2000);
        enum mn_status rc = MN_OK;
        for (size_t i = 0; i < n; i++) {
            if (rc == MN_OK)
                rc = fn(arg, &rows[i]);
            survey_response_row_release(&rows[i]);
        }
        if (n > 0)
            after = rows[n - 1].id;
        free(rows);
        if (rc != MN_OK)
            return rc;
        if (n < 2000)
            return MN_OK;
    }
}

/* --- rollups --------------------------------------------------------------------------------- */

#define DIMCOLS(d) "p" #d ", pn" #d ", e" #d ", en" #d ", g" #d ", gn" #d
#define DIMUPD(d) "p" #d " = survey_rollups.p" #d " + excluded.p" #d ", pn" #d                 \
    " = survey_rollups.pn" #d " + excluded.pn" #d ", e" #d " = survey_rollups.e" #d            \
    " + excluded.e" #d ", en" #d " = survey_rollups.en" #d " + excluded.en" #d ", g" #d        \
    " = survey_rollups.g" #d " + excluded.g" #d ", gn" #d " = survey_rollups.gn" #d            \
    " + excluded.gn" #d
#define DIMSUM(d) ", SUM(p" #d "), SUM(pn" #d "), SUM(e" #d "), SUM(en" #d "), SUM(g" #d       \
    "), SUM(gn" #d ")"

enum mn_status survey_rollups_add(struct db *db, const struct rollup_key *k,
                                  const struct figures_sums *s,
                                  const struct servqual_points_acc *pts)
{
    static const struct servqual_points_acc none = {{0}, 0};
    if (pts == NULL)
        pts = &none;
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO survey_rollups (tenant_id, survey_id, day, store_id,"
        " department_id, employee_id, touchpoint, channel, n, promoters, passives, detractors,"
        " rated_n, top2_n, alerts, " DIMCOLS(0) ", " DIMCOLS(1) ", " DIMCOLS(2) ", " DIMCOLS(3)
        ", " DIMCOLS(4) ", w_n, w0, w1, w2, w3, w4) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
        " $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31,"
        " $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49,"
        " $50, $51)"
        " ON CONFLICT (tenant_id, survey_id, day, store_id, department_id, employee_id,"
        " touchpoint, channel) DO UPDATE SET n = survey_rollups.n + excluded.n,"
        " promoters = survey_rollups.promoters + excluded.promoters,"
        " passives = survey_rollups.passives + excluded.passives,"
        " detractors = survey_rollups.detractors + excluded.detractors,"
        " rated_n = survey_rollups.rated_n + excluded.rated_n,"
        " top2_n = survey_rollups.top2_n + excluded.top2_n,"
        " alerts = survey_rollups.alerts + excluded.alerts, " DIMUPD(0) ", " DIMUPD(1) ", "
        DIMUPD(2) ", " DIMUPD(3) ", " DIMUPD(4) ", w_n = survey_rollups.w_n + excluded.w_n,"
        " w0 = survey_rollups.w0 + excluded.w0, w1 = survey_rollups.w1 + excluded.w1,"
        " w2 = survey_rollups.w2 + excluded.w2, w3 = survey_rollups.w3 + excluded.w3,"
        " w4 = survey_rollups.w4 + excluded.w4", &st));
    db_bind_i64(db, st, 1, k->tenant_id);
    db_bind_i64(db, st, 2, k->survey_id);
    db_bind_text(db, st, 3, k->day);
    db_bind_i64(db, st, 4, k->store_id);
    db_bind_i64(db, st, 5, k->department_id);
    db_bind_i64(db, st, 6, k->employee_id);
    db_bind_text(db, st, 7, k->touchpoint);
    db_bind_text(db, st, 8, k->channel);
    db_bind_i64(db, st, 9, s->n);
    db_bind_i64(db, st, 10, s->promoters);
    db_bind_i64(db, st, 11, s->passives);
    db_bind_i64(db, st, 12, s->detractors);
    db_bind_i64(db, st, 13, s->rated_n);
    db_bind_i64(db, st, 14, s->top2_n);
    db_bind_i64(db, st, 15, s->alerts);
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++) {
        const struct servqual_dim_sums *x = &s->dims[d];
        int b = 16 + d * 6;
        db_bind_double(db, st, b, x->p_sum);
        db_bind_i64(db, st, b + 1, x->p_n);
        db_bind_double(db, st, b + 2, x->e_sum);
        db_bind_i64(db, st, b + 3, x->e_n);
        db_bind_double(db, st, b + 4, x->gap_sum);
        db_bind_i64(db, st, b + 5, x->gap_n);
    }
    db_bind_i64(db, st, 46, pts->n);
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++)
        db_bind_i64(db, st, 47 + d, pts->sum[d]);
    return db_run(db, st);
}

enum mn_status survey_rollups_clear(struct db *db, int64_t tenant_id, int64_t survey_id)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "DELETE FROM survey_rollups WHERE tenant_id = $1 AND survey_id = $2", &st));
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, survey_id);
    return db_run(db, st);
}

#define SUM_SELECT "COALESCE(SUM(n), 0), COALESCE(SUM(promoters), 0), COALESCE(SUM(passives), 0)," \
    " COALESCE(SUM(detractors), 0), COALESCE(SUM(rated_n), 0), COALESCE(SUM(top2_n), 0),"    \
    " COALESCE(SUM(alerts), 0)" DIMSUM(0) DIMSUM(1) DIMSUM(2) DIMSUM(3) DIMSUM(4)               \
    ", COALESCE(SUM(w_n), 0), COALESCE(SUM(w0), 0), COALESCE(SUM(w1), 0), COALESCE(SUM(w2), 0),"  \
    " COALESCE(SUM(w3), 0), COALESCE(SUM(w4), 0)"
#define SUM_WHERE " FROM survey_rollups WHERE tenant_id = $1 AND survey_id = $2"               \
    " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"                          \
    " AND (CAST($4 AS BIGINT) = 0 OR department_id = CAST($4 AS BIGINT))"                     \
    " AND (CAST($5 AS BIGINT) = 0 OR employee_id = CAST($5 AS BIGINT))"                       \
    " AND ($6 = '' OR day >= $6) AND ($7 = '' OR day <= $7) AND ($8 = '' OR channel = $8)"

static void read_sums(struct db *db, struct db_stmt *st, int at, struct figures_sums *s)
{
    s->n = db_col_i64(db, st, at);
    s->promoters = db_col_i64(db, st, at + 1);
    s->passives = db_col_i64(db, st, at + 2);
    s->detractors = db_col_i64(db, st, at + 3);
    s->rated_n = db_col_i64(db, st, at + 4);
    s->top2_n = db_col_i64(db, st, at + 5);
    s->alerts = db_col_i64(db, st, at + 6);
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++) {
        int b = at + 7 + d * 6;
        s->dims[d].p_sum = db_col_double(db, st, b);
        s->dims[d].p_n = db_col_i64(db, st, b + 1);
        s->dims[d].e_sum = db_col_double(db, st, b + 2);
        s->dims[d].e_n = db_col_i64(db, st, b + 3);
        s->dims[d].gap_sum = db_col_double(db, st, b + 4);
        s->dims[d].gap_n = db_col_i64(db, st, b + 5);
    }
}

static void read_group(struct db *db, struct db_stmt *st, struct rollup_group *g)
{
    store_copy_text(g->key, sizeof g->key, db_col_text(db, st, 0));
    read_sums(db, st, 1, &g->s);
    int at = 1 + 7 + SERVQUAL_DIM_COUNT * 6;
    g->pts.n = db_col_i64(db, st, at);
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++)
        g->pts.sum[d] = db_col_i64(db, st, at + 1 + d);
}

enum mn_status survey_rollups_sum(struct db *db, const struct rollup_filter *f,
                                  const char *group_by, struct rollup_group **items, size_t *n)
{
    struct db_stmt *st;
    if (group_by == NULL)
        TRY(db_prepare(db, "SELECT '', " SUM_SELECT SUM_WHERE, &st));
    else if (strcmp(group_by, "channel") == 0)
        TRY(db_prepare(db, "SELECT channel, " SUM_SELECT SUM_WHERE
                           " GROUP BY channel ORDER BY channel", &st));
    else
        TRY(db_prepare(db, "SELECT day, " SUM_SELECT SUM_WHERE " GROUP BY day ORDER BY day"
                           " LIMIT 3660", &st));
    db_bind_i64(db, st, 1, f->tenant_id);
    db_bind_i64(db, st, 2, f->survey_id);
    db_bind_i64(db, st, 3, f->store_id);
    db_bind_i64(db, st, 4, f->department_id);
    db_bind_i64(db, st, 5, f->employee_id);
    db_bind_text(db, st, 6, f->from != NULL ? f->from : "");
    db_bind_text(db, st, 7, f->to != NULL ? f->to : "");
    db_bind_text(db, st, 8, f->channel != NULL ? f->channel : "");
    COLLECT(struct rollup_group, read_group, items, n, 4000);
    return MN_OK;
}

enum mn_status feedback_alerts_insert(struct db *db, const struct feedback_alert_row *a)
{
    struct db_stmt *st;
    TRY(db_prepare(db, "INSERT INTO feedback_alerts (tenant_id, kind, survey_id, response_id,"
                       " customer_id, event_id, store_id, department_id, employee_id, reason,"
                       " created_at) VALUES ($1, 'low_score', $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                   &st));
    db_bind_i64(db, st, 1, a->tenant_id);
    db_bind_i64(db, st, 2, a->survey_id);
    db_bind_i64(db, st, 3, a->response_id);
    db_bind_id_or_null(db, st, 4, a->customer_id);
    db_bind_id_or_null(db, st, 5, a->event_id);
    db_bind_id_or_null(db, st, 6, a->store_id);
    db_bind_id_or_null(db, st, 7, a->department_id);
    db_bind_id_or_null(db, st, 8, a->employee_id);
    db_bind_text(db, st, 9, a->reason);
    db_bind_i64(db, st, 10, store_now());
    return db_run(db, st);
}
