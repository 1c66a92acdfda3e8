/* SPDX-License-Identifier: MIT */
/* Use cases of surveys and feedback collection (客户信息反馈系统, issue 4): survey definitions
 * and frozen versions, built-in templates, responses on every channel (agent in a call,
 * personal link, QR / plain link, import), invitations, figures from the rollups, and the
 * group-commit writer that takes public submissions off the event loops. */
#ifndef MANYI_SERVICE_SURVEY_H
#define MANYI_SERVICE_SURVEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/survey.h"
#include "service/demo.h"
#include "service/service.h"
#include "service/survey_pii.h"

/* A published version compiled for validation: the core view plus what the JSON carries.
 * Immutable once built; shared through a process-wide cache (versions never change). */
struct survey_compiled {
    int64_t tenant_id, survey_id, version;
    struct survey_version v;          /* core view; points into qs */
    struct survey_question *qs;       /* owned */
    struct survey_item_tag *row_tags; /* owned; matrix rows of every question */
    char (*touchpoints)[64];          /* per question */
    json_t *def;                      /* the definition (owned) */
    struct survey_alert_rule alert;
    bool has_weights;
    double weights[SERVQUAL_DIM_COUNT];
    bool asks_points;                 /* a "share 100 points" question: weights from respondents */
    int commitment_days;
    char *thanks_tail;                /* owned: the thank-you JSON after {"id":N, (hot path) */
    struct survey_compiled *retired;  /* cache: the next entry pushed out of its slot */
};

/* Parses and checks a definition (JSON object). On success *out is owned by the caller
 * (survey_compiled_free). Fields at fault are named "definition.questions.<i>.<member>". */
enum mn_status survey_compile(const json_t *def, struct survey_compiled **out,
                              struct mn_error *err);
void survey_compiled_free(struct survey_compiled *c);

/* Decodes a JSON answers array into core answers. [out] answers and the values they point to
 * are one malloc'd block (free(*answers)); texts are borrowed from arr. */
enum mn_status survey_answers_decode(const json_t *arr, struct survey_answer **answers,
                                     size_t *n, struct mn_error *err);

/* The built-in templates (written for Manyi): "servqual", "sales_7day", "service_3day",
 * "table_card", "nps_relationship". Returns an owned definition or NULL for an unknown name. */
json_t *survey_template(const char *name);
/* [{name, title}] of every template; owned. */
json_t *survey_template_list(void);

/* --- surveys and versions -------------------------------------------------------------------- */
struct survey_input {
    const char *name;      /* NULL = unchanged */
    const char *template;  /* create only: start from this template */
    const json_t *definition; /* NULL = unchanged (create: the template's, or required) */
};

enum mn_status svc_survey_create(struct svc_ctx *ctx, const struct survey_input *in,
                                 json_t **out, struct mn_error *err);
enum mn_status svc_survey_get(struct svc_ctx *ctx, int64_t id, json_t **out);
enum mn_status svc_survey_update(struct svc_ctx *ctx, int64_t id, const struct survey_input *in,
                                 json_t **out, struct mn_error *err);
enum mn_status svc_survey_list(struct svc_ctx *ctx, struct list_query *q, json_t **items,
                               int64_t *last_id, size_t *n);
/* Freezes the draft as the next version (a no-op answering the current one when unchanged). */
enum mn_status svc_survey_publish(struct svc_ctx *ctx, int64_t id, json_t **out,
                                  struct mn_error *err);
enum mn_status svc_survey_version_get(struct svc_ctx *ctx, int64_t id, int64_t version,
                                      json_t **out);
enum mn_status svc_survey_archive(struct svc_ctx *ctx, int64_t id);

/* A compiled version from the cache (loading it on a miss). Borrowed: valid for the process. */
enum mn_status survey_version_load(struct db *db, int64_t tenant_id, int64_t survey_id,
                                   int64_t version, const struct survey_compiled **out);

/* The cached compiled version, or NULL when it is not (or no longer) in the cache. */
const struct survey_compiled *survey_cache_get(int64_t tenant_id, int64_t survey_id,
                                               int64_t version);

/* --- responses ------------------------------------------------------------------------------- */
/* Where a response came from and what it is linked to (ids 0 = none). */
struct response_meta {
    int64_t tenant_id, survey_id, version;
    char channel[12];          /* call | link | email | sms | qr | import */
    int64_t invitation_id, link_id, customer_id, event_id, followup_task_id;
    int64_t store_id, department_id, employee_id;
    char touchpoint[64];
    char dedupe_key[72];       /* "" = none */
    int64_t submitted_by;      /* user id, 0 = the respondent */
    int64_t submitted_at;      /* 0 = now */
};

/* One validated submission ready to be written: answers as JSON text and derived values. */
struct response_rec {
    struct response_meta m;
    char *answers_json;        /* owned */
    char *derived_json;        /* owned: per-dimension P, E, gap and their sums */
    struct survey_derived d;
    char alert_reason[160];
    int64_t id;                /* filled when written */
};

/* Validates answers against a version and fills rec (rec->answers_json owned). */
enum mn_status response_prepare(const struct survey_compiled *c, const json_t *answers,
                                const struct response_meta *m, struct response_rec *rec,
                                struct mn_error *err);
/* Writes one prepared response inside the caller's transaction: the row, the invitation's
 * state, the alert row and the rollup. MN_ERR_CONFLICT: token used / duplicate. */
enum mn_status response_write(struct db *db, struct response_rec *rec, struct mn_error *err);
void response_rec_release(struct response_rec *rec);

/* An agent's response during a call (channel "call"), synchronous; answers 201 json. */
struct call_input {
    const json_t *answers;
    int64_t customer_id, event_id, followup_task_id;
    int64_t store_id, department_id, employee_id;
    char channel[12]; /* "call" (default) */
};
enum mn_status svc_response_submit(struct svc_ctx *ctx, int64_t survey_id,
                                   const struct call_input *in, json_t **out,
                                   struct mn_error *err);
/* Personal data in responses (service/survey_pii.c): the free text of answers is masked for
 * roles without personal data; reveal asks for it in full (roles that see it get it anyway;
 * cr_agent may ask; staff and auditors get MN_ERR_FORBIDDEN). A request that returns free
 * text unmasked writes one view_pii audit entry. Each response carries "text_masked" and
 * "can_reveal"; [out] masked: some text was masked, can_reveal: the caller may ask again with
 * reveal. Out of scope or another tenant's: MN_ERR_NOT_FOUND (checked before the reveal). */
enum mn_status svc_response_list(struct svc_ctx *ctx, int64_t survey_id, struct list_query *q,
                                 bool reveal, json_t **items, int64_t *last_id, size_t *n,
                                 bool *masked, bool *can_reveal);
enum mn_status svc_response_get(struct svc_ctx *ctx, int64_t id, bool reveal, json_t **out);


/* --- figures --------------------------------------------------------------------------------- */
struct figures_query {
    int64_t survey_id;
    char from[11], to[11]; /* YYYY-MM-DD, inclusive; "" = open */
    int64_t store_id, department_id, employee_id;
    const char *channel;   /* NULL = all */
};
enum mn_status svc_survey_figures(struct svc_ctx *ctx, struct figures_query *q, json_t **out,
                                  struct mn_error *err);
/* Rebuilds a survey's rollups from its responses (after a repair); admin. */
enum mn_status svc_survey_rollup_rebuild(struct svc_ctx *ctx, int64_t survey_id, int64_t *n);

/* --- invitations and links ------------------------------------------------------------------- */
struct invitation_input {
    char channel[12];   /* email | sms | link */
    char recipient[256];
    char lang[8];
    int64_t customer_id, event_id, store_id, department_id, employee_id;
    int64_t expires_in_days; /* default 14 */
};
/* Creates an invitation; the token is returned once in out ("token", "url"). */
enum mn_status svc_invitation_create(struct svc_ctx *ctx, int64_t survey_id,
                                     struct invitation_input *in, json_t **out,
                                     struct mn_error *err);
/* Recipients (phone, e-mail) are masked like the free text of responses (see
 * svc_response_list): reveal, masked and can_reveal alike; an unmasked page with recipients
 * writes one view_pii audit entry. */
enum mn_status svc_invitation_list(struct svc_ctx *ctx, int64_t survey_id, struct list_query *q,
                                   bool reveal, json_t **items, int64_t *last_id, size_t *n,
                                   bool *masked, bool *can_reveal);
/* Revokes a personal link (admin; a store manager within the own store): its token then gets
 * "no longer valid", reminders skip it. MN_ERR_CONFLICT when it was already answered; revoking
 * twice is a no-op. out: the invitation. */
enum mn_status svc_invitation_revoke(struct svc_ctx *ctx, int64_t id, json_t **out,
                                     struct mn_error *err);
/* Invitation status and response rate per channel, plus anonymous response counts. */
enum mn_status svc_survey_channels(struct svc_ctx *ctx, int64_t survey_id, json_t **out);

struct link_input {
    char kind[8];        /* qr | link */
    int64_t store_id;    /* 0 = none */
    char touchpoint[64];
    char label[128];
};
enum mn_status svc_link_create(struct svc_ctx *ctx, int64_t survey_id, struct link_input *in,
                               json_t **out, struct mn_error *err);
enum mn_status svc_link_list(struct svc_ctx *ctx, int64_t survey_id, json_t **items);
/* The link's public key (for the QR image), after the scope check. */
enum mn_status svc_link_key(struct svc_ctx *ctx, int64_t link_id, char key[48]);

/* --- public (no login; the tenant comes from the token or key) -------------------------------- */
/* The respondent's view of a personal link: survey definition, partial answers, tenant name and
 * commitment. MN_ERR_NOT_FOUND unknown token; MN_ERR_CONFLICT already answered (*why "used");
 * expired → MN_ERR_CONFLICT with *why "expired"; revoked → MN_ERR_CONFLICT, *why "revoked". */
enum mn_status svc_public_invitation(struct db *db, const char *token, json_t **out,
                                     const char **why);
enum mn_status svc_public_partial(struct db *db, const char *token, const json_t *answers,
                                  struct mn_error *err, const char **why);
enum mn_status svc_public_optout(struct db *db, const char *token);
enum mn_status svc_public_link(struct db *db, const char *key, json_t **out);

/* Prepares a public submission (token or link key) for the writer. rec is filled on MN_OK. */
enum mn_status svc_public_prepare_invitation(struct db *db, const char *token,
                                             const json_t *answers, struct response_rec *rec,
                                             struct mn_error *err, const char **why);
enum mn_status svc_public_prepare_link(struct db *db, const char *key, const json_t *answers,
                                       const char *client_id, struct response_rec *rec,
                                       struct mn_error *err);
/* The thank-you page's content for a written response. Owned. */
json_t *survey_thanks(const struct survey_compiled *c, int64_t response_id);

/* --- the group-commit writer (service/response_writer.c) ------------------------------------- */
/* Called on the writer thread once the batch holding rec committed (rc MN_OK) or failed. The
 * callback owns nothing of rec beyond the call. */
typedef void (*writer_done_fn)(void *arg, enum mn_status rc, const struct response_rec *rec,
                               const struct mn_error *err);
/* Starts the writer on first use with its own connection to db_url. Takes ownership of rec's
 * contents. MN_ERR_RETRY when the queue is full (the caller answers 503). */
enum mn_status writer_submit(const char *db_url, struct response_rec *rec, writer_done_fn done,
                             void *arg);
/* Called on the writer thread after the callbacks of one batch, so that their replies can be
 * handed to the event loops together (one wake-up per loop and batch, not per response). */
typedef void (*writer_flush_fn)(void);
void writer_set_flush(writer_flush_fn fn);
/* Server shutdown: refuses new submissions (MN_ERR_RETRY), writes and acknowledges every one
 * already accepted, and ends the writer thread. The event loops must still exist (replies are
 * handed to them) but need not run. */
void writer_stop(void);

/* --- import and export ----------------------------------------------------------------------- */
/* A column → question mapping with value mapping, for CSV and .xlsx import. */
struct import_spec {
    int64_t survey_id;
    json_t *mapping;      /* {"columns":{"<header>":{"question":id,"row":r,"map":{"0":null}}},
                           *  "key":"<header>", "date":"<header>", "store_id":"<header>",
                           *  "channel":"import"|"paper"}; no columns + dry_run = headers only */
    bool dry_run;         /* preview: validate, write nothing */
    bool xlsx;            /* the source is a workbook (names the field in errors) */
    int64_t store_id;     /* default store for every row */
    int64_t max_errors;   /* rows of errors reported (default 100) */
};
/* A record source: io/csv_reader.h's csv_source_* / xlsx_source_* (same shape, declared there). */
typedef enum mn_status (*import_source_fn)(void *src,
                                           enum mn_status (*row)(void *, char **, size_t),
                                           void *arg, struct mn_error *err);
/* Streams records into the survey. out: {rows, imported, duplicates, failed, errors:[{row,
 * field, message}], preview:[first rows as answers], columns:[headers]}. Idempotent: the key
 * column (or the row's content) makes a re-import skip what is already there. Admin only. */
enum mn_status svc_survey_import(struct svc_ctx *ctx, struct import_spec *spec,
                                 import_source_fn source, void *src, json_t **out,
                                 struct mn_error *err);
/* Writes a survey's responses as CSV (one column per question). The free text of text answers
 * is masked (PII_TEXT_MASK) when mask is set or the caller's role does not see personal data;
 * written in full, the export is one view_pii audit entry on the survey (view "export"). */
enum mn_status svc_survey_export_csv(struct svc_ctx *ctx, int64_t survey_id, bool mask,
                                     FILE *out, int64_t *rows);

/* --- jobs and demo --------------------------------------------------------------------------- */
/* Sends pending invitations and reminders (SMS gateway / mail). */
enum mn_status survey_job_invitations(struct db *db, int64_t now, char *summary, size_t cap);
enum mn_status survey_demo_load(struct svc_ctx *ctx, const struct demo_org *org,
                                struct mn_error *err);

#endif
