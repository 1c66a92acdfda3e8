/* SPDX-License-Identifier: MIT */
/* Around a ticket: corrective actions (整改: open → done with evidence → verified by CR, or back
 * to open), attachments stored as files under MANYI_DATA_DIR with size and type limits, the
 * caller's notifications, and the encoders of the API's objects. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pii.h"
#include "core/text.h"
#include "service/complaint.h"
#include "service/complaint_int.h"

#define CHECK(expr)                                                                            \
    do {                                                                                       \
        enum mn_status rc_ = (expr);                                                           \
        if (rc_ != MN_OK)                                                                      \
            return rc_;                                                                        \
    } while (0)

/* ---- encoders ---------------------------------------------------------------------------- */

static json_t *id_or_null(int64_t id)
{
    return id != 0 ? json_integer(id) : json_null();
}

json_t *encode_ticket(const struct ticket *t, bool mask_pii)
{
    char phone[16];
    if (mask_pii && t->customer_phone[0] != '\0')
        pii_mask_phone(t->customer_phone, phone, sizeof phone);
    else
        snprintf(phone, sizeof phone, "%s", t->customer_phone);
    unsigned f = (unsigned)t->clear_flags;
    json_t *clear = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}", "control",
                              (f & TICKET_CLEAR_CONTROL) != 0, "listen",
                              (f & TICKET_CLEAR_LISTEN) != 0, "establish",
                              (f & TICKET_CLEAR_ESTABLISH) != 0, "apologize",
                              (f & TICKET_CLEAR_APOLOGIZE) != 0, "resolve",
                              (f & TICKET_CLEAR_RESOLVE) != 0, "complete",
                              ticket_clear_complete(f));
    json_t *result = json_pack("{s:s, s:s, s:s, s:s}", "root_cause", t->root_cause,
                               "action_taken", t->action_taken, "remedy", t->remedy,
                               "recovery_strategy", t->recovery_strategy);
    bool open = strcmp(t->state, "closed") != 0;
    json_t *sla = json_pack(
        "{s:s, s:o, s:I, s:b, s:o, s:o, s:o, s:o}", "stage", t->sla_stage, "due",
        open ? json_time_or_null(t->sla_due) : json_null(), "level", (json_int_t)t->sla_level,
        "overdue", open && sla_is_overdue(t->sla_due, store_now()), "first_response_due",
        json_time_or_null(t->first_response_due), "first_response_at",
        json_time_or_null(t->first_response_at), "resolution_due",
        json_time_or_null(t->resolution_due), "resolved_at", json_time_or_null(t->resolved_at));
    json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:s, s:o}", "id",
                          (json_int_t)t->id, "store_id", (json_int_t)t->store_id, "store_name",
                          t->store_name, "department_id", id_or_null(t->department_id),
                          "department_name", t->department_name, "suggested_department_id",
                          id_or_null(t->suggested_department_id), "assignee_user_id",
                          id_or_null(t->assignee_user_id), "assignee_name", t->assignee_name,
                          "registered_by", id_or_null(t->registered_by));
    json_object_update_new(
        o, json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:I, s:s, s:s, s:s, s:s, s:s}",
                     "customer_id", id_or_null(t->customer_id), "customer_name",
                     t->customer_name, "customer_phone", phone, "event_id",
                     id_or_null(t->event_id), "followup_task_id",
                     id_or_null(t->followup_task_id), "alert_id", id_or_null(t->alert_id),
                     "source", t->source, "category_id", (json_int_t)t->category_id,
                     "category_name", t->category_name, "severity", t->severity, "title",
                     t->title, "description", t->description, "state", t->state));
    json_object_update_new(
        o, json_pack("{s:I, s:o, s:o, s:o, s:I, s:b, s:o, s:I, s:I, s:o, s:o, s:o}",
                     "escalation_level", (json_int_t)t->escalation_level, "clear", clear,
                     "result", result, "recomplaint_of", id_or_null(t->recomplaint_of),
                     "recomplaint_count", (json_int_t)t->recomplaint_count, "is_recomplaint",
                     t->recomplaint_of != 0, "sla", sla, "verify_count",
                     (json_int_t)t->verify_count, "verify_satisfied",
                     (json_int_t)t->verify_satisfied, "closed_at",
                     json_time_or_null(t->closed_at), "created_at",
                     json_time_or_null(t->created_at), "updated_at",
                     json_time_or_null(t->updated_at)));
    return o;
}

json_t *encode_ticket_event(const struct ticket_event *e)
{
    json_t *data = json_loads(e->data_json != NULL ? e->data_json : "{}", 0, NULL);
    return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
                     (json_int_t)e->id, "ticket_id", (json_int_t)e->ticket_id, "at",
                     json_time_or_null(e->at), "user_id", id_or_null(e->user_id), "username",
                     e->username, "kind", e->kind, "from_state", e->from_state, "to_state",
                     e->to_state, "note", e->note, "data", data != NULL ? data : json_object());
}

json_t *encode_action(const struct corrective_action *a, int64_t now)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:o, s:s, s:s, s:o, s:o, s:s, s:s}", "id",
                          (json_int_t)a->id, "ticket_id", (json_int_t)a->ticket_id, "store_id",
                          (json_int_t)a->store_id, "department_id", id_or_null(a->department_id),
                          "title", a->title, "owner_name", a->owner_name, "owner_user_id",
                          id_or_null(a->owner_user_id), "due_at", json_time_or_null(a->due_at),
                          "evidence", a->evidence, "state", a->state);
    json_object_update_new(
        o, json_pack("{s:b, s:o, s:o, s:o, s:s, s:o, s:o}", "overdue",
                     strcmp(a->state, "verified") != 0 && sla_is_overdue(a->due_at, now),
                     "done_at", json_time_or_null(a->done_at), "verified_at",
                     json_time_or_null(a->verified_at), "verified_by",
                     id_or_null(a->verified_by), "verify_note", a->verify_note, "created_at",
                     json_time_or_null(a->created_at), "updated_at",
                     json_time_or_null(a->updated_at)));
    return o;
}

json_t *encode_attachment(const struct ticket_attachment *a)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)a->id,
                     "ticket_id", (json_int_t)a->ticket_id, "filename", a->filename,
                     "content_type", a->content_type, "size_bytes", (json_int_t)a->size_bytes,
                     "uploaded_by", id_or_null(a->uploaded_by), "created_at",
                     json_time_or_null(a->created_at));
}

json_t *encode_category(const struct complaint_category *c)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b, s:o, s:o}", "id", (json_int_t)c->id,
                     "code", c->code, "name", c->name, "scripts", c->scripts, "strategies",
                     c->strategies, "sort_order", (json_int_t)c->sort_order, "active",
                     c->active != 0, "created_at", json_time_or_null(c->created_at),
                     "updated_at", json_time_or_null(c->updated_at));
}

json_t *encode_notification(const struct notification *x)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)x->id,
                     "kind", x->kind, "ticket_id", id_or_null(x->ticket_id), "title", x->title,
                     "body", x->body, "created_at", json_time_or_null(x->created_at), "read_at",
                     json_time_or_null(x->read_at), "read", x->read_at != 0);
}

/* ---- corrective actions ------------------------------------------------------------------ */

static bool is_manager(enum role r)
{
    return r == ROLE_DEPT_MANAGER || r == ROLE_STORE_MANAGER || r == ROLE_ADMIN;
}

/* "2026-12-01" (the end of that day in the tenant's zone) or "2026-12-01T09:00:00Z". */
static enum mn_status parse_due(const char *s, int offset_min, int64_t *out, struct mn_error *err)
{
    struct civil_time ct = {0};
    int used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &ct.date.year, &ct.date.month, &ct.date.day, &used) == 3 &&
        civil_date_valid(ct.date)) {
        if (s[used] == '\0') {
            *out = civil_midnight_epoch(civil_add_days(ct.date, 1), offset_min) - 1;
            return MN_OK;
        }
        int used2 = 0;
        if (sscanf(s + used, "T%2d:%2d:%2dZ%n", &ct.hour, &ct.minute, &ct.second, &used2) == 3 &&
            s[used + used2] == '\0' && ct.hour < 24 && ct.minute < 60 && ct.second < 60) {
            *out = civil_to_epoch(ct, 0);
            return MN_OK;
        }
    }
    return mn_fail(err, MN_ERR_INVALID, "due_at", "must be YYYY-MM-DD or RFC 3339 in UTC");
}

static enum mn_status validate_action(const struct corrective_action *a, struct mn_error *err)
{
    CHECK(text_check("title", a->title, strlen(a->title), 1, 200, false, err));
    CHECK(text_check("owner_name", a->owner_name, strlen(a->owner_name), 1, 50, false, err));
    CHECK(text_check("evidence", a->evidence, strlen(a->evidence), 0, 2000, true, err));
    CHECK(text_check("verify_note", a->verify_note, strlen(a->verify_note), 0, 500, true, err));
    return MN_OK;
}

struct action_tx {
    int64_t ticket_id, id;
    const struct action_input *in;
    struct corrective_action *out;
};

static enum mn_status action_create_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct action_tx *x = arg;
    const struct action_input *in = x->in;
    struct ticket t;
    CHECK(svc_ticket_get(ctx, x->ticket_id, &t));
    if (!is_manager(ctx->who.role))
        return MN_ERR_FORBIDDEN;
    struct complaint_clock clock;
    CHECK(complaint_clock_load(ctx->db, t.tenant_id, &clock));
    struct corrective_action *a = x->out;
    memset(a, 0, sizeof *a);
    a->tenant_id = t.tenant_id;
    a->ticket_id = t.id;
    a->store_id = t.store_id;
    a->department_id = t.department_id;
    snprintf(a->state, sizeof a->state, "open");
    memcpy(a->title, in->title, sizeof a->title);
    memcpy(a->owner_name, in->owner_name, sizeof a->owner_name);
    memcpy(a->evidence, in->evidence, sizeof a->evidence);
    a->owner_user_id = in->owner_user_id;
    CHECK(validate_action(a, err));
    CHECK(parse_due(in->due_at, clock.cal.offset_min, &a->due_at, err));
    if (a->owner_user_id != 0) {
        struct complaint_recipient r;
        char role[16];
        int64_t store_id;
        enum mn_status rc = complaint_recipient_get(ctx->db, t.tenant_id, a->owner_user_id, &r,
                                                    role, &store_id);
        if (rc == MN_ERR_NOT_FOUND || (rc == MN_OK && role[0] == '\0'))
            return mn_fail(err, MN_ERR_INVALID, "owner_user_id", "is not an active user");
        CHECK(rc);
    }
    CHECK(corrective_action_insert(ctx->db, a));
    json_t *j = encode_action(a, store_now());
    enum mn_status rc = complaint_timeline_add(ctx, &t, "action_created", NULL, NULL, a->title, j);
    if (rc == MN_OK)
        rc = svc_audit(ctx, "create", "corrective_action", a->id, NULL, j);
    if (rc == MN_OK && a->owner_user_id != 0) {
        char title[900];
        snprintf(title, sizeof title, "整改任务：%s", a->title);
        rc = complaint_notify_user(ctx->db, &t, a->owner_user_id, "action", title,
                                   "请按期完成并提交整改证据。");
    }
    json_decref(j);
    return rc;
}

enum mn_status svc_action_create(struct svc_ctx *ctx, int64_t ticket_id,
                                 const struct action_input *in, struct corrective_action *out,
                                 struct mn_error *err)
{
    if (!(in->set & AI_TITLE))
        return mn_fail(err, MN_ERR_INVALID, "title", "is required");
    if (!(in->set & AI_OWNER_NAME))
        return mn_fail(err, MN_ERR_INVALID, "owner_name", "is required");
    if (!(in->set & AI_DUE))
        return mn_fail(err, MN_ERR_INVALID, "due_at", "is required");
    if (in->set & (AI_STATE | AI_VERIFY_NOTE))
        return mn_fail(err, MN_ERR_INVALID, (in->set & AI_STATE) ? "state" : "verify_note",
                       "is set by later steps");
    struct action_tx x = {ticket_id, 0, in, out};
    return svc_run_tx(ctx, action_create_tx, &x, err);
}

/* open -> done (managers, evidence required) -> verified (CR) or back to open (CR rejects). */
static enum mn_status action_step(struct svc_ctx *ctx, struct corrective_action *a,
                                  const char *to, const char **kind, struct mn_error *err)
{
    enum role r = ctx->who.role;
    int64_t now = store_now();
    if (strcmp(to, "done") == 0) {
        if (!is_manager(r))
            return MN_ERR_FORBIDDEN;
        if (strcmp(a->state, "open") != 0)
            return mn_fail(err, MN_ERR_CONFLICT, "state",
                           "cannot mark done a corrective action that is %s (only from open)",
                           a->state);
        if (a->evidence[0] == '\0')
            return mn_fail(err, MN_ERR_INVALID, "evidence", "describe the evidence first");
        a->done_at = now;
        *kind = "action_done";
    } else if (strcmp(to, "verified") == 0 || strcmp(to, "open") == 0) {
        if (r != ROLE_CR_AGENT && r != ROLE_ADMIN)
            return MN_ERR_FORBIDDEN;
        if (strcmp(a->state, "done") != 0)
            return mn_fail(err, MN_ERR_CONFLICT, "state",
                           "cannot %s a corrective action that is %s (only from done)",
                           to[0] == 'v' ? "verify" : "reject", a->state);
        if (to[0] == 'v') {
            a->verified_at = now;
            a->verified_by = ctx->who.user_id;
            *kind = "action_verified";
        } else {
            if (a->verify_note[0] == '\0')
                return mn_fail(err, MN_ERR_INVALID, "verify_note", "say what is missing");
            a->done_at = 0;
            *kind = "action_rejected";
        }
    } else {
        return mn_fail(err, MN_ERR_INVALID, "state", "must be done, verified or open");
    }
    snprintf(a->state, sizeof a->state, "%s", to);
    return MN_OK;
}

static enum mn_status action_update_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    struct action_tx *x = arg;
    const struct action_input *in = x->in;
    struct ticket t;
    struct corrective_action before, *a = x->out;
    CHECK(svc_ticket_get(ctx, x->ticket_id, &t));
    CHECK(corrective_action_get(ctx->db, t.tenant_id, x->id, &before));
    if (before.ticket_id != t.id)
        return MN_ERR_NOT_FOUND;
    *a = before;
    const char *kind = "action_updated";
    uint32_t edits = in->set & (AI_TITLE | AI_OWNER_NAME | AI_OWNER_USER | AI_DUE | AI_EVIDENCE);
    if (edits != 0) {
        if (!is_manager(ctx->who.role))
            return MN_ERR_FORBIDDEN;
        if (strcmp(before.state, "verified") == 0)
            return mn_fail(err, MN_ERR_CONFLICT, "state",
                           "cannot edit a corrective action that is verified");
        struct complaint_clock clock;
        CHECK(complaint_clock_load(ctx->db, t.tenant_id, &clock));
        if (in->set & AI_TITLE) memcpy(a->title, in->title, sizeof a->title);
        if (in->set & AI_OWNER_NAME) memcpy(a->owner_name, in->owner_name, sizeof a->owner_name);
        if (in->set & AI_OWNER_USER) a->owner_user_id = in->owner_user_id;
        if (in->set & AI_EVIDENCE) memcpy(a->evidence, in->evidence, sizeof a->evidence);
        if (in->set & AI_DUE)
            CHECK(parse_due(in->due_at, clock.cal.offset_min, &a->due_at, err));
    }
    if (in->set & AI_VERIFY_NOTE)
        memcpy(a->verify_note, in->verify_note, sizeof a->verify_note);
    if (in->set & AI_STATE)
        CHECK(action_step(ctx, a, in->state, &kind, err));
    else if (edits == 0)
        return ctx->who.role == ROLE_AUDITOR || ctx->who.role == ROLE_STAFF
                   ? MN_ERR_FORBIDDEN
                   : mn_fail(err, MN_ERR_INVALID, "state", "nothing to change");
    CHECK(validate_action(a, err));
    CHECK(corrective_action_update(ctx->db, a));
    int64_t now = store_now();
    json_t *b = encode_action(&before, now), *j = encode_action(a, now);
    enum mn_status rc = complaint_timeline_add(ctx, &t, kind, NULL, NULL,
                                               strcmp(kind, "action_rejected") == 0
                                                   ? a->verify_note
                                                   : a->title,
                                               j);
    if (rc == MN_OK)
        rc = svc_audit(ctx, "update", "corrective_action", a->id, b, j);
    json_decref(b);
    json_decref(j);
    return rc;
}

enum mn_status svc_action_update(struct svc_ctx *ctx, int64_t ticket_id, int64_t id,
                                 const struct action_input *in, struct corrective_action *out,
                                 struct mn_error *err)
{
    struct action_tx x = {ticket_id, id, in, out};
    return svc_run_tx(ctx, action_update_tx, &x, err);
}

enum mn_status svc_action_list(struct svc_ctx *ctx, struct action_query *q,
                               struct corrective_action **items, size_t *n)
{
    if (q->ticket_id != 0) {
        struct ticket t;
        CHECK(svc_ticket_get(ctx, q->ticket_id, &t));
    }
    switch (role_scope_of(ctx->who.role)) {
    case SCOPE_TENANT:
        break;
    case SCOPE_STORE:
        q->store_id = ctx->who.store_id;
        break;
    case SCOPE_DEPARTMENT:
        q->store_id = ctx->who.store_id;
        q->department_id = ctx->who.department_id;
        break;
    }
    return corrective_action_list(ctx->db, ctx->who.tenant_id, q, items, n);
}

/* ---- attachments ------------------------------------------------------------------------- */

static const char *data_dir(void)
{
    const char *d = getenv("MANYI_DATA_DIR");
    return d != NULL && d[0] != '\0' ? d : "var/files";
}

/* Allowed types, with the first bytes each must start with (empty = not checked). */
static const struct { const char *type; const char *magic; size_t magic_len; } allowed[] = {
    {"image/jpeg", "\xff\xd8\xff", 3}, {"image/png", "\x89PNG\r\n\x1a\n", 8},
    {"image/webp", "RIFF", 4},         {"application/pdf", "%PDF-", 5},
    {"audio/mpeg", "", 0},             {"audio/wav", "RIFF", 4},
    {"text/plain", "", 0},
};

static enum mn_status check_type(const char *type, const void *data, size_t len,
                                 struct mn_error *err)
{
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
        if (strcmp(type, allowed[i].type) != 0)
            continue;
        if (len < allowed[i].magic_len || memcmp(data, allowed[i].magic, allowed[i].magic_len))
            return mn_fail(err, MN_ERR_INVALID, "content_type",
                           "the file's content is not %s", type);
        if (strcmp(type, "text/plain") == 0 &&
            text_check("file", data, len, 0, (long)len, true, err) != MN_OK)
            return mn_fail(err, MN_ERR_INVALID, "content_type", "text must be UTF-8");
        return MN_OK;
    }
    return mn_fail(err, MN_ERR_INVALID, "content_type",
                   "must be image/jpeg, image/png, image/webp, application/pdf, audio/mpeg, "
                   "audio/wav or text/plain");
}

/* Browsers and HTTP libraries often label a raw upload with a generic type (axios sends
 * application/x-www-form-urlencoded for a File); then the file name's extension decides, and the
 * content is still checked against that type. */
static void effective_type(const char *declared, const char *filename, char *out, size_t cap)
{
    static const struct { const char *ext, *type; } by_ext[] = {
        {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
        {".webp", "image/webp"}, {".pdf", "application/pdf"}, {".mp3", "audio/mpeg"},
        {".wav", "audio/wav"}, {".txt", "text/plain"},
    };
    snprintf(out, cap, "%s", declared != NULL ? declared : "");
    char *semi = strchr(out, ';');
    if (semi != NULL)
        *semi = '\0';
    if (out[0] != '\0' && strcmp(out, "application/octet-stream") != 0 &&
        strcmp(out, "application/x-www-form-urlencoded") != 0)
        return;
    const char *dot = strrchr(filename, '.');
    for (size_t i = 0; dot != NULL && i < sizeof by_ext / sizeof *by_ext; i++)
        if (strcasecmp(dot, by_ext[i].ext) == 0) {
            snprintf(out, cap, "%s", by_ext[i].type);
            return;
        }
}

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0750);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

static enum mn_status write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return MN_ERR_INTERNAL;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            return MN_ERR_INTERNAL;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(path);
        return MN_ERR_INTERNAL;
    }
    return MN_OK;
}

struct attach_tx { struct ticket_attachment *a; };

static enum mn_status attach_tx(struct svc_ctx *ctx, void *arg, struct mn_error *err)
{
    (void)err;
    struct attach_tx *x = arg;
    struct ticket t;
    CHECK(svc_ticket_get(ctx, x->a->ticket_id, &t));
    CHECK(ticket_attachment_insert(ctx->db, x->a));
    json_t *j = encode_attachment(x->a);
    enum mn_status rc = complaint_timeline_add(ctx, &t, "attachment", NULL, NULL,
                                               x->a->filename, j);
    if (rc == MN_OK)
        rc = svc_audit(ctx, "create", "ticket_attachment", x->a->id, NULL, j);
    json_decref(j);
    return rc;
}

enum mn_status svc_attachment_add(struct svc_ctx *ctx, int64_t ticket_id, const char *filename,
                                  const char *content_type, const void *data, size_t len,
                                  struct ticket_attachment *out, struct mn_error *err)
{
    struct ticket t;
    CHECK(svc_ticket_get(ctx, ticket_id, &t));
    enum role r = ctx->who.role;
    if (r == ROLE_STAFF || r == ROLE_AUDITOR || r == ROLE_NONE)
        return MN_ERR_FORBIDDEN;
    if (filename == NULL)
        return mn_fail(err, MN_ERR_INVALID, "filename", "is required");
    CHECK(text_check("filename", filename, strlen(filename), 1, 100, false, err));
    if (strchr(filename, '/') != NULL || strchr(filename, '\\') != NULL ||
        strchr(filename, '"') != NULL)
        return mn_fail(err, MN_ERR_INVALID, "filename", "may not contain / \\ or \"");
    if (len == 0)
        return mn_fail(err, MN_ERR_INVALID, "body", "the file is empty");
    if (len > COMPLAINT_ATTACHMENT_MAX)
        return mn_fail(err, MN_ERR_TOO_LARGE, "body", "files are limited to 5 MiB");
    char type[80];
    effective_type(content_type, filename, type, sizeof type);
    CHECK(check_type(type, data, len, err));
    memset(out, 0, sizeof *out);
    out->tenant_id = ctx->who.tenant_id;
    out->ticket_id = ticket_id;
    out->size_bytes = (int64_t)len;
    out->uploaded_by = ctx->who.user_id;
    snprintf(out->filename, sizeof out->filename, "%s", filename);
    snprintf(out->content_type, sizeof out->content_type, "%s", type);
    unsigned char rnd[16];
    char hex[33];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(out->storage_key, sizeof out->storage_key, "%lld/%lld/%s",
             (long long)out->tenant_id, (long long)ticket_id, hex);
    char dir[512], path[512];
    snprintf(dir, sizeof dir, "%s/%lld/%lld", data_dir(), (long long)out->tenant_id,
             (long long)ticket_id);
    snprintf(path, sizeof path, "%s/%s", data_dir(), out->storage_key);
    if (mkdirs(dir) != 0)
        return MN_ERR_INTERNAL;
    CHECK(write_file(path, data, len));
    struct attach_tx x = {out};
    enum mn_status rc = svc_run_tx(ctx, attach_tx, &x, err);
    if (rc != MN_OK)
        unlink(path); /* a rejected request leaves no file behind */
    return rc;
}

enum mn_status svc_attachment_list(struct svc_ctx *ctx, int64_t ticket_id,
                                   struct ticket_attachment **items, size_t *n)
{
    struct ticket t;
    CHECK(svc_ticket_get(ctx, ticket_id, &t));
    return ticket_attachment_list(ctx->db, ctx->who.tenant_id, ticket_id, items, n);
}

enum mn_status svc_attachment_get(struct svc_ctx *ctx, int64_t ticket_id, int64_t id,
                                  struct ticket_attachment *out, char path[512])
{
    struct ticket t;
    CHECK(svc_ticket_get(ctx, ticket_id, &t));
    CHECK(ticket_attachment_get(ctx->db, ctx->who.tenant_id, ticket_id, id, out));
    snprintf(path, 512, "%s/%s", data_dir(), out->storage_key);
    return MN_OK;
}

/* ---- notifications ----------------------------------------------------------------------- */

enum mn_status svc_notification_list(struct svc_ctx *ctx, int64_t before_id, int limit,
                                     bool unread_only, struct notification **items, size_t *n,
                                     int64_t *unread)
{
    if (ctx->who.user_id == 0) { /* API tokens have no inbox */
        *items = NULL;
        *n = 0;
        *unread = 0;
        return MN_OK;
    }
    CHECK(notification_unread_count(ctx->db, ctx->who.tenant_id, ctx->who.user_id, unread));
    return notification_list(ctx->db, ctx->who.tenant_id, ctx->who.user_id, before_id, limit,
                             unread_only, items, n);
}

enum mn_status svc_notification_read(struct svc_ctx *ctx, int64_t id)
{
    if (ctx->who.user_id == 0)
        return MN_ERR_NOT_FOUND;
    return notification_mark_read(ctx->db, ctx->who.tenant_id, ctx->who.user_id, id,
                                  store_now());
}
