/* SPDX-License-Identifier: MIT */
/* A share of a count (numerator over denominator) with an explicit "undefined" state for an
 * empty denominator. Used by every rate figure (CSAT, call and complaint statistics) so that no
 * caller divides by zero or shows 0 % for "no data". */
#ifndef MANYI_CORE_RATE_H
#define MANYI_CORE_RATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct rate {
    int64_t num;  /* items that qualify */
    int64_t den;  /* items considered */
    bool defined; /* false when den == 0; pct is then 0 */
    double pct;   /* 100 * num / den */
};

/* Fills out. MN_ERR_INVALID (out zeroed, undefined) when num or den is negative or num > den,
 * since a share cannot exceed 100 %. den == 0 is MN_OK with defined = false. */
enum mn_status rate_compute(int64_t num, int64_t den, struct rate *out);

#endif
