/* SPDX-License-Identifier: MIT */
/* The complaint loop's jobs (issue 5): survey low-score alerts into tickets, SLA escalation,
 * and delivery of the webhook and email outbox. Listed in jobs.def. */
#ifndef MANYI_JOBS_COMPLAINT_H
#define MANYI_JOBS_COMPLAINT_H

#include "jobs/jobs.h"

enum mn_status complaint_job_alerts(struct db *db, int64_t now, char *summary, size_t cap);
enum mn_status complaint_job_sla(struct db *db, int64_t now, char *summary, size_t cap);
enum mn_status complaint_job_deliver(struct db *db, int64_t now, char *summary, size_t cap);

#endif
