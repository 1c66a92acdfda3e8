/* SPDX-License-Identifier: MIT */
/* Unit tests for core/role's follow-up task predicates (role_takes_tasks, role_sees_task,
 * role_works_task): who sees a task of each role in each place, and who works it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/role.h"

enum { T = 1, S1 = 10, S2 = 20, D1 = 101, D1B = 102, ME = 500, OTHER = 501 };

static struct principal who(enum role r, int64_t store, int64_t dept, int64_t user)
{
    return (struct principal){.tenant_id = T, .user_id = user, .role = r, .store_id = store,
                              .department_id = dept};
}

static struct role_task task(enum role worker, int64_t store, int64_t dept, int64_t assignee)
{
    return (struct role_task){worker, store, dept, assignee};
}

static void test_takes_tasks(void **state)
{
    (void)state;
    assert_true(role_takes_tasks(ROLE_CR_AGENT));
    assert_true(role_takes_tasks(ROLE_STAFF));
    assert_true(role_takes_tasks(ROLE_DEPT_MANAGER));
    assert_false(role_takes_tasks(ROLE_ADMIN));
    assert_false(role_takes_tasks(ROLE_STORE_MANAGER));
    assert_false(role_takes_tasks(ROLE_AUDITOR));
    assert_false(role_takes_tasks(ROLE_NONE));
}

static void test_tenant_and_store_roles(void **state)
{
    (void)state;
    struct role_task staff_pool = task(ROLE_STAFF, S1, D1, 0);
    struct role_task cr_mine = task(ROLE_CR_AGENT, S1, 0, ME);
    const enum role tenant_wide[] = {ROLE_ADMIN, ROLE_AUDITOR};
    for (size_t i = 0; i < 2; i++) {
        struct principal p = who(tenant_wide[i], 0, 0, ME);
        assert_true(role_sees_task(&p, &staff_pool));
        assert_true(role_sees_task(&p, &cr_mine));
        assert_false(role_works_task(&p, &staff_pool)); /* they do not take tasks */
        assert_false(role_works_task(&p, &cr_mine));
    }
    struct principal sm = who(ROLE_STORE_MANAGER, S1, 0, ME);
    assert_true(role_sees_task(&sm, &staff_pool));
    assert_true(role_sees_task(&sm, &cr_mine));
    struct role_task s2 = task(ROLE_STAFF, S2, 0, 0);
    assert_false(role_sees_task(&sm, &s2));
    assert_false(role_works_task(&sm, &staff_pool));
    struct principal none = who(ROLE_NONE, S1, D1, ME);
    assert_false(role_sees_task(&none, &staff_pool));
}

static void test_cr_agent(void **state)
{
    (void)state;
    struct principal cr = who(ROLE_CR_AGENT, S1, 0, ME);
    struct role_task own = task(ROLE_CR_AGENT, S1, D1, 0); /* a CR task may have a department */
    struct role_task colleague = task(ROLE_CR_AGENT, S1, 0, OTHER);
    assert_true(role_sees_task(&cr, &own));
    assert_true(role_works_task(&cr, &own));
    assert_true(role_sees_task(&cr, &colleague)); /* the store's queue, as before roles */
    struct role_task other_store = task(ROLE_CR_AGENT, S2, 0, 0);
    assert_false(role_sees_task(&cr, &other_store));
    struct role_task staffs = task(ROLE_STAFF, S1, D1, 0);
    assert_false(role_sees_task(&cr, &staffs));
    assert_false(role_works_task(&cr, &staffs));
}

static void test_department_roles(void **state)
{
    (void)state;
    struct principal st = who(ROLE_STAFF, S1, D1, ME);
    struct role_task pool = task(ROLE_STAFF, S1, D1, 0), mine = task(ROLE_STAFF, S1, D1, ME);
    assert_true(role_sees_task(&st, &pool));
    assert_true(role_works_task(&st, &pool));
    assert_true(role_sees_task(&st, &mine));
    assert_true(role_works_task(&st, &mine));
    const struct role_task hidden[] = {
        task(ROLE_STAFF, S1, D1, OTHER),        /* a colleague's */
        task(ROLE_STAFF, S1, D1B, 0),           /* another department's pool */
        task(ROLE_STAFF, S2, D1, 0),            /* another store (inconsistent data) */
        task(ROLE_STAFF, S1, 0, 0),             /* no department */
        task(ROLE_DEPT_MANAGER, S1, D1, 0),     /* another role's */
        task(ROLE_CR_AGENT, S1, D1, 0),
    };
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        assert_false(role_sees_task(&st, &hidden[i]));
        assert_false(role_works_task(&st, &hidden[i]));
    }
    struct principal dm = who(ROLE_DEPT_MANAGER, S1, D1, ME);
    struct role_task dm_pool = task(ROLE_DEPT_MANAGER, S1, D1, 0);
    assert_true(role_works_task(&dm, &dm_pool));
    assert_false(role_sees_task(&dm, &pool));
    /* without a department, or as a token (no user): nothing of their own */
    struct principal nodept = who(ROLE_STAFF, S1, 0, ME);
    struct role_task nodept_task = task(ROLE_STAFF, S1, 0, 0);
    assert_false(role_sees_task(&nodept, &nodept_task));
    struct principal token = who(ROLE_STAFF, S1, D1, 0);
    assert_true(role_sees_task(&token, &pool));
    struct role_task unowned = task(ROLE_STAFF, S1, D1, OTHER);
    assert_false(role_sees_task(&token, &unowned));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_takes_tasks),
        cmocka_unit_test(test_tenant_and_store_roles),
        cmocka_unit_test(test_cr_agent),
        cmocka_unit_test(test_department_roles),
    };
    return cmocka_run_group_tests_name("core/role: follow-up tasks", tests, NULL, NULL);
}
