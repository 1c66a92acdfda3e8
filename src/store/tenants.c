/* SPDX-License-Identifier: MIT */
/* Tenant records (a dealer group or company). */
#include "store/accounts.h"

enum mn_status tenants_insert(struct db *db, struct tenant *t)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO tenants (name, timezone, created_at) VALUES ($1, $2, $3) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    t->created_at = store_now();
    db_bind_text(db, st, 1, t->name);
    db_bind_text(db, st, 2, t->timezone);
    db_bind_i64(db, st, 3, t->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    t->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status tenants_get(struct db *db, int64_t id, struct tenant *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT id, name, timezone, created_at FROM tenants WHERE id = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    out->id = db_col_i64(db, st, 0);
    store_copy_text(out->name, sizeof out->name, db_col_text(db, st, 1));
    store_copy_text(out->timezone, sizeof out->timezone, db_col_text(db, st, 2));
    out->created_at = db_col_i64(db, st, 3);
    return store_finish(db, st);
}

enum mn_status tenants_update(struct db *db, const struct tenant *t)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE tenants SET name = $2, timezone = $3 WHERE id = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, t->id);
    db_bind_text(db, st, 2, t->name);
    db_bind_text(db, st, 3, t->timezone);
    return db_run(db, st);
}

enum mn_status tenants_count(struct db *db, int64_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db, "SELECT COUNT(*) FROM tenants", &st);
    if (rc != MN_OK)
        return rc;
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    *n = db_col_i64(db, st, 0);
    return store_finish(db, st);
}
