/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the store files. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/org.h"

void store_copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL ? src : "");
}

int64_t store_now(void)
{
    return (int64_t)time(NULL);
}

enum mn_status store_finish(struct db *db, struct db_stmt *st)
{
    int r;
    while ((r = db_step(db, st)) == DB_ROW)
        ;
    return r == DB_DONE ? MN_OK : (enum mn_status)r;
}

enum mn_status store_step_one(struct db *db, struct db_stmt *st)
{
    int r = db_step(db, st);
    if (r == DB_ROW)
        return MN_OK;
    return r == DB_DONE ? MN_ERR_NOT_FOUND : (enum mn_status)r;
}

enum mn_status store_collect(struct db *db, struct db_stmt *st, int limit, size_t size,
                             store_row_reader read, void **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    char *arr = calloc((size_t)(limit > 0 ? limit : 1), size);
    if (arr == NULL)
        return MN_ERR_NOMEM;
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        if (k < (size_t)limit)
            read(db, st, arr + k++ * size);
    }
    if (r != DB_DONE) {
        free(arr);
        return (enum mn_status)r;
    }
    *items = arr;
    *n = k;
    return MN_OK;
}

void store_bind_search(struct db *db, struct db_stmt *st, int needle_idx, const char *q)
{
    char like[420];
    const char *needle = q != NULL ? q : "";
    snprintf(like, sizeof like, "%%%s%%", needle);
    db_bind_text(db, st, needle_idx, needle);
    db_bind_text(db, st, needle_idx + 1, like);
}
