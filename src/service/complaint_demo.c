/* SPDX-License-Identifier: MIT */
/* Demo complaints for the demo dealer group (service/demo.c): tickets in every state of the
 * loop, driven through the same use cases as the API, each step acted by the demo user whose
 * role takes it (CR agent, department manager), so the timelines read like real ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/complaint.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

/* A context acting as the demo user of role in store (and department kind when given). */
static enum mn_status act_as(struct svc_ctx *admin, const struct demo_org *org, int store,
                             enum role role, int dept, struct svc_ctx *out)
{
    for (size_t i = 0; i < org->n_employees; i++) {
        int64_t uid = org->employees[i].user_id;
        if (uid == 0 || org->employees[i].store != store ||
            (dept >= 0 && (int)org->employees[i].dept != dept))
            continue;
        struct user u;
        CHECK(users_get(admin->db, org->tenant_id, uid, &u));
        if (role_parse(u.role) != role)
            continue;
        *out = *admin;
        out->who.user_id = u.id;
        out->who.role = role;
        out->who.store_id = org->store_ids[store];
        out->who.department_id = u.department_id;
        snprintf(out->who.username, sizeof out->who.username, "%s", u.username);
        return MN_OK;
    }
    return MN_ERR_NOT_FOUND;
}

struct demo_case {
    int store;
    const char *category, *severity, *source, *title, *description;
    int dept;             /* responsible department (enum demo_dept) */
    int stop;             /* how far the loop goes: see steps below */
};

/* 0 registered, 1 assigned, 2 in progress with CLEAR half done, 3 back to CR, 4 closed,
 * 5 reopened after an unsatisfied call, 6 closed after a reopening */
static const struct demo_case cases[] = {
    {0, "sales_process", "normal", "hotline", "新车交付时间一再推迟",
     "客户来电：合同约定 10 日交车，已两次改期且无人主动说明。", DEMO_SALES, 0},
    {0, "repair_quality", "urgent", "followup_call", "维修后底盘异响仍未消除",
     "回访时客户反映：更换摆臂后异响依旧，第二次进店。", DEMO_AFTER_SALES, 1},
    {0, "billing", "normal", "walk_in", "结算金额与报价单不符",
     "客户到店质疑结算单比报价多出 380 元。", DEMO_AFTER_SALES, 2},
    {0, "waiting_time", "normal", "followup_call", "保养等待超过三小时",
     "客户反映预约保养仍等待三小时以上。", DEMO_AFTER_SALES, 3},
    {0, "attitude", "normal", "online", "服务顾问接待冷淡",
     "客户在点评平台留言：接待时服务顾问一直看手机。", DEMO_AFTER_SALES, 4},
    {0, "broken_promise", "urgent", "hotline", "承诺的代步车没有安排",
     "维修期间承诺提供代步车，到店后被告知没有车辆。", DEMO_AFTER_SALES, 5},
    {1, "facilities", "normal", "walk_in", "客户休息区空调不制冷",
     "客户等待时反映休息区闷热。", DEMO_AFTER_SALES, 6},
    {1, "parts", "critical", "manufacturer", "刹车片到货延误涉及行车安全",
     "厂家转办：客户刹车片磨损到限，配件三周未到。", DEMO_AFTER_SALES, 1},
};

static enum mn_status step(struct svc_ctx *c, int64_t id, const char *action, const char *note,
                           int64_t assignee)
{
    struct transition_input in = {.assignee_user_id = assignee, .set = TI_ACTION};
    snprintf(in.action, sizeof in.action, "%s", action);
    snprintf(in.note, sizeof in.note, "%s", note != NULL ? note : "");
    if (strcmp(action, "write_result") == 0) {
        snprintf(in.root_cause, sizeof in.root_cause, "接待流程中未指定进度通报责任人");
        snprintf(in.action_taken, sizeof in.action_taken, "部门经理致电道歉，重新安排专人跟进");
        snprintf(in.remedy, sizeof in.remedy, "赠送一次免费保养");
        snprintf(in.recovery_strategy, sizeof in.recovery_strategy, "赠送保养/洗车服务券");
    }
    struct ticket t;
    struct mn_error err = {0};
    return svc_ticket_transition(c, id, &in, &t, &err);
}

static enum mn_status handle(struct svc_ctx *dm, int64_t id, bool clear_all)
{
    struct ticket t;
    CHECK(step(dm, id, "accept", NULL, 0));
    CHECK(svc_ticket_clear(dm, id, clear_all ? TICKET_CLEAR_ALL : 0x7, &t, NULL));
    if (!clear_all)
        return MN_OK;
    CHECK(step(dm, id, "write_result", NULL, 0));
    return step(dm, id, "return_to_cr", NULL, 0);
}

enum mn_status complaint_demo_load(struct svc_ctx *ctx, const struct demo_org *org,
                                   struct mn_error *err)
{
    struct complaint_category *cats = NULL;
    size_t n = 0;
    CHECK(svc_category_list(ctx, &cats, &n));
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const struct demo_case *d = &cases[k];
        struct svc_ctx cr, dm;
        CHECK(act_as(ctx, org, d->store, ROLE_CR_AGENT, -1, &cr));
        CHECK(act_as(ctx, org, d->store, ROLE_DEPT_MANAGER, d->dept, &dm));
        struct ticket_input in = {0};
        for (size_t i = 0; i < n; i++)
            if (strcmp(cats[i].code, d->category) == 0)
                in.category_id = cats[i].id;
        snprintf(in.source, sizeof in.source, "%s", d->source);
        snprintf(in.severity, sizeof in.severity, "%s", d->severity);
        snprintf(in.title, sizeof in.title, "%s", d->title);
        snprintf(in.description, sizeof in.description, "%s", d->description);
        struct ticket t;
        enum mn_status rc = svc_ticket_create(&cr, &in, &t, err);
        for (int s = 1; rc == MN_OK && s <= d->stop; s++) {
            switch (s) {
            case 1: rc = step(&cr, t.id, "assign", "请尽快联系客户", dm.who.user_id); break;
            case 2: rc = handle(&dm, t.id, d->stop > 2); break;
            case 3: break; /* handle() already returned it to CR */
            case 4:
                rc = step(&cr, t.id, "start_verify", NULL, 0);
                if (rc == MN_OK)
                    rc = step(&cr, t.id, d->stop == 4 ? "close" : "reopen",
                              d->stop == 4 ? "客户表示满意" : "客户对补偿不满意", 0);
                break;
            case 5:
                if (d->stop > 5) {
                    rc = step(&cr, t.id, "assign", "升级处理", dm.who.user_id);
                    if (rc == MN_OK) {
                        struct ticket x;
                        rc = step(&dm, t.id, "accept", NULL, 0);
                        if (rc == MN_OK)
                            rc = svc_ticket_clear(&dm, t.id, TICKET_CLEAR_ALL, &x, NULL);
                    }
                }
                break;
            case 6:
                rc = step(&dm, t.id, "write_result", NULL, 0);
                if (rc == MN_OK)
                    rc = step(&dm, t.id, "return_to_cr", NULL, 0);
                if (rc == MN_OK)
                    rc = step(&cr, t.id, "start_verify", NULL, 0);
                if (rc == MN_OK)
                    rc = step(&cr, t.id, "close", "第二次回访客户满意", 0);
                if (rc == MN_OK) {
                    struct action_input a = {.set = AI_TITLE | AI_OWNER_NAME | AI_DUE};
                    struct corrective_action out;
                    snprintf(a.title, sizeof a.title, "休息区空调检修并建立每日巡检");
                    snprintf(a.owner_name, sizeof a.owner_name, "何勇");
                    snprintf(a.due_at, sizeof a.due_at, "2020-01-31");
                    rc = svc_action_create(&dm, t.id, &a, &out, err);
                }
                break;
            }
        }
        if (rc != MN_OK) {
            free(cats);
            return rc;
        }
    }
    free(cats);
    return MN_OK;
}
