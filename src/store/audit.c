/* SPDX-License-Identifier: MIT */
/* The audit log: inserts and newest-first pages. */
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/org.h"

enum mn_status audit_insert(struct db *db, const struct audit_entry *e)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO audit_log (tenant_id, at, user_id, username, action, entity, entity_id,"
        " before_json, after_json, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, e->tenant_id);
    db_bind_i64(db, st, 2, e->at != 0 ? e->at : store_now());
    db_bind_id_or_null(db, st, 3, e->user_id);
    db_bind_text(db, st, 4, e->username);
    db_bind_text(db, st, 5, e->action);
    db_bind_text(db, st, 6, e->entity);
    db_bind_id_or_null(db, st, 7, e->entity_id);
    db_bind_text(db, st, 8, e->before_json);
    db_bind_text(db, st, 9, e->after_json);
    db_bind_text(db, st, 10, e->ip);
    return db_run(db, st);
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

enum mn_status audit_list(struct db *db, int64_t tenant_id, const struct audit_query *q,
                          struct audit_entry **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    enum mn_status rc = db_prepare(db,
        "SELECT id, tenant_id, at, user_id, username, action, entity, entity_id, before_json,"
        " after_json, ip FROM audit_log WHERE tenant_id = $1"
        " AND (CAST($2 AS BIGINT) = 0 OR id < CAST($2 AS BIGINT))"
        " AND ($3 = '' OR entity = $3)"
        " AND (CAST($4 AS BIGINT) = 0 OR entity_id = CAST($4 AS BIGINT))"
        " AND (CAST($5 AS BIGINT) = 0 OR user_id = CAST($5 AS BIGINT))"
        " ORDER BY id DESC LIMIT $6", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->before_id);
    db_bind_text(db, st, 3, q->entity != NULL ? q->entity : "");
    db_bind_i64(db, st, 4, q->entity_id);
    db_bind_i64(db, st, 5, q->user_id);
    db_bind_i64(db, st, 6, q->limit);
    struct audit_entry *arr = calloc((size_t)q->limit, sizeof *arr);
    if (arr == NULL)
        return MN_ERR_NOMEM;
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW && k < (size_t)q->limit) {
        struct audit_entry *e = &arr[k++];
        e->id = db_col_i64(db, st, 0);
        e->tenant_id = db_col_i64(db, st, 1);
        e->at = db_col_i64(db, st, 2);
        e->user_id = db_col_i64(db, st, 3);
        store_copy_text(e->username, sizeof e->username, db_col_text(db, st, 4));
        store_copy_text(e->action, sizeof e->action, db_col_text(db, st, 5));
        store_copy_text(e->entity, sizeof e->entity, db_col_text(db, st, 6));
        e->entity_id = db_col_i64(db, st, 7);
        e->before_json = dup_or_null(db_col_text(db, st, 8));
        e->after_json = dup_or_null(db_col_text(db, st, 9));
        store_copy_text(e->ip, sizeof e->ip, db_col_text(db, st, 10));
    }
    if (r != DB_DONE) {
        audit_entries_free(arr, k);
        return r == DB_ROW ? MN_ERR_INTERNAL : (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}

void audit_entries_free(struct audit_entry *items, size_t n)
{
    if (items == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(items[i].before_json);
        free(items[i].after_json);
    }
    free(items);
}
