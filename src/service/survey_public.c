/* SPDX-License-Identifier: MIT */
/* The respondent's side, without a login: a personal link (token) or an anonymous link / QR
 * key finds the tenant, the survey and the version; answers are kept while the respondent goes
 * on, and a submission is prepared for the writer. Only the token's hash is ever looked up. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "service/survey.h"
#include "store/survey.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

static bool token_shape_ok(const char *t)
{
    size_t n = strlen(t);
    return n >= 20 && n < 64;
}

/* Finds the invitation of a token and says why it cannot be answered (*why NULL = it can). */
static enum mn_status find_invitation(struct db *db, const char *token,
                                      struct survey_invitation *v, const char **why)
{
    char hash[65];
    *why = NULL;
    if (!token_shape_ok(token))
        return MN_ERR_NOT_FOUND;
    auth_token_hash(token, hash);
    CHECK(survey_invitations_by_hash(db, hash, v));
    if (strcmp(v->status, "responded") == 0)
        *why = "used";
    else if (strcmp(v->status, "revoked") == 0)
        *why = "revoked";
    else if (v->expires_at <= store_now())
        *why = "expired";
    return MN_OK;
}

static enum mn_status current_version(struct db *db, int64_t tenant_id, int64_t survey_id,
                                      int64_t *version)
{
    struct survey_row s;
    CHECK(surveys_get(db, tenant_id, survey_id, &s));
    *version = strcmp(s.status, "archived") == 0 ? 0 : s.current_version;
    survey_row_release(&s);
    return *version > 0 ? MN_OK : MN_ERR_NOT_FOUND;
}

static json_t *respondent_view(struct db *db, const struct survey_compiled *c, const char *lang)
{
    struct tenant t = {0};
    tenants_get(db, c->tenant_id, &t);
    json_t *def = json_deep_copy(c->def);
    json_object_del(def, "alert");
    json_object_del(def, "weights");
    return json_pack("{s:I, s:I, s:s, s:s, s:o, s:i}", "survey_id", (json_int_t)c->survey_id,
                     "version", (json_int_t)c->version, "tenant", t.name, "lang",
                     lang != NULL ? lang : "zh-CN", "definition", def, "commitment_days",
                     c->commitment_days);
}

enum mn_status svc_public_invitation(struct db *db, const char *token, json_t **out,
                                     const char **why)
{
    struct survey_invitation v;
    CHECK(find_invitation(db, token, &v, why));
    enum mn_status rc = MN_OK;
    int64_t version = 0;
    const struct survey_compiled *c = NULL;
    if (*why != NULL)
        rc = MN_ERR_CONFLICT;
    if (rc == MN_OK)
        rc = current_version(db, v.tenant_id, v.survey_id, &version);
    if (rc == MN_OK)
        rc = survey_version_load(db, v.tenant_id, v.survey_id, version, &c);
    if (rc == MN_OK) {
        *out = respondent_view(db, c, v.lang);
        json_t *partial = json_loads(v.partial_json, 0, NULL);
        json_object_set_new(*out, "partial", partial != NULL ? partial : json_array());
        json_object_set_new(*out, "expires_at", json_time_or_null(v.expires_at));
    }
    free(v.partial_json);
    return rc;
}

enum mn_status svc_public_partial(struct db *db, const char *token, const json_t *answers,
                                  struct mn_error *err, const char **why)
{
    struct survey_invitation v;
    CHECK(find_invitation(db, token, &v, why));
    free(v.partial_json);
    if (*why != NULL)
        return MN_ERR_CONFLICT;
    struct survey_answer *a = NULL;
    size_t n = 0;
    CHECK(survey_answers_decode(answers, &a, &n, err));
    free(a);
    char *text = json_dumps(answers, JSON_COMPACT);
    if (text == NULL)
        return MN_ERR_NOMEM;
    enum mn_status rc = survey_invitations_save_partial(db, v.tenant_id, v.id, text);
    free(text);
    return rc;
}

enum mn_status svc_public_optout(struct db *db, const char *token)
{
    struct survey_invitation v;
    const char *why;
    CHECK(find_invitation(db, token, &v, &why));
    free(v.partial_json);
    CHECK(db_begin(db));
    enum mn_status rc = survey_invitations_set_status(db, v.tenant_id, v.id, "opted_out");
    if (rc == MN_OK && v.recipient[0] != '\0')
        rc = survey_optouts_add(db, v.tenant_id, v.recipient);
    if (rc == MN_OK)
        rc = db_commit(db);
    if (rc != MN_OK)
        db_rollback(db);
    return rc;
}

enum mn_status svc_public_link(struct db *db, const char *key, json_t **out)
{
    struct survey_link l;
    if (!token_shape_ok(key))
        return MN_ERR_NOT_FOUND;
    CHECK(survey_links_by_key(db, key, &l));
    if (!l.active)
        return MN_ERR_NOT_FOUND;
    int64_t version;
    CHECK(current_version(db, l.tenant_id, l.survey_id, &version));
    const struct survey_compiled *c;
    CHECK(survey_version_load(db, l.tenant_id, l.survey_id, version, &c));
    *out = respondent_view(db, c, NULL);
    json_object_set_new(*out, "partial", json_array());
    json_object_set_new(*out, "touchpoint", json_string(l.touchpoint));
    return MN_OK;
}

enum mn_status svc_public_prepare_invitation(struct db *db, const char *token,
                                             const json_t *answers, struct response_rec *rec,
                                             struct mn_error *err, const char **why)
{
    struct survey_invitation v;
    CHECK(find_invitation(db, token, &v, why));
    free(v.partial_json);
    if (*why != NULL)
        return MN_ERR_CONFLICT;
    int64_t version;
    CHECK(current_version(db, v.tenant_id, v.survey_id, &version));
    const struct survey_compiled *c;
    CHECK(survey_version_load(db, v.tenant_id, v.survey_id, version, &c));
    struct response_meta m = {.invitation_id = v.id, .customer_id = v.customer_id,
                              .event_id = v.event_id, .store_id = v.store_id,
                              .department_id = v.department_id, .employee_id = v.employee_id};
    snprintf(m.channel, sizeof m.channel, "%s", v.channel);
    return response_prepare(c, answers, &m, rec, err);
}

/* A QR code is scanned by many people: its link row and its survey's current version are kept
 * for LINK_TTL seconds, so a busy table card costs no store reads. A deactivated link or a new
 * version takes effect within that time. */
enum { LINK_SLOTS = 512, LINK_TTL = 3 };
static struct {
    pthread_mutex_t mu;
    struct { struct survey_link l; int64_t version; int64_t until; } slot[LINK_SLOTS];
} links = {PTHREAD_MUTEX_INITIALIZER, {{{0}, 0, 0}}};

static enum mn_status link_lookup(struct db *db, const char *key, struct survey_link *l,
                                  int64_t *version)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = key; *p != '\0'; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    size_t i = (size_t)(h % LINK_SLOTS);
    int64_t now = store_now();
    pthread_mutex_lock(&links.mu);
    bool hit = links.slot[i].until > now && strcmp(links.slot[i].l.key, key) == 0;
    if (hit) {
        *l = links.slot[i].l;
        *version = links.slot[i].version;
    }
    pthread_mutex_unlock(&links.mu);
    if (hit)
        return MN_OK;
    CHECK(survey_links_by_key(db, key, l));
    if (!l->active)
        return MN_ERR_NOT_FOUND;
    CHECK(current_version(db, l->tenant_id, l->survey_id, version));
    pthread_mutex_lock(&links.mu);
    links.slot[i].l = *l;
    links.slot[i].version = *version;
    links.slot[i].until = now + LINK_TTL;
    pthread_mutex_unlock(&links.mu);
    return MN_OK;
}

enum mn_status svc_public_prepare_link(struct db *db, const char *key, const json_t *answers,
                                       const char *client_id, struct response_rec *rec,
                                       struct mn_error *err)
{
    struct survey_link l;
    if (!token_shape_ok(key))
        return MN_ERR_NOT_FOUND;
    int64_t version;
    CHECK(link_lookup(db, key, &l, &version));
    const struct survey_compiled *c;
    CHECK(survey_version_load(db, l.tenant_id, l.survey_id, version, &c));
    struct response_meta m = {.link_id = l.id, .store_id = l.store_id};
    snprintf(m.channel, sizeof m.channel, "%s", l.kind);
    snprintf(m.touchpoint, sizeof m.touchpoint, "%s", l.touchpoint);
    CHECK(response_prepare(c, answers, &m, rec, err));
    /* Duplicate detection: the same device (its client id, else its address) sending the same
     * answers through the same link on the same day is one response, not two. */
    struct civil_time ct = civil_from_epoch(store_now(), 480);
    unsigned char h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)&l.id, sizeof l.id);
    crypto_generichash_update(&st, (const unsigned char *)&ct.date, sizeof ct.date);
    crypto_generichash_update(&st, (const unsigned char *)client_id, strlen(client_id));
    crypto_generichash_update(&st, (const unsigned char *)rec->answers_json,
                              strlen(rec->answers_json));
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(rec->m.dedupe_key, sizeof rec->m.dedupe_key, h, sizeof h);
    return MN_OK;
}

json_t *survey_thanks(const struct survey_compiled *c, int64_t response_id)
{
    int n = c->commitment_days > 0 ? c->commitment_days : 3;
    char cn[160], tw[160], en[160];
    snprintf(cn, sizeof cn, "您的宝贵意见我们将在%d个工作日内处理,感谢您的支持!", n);
    snprintf(tw, sizeof tw, "您的寶貴意見我們將在%d個工作日內處理,感謝您的支持!", n);
    snprintf(en, sizeof en, "We will act on your feedback within %d working day%s. Thank you!",
             n, n == 1 ? "" : "s");
    const json_t *incentive = json_object_get(c->def, "incentive");
    return json_pack("{s:I, s:{s:s, s:s, s:s}, s:i, s:O}", "id", (json_int_t)response_id,
                     "commitment", "zh-CN", cn, "zh-TW", tw, "en", en, "commitment_days", n,
                     "incentive", incentive != NULL ? incentive : json_null());
}
