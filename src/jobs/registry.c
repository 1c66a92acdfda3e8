/* SPDX-License-Identifier: MIT */
/* The job table, built from jobs.def. */
#include "jobs/jobs.h"

/* each JOB line declares its function here (type job_fn), so no capability header is needed */
#define JOB(name, interval, fn) enum mn_status fn(struct db *db, int64_t now, char *summary, \
                                                  size_t cap);
#include "jobs/jobs.def"
#undef JOB

const struct job jobs[] = {
#define JOB(name, interval, fn) {#name, interval, fn},
#include "jobs/jobs.def"
#undef JOB
    {NULL, 0, NULL},
};
