/* SPDX-License-Identifier: MIT */
/* Applies the embedded migrations (manyi_migrations[], generated from db/migrations/) that
 * schema_migrations does not list yet, each in its own transaction together with its row.
 * Two servers starting at once are serialised: BEGIN IMMEDIATE on SQLite, an advisory
 * transaction lock on PostgreSQL, and the version is checked again once the lock is held. */
#include "db/migrate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* pg_advisory_xact_lock key: "manyi" in ASCII, unlikely to clash with another application. */
static const int64_t MIGRATE_LOCK_KEY = 0x6d616e7969;

static const char SQL_CREATE[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 "version INTEGER PRIMARY KEY, "
                                 "name TEXT NOT NULL, "
                                 "applied_at BIGINT NOT NULL)";
static const char SQL_LOCK[] = "SELECT pg_advisory_xact_lock($1)";
static const char SQL_APPLIED[] = "SELECT 1 FROM schema_migrations WHERE version = $1";
static const char SQL_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A migration named "x.sqlite" or "x.pg" (an engine-specific pair, STYLE.md "Migrations")
 * applies to that engine only, provided the build keeps the suffix in the name. */
static bool applies_to(const struct migration *m, enum db_engine engine)
{
    if (ends_with(m->name, ".sqlite"))
        return engine == DB_SQLITE;
    if (ends_with(m->name, ".pg"))
        return engine == DB_POSTGRES;
    return true;
}

static enum mn_status lock_if_pg(struct db *db)
{
    struct db_stmt *st = NULL;
    enum mn_status rc;
    if (db->engine != DB_POSTGRES)
        return MN_OK;
    if ((rc = db_prepare(db, SQL_LOCK, &st)) != MN_OK)
        return rc;
    if ((rc = db_bind_i64(db, st, 1, MIGRATE_LOCK_KEY)) != MN_OK)
        return rc;
    return db_run(db, st);
}

/* Creating the table also takes the lock: two PostgreSQL sessions running CREATE TABLE IF NOT
 * EXISTS at the same moment can both miss the table and one fails on pg_type's unique index. */
static enum mn_status create_table(struct db *db)
{
    enum mn_status rc;
    if ((rc = db_begin(db)) != MN_OK)
        return rc;
    if ((rc = lock_if_pg(db)) != MN_OK || (rc = db_exec(db, SQL_CREATE)) != MN_OK ||
        (rc = db_commit(db)) != MN_OK)
        db_rollback(db);
    return rc;
}

static enum mn_status is_applied(struct db *db, int version, bool *applied)
{
    struct db_stmt *st = NULL;
    enum mn_status rc = db_prepare(db, SQL_APPLIED, &st);
    if (rc != MN_OK)
        return rc;
    if ((rc = db_bind_i64(db, st, 1, version)) != MN_OK)
        return rc;
    int r = db_step(db, st);
    if (r != DB_ROW && r != DB_DONE)
        return (enum mn_status)r;
    *applied = r == DB_ROW;
    return r == DB_ROW ? db_run(db, st) : MN_OK; /* to the end: release the read */
}

static enum mn_status record(struct db *db, const struct migration *m)
{
    struct db_stmt *st = NULL;
    enum mn_status rc = db_prepare(db, SQL_RECORD, &st);
    if (rc == MN_OK)
        rc = db_bind_i64(db, st, 1, m->version);
    if (rc == MN_OK)
        rc = db_bind_text(db, st, 2, m->name);
    if (rc == MN_OK)
        rc = db_bind_i64(db, st, 3, (int64_t)time(NULL));
    if (rc == MN_OK)
        rc = db_run(db, st);
    return rc;
}

/* Runs one migration in its own transaction; [out] done tells whether it was applied here
 * (false when another process got there first). */
static enum mn_status apply_one(struct db *db, const struct migration *m, bool *done)
{
    bool applied = false;
    enum mn_status rc;

    *done = false;
    if ((rc = db_begin(db)) != MN_OK)
        return rc;
    if ((rc = lock_if_pg(db)) != MN_OK || (rc = is_applied(db, m->version, &applied)) != MN_OK)
        goto out;
    if (applied)
        goto out;
    if ((rc = db_exec(db, m->sql)) != MN_OK || (rc = record(db, m)) != MN_OK)
        goto out;
    if ((rc = db_commit(db)) == MN_OK)
        *done = true;
out:
    if (rc != MN_OK || !*done)
        db_rollback(db);
    return rc;
}

enum mn_status db_migrate(struct db *db, int *n_applied)
{
    enum mn_status rc;
    int n = 0;

    if (n_applied != NULL)
        *n_applied = 0;
    if ((rc = create_table(db)) != MN_OK)
        return rc;
    for (const struct migration *m = manyi_migrations; m->sql != NULL; m++) {
        bool done = false;
        if (!applies_to(m, db->engine))
            continue;
        if ((rc = apply_one(db, m, &done)) != MN_OK) {
            char why[sizeof(db->errmsg)];
            snprintf(why, sizeof(why), "%s", db->errmsg);
            snprintf(db->errmsg, sizeof(db->errmsg), "migration %04d_%.60s: %.170s", m->version,
                     m->name, why);
            return rc;
        }
        if (done)
            n++;
    }
    if (n_applied != NULL)
        *n_applied = n;
    return MN_OK;
}

enum mn_status db_schema_version(struct db *db, int *version)
{
    /* An empty store has no schema_migrations yet; querying it would fail, and on PostgreSQL
     * would also abort the caller's transaction, so look the table up in the catalogue. */
    const char *exists_sql =
        db->engine == DB_SQLITE
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
              "AND name = 'schema_migrations'"
            : "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' "
              "AND schemaname = current_schema()";
    struct db_stmt *st = NULL;
    enum mn_status rc;
    int r;

    *version = 0;
    if ((rc = db_prepare(db, exists_sql, &st)) != MN_OK)
        return rc;
    if ((r = db_step(db, st)) != DB_ROW)
        return r == DB_DONE ? MN_ERR_DB : (enum mn_status)r;
    int64_t exists = db_col_i64(db, st, 0);
    if ((rc = db_run(db, st)) != MN_OK || exists == 0)
        return rc;

    const char *max_sql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
    if ((rc = db_prepare(db, max_sql, &st)) != MN_OK)
        return rc;
    if ((r = db_step(db, st)) != DB_ROW)
        return r == DB_DONE ? MN_ERR_DB : (enum mn_status)r;
    *version = (int)db_col_i64(db, st, 0);
    return db_run(db, st);
}
