/* SPDX-License-Identifier: MIT */
/* Surveys, their frozen versions, anonymous links, invitations, responses, the rollups and
 * feedback alerts as the store reads and writes them (db/migrations/0005_surveys.sql). Every
 * function takes the tenant and filters by it, except the two public look-ups by key/token
 * hash, which return the tenant they found. JSON travels as text; service/ parses it. */
#ifndef MANYI_STORE_SURVEY_H
#define MANYI_STORE_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/figures.h"
#include "db/db.h"

struct survey_row {
    int64_t id, tenant_id;
    char name[404];
    char template_name[32];
    char status[16];        /* draft | published | archived */
    char *draft_json;       /* owned */
    int64_t current_version;
    int draft_dirty;
    int64_t created_at, updated_at;
};
void survey_row_release(struct survey_row *s);

enum mn_status surveys_insert(struct db *db, struct survey_row *s);
enum mn_status surveys_get(struct db *db, int64_t tenant_id, int64_t id, struct survey_row *out);
enum mn_status surveys_update(struct db *db, struct survey_row *s);
/* [out] items: malloc'd, each with draft_json NULL (lists do not carry definitions). */
enum mn_status surveys_list(struct db *db, int64_t tenant_id, int64_t after, int limit,
                            struct survey_row **items, size_t *n);

enum mn_status survey_versions_insert(struct db *db, int64_t tenant_id, int64_t survey_id,
                                      int64_t version, const char *def_json, const char *by,
                                      int64_t *published_at);
/* [out] def_json malloc'd. */
enum mn_status survey_versions_get(struct db *db, int64_t tenant_id, int64_t survey_id,
                                   int64_t version, char **def_json, int64_t *published_at);

struct survey_link {
    int64_t id, tenant_id, survey_id;
    char kind[8];
    char key[48];
    int64_t store_id;
    char touchpoint[64];
    char label[128];
    int active;
    int64_t created_at;
};
enum mn_status survey_links_insert(struct db *db, struct survey_link *l);
enum mn_status survey_links_get(struct db *db, int64_t tenant_id, int64_t id,
                                struct survey_link *out);
/* Public: by key, any tenant. */
enum mn_status survey_links_by_key(struct db *db, const char *key, struct survey_link *out);
enum mn_status survey_links_list(struct db *db, int64_t tenant_id, int64_t survey_id,
                                 struct survey_link **items, size_t *n);

struct survey_invitation {
    int64_t id, tenant_id, survey_id;
    char token_hash[65];
    char channel[12];
    char recipient[256];
    int64_t customer_id, event_id, store_id, department_id, employee_id;
    char lang[8];
    char status[16];
    int64_t expires_at, sent_at, reminders, last_sent_at, responded_at;
    char token_sealed[160]; /* nonce + secretbox of the token, base64; "" = cannot be sent */
    char *partial_json;  /* owned; only filled by the public look-up */
    int64_t created_at;
};
enum mn_status survey_invitations_insert(struct db *db, struct survey_invitation *v);
/* Public: by token hash, any tenant. Fills partial_json (owned). */
enum mn_status survey_invitations_by_hash(struct db *db, const char *hash,
                                          struct survey_invitation *out);
enum mn_status survey_invitations_list(struct db *db, int64_t tenant_id, int64_t survey_id,
                                       int64_t store_id, int64_t after, int limit,
                                       struct survey_invitation **items, size_t *n);
enum mn_status survey_invitations_save_partial(struct db *db, int64_t tenant_id, int64_t id,
                                               const char *json);
enum mn_status survey_invitations_set_status(struct db *db, int64_t tenant_id, int64_t id,
                                             const char *status);
/* Revokes an invitation unless it was answered (MN_ERR_CONFLICT then; MN_ERR_NOT_FOUND for an
 * unknown id); the sealed token is wiped so that no job can send it again. */
enum mn_status survey_invitations_revoke(struct db *db, int64_t tenant_id, int64_t id);
enum mn_status survey_invitations_get(struct db *db, int64_t tenant_id, int64_t id,
                                      struct survey_invitation *out);
/* Marks responded unless already responded or expired at now: MN_ERR_CONFLICT then. */
enum mn_status survey_invitations_mark_responded(struct db *db, int64_t tenant_id, int64_t id,
                                                 int64_t now);
/* Pending invitations due for a first send or a reminder (all tenants; the job's scan). */
enum mn_status survey_invitations_due(struct db *db, int64_t now, int64_t remind_after,
                                      int max_reminders, int limit,
                                      struct survey_invitation **items, size_t *n);
enum mn_status survey_invitations_mark_sent(struct db *db, int64_t tenant_id, int64_t id,
                                            int64_t now, bool reminder);
/* Claims a due invitation for sending: sets last_sent_at = now unless another sender changed it
 * from prev (0 = never sent) first; MN_ERR_CONFLICT then. */
enum mn_status survey_invitations_claim(struct db *db, int64_t tenant_id, int64_t id,
                                        int64_t prev, int64_t now);
/* Gives a claim back after a failed send (last_sent_at = prev). */
enum mn_status survey_invitations_unclaim(struct db *db, int64_t tenant_id, int64_t id,
                                          int64_t prev);
enum mn_status survey_optouts_add(struct db *db, int64_t tenant_id, const char *recipient);
bool survey_optouts_has(struct db *db, int64_t tenant_id, const char *recipient);

/* Per-channel invitation counts: [out] json-ready rows channel/total/sent/responded/opted_out. */
struct channel_count {
    char channel[12];
    int64_t invited, sent, responded, opted_out, responses;
};
enum mn_status survey_channel_counts(struct db *db, int64_t tenant_id, int64_t survey_id,
                                     int64_t store_id, struct channel_count *out, size_t cap,
                                     size_t *n);

struct survey_response_row {
    int64_t id, tenant_id, survey_id, version;
    char channel[12];
    int64_t invitation_id, link_id, customer_id, event_id, followup_task_id;
    int64_t store_id, department_id, employee_id;
    char touchpoint[64];
    char day[11];
    char *answers_json;  /* owned */
    int has_nps;
    int64_t nps_score, nps_category, rated_n, top2_n, alert;
    char *derived_json;  /* owned */
    char dedupe_key[72];
    int64_t submitted_by, submitted_at;
};
void survey_response_row_release(struct survey_response_row *r);
/* Fills r->id. MN_ERR_CONFLICT: the invitation already answered or the dedupe key exists. */
enum mn_status survey_responses_insert(struct db *db, struct survey_response_row *r);
enum mn_status survey_responses_get(struct db *db, int64_t tenant_id, int64_t id,
                                    struct survey_response_row *out);
/* Newest first (id < before; before 0 = from the newest), scoped by store/department (0 = any). */
enum mn_status survey_responses_list(struct db *db, int64_t tenant_id, int64_t survey_id,
                                     int64_t store_id, int64_t department_id, int64_t before,
                                     int limit, struct survey_response_row **items, size_t *n);
/* Walks every response of a survey in id order (export, rollup rebuild). */
typedef enum mn_status (*response_visit_fn)(void *arg, const struct survey_response_row *r);
enum mn_status survey_responses_walk(struct db *db, int64_t tenant_id, int64_t survey_id,
                                     response_visit_fn fn, void *arg);

struct rollup_key {
    int64_t tenant_id, survey_id, store_id, department_id, employee_id;
    char day[11];
    char touchpoint[64];
    char channel[12];
};
/* Adds sums and "share 100 points" allocations (pts NULL = none) to the key's row (creating
 * it). */
enum mn_status survey_rollups_add(struct db *db, const struct rollup_key *k,
                                  const struct figures_sums *s,
                                  const struct servqual_points_acc *pts);
enum mn_status survey_rollups_clear(struct db *db, int64_t tenant_id, int64_t survey_id);

/* Sums over a filter; group_by: NULL (one row), "channel" or "day". */
struct rollup_filter {
    int64_t tenant_id, survey_id, store_id, department_id, employee_id;
    const char *from, *to; /* inclusive days, "" = open */
    const char *channel;   /* "" = any */
};
struct rollup_group {
    char key[16];          /* channel or day; "" without grouping */
    struct figures_sums s;
    struct servqual_points_acc pts; /* respondents' "share 100 points" allocations */
};
enum mn_status survey_rollups_sum(struct db *db, const struct rollup_filter *f,
                                  const char *group_by, struct rollup_group **items, size_t *n);

struct feedback_alert_row {
    int64_t tenant_id, survey_id, response_id, customer_id, event_id, store_id, department_id,
        employee_id;
    const char *reason;
};
enum mn_status feedback_alerts_insert(struct db *db, const struct feedback_alert_row *a);

#endif
