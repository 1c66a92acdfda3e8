/* SPDX-License-Identifier: MIT */
/* Imports of uploaded files on background threads (service/import_upload.h). The request checks
 * the upload and the header row, creates the import record (status running) and answers 202;
 * a thread with its own store connection then runs the import, which writes its counts and
 * bytes_done into the record with every batch it commits, so GET /imports/{id} shows progress.
 * At the end the record says done or failed and the upload's file is deleted.
 *
 * Limits: IMPORT_BG_MAX threads per process (then 429), and one background import per tenant
 * across every server (a partial unique index on imports; then 409).
 *
 * Stopping: on SIGTERM the server calls svc_import_shutdown(): each import stops at its next
 * row, the batch being stored is committed, the record becomes `interrupted` and its upload is
 * released, so the same upload can be imported again (re-importing is idempotent). A process that
 * died without that (SIGKILL, a crash) leaves records `running`: the next start on the same host
 * marks them interrupted (svc_import_recover), and the housekeeping job marks those whose
 * process has been silent for 30 minutes, wherever it ran. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csv_reader.h"
#include "service/import_upload.h"

enum { SILENT_SECONDS = 1800, STALE_UPLOAD_SECONDS = 86400, SCAN = 500 };

struct bg_job {
    pthread_t thread;
    struct svc_ctx ctx;           /* the caller's principal, the thread's own connection */
    struct import_opts o;
    char filename[404], format[8], encoding[32], sheet[TAB_SHEET_NAME];
    char *mapping;                /* owned copy, or NULL */
    struct fu_import im;
    struct fu_upload up;
    bool finished;                /* the thread has ended (join it) */
    struct bg_job *next;
};

static pthread_mutex_t bg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bg_job *bg_jobs;    /* started, not yet joined */
static int bg_running;            /* slots taken (starting or running) */
static bool bg_closed;            /* shutting down: no new starts */
static atomic_bool bg_cancel;

/* Joins the threads that have ended. Called with bg_lock held. */
static void reap_locked(void)
{
    for (struct bg_job **p = &bg_jobs; *p != NULL;) {
        struct bg_job *j = *p;
        if (!j->finished) {
            p = &j->next;
            continue;
        }
        *p = j->next;
        pthread_join(j->thread, NULL);
        free(j->mapping);
        free(j);
    }
}

struct claim_tx { struct fu_import *im; const struct fu_upload *up; };

/* The record and the claim on the upload, together. */
static enum mn_status claim_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct claim_tx *t = arg;
    t->im->id = 0;
    enum mn_status rc = fu_imports_insert(ctx->db, t->im);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "upload_id",
                       "another import of this tenant is running; wait until it has finished");
    if (rc != MN_OK)
        return rc;
    rc = fu_uploads_claim(ctx->db, ctx->who.tenant_id, t->up->id, t->im->id, store_now());
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "upload_id",
                       "is being imported or was imported, or is incomplete");
    return rc;
}

struct release_tx { const struct fu_import *im; };

static enum mn_status release_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    const struct release_tx *t = arg;
    return fu_uploads_release(ctx->db, t->im->tenant_id, t->im->upload_id, t->im->id,
                              store_now());
}

static void *bg_main(void *arg)
{
    struct bg_job *j = arg;
    struct tab_input *in = calloc(1, sizeof *in);
    json_t *out = NULL;
    struct mn_error err = {0};
    struct import_run x = {.im = &j->im, .bytes_total = j->up.size, .cancel = &bg_cancel,
                           .remove_path = j->up.path};
    enum mn_status rc = MN_ERR_NOMEM;
    if (in != NULL) {
        in->encoding = j->encoding[0] != '\0' ? j->encoding : NULL;
        in->sheet = j->sheet[0] != '\0' ? j->sheet : NULL;
        in->file = fopen(j->up.path, "rbe");
        x.progress = in->file;
        rc = in->file != NULL ? MN_OK : MN_ERR_INTERNAL;
    }
    if (rc == MN_OK) {
        bool xlsx = strcmp(j->o.format, "xlsx") == 0;
        rc = svc_import_run_x(&j->ctx, &j->o, &x, xlsx ? xlsx_source_input : csv_source_input,
                              in, &out, &err);
    } else {
        /* the run never started: the record says why */
        bool changed;
        fprintf(stderr, "manyi: import %lld: cannot open %s: %s\n", (long long)j->im.id,
                j->up.path, strerror(errno));
        fu_imports_stop(j->ctx.db, j->im.tenant_id, j->im.id, "failed",
                        "the uploaded file could not be read on the server", store_now(),
                        &changed);
    }
    if (in != NULL && in->file != NULL)
        fclose(in->file);
    free(in);
    json_decref(out);
    if (x.interrupted) { /* the run kept the file and released the upload (import.c) */
        fprintf(stderr, "manyi: import %lld interrupted (upload %lld kept)\n",
                (long long)j->im.id, (long long)j->up.id);
    } else if (rc != MN_OK) { /* the file was removed by the run (import_run.remove_path) */
        fprintf(stderr, "manyi: import %lld failed: %s %s%s%s\n", (long long)j->im.id,
                mn_status_name(rc), err.field, err.hint[0] ? " " : "", err.hint);
    }
    db_close(j->ctx.db);
    j->ctx.db = NULL;
    pthread_mutex_lock(&bg_lock);
    j->finished = true;
    bg_running--;
    pthread_mutex_unlock(&bg_lock);
    return NULL;
}

enum mn_status svc_import_start(struct svc_ctx *ctx, const struct import_bg_input *in,
                                struct fu_import *out, struct mn_error *err)
{
    const struct import_opts *o = &in->o;
    if (!svc_may_import(ctx))
        return MN_ERR_FORBIDDEN;
    struct bg_job *j = calloc(1, sizeof *j);
    if (j == NULL)
        return MN_ERR_NOMEM;
    FILE *f = NULL;
    enum mn_status rc = svc_upload_open(ctx, in->upload_id, &f, &j->up, err);
    if (rc != MN_OK) {
        free(j);
        return rc;
    }
    snprintf(j->filename, sizeof j->filename, "%s",
             o->filename != NULL && o->filename[0] != '\0' ? o->filename : j->up.filename);
    snprintf(j->format, sizeof j->format, "%s", o->format);
    snprintf(j->encoding, sizeof j->encoding, "%s", in->encoding != NULL ? in->encoding : "");
    snprintf(j->sheet, sizeof j->sheet, "%s", in->sheet != NULL ? in->sheet : "");
    if (o->mapping != NULL && (j->mapping = strdup(o->mapping)) == NULL) {
        fclose(f);
        free(j);
        return MN_ERR_NOMEM;
    }
    j->o = (struct import_opts){.filename = j->filename, .format = j->format,
                                .mapping = j->mapping};
    /* A CSV's header row now, so that a file the import would refuse (columns, mapping,
     * encoding) is refused in the answer. Not a workbook's: reaching its first row means reading
     * all its shared strings, too slow for a request; its header problems end the import as
     * failed, with the reason in `error` (the web page previews first anyway). */
    bool xlsx = strcmp(j->format, "xlsx") == 0;
    struct tab_input *hin = xlsx ? NULL : calloc(1, sizeof *hin);
    rc = xlsx || hin != NULL ? MN_OK : MN_ERR_NOMEM;
    if (rc == MN_OK && xlsx) {
        rc = svc_import_check_header(ctx, &j->o, NULL, NULL, err); /* the options only */
    } else if (rc == MN_OK) {
        hin->file = f;
        hin->encoding = j->encoding[0] != '\0' ? j->encoding : NULL;
        rc = svc_import_check_header(ctx, &j->o, csv_source_input, hin, err);
    }
    free(hin);
    fclose(f);
    /* a slot in this process */
    if (rc == MN_OK) {
        pthread_mutex_lock(&bg_lock);
        reap_locked();
        if (bg_closed)
            rc = mn_fail(err, MN_ERR_THROTTLED, NULL, "the server is stopping; try again soon");
        else if (bg_running >= IMPORT_BG_MAX)
            rc = mn_fail(err, MN_ERR_THROTTLED, NULL,
                         "%d imports are running on this server; try again when one has"
                         " finished", IMPORT_BG_MAX);
        else
            bg_running++;
        pthread_mutex_unlock(&bg_lock);
        if (rc != MN_OK) {
            free(j->mapping);
            free(j);
            return rc;
        }
    } else {
        free(j->mapping);
        free(j);
        return rc;
    }
    /* the thread's own connection, opened here so that a store that refuses fails the request */
    char dberr[256];
    j->ctx = *ctx;
    j->ctx.db = NULL;
    if (db_open(in->db_url, &j->ctx.db, dberr, sizeof dberr) != MN_OK) {
        fprintf(stderr, "manyi: a background import cannot open the store: %s\n", dberr);
        rc = MN_ERR_RETRY;
    }
    if (rc == MN_OK) {
        j->im = (struct fu_import){.tenant_id = ctx->who.tenant_id,
                                   .user_id = ctx->who.user_id,
                                   .upload_id = j->up.id, .bytes_total = j->up.size};
        snprintf(j->im.filename, sizeof j->im.filename, "%s", j->filename);
        snprintf(j->im.format, sizeof j->im.format, "%s", j->format);
        snprintf(j->im.status, sizeof j->im.status, "running");
        snprintf(j->im.runner, sizeof j->im.runner, "%s", svc_import_runner());
        struct claim_tx t = {&j->im, &j->up};
        rc = svc_run_tx(ctx, claim_tx, &t, err);
    }
    if (rc == MN_OK) {
        *out = j->im;
        /* under the lock, so that a shutdown either joins this thread or sees none started */
        pthread_mutex_lock(&bg_lock);
        bool closed = bg_closed;
        if (!closed && pthread_create(&j->thread, NULL, bg_main, j) == 0) {
            j->next = bg_jobs;
            bg_jobs = j;
            j = NULL;
        }
        pthread_mutex_unlock(&bg_lock);
        if (j != NULL) { /* no thread: undo what the claim did */
            bool changed;
            struct mn_error ignore = {0};
            struct release_tx t = {&j->im};
            fu_imports_stop(ctx->db, j->im.tenant_id, j->im.id,
                            closed ? "interrupted" : "failed",
                            closed ? "the server was stopping; import the file again"
                                   : "the server could not start the import",
                            store_now(), &changed);
            svc_run_tx(ctx, release_tx, &t, &ignore);
            rc = closed ? mn_fail(err, MN_ERR_THROTTLED, NULL,
                                  "the server is stopping; try again soon")
                        : MN_ERR_INTERNAL;
        }
    }
    if (j != NULL) {
        db_close(j->ctx.db);
        free(j->mapping);
        free(j);
        pthread_mutex_lock(&bg_lock);
        bg_running--;
        pthread_mutex_unlock(&bg_lock);
    }
    return rc;
}

void svc_import_shutdown(void)
{
    pthread_mutex_lock(&bg_lock);
    bg_closed = true;
    atomic_store(&bg_cancel, true);
    struct bg_job *list = bg_jobs;
    bg_jobs = NULL;
    pthread_mutex_unlock(&bg_lock);
    while (list != NULL) {
        struct bg_job *j = list;
        list = j->next;
        pthread_join(j->thread, NULL);
        free(j->mapping);
        free(j);
    }
}

struct interrupt_tx { const struct fu_import *im; const char *why; bool changed; };

static enum mn_status interrupt_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct interrupt_tx *t = arg;
    int64_t now = store_now();
    enum mn_status rc = fu_imports_stop(ctx->db, t->im->tenant_id, t->im->id, "interrupted",
                                        t->why, now, &t->changed);
    if (rc == MN_OK && t->changed && t->im->upload_id > 0)
        rc = fu_uploads_release(ctx->db, t->im->tenant_id, t->im->upload_id, t->im->id, now);
    return rc;
}

static enum mn_status interrupt(struct db *db, const struct fu_import *im, const char *why,
                                bool *changed)
{
    struct svc_ctx ctx = {.db = db};
    struct mn_error err = {0};
    struct interrupt_tx t = {im, why, false};
    enum mn_status rc = svc_run_tx(&ctx, interrupt_tx, &t, &err);
    *changed = t.changed;
    return rc;
}

/* Whether the process named by runner ("host/pid/token") is gone, as far as this host can
 * tell: it ran here, and its pid is ours (a pid reused by the restarted server) or no process. */
static bool runner_dead_here(const char *runner)
{
    const char *me = svc_import_runner();
    const char *slash = strchr(me, '/');
    size_t host_len = slash != NULL ? (size_t)(slash - me) : strlen(me);
    if (strncmp(runner, me, host_len) != 0 || runner[host_len] != '/')
        return false;
    if (strcmp(runner, me) == 0)
        return false; /* this very process */
    char *end;
    long pid = strtol(runner + host_len + 1, &end, 10);
    if (end == runner + host_len + 1 || *end != '/' || pid <= 0)
        return false;
    if (pid == (long)getpid())
        return true;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

enum mn_status svc_import_recover(struct db *db, FILE *log)
{
    struct fu_import *items = NULL;
    size_t n = 0;
    enum mn_status rc = fu_imports_running(db, SCAN, &items, &n);
    for (size_t i = 0; rc == MN_OK && i < n; i++) {
        if (!runner_dead_here(items[i].runner))
            continue;
        bool changed;
        rc = interrupt(db, &items[i],
                       "the server stopped during the import; rows already imported are kept,"
                       " import the file again to finish", &changed);
        if (rc == MN_OK && changed && log != NULL)
            fprintf(log, "manyi: import %lld (tenant %lld) was left running by a stopped"
                         " process: marked interrupted at %lld rows\n",
                    (long long)items[i].id, (long long)items[i].tenant_id,
                    (long long)items[i].rows_total);
    }
    free(items);
    return rc;
}

enum mn_status svc_import_housekeeping(struct db *db, int64_t now, int64_t *interrupted,
                                       int64_t *removed)
{
    *interrupted = *removed = 0;
    struct fu_import *items = NULL;
    size_t n = 0;
    enum mn_status rc = fu_imports_running(db, SCAN, &items, &n);
    for (size_t i = 0; rc == MN_OK && i < n; i++) {
        if (items[i].heartbeat_at >= now - SILENT_SECONDS && !runner_dead_here(items[i].runner))
            continue;
        bool changed;
        rc = interrupt(db, &items[i],
                       "the server running the import stopped or went silent; rows already"
                       " imported are kept, import the file again to finish", &changed);
        *interrupted += changed;
    }
    free(items);
    if (rc != MN_OK)
        return rc;
    struct fu_upload *ups = NULL;
    if ((rc = fu_uploads_stale(db, now - STALE_UPLOAD_SECONDS, SCAN, &ups, &n)) != MN_OK)
        return rc;
    for (size_t i = 0; rc == MN_OK && i < n; i++) {
        if (unlink(ups[i].path) != 0 && errno != ENOENT) {
            fprintf(stderr, "manyi: cannot remove the stale upload %s: %s\n", ups[i].path,
                    strerror(errno));
            continue; /* the row stays, so the next run tries again */
        }
        rc = fu_uploads_delete(db, ups[i].tenant_id, ups[i].id);
        *removed += rc == MN_OK;
    }
    free(ups);
    return rc;
}
