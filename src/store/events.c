/* SPDX-License-Identifier: MIT */
/* Business event records: the sales, service visits and repairs that trigger follow-ups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/customers.h"

#define EVENT_COLS "id, tenant_id, customer_id, store_id, department_id, employee_id, type," \
                   " occurred_on, occurred_at, amount_fen, vin, plate, model, mileage_km," \
                   " attrs_json, external_id, created_at"

static void read_event(struct db *db, struct db_stmt *st, struct business_event *e)
{
    e->id = db_col_i64(db, st, 0);
    e->tenant_id = db_col_i64(db, st, 1);
    e->customer_id = db_col_i64(db, st, 2);
    e->store_id = db_col_i64(db, st, 3);
    e->department_id = db_col_i64(db, st, 4);
    e->employee_id = db_col_i64(db, st, 5);
    store_copy_text(e->type, sizeof e->type, db_col_text(db, st, 6));
    store_copy_text(e->occurred_on, sizeof e->occurred_on, db_col_text(db, st, 7));
    e->occurred_at = db_col_i64(db, st, 8);
    e->amount_fen = db_col_is_null(db, st, 9) ? -1 : db_col_i64(db, st, 9);
    store_copy_text(e->vin, sizeof e->vin, db_col_text(db, st, 10));
    store_copy_text(e->plate, sizeof e->plate, db_col_text(db, st, 11));
    store_copy_text(e->model, sizeof e->model, db_col_text(db, st, 12));
    e->mileage_km = db_col_is_null(db, st, 13) ? -1 : db_col_i64(db, st, 13);
    const char *attrs = db_col_text(db, st, 14);
    e->attrs_json = strdup(attrs != NULL ? attrs : "{}");
    store_copy_text(e->external_id, sizeof e->external_id, db_col_text(db, st, 15));
    e->created_at = db_col_i64(db, st, 16);
}

void event_release(struct business_event *e)
{
    if (e == NULL)
        return;
    free(e->attrs_json);
    e->attrs_json = NULL;
}

void events_free(struct business_event *items, size_t n)
{
    if (items == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        event_release(&items[i]);
    free(items);
}

enum mn_status events_insert(struct db *db, struct business_event *e)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO business_events (tenant_id, customer_id, store_id, department_id,"
        " employee_id, type, occurred_on, occurred_at, amount_fen, vin, plate, model, mileage_km,"
        " attrs_json, external_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
        " $11, $12, $13, $14, $15, $16) RETURNING id", &st);
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
    db_bind_text(db, st, 14, e->attrs_json != NULL ? e->attrs_json : "{}");
    db_bind_text(db, st, 15, e->external_id[0] != '\0' ? e->external_id : NULL);
    db_bind_i64(db, st, 16, e->created_at);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    e->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

static enum mn_status get_one(struct db *db, struct db_stmt *st, struct business_event *out)
{
    enum mn_status rc = store_step_one(db, st);
    if (rc != MN_OK)
        return rc;
    read_event(db, st, out);
    return store_finish(db, st);
}

enum mn_status events_get(struct db *db, int64_t tenant_id, int64_t id, struct business_event *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " EVENT_COLS " FROM business_events WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    return get_one(db, st, out);
}

enum mn_status events_get_by_external(struct db *db, int64_t tenant_id, const char *external_id,
                                      struct business_event *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " EVENT_COLS " FROM business_events WHERE tenant_id = $1 AND external_id = $2",
        &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, external_id);
    return get_one(db, st, out);
}

enum mn_status events_list_by_customer(struct db *db, int64_t tenant_id, int64_t customer_id,
                                       const struct list_query *q, struct business_event **items,
                                       size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT " EVENT_COLS " FROM business_events WHERE tenant_id = $1 AND customer_id = $2"
        " AND id > $3 ORDER BY id LIMIT $4", &st); /* keyset on id; events arrive in date order */
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, customer_id);
    db_bind_i64(db, st, 3, q->after);
    db_bind_i64(db, st, 4, q->limit);
    struct business_event *arr = calloc((size_t)q->limit, sizeof *arr);
    if (arr == NULL)
        return MN_ERR_NOMEM;
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW && k < (size_t)q->limit)
        read_event(db, st, &arr[k++]);
    if (r != DB_DONE) {
        events_free(arr, k);
        return r == DB_ROW ? MN_ERR_INTERNAL : (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}
