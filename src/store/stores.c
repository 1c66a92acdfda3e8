/* SPDX-License-Identifier: MIT */
/* 门店 records. */
#include <stdio.h>
#include <stdlib.h>

#include "store/org.h"

#define STORE_COLS "id, tenant_id, code, name, city, address, phone, active, created_at, updated_at"

static void read_store(struct db *db, struct db_stmt *st, void *row)
{
    struct org_store *s = row;
    s->id = db_col_i64(db, st, 0);
    s->tenant_id = db_col_i64(db, st, 1);
    store_copy_text(s->code, sizeof s->code, db_col_text(db, st, 2));
    store_copy_text(s->name, sizeof s->name, db_col_text(db, st, 3));
    store_copy_text(s->city, sizeof s->city, db_col_text(db, st, 4));
    store_copy_text(s->address, sizeof s->address, db_col_text(db, st, 5));
    store_copy_text(s->phone, sizeof s->phone, db_col_text(db, st, 6));
    s->active = (int)db_col_i64(db, st, 7);
    s->created_at = db_col_i64(db, st, 8);
    s->updated_at = db_col_i64(db, st, 9);
}

enum mn_status stores_insert(struct db *db, struct org_store *s)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO stores (tenant_id, code, name, city, address, phone, active, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    s->created_at = s->updated_at = store_now();
    db_bind_i64(db, st, 1, s->tenant_id);
    db_bind_text(db, st, 2, s->code);
    db_bind_text(db, st, 3, s->name);
    db_bind_text(db, st, 4, s->city);
    db_bind_text(db, st, 5, s->address);
    db_bind_text(db, st, 6, s->phone);
    db_bind_i64(db, st, 7, s->active);
    db_bind_i64(db, st, 8, s->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    s->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status stores_get(struct db *db, int64_t tenant_id, int64_t id, struct org_store *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " STORE_COLS " FROM stores WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_store(db, st, out);
    return store_finish(db, st);
}

enum mn_status stores_update(struct db *db, struct org_store *s)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE stores SET code = $3, name = $4, city = $5, address = $6, phone = $7,"
        " active = $8, updated_at = $9 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    s->updated_at = store_now();
    db_bind_i64(db, st, 1, s->tenant_id);
    db_bind_i64(db, st, 2, s->id);
    db_bind_text(db, st, 3, s->code);
    db_bind_text(db, st, 4, s->name);
    db_bind_text(db, st, 5, s->city);
    db_bind_text(db, st, 6, s->address);
    db_bind_text(db, st, 7, s->phone);
    db_bind_i64(db, st, 8, s->active);
    db_bind_i64(db, st, 9, s->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status stores_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                           struct org_store **items, size_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " STORE_COLS " FROM stores WHERE tenant_id = $1 AND id > $2"
        " AND (CAST($3 AS BIGINT) = 0 OR id = CAST($3 AS BIGINT))"
        " AND ($4 = '' OR name LIKE $5 OR code LIKE $5) ORDER BY id LIMIT $6", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->store_id);
    store_bind_search(db, st, 4, q->q);
    db_bind_i64(db, st, 6, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_store, (void **)items, n);
}

enum mn_status stores_count(struct db *db, int64_t tenant_id, int64_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, "SELECT COUNT(*) FROM stores WHERE tenant_id = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *n = db_col_i64(db, st, 0);
    return store_finish(db, st);
}
