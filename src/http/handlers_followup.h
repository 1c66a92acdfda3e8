/* SPDX-License-Identifier: MIT */
/* Handlers of customers, business events, follow-up calls (回访管理). */
#ifndef MANYI_HTTP_HANDLERS_FOLLOWUP_H
#define MANYI_HTTP_HANDLERS_FOLLOWUP_H

#include "http/http.h"

/* h_customers.c */
void h_customers_list(struct req *r);
void h_customers_create(struct req *r);
void h_customers_get(struct req *r);
void h_customers_update(struct req *r);
void h_customers_reveal(struct req *r);
void h_customers_overview(struct req *r);
void h_events_list(struct req *r);
void h_events_create(struct req *r);
void h_events_get(struct req *r);

/* h_followup.c */
void h_fu_rules_list(struct req *r);
void h_fu_rules_create(struct req *r);
void h_fu_rules_get(struct req *r);
void h_fu_rules_update(struct req *r);
void h_fu_tasks_list(struct req *r);
void h_fu_tasks_get(struct req *r);
void h_fu_tasks_claim(struct req *r);
void h_fu_tasks_assign(struct req *r);
void h_fu_tasks_call(struct req *r);
void h_fu_tasks_reveal(struct req *r);
void h_fu_tasks_response(struct req *r);
void h_fu_stats(struct req *r);

/* h_followup_import.c */
void h_imports_list(struct req *r);
void h_imports_create(struct req *r);
void h_imports_get(struct req *r);
void h_imports_errors(struct req *r);
void h_import_mapping_get(struct req *r);
void h_import_mapping_update(struct req *r);

/* h_import_upload.c: uploads of import files in parts */
enum { IMPORT_PART_MAX_BYTES = 8 << 20 }; /* a part's body cap (the route's max_body) */
void h_import_uploads_create(struct req *r);
void h_import_uploads_get(struct req *r);
void h_import_uploads_append(struct req *r);

#endif
