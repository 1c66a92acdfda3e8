/* SPDX-License-Identifier: MIT */
/* The survey invitation job: sends pending email/SMS invitations and reminders to those who have
 * not answered. The work is in service/survey_send.c; this is the job entry. */
#ifndef MANYI_JOBS_SURVEY_H
#define MANYI_JOBS_SURVEY_H

#include "jobs/jobs.h"

enum mn_status job_survey_invitations(struct db *db, int64_t now, char *summary, size_t cap);

#endif
