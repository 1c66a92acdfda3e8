/* SPDX-License-Identifier: MIT */
/* Use cases of user accounts, API tokens and the audit log. Only an admin manages users and
 * tokens; a store manager may read the users of their store. Changing or resetting a password,
 * or deactivating a user, ends that user's sessions. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "service/service.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

static enum mn_status user_visible(const struct svc_ctx *ctx, const struct user *u)
{
    if (ctx->who.role == ROLE_ADMIN)
        return MN_OK;
    if (ctx->who.role == ROLE_STORE_MANAGER && u->store_id == ctx->who.store_id)
        return MN_OK;
    return MN_ERR_NOT_FOUND;
}

/* Checks the role/scope combination and fills the store from the department. */
static enum mn_status validate_user(struct svc_ctx *ctx, struct user *u, struct mn_error *err)
{
    CHECK(text_check("display_name", u->display_name, strlen(u->display_name), 0, 100, false,
                     err));
    enum role r = role_parse(u->role);
    if (r == ROLE_NONE)
        return mn_fail(err, MN_ERR_INVALID, "role",
                       "must be one of admin, store_manager, dept_manager, cr_agent, staff, "
                       "auditor");
    if (!role_needs_store(r)) {
        u->store_id = 0;
        u->department_id = 0;
    }
    if (role_needs_department(r) && u->department_id == 0)
        return mn_fail(err, MN_ERR_INVALID, "department_id", "is required for role %s",
                       u->role);
    if (u->department_id != 0) {
        struct org_department d;
        enum mn_status rc = departments_get(ctx->db, u->tenant_id, u->department_id, &d);
        if (rc == MN_ERR_NOT_FOUND)
            return mn_fail(err, MN_ERR_INVALID, "department_id", "no such department");
        CHECK(rc);
        if (u->store_id != 0 && u->store_id != d.store_id)
            return mn_fail(err, MN_ERR_INVALID, "department_id",
                           "belongs to another store than store_id");
        u->store_id = d.store_id;
    }
    if (role_needs_store(r) && u->store_id == 0)
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is required for role %s", u->role);
    if (u->store_id != 0) {
        struct org_store s;
        enum mn_status rc = stores_get(ctx->db, u->tenant_id, u->store_id, &s);
        if (rc == MN_ERR_NOT_FOUND)
            return mn_fail(err, MN_ERR_INVALID, "store_id", "no such store");
        CHECK(rc);
    }
    if (u->employee_id != 0) {
        struct org_employee e;
        enum mn_status rc = employees_get(ctx->db, u->tenant_id, u->employee_id, &e);
        if (rc == MN_ERR_NOT_FOUND)
            return mn_fail(err, MN_ERR_INVALID, "employee_id", "no such employee");
        CHECK(rc);
    }
    return MN_OK;
}

static void apply_user(struct user *dst, const struct user_input *in)
{
    const struct user *v = &in->v;
    if (in->set & F_DISPLAY_NAME) memcpy(dst->display_name, v->display_name, sizeof dst->display_name);
    if (in->set & F_ROLE) memcpy(dst->role, v->role, sizeof dst->role);
    if (in->set & F_STORE_ID) dst->store_id = v->store_id;
    if (in->set & F_DEPARTMENT_ID) dst->department_id = v->department_id;
    if (in->set & F_EMPLOYEE_ID) dst->employee_id = v->employee_id;
    if (in->set & F_ACTIVE) dst->active = v->active;
}

struct user_tx {
    int64_t id;
    struct user_input *in;
    struct user *out;
    char hash[crypto_pwhash_STRBYTES]; /* of in->password, when set */
};

static enum mn_status user_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct user_tx *t = arg;
    struct user u = {.tenant_id = ctx->who.tenant_id, .active = 1};
    memcpy(u.username, t->in->v.username, sizeof u.username);
    apply_user(&u, t->in);
    CHECK(validate_user(ctx, &u, err));
    snprintf(u.password_hash, sizeof u.password_hash, "%s", t->hash);
    enum mn_status rc = users_insert(ctx->db, &u);
    sodium_memzero(u.password_hash, sizeof u.password_hash);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "username", "is already taken");
    CHECK(rc);
    *t->out = u;
    json_t *a = encode_user(&u);
    rc = svc_audit(ctx, "create", "user", u.id, NULL, a);
    json_decref(a);
    return rc;
}

static enum mn_status prepare_password(struct user_tx *t, struct mn_error *err)
{
    if (!(t->in->set & F_PASSWORD))
        return MN_OK;
    CHECK(auth_check_password_policy("password", t->in->password, err));
    return auth_hash_password(t->in->password, t->hash);
}

static enum mn_status check_new_user(struct user_input *in, struct mn_error *err)
{
    if (!(in->set & F_USERNAME))
        return mn_fail(err, MN_ERR_INVALID, "username", "is required");
    CHECK(text_check("username", in->v.username, strlen(in->v.username), 3, 64, false, err));
    if (!text_is_token(in->v.username, "._@-"))
        return mn_fail(err, MN_ERR_INVALID, "username",
                       "may only contain letters, digits and . _ @ -");
    if (!(in->set & F_ROLE))
        return mn_fail(err, MN_ERR_INVALID, "role", "is required");
    if (!(in->set & F_PASSWORD))
        return mn_fail(err, MN_ERR_INVALID, "password", "is required");
    return MN_OK;
}

enum mn_status svc_user_create(struct svc_ctx *ctx, struct user_input *in, struct user *out,
                               struct mn_error *err)
{
    if (!role_can_write_users(&ctx->who))
        return MN_ERR_FORBIDDEN;
    CHECK(check_new_user(in, err));
    struct user_tx t = {0, in, out, {0}};
    enum mn_status rc = prepare_password(&t, err);
    if (rc == MN_OK)
        rc = svc_run_tx(ctx, user_create_tx, &t, err);
    sodium_memzero(t.hash, sizeof t.hash);
    return rc;
}

enum mn_status svc_user_get(struct svc_ctx *ctx, int64_t id, struct user *out)
{
    if (!role_can_read_users(&ctx->who))
        return MN_ERR_FORBIDDEN;
    CHECK(users_get(ctx->db, ctx->who.tenant_id, id, out));
    sodium_memzero(out->password_hash, sizeof out->password_hash);
    return user_visible(ctx, out);
}

static enum mn_status user_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct user_tx *t = arg;
    struct user before, u;
    CHECK(users_get(ctx->db, ctx->who.tenant_id, t->id, &before));
    sodium_memzero(before.password_hash, sizeof before.password_hash);
    u = before;
    apply_user(&u, t->in);
    CHECK(validate_user(ctx, &u, err));
    if (u.id == ctx->who.user_id && (strcmp(u.role, "admin") != 0 || !u.active))
        return mn_fail(err, MN_ERR_CONFLICT, "role",
                       "an admin cannot demote or deactivate their own account");
    CHECK(users_update(ctx->db, &u));
    if (t->in->set & F_PASSWORD)
        CHECK(users_set_password(ctx->db, u.tenant_id, u.id, t->hash));
    /* a new password, a new role or a deactivation ends the user's sessions */
    if ((t->in->set & (F_PASSWORD | F_ROLE | F_STORE_ID | F_DEPARTMENT_ID)) || !u.active)
        CHECK(sessions_delete_user(ctx->db, u.tenant_id, u.id, 0));
    *t->out = u;
    json_t *b = encode_user(&before), *a = encode_user(&u);
    const char *action = (t->in->set == F_ACTIVE && !u.active) ? "delete"
                         : (t->in->set == F_PASSWORD)        ? "password"
                                                              : "update";
    enum mn_status rc = svc_audit(ctx, action, "user", u.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_user_update(struct svc_ctx *ctx, int64_t id, struct user_input *in,
                               struct user *out, struct mn_error *err)
{
    struct user probe;
    CHECK(svc_user_get(ctx, id, &probe)); /* 404 before 403 for objects out of sight */
    if (!role_can_write_users(&ctx->who))
        return MN_ERR_FORBIDDEN;
    if (in->set & F_USERNAME)
        return mn_fail(err, MN_ERR_INVALID, "username", "cannot be changed");
    struct user_tx t = {id, in, out, {0}};
    enum mn_status rc = prepare_password(&t, err);
    if (rc == MN_OK)
        rc = svc_run_tx(ctx, user_update_tx, &t, err);
    sodium_memzero(t.hash, sizeof t.hash);
    return rc;
}

enum mn_status svc_user_deactivate(struct svc_ctx *ctx, int64_t id)
{
    struct user_input in = {.v = {.active = 0}, .set = F_ACTIVE};
    struct user out;
    return svc_user_update(ctx, id, &in, &out, NULL);
}

enum mn_status svc_user_list(struct svc_ctx *ctx, struct list_query *q, struct user **items,
                             size_t *n)
{
    if (!role_can_read_users(&ctx->who))
        return MN_ERR_FORBIDDEN;
    if (ctx->who.role != ROLE_ADMIN)
        q->store_id = ctx->who.store_id;
    CHECK(users_list(ctx->db, ctx->who.tenant_id, q, items, n));
    for (size_t i = 0; i < *n; i++)
        sodium_memzero((*items)[i].password_hash, sizeof (*items)[i].password_hash);
    return MN_OK;
}

/* --- API tokens ------------------------------------------------------------------------------ */

struct token_tx { const char *name, *role; struct api_token *out; char *token; };

static enum mn_status token_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct token_tx *t = arg;
    struct api_token tok = {.tenant_id = ctx->who.tenant_id, .created_by = ctx->who.user_id};
    char hash[65];
    snprintf(tok.name, sizeof tok.name, "%s", t->name);
    snprintf(tok.role, sizeof tok.role, "%s", t->role);
    auth_random_token(t->token);
    snprintf(tok.prefix, sizeof tok.prefix, "%.8s", t->token);
    auth_token_hash(t->token, hash);
    CHECK(tokens_insert(ctx->db, &tok, hash));
    *t->out = tok;
    json_t *a = encode_token(&tok);
    enum mn_status rc = svc_audit(ctx, "create", "token", tok.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_token_create(struct svc_ctx *ctx, const char *name, const char *role,
                                struct api_token *out, char token_out[64], struct mn_error *err)
{
    if (!role_can_manage_tokens(&ctx->who))
        return MN_ERR_FORBIDDEN;
    CHECK(text_check("name", name, strlen(name), 1, 100, false, err));
    enum role r = role_parse(role);
    /* a token acts tenant-wide, so only the tenant-scoped roles make sense for it */
    if (r != ROLE_ADMIN && r != ROLE_AUDITOR)
        return mn_fail(err, MN_ERR_INVALID, "role", "must be admin or auditor");
    struct token_tx t = {name, role, out, token_out};
    return svc_run_tx(ctx, token_create_tx, &t, err);
}

struct revoke_tx { int64_t id; };

static enum mn_status token_revoke_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct revoke_tx *t = arg;
    struct api_token before, after;
    CHECK(tokens_get(ctx->db, ctx->who.tenant_id, t->id, &before));
    CHECK(tokens_revoke(ctx->db, ctx->who.tenant_id, t->id, store_now()));
    CHECK(tokens_get(ctx->db, ctx->who.tenant_id, t->id, &after));
    json_t *b = encode_token(&before), *a = encode_token(&after);
    enum mn_status rc = svc_audit(ctx, "delete", "token", t->id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_token_revoke(struct svc_ctx *ctx, int64_t id)
{
    if (!role_can_manage_tokens(&ctx->who)) {
        struct api_token probe;
        CHECK(tokens_get(ctx->db, ctx->who.tenant_id, id, &probe));
        return MN_ERR_FORBIDDEN;
    }
    struct revoke_tx t = {id};
    return svc_run_tx(ctx, token_revoke_tx, &t, NULL);
}

enum mn_status svc_token_list(struct svc_ctx *ctx, struct list_query *q, struct api_token **items,
                              size_t *n)
{
    if (!role_can_manage_tokens(&ctx->who))
        return MN_ERR_FORBIDDEN;
    return tokens_list(ctx->db, ctx->who.tenant_id, q, items, n);
}

enum mn_status svc_audit_list(struct svc_ctx *ctx, struct audit_query *q,
                              struct audit_entry **items, size_t *n)
{
    if (!role_can_read_audit(&ctx->who))
        return MN_ERR_FORBIDDEN;
    return audit_list(ctx->db, ctx->who.tenant_id, q, items, n);
}
