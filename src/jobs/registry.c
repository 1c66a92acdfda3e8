/* SPDX-License-Identifier: MIT */
/* The job table, built from jobs.def. */
#include "jobs/jobs.h"

#if __has_include("jobs/followup.h")
#include "jobs/followup.h"
#endif
#if __has_include("jobs/survey.h")
#include "jobs/survey.h"
#endif
#if __has_include("jobs/complaint.h")
#include "jobs/complaint.h"
#endif

const struct job jobs[] = {
#define JOB(name, interval, fn) {#name, interval, fn},
#include "jobs/jobs.def"
#undef JOB
    {NULL, 0, NULL},
};
