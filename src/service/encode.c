/* SPDX-License-Identifier: MIT */
/* Records → JSON, the one shape both API responses and audit entries use. Secrets (password
 * hashes, token hashes) have no encoder, so they cannot leak through one. */
#include <stdio.h>

#include "core/pii.h"
#include "core/timefmt.h"
#include "service/service.h"

json_t *json_time_or_null(int64_t t)
{
    if (t == 0)
        return json_null();
    char buf[32];
    time_rfc3339(t, buf);
    return json_string(buf);
}

static json_t *id_or_null(int64_t id)
{
    return id != 0 ? json_integer(id) : json_null();
}

json_t *encode_tenant(const struct tenant *t)
{
    return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)t->id, "name", t->name,
                     "timezone", t->timezone, "created_at", json_time_or_null(t->created_at));
}

json_t *encode_store(const struct org_store *s)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "id", (json_int_t)s->id,
                     "code", s->code, "name", s->name, "city", s->city, "address", s->address,
                     "phone", s->phone, "active", s->active, "created_at",
                     json_time_or_null(s->created_at), "updated_at",
                     json_time_or_null(s->updated_at));
}

json_t *encode_department(const struct org_department *d)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:b, s:o, s:o}", "id", (json_int_t)d->id, "store_id",
                     (json_int_t)d->store_id, "name", d->name, "kind", d->kind, "active",
                     d->active, "created_at", json_time_or_null(d->created_at), "updated_at",
                     json_time_or_null(d->updated_at));
}

json_t *encode_employee(const struct org_employee *e, bool mask_pii)
{
    char phone[32], email[260];
    if (mask_pii) {
        pii_mask_phone(e->phone, phone, sizeof phone);
        pii_mask_email(e->email, email, sizeof email);
    } else {
        snprintf(phone, sizeof phone, "%s", e->phone);
        snprintf(email, sizeof email, "%s", e->email);
    }
    return json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "id",
                     (json_int_t)e->id, "store_id", (json_int_t)e->store_id, "department_id",
                     id_or_null(e->department_id), "name", e->name, "employee_no",
                     e->employee_no, "position", e->position, "phone", phone, "email", email,
                     "active", e->active, "created_at", json_time_or_null(e->created_at),
                     "updated_at", json_time_or_null(e->updated_at));
}

json_t *encode_user(const struct user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o}", "id",
                     (json_int_t)u->id, "username", u->username, "display_name", u->display_name,
                     "role", u->role, "store_id", id_or_null(u->store_id), "department_id",
                     id_or_null(u->department_id), "employee_id", id_or_null(u->employee_id),
                     "active", u->active, "created_at", json_time_or_null(u->created_at),
                     "last_login_at", json_time_or_null(u->last_login_at));
}

json_t *encode_token(const struct api_token *t)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)t->id,
                     "name", t->name, "role", t->role, "prefix", t->prefix, "created_by",
                     id_or_null(t->created_by), "created_at", json_time_or_null(t->created_at),
                     "last_used_at", json_time_or_null(t->last_used_at), "revoked_at",
                     json_time_or_null(t->revoked_at));
}

static json_t *parse_or_null(const char *s)
{
    json_t *j = s != NULL ? json_loads(s, 0, NULL) : NULL;
    return j != NULL ? j : json_null();
}

/* Masks personal fields (phone, email) of a record's JSON in place, for roles without PII. */
static void mask_pii_fields(json_t *obj)
{
    json_t *v;
    char buf[260];
    if (!json_is_object(obj))
        return;
    if ((v = json_object_get(obj, "phone")) != NULL && json_is_string(v)) {
        pii_mask_phone(json_string_value(v), buf, sizeof buf);
        json_object_set_new(obj, "phone", json_string(buf));
    }
    if ((v = json_object_get(obj, "email")) != NULL && json_is_string(v)) {
        pii_mask_email(json_string_value(v), buf, sizeof buf);
        json_object_set_new(obj, "email", json_string(buf));
    }
}

json_t *encode_audit(const struct audit_entry *e, bool mask_pii)
{
    json_t *before = parse_or_null(e->before_json), *after = parse_or_null(e->after_json);
    if (mask_pii) {
        mask_pii_fields(before);
        mask_pii_fields(after);
    }
    return json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "id",
                     (json_int_t)e->id, "at", json_time_or_null(e->at), "user_id",
                     id_or_null(e->user_id), "username", e->username, "action", e->action,
                     "entity", e->entity, "entity_id", id_or_null(e->entity_id), "before",
                     before, "after", after, "ip", e->ip);
}
