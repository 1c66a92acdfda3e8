/* SPDX-License-Identifier: MIT */
/* Job entry of the survey invitations (see jobs/survey.h). */
#include "jobs/survey.h"

#include "service/survey.h"

enum mn_status job_survey_invitations(struct db *db, int64_t now, char *summary, size_t cap)
{
    return survey_job_invitations(db, now, summary, cap);
}
