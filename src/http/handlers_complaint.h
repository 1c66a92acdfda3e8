/* SPDX-License-Identifier: MIT */
/* Handlers of the complaint closed loop (投诉处理闭环). */
#ifndef MANYI_HTTP_HANDLERS_COMPLAINT_H
#define MANYI_HTTP_HANDLERS_COMPLAINT_H

#include "http/http.h"

#endif
