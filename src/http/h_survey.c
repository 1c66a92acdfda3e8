/* SPDX-License-Identifier: MIT */
/* Handlers of the authenticated survey API: surveys and versions, templates, responses entered
 * by an agent, invitations, anonymous links and their QR images, figures, imports. Each one
 * parses, calls one service function and encodes; figures are computed in core. */
#include <event2/buffer.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers_survey.h"
#include "io/csv_reader.h"
#include "io/qr.h"
#include "service/survey.h"

static void reply_or(struct req *r, enum mn_status rc, const struct mn_error *err, int status,
                     json_t *body)
{
    if (rc != MN_OK) {
        json_decref(body);
        reply_status(r, rc, err);
        return;
    }
    reply_json(r, status, body);
}

/* Refuses members other than the allowed ones, naming the first unknown one. */
static bool only_members(struct req *r, const char *const *allowed, size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(r->body, key, v) {
        bool ok = false;
        for (size_t i = 0; i < n && !ok; i++)
            ok = strcmp(key, allowed[i]) == 0;
        if (!ok) {
            reply_error(r, ERR_INVALID, key, "is not a known field");
            return false;
        }
    }
    return true;
}

static bool get_id(struct req *r, const char *name, int64_t *out)
{
    const json_t *v = json_object_get(r->body, name);
    *out = 0;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        reply_error(r, ERR_INVALID, name, "must be a positive id");
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

static bool get_text(struct req *r, const char *name, char *out, size_t cap)
{
    const json_t *v = json_object_get(r->body, name);
    out[0] = '\0';
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v) || json_string_length(v) >= cap) {
        reply_error(r, ERR_INVALID, name, "must be a string of bounded length");
        return false;
    }
    snprintf(out, cap, "%s", json_string_value(v));
    return true;
}

void h_survey_templates(struct req *r)
{
    json_t *items = survey_template_list();
    const char *name = req_query_str(r, "name");
    if (name != NULL) {
        json_decref(items);
        json_t *def = survey_template(name);
        if (def == NULL) {
            reply_status(r, MN_ERR_NOT_FOUND, NULL);
            return;
        }
        reply_json(r, 200, json_pack("{s:s, s:o}", "name", name, "definition", def));
        return;
    }
    reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void h_surveys_list(struct req *r)
{
    struct list_query q = {0};
    json_t *items = NULL;
    int64_t last = 0;
    size_t n = 0;
    if (!req_list_query(r, &q))
        return;
    enum mn_status rc = svc_survey_list(&r->ctx, &q, &items, &last, &n);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_list(r, items, last, n == (size_t)q.limit);
}

static const char *const survey_members[] = {"name", "template", "definition"};

static bool survey_input(struct req *r, struct survey_input *in)
{
    memset(in, 0, sizeof *in);
    if (!only_members(r, survey_members, 3))
        return false;
    const json_t *name = json_object_get(r->body, "name");
    const json_t *tpl = json_object_get(r->body, "template");
    const json_t *def = json_object_get(r->body, "definition");
    if (name != NULL && !json_is_string(name)) {
        reply_error(r, ERR_INVALID, "name", "must be a string");
        return false;
    }
    if (tpl != NULL && !json_is_string(tpl)) {
        reply_error(r, ERR_INVALID, "template", "must be a string");
        return false;
    }
    if (def != NULL && !json_is_object(def)) {
        reply_error(r, ERR_INVALID, "definition", "must be an object");
        return false;
    }
    in->name = json_string_value(name);
    in->template = json_string_value(tpl);
    in->definition = def;
    return true;
}

void h_surveys_create(struct req *r)
{
    struct survey_input in;
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!survey_input(r, &in))
        return;
    enum mn_status rc = svc_survey_create(&r->ctx, &in, &out, &err);
    reply_or(r, rc, &err, 201, out);
}

void h_surveys_get(struct req *r)
{
    json_t *out = NULL;
    enum mn_status rc = svc_survey_get(&r->ctx, r->ids[0], &out);
    reply_or(r, rc, NULL, 200, out);
}

void h_surveys_update(struct req *r)
{
    struct survey_input in;
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!survey_input(r, &in))
        return;
    if (in.template != NULL) {
        reply_error(r, ERR_INVALID, "template", "can only be given when creating");
        return;
    }
    enum mn_status rc = svc_survey_update(&r->ctx, r->ids[0], &in, &out, &err);
    reply_or(r, rc, &err, 200, out);
}

void h_surveys_delete(struct req *r)
{
    reply_status(r, svc_survey_archive(&r->ctx, r->ids[0]), NULL);
}

void h_surveys_publish(struct req *r)
{
    struct mn_error err = {0};
    json_t *out = NULL;
    enum mn_status rc = svc_survey_publish(&r->ctx, r->ids[0], &out, &err);
    reply_or(r, rc, &err, 200, out);
}

void h_survey_version_get(struct req *r)
{
    json_t *out = NULL;
    enum mn_status rc = svc_survey_version_get(&r->ctx, r->ids[0], r->ids[1], &out);
    reply_or(r, rc, NULL, 200, out);
}

static bool day_param(struct req *r, const char *name, char out[11])
{
    const char *v = req_query_str(r, name);
    out[0] = '\0';
    if (v == NULL)
        return true;
    if (strlen(v) != 10) {
        reply_error(r, ERR_INVALID, name, "must be YYYY-MM-DD");
        return false;
    }
    memcpy(out, v, 11);
    return true;
}

void h_survey_figures(struct req *r)
{
    struct figures_query q = {.survey_id = r->ids[0]};
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!day_param(r, "from", q.from) || !day_param(r, "to", q.to) ||
        !req_query_i64(r, "store_id", 0, 0, INT64_MAX, &q.store_id) ||
        !req_query_i64(r, "department_id", 0, 0, INT64_MAX, &q.department_id) ||
        !req_query_i64(r, "employee_id", 0, 0, INT64_MAX, &q.employee_id))
        return;
    q.channel = req_query_str(r, "channel");
    if (q.channel != NULL && strlen(q.channel) > 11) {
        reply_error(r, ERR_INVALID, "channel", "is not a channel");
        return;
    }
    enum mn_status rc = svc_survey_figures(&r->ctx, &q, &out, &err);
    reply_or(r, rc, &err, 200, out);
}

void h_survey_channels(struct req *r)
{
    json_t *out = NULL;
    enum mn_status rc = svc_survey_channels(&r->ctx, r->ids[0], &out);
    reply_or(r, rc, NULL, 200, out);
}

void h_survey_rebuild(struct req *r)
{
    int64_t n = 0;
    enum mn_status rc = svc_survey_rollup_rebuild(&r->ctx, r->ids[0], &n);
    reply_or(r, rc, NULL, 200, json_pack("{s:I}", "responses", (json_int_t)n));
}

static const char *const import_members[] = {"csv", "xlsx", "mapping", "dry_run", "store_id"};

/* The file comes as CSV text ("csv") or as a base64 .xlsx workbook ("xlsx"). */
void h_survey_import(struct req *r)
{
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!only_members(r, import_members, 5))
        return;
    const json_t *csv = json_object_get(r->body, "csv");
    const json_t *xlsx = json_object_get(r->body, "xlsx");
    json_t *mapping = json_object_get(r->body, "mapping");
    if (!json_is_string(csv) && !json_is_string(xlsx)) {
        reply_error(r, ERR_INVALID, "csv", "must be the CSV text (or give xlsx as base64)");
        return;
    }
    if (!json_is_object(mapping)) {
        reply_error(r, ERR_INVALID, "mapping", "must be an object");
        return;
    }
    struct import_spec spec = {.survey_id = r->ids[0], .mapping = mapping,
                               .dry_run = json_is_true(json_object_get(r->body, "dry_run")),
                               .xlsx = !json_is_string(csv), .max_errors = 100};
    if (!get_id(r, "store_id", &spec.store_id))
        return;
    struct tab_buffer buf = {0};
    unsigned char *bin = NULL;
    if (json_is_string(csv)) {
        buf.data = json_string_value(csv);
        buf.len = json_string_length(csv);
    } else {
        size_t cap = json_string_length(xlsx), len = 0;
        bin = malloc(cap + 1);
        if (bin == NULL || sodium_base642bin(bin, cap, json_string_value(xlsx), cap, "\r\n",
                                             &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
            free(bin);
            reply_error(r, ERR_INVALID, "xlsx", "must be the workbook in base64");
            return;
        }
        buf.data = (const char *)bin;
        buf.len = len;
    }
    enum mn_status rc = svc_survey_import(&r->ctx, &spec,
                                          spec.xlsx ? xlsx_source_buffer : csv_source_buffer,
                                          &buf, &out, &err);
    free(bin);
    reply_or(r, rc, &err, spec.dry_run ? 200 : 201, out);
}

/* ?reveal=1: the free text (responses) or recipients (invitations) in full; see
 * svc_response_list. The page carries masked and can_reveal besides items and next_after. */
static bool reveal_param(struct req *r, bool *reveal)
{
    int64_t v;
    if (!req_query_i64(r, "reveal", 0, 0, 1, &v))
        return false;
    *reveal = v == 1;
    return true;
}

static void reply_masked_list(struct req *r, json_t *items, int64_t last, bool full_page,
                              bool masked, bool can_reveal)
{
    json_t *next = full_page && last != 0 ? json_integer(last) : json_null();
    reply_json(r, 200, json_pack("{s:o, s:o, s:b, s:b}", "items", items, "next_after", next,
                                 "masked", masked, "can_reveal", can_reveal));
}

void h_responses_list(struct req *r)
{
    struct list_query q = {0};
    json_t *items = NULL;
    int64_t last = 0;
    size_t n = 0;
    bool reveal = false, masked = false, can_reveal = false;
    if (!req_list_query(r, &q) || !reveal_param(r, &reveal))
        return;
    enum mn_status rc = svc_response_list(&r->ctx, r->ids[0], &q, reveal, &items, &last, &n,
                                          &masked, &can_reveal);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_masked_list(r, items, last, n == (size_t)q.limit, masked, can_reveal);
}

static const char *const response_members[] = {"answers", "customer_id", "event_id",
                                               "followup_task_id", "store_id", "department_id",
                                               "employee_id", "channel"};

void h_responses_create(struct req *r)
{
    struct call_input in = {0};
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!only_members(r, response_members, 8))
        return;
    in.answers = json_object_get(r->body, "answers");
    if (!get_id(r, "customer_id", &in.customer_id) || !get_id(r, "event_id", &in.event_id) ||
        !get_id(r, "followup_task_id", &in.followup_task_id) ||
        !get_id(r, "store_id", &in.store_id) || !get_id(r, "department_id", &in.department_id) ||
        !get_id(r, "employee_id", &in.employee_id) ||
        !get_text(r, "channel", in.channel, sizeof in.channel))
        return;
    enum mn_status rc = svc_response_submit(&r->ctx, r->ids[0], &in, &out, &err);
    reply_or(r, rc, &err, 201, out);
}

void h_responses_get(struct req *r)
{
    json_t *out = NULL;
    bool reveal = false;
    if (!reveal_param(r, &reveal))
        return;
    enum mn_status rc = svc_response_get(&r->ctx, r->ids[0], reveal, &out);
    reply_or(r, rc, NULL, 200, out);
}

void h_invitations_list(struct req *r)
{
    struct list_query q = {0};
    json_t *items = NULL;
    int64_t last = 0;
    size_t n = 0;
    bool reveal = false, masked = false, can_reveal = false;
    if (!req_list_query(r, &q) || !reveal_param(r, &reveal))
        return;
    enum mn_status rc = svc_invitation_list(&r->ctx, r->ids[0], &q, reveal, &items, &last, &n,
                                            &masked, &can_reveal);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_masked_list(r, items, last, n == (size_t)q.limit, masked, can_reveal);
}

static const char *const invitation_members[] = {"channel", "recipient", "lang", "customer_id",
                                                 "event_id", "store_id", "department_id",
                                                 "employee_id", "expires_in_days"};

void h_invitations_create(struct req *r)
{
    struct invitation_input in = {0};
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!only_members(r, invitation_members, 9))
        return;
    if (!get_text(r, "channel", in.channel, sizeof in.channel) ||
        !get_text(r, "recipient", in.recipient, sizeof in.recipient) ||
        !get_text(r, "lang", in.lang, sizeof in.lang) ||
        !get_id(r, "customer_id", &in.customer_id) || !get_id(r, "event_id", &in.event_id) ||
        !get_id(r, "store_id", &in.store_id) || !get_id(r, "department_id", &in.department_id) ||
        !get_id(r, "employee_id", &in.employee_id))
        return;
    const json_t *days = json_object_get(r->body, "expires_in_days");
    if (days != NULL && (!json_is_integer(days) || json_integer_value(days) < 1)) {
        reply_error(r, ERR_INVALID, "expires_in_days", "must be 1 to 365");
        return;
    }
    in.expires_in_days = days != NULL ? json_integer_value(days) : 0;
    if (in.channel[0] == '\0')
        snprintf(in.channel, sizeof in.channel, "link");
    enum mn_status rc = svc_invitation_create(&r->ctx, r->ids[0], &in, &out, &err);
    reply_or(r, rc, &err, 201, out);
}

void h_invitation_revoke(struct req *r)
{
    struct mn_error err = {0};
    json_t *out = NULL;
    enum mn_status rc = svc_invitation_revoke(&r->ctx, r->ids[0], &out, &err);
    reply_or(r, rc, &err, 200, out);
}

void h_links_list(struct req *r)
{
    json_t *items = NULL;
    enum mn_status rc = svc_link_list(&r->ctx, r->ids[0], &items);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_after"));
}

static const char *const link_members[] = {"kind", "store_id", "touchpoint", "label"};

void h_links_create(struct req *r)
{
    struct link_input in = {0};
    struct mn_error err = {0};
    json_t *out = NULL;
    if (!only_members(r, link_members, 4))
        return;
    if (!get_text(r, "kind", in.kind, sizeof in.kind) || !get_id(r, "store_id", &in.store_id) ||
        !get_text(r, "touchpoint", in.touchpoint, sizeof in.touchpoint) ||
        !get_text(r, "label", in.label, sizeof in.label))
        return;
    enum mn_status rc = svc_link_create(&r->ctx, r->ids[0], &in, &out, &err);
    reply_or(r, rc, &err, 201, out);
}

/* The QR image of a link: ?format=png (default) or svg; ?base= the public origin to encode
 * (the printed card must carry an absolute URL). */
void h_link_qr(struct req *r)
{
    char key[48];
    enum mn_status rc = svc_link_key(&r->ctx, r->ids[0], key);
    if (rc != MN_OK) {
        reply_status(r, rc, NULL);
        return;
    }
    const char *fmt = req_query_str(r, "format");
    const char *base = req_query_str(r, "base");
    if (fmt != NULL && strcmp(fmt, "png") != 0 && strcmp(fmt, "svg") != 0) {
        reply_error(r, ERR_INVALID, "format", "must be png or svg");
        return;
    }
    if (base != NULL && (strlen(base) > 200 || (strncmp(base, "http://", 7) != 0 &&
                                                strncmp(base, "https://", 8) != 0))) {
        reply_error(r, ERR_INVALID, "base", "must be an http(s) origin");
        return;
    }
    char url[300];
    snprintf(url, sizeof url, "%s/s/q/%s", base != NULL ? base : "", key);
    struct evbuffer *buf = evbuffer_new();
    if (fmt != NULL && strcmp(fmt, "svg") == 0) {
        char *svg = NULL;
        rc = qr_svg(url, 2, &svg);
        if (rc == MN_OK)
            evbuffer_add(buf, svg, strlen(svg));
        free(svg);
        req_header(r, "Content-Type", "image/svg+xml");
    } else {
        unsigned char *png = NULL;
        size_t len = 0;
        rc = qr_png(url, 8, 2, &png, &len);
        if (rc == MN_OK)
            evbuffer_add(buf, png, len);
        free(png);
        req_header(r, "Content-Type", "image/png");
    }
    if (rc != MN_OK) {
        evbuffer_free(buf);
        reply_status(r, MN_ERR_INTERNAL, NULL);
        return;
    }
    r->status = 200;
    evhttp_send_reply(r->ev, 200, "OK", buf);
    evbuffer_free(buf);
}
