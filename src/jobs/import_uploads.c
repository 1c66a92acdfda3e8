/* SPDX-License-Identifier: MIT */
/* Job entry of the import housekeeping (service/import_bg.c): uploads untouched for a day are
 * deleted (file and row), and imports whose process went silent are marked interrupted. Safe on
 * several servers at once: each step is a conditional update or a delete by id. */
#include <stdio.h>

#include "jobs/jobs.h"
#include "service/import_bg.h"

enum mn_status job_import_uploads(struct db *db, int64_t now, char *summary, size_t cap)
{
    int64_t interrupted = 0, removed = 0;
    enum mn_status rc = svc_import_housekeeping(db, now, &interrupted, &removed);
    snprintf(summary, cap, "%lld stale uploads removed, %lld silent imports interrupted",
             (long long)removed, (long long)interrupted);
    return rc;
}
