/* SPDX-License-Identifier: MIT */
/* Customer records. external_id "" is stored as NULL so that many customers can have none. */
#include <stdio.h>
#include <stdlib.h>

#include "core/pii.h"
#include "store/customers.h"

#define CUSTOMER_COLS "id, tenant_id, store_id, name, phone, email, preferred_channel, consent," \
                      " do_not_disturb, tags, birthday, external_id, created_at, updated_at"

static void read_customer(struct db *db, struct db_stmt *st, void *row)
{
    struct customer *c = row;
    c->id = db_col_i64(db, st, 0);
    c->tenant_id = db_col_i64(db, st, 1);
    c->store_id = db_col_i64(db, st, 2);
    store_copy_text(c->name, sizeof c->name, db_col_text(db, st, 3));
    store_copy_text(c->phone, sizeof c->phone, db_col_text(db, st, 4));
    store_copy_text(c->email, sizeof c->email, db_col_text(db, st, 5));
    store_copy_text(c->preferred_channel, sizeof c->preferred_channel, db_col_text(db, st, 6));
    c->consent = (int)db_col_i64(db, st, 7);
    c->do_not_disturb = (int)db_col_i64(db, st, 8);
    store_copy_text(c->tags, sizeof c->tags, db_col_text(db, st, 9));
    store_copy_text(c->birthday, sizeof c->birthday, db_col_text(db, st, 10));
    store_copy_text(c->external_id, sizeof c->external_id, db_col_text(db, st, 11));
    c->created_at = db_col_i64(db, st, 12);
    c->updated_at = db_col_i64(db, st, 13);
}

static void bind_customer(struct db *db, struct db_stmt *st, const struct customer *c)
{
    db_bind_id_or_null(db, st, 3, c->store_id);
    db_bind_text(db, st, 4, c->name);
    db_bind_text(db, st, 5, c->phone);
    db_bind_text(db, st, 6, c->email);
    db_bind_text(db, st, 7, c->preferred_channel[0] != '\0' ? c->preferred_channel : "phone");
    db_bind_i64(db, st, 8, c->consent);
    db_bind_i64(db, st, 9, c->do_not_disturb);
    db_bind_text(db, st, 10, c->tags);
    db_bind_text(db, st, 11, c->birthday);
    db_bind_text(db, st, 12, c->external_id[0] != '\0' ? c->external_id : NULL);
}

enum mn_status customers_insert(struct db *db, struct customer *c)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO customers (tenant_id, created_at, store_id, name, phone, email,"
        " preferred_channel, consent, do_not_disturb, tags, birthday, external_id, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $2) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    c->created_at = c->updated_at = store_now();
    db_bind_i64(db, st, 1, c->tenant_id);
    db_bind_i64(db, st, 2, c->created_at);
    bind_customer(db, st, c);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    c->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

static enum mn_status get_one(struct db *db, struct db_stmt *st, struct customer *out)
{
    enum mn_status rc = store_step_one(db, st);
    if (rc != MN_OK)
        return rc;
    read_customer(db, st, out);
    return store_finish(db, st);
}

enum mn_status customers_get(struct db *db, int64_t tenant_id, int64_t id, struct customer *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " CUSTOMER_COLS " FROM customers WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    return get_one(db, st, out);
}

enum mn_status customers_get_by_external(struct db *db, int64_t tenant_id, const char *external_id,
                                         struct customer *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " CUSTOMER_COLS " FROM customers WHERE tenant_id = $1 AND external_id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_text(db, st, 2, external_id);
    return get_one(db, st, out);
}

enum mn_status customers_update(struct db *db, struct customer *c)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE customers SET store_id = $3, name = $4, phone = $5, email = $6,"
        " preferred_channel = $7, consent = $8, do_not_disturb = $9, tags = $10, birthday = $11,"
        " external_id = $12, updated_at = $13 WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    c->updated_at = store_now();
    db_bind_i64(db, st, 1, c->tenant_id);
    db_bind_i64(db, st, 2, c->id);
    bind_customer(db, st, c);
    db_bind_i64(db, st, 13, c->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status customers_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                              struct customer **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    /* A whole mobile number, however it is written (+86 139-1234-5678), is the call screen's
     * look-up: an exact match through customers_phone (or a source id through
     * customers_external) instead of a LIKE over every customer of the tenant. */
    char mobile[12];
    bool by_phone = q->q != NULL && pii_cn_mobile_normalize(q->q, mobile);
    enum mn_status rc = db_prepare(db, by_phone
        ? "SELECT " CUSTOMER_COLS " FROM customers WHERE tenant_id = $1 AND id > $2"
          " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"
          " AND (phone = $4 OR external_id = $5) ORDER BY id LIMIT $6"
        : "SELECT " CUSTOMER_COLS " FROM customers WHERE tenant_id = $1 AND id > $2"
          " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"
          " AND ($4 = '' OR name LIKE $5 OR phone LIKE $5 OR external_id = $4)"
          " ORDER BY id LIMIT $6", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->store_id);
    if (by_phone) {
        db_bind_text(db, st, 4, mobile);
        db_bind_text(db, st, 5, q->q);
    } else {
        store_bind_search(db, st, 4, q->q);
    }
    db_bind_i64(db, st, 6, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_customer, (void **)items, n);
}
