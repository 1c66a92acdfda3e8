/* SPDX-License-Identifier: MIT */
/* The organisation tree's records: stores (门店), departments (部门) and employees, as the
 * store layer reads and writes them. Every function takes the tenant and filters by it; scope
 * (which store or department a role may see) is decided in service/ and passed as filters.
 * Text fields are bounded arrays sized for their character limits in UTF-8 (4 bytes a char). */
#ifndef MANYI_STORE_ORG_H
#define MANYI_STORE_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct org_store {
    int64_t id, tenant_id;
    char code[33];      /* 1–32 of [A-Za-z0-9_-], unique in the tenant */
    char name[404];     /* 1–100 characters */
    char city[404];     /* ≤ 100 characters */
    char address[804];  /* ≤ 200 characters */
    char phone[33];     /* free-form landline or mobile, ≤ 32 */
    int active;
    int64_t created_at, updated_at;
};

struct org_department {
    int64_t id, tenant_id, store_id;
    char name[404];     /* 1–100 characters, unique within the store */
    char kind[16];      /* sales | after_sales | cr | admin | other */
    int active;
    int64_t created_at, updated_at;
};

struct org_employee {
    int64_t id, tenant_id, store_id;
    int64_t department_id; /* 0 = none */
    char name[404];        /* 1–100 characters */
    char employee_no[33];  /* "" = none; unique in the tenant otherwise */
    char position[404];    /* ≤ 100 characters */
    char phone[12];        /* normalised mobile, or "" */
    char email[255];
    int active;
    int64_t created_at, updated_at;
};

/* A page of a list: ids greater than after, at most limit rows, optional filters (0 = any). */
struct list_query {
    int64_t after;
    int limit;
    int64_t store_id;
    int64_t department_id;
    const char *q; /* substring of the name, or NULL */
};

/* Inserts; fills id and timestamps back into s. MN_ERR_CONFLICT when the code is taken. */
enum mn_status stores_insert(struct db *db, struct org_store *s);
enum mn_status stores_get(struct db *db, int64_t tenant_id, int64_t id, struct org_store *out);
/* Writes every field of s (tenant_id, id identify it). */
enum mn_status stores_update(struct db *db, struct org_store *s);
/* [out] items: malloc'd array of *n rows (caller frees). */
enum mn_status stores_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                           struct org_store **items, size_t *n);
enum mn_status stores_count(struct db *db, int64_t tenant_id, int64_t *n);

enum mn_status departments_insert(struct db *db, struct org_department *d);
enum mn_status departments_get(struct db *db, int64_t tenant_id, int64_t id,
                               struct org_department *out);
enum mn_status departments_update(struct db *db, struct org_department *d);
enum mn_status departments_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                                struct org_department **items, size_t *n);

enum mn_status employees_insert(struct db *db, struct org_employee *e);
enum mn_status employees_get(struct db *db, int64_t tenant_id, int64_t id,
                             struct org_employee *out);
enum mn_status employees_update(struct db *db, struct org_employee *e);
enum mn_status employees_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                              struct org_employee **items, size_t *n);

/* Copies a column into a bounded field; NULL reads as "". */
void store_copy_text(char *dst, size_t cap, const char *src);
/* Steps st until it is done, so that SQLite ends the statement's implicit transaction (a
 * statement left on its last row keeps its snapshot, or its write lock for INSERT … RETURNING).
 * Call after reading a single-row result. Returns MN_OK or the step's error. */
enum mn_status store_finish(struct db *db, struct db_stmt *st);
/* Reads one row: DB_ROW → MN_OK, no row → MN_ERR_NOT_FOUND, else the error. */
enum mn_status store_step_one(struct db *db, struct db_stmt *st);
/* Reads the current row of st into row (a struct of the list's element type). */
typedef void (*store_row_reader)(struct db *db, struct db_stmt *st, void *row);
/* Steps st to the end, reading up to limit rows of size bytes each with read into a calloc'd
 * array. [out] items (owned by the caller), n. On failure nothing is returned. */
enum mn_status store_collect(struct db *db, struct db_stmt *st, int limit, size_t size,
                             store_row_reader read, void **items, size_t *n);
/* Binds a list's name search: $needle_idx = q (or ""), $needle_idx + 1 = "%q%". */
void store_bind_search(struct db *db, struct db_stmt *st, int needle_idx, const char *q);
/* The clock every store write uses (unix seconds). */
int64_t store_now(void);

#endif
