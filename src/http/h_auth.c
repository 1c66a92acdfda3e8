/* SPDX-License-Identifier: MIT */
/* Login, logout, the current user, password change. */
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"

enum { SESSION_COOKIE_MAX_AGE = 12 * 3600 };

static void set_session_cookie(struct req *r, const char *value, int max_age)
{
    char cookie[200];
    snprintf(cookie, sizeof cookie, "manyi_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
             value, max_age, http_settings.cookie_secure ? "; Secure" : "");
    req_header(r, "Set-Cookie", cookie);
}

static json_t *me_body(const struct user *u, const struct tenant *t, const char *csrf)
{
    return json_pack("{s:o, s:o, s:s}", "user", encode_user(u), "tenant", encode_tenant(t),
                     "csrf_token", csrf);
}

struct login_body {
    char username[72];
    char password[520];
};

void h_auth_login(struct req *r)
{
    static const struct js_field fields[] = {
        {"username", JS_TEXT, offsetof(struct login_body, username), 72, 1},
        {"password", JS_TEXT, offsetof(struct login_body, password), 520, 2},
    };
    struct login_body b;
    memset(&b, 0, sizeof b);
    struct login_result res;
    struct mn_error err = {0};
    uint32_t set;
    enum mn_status rc = js_decode(r->body, fields, 2, &b, &set, &err);
    if (rc == MN_OK && !(set & 1))
        rc = mn_fail(&err, MN_ERR_INVALID, "username", "is required");
    if (rc == MN_OK && !(set & 2))
        rc = mn_fail(&err, MN_ERR_INVALID, "password", "is required");
    if (rc == MN_OK)
        rc = svc_login(r->ctx.db, b.username, b.password, r->ctx.ip, &res, &err);
    sodium_memzero(b.password, sizeof b.password);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    set_session_cookie(r, res.session_token, SESSION_COOKIE_MAX_AGE);
    r->ctx.who.tenant_id = res.user.tenant_id;
    r->ctx.who.user_id = res.user.id;
    reply_json(r, 200, me_body(&res.user, &res.tenant, res.csrf_token));
    sodium_memzero(&res, sizeof res);
}

void h_auth_logout(struct req *r)
{
    enum mn_status rc = svc_logout(&r->ctx);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    set_session_cookie(r, "", 0);
    reply_empty(r, 204);
}

void h_auth_me(struct req *r)
{
    struct tenant t;
    struct user u = {0};
    enum mn_status rc = svc_tenant_get(&r->ctx, &t);
    if (rc == MN_OK && r->ctx.who.user_id != 0)
        rc = users_get(r->ctx.db, r->ctx.who.tenant_id, r->ctx.who.user_id, &u);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    sodium_memzero(u.password_hash, sizeof u.password_hash);
    if (r->ctx.who.user_id == 0) { /* an API token: describe it as a pseudo-user */
        snprintf(u.username, sizeof u.username, "%s", r->ctx.who.username);
        snprintf(u.role, sizeof u.role, "%s", role_code(r->ctx.who.role));
        u.tenant_id = r->ctx.who.tenant_id;
        u.active = 1;
    }
    reply_json(r, 200, me_body(&u, &t, r->csrf)); /* a reloaded page learns its token here */
}

struct password_body {
    char old_password[520];
    char new_password[520];
};

void h_auth_password(struct req *r)
{
    static const struct js_field fields[] = {
        {"old_password", JS_TEXT, offsetof(struct password_body, old_password), 520, 1},
        {"new_password", JS_TEXT, offsetof(struct password_body, new_password), 520, 2},
    };
    struct password_body b;
    memset(&b, 0, sizeof b);
    struct mn_error err = {0};
    uint32_t set;
    enum mn_status rc = js_decode(r->body, fields, 2, &b, &set, &err);
    if (rc == MN_OK && !(set & 1))
        rc = mn_fail(&err, MN_ERR_INVALID, "old_password", "is required");
    if (rc == MN_OK && !(set & 2))
        rc = mn_fail(&err, MN_ERR_INVALID, "new_password", "is required");
    if (rc == MN_OK)
        rc = svc_password_change(&r->ctx, b.old_password, b.new_password, &err);
    sodium_memzero(&b, sizeof b);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_empty(r, 204);
}
