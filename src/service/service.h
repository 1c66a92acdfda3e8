/* SPDX-License-Identifier: MIT */
/* The use cases: one function per thing a user does. Each checks the caller's role and scope,
 * runs in a transaction, writes the audit log, and returns a status with the field at fault.
 * The tenant is always ctx->who.tenant_id — never taken from a request body. */
#ifndef MANYI_SERVICE_H
#define MANYI_SERVICE_H

#include <jansson.h>
#include <stdint.h>

#include "core/role.h"
#include "core/status.h"
#include "db/db.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/org.h"

struct svc_ctx {
    struct db *db;
    struct principal who;
    int64_t session_id; /* 0 for API tokens */
    char ip[48];
};

/* Runs fn in a transaction, retrying a bounded number of times on MN_ERR_RETRY (SQLite busy,
 * PostgreSQL serialization failures); fn must tolerate being rerun. Rolls back on failure. */
typedef enum mn_status (*svc_tx_fn)(struct svc_ctx *ctx, void *arg, struct mn_error *err);
enum mn_status svc_run_tx(struct svc_ctx *ctx, svc_tx_fn fn, void *arg, struct mn_error *err);

/* Appends to the audit log; before/after are borrowed (may be NULL). */
enum mn_status svc_audit(struct svc_ctx *ctx, const char *action, const char *entity,
                         int64_t entity_id, json_t *before, json_t *after);

/* --- encoders shared by audit entries and API responses (returns owned json) --- */
json_t *encode_tenant(const struct tenant *t);
json_t *encode_store(const struct org_store *s);
json_t *encode_department(const struct org_department *d);
json_t *encode_employee(const struct org_employee *e, bool mask_pii);
json_t *encode_user(const struct user *u);
json_t *encode_token(const struct api_token *t);
json_t *encode_audit(const struct audit_entry *e, bool mask_pii);
json_t *json_time_or_null(int64_t t);

/* --- authentication (service/auth.c) --- */
/* Once at start-up, before any thread serves: libsodium. */
enum mn_status svc_init(void);
/* The constant-time login path's hash for unknown usernames: made on first use; the server
 * calls this at start-up so that no login pays for it. */
enum mn_status svc_login_warm(void);
struct login_result {
    char session_token[64]; /* the cookie's value; shown once, stored only as a hash */
    char csrf_token[48];
    struct user user;
    struct tenant tenant;
};
enum mn_status svc_login(struct db *db, const char *username, const char *password,
                         const char *ip, struct login_result *out, struct mn_error *err);
/* Resolves a cookie token into ctx (who, session_id) and its csrf token. */
enum mn_status svc_auth_session(struct db *db, const char *token, struct svc_ctx *ctx,
                                char csrf_out[48]);
enum mn_status svc_auth_bearer(struct db *db, const char *token, struct svc_ctx *ctx);
enum mn_status svc_logout(struct svc_ctx *ctx);
enum mn_status svc_password_change(struct svc_ctx *ctx, const char *old_pw, const char *new_pw,
                                   struct mn_error *err);
/* argon2id (libsodium, interactive limits) into out (crypto_pwhash_STRBYTES = 128 bytes). */
enum mn_status auth_hash_password(const char *password, char out[128]);
enum mn_status auth_check_password_policy(const char *field, const char *pw, struct mn_error *err);
/* 32 random bytes as unpadded base64url (43 chars + NUL). */
void auth_random_token(char out[48]);
/* BLAKE2b-256 of token as hex (64 chars + NUL). */
void auth_token_hash(const char *token, char out[65]);

/* --- organisation (service/org.c) --- */
enum store_field {
    F_CODE = 1u << 0, F_NAME = 1u << 1, F_CITY = 1u << 2, F_ADDRESS = 1u << 3,
    F_PHONE = 1u << 4, F_ACTIVE = 1u << 5, F_STORE_ID = 1u << 6, F_KIND = 1u << 7,
    F_DEPARTMENT_ID = 1u << 8, F_EMPLOYEE_NO = 1u << 9, F_POSITION = 1u << 10,
    F_EMAIL = 1u << 11, F_USERNAME = 1u << 12, F_DISPLAY_NAME = 1u << 13, F_ROLE = 1u << 14,
    F_EMPLOYEE_ID = 1u << 15, F_PASSWORD = 1u << 16, F_TIMEZONE = 1u << 17,
};

/* Input of create/update: the record's fields plus which of them the request set. */
struct store_input { struct org_store v; uint32_t set; };
struct department_input { struct org_department v; uint32_t set; };
struct employee_input { struct org_employee v; char phone_raw[40]; uint32_t set; };
struct user_input { struct user v; char password[520]; uint32_t set; };

enum mn_status svc_tenant_get(struct svc_ctx *ctx, struct tenant *out);
enum mn_status svc_tenant_update(struct svc_ctx *ctx, const struct tenant *in, uint32_t set,
                                 struct tenant *out, struct mn_error *err);

enum mn_status svc_store_create(struct svc_ctx *ctx, struct store_input *in,
                                struct org_store *out, struct mn_error *err);
enum mn_status svc_store_get(struct svc_ctx *ctx, int64_t id, struct org_store *out);
enum mn_status svc_store_update(struct svc_ctx *ctx, int64_t id, struct store_input *in,
                                struct org_store *out, struct mn_error *err);
enum mn_status svc_store_deactivate(struct svc_ctx *ctx, int64_t id);
enum mn_status svc_store_list(struct svc_ctx *ctx, struct list_query *q, struct org_store **items,
                              size_t *n);

enum mn_status svc_department_create(struct svc_ctx *ctx, struct department_input *in,
                                     struct org_department *out, struct mn_error *err);
enum mn_status svc_department_get(struct svc_ctx *ctx, int64_t id, struct org_department *out);
enum mn_status svc_department_update(struct svc_ctx *ctx, int64_t id,
                                     struct department_input *in, struct org_department *out,
                                     struct mn_error *err);
enum mn_status svc_department_deactivate(struct svc_ctx *ctx, int64_t id);
enum mn_status svc_department_list(struct svc_ctx *ctx, struct list_query *q,
                                   struct org_department **items, size_t *n);

enum mn_status svc_employee_create(struct svc_ctx *ctx, struct employee_input *in,
                                   struct org_employee *out, struct mn_error *err);
enum mn_status svc_employee_get(struct svc_ctx *ctx, int64_t id, struct org_employee *out);
enum mn_status svc_employee_update(struct svc_ctx *ctx, int64_t id, struct employee_input *in,
                                   struct org_employee *out, struct mn_error *err);
enum mn_status svc_employee_deactivate(struct svc_ctx *ctx, int64_t id);
enum mn_status svc_employee_list(struct svc_ctx *ctx, struct list_query *q,
                                 struct org_employee **items, size_t *n);

/* --- users and tokens (service/users.c) --- */
enum mn_status svc_user_create(struct svc_ctx *ctx, struct user_input *in, struct user *out,
                               struct mn_error *err);
enum mn_status svc_user_get(struct svc_ctx *ctx, int64_t id, struct user *out);
enum mn_status svc_user_update(struct svc_ctx *ctx, int64_t id, struct user_input *in,
                               struct user *out, struct mn_error *err);
enum mn_status svc_user_deactivate(struct svc_ctx *ctx, int64_t id);
enum mn_status svc_user_list(struct svc_ctx *ctx, struct list_query *q, struct user **items,
                             size_t *n);

enum mn_status svc_token_create(struct svc_ctx *ctx, const char *name, const char *role,
                                struct api_token *out, char token_out[64], struct mn_error *err);
enum mn_status svc_token_revoke(struct svc_ctx *ctx, int64_t id);
enum mn_status svc_token_list(struct svc_ctx *ctx, struct list_query *q, struct api_token **items,
                              size_t *n);

enum mn_status svc_audit_list(struct svc_ctx *ctx, struct audit_query *q,
                              struct audit_entry **items, size_t *n);

/* --- set-up (service/bootstrap.c) --- */
/* On an empty store: creates the first tenant and the "admin" user. The password is
 * admin_password, or generated and written to [out] generated (then non-empty). */
enum mn_status svc_bootstrap(struct db *db, const char *admin_password, char generated[32],
                             bool *created);
/* Creates a tenant (CLI). */
enum mn_status svc_tenant_create(struct db *db, const char *name, const char *timezone,
                                 int64_t *id, struct mn_error *err);
/* Creates a user in a tenant outside any session (CLI), audited as "system". */
enum mn_status svc_user_create_system(struct db *db, int64_t tenant_id, struct user_input *in,
                                      struct user *out, struct mn_error *err);
enum mn_status svc_user_set_password_system(struct db *db, const char *username,
                                            const char *password, struct mn_error *err);
/* Loads the demo dealer group (service/demo.c). Writes a summary for the CLI to print. */
enum mn_status svc_demo_load(struct db *db, const char *password, char *summary, size_t cap,
                             struct mn_error *err);

#endif
