/* SPDX-License-Identifier: MIT */
/* Shares with an explicit empty state; see rate.h. */
#include "core/rate.h"

enum mn_status rate_compute(int64_t num, int64_t den, struct rate *out)
{
    *out = (struct rate){0};
    if (num < 0 || den < 0 || num > den)
        return MN_ERR_INVALID;
    out->num = num;
    out->den = den;
    if (den == 0)
        return MN_OK;
    out->defined = true;
    out->pct = 100.0 * (double)num / (double)den;
    return MN_OK;
}
