/* SPDX-License-Identifier: MIT */
/* Employee records (sales consultants, service advisors, CR agents, …). */
#include <stdio.h>
#include <stdlib.h>

#include "store/org.h"

#define EMP_COLS "id, tenant_id, store_id, department_id, name, employee_no, position, phone," \
                 " email, active, created_at, updated_at"

static void read_employee(struct db *db, struct db_stmt *st, void *row)
{
    struct org_employee *e = row;
    e->id = db_col_i64(db, st, 0);
    e->tenant_id = db_col_i64(db, st, 1);
    e->store_id = db_col_i64(db, st, 2);
    e->department_id = db_col_i64(db, st, 3);
    store_copy_text(e->name, sizeof e->name, db_col_text(db, st, 4));
    store_copy_text(e->employee_no, sizeof e->employee_no, db_col_text(db, st, 5));
    store_copy_text(e->position, sizeof e->position, db_col_text(db, st, 6));
    store_copy_text(e->phone, sizeof e->phone, db_col_text(db, st, 7));
    store_copy_text(e->email, sizeof e->email, db_col_text(db, st, 8));
    e->active = (int)db_col_i64(db, st, 9);
    e->created_at = db_col_i64(db, st, 10);
    e->updated_at = db_col_i64(db, st, 11);
}

/* employee_no "" is stored as NULL so that many employees can have none */
static void bind_fields(struct db *db, struct db_stmt *st, const struct org_employee *e)
{
    db_bind_i64(db, st, 3, e->store_id);
    db_bind_id_or_null(db, st, 4, e->department_id);
    db_bind_text(db, st, 5, e->name);
    db_bind_text(db, st, 6, e->employee_no[0] != '\0' ? e->employee_no : NULL);
    db_bind_text(db, st, 7, e->position);
    db_bind_text(db, st, 8, e->phone);
    db_bind_text(db, st, 9, e->email);
    db_bind_i64(db, st, 10, e->active);
}

enum mn_status employees_insert(struct db *db, struct org_employee *e)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "INSERT INTO employees (tenant_id, created_at, store_id, department_id, name,"
        " employee_no, position, phone, email, active, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $2) RETURNING id", &st);
    if (rc != MN_OK)
        return rc;
    e->created_at = e->updated_at = store_now();
    db_bind_i64(db, st, 1, e->tenant_id);
    db_bind_i64(db, st, 2, e->created_at);
    bind_fields(db, st, e);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc == MN_ERR_NOT_FOUND ? MN_ERR_DB : rc;
    e->id = db_col_i64(db, st, 0);
    return store_finish(db, st);
}

enum mn_status employees_get(struct db *db, int64_t tenant_id, int64_t id,
                             struct org_employee *out)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " EMP_COLS " FROM employees WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, id);
    if ((rc = store_step_one(db, st)) != MN_OK)
        return rc;
    read_employee(db, st, out);
    return store_finish(db, st);
}

enum mn_status employees_update(struct db *db, struct org_employee *e)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "UPDATE employees SET store_id = $3, department_id = $4, name = $5, employee_no = $6,"
        " position = $7, phone = $8, email = $9, active = $10, updated_at = $11"
        " WHERE tenant_id = $1 AND id = $2", &st);
    if (rc != MN_OK)
        return rc;
    e->updated_at = store_now();
    db_bind_i64(db, st, 1, e->tenant_id);
    db_bind_i64(db, st, 2, e->id);
    bind_fields(db, st, e);
    db_bind_i64(db, st, 11, e->updated_at);
    if ((rc = db_run(db, st)) != MN_OK)
        return rc;
    return db_changes(db, st) == 1 ? MN_OK : MN_ERR_NOT_FOUND;
}

enum mn_status employees_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                              struct org_employee **items, size_t *n)
{
    struct db_stmt *st;
    enum mn_status rc = db_prepare(db,
        "SELECT " EMP_COLS " FROM employees WHERE tenant_id = $1 AND id > $2"
        " AND (CAST($3 AS BIGINT) = 0 OR store_id = CAST($3 AS BIGINT))"
        " AND (CAST($4 AS BIGINT) = 0 OR department_id = CAST($4 AS BIGINT))"
        " AND ($5 = '' OR name LIKE $6 OR employee_no LIKE $6) ORDER BY id LIMIT $7", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, q->after);
    db_bind_i64(db, st, 3, q->store_id);
    db_bind_i64(db, st, 4, q->department_id);
    store_bind_search(db, st, 5, q->q);
    db_bind_i64(db, st, 7, q->limit);
    return store_collect(db, st, q->limit, sizeof **items, read_employee, (void **)items, n);
}
