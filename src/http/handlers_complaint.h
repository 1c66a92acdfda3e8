/* SPDX-License-Identifier: MIT */
/* Handlers of the complaint closed loop (投诉处理闭环): h_complaint.c (tickets, transitions,
 * CLEAR, notes, timeline, assignees) and h_complaint_more.c (corrective actions, attachments,
 * categories, settings, figures, notifications). */
#ifndef MANYI_HTTP_HANDLERS_COMPLAINT_H
#define MANYI_HTTP_HANDLERS_COMPLAINT_H

#include "http/http.h"

void h_complaints_list(struct req *r);
void h_complaints_create(struct req *r);
void h_complaints_get(struct req *r);
void h_complaints_transition(struct req *r);
void h_complaints_clear(struct req *r);
void h_complaints_note(struct req *r);
void h_complaints_timeline(struct req *r);
void h_complaint_assignees(struct req *r);

void h_complaint_actions_list(struct req *r);
void h_complaint_actions_create(struct req *r);
void h_complaint_actions_update(struct req *r);
void h_corrective_actions_list(struct req *r);

void h_complaint_attachments_list(struct req *r);
void h_complaint_attachments_upload(struct req *r);
void h_complaint_attachments_get(struct req *r);

void h_complaint_categories_list(struct req *r);
void h_complaint_categories_create(struct req *r);
void h_complaint_categories_update(struct req *r);
void h_complaint_settings_get(struct req *r);
void h_complaint_settings_update(struct req *r);
void h_complaint_stats(struct req *r);

void h_notifications_list(struct req *r);
void h_notifications_read(struct req *r);

#endif
