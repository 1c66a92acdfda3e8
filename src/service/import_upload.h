/* SPDX-License-Identifier: MIT */
/* Large imports: files uploaded in parts (service/import_upload.c) and imports that run on a
 * background thread with their own store connection, reporting progress in the import record
 * (service/import_bg.c); the import itself is service/import.c. Role rules: those who may import
 * (admin, store_manager, cr_agent) create uploads; only the user who created an upload sees it,
 * appends to it and imports it (others: not found). */
#ifndef MANYI_SERVICE_IMPORT_UPLOAD_H
#define MANYI_SERVICE_IMPORT_UPLOAD_H

#include <stdatomic.h>
#include <stdio.h>

#include "service/followup.h"
#include "service/import_bg.h"
#include "store/import_upload.h"

/* --- the import run's extras (service/import.c) ---------------------------------------------- */
struct import_run {
    struct fu_import *im;        /* a record made by the caller (background), or NULL: made here */
    int64_t upload_id;           /* recorded in a record made here */
    int64_t bytes_total;         /* the file's size, 0 = unknown */
    FILE *progress;              /* the file being read: its offset is bytes_done */
    const atomic_bool *cancel;   /* set: stop at the next row, mark the import interrupted */
    const char *remove_path;     /* deleted once read, before the record says done or failed
                                  * (kept when interrupted), or NULL */
    bool interrupted;            /* [out] it stopped for cancel */
};
/* svc_import_run with a progress record: each committed batch writes the counts, bytes_done and
 * a heartbeat into the import row, in the batch's own transaction; a failure marks the row
 * failed (with error), a cancel marks it interrupted. x may be NULL. */
enum mn_status svc_import_run_x(struct svc_ctx *ctx, const struct import_opts *o,
                                struct import_run *x, import_source_fn source, void *src,
                                json_t **out, struct mn_error *err);
/* Reads only the header row and checks it against the mapping (given or saved), as the import
 * would: MN_ERR_INVALID (field mapping, file, encoding or sheet) when the import would fail.
 * source NULL: checks the options and the mapping alone. */
enum mn_status svc_import_check_header(struct svc_ctx *ctx, const struct import_opts *o,
                                       import_source_fn source, void *src, struct mn_error *err);
/* The first limit errors of an import as JSON {items: [{row, column, reason}], rows_failed}
 * (the web page's table for a background import; the CSV report has them all). */
enum mn_status svc_import_errors_list(struct svc_ctx *ctx, int64_t id, int limit, json_t **out);
/* May this caller import (admin, store_manager, cr_agent)? */
bool svc_may_import(const struct svc_ctx *ctx);
/* "host/pid/token" of this process (imports.runner). */
const char *svc_import_runner(void);

/* --- uploads (service/import_upload.c) ------------------------------------------------------- */
/* A new upload of size bytes (1..max): an empty file created O_EXCL, mode 0600, under dir with
 * a random name; MN_ERR_INVALID (size, filename), MN_ERR_FORBIDDEN, MN_ERR_INTERNAL (the file). */
enum mn_status svc_upload_create(struct svc_ctx *ctx, const char *filename, int64_t size,
                                 int64_t max, const char *dir, struct fu_upload *out,
                                 struct mn_error *err);
enum mn_status svc_upload_get(struct svc_ctx *ctx, int64_t id, struct fu_upload *out);
/* Writes len bytes (the part) to fd at its current offset; MN_OK or MN_ERR_INTERNAL. */
typedef enum mn_status (*upload_fill_fn)(void *arg, int fd, int64_t len);
/* Appends one part at offset. offset ≠ received: MN_ERR_CONFLICT, field offset, with *out the
 * current state (resume from out->received); past the declared size: MN_ERR_TOO_LARGE; an
 * upload being imported or imported: MN_ERR_CONFLICT, field id. */
enum mn_status svc_upload_append(struct svc_ctx *ctx, int64_t id, int64_t offset, int64_t len,
                                 upload_fill_fn fill, void *arg, struct fu_upload *out,
                                 struct mn_error *err);
/* The caller's complete, unclaimed upload opened for reading (inspect, dry run). Incomplete or
 * taken: MN_ERR_CONFLICT, field upload_id. */
enum mn_status svc_upload_open(struct svc_ctx *ctx, int64_t id, FILE **f, struct fu_upload *out,
                               struct mn_error *err);
json_t *encode_upload(const struct fu_upload *u);

/* --- background imports (service/import_bg.c) ----------------------------------------------- */
enum { IMPORT_BG_MAX = 2 };  /* background imports at once in one server process */
struct import_bg_input {
    struct import_opts o;        /* filename "" = the upload's */
    int64_t upload_id;
    const char *encoding, *sheet;
    const char *db_url;          /* the thread opens its own connection */
};
/* Checks the upload (the caller's, complete, not taken) and the file's header, creates the
 * import record (status running) and starts the import on a thread; *out is the record.
 * MN_ERR_CONFLICT (field upload_id) when another background import of the tenant runs or the
 * upload is incomplete or taken; MN_ERR_THROTTLED when IMPORT_BG_MAX run in this process. */
enum mn_status svc_import_start(struct svc_ctx *ctx, const struct import_bg_input *in,
                                struct fu_import *out, struct mn_error *err);
/* svc_import_recover, svc_import_shutdown, svc_import_housekeeping: service/import_bg.h */

#endif
