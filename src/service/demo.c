/* SPDX-License-Identifier: MIT */
/* The demo organisation: a dealer group with two 4S stores, each with sales, after-sales and
 * CR departments, about 20 employees and a user of every role. Names are invented. */
#include <stdio.h>
#include <string.h>

#include "service/demo.h"

/* each DEMO line declares its loader here, so that no capability's header is needed */
#define DEMO(fn) enum mn_status fn(struct svc_ctx *ctx, const struct demo_org *org, \
                                   struct mn_error *err);
#include "service/demo.def"
#undef DEMO

static const demo_fn demo_loaders[] = {
#define DEMO(fn) fn,
#include "service/demo.def"
#undef DEMO
    NULL,
};

struct demo_person {
    int store;      /* 0 or 1 */
    int dept;       /* index into the store's departments */
    const char *name, *no, *position, *phone;
    const char *username, *role; /* NULL = no user account */
};

static const struct { const char *name, *kind; } demo_depts[] = {
    {"销售部", "sales"}, {"售后服务部", "after_sales"}, {"客服部", "cr"}, {"行政部", "admin"},
};

static const struct demo_person people[] = {
    {0, 3, "王建国", "E1001", "总经理", "13800010001", "wang.jianguo", "store_manager"},
    {0, 0, "李明", "E1002", "销售经理", "13800010002", "li.ming", "dept_manager"},
    {0, 0, "张伟", "E1003", "销售顾问", "13800010003", "zhang.wei", "staff"},
    {0, 0, "刘洋", "E1004", "销售顾问", "13800010004", NULL, NULL},
    {0, 0, "陈静", "E1005", "销售顾问", "13800010005", NULL, NULL},
    {0, 1, "杨帆", "E1006", "售后经理", "13800010006", "yang.fan", "dept_manager"},
    {0, 1, "赵磊", "E1007", "服务顾问", "13800010007", NULL, NULL},
    {0, 1, "黄强", "E1008", "服务顾问", "13800010008", NULL, NULL},
    {0, 1, "周涛", "E1009", "维修技师", "13800010009", NULL, NULL},
    {0, 2, "吴丽", "E1010", "客服经理", "13800010010", "wu.li", "dept_manager"},
    {0, 2, "徐婷", "E1011", "客服专员", "13800010011", "xu.ting", "cr_agent"},
    {0, 2, "孙悦", "E1012", "客服专员", "13800010012", "sun.yue", "cr_agent"},
    {1, 3, "马骏", "E2001", "总经理", "13900020001", "ma.jun", "store_manager"},
    {1, 0, "朱婷", "E2002", "销售经理", "13900020002", "zhu.ting", "dept_manager"},
    {1, 0, "胡斌", "E2003", "销售顾问", "13900020003", NULL, NULL},
    {1, 0, "郭敏", "E2004", "销售顾问", "13900020004", NULL, NULL},
    {1, 1, "何勇", "E2005", "售后经理", "13900020005", "he.yong", "dept_manager"},
    {1, 1, "高翔", "E2006", "服务顾问", "13900020006", NULL, NULL},
    {1, 1, "林峰", "E2007", "维修技师", "13900020007", NULL, NULL},
    {1, 2, "罗琳", "E2008", "客服专员", "13900020008", "luo.lin", "cr_agent"},
    {1, 3, "梁晨", "E2009", "体系审核员", "13900020009", "liang.chen", "auditor"},
};

enum mn_status svc_demo_load(struct db *db, const char *password, char *summary, size_t cap,
                             struct mn_error *err)
{
    int64_t tenant_id = 0;
    struct user existing;
    enum mn_status rc = users_get_by_username(db, "demo.admin", &existing);
    if (rc == MN_OK)
        return mn_fail(err, MN_ERR_CONFLICT, "demo", "is already loaded (user demo.admin exists)");
    if ((rc = auth_check_password_policy("MANYI_DEMO_PASSWORD", password, err)) != MN_OK)
        return rc;
    if ((rc = svc_tenant_create(db, "华东汽车销售服务集团", "Asia/Shanghai", &tenant_id, err)) != MN_OK)
        return rc;

    struct svc_ctx ctx = {.db = db, .who = {.tenant_id = tenant_id, .role = ROLE_ADMIN}};
    snprintf(ctx.who.username, sizeof ctx.who.username, "system");
    snprintf(ctx.ip, sizeof ctx.ip, "cli");

    static const struct { const char *code, *name, *city, *address, *phone; } stores[] = {
        {"HZ-4S", "杭州滨江丰田4S店", "杭州", "滨江区江南大道1888号", "0571-88880001"},
        {"NB-4S", "宁波鄞州丰田4S店", "宁波", "鄞州区天童南路666号", "0574-88880002"},
    };
    struct demo_org org = {.tenant_id = tenant_id};
    int64_t *store_ids = org.store_ids;
    for (int s = 0; s < 2; s++) {
        struct store_input in = {.set = F_CODE | F_NAME | F_CITY | F_ADDRESS | F_PHONE};
        struct org_store out;
        snprintf(in.v.code, sizeof in.v.code, "%s", stores[s].code);
        snprintf(in.v.name, sizeof in.v.name, "%s", stores[s].name);
        snprintf(in.v.city, sizeof in.v.city, "%s", stores[s].city);
        snprintf(in.v.address, sizeof in.v.address, "%s", stores[s].address);
        snprintf(in.v.phone, sizeof in.v.phone, "%s", stores[s].phone);
        if ((rc = svc_store_create(&ctx, &in, &out, err)) != MN_OK)
            return rc;
        store_ids[s] = out.id;
        for (int d = 0; d < 4; d++) {
            struct department_input din = {.set = F_STORE_ID | F_NAME | F_KIND};
            struct org_department dout;
            din.v.store_id = out.id;
            snprintf(din.v.name, sizeof din.v.name, "%s", demo_depts[d].name);
            snprintf(din.v.kind, sizeof din.v.kind, "%s", demo_depts[d].kind);
            if ((rc = svc_department_create(&ctx, &din, &dout, err)) != MN_OK)
                return rc;
            org.dept_ids[s][d] = dout.id;
        }
    }

    size_t used = (size_t)snprintf(summary, cap,
                                   "demo tenant %lld: 华东汽车销售服务集团, 2 stores, 8 departments,"
                                   " %zu employees\nusers (password from MANYI_DEMO_PASSWORD):\n"
                                   "  demo.admin (admin)\n",
                                   (long long)tenant_id, sizeof people / sizeof people[0]);
    struct user_input admin = {.set = F_USERNAME | F_ROLE | F_PASSWORD | F_DISPLAY_NAME};
    struct user uout;
    snprintf(admin.v.username, sizeof admin.v.username, "demo.admin");
    snprintf(admin.v.role, sizeof admin.v.role, "admin");
    snprintf(admin.v.display_name, sizeof admin.v.display_name, "集团管理员");
    snprintf(admin.password, sizeof admin.password, "%s", password);
    if ((rc = svc_user_create(&ctx, &admin, &uout, err)) != MN_OK)
        return rc;

    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        const struct demo_person *p = &people[i];
        struct employee_input ein = {.set = F_STORE_ID | F_DEPARTMENT_ID | F_NAME | F_EMPLOYEE_NO |
                                            F_POSITION | F_PHONE};
        struct org_employee eout;
        ein.v.store_id = store_ids[p->store];
        ein.v.department_id = org.dept_ids[p->store][p->dept];
        snprintf(ein.v.name, sizeof ein.v.name, "%s", p->name);
        snprintf(ein.v.employee_no, sizeof ein.v.employee_no, "%s", p->no);
        snprintf(ein.v.position, sizeof ein.v.position, "%s", p->position);
        snprintf(ein.phone_raw, sizeof ein.phone_raw, "%s", p->phone);
        if ((rc = svc_employee_create(&ctx, &ein, &eout, err)) != MN_OK)
            return rc;
        if (org.n_employees < DEMO_MAX_EMPLOYEES) {
            org.employees[org.n_employees].id = eout.id;
            org.employees[org.n_employees].store = p->store;
            org.employees[org.n_employees].dept = (enum demo_dept)p->dept;
            org.employees[org.n_employees].position = p->position;
            org.n_employees++;
        }
        if (p->username == NULL)
            continue;
        struct user_input uin = {.set = F_USERNAME | F_ROLE | F_PASSWORD | F_DISPLAY_NAME |
                                        F_STORE_ID | F_DEPARTMENT_ID | F_EMPLOYEE_ID};
        snprintf(uin.v.username, sizeof uin.v.username, "%s", p->username);
        snprintf(uin.v.role, sizeof uin.v.role, "%s", p->role);
        snprintf(uin.v.display_name, sizeof uin.v.display_name, "%s", p->name);
        uin.v.store_id = store_ids[p->store];
        uin.v.department_id = strcmp(p->role, "dept_manager") == 0 || strcmp(p->role, "staff") == 0
                                  ? org.dept_ids[p->store][p->dept]
                                  : 0;
        uin.v.employee_id = eout.id;
        snprintf(uin.password, sizeof uin.password, "%s", password);
        if ((rc = svc_user_create(&ctx, &uin, &uout, err)) != MN_OK)
            return rc;
        org.employees[org.n_employees - 1].user_id = uout.id;
        if (used < cap)
            used += (size_t)snprintf(summary + used, cap - used, "  %s (%s, %s)\n", p->username,
                                     p->role, p->name);
    }
    for (const demo_fn *fn = demo_loaders; *fn != NULL; fn++)
        if ((rc = (*fn)(&ctx, &org, err)) != MN_OK)
            return rc;
    return MN_OK;
}
