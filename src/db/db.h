/* SPDX-License-Identifier: MIT */
/* The store's driver layer: one small interface over sqlite3 and libpq. SQL is written once with
 * $1..$n placeholders; each engine file hides its dialect (placeholder syntax, identity columns,
 * error codes). These are the only files that include sqlite3.h or libpq-fe.h.
 *
 * Invariants: a struct db is one connection, used by one thread at a time. Statements returned by
 * db_prepare() are owned by the connection's cache and stay valid until db_close(). Text returned
 * by db_col_text() is valid until the next db_step()/db_prepare() of that statement. */
#ifndef MANYI_DB_H
#define MANYI_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

enum db_engine { DB_SQLITE, DB_POSTGRES };

/* db_step() results besides errors (which are MN_ERR_* values). */
enum { DB_ROW = 100, DB_DONE = 101 };

struct db;
struct db_stmt;

struct db_ops {
    enum mn_status (*prepare)(struct db *, const char *sql, struct db_stmt **out);
    enum mn_status (*bind_i64)(struct db_stmt *, int idx, int64_t v);
    enum mn_status (*bind_double)(struct db_stmt *, int idx, double v);
    enum mn_status (*bind_text)(struct db_stmt *, int idx, const char *s, int len);
    enum mn_status (*bind_null)(struct db_stmt *, int idx);
    int (*step)(struct db_stmt *);
    int64_t (*col_i64)(struct db_stmt *, int col);
    double (*col_double)(struct db_stmt *, int col);
    const char *(*col_text)(struct db_stmt *, int col);
    bool (*col_is_null)(struct db_stmt *, int col);
    int64_t (*changes)(struct db_stmt *);
    enum mn_status (*exec)(struct db *, const char *sql);
    void (*close)(struct db *);
    /* Used by db.c's statement cache and transaction helpers. */
    void (*reset)(struct db_stmt *);    /* drop pending rows and clear bindings */
    void (*finalize)(struct db_stmt *); /* free a statement (only from db_close) */
    bool (*in_tx)(struct db *);         /* an explicit transaction is open */
    enum mn_status (*bulk)(struct db *, bool on); /* db_bulk_begin (on) / db_bulk_end */
    enum mn_status (*checkpoint_in_background)(struct db *);
};

struct db_cache; /* db.c's per-connection statement cache */

/* Base of every engine's connection struct; engines embed it as their first member. */
struct db {
    const struct db_ops *ops;
    enum db_engine engine;
    char errmsg[256]; /* the last failure's message, for logs (never sent to clients) */
    struct db_cache *cache; /* prepared statements keyed by SQL text; NULL until first use */
};

/* Opens a connection. url is "sqlite:PATH", a bare path (SQLite), or "postgres://..." /
 * "postgresql://..." (libpq connection URI). On failure *out is NULL and errbuf says why. */
enum mn_status db_open(const char *url, struct db **out, char *errbuf, size_t errlen);

/* Closes the connection and frees its statements. Accepts NULL. */
void db_close(struct db *db);

/* Returns the cached prepared statement for sql (keyed by the text), preparing it on first use.
 * The statement comes back reset with its bindings cleared. Borrowed: never free it. */
enum mn_status db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/* 1-based parameter index, matching $1..$n in the SQL. bind_text copies; NULL s binds NULL;
 * len < 0 means NUL-terminated. */
static inline enum mn_status db_bind_i64(struct db *db, struct db_stmt *st, int idx, int64_t v)
{
    return db->ops->bind_i64(st, idx, v);
}
static inline enum mn_status db_bind_double(struct db *db, struct db_stmt *st, int idx, double v)
{
    return db->ops->bind_double(st, idx, v);
}
static inline enum mn_status db_bind_text(struct db *db, struct db_stmt *st, int idx,
                                          const char *s)
{
    return s != NULL ? db->ops->bind_text(st, idx, s, -1) : db->ops->bind_null(st, idx);
}
static inline enum mn_status db_bind_textn(struct db *db, struct db_stmt *st, int idx,
                                           const char *s, int len)
{
    return db->ops->bind_text(st, idx, s, len);
}
static inline enum mn_status db_bind_null(struct db *db, struct db_stmt *st, int idx)
{
    return db->ops->bind_null(st, idx);
}
/* Binds v, or NULL when v == 0 (optional foreign keys are 0 in our structs). */
static inline enum mn_status db_bind_id_or_null(struct db *db, struct db_stmt *st, int idx,
                                                int64_t v)
{
    return v != 0 ? db->ops->bind_i64(st, idx, v) : db->ops->bind_null(st, idx);
}

/* Executes on the first call, then walks the rows. Returns DB_ROW, DB_DONE or an MN_ERR_*:
 * MN_ERR_CONFLICT for a unique/foreign-key violation, MN_ERR_RETRY for busy/serialization
 * failures, MN_ERR_DB otherwise (db->errmsg says more). */
static inline int db_step(struct db *db, struct db_stmt *st) { return db->ops->step(st); }

/* Typed getters, 0-based column index. NULL reads as 0 / 0.0 / NULL. */
static inline int64_t db_col_i64(struct db *db, struct db_stmt *st, int col)
{
    return db->ops->col_i64(st, col);
}
static inline double db_col_double(struct db *db, struct db_stmt *st, int col)
{
    return db->ops->col_double(st, col);
}
static inline const char *db_col_text(struct db *db, struct db_stmt *st, int col)
{
    return db->ops->col_text(st, col);
}
static inline bool db_col_is_null(struct db *db, struct db_stmt *st, int col)
{
    return db->ops->col_is_null(st, col);
}
/* Rows changed by the last completed INSERT/UPDATE/DELETE of st. */
static inline int64_t db_changes(struct db *db, struct db_stmt *st)
{
    return db->ops->changes(st);
}

/* Runs one or more statements without parameters (migrations, pragmas). */
static inline enum mn_status db_exec(struct db *db, const char *sql)
{
    return db->ops->exec(db, sql);
}

enum mn_status db_begin(struct db *db);    /* SQLite: BEGIN IMMEDIATE (take the write lock now) */
enum mn_status db_commit(struct db *db);
enum mn_status db_rollback(struct db *db); /* safe to call when no transaction is open */

/* Bulk loading (imports). Between db_bulk_begin() and db_bulk_end() commits are atomic but not
 * each flushed to disk: SQLite runs synchronous=NORMAL with a larger WAL between checkpoints
 * whose checkpoints run on a thread of their own, and without row-by-row foreign-key checks
 * (the caller must take every reference from rows read in the same transaction); PostgreSQL
 * synchronous_commit=off. A crash can lose the last of those commits (never tear one), so
 * callers acknowledge nothing until db_bulk_end(), which restores full durability and makes
 * every earlier commit durable (SQLite: checkpoint with fsync; PostgreSQL: the next
 * synchronous commit flushes the WAL up to it, so one is issued). Call outside a transaction. */
enum mn_status db_bulk_begin(struct db *db);
enum mn_status db_bulk_end(struct db *db);

/* For a connection that writes all day and answers people while it does (the survey response
 * writer): SQLite copies its WAL back to the database file on a thread of its own, at the usual
 * 1,000 pages, instead of inside the commit that crosses them, so no reply waits for a
 * checkpoint. Durability is unchanged (each commit still syncs the WAL). PostgreSQL: nothing to
 * do. For the connection's lifetime; bulk mode leaves it on. */
static inline enum mn_status db_checkpoint_in_background(struct db *db)
{
    return db->ops->checkpoint_in_background(db);
}

/* SQLite connections provide the SQL function mn_running_number(key, row, run): 1, 2, 3 … per
 * key in the order the statement produces its rows, starting again whenever run changes (bind a
 * fresh value for each execution, see db_run_token()); a row evaluated twice keeps its number.
 * It is ROW_NUMBER() OVER (PARTITION BY key) without SQLite's buffering of each partition, for
 * statements that number many rows (db_sqlite_numbering.c). PostgreSQL keeps the window. */
int64_t db_run_token(void);

/* Steps a statement expected to produce no rows (INSERT/UPDATE/DELETE without RETURNING).
 * Rows, if any, are stepped through and dropped; returns MN_OK at the end. */
enum mn_status db_run(struct db *db, struct db_stmt *st);

/* Engine entry points (db_sqlite.c, db_pg.c); callers use db_open(). */
enum mn_status db_sqlite_open(const char *path, struct db **out, char *errbuf, size_t errlen);
enum mn_status db_pg_open(const char *conninfo, struct db **out, char *errbuf, size_t errlen);

/* Rewrites the common dialect's identity columns for the engine: migrations write
 * "BIGSERIAL PRIMARY KEY"; SQLite needs "INTEGER PRIMARY KEY" to alias the rowid.
 * Returns a malloc'd string (owned by the caller). */
char *db_sqlite_dialect(const char *sql);

#endif
