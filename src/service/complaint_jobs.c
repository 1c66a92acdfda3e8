/* SPDX-License-Identifier: MIT */
/* The complaint loop's background work, acting as the system in each row's tenant: opening
 * tickets for survey low-score alerts (claimed exactly once), escalating tickets whose SLA
 * stage is overdue (store manager, then the group), and delivering the outbox (webhooks and
 * email) with back-off. Every claim is a conditional UPDATE checked by row count, so several
 * servers can run these at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/mail.h"
#include "io/webhook.h"
#include "service/complaint.h"
#include "service/complaint_int.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

enum { BATCH = 100 };

static void system_ctx(struct svc_ctx *ctx, struct db *db, int64_t tenant_id)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->db = db;
    ctx->who.tenant_id = tenant_id;
    ctx->who.role = ROLE_ADMIN;
    snprintf(ctx->who.username, sizeof ctx->who.username, "system");
    snprintf(ctx->ip, sizeof ctx->ip, "job");
}

/* ---- survey alerts ----------------------------------------------------------------------- */

struct alert_tx { const struct pending_alert *a; int64_t now; bool created; };

static enum mn_status alert_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct alert_tx *x = arg;
    const struct pending_alert *a = x->a;
    x->created = false;
    int64_t store_id = a->store_id;
    if (store_id == 0)
        CHECK(complaint_store_of(ctx->db, a->tenant_id, a->event_id, a->customer_id, &store_id));
    bool claimed = false;
    if (store_id == 0) {
        /* nowhere to route it: consume it without a ticket so it is not retried forever */
        CHECK(complaint_alert_claim(ctx->db, a->tenant_id, a->id, x->now, 0, &claimed));
        return MN_OK;
    }
    CHECK(complaint_ensure_categories(ctx->db, a->tenant_id));
    struct complaint_category cat;
    CHECK(complaint_category_get_by_code(ctx->db, a->tenant_id, "other", &cat) == MN_OK
              ? MN_OK
              : complaint_category_get_by_code(ctx->db, a->tenant_id, "attitude", &cat));
    struct complaint_clock clock;
    CHECK(complaint_clock_load(ctx->db, a->tenant_id, &clock));
    struct ticket t = {.store_id = store_id, .suggested_department_id = a->department_id,
                       .customer_id = a->customer_id, .event_id = a->event_id,
                       .alert_id = a->id, .category_id = cat.id};
    snprintf(t.source, sizeof t.source, "survey");
    snprintf(t.severity, sizeof t.severity, "normal");
    snprintf(t.title, sizeof t.title, "调研低分预警：%.300s", a->reason);
    snprintf(t.description, sizeof t.description,
             "客户在满意度调研中给出低分（%.300s），系统自动登记为投诉，请联系客户了解原因。",
             a->reason);
    CHECK(complaint_open_ticket(ctx, &t, &clock));
    CHECK(complaint_alert_claim(ctx->db, a->tenant_id, a->id, x->now, t.id, &claimed));
    if (!claimed)
        return MN_ERR_CONFLICT; /* another server opened a ticket for it: roll ours back */
    x->created = true;
    char title[600];
    snprintf(title, sizeof title, "调研低分生成投诉 #%lld", (long long)t.id);
    return complaint_notify_role(ctx->db, &t, "cr_agent", t.store_id, "survey_alert", title,
                                 "请尽快分派给责任部门。");
}

enum mn_status complaint_consume_alerts(struct db *db, int64_t now, int *created, int *skipped)
{
    struct pending_alert *items = calloc(BATCH, sizeof *items);
    size_t n = 0;
    *created = *skipped = 0;
    if (items == NULL)
        return MN_ERR_NOMEM;
    enum mn_status rc = complaint_alerts_pending(db, BATCH, items, &n);
    for (size_t i = 0; rc == MN_OK && i < n; i++) {
        struct svc_ctx ctx;
        system_ctx(&ctx, db, items[i].tenant_id);
        struct alert_tx x = {&items[i], now, false};
        enum mn_status r = svc_run_tx(&ctx, alert_tx, &x, NULL);
        if (r == MN_OK && x.created)
            (*created)++;
        else if (r == MN_OK || r == MN_ERR_CONFLICT)
            (*skipped)++;
        else
            rc = r;
    }
    free(items);
    return rc;
}

/* ---- SLA escalation ---------------------------------------------------------------------- */

struct sla_tx { int64_t id; int64_t now; bool raised; };

static enum mn_status sla_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct sla_tx *x = arg;
    struct ticket t;
    x->raised = false;
    CHECK(ticket_get(ctx->db, ctx->who.tenant_id, x->id, &t));
    enum complaint_stage stage;
    if (complaint_stage_parse(t.sla_stage, &stage) != MN_OK || stage == STAGE_NONE)
        return MN_OK;
    struct complaint_clock clock;
    CHECK(complaint_clock_load(ctx->db, t.tenant_id, &clock));
    int level = 0;
    CHECK(sla_escalation_level(clock.policy.mode, &clock.cal, t.sla_start, t.sla_minutes, x->now,
                               &level));
    if (level <= t.sla_level)
        return MN_OK;
    bool claimed = false;
    CHECK(ticket_sla_raise(ctx->db, t.tenant_id, t.id, t.sla_level, level, x->now, &claimed));
    if (!claimed)
        return MN_OK;
    struct ticket after;
    CHECK(ticket_get(ctx->db, t.tenant_id, t.id, &after));
    char note[300];
    snprintf(note, sizeof note, "%s超时，升级至%s", stage == STAGE_FIRST_RESPONSE ? "第一时间响应"
                                                    : stage == STAGE_RESOLUTION ? "处理"
                                                                                : "回访验证",
             level >= 2 ? "集团" : "店总");
    json_t *data = json_pack("{s:s, s:i, s:I}", "stage", t.sla_stage, "sla_level", level,
                             "escalation_level", (json_int_t)after.escalation_level);
    enum mn_status rc = complaint_timeline_add(ctx, &after, "sla_escalate", after.state,
                                               after.state, note, data);
    json_decref(data);
    CHECK(rc);
    char title[700];
    snprintf(title, sizeof title, "投诉超时升级：%s", after.title);
    CHECK(complaint_notify_role(ctx->db, &after, level >= 2 ? "admin" : "store_manager",
                                level >= 2 ? 0 : after.store_id, "escalated", title, note));
    CHECK(complaint_webhook(ctx->db, &clock, &after, "complaint.escalated", note));
    json_t *b = encode_ticket(&t, false), *a = encode_ticket(&after, false);
    rc = svc_audit(ctx, "escalate", "ticket", t.id, b, a);
    json_decref(b);
    json_decref(a);
    x->raised = rc == MN_OK;
    return rc;
}

enum mn_status complaint_escalate_overdue(struct db *db, int64_t now, int *escalated)
{
    struct sla_candidate items[BATCH];
    size_t n = 0;
    *escalated = 0;
    CHECK(ticket_sla_candidates(db, now, BATCH, items, &n));
    for (size_t i = 0; i < n; i++) {
        struct svc_ctx ctx;
        system_ctx(&ctx, db, items[i].tenant_id);
        struct sla_tx x = {items[i].id, now, false};
        CHECK(svc_run_tx(&ctx, sla_tx, &x, NULL));
        *escalated += x.raised;
    }
    return MN_OK;
}

/* ---- deliveries -------------------------------------------------------------------------- */

static enum mn_status send_one(struct db *db, const struct complaint_delivery *d, int64_t now,
                               char *err, size_t cap)
{
    if (strcmp(d->channel, "webhook") == 0) {
        struct complaint_clock clock;
        CHECK(complaint_clock_load(db, d->tenant_id, &clock));
        struct webhook_request rq = {.url = d->target, .secret = clock.webhook_secret,
                                     .event = d->event, .delivery_id = d->id,
                                     .timestamp = now, .body = d->payload};
        long status = 0;
        return webhook_post(&rq, &status, err, cap);
    }
    struct mail_config cfg;
    if (mail_config_from_env(&cfg) != MN_OK) {
        snprintf(err, cap, "MANYI_SMTP_URL / MANYI_SMTP_FROM are not set");
        return MN_ERR_INTERNAL;
    }
    struct mail_msg msg = {.to = d->target, .subject = d->subject, .text = d->payload};
    return mail_send(&cfg, &msg, err, cap);
}

enum mn_status complaint_deliver(struct db *db, int64_t now, int *sent, int *failed)
{
    int64_t ids[BATCH];
    size_t n = 0;
    *sent = *failed = 0;
    CHECK(complaint_delivery_due(db, now, BATCH, ids, &n));
    for (size_t i = 0; i < n; i++) {
        struct complaint_delivery d = {0};
        bool claimed = false;
        /* the lease covers the attempt; a server that dies mid-send frees the row after it */
        CHECK(complaint_delivery_claim(db, ids[i], now, 120, &claimed, &d));
        if (!claimed)
            continue;
        char err[300] = "";
        enum mn_status r = send_one(db, &d, now, err, sizeof err);
        bool ok = r == MN_OK, give_up = !ok && d.attempts >= COMPLAINT_MAX_ATTEMPTS;
        int64_t next = now + complaint_backoff_seconds(d.attempts);
        enum mn_status rc = complaint_delivery_done(db, d.id, now, ok, give_up, next, err);
        complaint_delivery_release(&d);
        CHECK(rc);
        if (ok)
            (*sent)++;
        else
            (*failed)++;
    }
    return MN_OK;
}
