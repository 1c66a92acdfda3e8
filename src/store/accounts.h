/* SPDX-License-Identifier: MIT */
/* Tenants, user accounts, sessions, API tokens and login failures. Secrets never reach this
 * layer in clear: passwords arrive as argon2id strings, session and API tokens as hashes. */
#ifndef MANYI_STORE_ACCOUNTS_H
#define MANYI_STORE_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "store/org.h"

struct tenant {
    int64_t id;
    char name[404];
    char timezone[64];
    int64_t created_at;
};

struct user {
    int64_t id, tenant_id;
    char username[72];
    char display_name[404]; /* ≤ 100 characters */
    char role[16];
    int64_t store_id, department_id, employee_id; /* 0 = none */
    char password_hash[160];                      /* argon2id encoded string */
    int active;
    int64_t created_at, updated_at, last_login_at;
};

/* What a request's credentials resolve to. */
struct session_info {
    int64_t session_id;
    struct user user;
    char csrf_token[48];
    int64_t last_seen_at;
};

struct api_token {
    int64_t id, tenant_id;
    char name[404]; /* 1–100 characters */
    char role[16];
    char prefix[16];
    int64_t created_by, created_at, last_used_at, revoked_at;
};

enum mn_status tenants_insert(struct db *db, struct tenant *t);
enum mn_status tenants_get(struct db *db, int64_t id, struct tenant *out);
enum mn_status tenants_update(struct db *db, const struct tenant *t);
enum mn_status tenants_count(struct db *db, int64_t *n);

enum mn_status users_insert(struct db *db, struct user *u);
enum mn_status users_get(struct db *db, int64_t tenant_id, int64_t id, struct user *out);
/* Looks a login name up across tenants (login needs no tenant). */
enum mn_status users_get_by_username(struct db *db, const char *username, struct user *out);
/* Writes every field of u except password_hash and last_login_at. */
enum mn_status users_update(struct db *db, struct user *u);
enum mn_status users_set_password(struct db *db, int64_t tenant_id, int64_t id,
                                  const char *password_hash);
enum mn_status users_touch_login(struct db *db, int64_t tenant_id, int64_t id, int64_t at);
enum mn_status users_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                          struct user **items, size_t *n);

enum mn_status sessions_insert(struct db *db, int64_t tenant_id, int64_t user_id,
                               const char *token_hash, const char *csrf_token, int64_t expires_at,
                               const char *ip);
/* Finds a live session (not expired, user active). MN_ERR_NOT_FOUND otherwise. */
enum mn_status sessions_lookup(struct db *db, const char *token_hash, int64_t now,
                               struct session_info *out);
enum mn_status sessions_touch(struct db *db, int64_t session_id, int64_t now, int64_t expires_at);
enum mn_status sessions_delete(struct db *db, int64_t tenant_id, int64_t session_id);
/* Ends every session of a user except keep_session_id (0 = all). */
enum mn_status sessions_delete_user(struct db *db, int64_t tenant_id, int64_t user_id,
                                    int64_t keep_session_id);

enum mn_status tokens_insert(struct db *db, struct api_token *t, const char *token_hash);
/* A live (not revoked) token by hash, any tenant. */
enum mn_status tokens_lookup(struct db *db, const char *token_hash, struct api_token *out);
enum mn_status tokens_get(struct db *db, int64_t tenant_id, int64_t id, struct api_token *out);
enum mn_status tokens_revoke(struct db *db, int64_t tenant_id, int64_t id, int64_t at);
enum mn_status tokens_touch(struct db *db, int64_t id, int64_t at);
enum mn_status tokens_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                           struct api_token **items, size_t *n);

enum mn_status login_failures_add(struct db *db, const char *key, int64_t at);
enum mn_status login_failures_count(struct db *db, const char *key, int64_t since, int64_t *n);
enum mn_status login_failures_clear(struct db *db, const char *key);

#endif
