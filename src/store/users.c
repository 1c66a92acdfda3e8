/* SPDX-License-Identifier: MIT */
/* User accounts. The password hash is read only by the login path (users_get_by_username). */
#include <stdio.h>
#include <stdlib.h>

#include "store/accounts.h"

#define USER_COLS "id, tenant_id, username, display_name, role, store_id, department_id," \
                  " employee_id, password_hash, active, created_at, updated_at, last_login_at"

static void read_user(struct db *db, struct db_stmt *st, void *row)
{
    struct user *u = row;
    u->id = db_col_i64(db, st, 0);
    u->tenant_id = db_col_i64(db, st, 1);
    store_copy_text(u->username, sizeof u->username, db_col_text(db, st, 2));
    store_copy_text(u->display_name, sizeof u->display_name, db_col_text(db, st, 3));
    store_copy_text(u->role, sizeof u->role, db_col_text(db, st, 4));
    u->store_id = db_col_i64(db, st, 5);
    u->department_id = db_col_i64(db, st, 6);
    u->employee_id = db_col_i64(db, st, 7);
    store_copy_text(u->password_hash, sizeof u->password_hash, db_col_text(db, st, 8));
    u->active = (int)db_col_i64(db, st, 9);
    u->created_at = db_col_i64(db, st, 10);
    u->updated_at = db_col_i64(db, st, 11);
    u->last_login_at = db_col_i64(db, st, 12);
}

enum mn_status users_insert(struct db *db, struct user *u)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO users (tenant_id, username, display_name, role, store_id, department_id,"
        " employee_id, password_hash, active, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    u->created_at = u->updated_at = store_now();
    db_bind_i64(db, st, 1, u->tenant_id);
    db_bind_text(db, st, 2, u->username);
    db_bind_text(db, st, 3, u->display_name);
    db_bind_text(db, st, 4, u->role);
    db_bind_id_or_null(db, st, 5, u->store_id);
    db_bind_id_or_null(db, st, 6, u->department_id);
    db_bind_id_or_null(db, st, 7, u->employee_id);
    db_bind_text(db, st, 8, u->password_hash);
    db_bind_i64(db, st, 9, u->active);
    db_bind_i64(db, st, 10, u->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    u->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status users_get(struct db *db, int64_t tenant_id, int64_t id, struct user *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " USER_COLS " FROM users WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_user(db, st, out);
    return store_finish(db, st);
}

enum mn_status users_get_by_username(struct db *db, const char *username, struct user *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " USER_COLS " FROM users WHERE username = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_text(db, st, 1, username);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_user(db, st, out);
    return store_finish(db, st);
}

enum mn_status users_update(struct db *db, struct user *u)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE users SET display_name = $3, role = $4, store_id = $5, department_id = $6,"
        " employee_id = $7, active = $8, updated_at = $9 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    u->updated_at = store_now();
    db_bind_i64(db, st, 1, u->tenant_id);
    db_bind_i64(db, st, 2, u->id);
    db_bind_text(db, st, 3, u->display_name);
    db_bind_text(db, st, 4, u->role);
    db_bind_id_or_null(db, st, 5, u->store_id);
    db_bind_id_or_null(db, st, 6, u->department_id);
    db_bind_id_or_null(db, st, 7, u->employee_id);
    db_bind_i64(db, st, 8, u->active);
    db_bind_i64(db, st, 9, u->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status users_set_password(struct db *db, int64_t tenant_id, int64_t id,
                                  const char *password_hash)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE users SET password_hash = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
        &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_text(db, st, 3, password_hash);
    db_bind_i64(db, st, 4, store_now());
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status users_touch_login(struct db *db, int64_t tenant_id, int64_t id, int64_t at)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE users SET last_login_at = $3 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, at);
    return db_run(db, st);
}

enum mn_status users_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                          struct user **items, size_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " USER_COLS " FROM users WHERE tenant_id = $1 AND id > $2"
        " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"
        " AND ($4 = '' OR username LIKE $5 OR display_name LIKE $5) ORDER BY id LIMIT $6", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->store_id);
    store_bind_search(db, st, 4, q->q);
    db_bind_i64(db, st, 6, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_user, (void **)items, n);
}
