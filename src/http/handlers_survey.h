/* SPDX-License-Identifier: MIT */
/* Handlers of surveys and feedback collection (客户信息反馈系统). */
#ifndef MANYI_HTTP_HANDLERS_SURVEY_H
#define MANYI_HTTP_HANDLERS_SURVEY_H

#include "http/http.h"

#endif
