/* SPDX-License-Identifier: MIT */
/* Uploads of import files in parts (store/import_upload.h). The bytes are in a file; a row says
 * how many arrived, and which import holds it. Advancing and claiming are compare-and-set
 * updates, so two requests racing for one upload cannot both win. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/import_upload.h"
#include "store/org.h"

#define UPLOAD_COLS "id, tenant_id, user_id, filename, size, received, path, import_id," \
                    " created_at, updated_at"

static void read_upload(struct db *db, struct db_stmt *st, void *row)
{
    struct fu_upload *u = row;
    u->id = db_col_i64(db, st, 0);
    u->tenant_id = db_col_i64(db, st, 1);
    u->user_id = db_col_i64(db, st, 2);
    store_copy_text(u->filename, sizeof u->filename, db_col_text(db, st, 3));
    u->size = db_col_i64(db, st, 4);
    u->received = db_col_i64(db, st, 5);
    store_copy_text(u->path, sizeof u->path, db_col_text(db, st, 6));
    u->import_id = db_col_is_null(db, st, 7) ? 0 : db_col_i64(db, st, 7);
    u->created_at = db_col_i64(db, st, 8);
    u->updated_at = db_col_i64(db, st, 9);
}

enum mn_status fu_uploads_insert(struct db *db, struct fu_upload *u)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO import_uploads (tenant_id, user_id, filename, size, received, path,"
        " created_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, $6, $6) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    u->created_at = u->updated_at = store_now();
    u->received = 0;
    u->import_id = 0;
    db_bind_i64(db, st, 1, u->tenant_id);
    db_bind_i64(db, st, 2, u->user_id);
    db_bind_text(db, st, 3, u->filename);
    db_bind_i64(db, st, 4, u->size);
    db_bind_text(db, st, 5, u->path);
    db_bind_i64(db, st, 6, u->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    u->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_uploads_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_upload *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " UPLOAD_COLS " FROM import_uploads WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_upload(db, st, out);
    return store_finish(db, st);
}

/* Runs an UPDATE whose WHERE is the compare of a compare-and-set: no row changed → CONFLICT. */
static enum mn_status run_cas(struct db *db, struct db_stmt *st)
{
    enum mn_status rc = db_run(db, st);
    if (rc != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_CONFLICT;
}

enum mn_status fu_uploads_advance(struct db *db, int64_t tenant_id, int64_t id, int64_t from,
                                  int64_t to, int64_t now)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE import_uploads SET received = $4, updated_at = $5 WHERE tenant_id = $1"
        " AND id = $2 AND received = $3 AND $4 <= size AND import_id IS NULL", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, from);
    db_bind_i64(db, st, 4, to);
    db_bind_i64(db, st, 5, now);
    return run_cas(db, st);
}

enum mn_status fu_uploads_claim(struct db *db, int64_t tenant_id, int64_t id, int64_t import_id,
                                int64_t now)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE import_uploads SET import_id = $3, updated_at = $4 WHERE tenant_id = $1"
        " AND id = $2 AND received = size AND import_id IS NULL", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, import_id);
    db_bind_i64(db, st, 4, now);
    return run_cas(db, st);
}

enum mn_status fu_uploads_release(struct db *db, int64_t tenant_id, int64_t id, int64_t import_id,
                                  int64_t now)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE import_uploads SET import_id = NULL, updated_at = $4 WHERE tenant_id = $1"
        " AND id = $2 AND import_id = $3", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_i64(db, st, 3, import_id);
    db_bind_i64(db, st, 4, now);
    return db_run(db, st);
}

enum mn_status fu_uploads_delete(struct db *db, int64_t tenant_id, int64_t id)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "DELETE FROM import_uploads WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    return db_run(db, st);
}

enum mn_status fu_uploads_stale(struct db *db, int64_t before, size_t cap,
                                struct fu_upload **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT u.id, u.tenant_id, u.user_id, u.filename, u.size, u.received, u.path,"
        " u.import_id, u.created_at, u.updated_at FROM import_uploads u"
        " LEFT JOIN imports i ON i.tenant_id = u.tenant_id AND i.id = u.import_id"
        " WHERE u.updated_at < $1 AND (i.id IS NULL OR i.status <> 'running')"
        " ORDER BY u.updated_at LIMIT $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, before);
    db_bind_i64(db, st, 2, (int64_t)cap);
    return store_collect(db, st, (int)cap, sizeof **items, read_upload, (void **)items, n);
}
