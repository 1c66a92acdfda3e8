/* SPDX-License-Identifier: MIT */
/* Every handler of the route table (src/http/routes.c), one file per resource. */
#ifndef MANYI_HTTP_HANDLERS_H
#define MANYI_HTTP_HANDLERS_H

#include "http/http.h"

void h_healthz(struct req *r);
void h_metrics(struct req *r);
void h_roles(struct req *r);

void h_auth_login(struct req *r);
void h_auth_logout(struct req *r);
void h_auth_me(struct req *r);
void h_auth_password(struct req *r);

void h_tenant_get(struct req *r);
void h_tenant_update(struct req *r);

void h_stores_list(struct req *r);
void h_stores_create(struct req *r);
void h_stores_get(struct req *r);
void h_stores_update(struct req *r);
void h_stores_delete(struct req *r);

void h_departments_list(struct req *r);
void h_departments_create(struct req *r);
void h_departments_get(struct req *r);
void h_departments_update(struct req *r);
void h_departments_delete(struct req *r);

void h_employees_list(struct req *r);
void h_employees_create(struct req *r);
void h_employees_get(struct req *r);
void h_employees_update(struct req *r);
void h_employees_delete(struct req *r);

void h_users_list(struct req *r);
void h_users_create(struct req *r);
void h_users_get(struct req *r);
void h_users_update(struct req *r);
void h_users_delete(struct req *r);

void h_tokens_list(struct req *r);
void h_tokens_create(struct req *r);
void h_tokens_delete(struct req *r);

void h_audit_list(struct req *r);

#endif
