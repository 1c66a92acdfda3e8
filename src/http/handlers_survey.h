/* SPDX-License-Identifier: MIT */
/* Handlers of surveys and feedback collection (客户信息反馈系统). */
#ifndef MANYI_HTTP_HANDLERS_SURVEY_H
#define MANYI_HTTP_HANDLERS_SURVEY_H

#include "http/http.h"

void h_survey_templates(struct req *r);
void h_surveys_list(struct req *r);
void h_surveys_create(struct req *r);
void h_surveys_get(struct req *r);
void h_surveys_update(struct req *r);
void h_surveys_delete(struct req *r);
void h_surveys_publish(struct req *r);
void h_survey_version_get(struct req *r);
void h_survey_figures(struct req *r);
void h_survey_channels(struct req *r);
void h_survey_rebuild(struct req *r);
void h_survey_import(struct req *r);
void h_responses_list(struct req *r);
void h_responses_create(struct req *r);
void h_responses_get(struct req *r);
void h_invitations_list(struct req *r);
void h_invitations_create(struct req *r);
void h_invitation_revoke(struct req *r);
void h_links_list(struct req *r);
void h_links_create(struct req *r);
void h_link_qr(struct req *r);

void h_public_invitation_get(struct req *r);
void h_public_invitation_partial(struct req *r);
void h_public_invitation_submit(struct req *r);
void h_public_invitation_optout(struct req *r);
void h_public_link_get(struct req *r);
void h_public_link_submit(struct req *r);

#endif
