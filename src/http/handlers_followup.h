/* SPDX-License-Identifier: MIT */
/* Handlers of customers, business events, follow-up calls (回访管理). */
#ifndef MANYI_HTTP_HANDLERS_FOLLOWUP_H
#define MANYI_HTTP_HANDLERS_FOLLOWUP_H

#include "http/http.h"

#endif
