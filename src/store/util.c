/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the store files. */
#include <stdio.h>
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
