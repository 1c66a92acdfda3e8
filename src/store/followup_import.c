/* SPDX-License-Identifier: MIT */
/* Import runs, their per-row errors, the saved column mapping, and the idempotent upserts of
 * customers and events by external id (store/followup.h). Re-importing a row that is already
 * there writes nothing: the customer upsert updates only when a field differs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/followup.h"

enum mn_status fu_imports_insert(struct db *db, struct fu_import *im)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO imports (tenant_id, user_id, filename, format, created_at, status,"
        " bytes_total, upload_id, runner, heartbeat_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $5) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    im->created_at = im->heartbeat_at = store_now();
    if (im->status[0] == '\0')
        snprintf(im->status, sizeof im->status, "running");
    db_bind_i64(db, st, 1, im->tenant_id);
    db_bind_id_or_null(db, st, 2, im->user_id);
    db_bind_text(db, st, 3, im->filename);
    db_bind_text(db, st, 4, im->format);
    db_bind_i64(db, st, 5, im->created_at);
    db_bind_text(db, st, 6, im->status);
    db_bind_i64(db, st, 7, im->bytes_total);
    db_bind_id_or_null(db, st, 8, im->upload_id);
    db_bind_text(db, st, 9, im->runner);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    im->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_imports_update(struct db *db, const struct fu_import *im)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE imports SET rows_total = $3, rows_ok = $4, rows_failed = $5, customers_new = $6,"
        " events_new = $7, bytes_done = $8, status = $9, error = $10, finished_at = $11,"
        " heartbeat_at = $12 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, im->tenant_id);
    db_bind_i64(db, st, 2, im->id);
    db_bind_i64(db, st, 3, im->rows_total);
    db_bind_i64(db, st, 4, im->rows_ok);
    db_bind_i64(db, st, 5, im->rows_failed);
    db_bind_i64(db, st, 6, im->customers_new);
    db_bind_i64(db, st, 7, im->events_new);
    db_bind_i64(db, st, 8, im->bytes_done);
    db_bind_text(db, st, 9, im->status[0] != '\0' ? im->status : "running");
    db_bind_text(db, st, 10, im->error);
    db_bind_id_or_null(db, st, 11, im->finished_at);
    db_bind_i64(db, st, 12, store_now());
    return db_run(db, st);
}

enum mn_status fu_imports_stop(struct db *db, int64_t tenant_id, int64_t id, const char *status,
                               const char *error, int64_t now, bool *changed)
{
    struct db_stmt *st;
    *changed = false;
    enum mn_status rc = db_prepare(db,
        "UPDATE imports SET status = $3, error = $4, finished_at = $5"
        " WHERE tenant_id = $1 AND id = $2 AND status = 'running'", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    db_bind_text(db, st, 3, status);
    db_bind_text(db, st, 4, error);
    db_bind_i64(db, st, 5, now);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    *changed = db_changes(db, st) == 1;
    return MN_OK;
}

#define IMPORT_COLS "id, tenant_id, user_id, filename, format, rows_total, rows_ok, rows_failed," \
                    " customers_new, events_new, created_at, status, bytes_total, bytes_done," \
                    " error, upload_id, runner, heartbeat_at, finished_at"

static void read_import(struct db *db, struct db_stmt *st, void *row)
{
    struct fu_import *im = row;
    im->id = db_col_i64(db, st, 0);
    im->tenant_id = db_col_i64(db, st, 1);
    im->user_id = db_col_i64(db, st, 2);
    store_copy_text(im->filename, sizeof im->filename, db_col_text(db, st, 3));
    store_copy_text(im->format, sizeof im->format, db_col_text(db, st, 4));
    im->rows_total = db_col_i64(db, st, 5);
    im->rows_ok = db_col_i64(db, st, 6);
    im->rows_failed = db_col_i64(db, st, 7);
    im->customers_new = db_col_i64(db, st, 8);
    im->events_new = db_col_i64(db, st, 9);
    im->created_at = db_col_i64(db, st, 10);
    store_copy_text(im->status, sizeof im->status, db_col_text(db, st, 11));
    im->bytes_total = db_col_i64(db, st, 12);
    im->bytes_done = db_col_i64(db, st, 13);
    store_copy_text(im->error, sizeof im->error, db_col_text(db, st, 14));
    im->upload_id = db_col_is_null(db, st, 15) ? 0 : db_col_i64(db, st, 15);
    store_copy_text(im->runner, sizeof im->runner, db_col_text(db, st, 16));
    im->heartbeat_at = db_col_i64(db, st, 17);
    im->finished_at = db_col_is_null(db, st, 18) ? 0 : db_col_i64(db, st, 18);
}

enum mn_status fu_imports_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_import *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " IMPORT_COLS " FROM imports WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_import(db, st, out);
    return store_finish(db, st);
}

enum mn_status fu_imports_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                               struct fu_import **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT " IMPORT_COLS " FROM imports WHERE tenant_id = $1 AND id > $2"
        " ORDER BY id LIMIT $3", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_import, (void **)items, n);
}

enum mn_status fu_imports_running(struct db *db, size_t cap, struct fu_import **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    /* every tenant: the start-up and housekeeping scans look for imports of dead processes */
    enum mn_status rc = db_prepare(db,
        "SELECT " IMPORT_COLS " FROM imports WHERE status = 'running' ORDER BY id LIMIT $1", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, (int64_t)cap);
    return store_collect(db, st, (int)cap, sizeof **items, read_import, (void **)items, n);
}

enum mn_status fu_import_errors_insert(struct db *db, int64_t tenant_id, int64_t import_id,
                                       const struct fu_import_error *e)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO import_errors (tenant_id, import_id, row_no, column_name, reason)"
        " VALUES ($1, $2, $3, $4, $5)", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, import_id);
    db_bind_i64(db, st, 3, e->row_no);
    db_bind_text(db, st, 4, e->column);
    db_bind_text(db, st, 5, e->reason);
    return db_run(db, st);
}

static void read_error(struct db *db, struct db_stmt *st, void *row)
{
    struct fu_import_error *e = row;
    e->row_no = db_col_i64(db, st, 0);
    store_copy_text(e->column, sizeof e->column, db_col_text(db, st, 1));
    store_copy_text(e->reason, sizeof e->reason, db_col_text(db, st, 2));
}

enum mn_status fu_import_errors_each(struct db *db, int64_t tenant_id, int64_t import_id,
                                     fu_error_fn fn, void *arg)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT row_no, column_name, reason FROM import_errors WHERE tenant_id = $1"
        " AND import_id = $2 ORDER BY id", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, import_id);
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        struct fu_import_error e;
        e.row_no = db_col_i64(db, st, 0);
        store_copy_text(e.column, sizeof e.column, db_col_text(db, st, 1));
        store_copy_text(e.reason, sizeof e.reason, db_col_text(db, st, 2));
        if ((rc = fn(&e, arg)) != MN_OK) {
            db_run(db, st);
            return rc;
        }
    }
    return r == DB_DONE ? MN_OK : (enum mn_status)r;
}

enum mn_status fu_import_errors_list(struct db *db, int64_t tenant_id, int64_t import_id,
                                     int limit, struct fu_import_error **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT row_no, column_name, reason FROM import_errors WHERE tenant_id = $1"
        " AND import_id = $2 ORDER BY id LIMIT $3", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, import_id);
    db_bind_i64(db, st, 3, limit);
    return store_collect(db, st, limit, sizeof **items, read_error, (void **)items, n);
}

enum mn_status fu_mapping_get(struct db *db, int64_t tenant_id, const char *kind, char *out,
                              size_t cap, bool *found)
{
    struct db_stmt *st;
    *found = false;
    out[0] = '\0';
    enum mn_status rc = db_prepare(db,
        "SELECT mapping_json FROM import_mappings WHERE tenant_id = $1 AND kind = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, kind);
    rc = store_step_one(db, st);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_OK;
    if (rc != MN_OK)
        return rc;
    store_copy_text(out, cap, db_col_text(db, st, 0));
    *found = true;
    return store_finish(db, st);
}

enum mn_status fu_mapping_set(struct db *db, int64_t tenant_id, const char *kind,
                              const char *mapping_json)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO import_mappings (tenant_id, kind, mapping_json, updated_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, kind) DO UPDATE SET"
        " mapping_json = excluded.mapping_json, updated_at = excluded.updated_at", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, kind);
    db_bind_text(db, st, 3, mapping_json);
    db_bind_i64(db, st, 4, store_now());
    return db_run(db, st);
}

enum mn_status fu_customer_upsert(struct db *db, struct customer *c, bool *created)
{
    struct db_stmt *st;
    *created = false;
    /* The WHERE makes an identical re-import a no-op (no row returned, updated_at kept). */
    enum mn_status rc = db_prepare(db,
        "INSERT INTO customers (tenant_id, created_at, store_id, name, phone, email,"
        " preferred_channel, consent, do_not_disturb, tags, birthday, external_id, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $2)"
        " ON CONFLICT (tenant_id, external_id) DO UPDATE SET store_id = excluded.store_id,"
        " name = excluded.name, phone = excluded.phone, email = excluded.email,"
        " updated_at = excluded.updated_at"
        " WHERE COALESCE(customers.store_id, 0) <> COALESCE(excluded.store_id, 0)"
        " OR customers.name <> excluded.name OR customers.phone <> excluded.phone"
        " OR customers.email <> excluded.email"
        " RETURNING id, created_at", &st);
    if (rc != MN_OK)
        return rc;
    int64_t now = store_now();
    c->created_at = c->updated_at = now;
    db_bind_i64(db, st, 1, c->tenant_id);
    db_bind_i64(db, st, 2, now);
    db_bind_id_or_null(db, st, 3, c->store_id);
    db_bind_text(db, st, 4, c->name);
    db_bind_text(db, st, 5, c->phone);
    db_bind_text(db, st, 6, c->email);
    db_bind_text(db, st, 7, c->preferred_channel[0] != '\0' ? c->preferred_channel : "phone");
    db_bind_i64(db, st, 8, c->consent);
    db_bind_i64(db, st, 9, c->do_not_disturb);
    db_bind_text(db, st, 10, c->tags);
    db_bind_text(db, st, 11, c->birthday);
    db_bind_text(db, st, 12, c->external_id);
    rc = store_step_one(db, st);
    if (rc == MN_OK) {
        c->id = db_col_i64(db, st, 0);
        /* A fresh row carries this call's timestamp; an updated one its original. */
        *created = db_col_i64(db, st, 1) == now;
        return store_finish(db, st);
    }
    if (rc != MN_ERR_NOT_FOUND)
        return rc;
    struct db_stmt *q;
    if ((rc = db_prepare(db, "SELECT id FROM customers WHERE tenant_id = $1 AND external_id = $2",
                         &q)) != MN_OK)
        return rc;
    db_bind_i64(db, q, 1, c->tenant_id);
    db_bind_text(db, q, 2, c->external_id);
    if ((rc = store_step_one(db, q)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    c->id = db_col_i64(db, q, 0);
    return store_finish(db, q);
}

enum mn_status fu_event_insert_once(struct db *db, struct business_event *e, bool *created)
{
    struct db_stmt *st;
    *created = false;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO business_events (tenant_id, customer_id, store_id, department_id,"
        " employee_id, type, occurred_on, occurred_at, amount_fen, vin, plate, model, mileage_km,"
        " attrs_json, external_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
        " $11, $12, $13, '{}', $14, $15) ON CONFLICT (tenant_id, external_id) DO NOTHING", &st);
    if (rc != MN_OK)
        return rc;
    e->created_at = store_now();
    db_bind_i64(db, st, 1, e->tenant_id);
    db_bind_i64(db, st, 2, e->customer_id);
    db_bind_i64(db, st, 3, e->store_id);
    db_bind_id_or_null(db, st, 4, e->department_id);
    db_bind_id_or_null(db, st, 5, e->employee_id);
    db_bind_text(db, st, 6, e->type);
    db_bind_text(db, st, 7, e->occurred_on);
    db_bind_i64(db, st, 8, e->occurred_at);
    if (e->amount_fen >= 0)
        db_bind_i64(db, st, 9, e->amount_fen);
    else
        db_bind_null(db, st, 9);
    db_bind_text(db, st, 10, e->vin);
    db_bind_text(db, st, 11, e->plate);
    db_bind_text(db, st, 12, e->model);
    if (e->mileage_km >= 0)
        db_bind_i64(db, st, 13, e->mileage_km);
    else
        db_bind_null(db, st, 13);
    db_bind_text(db, st, 14, e->external_id);
    db_bind_i64(db, st, 15, e->created_at);
    /* No RETURNING: the import needs only whether a row was added, and SQLite's RETURNING
     * costs an extra pass per row (bench/import). */
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    *created = db_changes(db, st) == 1;
    return MN_OK;
}

enum mn_status fu_store_by_code(struct db *db, int64_t tenant_id, const char *code, int64_t *id)
{
    struct db_stmt *st;
    *id = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT id FROM stores WHERE tenant_id = $1 AND code = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, code);
    rc = store_step_one(db, st);
    if (rc != MN_OK)
        return rc;
    *id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status fu_employee_by_no(struct db *db, int64_t tenant_id, const char *no, int64_t *id,
                                 int64_t *store_id, int64_t *department_id)
{
    struct db_stmt *st;
    *id = *store_id = *department_id = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT id, store_id, department_id FROM employees WHERE tenant_id = $1"
        " AND employee_no = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, no);
    rc = store_step_one(db, st);
    if (rc != MN_OK)
        return rc;
    *id = db_col_i64(db, st, 0);
    *store_id = db_col_i64(db, st, 1);
    *department_id = db_col_i64(db, st, 2);
    return store_finish(db, st);
}
