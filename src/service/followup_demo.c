/* SPDX-License-Identifier: MIT */
/* Demo data of the follow-up capability: 360 customers of the two demo stores with sales and
 * service visits over the last four months (deterministic pseudo-random), the scheduler run at
 * today's clock, and call outcomes on the older tasks, so that the queue and the figures look
 * like a working CR department right after `manyi demo`. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/fucall.h"
#include "service/followup.h"

enum { DEMO_CUSTOMERS = 360, DEMO_DAYS = 120 };

static uint32_t rnd(uint32_t *s)
{
    /* xorshift32: reproducible demo data without a global generator */
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const given[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军",
                                    "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"};
static const char *const models[] = {"凯美瑞 2.0G", "卡罗拉 1.2T", "RAV4 荣放", "汉兰达",
                                     "亚洲龙", "威驰", "雷凌双擎", "皇冠陆放"};
static const char *const plates[] = {"浙A", "浙B"};

static int64_t employee_of(const struct demo_org *org, int store, enum demo_dept dept,
                           uint32_t *seed)
{
    int64_t ids[DEMO_MAX_EMPLOYEES];
    size_t n = 0;
    for (size_t i = 0; i < org->n_employees; i++)
        if (org->employees[i].store == store && org->employees[i].dept == dept)
            ids[n++] = org->employees[i].id;
    return n == 0 ? 0 : ids[rnd(seed) % n];
}

static enum mn_status load_records(struct svc_ctx *ctx, const struct demo_org *org, int64_t now,
                                   int offset_min, int64_t *n_events)
{
    uint32_t seed = 20261122u;
    struct civil_date today = civil_from_epoch(now, offset_min).date;
    for (int i = 0; i < DEMO_CUSTOMERS; i++) {
        int store = i % DEMO_STORES;
        struct customer c = {.tenant_id = ctx->who.tenant_id, .store_id = org->store_ids[store],
                             .consent = 1};
        snprintf(c.name, sizeof c.name, "%s%s", surnames[rnd(&seed) % 20], given[rnd(&seed) % 20]);
        snprintf(c.phone, sizeof c.phone, "1%d%08u", 35 + (int)(rnd(&seed) % 5),
                 rnd(&seed) % 100000000u);
        snprintf(c.preferred_channel, sizeof c.preferred_channel, "%s",
                 i % 7 == 0 ? "wechat" : "phone");
        snprintf(c.external_id, sizeof c.external_id, "DMS-C%05d", i + 1);
        c.do_not_disturb = i % 53 == 0;
        snprintf(c.tags, sizeof c.tags, "%s", i % 5 == 0 ? "老客户" : "");
        enum mn_status rc = customers_insert(ctx->db, &c);
        if (rc != MN_OK)
            return rc;
        /* One sale in the last four months for most, one or two service visits for many. */
        int sale_age = (int)(rnd(&seed) % DEMO_DAYS);
        int64_t mileage = 0;
        for (int k = 0; k < 3; k++) {
            bool sale = k == 0;
            if (!sale && rnd(&seed) % 3 == 0)
                continue;
            int age = sale ? sale_age : (int)(rnd(&seed) % (unsigned)(sale_age + 1));
            if (!sale && age >= sale_age)
                continue;
            struct business_event e = {
                .tenant_id = ctx->who.tenant_id, .customer_id = c.id,
                .store_id = org->store_ids[store],
                .department_id = org->dept_ids[store][sale ? DEMO_SALES : DEMO_AFTER_SALES],
                .amount_fen = sale ? (int64_t)(150000 + rnd(&seed) % 200000) * 100
                                   : (int64_t)(300 + rnd(&seed) % 3000) * 100,
                .mileage_km = -1,
            };
            e.employee_id = employee_of(org, store, sale ? DEMO_SALES : DEMO_AFTER_SALES, &seed);
            snprintf(e.type, sizeof e.type, "%s", sale ? "sale" : "service");
            struct civil_date d = civil_add_days(today, -age);
            civil_date_format(d, e.occurred_on);
            e.occurred_at = civil_to_epoch((struct civil_time){.date = d, .hour = 10 + k},
                                           offset_min);
            snprintf(e.model, sizeof e.model, "%s", models[i % 8]);
            snprintf(e.plate, sizeof e.plate, "%s%05u", plates[store], rnd(&seed) % 100000);
            snprintf(e.vin, sizeof e.vin, "LVGBE40K%09d", i + 1);
            if (!sale) {
                mileage += (int64_t)(sale_age - age) * (30 + (int64_t)(rnd(&seed) % 60));
                e.mileage_km = mileage;
            }
            snprintf(e.external_id, sizeof e.external_id, "DMS-E%05d-%d", i + 1, k);
            if ((rc = events_insert(ctx->db, &e)) != MN_OK)
                return rc;
            (*n_events)++;
        }
    }
    return MN_OK;
}

/* Plays the CR department's last weeks: most due tasks called, some retried, a few unreachable. */
static enum mn_status play_calls(struct svc_ctx *ctx, int64_t now, int offset_min,
                                 int64_t *n_calls)
{
    uint32_t seed = 7u;
    char today[11];
    civil_date_format(civil_from_epoch(now, offset_min).date, today);
    int64_t after = 0;
    for (;;) {
        struct fu_task_query q = {.after = after, .limit = 200, .today = today, .now = now};
        struct fu_task *tasks = NULL;
        size_t n = 0;
        enum mn_status rc = fu_tasks_list(ctx->db, ctx->who.tenant_id, &q, &tasks, &n);
        if (rc != MN_OK)
            return rc;
        for (size_t i = 0; i < n && rc == MN_OK; i++) {
            struct fu_task *t = &tasks[i];
            /* Leave today's work (and a share of the recent days) to the agents. */
            if (strcmp(t->due_on, today) >= 0 || rnd(&seed) % 5 == 0)
                continue;
            struct fu_rule r;
            if ((rc = fu_rules_get(ctx->db, ctx->who.tenant_id, t->rule_id, &r)) != MN_OK)
                break;
            struct followup_rule cr = {
                .id = r.id, .offset_days = (int)r.offset_days, .window_days = (int)r.window_days,
                .quiet_start_min = (int)r.quiet_start_min, .quiet_end_min = (int)r.quiet_end_min,
                .max_attempts = (int)r.max_attempts, .retry_minutes = (int)r.retry_minutes,
            };
            struct fu_task_state st = {.status = FU_OPEN, .next_attempt_at = t->open_at};
            int64_t at = t->open_at + 3600 * (int64_t)(rnd(&seed) % 20);
            while (st.status == FU_OPEN && at < now && rc == MN_OK) {
                uint32_t p = rnd(&seed) % 100;
                enum fu_outcome o = p < 62 ? FU_OUTCOME_CONNECTED : p < 80 ? FU_OUTCOME_NO_ANSWER
                                    : p < 90 ? FU_OUTCOME_BUSY : p < 95 ? FU_OUTCOME_REFUSED
                                                                         : FU_OUTCOME_WRONG_NUMBER;
                if ((rc = fu_apply_call(&cr, &st, o, at, 0, offset_min, NULL)) != MN_OK)
                    break;
                struct fu_call c = {.tenant_id = ctx->who.tenant_id, .task_id = t->id,
                                    .user_id = t->assignee_id, .called_at = at};
                snprintf(c.outcome, sizeof c.outcome, "%s", fu_outcome_code(o));
                snprintf(c.notes, sizeof c.notes, "%s",
                         o == FU_OUTCOME_CONNECTED ? "客户表示满意" : "");
                if ((rc = fu_calls_insert(ctx->db, &c)) != MN_OK)
                    break;
                (*n_calls)++;
                snprintf(t->last_outcome, sizeof t->last_outcome, "%s", fu_outcome_code(o));
                at = st.next_attempt_at > at ? st.next_attempt_at : at + 7200;
            }
            if (rc != MN_OK)
                break;
            snprintf(t->status, sizeof t->status, "%s", fu_status_code(st.status));
            t->attempts = st.attempts;
            t->failed_attempts = st.failed_attempts;
            t->connected_calls = st.connected_calls;
            t->next_attempt_at = st.next_attempt_at;
            t->completed_at = st.completed_at;
            rc = fu_tasks_update(ctx->db, t);
        }
        after = n > 0 ? tasks[n - 1].id : after;
        free(tasks);
        if (rc != MN_OK)
            return rc;
        if (n < 200)
            return MN_OK;
    }
}

enum mn_status followup_demo_load(struct svc_ctx *ctx, const struct demo_org *org,
                                  struct mn_error *err)
{
    (void)err;
    int64_t now = (int64_t)time(NULL), n_events = 0, n_calls = 0;
    int off;
    char today[11];
    enum mn_status rc = fu_tenant_today(ctx->db, ctx->who.tenant_id, now, today, &off);
    if (rc != MN_OK)
        return rc;
    if ((rc = db_begin(ctx->db)) != MN_OK)
        return rc;
    rc = load_records(ctx, org, now, off, &n_events);
    if (rc == MN_OK)
        rc = db_commit(ctx->db);
    if (rc != MN_OK) {
        db_rollback(ctx->db);
        return rc;
    }
    /* The scheduler as it would have run today (it also ships the default rules). */
    struct fu_sched_result sr;
    if ((rc = fu_schedule_run(ctx->db, now, &sr)) != MN_OK)
        return rc;
    if ((rc = db_begin(ctx->db)) != MN_OK)
        return rc;
    rc = play_calls(ctx, now, off, &n_calls);
    if (rc == MN_OK) {
        json_t *a = json_pack("{s:i, s:I, s:I, s:I}", "customers", DEMO_CUSTOMERS,
                              "events", (json_int_t)n_events, "tasks", (json_int_t)sr.tasks_created,
                              "calls", (json_int_t)n_calls);
        rc = svc_audit(ctx, "import", "demo_followup", 0, NULL, a);
        json_decref(a);
    }
    if (rc == MN_OK)
        rc = db_commit(ctx->db);
    if (rc != MN_OK)
        db_rollback(ctx->db);
    return rc;
}
