/* SPDX-License-Identifier: MIT */
/* The customer 360° view's reads of survey responses and complaint tickets (see the header). */
#include "store/customer_360.h"

#include <stdlib.h>
#include <string.h>

#include "store/org.h"

static char *dup_col(struct db *db, struct db_stmt *st, int col)
{
    const char *s = db_col_text(db, st, col);
    return strdup(s != NULL ? s : "");
}

void c360_responses_free(struct c360_response *items, size_t n)
{
    if (items == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(items[i].answers_json);
        free(items[i].derived_json);
    }
    free(items);
}

enum mn_status c360_responses_list(struct db *db, int64_t tenant_id, int64_t customer_id,
                                   int64_t store_id, int64_t department_id, int limit,
                                   struct c360_response **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    if (limit <= 0)
        return MN_OK;
    enum mn_status rc = db_prepare(db,
        "SELECT r.id, r.survey_id, s.name, r.version, r.channel, r.event_id, r.followup_task_id,"
        " r.store_id, r.department_id, r.day, r.answers_json, r.nps_score, r.nps_category,"
        " r.rated_n, r.top2_n, r.derived_json, r.alert, r.submitted_at"
        " FROM survey_responses r JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id"
        " WHERE r.tenant_id = $1 AND r.customer_id = $2"
        " AND (CAST($3 AS BIGINT) = 0 OR r.store_id = CAST($3 AS BIGINT))"
        " AND (CAST($4 AS BIGINT) = 0 OR r.department_id IS NULL OR r.department_id = 0"
        "      OR r.department_id = CAST($4 AS BIGINT))"
        " ORDER BY r.submitted_at DESC, r.id DESC LIMIT $5", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, customer_id);
    db_bind_i64(db, st, 3, store_id);
    db_bind_i64(db, st, 4, department_id);
    db_bind_i64(db, st, 5, limit);
    struct c360_response *arr = calloc((size_t)limit, sizeof *arr);
    if (arr == NULL) {
        store_finish(db, st);
        return MN_ERR_NOMEM;
    }
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (k == (size_t)limit)
            continue; /* LIMIT bounds it; step to the end so the statement is done */
        struct c360_response *x = &arr[k++];
        x->id = db_col_i64(db, st, 0);
        x->survey_id = db_col_i64(db, st, 1);
        store_copy_text(x->survey_name, sizeof x->survey_name, db_col_text(db, st, 2));
        x->version = db_col_i64(db, st, 3);
        store_copy_text(x->channel, sizeof x->channel, db_col_text(db, st, 4));
        x->event_id = db_col_i64(db, st, 5);
        x->followup_task_id = db_col_i64(db, st, 6);
        x->store_id = db_col_i64(db, st, 7);
        x->department_id = db_col_i64(db, st, 8);
        store_copy_text(x->day, sizeof x->day, db_col_text(db, st, 9));
        x->answers_json = dup_col(db, st, 10);
        x->has_nps = !db_col_is_null(db, st, 11);
        x->nps_score = db_col_i64(db, st, 11);
        x->nps_category = db_col_i64(db, st, 12);
        x->rated_n = db_col_i64(db, st, 13);
        x->top2_n = db_col_i64(db, st, 14);
        x->derived_json = dup_col(db, st, 15);
        x->alert = db_col_i64(db, st, 16);
        x->submitted_at = db_col_i64(db, st, 17);
        if (x->answers_json == NULL || x->derived_json == NULL) {
            store_finish(db, st);
            c360_responses_free(arr, k);
            return MN_ERR_NOMEM;
        }
    }
    if (r != DB_DONE) {
        c360_responses_free(arr, k);
        return (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}

static void read_complaint(struct db *db, struct db_stmt *st, void *row)
{
    struct c360_complaint *x = row;
    x->id = db_col_i64(db, st, 0);
    x->store_id = db_col_i64(db, st, 1);
    x->department_id = db_col_i64(db, st, 2);
    x->event_id = db_col_i64(db, st, 3);
    x->followup_task_id = db_col_i64(db, st, 4);
    x->category_id = db_col_i64(db, st, 5);
    store_copy_text(x->category_code, sizeof x->category_code, db_col_text(db, st, 6));
    store_copy_text(x->category_name, sizeof x->category_name, db_col_text(db, st, 7));
    store_copy_text(x->source, sizeof x->source, db_col_text(db, st, 8));
    store_copy_text(x->severity, sizeof x->severity, db_col_text(db, st, 9));
    store_copy_text(x->state, sizeof x->state, db_col_text(db, st, 10));
    store_copy_text(x->title, sizeof x->title, db_col_text(db, st, 11));
    x->created_at = db_col_i64(db, st, 12);
    x->closed_at = db_col_i64(db, st, 13);
}

enum mn_status c360_complaints_list(struct db *db, int64_t tenant_id, int64_t customer_id,
                                    int64_t store_id, int64_t department_id, int limit,
                                    struct c360_complaint **items, size_t *n)
{
    struct db_stmt *st;
    *items = NULL;
    *n = 0;
    if (limit <= 0)
        return MN_OK;
    /* tickets_customer (tenant_id, customer_id, category_id, created_at) finds the rows */
    enum mn_status rc = db_prepare(db,
        "SELECT t.id, t.store_id, t.department_id, t.event_id, t.followup_task_id, t.category_id,"
        " c.code, c.name, t.source, t.severity, t.state, t.title, t.created_at, t.closed_at"
        " FROM tickets t JOIN complaint_categories c"
        "   ON c.tenant_id = t.tenant_id AND c.id = t.category_id"
        " WHERE t.tenant_id = $1 AND t.customer_id = $2"
        " AND (CAST($3 AS BIGINT) = 0 OR t.store_id = CAST($3 AS BIGINT))"
        " AND (CAST($4 AS BIGINT) = 0 OR t.department_id = CAST($4 AS BIGINT))"
        " ORDER BY t.created_at DESC, t.id DESC LIMIT $5", &st);
    if (rc != MN_OK)
        return rc;
    db_bind_i64(db, st, 1, tenant_id);
    db_bind_i64(db, st, 2, customer_id);
    db_bind_i64(db, st, 3, store_id);
    db_bind_i64(db, st, 4, department_id);
    db_bind_i64(db, st, 5, limit);
    void *arr = NULL;
    rc = store_collect(db, st, limit, sizeof(struct c360_complaint), read_complaint, &arr, n);
    *items = arr;
    return rc;
}
