/* SPDX-License-Identifier: MIT */
/* The group-commit writer (ARCHITECTURE.md "Performance by design"): one thread with its own
 * connection takes every queued public submission, writes a batch in one transaction (each
 * response under its own savepoint, so a rejected one leaves nothing behind and does not
 * spoil the others), merges the batch's rollup deltas into one upsert per key, commits, and
 * only then reports each outcome. One fsync then covers hundreds of responses. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/survey.h"
#include "store/survey.h"

enum {
    BATCH_MAX = 1024,    /* responses per transaction */
    QUEUE_MAX = 65536,   /* beyond this the caller answers 503 (back-pressure) */
    COMMIT_ATTEMPTS = 5,
};

enum mn_status response_write_row(struct db *db, struct response_rec *rec, struct mn_error *err);
void response_rollup_delta(const struct response_rec *rec, struct rollup_key *k,
                           struct figures_sums *s, struct servqual_points_acc *pts);

struct wjob {
    struct response_rec rec;
    writer_done_fn done;
    void *arg;
    enum mn_status rc;
    struct mn_error err;
    struct wjob *next;
};

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct wjob *head, *tail;
    size_t len;
    bool started;
    bool stopping; /* writer_stop(): drain the queue, then end the thread */
    char url[1024];
    struct db *db;
    pthread_t thread;
} W = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0, false, false, "", NULL,
       0};

struct merged {
    struct rollup_key k;
    struct figures_sums s;
    struct servqual_points_acc pts;
};

static bool same_key(const struct rollup_key *a, const struct rollup_key *b)
{
    return a->tenant_id == b->tenant_id && a->survey_id == b->survey_id &&
           a->store_id == b->store_id && a->department_id == b->department_id &&
           a->employee_id == b->employee_id && strcmp(a->day, b->day) == 0 &&
           strcmp(a->touchpoint, b->touchpoint) == 0 && strcmp(a->channel, b->channel) == 0;
}

/* One attempt at jobs[0..n) in one transaction. A job that is refused (its token already
 * used, a duplicate) wrote nothing, so it needs no savepoint; any other failure fails the
 * whole transaction, and run_batch then writes the jobs one by one. */
static enum mn_status write_batch(struct db *db, struct wjob **jobs, size_t n,
                                  struct merged *m, size_t *nm)
{
    enum mn_status rc = db_begin(db);
    if (rc != MN_OK)
        return rc;
    *nm = 0;
    int64_t now = store_now();
    for (size_t i = 0; i < n && rc == MN_OK; i++) {
        struct wjob *j = jobs[i];
        memset(&j->err, 0, sizeof j->err);
        j->rec.m.submitted_at = now;
        j->rc = response_write_row(db, &j->rec, &j->err);
        if (j->rc == MN_ERR_CONFLICT)
            continue;
        if (j->rc != MN_OK) {
            rc = j->rc;
            break;
        }
        struct rollup_key k;
        struct figures_sums s;
        struct servqual_points_acc pts;
        response_rollup_delta(&j->rec, &k, &s, &pts);
        size_t x = 0;
        while (x < *nm && !same_key(&m[x].k, &k))
            x++;
        if (x == *nm) {
            m[x].k = k;
            memset(&m[x].s, 0, sizeof m[x].s);
            memset(&m[x].pts, 0, sizeof m[x].pts);
            (*nm)++;
        }
        figures_sums_add(&m[x].s, &s);
        servqual_points_merge(&m[x].pts, &pts);
    }
    for (size_t x = 0; x < *nm && rc == MN_OK; x++)
        rc = survey_rollups_add(db, &m[x].k, &m[x].s, &m[x].pts);
    if (rc == MN_OK)
        rc = db_commit(db);
    if (rc != MN_OK)
        db_rollback(db);
    return rc;
}

static bool ensure_db(void)
{
    char e[256];
    if (W.db != NULL)
        return true;
    if (db_open(W.url, &W.db, e, sizeof e) == MN_OK) {
        /* replies wait for the batch's commit: keep checkpoints out of it */
        if (db_checkpoint_in_background(W.db) != MN_OK)
            fprintf(stderr, "manyi: response writer checkpoints in its commits: %s\n",
                    W.db->errmsg);
        return true;
    }
    fprintf(stderr, "manyi: response writer cannot open the store: %s\n", e);
    return false;
}

static void finish(struct wjob *j, enum mn_status rc)
{
    j->done(j->arg, rc, &j->rec, &j->err);
    response_rec_release(&j->rec);
    free(j);
}

static writer_flush_fn flush_fn;

void writer_set_flush(writer_flush_fn fn)
{
    flush_fn = fn; /* set before the first submission, read only by the writer thread */
}

static void run_batch(struct wjob **jobs, size_t n, struct merged *m)
{
    enum mn_status rc = MN_ERR_RETRY;
    size_t nm = 0;
    for (int attempt = 0; attempt < COMMIT_ATTEMPTS && rc == MN_ERR_RETRY; attempt++) {
        if (attempt > 0)
            usleep((useconds_t)(5000 << attempt));
        rc = ensure_db() ? write_batch(W.db, jobs, n, m, &nm) : MN_ERR_RETRY;
    }
    if (rc == MN_OK) {
        for (size_t i = 0; i < n; i++)
            finish(jobs[i], jobs[i]->rc);
        if (flush_fn != NULL)
            flush_fn();
        return;
    }
    fprintf(stderr, "manyi: response batch of %zu failed (%s): %s; writing one by one\n", n,
            mn_status_name(rc), W.db != NULL ? W.db->errmsg : "");
    for (size_t i = 0; i < n; i++) {
        enum mn_status one = ensure_db() ? write_batch(W.db, &jobs[i], 1, m, &nm) : MN_ERR_RETRY;
        finish(jobs[i], one == MN_OK ? jobs[i]->rc : MN_ERR_RETRY);
    }
    if (flush_fn != NULL)
        flush_fn();
}

static void *writer_main(void *unused)
{
    (void)unused;
    struct wjob **jobs = calloc(BATCH_MAX, sizeof *jobs);
    struct merged *m = calloc(BATCH_MAX, sizeof *m);
    if (jobs == NULL || m == NULL)
        abort();
    for (;;) {
        pthread_mutex_lock(&W.mu);
        while (W.head == NULL && !W.stopping)
            pthread_cond_wait(&W.cv, &W.mu);
        if (W.head == NULL) { /* stopping, and every accepted response is written */
            pthread_mutex_unlock(&W.mu);
            break;
        }
        size_t n = 0;
        while (W.head != NULL && n < BATCH_MAX) {
            jobs[n++] = W.head;
            W.head = W.head->next;
        }
        if (W.head == NULL)
            W.tail = NULL;
        W.len -= n;
        pthread_mutex_unlock(&W.mu);
        run_batch(jobs, n, m);
    }
    free(jobs);
    free(m);
    return NULL;
}

void writer_stop(void)
{
    pthread_mutex_lock(&W.mu);
    bool started = W.started;
    W.stopping = true;
    pthread_cond_signal(&W.cv);
    pthread_mutex_unlock(&W.mu);
    if (!started)
        return;
    pthread_join(W.thread, NULL);
    db_close(W.db);
    W.db = NULL;
}

enum mn_status writer_submit(const char *db_url, struct response_rec *rec, writer_done_fn done,
                             void *arg)
{
    struct wjob *j = calloc(1, sizeof *j);
    if (j == NULL)
        return MN_ERR_NOMEM;
    pthread_mutex_lock(&W.mu);
    if (W.len >= QUEUE_MAX || W.stopping) {
        pthread_mutex_unlock(&W.mu);
        free(j);
        return MN_ERR_RETRY;
    }
    if (!W.started) {
        snprintf(W.url, sizeof W.url, "%s", db_url);
        if (pthread_create(&W.thread, NULL, writer_main, NULL) != 0) {
            pthread_mutex_unlock(&W.mu);
            free(j);
            return MN_ERR_INTERNAL;
        }
        W.started = true; /* joined by writer_stop() */
    }
    j->rec = *rec;
    rec->answers_json = rec->derived_json = NULL; /* ownership moved to the job */
    j->done = done;
    j->arg = arg;
    if (W.tail != NULL)
        W.tail->next = j;
    else
        W.head = j;
    W.tail = j;
    W.len++;
    pthread_cond_signal(&W.cv);
    pthread_mutex_unlock(&W.mu);
    return MN_OK;
}
