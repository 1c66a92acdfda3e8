/* SPDX-License-Identifier: MIT */
/* The whole API and who may call it, at a glance. Role checks beyond "authenticated" live in
 * service/ (they depend on the object's store and department). docs/api/openapi.yaml must list
 * every route here; tests/api/openapi.test.mjs checks it against `manyi routes`. */
#include "http/handlers.h"
#include "http/handlers_complaint.h"
#include "http/handlers_followup.h"
#include "http/handlers_survey.h"

const struct route routes[] = {
    {"GET", "/healthz", h_healthz, R_PUBLIC, 0},
    {"GET", "/metrics", h_metrics, R_PUBLIC, 0},

    {"POST", "/api/v1/auth/login", h_auth_login, R_BODY, 16 << 10},
    {"POST", "/api/v1/auth/logout", h_auth_logout, R_AUTH | R_SESSION, 0},
    {"GET", "/api/v1/auth/me", h_auth_me, R_AUTH, 0},
    {"POST", "/api/v1/auth/password", h_auth_password, R_AUTH | R_SESSION | R_BODY, 16 << 10},

    {"GET", "/api/v1/tenant", h_tenant_get, R_AUTH, 0},
    {"PATCH", "/api/v1/tenant", h_tenant_update, R_AUTH | R_BODY, 0},
    {"GET", "/api/v1/roles", h_roles, R_AUTH, 0},

    {"GET", "/api/v1/stores", h_stores_list, R_AUTH, 0},
    {"POST", "/api/v1/stores", h_stores_create, R_AUTH | R_BODY, 0},
    {"GET", "/api/v1/stores/{id}", h_stores_get, R_AUTH, 0},
    {"PATCH", "/api/v1/stores/{id}", h_stores_update, R_AUTH | R_BODY, 0},
    {"DELETE", "/api/v1/stores/{id}", h_stores_delete, R_AUTH, 0},

    {"GET", "/api/v1/departments", h_departments_list, R_AUTH, 0},
    {"POST", "/api/v1/departments", h_departments_create, R_AUTH | R_BODY, 0},
    {"GET", "/api/v1/departments/{id}", h_departments_get, R_AUTH, 0},
    {"PATCH", "/api/v1/departments/{id}", h_departments_update, R_AUTH | R_BODY, 0},
    {"DELETE", "/api/v1/departments/{id}", h_departments_delete, R_AUTH, 0},

    {"GET", "/api/v1/employees", h_employees_list, R_AUTH, 0},
    {"POST", "/api/v1/employees", h_employees_create, R_AUTH | R_BODY, 0},
    {"GET", "/api/v1/employees/{id}", h_employees_get, R_AUTH, 0},
    {"PATCH", "/api/v1/employees/{id}", h_employees_update, R_AUTH | R_BODY, 0},
    {"DELETE", "/api/v1/employees/{id}", h_employees_delete, R_AUTH, 0},

    {"GET", "/api/v1/users", h_users_list, R_AUTH, 0},
    {"POST", "/api/v1/users", h_users_create, R_AUTH | R_BODY, 0},
    {"GET", "/api/v1/users/{id}", h_users_get, R_AUTH, 0},
    {"PATCH", "/api/v1/users/{id}", h_users_update, R_AUTH | R_BODY, 0},
    {"DELETE", "/api/v1/users/{id}", h_users_delete, R_AUTH, 0},

    {"GET", "/api/v1/tokens", h_tokens_list, R_AUTH, 0},
    {"POST", "/api/v1/tokens", h_tokens_create, R_AUTH | R_BODY, 0},
    {"DELETE", "/api/v1/tokens/{id}", h_tokens_delete, R_AUTH, 0},

    {"GET", "/api/v1/audit", h_audit_list, R_AUTH, 0},

/* each capability lists its routes in its own file */
#include "http/routes_followup.inc"
#include "http/routes_survey.inc"
#include "http/routes_complaint.inc"
};

const size_t n_routes = sizeof routes / sizeof routes[0];
