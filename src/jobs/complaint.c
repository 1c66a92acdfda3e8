/* SPDX-License-Identifier: MIT */
/* Thin job wrappers over service/complaint_jobs.c: run one batch at the given clock and say
 * what happened in one line. */
#include "jobs/complaint.h"

#include <stdio.h>

#include "service/complaint.h"

enum mn_status complaint_job_alerts(struct db *db, int64_t now, char *summary, size_t cap)
{
    int created = 0, skipped = 0;
    enum mn_status rc = complaint_consume_alerts(db, now, &created, &skipped);
    snprintf(summary, cap, "%d tickets opened from survey alerts, %d skipped", created, skipped);
    return rc;
}

enum mn_status complaint_job_sla(struct db *db, int64_t now, char *summary, size_t cap)
{
    int escalated = 0;
    enum mn_status rc = complaint_escalate_overdue(db, now, &escalated);
    snprintf(summary, cap, "%d tickets escalated", escalated);
    return rc;
}

enum mn_status complaint_job_deliver(struct db *db, int64_t now, char *summary, size_t cap)
{
    int sent = 0, failed = 0;
    enum mn_status rc = complaint_deliver(db, now, &sent, &failed);
    snprintf(summary, cap, "%d delivered, %d failed (will retry)", sent, failed);
    return rc;
}
