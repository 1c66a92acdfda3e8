/* SPDX-License-Identifier: MIT */
/* Personal data in survey answers and contact data, shared by every view that returns them (the
 * customer 360° view, a response, a survey's responses and invitations, the export): the free
 * text of answers (text questions, "other" texts) is replaced by PII_TEXT_MASK for roles that
 * do not see personal data (core/role.c: role_sees_pii); a CR agent may ask for it (reveal),
 * staff and auditors may not; every view answered unmasked is one "view_pii" audit entry. */
#include <string.h>

#include "core/pii.h"
#include "service/survey_pii.h"

json_t *survey_answers_view(const char *stored, bool mask, bool *masked, bool *has_text)
{
    json_t *a = stored != NULL ? json_loads(stored, 0, NULL) : NULL;
    if (!json_is_array(a)) {
        json_decref(a);
        return json_array();
    }
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x) {
        json_t *t = json_object_get(x, "text");
        if (!json_is_string(t) || json_string_length(t) == 0)
            continue;
        if (has_text != NULL)
            *has_text = true;
        if (mask) {
            json_object_set_new(x, "text", json_string(PII_TEXT_MASK));
            if (masked != NULL)
                *masked = true;
        }
    }
    return a;
}

enum mn_status pii_view_decide(const struct principal *who, bool reveal, bool *full,
                               bool *may_reveal)
{
    bool sees = role_sees_pii(who);
    /* Like the reveal of a customer's phone: the agents who must call may ask; auditors and
     * staff keep the mask. */
    *may_reveal = sees || who->role == ROLE_CR_AGENT;
    if (reveal && !*may_reveal)
        return MN_ERR_FORBIDDEN;
    *full = sees || reveal;
    return MN_OK;
}

struct view_pii {
    const char *entity;
    int64_t id;
    json_t *after;
};

static enum mn_status view_pii_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct view_pii *v = arg;
    return svc_audit(ctx, "view_pii", v->entity, v->id, NULL, v->after);
}

enum mn_status svc_audit_view_pii(struct svc_ctx *ctx, const char *entity, int64_t id,
                                  json_t *after)
{
    struct view_pii v = {entity, id, after};
    enum mn_status rc = after != NULL ? svc_run_tx(ctx, view_pii_tx, &v, NULL) : MN_ERR_NOMEM;
    json_decref(after);
    return rc;
}
