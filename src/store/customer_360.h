/* SPDX-License-Identifier: MIT */
/* The customer 360° view's reads from other capabilities' tables: a customer's survey responses
 * (db/migrations/0005_surveys.sql, survey_responses.customer_id) with the survey's name, and the
 * customer's complaint tickets (0006_complaints.sql, tickets.customer_id) with their category.
 * Read-only. Every query filters by the tenant, and by the caller's scope as the service passes
 * it (0 = any): store, and for department-scoped roles the department. Newest first. */
#ifndef MANYI_STORE_CUSTOMER_360_H
#define MANYI_STORE_CUSTOMER_360_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct c360_response {
    int64_t id, survey_id, version;
    char survey_name[404];
    char channel[12];
    int64_t event_id, followup_task_id, store_id, department_id; /* 0 = none */
    char day[11];
    char *answers_json; /* owned */
    int has_nps;
    int64_t nps_score, nps_category, rated_n, top2_n, alert;
    char *derived_json; /* owned */
    int64_t submitted_at;
};
void c360_responses_free(struct c360_response *items, size_t n);

/* Responses with customer_id = customer_id. store_id != 0: only that store's. department_id
 * != 0: only store-level responses (no department) and that department's — the visibility of
 * GET /api/v1/survey-responses/{id} (core role_can_see). At most limit rows; [out] items
 * (c360_responses_free), n. */
enum mn_status c360_responses_list(struct db *db, int64_t tenant_id, int64_t customer_id,
                                   int64_t store_id, int64_t department_id, int limit,
                                   struct c360_response **items, size_t *n);

struct c360_complaint {
    int64_t id, store_id, department_id, event_id, followup_task_id, category_id; /* 0 = none */
    char category_code[64];
    char category_name[204];
    char source[16];
    char severity[12];
    char state[20];
    char title[404];
    int64_t created_at, closed_at; /* closed_at 0 = open */
};

/* Tickets with customer_id = customer_id. store_id != 0: only that store's. department_id != 0:
 * only tickets routed to that department (a department sees no store-level ticket, as in the
 * complaint capability). At most limit rows; [out] items (free()), n. */
enum mn_status c360_complaints_list(struct db *db, int64_t tenant_id, int64_t customer_id,
                                    int64_t store_id, int64_t department_id, int limit,
                                    struct c360_complaint **items, size_t *n);

#endif
