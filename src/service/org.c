/* SPDX-License-Identifier: MIT */
/* Use cases of the organisation tree: the tenant, stores, departments and employees. Each
 * write validates the whole record after applying the request's fields, checks the role and
 * scope, and logs before/after to the audit log in the same transaction. */
#include <stdlib.h>
#include <string.h>

#include "core/pii.h"
#include "core/text.h"
#include "io/tz.h"
#include "service/service.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

static enum mn_status check_text(const char *field, const char *s, long min, long max,
                                 struct mn_error *err)
{
    return text_check(field, s, strlen(s), min, max, false, err);
}

/* Objects outside the caller's scope answer "not found", exactly like another tenant's. */
static enum mn_status visible(const struct svc_ctx *ctx, int64_t store_id, int64_t dept_id)
{
    return role_can_see(&ctx->who, store_id, dept_id) ? MN_OK : MN_ERR_NOT_FOUND;
}

/* Narrows a list query to the caller's scope. */
static void scope_query(const struct svc_ctx *ctx, struct list_query *q, bool dept_level)
{
    switch (role_scope_of(ctx->who.role)) {
    case SCOPE_TENANT:
        break;
    case SCOPE_STORE:
        q->store_id = ctx->who.store_id;
        break;
    case SCOPE_DEPARTMENT:
        q->store_id = ctx->who.store_id;
        if (dept_level)
            q->department_id = ctx->who.department_id;
        break;
    }
}

/* --- tenant ---------------------------------------------------------------------------------- */

enum mn_status svc_tenant_get(struct svc_ctx *ctx, struct tenant *out)
{
    return tenants_get(ctx->db, ctx->who.tenant_id, out);
}

struct tenant_tx { const struct tenant *in; uint32_t set; struct tenant *out; };

static enum mn_status tenant_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct tenant_tx *t = arg;
    struct tenant before;
    CHECK(tenants_get(ctx->db, ctx->who.tenant_id, &before));
    *t->out = before;
    if (t->set & F_NAME)
        memcpy(t->out->name, t->in->name, sizeof t->out->name);
    if (t->set & F_TIMEZONE)
        memcpy(t->out->timezone, t->in->timezone, sizeof t->out->timezone);
    CHECK(check_text("name", t->out->name, 1, 100, err));
    CHECK(check_text("timezone", t->out->timezone, 1, 63, err));
    if (!tz_exists(t->out->timezone))
        return mn_fail(err, MN_ERR_INVALID, "timezone", "must be an IANA zone such as Asia/Shanghai");
    CHECK(tenants_update(ctx->db, t->out));
    json_t *b = encode_tenant(&before), *a = encode_tenant(t->out);
    enum mn_status rc = svc_audit(ctx, "update", "tenant", before.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_tenant_update(struct svc_ctx *ctx, const struct tenant *in, uint32_t set,
                                 struct tenant *out, struct mn_error *err)
{
    if (!role_can_write_tenant(&ctx->who))
        return MN_ERR_FORBIDDEN;
    struct tenant_tx t = {in, set, out};
    return svc_run_tx(ctx, tenant_update_tx, &t, err);
}

/* --- stores ---------------------------------------------------------------------------------- */

static enum mn_status validate_store(const struct org_store *s, struct mn_error *err)
{
    CHECK(check_text("code", s->code, 1, 32, err));
    if (!text_is_token(s->code, "_-"))
        return mn_fail(err, MN_ERR_INVALID, "code", "may only contain letters, digits, _ and -");
    CHECK(check_text("name", s->name, 1, 100, err));
    CHECK(check_text("city", s->city, 0, 100, err));
    CHECK(check_text("address", s->address, 0, 200, err));
    CHECK(check_text("phone", s->phone, 0, 32, err));
    return MN_OK;
}

static void apply_store(struct org_store *dst, const struct store_input *in)
{
    const struct org_store *v = &in->v;
    if (in->set & F_CODE) memcpy(dst->code, v->code, sizeof dst->code);
    if (in->set & F_NAME) memcpy(dst->name, v->name, sizeof dst->name);
    if (in->set & F_CITY) memcpy(dst->city, v->city, sizeof dst->city);
    if (in->set & F_ADDRESS) memcpy(dst->address, v->address, sizeof dst->address);
    if (in->set & F_PHONE) memcpy(dst->phone, v->phone, sizeof dst->phone);
    if (in->set & F_ACTIVE) dst->active = v->active;
}

static enum mn_status conflict_or(enum mn_status rc, const char *field, const char *hint,
                                  struct mn_error *err)
{
    return rc == MN_ERR_CONFLICT ? mn_fail(err, MN_ERR_CONFLICT, field, "%s", hint) : rc;
}

struct store_tx { int64_t id; struct store_input *in; struct org_store *out; };

static enum mn_status store_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct store_tx *t = arg;
    struct org_store s = {.tenant_id = ctx->who.tenant_id, .active = 1};
    apply_store(&s, t->in);
    CHECK(validate_store(&s, err));
    CHECK(conflict_or(stores_insert(ctx->db, &s), "code", "is already used by another store", err));
    *t->out = s;
    json_t *a = encode_store(&s);
    enum mn_status rc = svc_audit(ctx, "create", "store", s.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_store_create(struct svc_ctx *ctx, struct store_input *in,
                                struct org_store *out, struct mn_error *err)
{
    if (!role_can_write_stores(&ctx->who))
        return MN_ERR_FORBIDDEN;
    if (!(in->set & F_CODE))
        return mn_fail(err, MN_ERR_INVALID, "code", "is required");
    if (!(in->set & F_NAME))
        return mn_fail(err, MN_ERR_INVALID, "name", "is required");
    struct store_tx t = {0, in, out};
    return svc_run_tx(ctx, store_create_tx, &t, err);
}

enum mn_status svc_store_get(struct svc_ctx *ctx, int64_t id, struct org_store *out)
{
    CHECK(stores_get(ctx->db, ctx->who.tenant_id, id, out));
    return visible(ctx, out->id, 0);
}

static enum mn_status store_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct store_tx *t = arg;
    struct org_store before, s;
    CHECK(svc_store_get(ctx, t->id, &before));
    if (!role_can_write_stores(&ctx->who))
        return MN_ERR_FORBIDDEN;
    s = before;
    apply_store(&s, t->in);
    CHECK(validate_store(&s, err));
    CHECK(conflict_or(stores_update(ctx->db, &s), "code", "is already used by another store", err));
    *t->out = s;
    json_t *b = encode_store(&before), *a = encode_store(&s);
    enum mn_status rc = svc_audit(ctx, (t->in->set == F_ACTIVE && !s.active) ? "delete" : "update",
                                  "store", s.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_store_update(struct svc_ctx *ctx, int64_t id, struct store_input *in,
                                struct org_store *out, struct mn_error *err)
{
    struct store_tx t = {id, in, out};
    return svc_run_tx(ctx, store_update_tx, &t, err);
}

enum mn_status svc_store_deactivate(struct svc_ctx *ctx, int64_t id)
{
    struct store_input in = {.v = {.active = 0}, .set = F_ACTIVE};
    struct org_store out;
    return svc_store_update(ctx, id, &in, &out, NULL);
}

enum mn_status svc_store_list(struct svc_ctx *ctx, struct list_query *q, struct org_store **items,
                              size_t *n)
{
    scope_query(ctx, q, false);
    return stores_list(ctx->db, ctx->who.tenant_id, q, items, n);
}

/* --- departments ----------------------------------------------------------------------------- */

static const char *const dept_kinds[] = {"sales", "after_sales", "cr", "admin", "other"};

static enum mn_status validate_department(struct svc_ctx *ctx, const struct org_department *d,
                                          struct mn_error *err)
{
    CHECK(check_text("name", d->name, 1, 100, err));
    bool kind_ok = false;
    for (size_t i = 0; i < sizeof dept_kinds / sizeof dept_kinds[0]; i++)
        kind_ok |= strcmp(d->kind, dept_kinds[i]) == 0;
    if (!kind_ok)
        return mn_fail(err, MN_ERR_INVALID, "kind",
                       "must be one of sales, after_sales, cr, admin, other");
    struct org_store s;
    enum mn_status rc = svc_store_get(ctx, d->store_id, &s);
    if (rc == MN_ERR_NOT_FOUND)
        return mn_fail(err, MN_ERR_INVALID, "store_id", "no such store");
    return rc;
}

static void apply_department(struct org_department *dst, const struct department_input *in)
{
    if (in->set & F_STORE_ID) dst->store_id = in->v.store_id;
    if (in->set & F_NAME) memcpy(dst->name, in->v.name, sizeof dst->name);
    if (in->set & F_KIND) memcpy(dst->kind, in->v.kind, sizeof dst->kind);
    if (in->set & F_ACTIVE) dst->active = in->v.active;
}

struct dept_tx { int64_t id; struct department_input *in; struct org_department *out; };

static enum mn_status department_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct dept_tx *t = arg;
    struct org_department d = {.tenant_id = ctx->who.tenant_id, .active = 1};
    snprintf(d.kind, sizeof d.kind, "other");
    apply_department(&d, t->in);
    CHECK(validate_department(ctx, &d, err));
    if (!role_can_write_department(&ctx->who, d.store_id))
        return MN_ERR_FORBIDDEN;
    CHECK(conflict_or(departments_insert(ctx->db, &d), "name",
                      "is already used by another department of this store", err));
    *t->out = d;
    json_t *a = encode_department(&d);
    enum mn_status rc = svc_audit(ctx, "create", "department", d.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_department_create(struct svc_ctx *ctx, struct department_input *in,
                                     struct org_department *out, struct mn_error *err)
{
    if (ctx->who.role != ROLE_ADMIN && ctx->who.role != ROLE_STORE_MANAGER)
        return MN_ERR_FORBIDDEN;
    if (!(in->set & F_STORE_ID))
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is required");
    if (!(in->set & F_NAME))
        return mn_fail(err, MN_ERR_INVALID, "name", "is required");
    struct dept_tx t = {0, in, out};
    return svc_run_tx(ctx, department_create_tx, &t, err);
}

enum mn_status svc_department_get(struct svc_ctx *ctx, int64_t id, struct org_department *out)
{
    CHECK(departments_get(ctx->db, ctx->who.tenant_id, id, out));
    return visible(ctx, out->store_id, out->id);
}

static enum mn_status department_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct dept_tx *t = arg;
    struct org_department before, d;
    CHECK(svc_department_get(ctx, t->id, &before));
    if (!role_can_write_department(&ctx->who, before.store_id))
        return MN_ERR_FORBIDDEN;
    d = before;
    apply_department(&d, t->in);
    CHECK(validate_department(ctx, &d, err));
    if (!role_can_write_department(&ctx->who, d.store_id))
        return MN_ERR_FORBIDDEN;
    CHECK(conflict_or(departments_update(ctx->db, &d), "name",
                      "is already used by another department of this store", err));
    *t->out = d;
    json_t *b = encode_department(&before), *a = encode_department(&d);
    enum mn_status rc = svc_audit(ctx, (t->in->set == F_ACTIVE && !d.active) ? "delete" : "update",
                                  "department", d.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_department_update(struct svc_ctx *ctx, int64_t id,
                                     struct department_input *in, struct org_department *out,
                                     struct mn_error *err)
{
    struct dept_tx t = {id, in, out};
    return svc_run_tx(ctx, department_update_tx, &t, err);
}

enum mn_status svc_department_deactivate(struct svc_ctx *ctx, int64_t id)
{
    struct department_input in = {.v = {.active = 0}, .set = F_ACTIVE};
    struct org_department out;
    return svc_department_update(ctx, id, &in, &out, NULL);
}

enum mn_status svc_department_list(struct svc_ctx *ctx, struct list_query *q,
                                   struct org_department **items, size_t *n)
{
    scope_query(ctx, q, true);
    return departments_list(ctx->db, ctx->who.tenant_id, q, items, n);
}

/* --- employees ------------------------------------------------------------------------------- */

static enum mn_status validate_employee(struct svc_ctx *ctx, struct org_employee *e,
                                        struct mn_error *err)
{
    CHECK(check_text("name", e->name, 1, 100, err));
    CHECK(check_text("employee_no", e->employee_no, 0, 32, err));
    CHECK(check_text("position", e->position, 0, 100, err));
    CHECK(check_text("email", e->email, 0, 254, err));
    if (e->email[0] != '\0' && !pii_email_valid(e->email))
        return mn_fail(err, MN_ERR_INVALID, "email", "is not an e-mail address");
    struct org_store s;
    enum mn_status rc = stores_get(ctx->db, ctx->who.tenant_id, e->store_id, &s);
    if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && !role_can_see(&ctx->who, s.id, 0)))
        return mn_fail(err, MN_ERR_INVALID, "store_id", "no such store");
    if (rc != MN_OK)
        return rc;
    if (e->department_id != 0) {
        struct org_department d;
        rc = departments_get(ctx->db, ctx->who.tenant_id, e->department_id, &d);
        if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && !role_can_see(&ctx->who, d.store_id, d.id)))
            return mn_fail(err, MN_ERR_INVALID, "department_id", "no such department");
        if (rc != MN_OK)
            return rc;
        if (d.store_id != e->store_id)
            return mn_fail(err, MN_ERR_INVALID, "department_id",
                           "belongs to another store than store_id");
    }
    return MN_OK;
}

/* phone arrives raw in employee_input.phone_raw and is normalised by set_phone */
static void apply_employee(struct org_employee *dst, const struct employee_input *in)
{
    const struct org_employee *v = &in->v;
    if (in->set & F_STORE_ID) dst->store_id = v->store_id;
    if (in->set & F_DEPARTMENT_ID) dst->department_id = v->department_id;
    if (in->set & F_NAME) memcpy(dst->name, v->name, sizeof dst->name);
    if (in->set & F_EMPLOYEE_NO) memcpy(dst->employee_no, v->employee_no, sizeof dst->employee_no);
    if (in->set & F_POSITION) memcpy(dst->position, v->position, sizeof dst->position);
    if (in->set & F_EMAIL) memcpy(dst->email, v->email, sizeof dst->email);
    if (in->set & F_ACTIVE) dst->active = v->active;
}

struct emp_tx { int64_t id; struct employee_input *in; const char *phone; struct org_employee *out; };

static enum mn_status set_phone(struct org_employee *e, const char *raw, struct mn_error *err)
{
    if (raw == NULL)
        return MN_OK;
    if (raw[0] == '\0') {
        e->phone[0] = '\0';
        return MN_OK;
    }
    char norm[12];
    if (!pii_cn_mobile_normalize(raw, norm))
        return mn_fail(err, MN_ERR_INVALID, "phone",
                       "must be a mainland mobile number such as 13812345678");
    memcpy(e->phone, norm, sizeof norm);
    return MN_OK;
}

static enum mn_status employee_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct emp_tx *t = arg;
    struct org_employee e = {.tenant_id = ctx->who.tenant_id, .active = 1};
    apply_employee(&e, t->in);
    CHECK(set_phone(&e, t->phone, err));
    CHECK(validate_employee(ctx, &e, err));
    if (!role_can_write_employee(&ctx->who, e.store_id, e.department_id))
        return MN_ERR_FORBIDDEN;
    CHECK(conflict_or(employees_insert(ctx->db, &e), "employee_no",
                      "is already used by another employee", err));
    *t->out = e;
    json_t *a = encode_employee(&e, false);
    enum mn_status rc = svc_audit(ctx, "create", "employee", e.id, NULL, a);
    json_decref(a);
    return rc;
}

enum mn_status svc_employee_create(struct svc_ctx *ctx, struct employee_input *in,
                                   struct org_employee *out, struct mn_error *err)
{
    if (ctx->who.role != ROLE_ADMIN && ctx->who.role != ROLE_STORE_MANAGER &&
        ctx->who.role != ROLE_DEPT_MANAGER)
        return MN_ERR_FORBIDDEN;
    if (!(in->set & F_STORE_ID))
        return mn_fail(err, MN_ERR_INVALID, "store_id", "is required");
    if (!(in->set & F_NAME))
        return mn_fail(err, MN_ERR_INVALID, "name", "is required");
    struct emp_tx t = {0, in, (in->set & F_PHONE) ? in->phone_raw : NULL, out};
    return svc_run_tx(ctx, employee_create_tx, &t, err);
}

enum mn_status svc_employee_get(struct svc_ctx *ctx, int64_t id, struct org_employee *out)
{
    CHECK(employees_get(ctx->db, ctx->who.tenant_id, id, out));
    return visible(ctx, out->store_id, out->department_id);
}

static enum mn_status employee_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct emp_tx *t = arg;
    struct org_employee before, e;
    CHECK(svc_employee_get(ctx, t->id, &before));
    if (!role_can_write_employee(&ctx->who, before.store_id, before.department_id))
        return MN_ERR_FORBIDDEN;
    e = before;
    apply_employee(&e, t->in);
    CHECK(set_phone(&e, t->phone, err));
    CHECK(validate_employee(ctx, &e, err));
    if (!role_can_write_employee(&ctx->who, e.store_id, e.department_id))
        return MN_ERR_FORBIDDEN;
    CHECK(conflict_or(employees_update(ctx->db, &e), "employee_no",
                      "is already used by another employee", err));
    *t->out = e;
    json_t *b = encode_employee(&before, false), *a = encode_employee(&e, false);
    enum mn_status rc = svc_audit(ctx, (t->in->set == F_ACTIVE && !e.active) ? "delete" : "update",
                                  "employee", e.id, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

enum mn_status svc_employee_update(struct svc_ctx *ctx, int64_t id, struct employee_input *in,
                                   struct org_employee *out, struct mn_error *err)
{
    struct emp_tx t = {id, in, (in->set & F_PHONE) ? in->phone_raw : NULL, out};
    return svc_run_tx(ctx, employee_update_tx, &t, err);
}

enum mn_status svc_employee_deactivate(struct svc_ctx *ctx, int64_t id)
{
    struct employee_input in = {.v = {.active = 0}, .set = F_ACTIVE};
    struct org_employee out;
    return svc_employee_update(ctx, id, &in, &out, NULL);
}

enum mn_status svc_employee_list(struct svc_ctx *ctx, struct list_query *q,
                                 struct org_employee **items, size_t *n)
{
    scope_query(ctx, q, true);
    return employees_list(ctx->db, ctx->who.tenant_id, q, items, n);
}
