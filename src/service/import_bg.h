/* SPDX-License-Identifier: MIT */
/* The process-wide side of background imports (service/import_bg.c), for the server's start-up
 * and shutdown and for the housekeeping job; kept apart from service/import_upload.h so that
 * these callers need not include the follow-up service. */
#ifndef MANYI_SERVICE_IMPORT_BG_H
#define MANYI_SERVICE_IMPORT_BG_H

#include <stdint.h>
#include <stdio.h>

#include "core/status.h"
#include "db/db.h"

/* Server start-up: imports left running by a dead process of this host become interrupted
 * (their uploads can be imported again). Writes a line per import to log. */
enum mn_status svc_import_recover(struct db *db, FILE *log);
/* Server shutdown: every background import stops at its next row, keeps what it committed, is
 * marked interrupted, and its thread is joined. New starts are refused (MN_ERR_THROTTLED). */
void svc_import_shutdown(void);
/* The housekeeping job: imports whose process went silent for 30 minutes become interrupted;
 * uploads untouched for 24 hours (and not being imported) are deleted, file and row. */
enum mn_status svc_import_housekeeping(struct db *db, int64_t now, int64_t *interrupted,
                                       int64_t *removed);

#endif
