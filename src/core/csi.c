/* SPDX-License-Identifier: MIT */
/* Weighted CSI/SSI index (PRODUCT.md §1). Pure arithmetic; weights are normalised here, so the
 * configuration may store percentages or any relative numbers. */
#include "core/csi.h"

enum mn_status csi_rescale(double mean, int min, int max, double scale, double *out)
{
    if (max <= min || !(scale > 0.0))
        return MN_ERR_INVALID;
    if (!(mean >= (double)min && mean <= (double)max))
        return MN_ERR_INVALID;
    *out = (mean - (double)min) / (double)(max - min) * scale;
    return MN_OK;
}

enum mn_status csi_factor_score(const struct csi_factor *f, double scale, double *score,
                                bool *defined)
{
    double wsum = 0.0, acc = 0.0;
    bool any = false;
    *score = 0.0;
    *defined = false;
    for (size_t i = 0; i < f->n_items; i++) {
        const struct csi_item *it = &f->items[i];
        if (!(it->weight >= 0.0) || it->n < 0)
            return MN_ERR_INVALID;
        if (it->n == 0)
            continue;
        double r;
        enum mn_status rc = csi_rescale(it->sum / (double)it->n, it->scale_min, it->scale_max,
                                        scale, &r);
        if (rc != MN_OK)
            return rc;
        any = true;
        wsum += it->weight;
        acc += it->weight * r;
    }
    if (!any)
        return MN_OK;
    if (!(wsum > 0.0))
        return MN_ERR_INVALID;
    *score = acc / wsum;
    *defined = true;
    return MN_OK;
}

enum mn_status csi_compute(const struct csi_factor *factors, size_t n_factors, double scale,
                           struct csi_result *out)
{
    *out = (struct csi_result){0};
    if (scale != 100.0 && scale != 1000.0)
        return MN_ERR_INVALID;
    double wsum = 0.0, acc = 0.0;
    bool complete = true;
    size_t used = 0;
    for (size_t i = 0; i < n_factors; i++) {
        const struct csi_factor *f = &factors[i];
        if (!(f->weight >= 0.0))
            return MN_ERR_INVALID;
        double s;
        bool def;
        enum mn_status rc = csi_factor_score(f, scale, &s, &def);
        if (rc != MN_OK)
            return rc;
        for (size_t j = 0; j < f->n_items; j++)
            complete = complete && f->items[j].n > 0;
        if (!def)
            continue;
        used++;
        wsum += f->weight;
        acc += f->weight * s;
    }
    if (used == 0)
        return MN_OK;
    if (!(wsum > 0.0))
        return MN_ERR_INVALID;
    out->defined = true;
    out->complete = complete;
    out->index = acc / wsum;
    out->factors_used = used;
    return MN_OK;
}
