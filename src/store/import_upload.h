/* SPDX-License-Identifier: MIT */
/* Uploads of import files in parts (store/import_upload.c): the metadata of a file whose bytes
 * the server keeps in `path`. Every function takes the tenant and filters by it, except the
 * housekeeping scan, which walks all tenants like the other jobs. */
#ifndef MANYI_STORE_IMPORT_UPLOAD_H
#define MANYI_STORE_IMPORT_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct fu_upload {
    int64_t id, tenant_id, user_id;
    char filename[404];
    int64_t size, received;
    char path[512];           /* the server's file; never shown to clients */
    int64_t import_id;        /* 0 = not being imported or imported */
    int64_t created_at, updated_at;
};

enum mn_status fu_uploads_insert(struct db *db, struct fu_upload *u);
enum mn_status fu_uploads_get(struct db *db, int64_t tenant_id, int64_t id, struct fu_upload *out);
/* received: from → to, when it still is `from` and no import holds the upload; MN_ERR_CONFLICT
 * otherwise. */
enum mn_status fu_uploads_advance(struct db *db, int64_t tenant_id, int64_t id, int64_t from,
                                  int64_t to, int64_t now);
/* Hands a complete upload to import_id; MN_ERR_CONFLICT when it is incomplete or taken. */
enum mn_status fu_uploads_claim(struct db *db, int64_t tenant_id, int64_t id, int64_t import_id,
                                int64_t now);
/* Gives an upload back (its import was interrupted): it may be imported again. */
enum mn_status fu_uploads_release(struct db *db, int64_t tenant_id, int64_t id, int64_t import_id,
                                  int64_t now);
enum mn_status fu_uploads_delete(struct db *db, int64_t tenant_id, int64_t id);

/* Uploads last touched before `before` whose import, if any, is not running: at most cap, any
 * tenant. [out] items: malloc'd. */
enum mn_status fu_uploads_stale(struct db *db, int64_t before, size_t cap,
                                struct fu_upload **items, size_t *n);

#endif
