/* SPDX-License-Identifier: MIT */
/* The engine-neutral half of the driver: db_open() picks the engine from the URL, db_prepare()
 * keeps each connection's prepared statements in a cache keyed by their SQL text, and the
 * transaction helpers run the few statements whose spelling differs per engine. Nothing here
 * includes sqlite3.h or libpq-fe.h; see docs/decisions/0001-store-driver.md. */
#include "db/db.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RECENT_SLOTS = 64 };

struct cache_entry {
    struct cache_entry *next; /* the bucket's chain */
    uint64_t hash;            /* of sql, kept to skip most strcmp()s */
    char *sql;                /* owned copy of the key */
    struct db_stmt *stmt;     /* owned; finalized by db_close() */
};

/* Invariants: n_buckets is a power of two; every statement the connection prepared through
 * db_prepare() is in exactly one chain. */
struct db_cache {
    struct cache_entry **buckets;
    size_t n_buckets;
    size_t n_entries;
    /* Callers pass string literals, so the same SQL mostly arrives at the same address: a
     * pointer-keyed front saves hashing a few hundred bytes per statement (import rows run
     * two statements each). A hit is still confirmed with strcmp(), which is vectorised. */
    struct {
        const char *key;
        struct cache_entry *entry;
    } recent[RECENT_SLOTS];
};

enum { CACHE_INITIAL_BUCKETS = 64 };

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum mn_status db_open(const char *url, struct db **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    if (url == NULL || url[0] == '\0') {
        snprintf(errbuf, errlen, "empty database url");
        return MN_ERR_INVALID;
    }
    if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://")) {
#ifdef MANYI_WITH_POSTGRES
        return db_pg_open(url, out, errbuf, errlen);
#else
        snprintf(errbuf, errlen, "this build of manyi has no PostgreSQL driver "
                                 "(rebuild with -DMANYI_WITH_POSTGRES=ON and libpq-dev)");
        return MN_ERR_INVALID;
#endif
    }
    if (has_prefix(url, "sqlite:"))
        url += strlen("sqlite:");
    if (url[0] == '\0') {
        snprintf(errbuf, errlen, "sqlite url without a path");
        return MN_ERR_INVALID;
    }
    return db_sqlite_open(url, out, errbuf, errlen);
}

static void cache_free(struct db *db)
{
    struct db_cache *c = db->cache;
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n_buckets; i++) {
        struct cache_entry *e = c->buckets[i];
        while (e != NULL) {
            struct cache_entry *next = e->next;
            db->ops->finalize(e->stmt);
            free(e->sql);
            free(e);
            e = next;
        }
    }
    free(c->buckets);
    free(c);
    db->cache = NULL;
}

void db_close(struct db *db)
{
    if (db == NULL)
        return;
    cache_free(db);
    db->ops->close(db);
}

/* FNV-1a: statements are short and few, so a simple, well-spread hash is all we need. */
static uint64_t hash_sql(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static enum mn_status cache_grow(struct db_cache *c)
{
    size_t n = c->n_buckets * 2;
    struct cache_entry **b = calloc(n, sizeof(*b));
    if (b == NULL)
        return MN_ERR_NOMEM;
    for (size_t i = 0; i < c->n_buckets; i++) {
        struct cache_entry *e = c->buckets[i];
        while (e != NULL) {
            struct cache_entry *next = e->next;
            size_t j = (size_t)(e->hash & (n - 1));
            e->next = b[j];
            b[j] = e;
            e = next;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->n_buckets = n;
    return MN_OK;
}

static enum mn_status cache_init(struct db *db)
{
    struct db_cache *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return MN_ERR_NOMEM;
    c->buckets = calloc(CACHE_INITIAL_BUCKETS, sizeof(*c->buckets));
    if (c->buckets == NULL) {
        free(c);
        return MN_ERR_NOMEM;
    }
    c->n_buckets = CACHE_INITIAL_BUCKETS;
    db->cache = c;
    return MN_OK;
}

enum mn_status db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    enum mn_status rc = MN_OK;
    struct db_stmt *st = NULL;
    struct cache_entry *e = NULL;

    *out = NULL;
    if (db->cache == NULL && (rc = cache_init(db)) != MN_OK)
        return rc;
    struct db_cache *c = db->cache;
    size_t slot = ((uintptr_t)sql >> 3) % RECENT_SLOTS;
    e = c->recent[slot].entry;
    if (c->recent[slot].key == sql && strcmp(e->sql, sql) == 0) {
        db->ops->reset(e->stmt);
        *out = e->stmt;
        return MN_OK;
    }
    uint64_t h = hash_sql(sql);
    for (e = c->buckets[h & (c->n_buckets - 1)]; e != NULL; e = e->next) {
        if (e->hash == h && strcmp(e->sql, sql) == 0) {
            c->recent[slot].key = sql;
            c->recent[slot].entry = e;
            db->ops->reset(e->stmt);
            *out = e->stmt;
            return MN_OK;
        }
    }

    if ((rc = db->ops->prepare(db, sql, &st)) != MN_OK)
        return rc;
    e = calloc(1, sizeof(*e));
    if (e == NULL || (e->sql = strdup(sql)) == NULL) {
        rc = MN_ERR_NOMEM;
        goto out;
    }
    if (c->n_entries >= c->n_buckets && (rc = cache_grow(c)) != MN_OK)
        goto out;
    e->hash = h;
    e->stmt = st;
    size_t i = (size_t)(h & (c->n_buckets - 1));
    e->next = c->buckets[i];
    c->buckets[i] = e;
    c->recent[slot].key = sql;
    c->recent[slot].entry = e;
    c->n_entries++;
    *out = st;
    return MN_OK;
out:
    if (e != NULL)
        free(e->sql);
    free(e);
    db->ops->finalize(st);
    return rc;
}

/* Resets every cached statement before a transaction boundary. A statement left mid-way (a
 * SELECT read for its first row only, an INSERT … RETURNING not stepped to the end) keeps an
 * SQLite read snapshot open or makes COMMIT fail with "SQL statements in progress". */
static void reset_all(struct db *db)
{
    struct db_cache *c = db->cache;
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n_buckets; i++)
        for (struct cache_entry *e = c->buckets[i]; e != NULL; e = e->next)
            db->ops->reset(e->stmt);
}

enum mn_status db_begin(struct db *db)
{
    reset_all(db);
    /* IMMEDIATE takes SQLite's write lock now, so a busy database shows up here (and is
     * retried by busy_timeout) rather than as a deadlock-prone lock upgrade mid-transaction. */
    return db_exec(db, db->engine == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
}

enum mn_status db_commit(struct db *db)
{
    reset_all(db);
    return db_exec(db, "COMMIT");
}

enum mn_status db_rollback(struct db *db)
{
    reset_all(db);
    /* SQLite fails a ROLLBACK outside a transaction (and may already have rolled back by itself
     * after some errors); PostgreSQL warns. Both are normal on error paths, so check first. */
    if (!db->ops->in_tx(db))
        return MN_OK;
    return db_exec(db, "ROLLBACK");
}

enum mn_status db_bulk_begin(struct db *db)
{
    reset_all(db);
    return db->ops->bulk(db, true);
}

enum mn_status db_bulk_end(struct db *db)
{
    reset_all(db);
    return db->ops->bulk(db, false);
}

int64_t db_run_token(void)
{
    static atomic_llong last; /* process-wide, so no two executions on a connection share one */
    return (int64_t)atomic_fetch_add(&last, 1) + 1;
}

/* Rows are drained rather than refused: "SELECT pg_advisory_xact_lock($1)" or an INSERT …
 * RETURNING whose id is not needed are legitimate uses, and must still run to completion. */
enum mn_status db_run(struct db *db, struct db_stmt *st)
{
    int rc;
    while ((rc = db_step(db, st)) == DB_ROW)
        ;
    return rc == DB_DONE ? MN_OK : (enum mn_status)rc;
}
