/* SPDX-License-Identifier: MIT */
/* The bulk writer's checkpointer: a thread with its own connection that copies the WAL back to
 * the database file while the writer goes on. SQLite's automatic checkpoint runs inside the
 * commit that crosses its threshold, so a bulk writer waits for every page to be copied and
 * synced (0.3–0.5 s per 500,000 follow-up tasks, bench/import); on a second core the copy
 * overlaps the writer's next statement instead. A PASSIVE checkpoint never blocks the writer
 * (SQLite's WAL design: it copies only frames no reader needs, under its own lock). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "db/db_sqlite_checkpointer.h"

struct sq_checkpointer {
    sqlite3 *h; /* the checkpointer's own connection */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int threshold; /* WAL frames that call for a checkpoint */
    bool pending, stop;
};

/* The writer's WAL hook, called after each of its commits with the WAL's size in frames. */
static int on_commit(void *arg, sqlite3 *writer, const char *schema, int frames)
{
    (void)writer;
    (void)schema;
    struct sq_checkpointer *c = arg;
    if (frames >= c->threshold) {
        pthread_mutex_lock(&c->lock);
        c->pending = true;
        pthread_cond_signal(&c->wake);
        pthread_mutex_unlock(&c->lock);
    }
    return SQLITE_OK;
}

static void *run(void *arg)
{
    struct sq_checkpointer *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->pending && !c->stop)
            pthread_cond_wait(&c->wake, &c->lock);
        if (c->stop)
            break; /* the writer's db_bulk_end checkpoints what is left */
        c->pending = false;
        pthread_mutex_unlock(&c->lock);
        /* BUSY (another checkpoint under way) or any failure only leaves more for the next one
         * and for db_bulk_end's, which reports its own errors. */
        sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

int sq_checkpointer_start(sqlite3 *writer, int threshold_frames, struct sq_checkpointer **out)
{
    *out = NULL;
    const char *path = sqlite3_db_filename(writer, "main");
    if (path == NULL || *path == '\0')
        return SQLITE_MISUSE; /* in-memory store: nothing to copy */
    struct sq_checkpointer *c = calloc(1, sizeof *c);
    if (c == NULL)
        return SQLITE_NOMEM;
    int rc = sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    /* A connection opens the WAL on its first read; until then a checkpoint finds none. */
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(c->h, 5000);
        rc = sqlite3_exec(c->h, "PRAGMA schema_version", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(c->h);
        free(c);
        return rc;
    }
    c->threshold = threshold_frames;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->lock);
        sqlite3_close_v2(c->h);
        free(c);
        return SQLITE_ERROR;
    }
    sqlite3_wal_hook(writer, on_commit, c); /* replaces the automatic checkpoint */
    *out = c;
    return SQLITE_OK;
}

void sq_checkpointer_stop(sqlite3 *writer, struct sq_checkpointer *c)
{
    if (c == NULL)
        return;
    sqlite3_wal_hook(writer, NULL, NULL);
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    sqlite3_close_v2(c->h);
    free(c);
}
