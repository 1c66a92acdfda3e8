/* SPDX-License-Identifier: MIT */
/* The roles of PRODUCT.md ("Who uses it") and what each may see and change in the organisation.
 * docs/api/README.md has the same table for people; this file is the one the server obeys. */
#ifndef MANYI_CORE_ROLE_H
#define MANYI_CORE_ROLE_H

#include <stdbool.h>
#include <stdint.h>

enum role {
    ROLE_NONE = 0,
    ROLE_ADMIN,
    ROLE_STORE_MANAGER,
    ROLE_DEPT_MANAGER,
    ROLE_CR_AGENT,
    ROLE_STAFF,
    ROLE_AUDITOR,
};
enum { ROLE_COUNT = ROLE_AUDITOR + 1 };

/* What a role's scope is anchored to. */
enum role_scope { SCOPE_TENANT, SCOPE_STORE, SCOPE_DEPARTMENT };

/* "admin" → ROLE_ADMIN …; unknown or NULL → ROLE_NONE. */
enum role role_parse(const char *s);
const char *role_code(enum role r);     /* "admin", … ("" for ROLE_NONE) */
const char *role_label_zh(enum role r); /* 系统管理员, … */
enum role_scope role_scope_of(enum role r);

/* Whether users of this role need a store / a department to be set. */
bool role_needs_store(enum role r);
bool role_needs_department(enum role r);

/* The caller: who is acting, and the anchor of their scope. 0 = not set. */
struct principal {
    int64_t tenant_id;
    int64_t user_id;     /* 0 for an API token */
    int64_t token_id;    /* 0 for a session */
    enum role role;
    int64_t store_id;
    int64_t department_id;
    char username[72];
};

/* Visibility of an object located at (store_id, department_id); 0 department = store-level. */
bool role_can_see(const struct principal *p, int64_t store_id, int64_t department_id);
/* Whether the principal sees personal data (phone, email) in full. */
bool role_sees_pii(const struct principal *p);

/* Follow-up tasks (回访任务): a task is worked by the users of its role — the store's CR agents
 * (cr_agent), or the staff or the department manager of the task's store and department — and
 * lies at (store_id, department_id 0 = none) with its assignee (0 = in the pool). */
struct role_task {
    enum role worker;
    int64_t store_id, department_id, assignee_id;
};
/* Roles whose users may be given follow-up tasks: cr_agent, staff, dept_manager. */
bool role_takes_tasks(enum role r);
/* Whether p sees the task: admin and auditor every task; a store manager the store's; a CR
 * agent the store's CR tasks; staff and department managers the tasks of their role in their
 * store and department that are in the pool or theirs. */
bool role_sees_task(const struct principal *p, const struct role_task *t);
/* Whether p works the task (claims it, calls, reveals the customer's number for the call,
 * enters the survey): a user of the task's role who sees it. */
bool role_works_task(const struct principal *p, const struct role_task *t);

/* Organisation writes (contract: docs/api/README.md, "Roles and scopes"). */
bool role_can_write_stores(const struct principal *p);
bool role_can_write_department(const struct principal *p, int64_t store_id);
bool role_can_write_employee(const struct principal *p, int64_t store_id, int64_t department_id);
bool role_can_read_users(const struct principal *p);
bool role_can_write_users(const struct principal *p);
bool role_can_read_audit(const struct principal *p);
bool role_can_manage_tokens(const struct principal *p);
bool role_can_write_tenant(const struct principal *p);

#endif
