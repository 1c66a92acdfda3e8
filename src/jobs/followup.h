/* SPDX-License-Identifier: MIT */
/* The follow-up scheduler job (issue 3 §4): creates call tasks from business events as they
 * arrive and as days pass. The work is in service/followup_sched.c; this is the job entry. */
#ifndef MANYI_JOBS_FOLLOWUP_H
#define MANYI_JOBS_FOLLOWUP_H

#include "jobs/jobs.h"

enum mn_status job_followup_schedule(struct db *db, int64_t now, char *summary, size_t cap);

#endif
