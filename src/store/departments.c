/* SPDX-License-Identifier: MIT */
/* 部门 records. */
#include <stdio.h>
#include <stdlib.h>

#include "store/org.h"

#define DEPT_COLS "id, tenant_id, store_id, name, kind, active, created_at, updated_at"

static void read_department(struct db *db, struct db_stmt *st, void *row)
{
    struct org_department *d = row;
    d->id = db_col_i64(db, st, 0);
    d->tenant_id = db_col_i64(db, st, 1);
    d->store_id = db_col_i64(db, st, 2);
    store_copy_text(d->name, sizeof d->name, db_col_text(db, st, 3));
    store_copy_text(d->kind, sizeof d->kind, db_col_text(db, st, 4));
    d->active = (int)db_col_i64(db, st, 5);
    d->created_at = db_col_i64(db, st, 6);
    d->updated_at = db_col_i64(db, st, 7);
}

enum mn_status departments_insert(struct db *db, struct org_department *d)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO departments (tenant_id, store_id, name, kind, active, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    d->created_at = d->updated_at = store_now();
    db_bind_i64(db, st, 1, d->tenant_id);
    db_bind_i64(db, st, 2, d->store_id);
    db_bind_text(db, st, 3, d->name);
    db_bind_text(db, st, 4, d->kind);
    db_bind_i64(db, st, 5, d->active);
    db_bind_i64(db, st, 6, d->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    d->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status departments_get(struct db *db, int64_t tenant_id, int64_t id,
                               struct org_department *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " DEPT_COLS " FROM departments WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_department(db, st, out);
    return store_finish(db, st);
}

enum mn_status departments_update(struct db *db, struct org_department *d)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE departments SET store_id = $3, name = $4, kind = $5, active = $6, updated_at = $7"
        " WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    d->updated_at = store_now();
    db_bind_i64(db, st, 1, d->tenant_id);
    db_bind_i64(db, st, 2, d->id);
    db_bind_i64(db, st, 3, d->store_id);
    db_bind_text(db, st, 4, d->name);
    db_bind_text(db, st, 5, d->kind);
    db_bind_i64(db, st, 6, d->active);
    db_bind_i64(db, st, 7, d->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status departments_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                                struct org_department **items, size_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " DEPT_COLS " FROM departments WHERE tenant_id = $1 AND id > $2"
        " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"
        " AND (CAST($4 AS BIGINT) = 0 OR id = CAST($4 AS BIGINT))"
        " AND ($5 = '' OR name LIKE $6) ORDER BY id LIMIT $7", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->store_id);
    db_bind_i64(db, st, 4, q->department_id);
    store_bind_search(db, st, 5, q->q);
    db_bind_i64(db, st, 7, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_department, (void **)items, n);
}
