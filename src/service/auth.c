/* SPDX-License-Identifier: MIT */
/* Login, sessions, API tokens and passwords. Passwords are argon2id (libsodium's interactive
 * limits); session and API tokens are 256-bit random values of which only a BLAKE2b hash is
 * stored, so a stolen database yields no usable credential. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "service/service.h"

enum {
    SESSION_IDLE_SECONDS = 12 * 3600,  /* a working day of inactivity ends a session */
    SESSION_TOUCH_SECONDS = 300,       /* refresh last_seen at most every 5 minutes */
    THROTTLE_WINDOW_SECONDS = 15 * 60,
    THROTTLE_PER_USERNAME = 5,
    THROTTLE_PER_IP = 20,
};

void auth_random_token(char out[48])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 48, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

enum mn_status auth_hash_password(const char *password, char out[128])
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return MN_ERR_NOMEM;
    return MN_OK;
}

enum mn_status auth_check_password_policy(const char *field, const char *pw,
                                          struct mn_error *err)
{
    enum mn_status rc = text_check(field, pw, strlen(pw), 10, 128, false, err);
    if (rc != MN_OK && err != NULL && strstr(err->hint, "at least") != NULL)
        snprintf(err->hint, sizeof err->hint, "must be at least 10 characters");
    return rc;
}

static void principal_from_user(struct principal *p, const struct user *u)
{
    memset(p, 0, sizeof *p);
    p->tenant_id = u->tenant_id;
    p->user_id = u->id;
    p->role = role_parse(u->role);
    p->store_id = u->store_id;
    p->department_id = u->department_id;
    snprintf(p->username, sizeof p->username, "%s", u->username);
}

static enum mn_status throttled(struct db *db, const char *key, int64_t limit, int64_t now,
                                bool *over)
{
    int64_t n = 0;
    enum mn_status rc = login_failures_count(db, key, now - THROTTLE_WINDOW_SECONDS, &n);
    *over = n >= limit;
    return rc;
}

struct login_tx {
    const char *username, *ip;
    struct login_result *out;
};

/* A hash to verify against when the username does not exist, so that a wrong username takes
 * as long as a wrong password and does not reveal which accounts exist. Made once, by the
 * server at start-up (svc_login_warm): an argon2id hash costs 0.1 s, which every other
 * command (an import, a job run) would pay for nothing. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static enum mn_status dummy_rc = MN_ERR_INTERNAL;

static void make_dummy_hash(void)
{
    dummy_rc = auth_hash_password("not the password of anyone", dummy_hash);
}

enum mn_status svc_login_warm(void)
{
    pthread_once(&dummy_once, make_dummy_hash);
    return dummy_rc;
}

enum mn_status svc_init(void)
{
    return sodium_init() < 0 ? MN_ERR_INTERNAL : MN_OK;
}

static void throttle_keys(const char *username, const char *ip, char key_user[96],
                          char key_ip[64])
{
    snprintf(key_user, 96, "u:%s", username);
    snprintf(key_ip, 64, "ip:%s", ip);
}

static enum mn_status open_session_in_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct login_tx *t = arg;
    struct login_result *out = t->out;
    int64_t now = store_now();
    char key_user[96], key_ip[64], token_hash[65];
    enum mn_status rc;

    throttle_keys(t->username, t->ip, key_user, key_ip);
    auth_random_token(out->session_token);
    auth_random_token(out->csrf_token);
    auth_token_hash(out->session_token, token_hash);
    if ((rc = sessions_insert(ctx->db, out->user.tenant_id, out->user.id, token_hash,
                              out->csrf_token, now + SESSION_IDLE_SECONDS, t->ip)) != MN_OK ||
        (rc = users_touch_login(ctx->db, out->user.tenant_id, out->user.id, now)) != MN_OK ||
        (rc = login_failures_clear(ctx->db, key_user)) != MN_OK ||
        (rc = tenants_get(ctx->db, out->user.tenant_id, &out->tenant)) != MN_OK)
        return rc;
    out->user.last_login_at = now;
    principal_from_user(&ctx->who, &out->user);
    return svc_audit(ctx, "login", "user", out->user.id, NULL, NULL);
}

static enum mn_status record_failure_in_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    const struct login_tx *t = arg;
    char key_user[96], key_ip[64];
    int64_t now = store_now();
    enum mn_status rc;
    throttle_keys(t->username, t->ip, key_user, key_ip);
    if ((rc = login_failures_add(ctx->db, key_user, now)) != MN_OK)
        return rc;
    return login_failures_add(ctx->db, key_ip, now);
}

/* The password is checked outside any transaction: argon2id takes tens of milliseconds and
 * must not hold SQLite's write lock meanwhile. */
enum mn_status svc_login(struct db *db, const char *username, const char *password,
                         const char *ip, struct login_result *out, struct mn_error *err)
{
    struct svc_ctx ctx = {.db = db};
    struct login_tx t = {.username = username, .ip = ip, .out = out};
    char key_user[96], key_ip[64];
    int64_t now = store_now();
    bool over_user, over_ip;
    enum mn_status rc;

    snprintf(ctx.ip, sizeof ctx.ip, "%s", ip);
    memset(out, 0, sizeof *out);
    throttle_keys(username, ip, key_user, key_ip);
    if ((rc = throttled(db, key_user, THROTTLE_PER_USERNAME, now, &over_user)) != MN_OK ||
        (rc = throttled(db, key_ip, THROTTLE_PER_IP, now, &over_ip)) != MN_OK)
        return rc;
    if (over_user || over_ip)
        return mn_fail(err, MN_ERR_THROTTLED, "username",
                       "too many failed logins; try again in 15 minutes");

    if ((rc = svc_login_warm()) != MN_OK)
        return rc;
    rc = users_get_by_username(db, username, &out->user);
    if (rc != MN_OK && rc != MN_ERR_NOT_FOUND)
        return rc;
    bool found = rc == MN_OK && out->user.active;
    const char *hash = found ? out->user.password_hash : dummy_hash;
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && found;
    sodium_memzero(out->user.password_hash, sizeof out->user.password_hash);
    if (!ok) {
        memset(out, 0, sizeof *out);
        if ((rc = svc_run_tx(&ctx, record_failure_in_tx, &t, NULL)) != MN_OK)
            return rc;
        return mn_fail(err, MN_ERR_UNAUTHORIZED, "password", "wrong username or password");
    }
    rc = svc_run_tx(&ctx, open_session_in_tx, &t, err);
    if (rc != MN_OK)
        sodium_memzero(out, sizeof *out);
    return rc;
}

enum mn_status svc_auth_session(struct db *db, const char *token, struct svc_ctx *ctx,
                                char csrf_out[48])
{
    char hash[65];
    struct session_info si;
    int64_t now = store_now();
    auth_token_hash(token, hash);
    enum mn_status rc = sessions_lookup(db, hash, now, &si);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_ERR_UNAUTHORIZED;
    if (rc != MN_OK)
        return rc;
    if (now - si.last_seen_at >= SESSION_TOUCH_SECONDS)
        sessions_touch(db, si.session_id, now, now + SESSION_IDLE_SECONDS);
    principal_from_user(&ctx->who, &si.user);
    ctx->session_id = si.session_id;
    snprintf(csrf_out, 48, "%s", si.csrf_token);
    return MN_OK;
}

enum mn_status svc_auth_bearer(struct db *db, const char *token, struct svc_ctx *ctx)
{
    char hash[65];
    struct api_token t;
    auth_token_hash(token, hash);
    enum mn_status rc = tokens_lookup(db, hash, &t);
    if (rc == MN_ERR_NOT_FOUND)
        return MN_ERR_UNAUTHORIZED;
    if (rc != MN_OK)
        return rc;
    int64_t now = store_now();
    if (now - t.last_used_at >= SESSION_TOUCH_SECONDS)
        tokens_touch(db, t.id, now);
    memset(&ctx->who, 0, sizeof ctx->who);
    ctx->who.tenant_id = t.tenant_id;
    ctx->who.token_id = t.id;
    ctx->who.role = role_parse(t.role);
    snprintf(ctx->who.username, sizeof ctx->who.username, "token:%s", t.prefix);
    ctx->session_id = 0;
    return MN_OK;
}

static enum mn_status logout_in_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)arg, (void)err;
    enum mn_status rc = sessions_delete(ctx->db, ctx->who.tenant_id, ctx->session_id);
    if (rc != MN_OK)
        return rc;
    return svc_audit(ctx, "logout", "user", ctx->who.user_id, NULL, NULL);
}

enum mn_status svc_logout(struct svc_ctx *ctx)
{
    if (ctx->session_id == 0)
        return MN_ERR_FORBIDDEN;
    return svc_run_tx(ctx, logout_in_tx, NULL, NULL);
}

struct pw_tx {
    const char *old_pw;
    char hash[crypto_pwhash_STRBYTES];
};

static enum mn_status password_in_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct pw_tx *t = arg;
    struct user u;
    enum mn_status rc = users_get(ctx->db, ctx->who.tenant_id, ctx->who.user_id, &u);
    if (rc != MN_OK)
        return rc;
    bool ok = crypto_pwhash_str_verify(u.password_hash, t->old_pw, strlen(t->old_pw)) == 0;
    sodium_memzero(u.password_hash, sizeof u.password_hash);
    if (!ok)
        return mn_fail(err, MN_ERR_INVALID, "old_password", "is not the current password");
    if ((rc = users_set_password(ctx->db, ctx->who.tenant_id, u.id, t->hash)) != MN_OK ||
        (rc = sessions_delete_user(ctx->db, ctx->who.tenant_id, u.id, ctx->session_id)) != MN_OK)
        return rc;
    return svc_audit(ctx, "password", "user", u.id, NULL, NULL);
}

enum mn_status svc_password_change(struct svc_ctx *ctx, const char *old_pw, const char *new_pw,
                                   struct mn_error *err)
{
    if (ctx->session_id == 0 || ctx->who.user_id == 0)
        return mn_fail(err, MN_ERR_FORBIDDEN, "", "only a logged-in user changes a password");
    enum mn_status rc = auth_check_password_policy("new_password", new_pw, err);
    if (rc != MN_OK)
        return rc;
    struct pw_tx t = {.old_pw = old_pw};
    /* hash outside the transaction: argon2id takes tens of milliseconds */
    if ((rc = auth_hash_password(new_pw, t.hash)) != MN_OK)
        return rc;
    rc = svc_run_tx(ctx, password_in_tx, &t, err);
    sodium_memzero(t.hash, sizeof t.hash);
    return rc;
}
