/* SPDX-License-Identifier: MIT */
/* Set-up outside any session: the first tenant and admin on an empty store, and the CLI's
 * tenant and user commands. These are audited as the user "system". */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "io/tz.h"
#include "service/service.h"

static void system_ctx(struct svc_ctx *ctx, struct db *db, int64_t tenant_id)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->db = db;
    ctx->who.tenant_id = tenant_id;
    ctx->who.role = ROLE_ADMIN;
    snprintf(ctx->who.username, sizeof ctx->who.username, "system");
    snprintf(ctx->ip, sizeof ctx->ip, "cli");
}

struct tenant_tx { const char *name, *timezone; int64_t *id; };

static enum mn_status tenant_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct tenant_tx *t = arg;
    struct tenant tn = {0};
    snprintf(tn.name, sizeof tn.name, "%s", t->name);
    snprintf(tn.timezone, sizeof tn.timezone, "%s", t->timezone);
    enum mn_status rc = tenants_insert(ctx->db, &tn);
    if (rc != MN_OK)
        return rc;
    *t->id = tn.id;
    ctx->who.tenant_id = tn.id;
    json_t *a = encode_tenant(&tn);
    rc = svc_audit(ctx, "create", "tenant", tn.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_tenant_create(struct db *db, const char *name, const char *timezone,
                                 int64_t *id, struct mn_error *err)
{
    struct svc_ctx ctx;
    system_ctx(&ctx, db, 0);
    enum mn_status rc = text_check("name", name, strlen(name), 1, 100, false, err);
    if (rc != MN_OK)
        return rc;
    if (!tz_exists(timezone))
        return mn_fail(err, MN_ERR_INVALID, "timezone", "must be an IANA zone such as Asia/Shanghai");
    struct tenant_tx t = {name, timezone, id};
    return svc_run_tx(&ctx, tenant_create_tx, &t, err);
}

enum mn_status svc_user_create_system(struct db *db, int64_t tenant_id, struct user_input *in,
                                      struct user *out, struct mn_error *err)
{
    struct svc_ctx ctx;
    struct tenant t;
    system_ctx(&ctx, db, tenant_id);
    enum mn_status rc = tenants_get(db, tenant_id, &t);
    if (rc == MN_ERR_NOT_FOUND)
        return mn_fail(err, MN_ERR_INVALID, "tenant", "no such tenant");
    if (rc != MN_OK)
        return rc;
    return svc_user_create(&ctx, in, out, err);
}

enum mn_status svc_user_set_password_system(struct db *db, const char *username,
                                            const char *password, struct mn_error *err)
{
    struct user u;
    enum mn_status rc = users_get_by_username(db, username, &u);
    if (rc == MN_ERR_NOT_FOUND)
        return mn_fail(err, MN_ERR_NOT_FOUND, "username", "no such user");
    if (rc != MN_OK)
        return rc;
    sodium_memzero(u.password_hash, sizeof u.password_hash);
    struct svc_ctx ctx;
    system_ctx(&ctx, db, u.tenant_id);
    struct user_input in = {.set = F_PASSWORD};
    snprintf(in.password, sizeof in.password, "%s", password);
    struct user out;
    rc = svc_user_update(&ctx, u.id, &in, &out, err);
    sodium_memzero(in.password, sizeof in.password);
    return rc;
}

enum mn_status svc_bootstrap(struct db *db, const char *admin_password, char generated[32],
                             bool *created)
{
    int64_t n = 0, tenant_id = 0;
    struct mn_error err = {0};
    *created = false;
    generated[0] = '\0';
    enum mn_status rc = tenants_count(db, &n);
    if (rc != MN_OK || n > 0)
        return rc;
    const char *pw = admin_password;
    if (pw != NULL && *pw != '\0' && auth_check_password_policy("MANYI_ADMIN_PASSWORD", pw, &err))
        return MN_ERR_INVALID;
    if (pw == NULL || *pw == '\0') {
        char tok[48];
        auth_random_token(tok);
        snprintf(generated, 32, "%.20s", tok);
        pw = generated;
    }
    if ((rc = svc_tenant_create(db, "我的集团", "Asia/Shanghai", &tenant_id, &err)) != MN_OK)
        return rc;
    struct user_input in = {.set = F_USERNAME | F_ROLE | F_PASSWORD | F_DISPLAY_NAME};
    snprintf(in.v.username, sizeof in.v.username, "admin");
    snprintf(in.v.role, sizeof in.v.role, "admin");
    snprintf(in.v.display_name, sizeof in.v.display_name, "系统管理员");
    snprintf(in.password, sizeof in.password, "%s", pw);
    struct user out;
    rc = svc_user_create_system(db, tenant_id, &in, &out, &err);
    sodium_memzero(in.password, sizeof in.password);
    if (rc == MN_OK)
        *created = true;
    return rc;
}
