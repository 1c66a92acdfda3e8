/* SPDX-License-Identifier: MIT */
/* Role parsing and the permission predicates. Scope rules: a store manager and a CR agent see
 * their store; a department manager and staff see their department (and the store record it
 * belongs to); admin and auditor see the whole tenant; the auditor never writes. */
#include "core/role.h"

#include <string.h>

static const struct {
    const char *code;
    const char *label_zh;
    enum role_scope scope;
} roles[ROLE_COUNT] = {
    [ROLE_NONE] = {"", "", SCOPE_TENANT},
    [ROLE_ADMIN] = {"admin", "系统管理员", SCOPE_TENANT},
    [ROLE_STORE_MANAGER] = {"store_manager", "店长/总经理", SCOPE_STORE},
    [ROLE_DEPT_MANAGER] = {"dept_manager", "部门经理", SCOPE_DEPARTMENT},
    [ROLE_CR_AGENT] = {"cr_agent", "客服专员", SCOPE_STORE},
    [ROLE_STAFF] = {"staff", "员工", SCOPE_DEPARTMENT},
    [ROLE_AUDITOR] = {"auditor", "审核员", SCOPE_TENANT},
};

enum role role_parse(const char *s)
{
    if (s == NULL)
        return ROLE_NONE;
    for (int r = ROLE_ADMIN; r < (int)ROLE_COUNT; r++)
        if (strcmp(s, roles[r].code) == 0)
            return (enum role)r;
    return ROLE_NONE;
}

const char *role_code(enum role r)
{
    return (r > ROLE_NONE && (int)r < (int)ROLE_COUNT) ? roles[r].code : "";
}

const char *role_label_zh(enum role r)
{
    return (r > ROLE_NONE && (int)r < (int)ROLE_COUNT) ? roles[r].label_zh : "";
}

enum role_scope role_scope_of(enum role r)
{
    return (r > ROLE_NONE && (int)r < (int)ROLE_COUNT) ? roles[r].scope : SCOPE_DEPARTMENT;
}

bool role_needs_store(enum role r)
{
    return role_scope_of(r) != SCOPE_TENANT;
}

bool role_needs_department(enum role r)
{
    return role_scope_of(r) == SCOPE_DEPARTMENT;
}

bool role_can_see(const struct principal *p, int64_t store_id, int64_t department_id)
{
    switch (role_scope_of(p->role)) {
    case SCOPE_TENANT:
        return p->role != ROLE_NONE;
    case SCOPE_STORE:
        return store_id == p->store_id;
    case SCOPE_DEPARTMENT:
        /* a store-level object (department 0) of the own store is visible: its name frames
         * the department's work; other departments' objects are not */
        return store_id == p->store_id && (department_id == 0 || department_id == p->department_id);
    }
    return false;
}

bool role_sees_pii(const struct principal *p)
{
    return p->role == ROLE_ADMIN || p->role == ROLE_STORE_MANAGER || p->role == ROLE_DEPT_MANAGER;
}

bool role_takes_tasks(enum role r)
{
    return r == ROLE_CR_AGENT || r == ROLE_STAFF || r == ROLE_DEPT_MANAGER;
}

bool role_sees_task(const struct principal *p, const struct role_task *t)
{
    switch (p->role) {
    case ROLE_ADMIN:
    case ROLE_AUDITOR:
        return true;
    case ROLE_STORE_MANAGER:
        return t->store_id == p->store_id;
    case ROLE_CR_AGENT:
        return t->worker == ROLE_CR_AGENT && t->store_id == p->store_id;
    case ROLE_STAFF:
    case ROLE_DEPT_MANAGER:
        /* not the colleagues' tasks: the pool and one's own (PRODUCT.md: a queue per agent) */
        return t->worker == p->role && t->store_id == p->store_id && p->department_id != 0 &&
               t->department_id == p->department_id &&
               (t->assignee_id == 0 || (p->user_id != 0 && t->assignee_id == p->user_id));
    default:
        return false;
    }
}

bool role_works_task(const struct principal *p, const struct role_task *t)
{
    return role_takes_tasks(p->role) && p->role == t->worker && role_sees_task(p, t);
}

bool role_can_write_stores(const struct principal *p)
{
    return p->role == ROLE_ADMIN;
}

bool role_can_write_department(const struct principal *p, int64_t store_id)
{
    return p->role == ROLE_ADMIN || (p->role == ROLE_STORE_MANAGER && store_id == p->store_id);
}

bool role_can_write_employee(const struct principal *p, int64_t store_id, int64_t department_id)
{
    if (p->role == ROLE_ADMIN)
        return true;
    if (p->role == ROLE_STORE_MANAGER)
        return store_id == p->store_id;
    if (p->role == ROLE_DEPT_MANAGER)
        return store_id == p->store_id && department_id == p->department_id;
    return false;
}

bool role_can_read_users(const struct principal *p)
{
    return p->role == ROLE_ADMIN || p->role == ROLE_STORE_MANAGER;
}

bool role_can_write_users(const struct principal *p)
{
    return p->role == ROLE_ADMIN;
}

bool role_can_read_audit(const struct principal *p)
{
    return p->role == ROLE_ADMIN || p->role == ROLE_AUDITOR;
}

bool role_can_manage_tokens(const struct principal *p)
{
    return p->role == ROLE_ADMIN && p->token_id == 0; /* tokens cannot mint tokens */
}

bool role_can_write_tenant(const struct principal *p)
{
    return p->role == ROLE_ADMIN;
}
