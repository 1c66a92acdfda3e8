/* SPDX-License-Identifier: MIT */
/* The runner: one thread, one store connection, each job called every interval_seconds. A
 * failing job is logged and retried at its next turn; it never stops the others. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/timefmt.h"
#include "jobs/jobs.h"

enum { MAX_JOBS = 64 };

struct job_runner {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    struct db *db;
};

static enum mn_status run_one(struct db *db, const struct job *j, int64_t now, FILE *out)
{
    char summary[256] = "";
    enum mn_status rc = j->run(db, now, summary, sizeof summary);
    if (out != NULL) {
        char at[32];
        time_rfc3339(now, at);
        fprintf(out, "%s job %s: %s%s%s\n", at, j->name, rc == MN_OK ? "ok" : mn_status_name(rc),
                summary[0] != '\0' ? ", " : "", summary);
        if (rc != MN_OK && db->errmsg[0] != '\0')
            fprintf(out, "%s job %s: %s\n", at, j->name, db->errmsg);
    }
    return rc;
}

enum mn_status jobs_run_once(struct db *db, const char *name, int64_t now, FILE *out)
{
    enum mn_status first = MN_OK;
    bool found = false;
    for (const struct job *j = jobs; j->name != NULL; j++) {
        if (name != NULL && strcmp(name, j->name) != 0)
            continue;
        found = true;
        enum mn_status rc = run_one(db, j, now, out);
        if (rc != MN_OK && first == MN_OK)
            first = rc;
    }
    return found || name == NULL ? first : MN_ERR_NOT_FOUND;
}

static void *runner_main(void *arg)
{
    struct job_runner *r = arg;
    int64_t next[MAX_JOBS] = {0};
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        int64_t now = (int64_t)time(NULL);
        for (int i = 0; jobs[i].name != NULL && i < MAX_JOBS; i++) {
            if (now < next[i])
                continue;
            pthread_mutex_unlock(&r->lock);
            run_one(r->db, &jobs[i], now, stderr);
            pthread_mutex_lock(&r->lock);
            next[i] = now + jobs[i].interval_seconds;
            if (r->stop)
                break;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&r->wake, &r->lock, &until);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

enum mn_status jobs_start(const char *db_url, struct job_runner **out)
{
    char err[256];
    struct job_runner *r = calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL)
        return MN_ERR_NOMEM;
    if (db_open(db_url, &r->db, err, sizeof err) != MN_OK) {
        fprintf(stderr, "manyi: jobs cannot open the store: %s\n", err);
        free(r);
        return MN_ERR_DB;
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (pthread_create(&r->thread, NULL, runner_main, r) != 0) {
        db_close(r->db);
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        free(r);
        return MN_ERR_INTERNAL;
    }
    *out = r;
    return MN_OK;
}

void jobs_stop(struct job_runner *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    db_close(r->db);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    free(r);
}
