/* SPDX-License-Identifier: MIT */
/* Use cases of survey definitions, versions, anonymous links, invitations, per-channel rates
 * and figures. Admin configures surveys; every role reads them; figures, invitations and
 * responses are cut to the caller's scope. Figures come from the rollups, computed in core. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/figures.h"
#include "core/nps.h"
#include "core/pii.h"
#include "core/rate.h"
#include "core/text.h"
#include "service/survey.h"
#include "store/survey.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

const struct survey_compiled *survey_cache_put(struct survey_compiled *c);

static bool is_admin(const struct svc_ctx *ctx)
{
    return ctx->who.role == ROLE_ADMIN;
}

/* Store and department filters a role's scope imposes (0 = none). */
bool survey_token_seal(const char *token, char out[160]);

void survey_scope(const struct svc_ctx *ctx, int64_t *store_id, int64_t *dept_id);
void survey_scope(const struct svc_ctx *ctx, int64_t *store_id, int64_t *dept_id)
{
    switch (role_scope_of(ctx->who.role)) {
    case SCOPE_TENANT:
        break;
    case SCOPE_STORE:
        *store_id = ctx->who.store_id;
        break;
    case SCOPE_DEPARTMENT:
        *store_id = ctx->who.store_id;
        *dept_id = ctx->who.department_id;
        break;
    }
}

json_t *survey_encode(const struct survey_row *s, bool with_definition);
json_t *survey_encode(const struct survey_row *s, bool with_definition)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:o, s:o}", "id", (json_int_t)s->id,
                          "name", s->name, "template", s->template_name, "status", s->status,
                          "current_version", (json_int_t)s->current_version, "draft_changed",
                          s->draft_dirty != 0, "created_at", json_time_or_null(s->created_at),
                          "updated_at", json_time_or_null(s->updated_at));
    if (with_definition && s->draft_json != NULL) {
        json_t *d = json_loads(s->draft_json, 0, NULL);
        json_object_set_new(o, "definition", d != NULL ? d : json_null());
    }
    return o;
}

/* --- surveys --------------------------------------------------------------------------------- */

struct survey_tx {
    int64_t id;
    const struct survey_input *in;
    json_t **out;
};

static enum mn_status check_definition(const json_t *def, struct mn_error *err)
{
    struct survey_compiled *c = NULL;
    CHECK(survey_compile(def, &c, err));
    survey_compiled_free(c);
    return MN_OK;
}

static enum mn_status survey_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct survey_tx *t = arg;
    struct survey_row s = {.tenant_id = ctx->who.tenant_id};
    json_t *def = t->in->definition != NULL ? json_deep_copy(t->in->definition)
                                            : survey_template(t->in->template);
    if (def == NULL)
        return mn_fail(err, MN_ERR_INVALID, "definition", "is required (or name a template)");
    const char *name = t->in->name;
    if (name == NULL) {
        const json_t *title = json_object_get(json_object_get(def, "title"), "zh-CN");
        name = json_is_string(title) ? json_string_value(title) : "";
    }
    enum mn_status rc = text_check("name", name, strlen(name), 1, 100, false, err);
    if (rc == MN_OK)
        rc = check_definition(def, err);
    if (rc != MN_OK) {
        json_decref(def);
        return rc;
    }
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.template_name, sizeof s.template_name, "%s",
             t->in->template != NULL ? t->in->template : "");
    snprintf(s.status, sizeof s.status, "draft");
    s.draft_json = json_dumps(def, JSON_COMPACT);
    json_decref(def);
    rc = surveys_insert(ctx->db, &s);
    if (rc == MN_OK) {
        json_decref(*t->out); /* a retried attempt */
        *t->out = survey_encode(&s, true);
        json_t *a = survey_encode(&s, false);
        rc = svc_audit(ctx, "create", "survey", s.id, NULL, a);
        json_decref(a);
    }
    survey_row_release(&s);
    return rc;
}

enum mn_status svc_survey_create(struct svc_ctx *ctx, const struct survey_input *in,
                                 json_t **out, struct mn_error *err)
{
    if (!is_admin(ctx))
        return MN_ERR_FORBIDDEN;
    json_t *probe = in->template != NULL ? survey_template(in->template) : NULL;
    bool known = probe != NULL;
    json_decref(probe);
    if (in->template != NULL && !known)
        return mn_fail(err, MN_ERR_INVALID, "template", "is not a built-in template");
    struct survey_tx t = {0, in, out};
    *out = NULL;
    enum mn_status rc = svc_run_tx(ctx, survey_create_tx, &t, err);
    if (rc != MN_OK && *out != NULL) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

enum mn_status svc_survey_get(struct svc_ctx *ctx, int64_t id, json_t **out)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, id, &s));
    *out = survey_encode(&s, true);
    survey_row_release(&s);
    return MN_OK;
}

static enum mn_status survey_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct survey_tx *t = arg;
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, t->id, &s));
    json_t *b = survey_encode(&s, false);
    enum mn_status rc = MN_OK;
    if (t->in->name != NULL) {
        rc = text_check("name", t->in->name, strlen(t->in->name), 1, 100, false, err);
        snprintf(s.name, sizeof s.name, "%s", t->in->name);
    }
    if (rc == MN_OK && t->in->definition != NULL) {
        rc = check_definition(t->in->definition, err);
        if (rc == MN_OK) {
            free(s.draft_json);
            s.draft_json = json_dumps(t->in->definition, JSON_COMPACT);
            s.draft_dirty = 1;
        }
    }
    if (rc == MN_OK)
        rc = surveys_update(ctx->db, &s);
    if (rc == MN_OK) {
        json_decref(*t->out); /* a retried attempt */
        *t->out = survey_encode(&s, true);
        json_t *a = survey_encode(&s, false);
        rc = svc_audit(ctx, "update", "survey", s.id, b, a);
        json_decref(a);
    }
    json_decref(b);
    survey_row_release(&s);
    return rc;
}

enum mn_status svc_survey_update(struct svc_ctx *ctx, int64_t id, const struct survey_input *in,
                                 json_t **out, struct mn_error *err)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, id, &s));
    survey_row_release(&s);
    if (!is_admin(ctx))
        return MN_ERR_FORBIDDEN;
    struct survey_tx t = {id, in, out};
    *out = NULL;
    enum mn_status rc = svc_run_tx(ctx, survey_update_tx, &t, err);
    if (rc != MN_OK && *out != NULL) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

enum mn_status svc_survey_list(struct svc_ctx *ctx, struct list_query *q, json_t **items,
                               int64_t *last_id, size_t *n)
{
    struct survey_row *rows = NULL;
    CHECK(surveys_list(ctx->db, ctx->who.tenant_id, q->after, q->limit, &rows, n));
    *items = json_array();
    for (size_t i = 0; i < *n; i++)
        json_array_append_new(*items, survey_encode(&rows[i], false));
    *last_id = *n > 0 ? rows[*n - 1].id : 0;
    free(rows);
    return MN_OK;
}

static enum mn_status survey_publish_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct survey_tx *t = arg;
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, t->id, &s));
    json_t *b = survey_encode(&s, false);
    enum mn_status rc = MN_OK;
    if (strcmp(s.status, "archived") == 0)
        rc = mn_fail(err, MN_ERR_CONFLICT, "status", "an archived survey cannot be published");
    json_t *def = rc == MN_OK ? json_loads(s.draft_json, 0, NULL) : NULL;
    if (rc == MN_OK && def == NULL)
        rc = MN_ERR_INTERNAL;
    if (rc == MN_OK)
        rc = check_definition(def, err);
    bool changed = s.draft_dirty || s.current_version == 0;
    if (rc == MN_OK && changed) {
        int64_t at;
        s.current_version += 1;
        rc = survey_versions_insert(ctx->db, ctx->who.tenant_id, s.id, s.current_version,
                                    s.draft_json, ctx->who.username, &at);
        s.draft_dirty = 0;
        snprintf(s.status, sizeof s.status, "published");
        if (rc == MN_OK)
            rc = surveys_update(ctx->db, &s);
        if (rc == MN_OK) {
            json_t *a = survey_encode(&s, false);
            rc = svc_audit(ctx, "publish", "survey", s.id, b, a);
            json_decref(a);
        }
    }
    if (rc == MN_OK) {
        json_decref(*t->out); /* a retried attempt */
        *t->out = survey_encode(&s, true);
    }
    json_decref(def);
    json_decref(b);
    survey_row_release(&s);
    return rc;
}

enum mn_status svc_survey_publish(struct svc_ctx *ctx, int64_t id, json_t **out,
                                  struct mn_error *err)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, id, &s));
    survey_row_release(&s);
    if (!is_admin(ctx))
        return MN_ERR_FORBIDDEN;
    struct survey_tx t = {id, NULL, out};
    *out = NULL;
    enum mn_status rc = svc_run_tx(ctx, survey_publish_tx, &t, err);
    if (rc != MN_OK && *out != NULL) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

static enum mn_status survey_archive_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct survey_tx *t = arg;
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, t->id, &s));
    json_t *b = survey_encode(&s, false);
    snprintf(s.status, sizeof s.status, "archived");
    enum mn_status rc = surveys_update(ctx->db, &s);
    if (rc == MN_OK) {
        json_t *a = survey_encode(&s, false);
        rc = svc_audit(ctx, "delete", "survey", s.id, b, a);
        json_decref(a);
    }
    json_decref(b);
    survey_row_release(&s);
    return rc;
}

enum mn_status svc_survey_archive(struct svc_ctx *ctx, int64_t id)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, id, &s));
    survey_row_release(&s);
    if (!is_admin(ctx))
        return MN_ERR_FORBIDDEN;
    struct survey_tx t = {id, NULL, NULL};
    return svc_run_tx(ctx, survey_archive_tx, &t, NULL);
}

enum mn_status survey_version_load(struct db *db, int64_t tenant_id, int64_t survey_id,
                                   int64_t version, const struct survey_compiled **out)
{
    const struct survey_compiled *hit = survey_cache_get(tenant_id, survey_id, version);
    if (hit != NULL) {
        *out = hit;
        return MN_OK;
    }
    char *text = NULL;
    CHECK(survey_versions_get(db, tenant_id, survey_id, version, &text, NULL));
    json_t *def = json_loads(text, 0, NULL);
    free(text);
    struct survey_compiled *c = NULL;
    enum mn_status rc = def != NULL ? survey_compile(def, &c, NULL) : MN_ERR_INTERNAL;
    json_decref(def);
    if (rc != MN_OK)
        return MN_ERR_INTERNAL; /* a published version always compiled */
    c->tenant_id = tenant_id;
    c->survey_id = survey_id;
    c->version = version;
    *out = survey_cache_put(c);
    return MN_OK;
}

enum mn_status svc_survey_version_get(struct svc_ctx *ctx, int64_t id, int64_t version,
                                      json_t **out)
{
    char *text = NULL;
    int64_t at = 0;
    CHECK(survey_versions_get(ctx->db, ctx->who.tenant_id, id, version, &text, &at));
    json_t *def = json_loads(text, 0, NULL);
    free(text);
    *out = json_pack("{s:I, s:I, s:o, s:o}", "survey_id", (json_int_t)id, "version",
                     (json_int_t)version, "published_at", json_time_or_null(at), "definition",
                     def != NULL ? def : json_null());
    return MN_OK;
}

/* --- links ----------------------------------------------------------------------------------- */

static json_t *encode_link(const struct survey_link *l)
{
    char url[96];
    snprintf(url, sizeof url, "/s/q/%s", l->key);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:o}", "id",
                     (json_int_t)l->id, "survey_id", (json_int_t)l->survey_id, "kind", l->kind,
                     "key", l->key, "url", url, "store_id",
                     l->store_id != 0 ? json_integer(l->store_id) : json_null(), "touchpoint",
                     l->touchpoint, "label", l->label, "active", l->active != 0, "created_at",
                     json_time_or_null(l->created_at));
}

struct link_tx {
    int64_t survey_id;
    struct link_input *in;
    json_t **out;
};

static enum mn_status link_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct link_tx *t = arg;
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, t->survey_id, &s));
    survey_row_release(&s);
    if (t->in->store_id != 0) {
        struct org_store st;
        if (stores_get(ctx->db, ctx->who.tenant_id, t->in->store_id, &st) != MN_OK)
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store of this tenant");
    }
    struct survey_link l = {.tenant_id = ctx->who.tenant_id, .survey_id = t->survey_id,
                            .store_id = t->in->store_id};
    snprintf(l.kind, sizeof l.kind, "%s", t->in->kind);
    snprintf(l.touchpoint, sizeof l.touchpoint, "%s", t->in->touchpoint);
    snprintf(l.label, sizeof l.label, "%s", t->in->label);
    char tok[48];
    auth_random_token(tok);
    snprintf(l.key, sizeof l.key, "%.22s", tok); /* 132 random bits: unguessable, short QR */
    CHECK(survey_links_insert(ctx->db, &l));
    json_decref(*t->out); /* a retried attempt */
    *t->out = encode_link(&l);
    return svc_audit(ctx, "create", "survey_link", l.id, NULL, *t->out);
}

enum mn_status svc_link_create(struct svc_ctx *ctx, int64_t survey_id, struct link_input *in,
                               json_t **out, struct mn_error *err)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    if (!is_admin(ctx))
        return MN_ERR_FORBIDDEN;
    if (in->kind[0] == '\0')
        snprintf(in->kind, sizeof in->kind, "qr");
    if (strcmp(in->kind, "qr") != 0 && strcmp(in->kind, "link") != 0)
        return mn_fail(err, MN_ERR_INVALID, "kind", "must be qr or link");
    CHECK(text_check("touchpoint", in->touchpoint, strlen(in->touchpoint), 0, 60, false, err));
    CHECK(text_check("label", in->label, strlen(in->label), 0, 100, false, err));
    struct link_tx t = {survey_id, in, out};
    *out = NULL;
    enum mn_status rc = svc_run_tx(ctx, link_create_tx, &t, err);
    if (rc != MN_OK && *out != NULL) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

enum mn_status svc_link_list(struct svc_ctx *ctx, int64_t survey_id, json_t **items)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    struct survey_link *ls = NULL;
    size_t n = 0;
    int64_t store = 0, dept = 0;
    survey_scope(ctx, &store, &dept);
    CHECK(survey_links_list(ctx->db, ctx->who.tenant_id, survey_id, &ls, &n));
    *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (store == 0 || ls[i].store_id == store)
            json_array_append_new(*items, encode_link(&ls[i]));
    free(ls);
    return MN_OK;
}

enum mn_status svc_link_key(struct svc_ctx *ctx, int64_t link_id, char key[48])
{
    struct survey_link l;
    CHECK(survey_links_get(ctx->db, ctx->who.tenant_id, link_id, &l));
    int64_t store = 0, dept = 0;
    survey_scope(ctx, &store, &dept);
    if (store != 0 && l.store_id != store)
        return MN_ERR_NOT_FOUND;
    snprintf(key, 48, "%s", l.key);
    return MN_OK;
}

/* --- invitations ----------------------------------------------------------------------------- */

static json_t *encode_invitation(const struct survey_invitation *v, bool mask)
{
    char rec[256];
    if (mask && strchr(v->recipient, '@') != NULL)
        pii_mask_email(v->recipient, rec, sizeof rec);
    else if (mask)
        pii_mask_phone(v->recipient, rec, sizeof rec);
    else
        snprintf(rec, sizeof rec, "%s", v->recipient);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:I, s:o, s:o}",
                     "id", (json_int_t)v->id, "survey_id", (json_int_t)v->survey_id, "channel",
                     v->channel, "recipient", rec, "status", v->status, "customer_id",
                     v->customer_id ? json_integer(v->customer_id) : json_null(), "event_id",
                     v->event_id ? json_integer(v->event_id) : json_null(), "store_id",
                     v->store_id ? json_integer(v->store_id) : json_null(), "lang", v->lang,
                     "expires_at", json_time_or_null(v->expires_at), "sent_at",
                     v->sent_at ? json_time_or_null(v->sent_at) : json_null(), "reminders",
                     (json_int_t)v->reminders, "responded_at",
                     v->responded_at ? json_time_or_null(v->responded_at) : json_null(),
                     "created_at", json_time_or_null(v->created_at));
}

struct inv_tx {
    int64_t survey_id;
    struct invitation_input *in;
    json_t **out;
};

static enum mn_status invitation_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct inv_tx *t = arg;
    struct invitation_input *in = t->in;
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, t->survey_id, &s));
    bool published = s.current_version > 0 && strcmp(s.status, "archived") != 0;
    survey_row_release(&s);
    if (!published)
        return mn_fail(err, MN_ERR_CONFLICT, "survey", "must be published before inviting");
    if (in->store_id != 0) {
        struct org_store st;
        if (stores_get(ctx->db, ctx->who.tenant_id, in->store_id, &st) != MN_OK ||
            !role_can_see(&ctx->who, in->store_id, 0))
            return mn_fail(err, MN_ERR_INVALID, "store_id", "is not a store you can see");
    }
    struct survey_invitation v = {.tenant_id = ctx->who.tenant_id, .survey_id = t->survey_id,
                                  .customer_id = in->customer_id, .event_id = in->event_id,
                                  .store_id = in->store_id, .department_id = in->department_id,
                                  .employee_id = in->employee_id};
    snprintf(v.channel, sizeof v.channel, "%s", in->channel);
    snprintf(v.recipient, sizeof v.recipient, "%s", in->recipient);
    snprintf(v.lang, sizeof v.lang, "%s", in->lang[0] ? in->lang : "zh-CN");
    snprintf(v.status, sizeof v.status, "%s",
             in->recipient[0] != '\0' && survey_optouts_has(ctx->db, ctx->who.tenant_id,
                                                            in->recipient)
                 ? "opted_out" : "pending");
    v.expires_at = store_now() + (in->expires_in_days > 0 ? in->expires_in_days : 14) * 86400;
    char token[48];
    auth_random_token(token);
    auth_token_hash(token, v.token_hash);
    /* only a token that a job must send later is kept, sealed */
    if (strcmp(v.channel, "link") != 0 && !survey_token_seal(token, v.token_sealed)) {
        sodium_memzero(token, sizeof token);
        return mn_fail(err, MN_ERR_CONFLICT, "channel",
                       "sending by %s needs MANYI_SECRET_KEY on the server", v.channel);
    }
    CHECK(survey_invitations_insert(ctx->db, &v));
    json_t *o = encode_invitation(&v, false);
    enum mn_status rc = svc_audit(ctx, "create", "survey_invitation", v.id, NULL, o);
    char url[96];
    snprintf(url, sizeof url, "/s/%s", token);
    json_object_set_new(o, "token", json_string(token));
    json_object_set_new(o, "url", json_string(url));
    json_decref(*t->out); /* a retried attempt */
    *t->out = o;
    sodium_memzero(token, sizeof token);
    return rc;
}

enum mn_status svc_invitation_create(struct svc_ctx *ctx, int64_t survey_id,
                                     struct invitation_input *in, json_t **out,
                                     struct mn_error *err)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    enum role r = ctx->who.role;
    if (r != ROLE_ADMIN && r != ROLE_STORE_MANAGER && r != ROLE_CR_AGENT)
        return MN_ERR_FORBIDDEN;
    if (role_scope_of(r) == SCOPE_STORE && in->store_id == 0)
        in->store_id = ctx->who.store_id;
    if (strcmp(in->channel, "email") == 0) {
        if (!pii_email_valid(in->recipient))
            return mn_fail(err, MN_ERR_INVALID, "recipient", "must be an email address");
    } else if (strcmp(in->channel, "sms") == 0) {
        char norm[12];
        if (!pii_cn_mobile_normalize(in->recipient, norm))
            return mn_fail(err, MN_ERR_INVALID, "recipient", "must be a mainland mobile number");
        snprintf(in->recipient, sizeof in->recipient, "%s", norm);
    } else if (strcmp(in->channel, "link") != 0) {
        return mn_fail(err, MN_ERR_INVALID, "channel", "must be email, sms or link");
    }
    if (in->lang[0] != '\0' && strcmp(in->lang, "zh-CN") != 0 && strcmp(in->lang, "zh-TW") != 0 &&
        strcmp(in->lang, "en") != 0)
        return mn_fail(err, MN_ERR_INVALID, "lang", "must be zh-CN, zh-TW or en");
    if (in->expires_in_days < 0 || in->expires_in_days > 365)
        return mn_fail(err, MN_ERR_INVALID, "expires_in_days", "must be 1 to 365");
    struct inv_tx t = {survey_id, in, out};
    *out = NULL;
    enum mn_status rc = svc_run_tx(ctx, invitation_create_tx, &t, err);
    if (rc != MN_OK && *out != NULL) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

enum mn_status svc_invitation_list(struct svc_ctx *ctx, int64_t survey_id, struct list_query *q,
                                   bool reveal, json_t **items, int64_t *last_id, size_t *n,
                                   bool *masked, bool *can_reveal)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    bool full, may_reveal;
    CHECK(pii_view_decide(&ctx->who, reveal, &full, &may_reveal));
    int64_t store = q->store_id, dept = 0;
    survey_scope(ctx, &store, &dept);
    struct survey_invitation *vs = NULL;
    CHECK(survey_invitations_list(ctx->db, ctx->who.tenant_id, survey_id, store, q->after,
                                  q->limit, &vs, n));
    json_t *arr = json_array(), *shown_ids = json_array();
    *masked = false;
    for (size_t i = 0; i < *n; i++) {
        json_array_append_new(arr, encode_invitation(&vs[i], !full));
        if (vs[i].recipient[0] == '\0')
            continue;
        if (full)
            json_array_append_new(shown_ids, json_integer(vs[i].id));
        else
            *masked = true;
    }
    *last_id = *n > 0 ? vs[*n - 1].id : 0;
    free(vs);
    /* one entry for the page, naming the invitations whose recipient it showed */
    enum mn_status rc = MN_OK;
    if (json_array_size(shown_ids) > 0)
        rc = svc_audit_view_pii(ctx, "survey", survey_id,
                                json_pack("{s:s, s:s, s:O}", "fields", "recipient", "view",
                                          "invitations", "invitation_ids", shown_ids));
    json_decref(shown_ids);
    if (rc != MN_OK) {
        json_decref(arr);
        return rc;
    }
    *can_reveal = *masked && may_reveal;
    *items = arr;
    return MN_OK;
}

struct revoke_tx {
    int64_t id;
    json_t **out;
};

static enum mn_status invitation_revoke_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct revoke_tx *t = arg;
    struct survey_invitation v;
    CHECK(survey_invitations_get(ctx->db, ctx->who.tenant_id, t->id, &v));
    bool mask = !role_sees_pii(&ctx->who);
    json_decref(*t->out); /* a retried attempt */
    *t->out = NULL;
    if (strcmp(v.status, "revoked") == 0) { /* again: nothing changes, nothing logged */
        *t->out = encode_invitation(&v, mask);
        return MN_OK;
    }
    if (strcmp(v.status, "responded") == 0)
        return mn_fail(err, MN_ERR_CONFLICT, "status", "this invitation was already answered");
    json_t *b = encode_invitation(&v, false);
    enum mn_status rc = survey_invitations_revoke(ctx->db, ctx->who.tenant_id, v.id);
    if (rc == MN_ERR_CONFLICT) /* answered in the meantime */
        rc = mn_fail(err, MN_ERR_CONFLICT, "status", "this invitation was already answered");
    if (rc == MN_OK) {
        snprintf(v.status, sizeof v.status, "revoked");
        json_t *a = encode_invitation(&v, false);
        rc = svc_audit(ctx, "revoke", "survey_invitation", v.id, b, a);
        json_decref(a);
        *t->out = encode_invitation(&v, mask);
    }
    json_decref(b);
    return rc;
}

enum mn_status svc_invitation_revoke(struct svc_ctx *ctx, int64_t id, json_t **out,
                                     struct mn_error *err)
{
    struct survey_invitation v;
    CHECK(survey_invitations_get(ctx->db, ctx->who.tenant_id, id, &v));
    enum role r = ctx->who.role;
    if (r != ROLE_ADMIN && r != ROLE_STORE_MANAGER)
        return MN_ERR_FORBIDDEN;
    /* a store manager revokes the invitations of the own store only (as the list shows them) */
    int64_t store = 0, dept = 0;
    survey_scope(ctx, &store, &dept);
    if (store != 0 && v.store_id != store)
        return MN_ERR_NOT_FOUND;
    struct revoke_tx t = {id, out};
    *out = NULL;
    enum mn_status rc = svc_run_tx(ctx, invitation_revoke_tx, &t, err);
    if (rc != MN_OK && *out != NULL) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* --- figures (all arithmetic in core) -------------------------------------------------------- */

static json_t *real_or_null(bool defined, double v)
{
    return defined ? json_real(v) : json_null();
}

/* Encodes figures computed in core from rollup sums. The weighted SERVQUAL score uses the
 * respondents' average "share 100 points" allocation when the version asks for one (and someone
 * answered it), else the version's configured weights (core: servqual_weights_choose). */
static json_t *encode_figures(const struct figures_sums *s, const struct servqual_points_acc *pts,
                              const struct survey_compiled *c, bool servqual)
{
    struct figures f;
    double w[SERVQUAL_DIM_COUNT];
    enum servqual_weight_source src = SERVQUAL_WEIGHTS_NONE;
    const double *configured = c != NULL && c->has_weights ? c->weights : NULL;
    const double *use = configured; /* bad configured weights: figures_compute refuses them */
    if (servqual_weights_choose(c != NULL && c->asks_points, pts, configured, w, &src) == MN_OK)
        use = src != SERVQUAL_WEIGHTS_NONE ? w : NULL;
    if (figures_compute(s, use, &f) != MN_OK)
        return json_pack("{s:I}", "n", (json_int_t)s->n);
    json_t *o = json_pack(
        "{s:I, s:I, s:{s:I, s:b, s:o, s:o, s:f, s:f, s:f, s:I, s:I, s:I}, s:{s:b, s:o, s:I, s:I}}",
        "n", (json_int_t)s->n, "alerts", (json_int_t)s->alerts, "nps", "n", (json_int_t)f.nps.n,
        "defined", f.nps.defined, "score", real_or_null(f.nps.defined, f.nps.score),
        "margin_95", real_or_null(f.nps.defined, f.nps.margin_95), "promoters_pct",
        f.nps.promoter_pct, "passives_pct", f.nps.passive_pct, "detractors_pct",
        f.nps.detractor_pct, "promoters", (json_int_t)s->promoters, "passives",
        (json_int_t)s->passives, "detractors", (json_int_t)s->detractors, "csat", "defined",
        f.csat.defined, "pct", real_or_null(f.csat.defined, f.csat.pct), "top2",
        (json_int_t)f.csat.num, "rated", (json_int_t)f.csat.den);
    if (!servqual)
        return o;
    json_t *arr = json_array();
    for (int d = 0; d < SERVQUAL_DIM_COUNT; d++) {
        const struct servqual_dim_result *x = &f.dims[d];
        json_array_append_new(arr, json_pack(
            "{s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:o}", "code",
            servqual_dim_code((enum servqual_dim)d), "name_zh",
            servqual_dim_name_zh((enum servqual_dim)d), "mean_p",
            real_or_null(x->p_defined, x->mean_p), "mean_e", real_or_null(x->e_defined, x->mean_e),
            "gap", real_or_null(x->gap_defined, x->gap), "p_n", (json_int_t)s->dims[d].p_n,
            "e_n", (json_int_t)s->dims[d].e_n, "weight",
            real_or_null(f.has_weights, f.weights[d])));
    }
    json_t *points = json_null();
    if (pts != NULL && pts->n > 0) {
        points = json_array();
        for (int d = 0; d < SERVQUAL_DIM_COUNT; d++)
            json_array_append_new(points, json_integer(pts->sum[d]));
    }
    json_object_set_new(o, "servqual", json_pack("{s:o, s:o, s:o, s:s, s:I, s:b, s:o}",
        "dimensions", arr, "unweighted", real_or_null(f.unweighted.defined, f.unweighted.score),
        "weighted", real_or_null(f.weighted.defined, f.weighted.score), "weights_source",
        f.has_weights ? servqual_weight_source_code(src) : "none", "points_n",
        (json_int_t)(pts != NULL ? pts->n : 0), "asks_points", c != NULL && c->asks_points,
        "points_sum", points));
    return o;
}

static bool valid_day(const char *d)
{
    return d[0] == '\0' || (strlen(d) == 10 && d[4] == '-' && d[7] == '-');
}

enum mn_status svc_survey_figures(struct svc_ctx *ctx, struct figures_query *q, json_t **out,
                                  struct mn_error *err)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, q->survey_id, &s));
    int64_t version = s.current_version;
    survey_row_release(&s);
    if (!valid_day(q->from))
        return mn_fail(err, MN_ERR_INVALID, "from", "must be YYYY-MM-DD");
    if (!valid_day(q->to))
        return mn_fail(err, MN_ERR_INVALID, "to", "must be YYYY-MM-DD");
    int64_t store = 0, dept = 0;
    survey_scope(ctx, &store, &dept);
    if (store != 0 && q->store_id != 0 && q->store_id != store)
        return MN_ERR_NOT_FOUND;
    if (dept != 0 && q->department_id != 0 && q->department_id != dept)
        return MN_ERR_NOT_FOUND;
    struct rollup_filter f = {ctx->who.tenant_id, q->survey_id, store ? store : q->store_id,
                              dept ? dept : q->department_id, q->employee_id, q->from, q->to,
                              q->channel != NULL ? q->channel : ""};
    const struct survey_compiled *c = NULL;
    if (version > 0)
        survey_version_load(ctx->db, ctx->who.tenant_id, q->survey_id, version, &c);
    struct rollup_group *all = NULL, *by_ch = NULL, *by_day = NULL;
    size_t na = 0, nc = 0, nd = 0;
    enum mn_status rc = survey_rollups_sum(ctx->db, &f, NULL, &all, &na);
    if (rc == MN_OK)
        rc = survey_rollups_sum(ctx->db, &f, "channel", &by_ch, &nc);
    if (rc == MN_OK)
        rc = survey_rollups_sum(ctx->db, &f, "day", &by_day, &nd);
    if (rc == MN_OK) {
        struct rollup_group zero = {0};
        const struct rollup_group *t = na > 0 ? &all[0] : &zero;
        json_t *o = encode_figures(&t->s, &t->pts, c, true);
        json_t *ch = json_array(), *tr = json_array();
        for (size_t i = 0; i < nc; i++) {
            json_t *x = encode_figures(&by_ch[i].s, &by_ch[i].pts, c, false);
            json_object_set_new(x, "channel", json_string(by_ch[i].key));
            json_array_append_new(ch, x);
        }
        for (size_t i = 0; i < nd; i++) {
            json_t *x = encode_figures(&by_day[i].s, &by_day[i].pts, c, false);
            json_object_set_new(x, "day", json_string(by_day[i].key));
            json_array_append_new(tr, x);
        }
        json_object_set_new(o, "by_channel", ch);
        json_object_set_new(o, "trend", tr);
        json_object_set_new(o, "survey_id", json_integer(q->survey_id));
        *out = o;
    }
    free(all);
    free(by_ch);
    free(by_day);
    return rc;
}

enum mn_status svc_survey_channels(struct svc_ctx *ctx, int64_t survey_id, json_t **out)
{
    struct survey_row s;
    CHECK(surveys_get(ctx->db, ctx->who.tenant_id, survey_id, &s));
    survey_row_release(&s);
    int64_t store = 0, dept = 0;
    survey_scope(ctx, &store, &dept);
    struct channel_count cs[16];
    size_t n = 0;
    CHECK(survey_channel_counts(ctx->db, ctx->who.tenant_id, survey_id, store, cs, 16, &n));
    struct rollup_filter f = {ctx->who.tenant_id, survey_id, store, dept, 0, "", "", ""};
    struct rollup_group *g = NULL;
    size_t ng = 0;
    CHECK(survey_rollups_sum(ctx->db, &f, "channel", &g, &ng));
    json_t *inv = json_array(), *resp = json_array();
    for (size_t i = 0; i < n; i++) {
        struct rate r;
        rate_compute(cs[i].responded, cs[i].sent, &r);
        json_array_append_new(inv, json_pack("{s:s, s:I, s:I, s:I, s:I, s:o}", "channel",
            cs[i].channel, "invited", (json_int_t)cs[i].invited, "sent", (json_int_t)cs[i].sent,
            "responded", (json_int_t)cs[i].responded, "opted_out", (json_int_t)cs[i].opted_out,
            "response_rate", r.defined ? json_real(r.pct) : json_null()));
    }
    for (size_t i = 0; i < ng; i++)
        json_array_append_new(resp, json_pack("{s:s, s:I}", "channel", g[i].key, "responses",
                                              (json_int_t)g[i].s.n));
    free(g);
    *out = json_pack("{s:o, s:o}", "invitations", inv, "responses", resp);
    return MN_OK;
}
