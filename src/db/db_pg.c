/* SPDX-License-Identifier: MIT */
/* The PostgreSQL engine over libpq: one PGconn per struct db (one thread at a time), statements
 * prepared server-side under generated names (s1, s2, …), parameters sent and results read in
 * text format and parsed by the typed getters. A result set is read whole; single-row mode
 * for huge reads, and reconnecting after a lost connection, are left to a later need. */
#include "db/db.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

struct db_pg {
    struct db base; /* first: struct db * and struct db_pg * are interchangeable */
    PGconn *conn;
    unsigned next_id; /* for the next statement's name */
};

struct db_stmt {
    struct db_pg *db; /* owning connection */
    char name[16];    /* server-side prepared statement name */
    int n_params;     /* as the server counted them ($1..$n) */
    char **params;    /* [n_params] owned text values; NULL binds SQL NULL */
    PGresult *res;    /* the last execution's result, NULL before the first step */
    int row;          /* current row of res; -1 before the first */
    int n_rows;
    bool executed;    /* res belongs to this run; the next step walks it */
    int64_t changes;  /* rows affected by the last completed run */
};

static struct db_pg *pg(struct db *db) { return (struct db_pg *)db; }

static void set_errmsg(struct db_pg *db, const char *what, const char *msg)
{
    snprintf(db->base.errmsg, sizeof(db->base.errmsg), "%s: %s", what,
             msg != NULL && msg[0] != '\0' ? msg : "unknown error");
    size_t n = strlen(db->base.errmsg);
    while (n > 0 && (db->base.errmsg[n - 1] == '\n' || db->base.errmsg[n - 1] == ' '))
        db->base.errmsg[--n] = '\0';
}

/* SQLSTATE class 23 is integrity constraint violation (unique, foreign key, check, not null);
 * 40001 serialization failure and 40P01 deadlock are worth rerunning the transaction for. */
static enum mn_status pg_result_fail(struct db_pg *db, const PGresult *res, const char *what)
{
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (primary != NULL && state != NULL) { /* one line for the logs, not the caret display */
        snprintf(db->base.errmsg, sizeof(db->base.errmsg), "%s: %s (SQLSTATE %s)", what,
                 primary, state);
    } else {
        set_errmsg(db, what,
                   res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(db->conn));
    }
    if (state == NULL)
        return MN_ERR_DB;
    if (strncmp(state, "23", 2) == 0)
        return MN_ERR_CONFLICT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return MN_ERR_RETRY;
    return MN_ERR_DB;
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static void clear_params(struct db_stmt *st)
{
    for (int i = 0; i < st->n_params; i++) {
        free(st->params[i]);
        st->params[i] = NULL;
    }
}

static void pg_reset(struct db_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->executed = false;
    st->row = -1;
    st->n_rows = 0;
    st->changes = 0;
    clear_params(st);
}

static void pg_finalize(struct db_stmt *st)
{
    if (st == NULL)
        return;
    pg_reset(st);
    free(st->params);
    free(st);
}

static enum mn_status pg_prepare(struct db *base, const char *sql, struct db_stmt **out)
{
    struct db_pg *db = pg(base);
    enum mn_status rc = MN_OK;
    PGresult *res = NULL;
    struct db_stmt *st = calloc(1, sizeof(*st));

    *out = NULL;
    if (st == NULL)
        return MN_ERR_NOMEM;
    st->db = db;
    st->row = -1;
    snprintf(st->name, sizeof(st->name), "s%u", ++db->next_id);
    res = PQprepare(db->conn, st->name, sql, 0, NULL);
    if (!result_ok(res)) {
        rc = pg_result_fail(db, res, "prepare");
        goto out;
    }
    PQclear(res);
    /* One extra round trip per statement and connection, to size the parameter array from
     * the server's own parse rather than from a second scanner of the SQL here. */
    res = PQdescribePrepared(db->conn, st->name);
    if (!result_ok(res)) {
        rc = pg_result_fail(db, res, "describe");
        goto out;
    }
    st->n_params = PQnparams(res);
    if (st->n_params > 0 && (st->params = calloc((size_t)st->n_params, sizeof(char *))) == NULL) {
        rc = MN_ERR_NOMEM;
        goto out;
    }
    *out = st;
    st = NULL;
out:
    PQclear(res);
    pg_finalize(st);
    return rc;
}

static enum mn_status set_param(struct db_stmt *st, int idx, char *text)
{
    if (idx < 1 || idx > st->n_params) {
        snprintf(st->db->base.errmsg, sizeof(st->db->base.errmsg),
                 "bind: parameter %d out of range 1..%d", idx, st->n_params);
        free(text);
        return MN_ERR_DB;
    }
    free(st->params[idx - 1]);
    st->params[idx - 1] = text;
    return MN_OK;
}

static enum mn_status pg_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%" PRId64, v);
    char *s = strdup(buf);
    return s != NULL ? set_param(st, idx, s) : MN_ERR_NOMEM;
}

static enum mn_status pg_bind_double(struct db_stmt *st, int idx, double v)
{
    char buf[32];
    /* %.17g round-trips every double; PostgreSQL spells the non-finite ones in words. */
    if (isnan(v))
        snprintf(buf, sizeof(buf), "NaN");
    else if (isinf(v))
        snprintf(buf, sizeof(buf), v > 0 ? "Infinity" : "-Infinity");
    else
        snprintf(buf, sizeof(buf), "%.17g", v);
    char *s = strdup(buf);
    return s != NULL ? set_param(st, idx, s) : MN_ERR_NOMEM;
}

static enum mn_status pg_bind_text(struct db_stmt *st, int idx, const char *s, int len)
{
    if (s == NULL)
        return set_param(st, idx, NULL);
    char *copy = len < 0 ? strdup(s) : strndup(s, (size_t)len);
    return copy != NULL ? set_param(st, idx, copy) : MN_ERR_NOMEM;
}

static enum mn_status pg_bind_null(struct db_stmt *st, int idx)
{
    return set_param(st, idx, NULL);
}

static int pg_execute(struct db_stmt *st)
{
    PQclear(st->res);
    st->res = PQexecPrepared(st->db->conn, st->name, st->n_params,
                             (const char *const *)st->params, NULL, NULL, 0);
    if (!result_ok(st->res)) {
        enum mn_status err = pg_result_fail(st->db, st->res, "step");
        PQclear(st->res);
        st->res = NULL;
        return (int)err;
    }
    st->executed = true;
    st->row = -1;
    st->n_rows = PQntuples(st->res);
    st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
    return MN_OK;
}

/* Like sqlite3_step(): the first call runs the statement, later ones walk its rows, and a call
 * after DB_DONE runs it again with the same bindings. */
static int pg_step(struct db_stmt *st)
{
    if (!st->executed) {
        int rc = pg_execute(st);
        if (rc != MN_OK)
            return rc;
    }
    if (st->row + 1 < st->n_rows) {
        st->row++;
        return DB_ROW;
    }
    st->executed = false;
    st->row = st->n_rows;
    return DB_DONE;
}

/* The current row's field, or NULL for SQL NULL, no current row or a bad column. */
static const char *field(struct db_stmt *st, int col)
{
    if (st->res == NULL || st->row < 0 || st->row >= st->n_rows || col < 0 ||
        col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_i64(struct db_stmt *st, int col)
{
    const char *v = field(st, col);
    if (v == NULL)
        return 0;
    /* booleans come back as 't'/'f' in text format; SQLite stores them as 1/0 */
    if (strcmp(v, "t") == 0)
        return 1;
    if (strcmp(v, "f") == 0)
        return 0;
    return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *st, int col)
{
    const char *v = field(st, col);
    return v != NULL ? strtod(v, NULL) : 0.0;
}

static const char *pg_col_text(struct db_stmt *st, int col) { return field(st, col); }

static bool pg_col_is_null(struct db_stmt *st, int col)
{
    if (st->res == NULL || st->row < 0 || st->row >= st->n_rows || col < 0 ||
        col >= PQnfields(st->res))
        return true;
    return PQgetisnull(st->res, st->row, col) != 0;
}

static int64_t pg_changes(struct db_stmt *st) { return st->changes; }

static enum mn_status pg_exec(struct db *base, const char *sql)
{
    struct db_pg *db = pg(base);
    /* PQexec runs a multi-statement string as one simple-protocol query and returns the last
     * result, or the first error (after which the server skips the rest). */
    PGresult *res = PQexec(db->conn, sql);
    enum mn_status rc = result_ok(res) ? MN_OK : pg_result_fail(db, res, "exec");
    PQclear(res);
    return rc;
}

static enum mn_status pg_bulk(struct db *base, bool on)
{
    if (on)
        return pg_exec(base, "SET synchronous_commit = off");
    /* A synchronous commit waits for the WAL up to its own record, which follows every
     * asynchronous commit made before it. */
    enum mn_status rc = pg_exec(base, "SET synchronous_commit = on");
    if (rc == MN_OK)
        rc = pg_exec(base, "BEGIN; SELECT txid_current(); COMMIT");
    return rc;
}

static enum mn_status pg_checkpoint_in_background(struct db *base)
{
    (void)base; /* the server's checkpointer process does it */
    return MN_OK;
}

static bool pg_in_tx(struct db *base)
{
    return PQtransactionStatus(pg(base)->conn) != PQTRANS_IDLE;
}

static void pg_close(struct db *base)
{
    struct db_pg *db = pg(base);
    PQfinish(db->conn);
    free(db);
}

static const struct db_ops pg_ops = {
    .prepare = pg_prepare,
    .bind_i64 = pg_bind_i64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_i64 = pg_col_i64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_is_null = pg_col_is_null,
    .changes = pg_changes,
    .exec = pg_exec,
    .close = pg_close,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .in_tx = pg_in_tx,
    .bulk = pg_bulk,
    .checkpoint_in_background = pg_checkpoint_in_background,
};

/* NOTICEs ("relation already exists, skipping", …) would go to stderr by default; the store
 * reports its own errors, so they are dropped. */
static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

enum mn_status db_pg_open(const char *conninfo, struct db **out, char *errbuf, size_t errlen)
{
    enum mn_status rc = MN_OK;
    struct db_pg *db = calloc(1, sizeof(*db));

    *out = NULL;
    if (db == NULL) {
        snprintf(errbuf, errlen, "out of memory");
        return MN_ERR_NOMEM;
    }
    db->base.ops = &pg_ops;
    db->base.engine = DB_POSTGRES;
    db->conn = PQconnectdb(conninfo);
    if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
        snprintf(errbuf, errlen, "postgres connect: %s",
                 db->conn != NULL ? PQerrorMessage(db->conn) : "out of memory");
        size_t n = strlen(errbuf);
        while (n > 0 && errbuf[n - 1] == '\n')
            errbuf[--n] = '\0';
        rc = MN_ERR_DB;
        goto out;
    }
    PQsetNoticeProcessor(db->conn, quiet_notices, NULL);
    /* Text results are parsed as UTF-8 and times are stored as int64 Unix times, so the
     * server's own defaults must not leak in (a Latin-1 database, a local TimeZone). */
    if (PQsetClientEncoding(db->conn, "UTF8") != 0) {
        snprintf(errbuf, errlen, "postgres: cannot set client_encoding UTF8: %s",
                 PQerrorMessage(db->conn));
        rc = MN_ERR_DB;
        goto out;
    }
    if ((rc = pg_exec(&db->base, "SET TimeZone TO 'UTC'")) != MN_OK) {
        snprintf(errbuf, errlen, "postgres: %s", db->base.errmsg);
        goto out;
    }
    *out = &db->base;
    db = NULL;
out:
    if (db != NULL)
        pg_close(&db->base);
    return rc;
}
