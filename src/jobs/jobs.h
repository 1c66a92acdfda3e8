/* SPDX-License-Identifier: MIT */
/* Background jobs (follow-up task generation, SLA escalation, invitation reminders, webhook
 * delivery …): a table of periodic jobs, a runner thread inside `manyi serve`, and a one-shot
 * entry for `manyi jobs run`, whose clock can be set (tests, back-fills).
 * A job must be safe to run on several servers at once: it claims work with unique keys or
 * SELECT … FOR UPDATE SKIP LOCKED, never by assuming it is alone. */
#ifndef MANYI_JOBS_H
#define MANYI_JOBS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"

/* now: the clock, unix seconds. summary: a line for the log ("12 tasks created"). */
typedef enum mn_status (*job_fn)(struct db *db, int64_t now, char *summary, size_t cap);

struct job {
    const char *name;     /* "followup_schedule" */
    int interval_seconds; /* how often the runner calls it */
    job_fn run;
};

/* The registry (src/jobs/registry.c, from src/jobs/jobs.def); ends with {NULL, 0, NULL}. */
extern const struct job jobs[];

/* Runs one job (or all when name is NULL) once at clock now, reporting each to out. Returns
 * MN_ERR_NOT_FOUND for an unknown name, else the first failure or MN_OK. */
enum mn_status jobs_run_once(struct db *db, const char *name, int64_t now, FILE *out);

struct job_runner;
/* Starts the runner thread with its own store connection. */
enum mn_status jobs_start(const char *db_url, struct job_runner **out);
/* Stops and joins it; accepts NULL. */
void jobs_stop(struct job_runner *r);

#endif
