/* SPDX-License-Identifier: MIT */
/* Job entry of the follow-up scheduler: one run over every tenant at clock `now`. Safe on
 * several servers at once (tasks are unique per rule, event and sequence). */
#include <stdio.h>

#include "jobs/followup.h"
#include "service/followup.h"

enum mn_status job_followup_schedule(struct db *db, int64_t now, char *summary, size_t cap)
{
    struct fu_sched_result r;
    enum mn_status rc = fu_schedule_run(db, now, &r);
    snprintf(summary, cap, "%lld tasks created, %lld events seen, %lld tenants",
             (long long)r.tasks_created, (long long)r.events_seen, (long long)r.tenants);
    return rc;
}
