/* SPDX-License-Identifier: MIT */
/* Login sessions, looked up by the hash of the cookie's token, and login failures for
 * throttling. */
#include "store/accounts.h"

enum mn_status sessions_insert(struct db *db, int64_t tenant_id, int64_t user_id,
                               const char *token_hash, const char *csrf_token, int64_t expires_at,
                               const char *ip)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO sessions (tenant_id, user_id, token_hash, csrf_token, created_at,"
        " last_seen_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, user_id);
    db_bind_text(db, st, 3, token_hash);
    db_bind_text(db, st, 4, csrf_token);
    db_bind_i64(db, st, 5, store_now());
    db_bind_i64(db, st, 6, expires_at);
    db_bind_text(db, st, 7, ip);
    return db_run(db, st);
}

enum mn_status sessions_lookup(struct db *db, const char *token_hash, int64_t now,
                               struct session_info *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT s.id, s.csrf_token, s.last_seen_at, u.id, u.tenant_id, u.username,"
        " u.display_name, u.role, u.store_id, u.department_id, u.employee_id, u.active,"
        " u.created_at, u.updated_at, u.last_login_at"
        " FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id"
        " WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_text(db, st, 1, token_hash);
    db_bind_i64(db, st, 2, now);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    out->session_id = db_col_i64(db, st, 0);
    store_copy_text(out->csrf_token, sizeof out->csrf_token, db_col_text(db, st, 1));
    out->last_seen_at = db_col_i64(db, st, 2);
    struct user *u = &out->user;
    u->id = db_col_i64(db, st, 3);
    u->tenant_id = db_col_i64(db, st, 4);
    store_copy_text(u->username, sizeof u->username, db_col_text(db, st, 5));
    store_copy_text(u->display_name, sizeof u->display_name, db_col_text(db, st, 6));
    store_copy_text(u->role, sizeof u->role, db_col_text(db, st, 7));
    u->store_id = db_col_i64(db, st, 8);
    u->department_id = db_col_i64(db, st, 9);
    u->employee_id = db_col_i64(db, st, 10);
    u->active = (int)db_col_i64(db, st, 11);
    u->created_at = db_col_i64(db, st, 12);
    u->updated_at = db_col_i64(db, st, 13);
    u->last_login_at = db_col_i64(db, st, 14);
    u->password_hash[0] = '\0';
    return store_finish(db, st);
}

enum mn_status sessions_touch(struct db *db, int64_t session_id, int64_t now, int64_t expires_at)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, session_id);
    db_bind_i64(db, st, 2, now);
    db_bind_i64(db, st, 3, expires_at);
    return db_run(db, st);
}

enum mn_status sessions_delete(struct db *db, int64_t tenant_id, int64_t session_id)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "DELETE FROM sessions WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, session_id);
    return db_run(db, st);
}

enum mn_status sessions_delete_user(struct db *db, int64_t tenant_id, int64_t user_id,
                                    int64_t keep_session_id)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, user_id);
    db_bind_i64(db, st, 3, keep_session_id);
    return db_run(db, st);
}

enum mn_status login_failures_add(struct db *db, const char *key, int64_t at)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO login_failures (key, at) VALUES ($1, $2)", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_text(db, st, 1, key);
    db_bind_i64(db, st, 2, at);
    return db_run(db, st);
}

enum mn_status login_failures_count(struct db *db, const char *key, int64_t since, int64_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_text(db, st, 1, key);
    db_bind_i64(db, st, 2, since);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *n = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status login_failures_clear(struct db *db, const char *key)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, "DELETE FROM login_failures WHERE key = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_text(db, st, 1, key);
    return db_run(db, st);
}
