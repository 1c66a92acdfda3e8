/* SPDX-License-Identifier: MIT */
/* Around the tickets: corrective actions, attachments (raw bodies in, files out), categories
 * with scripts and strategies, settings, the figures and the caller's notifications. */
#include <event2/buffer.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/handlers_complaint.h"
#include "service/complaint.h"

#define N(a) (sizeof a / sizeof *a)

/* ---- corrective actions ------------------------------------------------------------------ */

#define AF(name, kind, bit) {#name, kind, offsetof(struct action_input, name), \
                             sizeof ((struct action_input *)0)->name, bit}

static const struct js_field action_fields[] = {
    AF(title, JS_TEXT, AI_TITLE),       AF(owner_name, JS_TEXT, AI_OWNER_NAME),
    AF(owner_user_id, JS_ID, AI_OWNER_USER), AF(due_at, JS_TEXT, AI_DUE),
    AF(evidence, JS_TEXT, AI_EVIDENCE), AF(state, JS_TEXT, AI_STATE),
    AF(verify_note, JS_TEXT, AI_VERIFY_NOTE),
};

static void action_write(struct req *r, bool create)
{
    struct action_input *in = calloc(1, sizeof *in);
    struct corrective_action *a = calloc(1, sizeof *a);
    struct mn_error err = {0};
    enum mn_status rc = in != NULL && a != NULL ? MN_OK : MN_ERR_NOMEM;
    if (rc == MN_OK)
        rc = js_decode(r->body, action_fields, N(action_fields), in, &in->set, &err);
    if (rc == MN_OK)
        rc = create ? svc_action_create(&r->ctx, r->ids[0], in, a, &err)
                    : svc_action_update(&r->ctx, r->ids[0], r->ids[1], in, a, &err);
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_json(r, create ? 201 : 200, encode_action(a, (int64_t)time(NULL)));
    free(in);
    free(a);
}

void h_complaint_actions_create(struct req *r) { action_write(r, true); }
void h_complaint_actions_update(struct req *r) { action_write(r, false); }

static void action_list(struct req *r, int64_t ticket_id)
{
    struct list_query lq = {0};
    int64_t overdue, open;
    if (!req_list_query(r, &lq) || !req_query_i64(r, "overdue", 0, 0, 1, &overdue) ||
        !req_query_i64(r, "open", 0, 0, 1, &open))
        return;
    int64_t now = (int64_t)time(NULL);
    struct action_query q = {.after = lq.after, .limit = lq.limit, .ticket_id = ticket_id,
                             .store_id = lq.store_id, .department_id = lq.department_id,
                             .overdue_at = overdue ? now : 0, .open_only = open != 0};
    struct corrective_action *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_action_list(&r->ctx, &q, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_action(&items[i], now));
    reply_list(r, arr, n > 0 ? items[n - 1].id : 0, n == (size_t)q.limit);
    free(items);
}

void h_complaint_actions_list(struct req *r) { action_list(r, r->ids[0]); }
void h_corrective_actions_list(struct req *r) { action_list(r, 0); }

/* ---- attachments ------------------------------------------------------------------------- */

void h_complaint_attachments_upload(struct req *r)
{
    struct evbuffer *buf = evhttp_request_get_input_buffer(r->ev);
    size_t len = evbuffer_get_length(buf);
    const void *data = len > 0 ? (const void *)evbuffer_pullup(buf, -1) : (const void *)"";
    const char *type = evhttp_find_header(evhttp_request_get_input_headers(r->ev),
                                          "Content-Type");
    struct ticket_attachment a;
    struct mn_error err = {0};
    enum mn_status rc = svc_attachment_add(&r->ctx, r->ids[0], req_query_str(r, "filename"),
                                           type, data, len, &a, &err);
    if (rc != MN_OK) {
        reply_status(r, rc, &err);
        return;
    }
    reply_json(r, 201, encode_attachment(&a));
}

void h_complaint_attachments_list(struct req *r)
{
    struct ticket_attachment *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_attachment_list(&r->ctx, r->ids[0], &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_attachment(&items[i]));
    free(items);
    reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_after", json_null()));
}

void h_complaint_attachments_get(struct req *r)
{
    struct ticket_attachment a;
    char path[512];
    enum mn_status rc = svc_attachment_get(&r->ctx, r->ids[0], r->ids[1], &a, path);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    struct evbuffer *out = evbuffer_new();
    if (fd < 0 || fstat(fd, &sb) != 0 || out == NULL ||
        evbuffer_add_file(out, fd, 0, sb.st_size) != 0) {
        if (fd >= 0)
            close(fd);
        if (out != NULL)
            evbuffer_free(out);
        reply_status(r, MN_ERR_INTERNAL, NULL);
        return;
    }
    char disp[600];
    /* the stored name has no quotes or slashes (checked on upload) */
    snprintf(disp, sizeof disp, "attachment; filename=\"file\"; filename*=UTF-8''%s", "");
    size_t k = strlen(disp);
    for (const unsigned char *p = (const unsigned char *)a.filename; *p && k + 4 < sizeof disp;
         p++) {
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_';
        k += (size_t)snprintf(disp + k, sizeof disp - k, plain ? "%c" : "%%%02X", *p);
    }
    req_header(r, "Content-Type", a.content_type);
    req_header(r, "Content-Disposition", disp);
    req_header(r, "X-Content-Type-Options", "nosniff");
    r->status = 200;
    evhttp_send_reply(r->ev, 200, NULL, out);
    evbuffer_free(out);
}

/* ---- categories -------------------------------------------------------------------------- */

#define CF(name, kind, bit) {#name, kind, offsetof(struct category_input, v.name), \
                             sizeof ((struct category_input *)0)->v.name, bit}

static const struct js_field category_fields[] = {
    CF(code, JS_TEXT, CI_CODE),         CF(name, JS_TEXT, CI_NAME),
    CF(scripts, JS_TEXT, CI_SCRIPTS),   CF(strategies, JS_TEXT, CI_STRATEGIES),
    CF(sort_order, JS_INT, CI_SORT),
    {"active", JS_BOOL, offsetof(struct category_input, v.active), 0, CI_ACTIVE},
};

void h_complaint_categories_list(struct req *r)
{
    struct complaint_category *items = NULL;
    size_t n = 0;
    enum mn_status rc = svc_category_list(&r->ctx, &items, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_category(&items[i]));
    free(items);
    reply_json(r, 200, json_pack("{s:o, s:o}", "items", arr, "next_after", json_null()));
}

static void category_write(struct req *r, bool create)
{
    struct category_input *in = calloc(1, sizeof *in);
    struct complaint_category *c = calloc(1, sizeof *c);
    struct mn_error err = {0};
    enum mn_status rc = in != NULL && c != NULL ? MN_OK : MN_ERR_NOMEM;
    if (rc == MN_OK)
        rc = js_decode(r->body, category_fields, N(category_fields), in, &in->set, &err);
    if (rc == MN_OK)
        rc = create ? svc_category_create(&r->ctx, in, c, &err)
                    : svc_category_update(&r->ctx, r->ids[0], in, c, &err);
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_json(r, create ? 201 : 200, encode_category(c));
    free(in);
    free(c);
}

void h_complaint_categories_create(struct req *r) { category_write(r, true); }
void h_complaint_categories_update(struct req *r) { category_write(r, false); }

/* ---- settings ---------------------------------------------------------------------------- */

void h_complaint_settings_get(struct req *r)
{
    json_t *out = NULL;
    enum mn_status rc = svc_complaint_settings_get(&r->ctx, &out);
    if (rc != MN_OK)
        reply_status(r, rc, NULL);
    else
        reply_json(r, 200, out);
}

void h_complaint_settings_update(struct req *r)
{
    json_t *out = NULL;
    struct mn_error err = {0};
    enum mn_status rc = svc_complaint_settings_update(&r->ctx, r->body, &out, &err);
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_json(r, 200, out);
}

/* ---- figures ----------------------------------------------------------------------------- */

static bool query_date(struct req *r, const char *name, struct civil_date *out)
{
    const char *s = req_query_str(r, name);
    out->year = 0;
    if (s == NULL || s[0] == '\0')
        return true;
    int used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &out->year, &out->month, &out->day, &used) != 3 ||
        s[used] != '\0' || used != 10 || !civil_date_valid(*out)) {
        reply_error(r, ERR_INVALID, name, "must be a date YYYY-MM-DD");
        return false;
    }
    return true;
}

void h_complaint_stats(struct req *r)
{
    struct complaint_stats_query q = {0};
    if (!query_date(r, "from", &q.from) || !query_date(r, "to", &q.to) ||
        !req_query_i64(r, "store_id", 0, 0, INT64_MAX, &q.store_id) ||
        !req_query_i64(r, "department_id", 0, 0, INT64_MAX, &q.department_id))
        return;
    q.group_by = req_query_str(r, "group_by");
    json_t *out = NULL;
    struct mn_error err = {0};
    enum mn_status rc = svc_complaint_stats(&r->ctx, &q, &out, &err);
    if (rc != MN_OK)
        reply_status(r, rc, &err);
    else
        reply_json(r, 200, out);
}

/* ---- notifications ----------------------------------------------------------------------- */

void h_notifications_list(struct req *r)
{
    int64_t limit, before, unread_only;
    if (!req_query_i64(r, "limit", 50, 1, 200, &limit) ||
        !req_query_i64(r, "before", 0, 0, INT64_MAX, &before) ||
        !req_query_i64(r, "unread", 0, 0, 1, &unread_only))
        return;
    struct notification *items = NULL;
    size_t n = 0;
    int64_t unread = 0;
    enum mn_status rc = svc_notification_list(&r->ctx, before, (int)limit, unread_only != 0,
                                              &items, &n, &unread);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, encode_notification(&items[i]));
    json_t *next = n == (size_t)limit && n > 0 ? json_integer(items[n - 1].id) : json_null();
    free(items);
    reply_json(r, 200, json_pack("{s:o, s:o, s:I}", "items", arr, "next_before", next,
                                 "unread", (json_int_t)unread));
}

void h_notifications_read(struct req *r)
{
    reply_status(r, svc_notification_read(&r->ctx, r->ids[0]), NULL);
}
