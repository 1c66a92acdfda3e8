/* SPDX-License-Identifier: MIT */
/* The SQLite engine: one sqlite3 handle per struct db (opened NOMUTEX, one thread at a time), in
 * WAL mode with synchronous=FULL so that an acknowledged commit survives a kill or power loss.
 * It hides the dialect: $1..$n become ?1..?n and BIGSERIAL PRIMARY KEY becomes the rowid alias.
 * Connection pooling and the single-writer batching live above this file. */
#include "db/db.h"
#include "db/db_sqlite_checkpointer.h"
#include "db/db_sqlite_numbering.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

struct db_sqlite {
    struct db base; /* first: struct db * and struct db_sqlite * are interchangeable */
    sqlite3 *h;
    struct sq_checkpointer *checkpointer; /* in bulk mode, or for good (db_checkpoint_in_background) */
    bool checkpointer_for_good;
};

struct db_stmt {
    struct db_sqlite *db; /* owning connection, for errmsg and changes */
    sqlite3_stmt *st;
    int64_t changes; /* rows changed by the last run that reached SQLITE_DONE */
};

enum {
    BUSY_TIMEOUT_MS = 5000,
    NORMAL_CHECKPOINT_FRAMES = 1000, /* SQLite's own default */
    BULK_CHECKPOINT_FRAMES = 16384, /* bulk mode: 64 MiB of 4 KiB pages between checkpoints */
};

static struct db_sqlite *sq(struct db *db) { return (struct db_sqlite *)db; }

/* Errors on a handle: constraint → CONFLICT (unique/foreign key), busy/locked → RETRY (the
 * caller's transaction runner reruns), anything else is a hard failure with the text kept. */
static enum mn_status sq_fail(struct db_sqlite *db, int rc, const char *what)
{
    snprintf(db->base.errmsg, sizeof(db->base.errmsg), "%s: %s (sqlite %d)", what,
             sqlite3_errmsg(db->h), rc);
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return MN_ERR_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return MN_ERR_RETRY;
    case SQLITE_NOMEM:
        return MN_ERR_NOMEM;
    default:
        return MN_ERR_DB;
    }
}

/* Returns the index just past the string literal, quoted identifier or comment starting at
 * s[i], or i when none starts there. Placeholders and keywords inside them are left alone. */
static size_t skip_inert(const char *s, size_t i)
{
    char q = s[i];
    if (q == '\'' || q == '"' || q == '`' || q == '[') {
        char end = q == '[' ? ']' : q;
        for (i++; s[i] != '\0'; i++) {
            if (s[i] == end) {
                if (s[i + 1] == end && end != ']') { /* doubled quote escapes itself */
                    i++;
                    continue;
                }
                return i + 1;
            }
        }
        return i;
    }
    if (q == '-' && s[i + 1] == '-') {
        while (s[i] != '\0' && s[i] != '\n')
            i++;
        return i;
    }
    if (q == '/' && s[i + 1] == '*') {
        const char *e = strstr(s + i + 2, "*/");
        return e != NULL ? (size_t)(e - s) + 2 : strlen(s);
    }
    return i;
}

/* SQLite reads "$1" as a *named* parameter, numbered by order of first appearance, so
 * "... $2 ... $1" would bind backwards; "?NNN" is numbered by its digits, as PostgreSQL's $n. */
static char *rewrite_placeholders(const char *sql)
{
    char *out = strdup(sql);
    if (out == NULL)
        return NULL;
    size_t i = 0;
    while (out[i] != '\0') {
        size_t j = skip_inert(out, i);
        if (j != i) {
            i = j;
            continue;
        }
        if (out[i] == '$' && isdigit((unsigned char)out[i + 1]) &&
            (i == 0 || !(isalnum((unsigned char)out[i - 1]) || out[i - 1] == '_')))
            out[i] = '?';
        i++;
    }
    return out;
}

static bool word_at(const char *s, size_t i, const char *word)
{
    size_t n = strlen(word);
    if (strncasecmp(s + i, word, n) != 0)
        return false;
    if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
        return false;
    return !(isalnum((unsigned char)s[i + n]) || s[i + n] == '_');
}

static size_t skip_space(const char *s, size_t i)
{
    while (isspace((unsigned char)s[i]))
        i++;
    return i;
}

/* "BIGSERIAL PRIMARY KEY" → "INTEGER PRIMARY KEY": only that exact column type makes SQLite
 * alias the rowid and assign ids itself, which is what BIGSERIAL does on PostgreSQL. */
char *db_sqlite_dialect(const char *sql)
{
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    size_t i = 0, o = 0;
    while (i < n) {
        size_t j = skip_inert(sql, i);
        if (j != i) {
            memcpy(out + o, sql + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        if (word_at(sql, i, "BIGSERIAL")) {
            size_t k = skip_space(sql, i + strlen("BIGSERIAL"));
            if (k > i + strlen("BIGSERIAL") && word_at(sql, k, "PRIMARY")) {
                k = skip_space(sql, k + strlen("PRIMARY"));
                if (word_at(sql, k, "KEY")) {
                    memcpy(out + o, "INTEGER", strlen("INTEGER"));
                    o += strlen("INTEGER");
                    i += strlen("BIGSERIAL");
                    continue;
                }
            }
        }
        out[o++] = sql[i++];
    }
    out[o] = '\0';
    return out;
}

static enum mn_status sq_prepare(struct db *base, const char *sql, struct db_stmt **out)
{
    struct db_sqlite *db = sq(base);
    enum mn_status rc = MN_OK;
    struct db_stmt *st = NULL;
    char *text = rewrite_placeholders(sql);

    *out = NULL;
    if (text == NULL || (st = calloc(1, sizeof(*st))) == NULL) {
        rc = MN_ERR_NOMEM;
        goto out;
    }
    st->db = db;
    /* PERSISTENT: these statements live in the connection's cache for its whole life. */
    int src = sqlite3_prepare_v3(db->h, text, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL);
    if (src != SQLITE_OK) {
        rc = sq_fail(db, src, "prepare");
        goto out;
    }
    if (st->st == NULL) { /* only whitespace or comments */
        snprintf(db->base.errmsg, sizeof(db->base.errmsg), "prepare: empty statement");
        rc = MN_ERR_DB;
        goto out;
    }
    *out = st;
    st = NULL;
out:
    if (st != NULL)
        sqlite3_finalize(st->st);
    free(st);
    free(text);
    return rc;
}

static enum mn_status bind_result(struct db_stmt *st, int rc)
{
    return rc == SQLITE_OK ? MN_OK : sq_fail(st->db, rc, "bind");
}

static enum mn_status sq_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
    return bind_result(st, sqlite3_bind_int64(st->st, idx, v));
}

static enum mn_status sq_bind_double(struct db_stmt *st, int idx, double v)
{
    return bind_result(st, sqlite3_bind_double(st->st, idx, v));
}

static enum mn_status sq_bind_text(struct db_stmt *st, int idx, const char *s, int len)
{
    if (s == NULL)
        return bind_result(st, sqlite3_bind_null(st->st, idx));
    return bind_result(st, sqlite3_bind_text(st->st, idx, s, len, SQLITE_TRANSIENT));
}

static enum mn_status sq_bind_null(struct db_stmt *st, int idx)
{
    return bind_result(st, sqlite3_bind_null(st->st, idx));
}

static int sq_step(struct db_stmt *st)
{
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        /* sqlite3_changes() is per connection: capture it before another statement runs.
         * Reset now so a finished statement holds no read snapshot or write lock. */
        st->changes = sqlite3_changes64(st->db->h);
        sqlite3_reset(st->st);
        return DB_DONE;
    }
    enum mn_status err = sq_fail(st->db, rc, "step");
    sqlite3_reset(st->st);
    return (int)err;
}

static int64_t sq_col_i64(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(st->st, col);
}

static double sq_col_double(struct db_stmt *st, int col)
{
    return sqlite3_column_double(st->st, col);
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->st, col);
}

static bool sq_col_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t sq_changes(struct db_stmt *st) { return st->changes; }

static enum mn_status sq_exec(struct db *base, const char *sql)
{
    struct db_sqlite *db = sq(base);
    char *text = db_sqlite_dialect(sql);
    if (text == NULL)
        return MN_ERR_NOMEM;
    int rc = sqlite3_exec(db->h, text, NULL, NULL, NULL);
    free(text);
    return rc == SQLITE_OK ? MN_OK : sq_fail(db, rc, "exec");
}

static void sq_reset(struct db_stmt *st)
{
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
    st->changes = 0;
}

static void sq_finalize(struct db_stmt *st)
{
    if (st == NULL)
        return;
    sqlite3_finalize(st->st);
    free(st);
}

static bool sq_in_tx(struct db *base) { return sqlite3_get_autocommit(sq(base)->h) == 0; }

static enum mn_status sq_bulk(struct db *base, bool on)
{
    struct db_sqlite *db = sq(base);
    enum mn_status rc;
    if (on) {
        /* Foreign keys are not checked row by row (a fifth of the cost of a task row,
         * bench/import): bulk writers take every reference from rows they read in the same
         * transaction. Checkpoints move to a thread of their own every 16,384 pages (64 MiB)
         * of WAL instead of 1,000, so each index page is copied back to the database file far
         * fewer times; should the thread not start, SQLite's own run at that size. */
        rc = sq_exec(base, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF");
        if (rc == MN_OK && db->checkpointer == NULL &&
            (rc = sq_exec(base, "PRAGMA wal_autocheckpoint = 16384")) == MN_OK)
            sq_checkpointer_start(db->h, BULK_CHECKPOINT_FRAMES, &db->checkpointer);
        return rc;
    }
    rc = MN_OK;
    if (!db->checkpointer_for_good) {
        sq_checkpointer_stop(db->h, db->checkpointer);
        db->checkpointer = NULL;
        rc = sq_exec(base, "PRAGMA wal_autocheckpoint = 1000");
    }
    if (rc == MN_OK)
        rc = sq_exec(base, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    /* Under NORMAL the WAL is synced only by checkpoints: run one (it fsyncs the WAL, then the
     * database file once it has copied the frames). When readers hold every frame back it
     * copies nothing and syncs nothing; then the caller's next commit, made with
     * synchronous=FULL, syncs the WAL holding all of them. Callers end with such a commit (the
     * import writes its summary row). */
    if (rc == MN_OK)
        rc = sq_exec(base, "PRAGMA wal_checkpoint(PASSIVE)");
    return rc;
}

static enum mn_status sq_checkpoint_in_background(struct db *base)
{
    struct db_sqlite *db = sq(base);
    if (db->checkpointer != NULL)
        return MN_OK;
    int src = sq_checkpointer_start(db->h, NORMAL_CHECKPOINT_FRAMES, &db->checkpointer);
    if (src == SQLITE_MISUSE)
        return MN_OK; /* an in-memory store has no WAL */
    if (src != SQLITE_OK)
        return sq_fail(db, src, "checkpointer");
    db->checkpointer_for_good = true;
    return MN_OK;
}

static void sq_close(struct db *base)
{
    struct db_sqlite *db = sq(base);
    sq_checkpointer_stop(db->h, db->checkpointer);
    sqlite3_close_v2(db->h);
    free(db);
}

static const struct db_ops sqlite_ops = {
    .prepare = sq_prepare,
    .bind_i64 = sq_bind_i64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_i64 = sq_col_i64,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_is_null = sq_col_is_null,
    .changes = sq_changes,
    .exec = sq_exec,
    .close = sq_close,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .in_tx = sq_in_tx,
    .bulk = sq_bulk,
    .checkpoint_in_background = sq_checkpoint_in_background,
};

/* Pragmas that make the store safe and concurrent; checked, because a silently ignored pragma
 * (journal_mode on a read-only medium, say) would weaken durability without a word. */
static enum mn_status configure(struct db_sqlite *db, const char *path)
{
    enum mn_status rc;
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    int frc = db_sqlite_numbering_register(db->h);
    if (frc != SQLITE_OK)
        return sq_fail(db, frc, "mn_running_number");
    if ((rc = sq_exec(&db->base, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL")) != MN_OK)
        return rc;
    /* The page cache per connection (default 64 MiB; SQLite's own is 2 MiB): with a million
     * customers the indexes no longer fit in 2 MiB and every import row misses (bench/import). */
    char pragma[64];
    long cache_mb = 64;
    const char *env = getenv("MANYI_SQLITE_CACHE_MB");
    if (env != NULL && *env != '\0')
        cache_mb = strtol(env, NULL, 10);
    if (cache_mb < 2 || cache_mb > 65536)
        cache_mb = 64;
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%ld", cache_mb * 1024);
    if ((rc = sq_exec(&db->base, pragma)) != MN_OK)
        return rc;
    if (strcmp(path, ":memory:") == 0 || strncmp(path, "file::memory:", 13) == 0)
        return MN_OK; /* no journal file to put in WAL mode */

    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    /* Switching a new file to WAL needs an exclusive lock and does not call the busy handler,
     * so two servers opening a fresh store at once would fail here without this loop. */
    for (int waited_ms = 0; src == SQLITE_OK; waited_ms += 10) {
        src = sqlite3_step(st);
        if ((src & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
            break;
        sqlite3_reset(st);
        sqlite3_sleep(10);
        src = SQLITE_OK;
    }
    if (src != SQLITE_ROW) {
        rc = sq_fail(db, src, "journal_mode");
    } else if (strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0) {
        snprintf(db->base.errmsg, sizeof(db->base.errmsg), "journal_mode: got %s, want wal",
                 (const char *)sqlite3_column_text(st, 0));
        rc = MN_ERR_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

enum mn_status db_sqlite_open(const char *path, struct db **out, char *errbuf, size_t errlen)
{
    enum mn_status rc = MN_OK;
    struct db_sqlite *db = calloc(1, sizeof(*db));

    *out = NULL;
    if (db == NULL) {
        snprintf(errbuf, errlen, "out of memory");
        return MN_ERR_NOMEM;
    }
    db->base.ops = &sqlite_ops;
    db->base.engine = DB_SQLITE;
    /* NOMUTEX: a connection belongs to one thread at a time (db.h), so SQLite's per-call
     * mutex would be pure overhead. URI filenames allow "file:...?mode=ro" and the like. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                SQLITE_OPEN_URI;
    int src = sqlite3_open_v2(path, &db->h, flags, NULL);
    if (src != SQLITE_OK) {
        snprintf(errbuf, errlen, "sqlite open %s: %s", path,
                 db->h != NULL ? sqlite3_errmsg(db->h) : sqlite3_errstr(src));
        rc = MN_ERR_DB;
        goto out;
    }
    if ((rc = configure(db, path)) != MN_OK) {
        snprintf(errbuf, errlen, "sqlite open %s: %s", path, db->base.errmsg);
        goto out;
    }
    *out = &db->base;
    db = NULL;
out:
    if (db != NULL)
        sq_close(&db->base);
    return rc;
}
