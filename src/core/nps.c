/* SPDX-License-Identifier: MIT */
/* NPS classification and aggregation from counts (PRODUCT.md §1: promoters 9-10, passives 7-8,
 * detractors 0-6; NPS = %P - %D). No I/O; the margin of error uses the normal approximation. */
#include "core/nps.h"

#include <math.h>

enum mn_status nps_classify(int score, enum nps_category *out)
{
    if (score < 0 || score > 10)
        return MN_ERR_INVALID;
    if (score >= 9)
        *out = NPS_PROMOTER;
    else if (score >= 7)
        *out = NPS_PASSIVE;
    else
        *out = NPS_DETRACTOR;
    return MN_OK;
}

enum mn_status nps_counts_add(struct nps_counts *c, int score)
{
    enum nps_category cat;
    enum mn_status rc = nps_classify(score, &cat);
    if (rc != MN_OK)
        return rc;
    switch (cat) {
    case NPS_PROMOTER: c->promoters++; break;
    case NPS_PASSIVE: c->passives++; break;
    case NPS_DETRACTOR: c->detractors++; break;
    }
    return MN_OK;
}

enum mn_status nps_compute(const struct nps_counts *c, struct nps_result *out)
{
    *out = (struct nps_result){0};
    if (c->promoters < 0 || c->passives < 0 || c->detractors < 0)
        return MN_ERR_INVALID;
    int64_t n = c->promoters + c->passives + c->detractors;
    out->n = n;
    if (n == 0)
        return MN_OK;
    double dn = (double)n;
    double pp = (double)c->promoters / dn;
    double pd = (double)c->detractors / dn;
    out->defined = true;
    out->promoter_pct = 100.0 * pp;
    out->passive_pct = 100.0 * (double)c->passives / dn;
    out->detractor_pct = 100.0 * pd;
    out->score = 100.0 * (pp - pd);
    double var = (pp + pd) - (pp - pd) * (pp - pd);
    /* Rounding can leave a tiny negative variance when every answer is in one category. */
    if (var < 0.0)
        var = 0.0;
    out->margin_95 = 100.0 * 1.96 * sqrt(var / dn);
    return MN_OK;
}
