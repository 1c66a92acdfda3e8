/* SPDX-License-Identifier: MIT */
/* API tokens for integrations; only the BLAKE2b hash of a token is stored. */
#include <stdlib.h>

#include "store/accounts.h"

#define TOKEN_COLS "id, tenant_id, name, role, prefix, created_by, created_at, last_used_at," \
                   " revoked_at"

static void read_token(struct db *db, struct db_stmt *st, void *row)
{
    struct api_token *t = row;
    t->id = db_col_i64(db, st, 0);
    t->tenant_id = db_col_i64(db, st, 1);
    store_copy_text(t->name, sizeof t->name, db_col_text(db, st, 2));
    store_copy_text(t->role, sizeof t->role, db_col_text(db, st, 3));
    store_copy_text(t->prefix, sizeof t->prefix, db_col_text(db, st, 4));
    t->created_by = db_col_i64(db, st, 5);
    t->created_at = db_col_i64(db, st, 6);
    t->last_used_at = db_col_i64(db, st, 7);
    t->revoked_at = db_col_i64(db, st, 8);
}

enum mn_status tokens_insert(struct db *db, struct api_token *t, const char *token_hash)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO api_tokens (tenant_id, name, role, token_hash, prefix, created_by,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    t->created_at = store_now();
    db_bind_i64(db, st, 1, t->tenant_id);
    db_bind_text(db, st, 2, t->name);
    db_bind_text(db, st, 3, t->role);
    db_bind_text(db, st, 4, token_hash);
    db_bind_text(db, st, 5, t->prefix);
    db_bind_id_or_null(db, st, 6, t->created_by);
    db_bind_i64(db, st, 7, t->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    t->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status tokens_lookup(struct db *db, const char *token_hash, struct api_token *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        &st);
    if (rc != MN_OK)
        return rc;
    db_bind_text(db, st, 1, token_hash);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_token(db, st, out);
    return store_finish(db, st);
}

enum mn_status tokens_get(struct db *db, int64_t tenant_id, int64_t id, struct api_token *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " TOKEN_COLS " FROM api_tokens WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_token(db, st, out);
    return store_finish(db, st);
}

enum mn_status tokens_revoke(struct db *db, int64_t tenant_id, int64_t id, int64_t at)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE api_tokens SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2"
        " AND revoked_at IS NULL", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status tokens_touch(struct db *db, int64_t id, int64_t at)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, id);
    db_bind_i64(db, st, 2, at);
    return db_run(db, st);
}

enum mn_status tokens_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                           struct api_token **items, size_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " TOKEN_COLS " FROM api_tokens WHERE tenant_id = $1 AND id > $2"
        " ORDER BY id LIMIT $3", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_token, (void **)items, n);
}
