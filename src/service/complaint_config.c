/* SPDX-License-Identifier: MIT */
/* The tenant's complaint configuration: the SLA clock (zone offset, working calendar, minutes
 * per severity and stage), the re-complaint window, the webhook receiver, and the category
 * taxonomy with its handling scripts (话术) and recovery strategies, written by us as defaults
 * and editable per tenant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "io/tz.h"
#include "service/complaint.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

/* ---- settings ---------------------------------------------------------------------------- */

static size_t parse_dates(const char *list, struct civil_date *out, size_t cap)
{
    size_t n = 0;
    const char *p = list;
    while (p != NULL && *p != '\0' && n < cap) {
        struct civil_date d;
        if (sscanf(p, "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3 && civil_date_valid(d))
            out[n++] = d;
        p = strchr(p, ',');
        if (p != NULL)
            p++;
    }
    return n;
}

static bool dates_valid(const char *list)
{
    const char *p = list;
    while (*p != '\0') {
        struct civil_date d;
        int used = 0;
        if (sscanf(p, "%4d-%2d-%2d%n", &d.year, &d.month, &d.day, &used) != 3 || used != 10 ||
            !civil_date_valid(d))
            return false;
        p += used;
        if (*p == ',')
            p++;
        else if (*p != '\0')
            return false;
    }
    return true;
}

static const char *const sev_keys[] = {"normal", "urgent", "critical"};
static const char *const stage_keys[] = {"first_response", "resolution", "verification"};

static void policy_from_json(const char *text, struct complaint_sla_policy *p)
{
    json_t *j = text[0] != '\0' ? json_loads(text, 0, NULL) : NULL;
    for (int s = 0; j != NULL && s < COMPLAINT_SEVERITY_COUNT; s++)
        for (int g = 0; g < COMPLAINT_STAGE_COUNT; g++) {
            json_t *v = json_object_get(json_object_get(j, sev_keys[s]), stage_keys[g]);
            if (json_is_integer(v))
                p->minutes[s][g] = json_integer_value(v);
        }
    json_decref(j);
}

static json_t *policy_to_json(const struct complaint_sla_policy *p)
{
    json_t *o = json_object();
    for (int s = 0; s < COMPLAINT_SEVERITY_COUNT; s++) {
        json_t *x = json_object();
        for (int g = 0; g < COMPLAINT_STAGE_COUNT; g++)
            json_object_set_new(x, stage_keys[g], json_integer(p->minutes[s][g]));
        json_object_set_new(o, sev_keys[s], x);
    }
    return o;
}

static void settings_default(int64_t tenant_id, struct complaint_settings *s)
{
    memset(s, 0, sizeof *s);
    s->tenant_id = tenant_id;
    snprintf(s->sla_mode, sizeof s->sla_mode, "working");
    s->weekday_mask = SLA_MON_FRI;
    s->work_start_min = 9 * 60;
    s->work_end_min = 18 * 60;
    s->recomplaint_days = 30;
}

static enum mn_status settings_load(struct db *db, int64_t tenant_id, struct complaint_settings *s)
{
    enum mn_status rc = complaint_settings_get(db, tenant_id, s);
    if (rc == MN_ERR_NOT_FOUND) {
        settings_default(tenant_id, s);
        return MN_OK;
    }
    return rc;
}

enum mn_status complaint_clock_load(struct db *db, int64_t tenant_id, struct complaint_clock *c)
{
    struct complaint_settings s;
    struct tenant t;
    CHECK(settings_load(db, tenant_id, &s));
    CHECK(tenants_get(db, tenant_id, &t));
    memset(c, 0, sizeof *c);
    /* the zone's offset now: the SLA calendar runs on one offset (core/sla.h) */
    c->cal = sla_calendar_default(tz_offset_minutes(t.timezone, (int64_t)time(NULL)));
    c->cal.weekday_mask = (unsigned)s.weekday_mask;
    c->cal.work_start_min = (int)s.work_start_min;
    c->cal.work_end_min = (int)s.work_end_min;
    c->cal.n_holidays = parse_dates(s.holidays, c->holidays, 64);
    c->cal.holidays = c->holidays;
    c->cal.n_extra_workdays = parse_dates(s.extra_workdays, c->extra, 64);
    c->cal.extra_workdays = c->extra;
    c->policy = complaint_sla_default();
    c->policy.mode = strcmp(s.sla_mode, "calendar") == 0 ? SLA_CALENDAR : SLA_WORKING;
    policy_from_json(s.sla_json, &c->policy);
    c->recomplaint_days = s.recomplaint_days;
    memcpy(c->webhook_url, s.webhook_url, sizeof c->webhook_url);
    memcpy(c->webhook_secret, s.webhook_secret, sizeof c->webhook_secret);
    return MN_OK;
}

/* The secret is write-only: the API says whether one is set, never what it is. */
static json_t *encode_settings(const struct complaint_settings *s)
{
    struct complaint_sla_policy p = complaint_sla_default();
    policy_from_json(s->sla_json, &p);
    return json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:o, s:I, s:s, s:b, s:o}", "sla_mode",
                     s->sla_mode, "weekday_mask", (json_int_t)s->weekday_mask, "work_start_min",
                     (json_int_t)s->work_start_min, "work_end_min", (json_int_t)s->work_end_min,
                     "holidays", s->holidays, "extra_workdays", s->extra_workdays, "sla",
                     policy_to_json(&p), "recomplaint_days", (json_int_t)s->recomplaint_days,
                     "webhook_url", s->webhook_url, "webhook_secret_set",
                     s->webhook_secret[0] != '\0', "updated_at",
                     json_time_or_null(s->updated_at));
}

enum mn_status svc_complaint_settings_get(struct svc_ctx *ctx, json_t **out)
{
    struct complaint_settings s;
    CHECK(settings_load(ctx->db, ctx->who.tenant_id, &s));
    *out = encode_settings(&s);
    return MN_OK;
}

static enum mn_status get_int(const json_t *v, const char *field, int64_t min, int64_t max,
                              int64_t *out, struct mn_error *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return mn_fail(err, MN_ERR_INVALID, field, "must be an integer from %lld to %lld",
                       (long long)min, (long long)max);
    *out = json_integer_value(v);
    return MN_OK;
}

static enum mn_status get_str(const json_t *v, const char *field, char *dst, size_t cap,
                              struct mn_error *err)
{
    if (!json_is_string(v) || json_string_length(v) >= cap)
        return mn_fail(err, MN_ERR_INVALID, field, "must be a string of at most %zu bytes",
                       cap - 1);
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return MN_OK;
}

static enum mn_status apply_policy(const json_t *v, struct complaint_settings *s,
                                   struct mn_error *err)
{
    struct complaint_sla_policy p = complaint_sla_default();
    policy_from_json(s->sla_json, &p);
    if (!json_is_object(v))
        return mn_fail(err, MN_ERR_INVALID, "sla", "must be an object per severity");
    const char *sk;
    json_t *sv;
    json_object_foreach((json_t *)v, sk, sv) {
        int si = -1;
        for (int i = 0; i < COMPLAINT_SEVERITY_COUNT; i++)
            if (strcmp(sk, sev_keys[i]) == 0)
                si = i;
        if (si < 0 || !json_is_object(sv))
            return mn_fail(err, MN_ERR_INVALID, "sla", "%s is not a severity", sk);
        const char *gk;
        json_t *gv;
        json_object_foreach(sv, gk, gv) {
            int gi = -1;
            for (int i = 0; i < COMPLAINT_STAGE_COUNT; i++)
                if (strcmp(gk, stage_keys[i]) == 0)
                    gi = i;
            char field[64];
            snprintf(field, sizeof field, "sla.%s.%s", sk, gk);
            if (gi < 0)
                return mn_fail(err, MN_ERR_INVALID, field, "is not a stage");
            CHECK(get_int(gv, field, 1, 525600, &p.minutes[si][gi], err));
        }
    }
    json_t *j = policy_to_json(&p);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (text == NULL)
        return MN_ERR_NOMEM;
    snprintf(s->sla_json, sizeof s->sla_json, "%s", text);
    free(text);
    return MN_OK;
}

static enum mn_status apply_settings(const json_t *body, struct complaint_settings *s,
                                     struct mn_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v) {
        if (strcmp(key, "sla_mode") == 0) {
            CHECK(get_str(v, key, s->sla_mode, sizeof s->sla_mode, err));
            if (strcmp(s->sla_mode, "working") != 0 && strcmp(s->sla_mode, "calendar") != 0)
                return mn_fail(err, MN_ERR_INVALID, key, "must be working or calendar");
        } else if (strcmp(key, "weekday_mask") == 0) {
            CHECK(get_int(v, key, 1, 127, &s->weekday_mask, err));
        } else if (strcmp(key, "work_start_min") == 0) {
            CHECK(get_int(v, key, 0, 1439, &s->work_start_min, err));
        } else if (strcmp(key, "work_end_min") == 0) {
            CHECK(get_int(v, key, 1, 1440, &s->work_end_min, err));
        } else if (strcmp(key, "holidays") == 0 || strcmp(key, "extra_workdays") == 0) {
            char *dst = key[0] == 'h' ? s->holidays : s->extra_workdays;
            CHECK(get_str(v, key, dst, sizeof s->holidays, err));
            if (!dates_valid(dst))
                return mn_fail(err, MN_ERR_INVALID, key,
                               "must be dates YYYY-MM-DD separated by commas");
        } else if (strcmp(key, "sla") == 0) {
            CHECK(apply_policy(v, s, err));
        } else if (strcmp(key, "recomplaint_days") == 0) {
            CHECK(get_int(v, key, 0, 365, &s->recomplaint_days, err));
        } else if (strcmp(key, "webhook_url") == 0) {
            CHECK(get_str(v, key, s->webhook_url, sizeof s->webhook_url, err));
            if (s->webhook_url[0] != '\0' && strncmp(s->webhook_url, "http://", 7) != 0 &&
                strncmp(s->webhook_url, "https://", 8) != 0)
                return mn_fail(err, MN_ERR_INVALID, key, "must be an http(s) URL or empty");
        } else if (strcmp(key, "webhook_secret") == 0) {
            CHECK(get_str(v, key, s->webhook_secret, sizeof s->webhook_secret, err));
            if (s->webhook_secret[0] != '\0' && strlen(s->webhook_secret) < 16)
                return mn_fail(err, MN_ERR_INVALID, key, "must have at least 16 characters");
        } else {
            return mn_fail(err, MN_ERR_INVALID, key, "is not a known field");
        }
    }
    if (s->work_start_min >= s->work_end_min)
        return mn_fail(err, MN_ERR_INVALID, "work_end_min", "must be after work_start_min");
    return MN_OK;
}

struct settings_tx { const json_t *body; json_t **out; };

static enum mn_status settings_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct settings_tx *t = arg;
    struct complaint_settings before, s;
    CHECK(settings_load(ctx->db, ctx->who.tenant_id, &before));
    s = before;
    CHECK(apply_settings(t->body, &s, err));
    CHECK(complaint_settings_put(ctx->db, &s));
    json_t *b = encode_settings(&before);
    *t->out = encode_settings(&s);
    enum mn_status rc = svc_audit(ctx, "update", "complaint_settings", ctx->who.tenant_id, b,
                                  *t->out);
    json_decref(b);
    if (rc != MN_OK) {
        json_decref(*t->out);
        *t->out = NULL;
    }
    return rc;
}

enum mn_status svc_complaint_settings_update(struct svc_ctx *ctx, const json_t *body,
                                             json_t **out, struct mn_error *err)
{
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    struct settings_tx t = {body, out};
    *out = NULL;
    return svc_run_tx(ctx, settings_update_tx, &t, err);
}

/* ---- categories -------------------------------------------------------------------------- */

/* Our own default scripts and strategies: short, polite, concrete; tenants rewrite them. */
static const struct {
    const char *code, *name, *scripts, *strategies;
} default_categories[] = {
    {"attitude", "服务态度",
     "先让您受委屈了，真的很抱歉，请您把经过慢慢告诉我。\n"
     "您说的情况我都记下了，这件事由我负责跟进到底。\n"
     "我们会和当事同事一起复盘，今天下班前给您回电说明处理结果。",
     "当面或电话致歉（由部门经理出面）\n赠送保养/洗车服务券\n指定专属服务顾问跟进后续来店"},
    {"repair_quality", "维修质量",
     "车辆问题影响您的用车，非常抱歉，我们先安排技术经理为您免费复检。\n"
     "复检结果出来后，我会第一时间把原因和方案告诉您。\n"
     "返修期间如需用车，我们可以为您安排代步车。",
     "免费返修并由技术经理验车\n提供代步车或上门取送车\n返修部分延长质保"},
    {"waiting_time", "等待时间",
     "让您久等了，非常抱歉。我马上确认车辆进度并告诉您准确的交车时间。\n"
     "今后预约到店我们会提前备件并安排快速通道。",
     "减免部分工时费\n赠送下次保养快速通道\n交车时间延误按约定补偿"},
    {"billing", "价格/收费",
     "感谢您指出，我们逐项核对结算单，每一项都给您讲清楚。\n"
     "如确有多收，我们当场退还差额并向您道歉。",
     "退还多收费用\n逐项说明并提供明细\n赠送工时抵用券"},
    {"parts", "配件",
     "配件没能按时到位是我们的问题，我现在就联系备件部门确认到货时间。\n"
     "到货后我们优先为您安排施工，并提前电话通知您。",
     "加急调货\n提供原厂配件质量说明\n到货前提供代步车"},
    {"facilities", "设施环境",
     "谢谢您的提醒，我们马上安排整改，也欢迎您下次来店时监督。",
     "现场整改并拍照回复客户\n赠送饮品/休息区专属服务"},
    {"broken_promise", "承诺未兑现",
     "之前的承诺没有做到，是我们的失误，非常抱歉。\n"
     "我现在和您确认一次：我们会在约定时间前完成，并由我本人跟进。",
     "立即兑现原承诺并书面确认\n额外补偿（礼品或服务券）\n由店总出面致歉"},
    {"sales_process", "销售流程",
     "您在购车过程中的不愉快，我们非常重视，我会请销售经理亲自联系您。\n"
     "合同和交付的每个细节，我们都会再和您逐一核对。",
     "销售经理上门或电话致歉\n补充说明并书面确认交付事项\n赠送精品或首保服务"},
    {"other", "其他",
     "感谢您告诉我们，我先把情况记录完整，再请负责的部门尽快联系您。",
     "按问题性质选择致歉、补偿或整改"},
};

enum mn_status complaint_ensure_categories(struct db *db, int64_t tenant_id)
{
    int64_t n = 0;
    CHECK(complaint_category_count(db, tenant_id, &n));
    if (n > 0)
        return MN_OK;
    int64_t now = store_now();
    for (size_t i = 0; i < sizeof default_categories / sizeof *default_categories; i++) {
        struct complaint_category c = {.tenant_id = tenant_id, .sort_order = (int64_t)i * 10,
                                       .active = 1, .updated_at = now};
        snprintf(c.code, sizeof c.code, "%s", default_categories[i].code);
        snprintf(c.name, sizeof c.name, "%s", default_categories[i].name);
        snprintf(c.scripts, sizeof c.scripts, "%s", default_categories[i].scripts);
        snprintf(c.strategies, sizeof c.strategies, "%s", default_categories[i].strategies);
        CHECK(complaint_category_insert_default(db, &c));
    }
    return MN_OK;
}

static enum mn_status ensure_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)arg, (void)err;
    return complaint_ensure_categories(ctx->db, ctx->who.tenant_id);
}

enum mn_status svc_category_list(struct svc_ctx *ctx, struct complaint_category **items,
                                 size_t *n)
{
    int64_t count = 0;
    CHECK(complaint_category_count(ctx->db, ctx->who.tenant_id, &count));
    if (count == 0)
        CHECK(svc_run_tx(ctx, ensure_tx, NULL, NULL));
    return complaint_category_list(ctx->db, ctx->who.tenant_id, items, n);
}

static enum mn_status validate_category(const struct complaint_category *c, struct mn_error *err)
{
    CHECK(text_check("code", c->code, strlen(c->code), 1, 32, false, err));
    if (!text_is_token(c->code, "_-"))
        return mn_fail(err, MN_ERR_INVALID, "code", "may only contain letters, digits, _ and -");
    CHECK(text_check("name", c->name, strlen(c->name), 1, 50, false, err));
    CHECK(text_check("scripts", c->scripts, strlen(c->scripts), 0, 2000, true, err));
    CHECK(text_check("strategies", c->strategies, strlen(c->strategies), 0, 2000, true, err));
    return MN_OK;
}

static void apply_category(struct complaint_category *c, const struct category_input *in)
{
    const struct complaint_category *v = &in->v;
    if (in->set & CI_CODE) memcpy(c->code, v->code, sizeof c->code);
    if (in->set & CI_NAME) memcpy(c->name, v->name, sizeof c->name);
    if (in->set & CI_SCRIPTS) memcpy(c->scripts, v->scripts, sizeof c->scripts);
    if (in->set & CI_STRATEGIES) memcpy(c->strategies, v->strategies, sizeof c->strategies);
    if (in->set & CI_SORT) c->sort_order = v->sort_order;
    if (in->set & CI_ACTIVE) c->active = v->active;
}

struct category_tx {
    int64_t id;
    const struct category_input *in;
    struct complaint_category *out;
};

static enum mn_status category_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct category_tx *t = arg;
    CHECK(complaint_ensure_categories(ctx->db, ctx->who.tenant_id));
    struct complaint_category *c = t->out;
    memset(c, 0, sizeof *c);
    c->tenant_id = ctx->who.tenant_id;
    c->active = 1;
    c->sort_order = 1000;
    apply_category(c, t->in);
    CHECK(validate_category(c, err));
    enum mn_status rc = complaint_category_insert(ctx->db, c);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "code", "is already used by another category");
    CHECK(rc);
    json_t *a = encode_category(c);
    rc = svc_audit(ctx, "create", "complaint_category", c->id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_category_create(struct svc_ctx *ctx, const struct category_input *in,
                                   struct complaint_category *out, struct mn_error *err)
{
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    if (!(in->set & CI_CODE))
        return mn_fail(err, MN_ERR_INVALID, "code", "is required");
    if (!(in->set & CI_NAME))
        return mn_fail(err, MN_ERR_INVALID, "name", "is required");
    struct category_tx t = {0, in, out};
    return svc_run_tx(ctx, category_create_tx, &t, err);
}

static enum mn_status category_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct category_tx *t = arg;
    struct complaint_category before;
    CHECK(complaint_category_get(ctx->db, ctx->who.tenant_id, t->id, &before));
    if (ctx->who.role != ROLE_ADMIN)
        return MN_ERR_FORBIDDEN;
    *t->out = before;
    apply_category(t->out, t->in);
    CHECK(validate_category(t->out, err));
    enum mn_status rc = complaint_category_update(ctx->db, t->out);
    if (rc == MN_ERR_CONFLICT)
        return mn_fail(err, MN_ERR_CONFLICT, "code", "is already used by another category");
    CHECK(rc);
    json_t *b = encode_category(&before), *a = encode_category(t->out);
    rc = svc_audit(ctx, "update", "complaint_category", t->id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_category_update(struct svc_ctx *ctx, int64_t id,
                                   const struct category_input *in,
                                   struct complaint_category *out, struct mn_error *err)
{
    struct category_tx t = {id, in, out};
    return svc_run_tx(ctx, category_update_tx, &t, err);
}
