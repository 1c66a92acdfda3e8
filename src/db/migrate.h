/* SPDX-License-Identifier: MIT */
/* Numbered SQL migrations embedded in the binary (db/migrations/NNNN_name.sql), applied in order,
 * each in its own transaction, and recorded in schema_migrations(version, name, applied_at). */
#ifndef MANYI_DB_MIGRATE_H
#define MANYI_DB_MIGRATE_H

#include "db/db.h"

struct migration {
    int version;      /* NNNN of the file name */
    const char *name; /* the rest of the file name, without .sql */
    const char *sql;  /* the file's text */
};

/* Terminated by an entry with sql == NULL. Generated at build time. */
extern const struct migration manyi_migrations[];

/* Applies every migration not yet recorded. [out] n_applied may be NULL. Safe to run again;
 * on PostgreSQL concurrent runners are serialised with an advisory lock. */
enum mn_status db_migrate(struct db *db, int *n_applied);

/* The highest applied version, 0 for an empty store. */
enum mn_status db_schema_version(struct db *db, int *version);

#endif
