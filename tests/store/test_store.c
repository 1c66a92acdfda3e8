/* SPDX-License-Identifier: MIT */
/* The store contract suite, built twice: test_store_sqlite and test_store_pg (STORE_ENGINE_PG).
 * Both run the same checks through src/db/db.h against a fresh, migrated database: typed
 * binds and getters, the statement cache, RETURNING, ON CONFLICT, error mapping, transactions.
 * The PG build fails (never skips) when the pg_cluster fixture gave it no reachable server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#ifndef STORE_ENGINE_PG
#include "db/db_sqlite_checkpointer.h"
#endif
#include "db/migrate.h"
#ifdef STORE_LAYER
#include "store/accounts.h"
#include "store/audit.h"
#include "store/followup.h"
#include "store/org.h"
#endif

#ifdef STORE_ENGINE_PG
static const char ENGINE[] = "pg";
#else
static const char ENGINE[] = "sqlite";
#endif

enum { URL_MAX = 1024 };

/* One database per run: the suite's checks build on each other's schema, not on rows. */
static struct db *db;
static char sqlite_dir[256]; /* SQLite: the temporary directory holding the files */

#ifdef STORE_ENGINE_PG
static char base_url[URL_MAX]; /* the fixture's cluster */
static const char PG_TEST_DB[] = "manyi_store_test";
static const char PG_RACE_DB[] = "manyi_store_race";

/* The URL comes from MANYI_TEST_PG_URL, or from the file the pg_cluster fixture wrote. */
static int read_pg_url(void)
{
    const char *env = getenv("MANYI_TEST_PG_URL");
    if (env != NULL && env[0] != '\0') {
        snprintf(base_url, sizeof(base_url), "%s", env);
        return 0;
    }
    const char *file = getenv("MANYI_PG_URL_FILE");
    if (file == NULL) {
        fprintf(stderr, "store/pg: neither MANYI_TEST_PG_URL nor MANYI_PG_URL_FILE is set "
                        "(run through ctest, which starts the pg_cluster fixture)\n");
        return -1;
    }
    FILE *f = fopen(file, "r");
    if (f == NULL) {
        fprintf(stderr, "store/pg: cannot read %s: %s (did pg_cluster start?)\n", file,
                strerror(errno));
        return -1;
    }
    char *ok = fgets(base_url, sizeof(base_url), f);
    fclose(f);
    if (ok == NULL)
        return -1;
    base_url[strcspn(base_url, "\r\n")] = '\0';
    return base_url[0] != '\0' ? 0 : -1;
}

/* The cluster may be shared with other suites, so each run gets its own, new database. */
static int fresh_url(const char *dbname, char *url, size_t len)
{
    char err[256];
    struct db *admin = NULL;
    char sql[128];

    if (db_open(base_url, &admin, err, sizeof(err)) != MN_OK) {
        fprintf(stderr, "store/pg: %s\n", err);
        return -1;
    }
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
    enum mn_status rc = db_exec(admin, sql);
    if (rc == MN_OK) {
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
        rc = db_exec(admin, sql);
    }
    if (rc != MN_OK)
        fprintf(stderr, "store/pg: %s\n", admin->errmsg);
    db_close(admin);
    /* a later dbname keyword overrides the one in the URI's path */
    snprintf(url, len, "%s%sdbname=%s", base_url, strchr(base_url, '?') != NULL ? "&" : "?",
             dbname);
    return rc == MN_OK ? 0 : -1;
}
#else
static int fresh_url(const char *dbname, char *url, size_t len)
{
    snprintf(url, len, "sqlite:%s/%s.db", sqlite_dir, dbname);
    return 0;
}
#endif

static int group_setup(void **state)
{
    (void)state;
    char url[URL_MAX + 64];
    char err[256];

#ifdef STORE_ENGINE_PG
    if (read_pg_url() != 0)
        return -1;
    printf("store suite: engine=PostgreSQL, cluster %s\n", base_url);
    if (fresh_url(PG_TEST_DB, url, sizeof(url)) != 0)
        return -1;
#else
    const char *tmp = getenv("TMPDIR");
    snprintf(sqlite_dir, sizeof(sqlite_dir), "%s/manyi-store-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(sqlite_dir) == NULL) {
        perror("mkdtemp");
        return -1;
    }
    fresh_url("store", url, sizeof(url));
    printf("store suite: engine=SQLite, file %s/store.db\n", sqlite_dir);
#endif
    if (db_open(url, &db, err, sizeof(err)) != MN_OK) {
        fprintf(stderr, "store/%s: open %s: %s\n", ENGINE, url, err);
        return -1;
    }
    return 0;
}

static void remove_sqlite_files(const char *name)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char path[512];
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s.db%s", sqlite_dir, name, suffixes[i]);
        unlink(path);
    }
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(db);
    db = NULL;
    if (sqlite_dir[0] != '\0') {
        remove_sqlite_files("store");
        remove_sqlite_files("race");
        rmdir(sqlite_dir);
    }
    return 0;
}

/* --- helpers ------------------------------------------------------------------------------ */

static int64_t count_rows(const char *table)
{
    char sql[128];
    struct db_stmt *st = NULL;
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    assert_int_equal(db_prepare(db, sql, &st), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    int64_t n = db_col_i64(db, st, 0);
    assert_int_equal(db_step(db, st), DB_DONE);
    return n;
}

static int64_t insert_row(const char *name, int64_t n)
{
    struct db_stmt *st = NULL;
    assert_int_equal(
        db_prepare(db, "INSERT INTO scratch (name, n) VALUES ($1, $2) RETURNING id", &st), MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, name), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, n), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    int64_t id = db_col_i64(db, st, 0);
    assert_int_equal(db_step(db, st), DB_DONE);
    return id;
}

static int n_embedded_migrations(enum db_engine engine, int *max_version)
{
    int n = 0;
    *max_version = 0;
    for (const struct migration *m = manyi_migrations; m->sql != NULL; m++) {
        size_t len = strlen(m->name);
        bool sqlite_only = len > 7 && strcmp(m->name + len - 7, ".sqlite") == 0;
        bool pg_only = len > 3 && strcmp(m->name + len - 3, ".pg") == 0;
        if ((sqlite_only && engine != DB_SQLITE) || (pg_only && engine != DB_POSTGRES))
            continue;
        n++;
        if (m->version > *max_version)
            *max_version = m->version;
    }
    return n;
}

/* --- migrations ----------------------------------------------------------------------------- */

static void test_migrate_empty_then_again(void **state)
{
    (void)state;
    int version = -1, applied = -1, max_version = 0;
    int expected = n_embedded_migrations(db->engine, &max_version);

    assert_int_equal(db_schema_version(db, &version), MN_OK);
    assert_int_equal(version, 0);

    if (db_migrate(db, &applied) != MN_OK)
        fail_msg("migrate: %s", db->errmsg);
    assert_int_equal(applied, expected);
    assert_int_equal(count_rows("schema_migrations"), expected);
    assert_int_equal(db_schema_version(db, &version), MN_OK);
    assert_int_equal(version, max_version);
    printf("store/%s: %d embedded migration(s) applied, schema version %d\n", ENGINE, applied,
           version);

    assert_int_equal(db_migrate(db, &applied), MN_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(count_rows("schema_migrations"), expected);
    assert_int_equal(db_migrate(db, NULL), MN_OK);

    /* The suite's own scratch table, in the common dialect (BIGSERIAL is rewritten on SQLite). */
    assert_int_equal(db_exec(db, "CREATE TABLE scratch ("
                                 "  id BIGSERIAL PRIMARY KEY,"
                                 "  name TEXT NOT NULL UNIQUE,"
                                 "  n BIGINT,"
                                 "  x DOUBLE PRECISION,"
                                 "  note TEXT,"
                                 "  flag BOOLEAN)"),
                     MN_OK);
}

/* Every later test starts from an empty scratch table. */
static int clear_scratch(void **state)
{
    (void)state;
    return db_exec(db, "DELETE FROM scratch") == MN_OK ? 0 : -1;
}

/* --- binds and getters ---------------------------------------------------------------------- */

static void test_types_roundtrip(void **state)
{
    (void)state;
    struct db_stmt *st = NULL;
    const char *zh = "满意度调查：服务很好，环境一般 😀";

    assert_int_equal(db_prepare(db,
                                "INSERT INTO scratch (name, n, x, note, flag) "
                                "VALUES ($1, $2, $3, $4, $5)",
                                &st),
                     MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "max"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, INT64_MAX), MN_OK);
    assert_int_equal(db_bind_double(db, st, 3, 3.25), MN_OK);
    assert_int_equal(db_bind_text(db, st, 4, zh), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 5, 1), MN_OK);
    assert_int_equal(db_run(db, st), MN_OK);
    assert_int_equal(db_changes(db, st), 1);

    assert_int_equal(db_prepare(db,
                                "INSERT INTO scratch (name, n, x, note, flag) "
                                "VALUES ($1, $2, $3, $4, $5)",
                                &st),
                     MN_OK);
    assert_int_equal(db_bind_textn(db, st, 1, "min-and-more", 3), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, INT64_MIN), MN_OK);
    assert_int_equal(db_bind_double(db, st, 3, -0.1), MN_OK);
    assert_int_equal(db_bind_text(db, st, 4, NULL), MN_OK);
    assert_int_equal(db_bind_id_or_null(db, st, 5, 0), MN_OK);
    assert_int_equal(db_run(db, st), MN_OK);

    assert_int_equal(db_prepare(db, "SELECT n, x, note, flag, name FROM scratch ORDER BY n DESC",
                                &st),
                     MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_true(db_col_i64(db, st, 0) == INT64_MAX);
    assert_true(db_col_double(db, st, 1) == 3.25);
    assert_string_equal(db_col_text(db, st, 2), zh);
    assert_int_equal(db_col_i64(db, st, 3), 1); /* PG boolean 't' reads as 1 */
    assert_string_equal(db_col_text(db, st, 4), "max");
    assert_false(db_col_is_null(db, st, 2));

    assert_int_equal(db_step(db, st), DB_ROW);
    assert_true(db_col_i64(db, st, 0) == INT64_MIN);
    assert_true(db_col_double(db, st, 1) == -0.1);
    assert_true(db_col_is_null(db, st, 2));
    assert_null(db_col_text(db, st, 2));
    assert_true(db_col_is_null(db, st, 3));
    assert_int_equal(db_col_i64(db, st, 3), 0); /* NULL reads as 0 */
    assert_true(db_col_double(db, st, 3) == 0.0);
    assert_string_equal(db_col_text(db, st, 4), "min");
    assert_int_equal(db_step(db, st), DB_DONE);

    /* An integer read as text, and a Chinese parameter compared inside SQL. */
    assert_int_equal(db_prepare(db, "SELECT n, name FROM scratch WHERE note = $1", &st), MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, zh), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_string_equal(db_col_text(db, st, 0), "9223372036854775807");
    assert_int_equal(db_step(db, st), DB_DONE);

    /* A boolean false reads as 0 on both engines. */
    assert_int_equal(db_prepare(db, "SELECT flag FROM scratch WHERE flag = $1", &st), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 1, 1), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_int_equal(db_col_i64(db, st, 0), 1);
    assert_int_equal(db_step(db, st), DB_DONE);
}

/* $n are numbered by their digits, not by order of appearance (SQLite's own $NAME rule), and a
 * "$1" inside a string literal is text, not a parameter. */
static void test_placeholders_by_number(void **state)
{
    (void)state;
    struct db_stmt *st = NULL;
    insert_row("a", 1);
    insert_row("b", 2);

    assert_int_equal(
        db_prepare(db, "SELECT name, '$1' FROM scratch WHERE n = $2 OR name = $1", &st), MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "zzz"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 2), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_string_equal(db_col_text(db, st, 0), "b");
    assert_string_equal(db_col_text(db, st, 1), "$1");
    assert_int_equal(db_step(db, st), DB_DONE);
}

static void test_cache_returns_reset_statement(void **state)
{
    (void)state;
    const char *sql = "SELECT name FROM scratch WHERE n >= $1 ORDER BY n";
    struct db_stmt *st = NULL, *again = NULL;
    insert_row("one", 1);
    insert_row("two", 2);

    assert_int_equal(db_prepare(db, sql, &st), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 1, 0), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_string_equal(db_col_text(db, st, 0), "one");

    /* Same text, same statement; mid-way rows dropped and the binding back to NULL, so
     * "n >= NULL" matches nothing. */
    assert_int_equal(db_prepare(db, sql, &again), MN_OK);
    assert_ptr_equal(st, again);
    assert_int_equal(db_step(db, again), DB_DONE);

    assert_int_equal(db_prepare(db, sql, &again), MN_OK);
    assert_int_equal(db_bind_i64(db, again, 1, 2), MN_OK);
    assert_int_equal(db_step(db, again), DB_ROW);
    assert_string_equal(db_col_text(db, again, 0), "two");
    assert_int_equal(db_step(db, again), DB_DONE);

    /* Different text, different statement; many statements grow the cache. */
    for (int i = 0; i < 200; i++) {
        char q[64];
        struct db_stmt *s = NULL;
        snprintf(q, sizeof(q), "SELECT %d", i);
        assert_int_equal(db_prepare(db, q, &s), MN_OK);
        assert_ptr_not_equal(s, st);
        assert_int_equal(db_step(db, s), DB_ROW);
        assert_int_equal(db_col_i64(db, s, 0), i);
    }
    assert_int_equal(db_prepare(db, sql, &again), MN_OK);
    assert_ptr_equal(st, again);
}

static void test_returning_id(void **state)
{
    (void)state;
    int64_t a = insert_row("first", 10);
    int64_t b = insert_row("second", 20);
    assert_true(a > 0);
    assert_true(b > a);

    struct db_stmt *st = NULL;
    assert_int_equal(db_prepare(db, "SELECT n FROM scratch WHERE id = $1", &st), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 1, b), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_int_equal(db_col_i64(db, st, 0), 20);
    assert_int_equal(db_step(db, st), DB_DONE);
}

static void test_conflict(void **state)
{
    (void)state;
    struct db_stmt *st = NULL;
    insert_row("dup", 1);

    assert_int_equal(db_prepare(db,
                                "INSERT INTO scratch (name, n) VALUES ($1, $2) "
                                "ON CONFLICT (name) DO NOTHING RETURNING id",
                                &st),
                     MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "dup"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 2), MN_OK);
    assert_int_equal(db_step(db, st), DB_DONE); /* nothing inserted, no id */
    assert_int_equal(db_changes(db, st), 0);

    assert_int_equal(db_prepare(db, "INSERT INTO scratch (name, n) VALUES ($1, $2)", &st),
                     MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "dup"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 3), MN_OK);
    db->errmsg[0] = '\0';
    assert_int_equal(db_step(db, st), MN_ERR_CONFLICT);
    assert_true(strlen(db->errmsg) > 0);

    /* The statement and the connection stay usable after the violation. */
    assert_int_equal(db_prepare(db, "INSERT INTO scratch (name, n) VALUES ($1, $2)", &st),
                     MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "not-dup"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 4), MN_OK);
    assert_int_equal(db_run(db, st), MN_OK);
    assert_int_equal(count_rows("scratch"), 2);

    /* NOT NULL is an integrity constraint too. */
    assert_int_equal(db_prepare(db, "INSERT INTO scratch (name, n) VALUES ($1, $2)", &st),
                     MN_OK);
    assert_int_equal(db_bind_null(db, st, 1), MN_OK);
    assert_int_equal(db_run(db, st), MN_ERR_CONFLICT);
}

static void test_transactions(void **state)
{
    (void)state;
    insert_row("before", 1);

    assert_int_equal(db_begin(db), MN_OK);
    insert_row("rolled-back", 2);
    assert_int_equal(count_rows("scratch"), 2);
    assert_int_equal(db_rollback(db), MN_OK);
    assert_int_equal(count_rows("scratch"), 1);

    assert_int_equal(db_begin(db), MN_OK);
    insert_row("committed", 3);
    assert_int_equal(db_commit(db), MN_OK);
    assert_int_equal(count_rows("scratch"), 2);

    /* A failed statement inside a transaction; the rollback still cleans up (on PostgreSQL the
     * transaction is aborted by then). */
    assert_int_equal(db_begin(db), MN_OK);
    insert_row("inside", 4);
    struct db_stmt *st = NULL;
    assert_int_equal(db_prepare(db, "INSERT INTO scratch (name) VALUES ($1)", &st), MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "inside"), MN_OK);
    assert_int_equal(db_run(db, st), MN_ERR_CONFLICT);
    assert_int_equal(db_rollback(db), MN_OK);
    assert_int_equal(count_rows("scratch"), 2);

    /* RETURNING stepped for its row only, then committed: the driver finishes the statement. */
    assert_int_equal(db_begin(db), MN_OK);
    assert_int_equal(
        db_prepare(db, "INSERT INTO scratch (name, n) VALUES ($1, $2) RETURNING id", &st), MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "half-stepped"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 5), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_int_equal(db_commit(db), MN_OK);
    assert_int_equal(count_rows("scratch"), 3);

    /* Rollback without a transaction is a no-op. */
    assert_int_equal(db_rollback(db), MN_OK);
    assert_int_equal(db_rollback(db), MN_OK);
}

static void test_changes(void **state)
{
    (void)state;
    struct db_stmt *st = NULL;
    insert_row("c1", 1);
    insert_row("c2", 2);
    insert_row("c3", 3);

    assert_int_equal(db_prepare(db, "UPDATE scratch SET note = $1 WHERE n >= $2", &st), MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "upd"), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 2), MN_OK);
    assert_int_equal(db_run(db, st), MN_OK);
    assert_int_equal(db_changes(db, st), 2);

    /* another statement's run does not change what this one reports */
    struct db_stmt *del = NULL;
    assert_int_equal(db_prepare(db, "DELETE FROM scratch WHERE n = $1", &del), MN_OK);
    assert_int_equal(db_bind_i64(db, del, 1, 99), MN_OK);
    assert_int_equal(db_run(db, del), MN_OK);
    assert_int_equal(db_changes(db, del), 0);
    assert_int_equal(db_changes(db, st), 2);

    assert_int_equal(db_prepare(db, "DELETE FROM scratch WHERE n = $1", &del), MN_OK);
    assert_int_equal(db_bind_i64(db, del, 1, 1), MN_OK);
    assert_int_equal(db_run(db, del), MN_OK);
    assert_int_equal(db_changes(db, del), 1);
}

#ifndef STORE_ENGINE_PG /* PostgreSQL statements number with ROW_NUMBER() */
/* mn_running_number (db.h, SQLite only): 1, 2, 3 … per key in the rows' order, a fresh run
 * token starts again, a row evaluated twice keeps its number, a NULL key gets none. */
static int64_t numbers_of(int64_t run, int64_t *out, size_t cap)
{
    struct db_stmt *st = NULL;
    /* the number is used twice per row, as a correlated subquery would use it */
    assert_int_equal(db_prepare(db, "SELECT x.rn, x.rn * 10 FROM (SELECT id,"
                                    " mn_running_number(n, id, $1) AS rn FROM scratch"
                                    " WHERE +id > 0 ORDER BY id) x", &st), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 1, run), MN_OK);
    size_t k = 0;
    int r;
    while ((r = db_step(db, st)) == DB_ROW) {
        assert_true(k < cap);
        if (db_col_is_null(db, st, 0)) {
            out[k++] = 0;
            continue;
        }
        assert_int_equal(db_col_i64(db, st, 1), 10 * db_col_i64(db, st, 0));
        out[k++] = db_col_i64(db, st, 0);
    }
    assert_int_equal(r, DB_DONE);
    return (int64_t)k;
}

static void test_running_number(void **state)
{
    (void)state;
    /* keys (n) in id order: 7 7 3 7 NULL 3 100000000000 7 */
    const int64_t keys[] = {7, 7, 3, 7, -1, 3, 100000000000, 7};
    char name[16];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        snprintf(name, sizeof name, "r%zu", i);
        if (keys[i] < 0) {
            struct db_stmt *st = NULL;
            assert_int_equal(db_prepare(db, "INSERT INTO scratch (name) VALUES ($1)", &st), MN_OK);
            assert_int_equal(db_bind_text(db, st, 1, name), MN_OK);
            assert_int_equal(db_run(db, st), MN_OK);
        } else {
            insert_row(name, keys[i]);
        }
    }
    const int64_t want[] = {1, 2, 1, 3, 0, 2, 1, 4}; /* worked out by hand from keys */
    int64_t got[8];
    int64_t run = db_run_token();
    assert_int_equal(numbers_of(run, got, 8), 8);
    assert_memory_equal(got, want, sizeof want);
    /* a new run starts again; the same run value goes on counting */
    assert_int_equal(numbers_of(db_run_token(), got, 8), 8);
    assert_memory_equal(got, want, sizeof want);
    assert_true(db_run_token() != db_run_token());
    /* many keys: the table grows and keeps every count */
    struct db_stmt *st = NULL;
    assert_int_equal(db_prepare(db, "SELECT max(rn), count(*) FROM (SELECT"
                                    " mn_running_number(value % 1000, value, $1) AS rn"
                                    " FROM (WITH RECURSIVE c(value) AS (SELECT 1 UNION ALL"
                                    " SELECT value + 1 FROM c WHERE value < 5000)"
                                    " SELECT value FROM c))", &st), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 1, db_run_token()), MN_OK);
    assert_int_equal(db_step(db, st), DB_ROW);
    assert_int_equal(db_col_i64(db, st, 0), 5);
    assert_int_equal(db_col_i64(db, st, 1), 5000);
    assert_int_equal(db_step(db, st), DB_DONE);
}
#endif

#ifndef STORE_ENGINE_PG
/* The bulk writer's checkpointer (db_sqlite_checkpointer.c): with SQLite's own checkpoint off,
 * only its thread can copy committed WAL frames into the database file, so the file growing
 * after a commit shows it ran; stopping it gives the writer back a store that reads whole. */
static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void test_bulk_checkpointer(void **state)
{
    (void)state;
    char path[320];
    snprintf(path, sizeof path, "%s/ckpt.db", sqlite_dir);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                                     " CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB)",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL),
                     SQLITE_OK);
    long before = file_size(path);
    struct sq_checkpointer *c = NULL;
    assert_int_equal(sq_checkpointer_start(h, 50, &c), SQLITE_OK);
    assert_non_null(c);
    /* 200 rows of 3 KiB: about 200 pages, 4 times the threshold, in one commit */
    assert_int_equal(sqlite3_exec(h, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                     " FROM n WHERE i < 200) INSERT INTO big (b)"
                                     " SELECT zeroblob(3000) FROM n", NULL, NULL, NULL),
                     SQLITE_OK);
    long after = before;
    for (int waited = 0; waited < 5000 && after <= before + 100 * 4096; waited += 10) {
        usleep(10000);
        after = file_size(path);
    }
    sq_checkpointer_stop(h, c);
    assert_true(after > before + 100 * 4096);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*), sum(length(b)) FROM big", -1, &st,
                                        NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 200);
    assert_int_equal(sqlite3_column_int64(st, 1), 600000);
    sqlite3_finalize(st);
    /* below the threshold nothing is copied: the file stays as it is */
    assert_int_equal(sq_checkpointer_start(h, 1000000, &c), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "INSERT INTO big (b) SELECT b FROM big", NULL, NULL, NULL),
                     SQLITE_OK);
    usleep(100000);
    assert_int_equal(file_size(path), after);
    sq_checkpointer_stop(h, c);
    assert_int_equal(sqlite3_close(h), SQLITE_OK);
}

/* Waits up to 5 s for the file to pass `than` bytes; its size. */
static long file_grows(const char *path, long than)
{
    long n = file_size(path);
    for (int waited = 0; waited < 5000 && n <= than; waited += 10) {
        usleep(10000);
        n = file_size(path);
    }
    return n;
}

/* db_checkpoint_in_background: 1,000 pages in one commit reach the file without anyone
 * checkpointing, before and after a bulk-mode run on the connection. */
static void test_checkpoint_in_background(void **state)
{
    (void)state;
    char url[URL_MAX + 64], path[320], err[256];
    fresh_url("ckbg", url, sizeof url);
    snprintf(path, sizeof path, "%s/ckbg.db", sqlite_dir);
    struct db *w = NULL;
    assert_int_equal(db_open(url, &w, err, sizeof err), MN_OK);
    assert_int_equal(db_checkpoint_in_background(w), MN_OK);
    assert_int_equal(db_exec(w, "CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB)"), MN_OK);
    const char *fill = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                       " WHERE i < 1200) INSERT INTO big (b) SELECT zeroblob(3000) FROM n";
    long before = file_size(path);
    assert_int_equal(db_exec(w, fill), MN_OK);
    long after = file_grows(path, before + 1000 * 4096);
    assert_true(after > before + 1000 * 4096);
    assert_int_equal(db_bulk_begin(w), MN_OK);
    assert_int_equal(db_bulk_end(w), MN_OK);
    before = file_size(path);
    assert_int_equal(db_exec(w, fill), MN_OK);
    assert_true(file_grows(path, before + 1000 * 4096) > before + 1000 * 4096);
    db_close(w);
}
#endif

static void test_bad_sql(void **state)
{
    (void)state;
    struct db_stmt *st = NULL;

    db->errmsg[0] = '\0';
    assert_int_equal(db_prepare(db, "SELEC nonsense FROM nowhere", &st), MN_ERR_DB);
    assert_null(st);
    assert_true(strlen(db->errmsg) > 0);
    printf("store/%s: bad SQL reported as: %s\n", ENGINE, db->errmsg);

    db->errmsg[0] = '\0';
    assert_int_equal(db_prepare(db, "SELECT * FROM no_such_table", &st), MN_ERR_DB);
    assert_true(strstr(db->errmsg, "no_such_table") != NULL);

    db->errmsg[0] = '\0';
    assert_int_equal(db_exec(db, "CREATE TABLE scratch (id INTEGER)"), MN_ERR_DB);
    assert_true(strlen(db->errmsg) > 0);

    /* a parameter index outside $1..$n */
    assert_int_equal(db_prepare(db, "SELECT n FROM scratch WHERE id = $1", &st), MN_OK);
    assert_int_equal(db_bind_i64(db, st, 2, 1), MN_ERR_DB);

    /* a failing migration-style exec leaves no transaction behind after rollback */
    assert_int_equal(db_begin(db), MN_OK);
    assert_int_equal(db_exec(db, "INSERT INTO scratch (name) VALUES ('t'); SELEC 1"), MN_ERR_DB);
    assert_int_equal(db_rollback(db), MN_OK);
    assert_int_equal(count_rows("scratch"), 0);
}

static void test_open_errors(void **state)
{
    (void)state;
    struct db *other = (struct db *)&other; /* must be reset to NULL */
    char err[256] = "";

    assert_int_equal(db_open("", &other, err, sizeof(err)), MN_ERR_INVALID);
    assert_null(other);
    assert_int_equal(db_open("sqlite:", &other, err, sizeof(err)), MN_ERR_INVALID);
    err[0] = '\0';
    assert_int_not_equal(db_open("sqlite:/nonexistent-dir/x/y.db", &other, err, sizeof(err)),
                         MN_OK);
    assert_null(other);
    assert_true(strlen(err) > 0);
#ifndef MANYI_WITH_POSTGRES
    err[0] = '\0';
    assert_int_equal(db_open("postgres://localhost/x", &other, err, sizeof(err)), MN_ERR_INVALID);
    assert_non_null(strstr(err, "PostgreSQL"));
#endif
#ifdef STORE_ENGINE_PG
    err[0] = '\0';
    assert_int_equal(db_open("postgresql:///x?host=/nonexistent-dir&connect_timeout=2", &other,
                             err, sizeof(err)),
                     MN_ERR_DB);
    assert_null(other);
    assert_true(strlen(err) > 0);
#endif
    db_close(NULL);
}

/* Busy and serialization failures are MN_ERR_RETRY. A second connection changes a row that a
 * snapshot transaction on the first then tries to write. */
static void test_retry_on_write_conflict(void **state)
{
    (void)state;
    char url[URL_MAX + 64];
    char err[256];
    struct db *other = NULL;
    struct db_stmt *st = NULL;
    insert_row("contended", 1);

#ifdef STORE_ENGINE_PG
    snprintf(url, sizeof(url), "%s%sdbname=%s", base_url,
             strchr(base_url, '?') != NULL ? "&" : "?", PG_TEST_DB);
    const char *begin_snapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ";
#else
    fresh_url("store", url, sizeof(url));
    const char *begin_snapshot = "BEGIN DEFERRED"; /* a read snapshot, no write lock yet */
#endif
    assert_int_equal(db_open(url, &other, err, sizeof(err)), MN_OK);

    assert_int_equal(db_exec(db, begin_snapshot), MN_OK);
    assert_int_equal(count_rows("scratch"), 1);

    assert_int_equal(db_prepare(other, "UPDATE scratch SET n = n + 1 WHERE name = $1", &st),
                     MN_OK);
    assert_int_equal(db_bind_text(other, st, 1, "contended"), MN_OK);
    assert_int_equal(db_run(other, st), MN_OK);

    assert_int_equal(db_prepare(db, "UPDATE scratch SET n = n + 10 WHERE name = $1", &st),
                     MN_OK);
    assert_int_equal(db_bind_text(db, st, 1, "contended"), MN_OK);
    assert_int_equal(db_run(db, st), MN_ERR_RETRY);
    printf("store/%s: write conflict reported as: %s\n", ENGINE, db->errmsg);
    assert_int_equal(db_rollback(db), MN_OK);
    db_close(other);
}

/* --- concurrent migration: two connections on a fresh database at once ----------------------- */

struct racer {
    const char *url;
    enum mn_status rc;
    int applied;
    char errmsg[256];
};

static void *race_migrate(void *arg)
{
    struct racer *r = arg;
    struct db *c = NULL;
    char err[256];
    r->rc = db_open(r->url, &c, err, sizeof(err));
    if (r->rc != MN_OK) {
        snprintf(r->errmsg, sizeof(r->errmsg), "%s", err);
        return NULL;
    }
    r->rc = db_migrate(c, &r->applied);
    snprintf(r->errmsg, sizeof(r->errmsg), "%s", c->errmsg);
    db_close(c);
    return NULL;
}

static void test_concurrent_migrate(void **state)
{
    (void)state;
    char url[URL_MAX + 64];
    int max_version = 0;
    int expected = n_embedded_migrations(db->engine, &max_version);

#ifdef STORE_ENGINE_PG
    assert_int_equal(fresh_url(PG_RACE_DB, url, sizeof(url)), 0);
#else
    fresh_url("race", url, sizeof(url));
#endif
    struct racer r[2] = {{.url = url}, {.url = url}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, race_migrate, &r[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++)
        if (r[i].rc != MN_OK)
            fail_msg("racer %d: %s: %s", i, mn_status_name(r[i].rc), r[i].errmsg);
    assert_int_equal(r[0].applied + r[1].applied, expected);
}

#ifdef STORE_LAYER
/* --- the store layer (src/store/): the same checks on both engines ---------------------------- */

static int64_t new_tenant(const char *name)
{
    struct tenant t = {0};
    snprintf(t.name, sizeof(t.name), "%s", name);
    snprintf(t.timezone, sizeof(t.timezone), "Asia/Shanghai");
    if (tenants_insert(db, &t) != MN_OK)
        fail_msg("tenants_insert: %s", db->errmsg);
    assert_true(t.id > 0);
    return t.id;
}

static void test_store_tenants(void **state)
{
    (void)state;
    int64_t before = 0, after = 0;
    assert_int_equal(tenants_count(db, &before), MN_OK);
    int64_t id = new_tenant("上海汽车销售服务有限公司");

    struct tenant got = {0};
    assert_int_equal(tenants_get(db, id, &got), MN_OK);
    assert_string_equal(got.name, "上海汽车销售服务有限公司");
    assert_string_equal(got.timezone, "Asia/Shanghai");
    snprintf(got.name, sizeof(got.name), "改名");
    assert_int_equal(tenants_update(db, &got), MN_OK);
    assert_int_equal(tenants_get(db, id, &got), MN_OK);
    assert_string_equal(got.name, "改名");
    assert_int_equal(tenants_count(db, &after), MN_OK);
    assert_int_equal(after, before + 1);
    assert_int_equal(tenants_get(db, id + 1000, &got), MN_ERR_NOT_FOUND);
}

static void test_store_org_tree(void **state)
{
    (void)state;
    int64_t t1 = new_tenant("org-1"), t2 = new_tenant("org-2");

    struct org_store s = {.tenant_id = t1, .active = 1};
    snprintf(s.code, sizeof(s.code), "SH-001");
    snprintf(s.name, sizeof(s.name), "浦东店");
    snprintf(s.city, sizeof(s.city), "上海");
    assert_int_equal(stores_insert(db, &s), MN_OK);
    assert_true(s.id > 0);

    struct org_store dup = s; /* same code, same tenant */
    assert_int_equal(stores_insert(db, &dup), MN_ERR_CONFLICT);
    dup.tenant_id = t2; /* codes are unique per tenant only */
    assert_int_equal(stores_insert(db, &dup), MN_OK);

    struct org_store got = {0};
    assert_int_equal(stores_get(db, t1, s.id, &got), MN_OK);
    assert_string_equal(got.name, "浦东店");
    assert_string_equal(got.city, "上海");
    assert_int_equal(stores_get(db, t2, s.id, &got), MN_ERR_NOT_FOUND); /* tenant isolation */

    snprintf(s.name, sizeof(s.name), "浦东旗舰店");
    assert_int_equal(stores_update(db, &s), MN_OK);
    struct org_store other = s;
    other.tenant_id = t2;
    assert_int_equal(stores_update(db, &other), MN_ERR_NOT_FOUND);

    struct org_store s2 = {.tenant_id = t1, .active = 1};
    snprintf(s2.code, sizeof(s2.code), "SH-002");
    snprintf(s2.name, sizeof(s2.name), "徐汇店");
    assert_int_equal(stores_insert(db, &s2), MN_OK);

    struct org_store *items = NULL;
    size_t n = 0;
    struct list_query q = {.limit = 1};
    assert_int_equal(stores_list(db, t1, &q, &items, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, s.id);
    q.after = items[0].id; /* keyset: the next page starts after the last id */
    free(items);
    assert_int_equal(stores_list(db, t1, &q, &items, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, s2.id);
    free(items);
    struct list_query search = {.limit = 10, .q = "旗舰"};
    assert_int_equal(stores_list(db, t1, &search, &items, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].name, "浦东旗舰店");
    free(items);
    int64_t count = 0;
    assert_int_equal(stores_count(db, t1, &count), MN_OK);
    assert_int_equal(count, 2);

    struct org_department d = {.tenant_id = t1, .store_id = s.id, .active = 1};
    snprintf(d.name, sizeof(d.name), "售后");
    snprintf(d.kind, sizeof(d.kind), "after_sales");
    assert_int_equal(departments_insert(db, &d), MN_OK);
    struct org_department d2 = d;
    assert_int_equal(departments_insert(db, &d2), MN_ERR_CONFLICT); /* name unique per store */
    struct org_department dgot = {0};
    assert_int_equal(departments_get(db, t1, d.id, &dgot), MN_OK);
    assert_string_equal(dgot.name, "售后");
    assert_int_equal(departments_get(db, t2, d.id, &dgot), MN_ERR_NOT_FOUND);
    struct org_department *ditems = NULL;
    struct list_query dq = {.limit = 10, .store_id = s.id};
    assert_int_equal(departments_list(db, t1, &dq, &ditems, &n), MN_OK);
    assert_int_equal(n, 1);
    free(ditems);

    struct org_employee e = {.tenant_id = t1, .store_id = s.id, .department_id = d.id,
                             .active = 1};
    snprintf(e.name, sizeof(e.name), "张伟");
    snprintf(e.employee_no, sizeof(e.employee_no), "E001");
    assert_int_equal(employees_insert(db, &e), MN_OK);
    struct org_employee e2 = {.tenant_id = t1, .store_id = s.id, .active = 1};
    snprintf(e2.name, sizeof(e2.name), "李娜");
    assert_int_equal(employees_insert(db, &e2), MN_OK); /* no number, no department */
    struct org_employee e3 = e2;
    assert_int_equal(employees_insert(db, &e3), MN_OK); /* "no number" twice is fine */
    struct org_employee e4 = e;
    assert_int_equal(employees_insert(db, &e4), MN_ERR_CONFLICT); /* E001 again */

    struct org_employee egot = {0};
    assert_int_equal(employees_get(db, t1, e2.id, &egot), MN_OK);
    assert_int_equal(egot.department_id, 0);
    assert_string_equal(egot.employee_no, "");
    assert_int_equal(employees_get(db, t1, e.id, &egot), MN_OK);
    assert_int_equal(egot.department_id, d.id);
    snprintf(egot.position, sizeof(egot.position), "服务顾问");
    assert_int_equal(employees_update(db, &egot), MN_OK);
    assert_int_equal(employees_get(db, t1, e.id, &egot), MN_OK);
    assert_string_equal(egot.position, "服务顾问");
    struct org_employee *eitems = NULL;
    struct list_query eq = {.limit = 10, .department_id = d.id};
    assert_int_equal(employees_list(db, t1, &eq, &eitems, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(eitems[0].id, e.id);
    free(eitems);
    assert_int_equal(employees_get(db, t2, e.id, &egot), MN_ERR_NOT_FOUND);
}

static void test_store_accounts(void **state)
{
    (void)state;
    int64_t t = new_tenant("accounts"), t2 = new_tenant("accounts-2");
    int64_t now = store_now();

    struct user u = {.tenant_id = t, .active = 1};
    snprintf(u.username, sizeof(u.username), "wang.fang");
    snprintf(u.display_name, sizeof(u.display_name), "王芳");
    snprintf(u.role, sizeof(u.role), "admin");
    snprintf(u.password_hash, sizeof(u.password_hash), "$argon2id$v=19$m=65536,t=2,p=1$x$y");
    assert_int_equal(users_insert(db, &u), MN_OK);
    assert_true(u.id > 0);
    struct user dup = u;
    dup.tenant_id = t2;
    assert_int_equal(users_insert(db, &dup), MN_ERR_CONFLICT); /* login names are global */

    struct user got = {0};
    assert_int_equal(users_get_by_username(db, "wang.fang", &got), MN_OK);
    assert_int_equal(got.id, u.id);
    assert_string_equal(got.password_hash, u.password_hash);
    assert_int_equal(users_get(db, t2, u.id, &got), MN_ERR_NOT_FOUND);
    assert_int_equal(users_get_by_username(db, "nobody", &got), MN_ERR_NOT_FOUND);
    assert_int_equal(users_set_password(db, t, u.id, "$argon2id$new"), MN_OK);
    assert_int_equal(users_touch_login(db, t, u.id, now), MN_OK);
    assert_int_equal(users_get(db, t, u.id, &got), MN_OK);
    assert_string_equal(got.password_hash, "$argon2id$new");
    assert_int_equal(got.last_login_at, now);
    snprintf(got.display_name, sizeof(got.display_name), "王芳芳");
    assert_int_equal(users_update(db, &got), MN_OK);
    struct user *users = NULL;
    size_t n = 0;
    struct list_query q = {.limit = 10};
    assert_int_equal(users_list(db, t, &q, &users, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(users[0].display_name, "王芳芳");
    free(users);

    /* sessions: found while live, gone once expired, deleted or logged out everywhere */
    assert_int_equal(sessions_insert(db, t, u.id, "hash-1", "csrf-1", now + 3600, "127.0.0.1"),
                     MN_OK);
    assert_int_equal(sessions_insert(db, t, u.id, "hash-2", "csrf-2", now + 3600, ""), MN_OK);
    assert_int_equal(sessions_insert(db, t, u.id, "hash-1", "csrf-x", now + 3600, ""),
                     MN_ERR_CONFLICT);
    struct session_info si = {0};
    assert_int_equal(sessions_lookup(db, "hash-1", now, &si), MN_OK);
    assert_int_equal(si.user.id, u.id);
    assert_int_equal(si.user.tenant_id, t);
    assert_string_equal(si.csrf_token, "csrf-1");
    assert_int_equal(sessions_lookup(db, "hash-1", now + 7200, &si), MN_ERR_NOT_FOUND);
    assert_int_equal(sessions_touch(db, si.session_id, now, now + 10000), MN_OK);
    assert_int_equal(sessions_lookup(db, "hash-1", now + 7200, &si), MN_OK);
    int64_t keep = si.session_id;
    assert_int_equal(sessions_delete_user(db, t, u.id, keep), MN_OK);
    assert_int_equal(sessions_lookup(db, "hash-2", now, &si), MN_ERR_NOT_FOUND);
    assert_int_equal(sessions_lookup(db, "hash-1", now, &si), MN_OK);
    assert_int_equal(sessions_delete(db, t, keep), MN_OK);
    assert_int_equal(sessions_lookup(db, "hash-1", now, &si), MN_ERR_NOT_FOUND);

    /* API tokens */
    struct api_token tok = {.tenant_id = t, .created_by = u.id};
    snprintf(tok.name, sizeof(tok.name), "CRM 同步");
    snprintf(tok.role, sizeof(tok.role), "viewer");
    snprintf(tok.prefix, sizeof(tok.prefix), "mny_ab12");
    assert_int_equal(tokens_insert(db, &tok, "tokhash"), MN_OK);
    assert_true(tok.id > 0);
    struct api_token tgot = {0};
    assert_int_equal(tokens_lookup(db, "tokhash", &tgot), MN_OK);
    assert_int_equal(tgot.id, tok.id);
    assert_string_equal(tgot.name, "CRM 同步");
    assert_int_equal(tokens_touch(db, tok.id, now), MN_OK);
    assert_int_equal(tokens_get(db, t, tok.id, &tgot), MN_OK);
    assert_int_equal(tgot.last_used_at, now);
    assert_int_equal(tokens_get(db, t2, tok.id, &tgot), MN_ERR_NOT_FOUND);
    struct api_token *toks = NULL;
    assert_int_equal(tokens_list(db, t, &q, &toks, &n), MN_OK);
    assert_int_equal(n, 1);
    free(toks);
    assert_int_equal(tokens_revoke(db, t2, tok.id, now), MN_ERR_NOT_FOUND);
    assert_int_equal(tokens_revoke(db, t, tok.id, now), MN_OK);
    assert_int_equal(tokens_lookup(db, "tokhash", &tgot), MN_ERR_NOT_FOUND);

    /* login throttling */
    int64_t fails = -1;
    assert_int_equal(login_failures_add(db, "user:wang.fang", now - 100), MN_OK);
    assert_int_equal(login_failures_add(db, "user:wang.fang", now - 10), MN_OK);
    assert_int_equal(login_failures_count(db, "user:wang.fang", now - 60, &fails), MN_OK);
    assert_int_equal(fails, 1);
    assert_int_equal(login_failures_clear(db, "user:wang.fang"), MN_OK);
    assert_int_equal(login_failures_count(db, "user:wang.fang", 0, &fails), MN_OK);
    assert_int_equal(fails, 0);
}

static void test_store_audit(void **state)
{
    (void)state;
    int64_t t = new_tenant("audit"), t2 = new_tenant("audit-2");
    for (int i = 0; i < 3; i++) {
        struct audit_entry e = {.tenant_id = t, .at = 1700000000 + i, .user_id = 0,
                                .entity_id = i % 2 == 0 ? 7 : 8};
        snprintf(e.username, sizeof(e.username), "system");
        snprintf(e.action, sizeof(e.action), "update");
        snprintf(e.entity, sizeof(e.entity), "store");
        e.before_json = i == 0 ? NULL : "{\"name\":\"旧\"}";
        e.after_json = "{\"name\":\"新\"}";
        assert_int_equal(audit_insert(db, &e), MN_OK);
    }
    struct audit_entry other = {.tenant_id = t2, .at = 1700000000};
    snprintf(other.action, sizeof(other.action), "create");
    snprintf(other.entity, sizeof(other.entity), "store");
    assert_int_equal(audit_insert(db, &other), MN_OK);

    struct audit_entry *items = NULL;
    size_t n = 0;
    struct audit_query q = {.limit = 10};
    assert_int_equal(audit_list(db, t, &q, &items, &n), MN_OK);
    assert_int_equal(n, 3);
    assert_true(items[0].id > items[1].id); /* newest first */
    assert_null(items[2].before_json);
    assert_string_equal(items[0].after_json, "{\"name\":\"新\"}");
    int64_t newest = items[0].id;
    audit_entries_free(items, n);

    struct audit_query page = {.limit = 10, .before_id = newest, .entity = "store",
                               .entity_id = 7};
    assert_int_equal(audit_list(db, t, &page, &items, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].entity_id, 7);
    audit_entries_free(items, n);
}
#endif

#ifdef STORE_LAYER
/* --- follow-up rules by role (store/followup.c) ----------------------------------------------- */

static int64_t new_user(int64_t tenant, const char *role, int64_t store, int64_t dept, int active)
{
    static int seq;
    struct user u = {.tenant_id = tenant, .store_id = store, .department_id = dept,
                     .active = active};
    snprintf(u.username, sizeof(u.username), "role.team.%s.%d", ENGINE, ++seq);
    snprintf(u.display_name, sizeof(u.display_name), "%s %d", role, seq);
    snprintf(u.role, sizeof(u.role), "%s", role);
    snprintf(u.password_hash, sizeof(u.password_hash), "$argon2id$v=19$m=65536,t=2,p=1$x$y");
    if (users_insert(db, &u) != MN_OK)
        fail_msg("users_insert: %s", db->errmsg);
    return u.id;
}

static int64_t new_event(int64_t tenant, int64_t customer, int64_t store, int64_t dept,
                         const char *day)
{
    struct business_event e = {.tenant_id = tenant, .customer_id = customer, .store_id = store,
                               .department_id = dept, .amount_fen = -1, .mileage_km = -1,
                               .occurred_at = 1767000000};
    snprintf(e.type, sizeof(e.type), "repair");
    snprintf(e.occurred_on, sizeof(e.occurred_on), "%s", day);
    if (events_insert(db, &e) != MN_OK)
        fail_msg("events_insert: %s", db->errmsg);
    return e.id;
}

/* One scheduler pass of rule r over the events of day (after min_id): teams, tasks, turns. */
static int64_t sched_day(int64_t tenant, const struct fu_rule *r, const char *day, const char *due,
                         int64_t min_id)
{
    struct fu_day_schedule sch = {day, due, due, 1767000000, 1767100000};
    int64_t before = 0, created = 0;
    assert_int_equal(fu_sched_scratch(db), MN_OK);
    assert_int_equal(fu_sched_days_set(db, &sch, 1), MN_OK);
    assert_int_equal(fu_sched_teams_load(db, tenant, r), MN_OK);
    assert_int_equal(fu_tasks_max_id(db, tenant, &before), MN_OK);
    assert_int_equal(fu_tasks_create_days(db, tenant, r, day, day, min_id, FU_WALK_BY_ID, false,
                                          &created), MN_OK);
    assert_int_equal(fu_rr_advance(db, tenant, r, before), MN_OK);
    return created;
}

/* The assignee and role of rule_id's task of each event, in the events' order. */
static void task_of(int64_t tenant, int64_t rule_id, const int64_t *events, size_t n,
                    int64_t *assignee, char (*role)[16])
{
    struct fu_task_query q = {.limit = 200};
    struct fu_task *items = NULL;
    size_t k = 0;
    assert_int_equal(fu_tasks_list(db, tenant, &q, &items, &k), MN_OK);
    for (size_t i = 0; i < n; i++) {
        assignee[i] = -1;
        for (size_t j = 0; j < k; j++)
            if (items[j].event_id == events[i] && items[j].rule_id == rule_id) {
                assignee[i] = items[j].assignee_id;
                snprintf(role[i], sizeof role[i], "%s", items[j].assign_role);
            }
        if (assignee[i] < 0)
            fail_msg("no task of rule %lld for event %lld", (long long)rule_id,
                     (long long)events[i]);
    }
    free(items);
}

/* A staff rule's tasks turn per department (the department id negated is the team key that
 * numbers them; the store id the key of the events without a department, which go to the
 * store's CR agents), departments interleaved in event order each get their turns in order, the
 * positions go on in the next run, and each task carries the role it is for; a cr_agent rule
 * over the same events still turns per store and writes no role. */
static void test_store_followup_role_teams(void **state)
{
    (void)state;
    int64_t t = new_tenant("role-teams");
    struct org_store s = {.tenant_id = t, .active = 1};
    snprintf(s.code, sizeof(s.code), "RT-1");
    snprintf(s.name, sizeof(s.name), "角色店");
    assert_int_equal(stores_insert(db, &s), MN_OK);
    struct org_department d1 = {.tenant_id = t, .store_id = s.id, .active = 1};
    snprintf(d1.name, sizeof(d1.name), "售后部");
    snprintf(d1.kind, sizeof(d1.kind), "after_sales");
    assert_int_equal(departments_insert(db, &d1), MN_OK);
    struct org_department d2 = d1;
    snprintf(d2.name, sizeof(d2.name), "销售部");
    snprintf(d2.kind, sizeof(d2.kind), "sales");
    assert_int_equal(departments_insert(db, &d2), MN_OK);
    /* a store id equal to a department id must not matter: the keys differ in sign */
    int64_t a1 = new_user(t, "staff", s.id, d1.id, 1), a2 = new_user(t, "staff", s.id, d1.id, 1);
    int64_t b1 = new_user(t, "staff", s.id, d2.id, 1);
    int64_t cr = new_user(t, "cr_agent", s.id, 0, 1);
    new_user(t, "staff", s.id, d1.id, 0);           /* inactive: no turns */
    new_user(t, "dept_manager", s.id, d1.id, 1);    /* another role: no staff turns */
    struct customer c = {.tenant_id = t, .store_id = s.id, .consent = 1};
    snprintf(c.name, sizeof(c.name), "角色客户");
    snprintf(c.preferred_channel, sizeof(c.preferred_channel), "phone");
    assert_int_equal(customers_insert(db, &c), MN_OK);
    const char *day1 = "2026-01-10", *day2 = "2026-01-11";
    int64_t ev[8];
    const int64_t dept_of[6] = {d1.id, d2.id, d1.id, d2.id, d1.id, 0};
    for (int i = 0; i < 6; i++)
        ev[i] = new_event(t, c.id, s.id, dept_of[i], day1);

    struct fu_rule r = {.tenant_id = t, .offset_days = 3, .window_days = 2,
                        .quiet_start_min = 1260, .quiet_end_min = 540, .max_attempts = 3,
                        .retry_minutes = 120, .active = 1};
    snprintf(r.code, sizeof(r.code), "svc-staff");
    snprintf(r.name, sizeof(r.name), "维修三日关怀");
    snprintf(r.trigger_type, sizeof(r.trigger_type), "repair");
    snprintf(r.task_type, sizeof(r.task_type), "care");
    snprintf(r.assign_mode, sizeof(r.assign_mode), "auto");
    snprintf(r.assign_role, sizeof(r.assign_role), "staff");
    assert_int_equal(fu_rules_insert(db, &r), MN_OK);
    struct fu_rule got;
    assert_int_equal(fu_rules_get(db, t, r.id, &got), MN_OK);
    assert_string_equal(got.assign_role, "staff");
    assert_true(fu_rule_by_department(&got));

    int64_t ids[8];
    size_t n = 0;
    assert_int_equal(fu_store_agents(db, t, s.id, d1.id, &r, ids, 8, &n), MN_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], a1);
    assert_int_equal(ids[1], a2);
    assert_int_equal(fu_store_agents(db, t, s.id, 0, &r, ids, 8, &n), MN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], cr);

    assert_int_equal(sched_day(t, &r, day1, "2026-01-13", 0), 6);
    int64_t who[8];
    char role[8][16];
    task_of(t, r.id, ev, 6, who, role);
    const int64_t want1[6] = {a1, b1, a2, b1, a1, cr};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(who[i], want1[i]);
        assert_string_equal(role[i], i == 5 ? "" : "staff");
    }
    /* the next run goes on from each team's position: D1 had 3 turns (a2's turn next) */
    ev[6] = new_event(t, c.id, s.id, d1.id, day2);
    ev[7] = new_event(t, c.id, s.id, d2.id, day2);
    assert_int_equal(sched_day(t, &r, day2, "2026-01-14", ev[5]), 2);
    task_of(t, r.id, ev + 6, 2, who, role);
    assert_int_equal(who[0], a2);
    assert_int_equal(who[1], b1);
    int64_t pos = 0;
    assert_int_equal(fu_rr_reserve(db, t, s.id, d1.id, "staff", 0, &pos), MN_OK);
    assert_int_equal(pos, 4);
    assert_int_equal(fu_rr_reserve(db, t, s.id, d2.id, "staff", 0, &pos), MN_OK);
    assert_int_equal(pos, 3);
    assert_int_equal(fu_rr_reserve(db, t, s.id, d1.id, "dept_manager", 0, &pos), MN_OK);
    assert_int_equal(pos, 0);
    assert_int_equal(fu_rr_reserve(db, t, s.id, 0, NULL, 0, &pos), MN_OK);
    assert_int_equal(pos, 1); /* the store's CR team: the one event without a department */

    /* a cr_agent rule over the same day: every task to the store's CR agent, no role written */
    struct fu_rule r2 = r;
    snprintf(r2.code, sizeof(r2.code), "svc-cr");
    snprintf(r2.assign_role, sizeof(r2.assign_role), "cr_agent");
    assert_int_equal(fu_rules_insert(db, &r2), MN_OK);
    assert_false(fu_rule_by_department(&r2));
    assert_int_equal(sched_day(t, &r2, day1, "2026-01-13", 0), 6);
    task_of(t, r2.id, ev, 6, who, role);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(who[i], cr);
        assert_string_equal(role[i], "");
    }
    assert_int_equal(fu_rr_reserve(db, t, s.id, 0, NULL, 0, &pos), MN_OK);
    assert_int_equal(pos, 7);
}
#endif

static void test_sqlite_dialect(void **state)
{
    (void)state;
    char *s = db_sqlite_dialect("CREATE TABLE t (id bigserial  primary key, "
                                "note TEXT DEFAULT 'BIGSERIAL PRIMARY KEY', n BIGSERIAL2);\n"
                                "-- BIGSERIAL PRIMARY KEY in a comment\n");
    assert_non_null(s);
    assert_string_equal(s, "CREATE TABLE t (id INTEGER  primary key, "
                           "note TEXT DEFAULT 'BIGSERIAL PRIMARY KEY', n BIGSERIAL2);\n"
                           "-- BIGSERIAL PRIMARY KEY in a comment\n");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite_dialect),
        cmocka_unit_test(test_migrate_empty_then_again),
        cmocka_unit_test_setup(test_types_roundtrip, clear_scratch),
        cmocka_unit_test_setup(test_placeholders_by_number, clear_scratch),
        cmocka_unit_test_setup(test_cache_returns_reset_statement, clear_scratch),
        cmocka_unit_test_setup(test_returning_id, clear_scratch),
        cmocka_unit_test_setup(test_conflict, clear_scratch),
        cmocka_unit_test_setup(test_transactions, clear_scratch),
        cmocka_unit_test_setup(test_changes, clear_scratch),
#ifndef STORE_ENGINE_PG
        cmocka_unit_test_setup(test_running_number, clear_scratch),
#endif
#ifndef STORE_ENGINE_PG
        cmocka_unit_test(test_bulk_checkpointer),
        cmocka_unit_test(test_checkpoint_in_background),
#endif
        cmocka_unit_test_setup(test_bad_sql, clear_scratch),
        cmocka_unit_test_setup(test_retry_on_write_conflict, clear_scratch),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_concurrent_migrate),
#ifdef STORE_LAYER
        cmocka_unit_test(test_store_tenants),
        cmocka_unit_test(test_store_org_tree),
        cmocka_unit_test(test_store_accounts),
        cmocka_unit_test(test_store_audit),
        cmocka_unit_test(test_store_followup_role_teams),
#endif
    };
    printf("store suite on %s\n", ENGINE);
    return cmocka_run_group_tests_name(ENGINE[0] == 'p' ? "store/pg (PostgreSQL)"
                                                        : "store/sqlite (SQLite)",
                                       tests, group_setup, group_teardown);
}
