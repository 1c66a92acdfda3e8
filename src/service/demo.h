/* SPDX-License-Identifier: MIT */
/* The demo organisation, handed to each capability's demo loader so that it can add realistic
 * data of its own (customers and events, surveys and answers, complaints …). */
#ifndef MANYI_SERVICE_DEMO_H
#define MANYI_SERVICE_DEMO_H

#include "service/service.h"

enum { DEMO_STORES = 2, DEMO_DEPTS = 4, DEMO_MAX_EMPLOYEES = 32 };
enum demo_dept { DEMO_SALES = 0, DEMO_AFTER_SALES = 1, DEMO_CR = 2, DEMO_ADMIN = 3 };

struct demo_org {
    int64_t tenant_id;
    int64_t store_ids[DEMO_STORES];
    int64_t dept_ids[DEMO_STORES][DEMO_DEPTS];
    /* employees in the order loaded, with their store index and department kind */
    size_t n_employees;
    struct {
        int64_t id, user_id; /* user_id 0 = no account */
        int store;
        enum demo_dept dept;
        const char *position;
    } employees[DEMO_MAX_EMPLOYEES];
};

/* A capability's demo loader: ctx acts as the demo tenant's admin. */
typedef enum mn_status (*demo_fn)(struct svc_ctx *ctx, const struct demo_org *org,
                                  struct mn_error *err);

#endif
