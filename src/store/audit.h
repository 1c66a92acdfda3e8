/* SPDX-License-Identifier: MIT */
/* The audit log: append-only; entries are never updated or deleted by the application. */
#ifndef MANYI_STORE_AUDIT_H
#define MANYI_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct audit_entry {
    int64_t id, tenant_id, at;
    int64_t user_id; /* 0 = system or API token */
    char username[72];
    char action[24];
    char entity[32];
    int64_t entity_id;
    char *before_json; /* owned, may be NULL */
    char *after_json;  /* owned, may be NULL */
    char ip[48];
};

enum mn_status audit_insert(struct db *db, const struct audit_entry *e);

struct audit_query {
    int64_t before_id; /* newest first: ids below this; 0 = from the newest */
    int limit;
    const char *entity; /* NULL = any */
    int64_t entity_id;  /* 0 = any */
    int64_t user_id;    /* 0 = any */
};

/* [out] items: malloc'd array (free with audit_entries_free). */
enum mn_status audit_list(struct db *db, int64_t tenant_id, const struct audit_query *q,
                          struct audit_entry **items, size_t *n);
void audit_entries_free(struct audit_entry *items, size_t n);

#endif
