/* SPDX-License-Identifier: MIT */
/* Customers and business events (sale, service visit, repair …), tenant-scoped. The follow-up
 * capability owns these files; surveys and complaints read customers and events through them. */
#ifndef MANYI_STORE_CUSTOMERS_H
#define MANYI_STORE_CUSTOMERS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "store/org.h"

struct customer {
    int64_t id, tenant_id;
    int64_t store_id;            /* 0 = none */
    char name[204];              /* 1–50 characters */
    char phone[12];              /* normalised mainland mobile, or "" */
    char email[255];
    char preferred_channel[12];  /* phone | sms | email | wechat | none */
    int consent;                 /* agreed to be contacted for feedback */
    int do_not_disturb;
    char tags[404];              /* comma-separated */
    char birthday[11];           /* YYYY-MM-DD or "" */
    char external_id[65];        /* "" = none */
    int64_t created_at, updated_at;
};

struct business_event {
    int64_t id, tenant_id, customer_id, store_id;
    int64_t department_id, employee_id; /* 0 = none */
    char type[12];                      /* sale | service | repair | other */
    char occurred_on[11];               /* YYYY-MM-DD, tenant's zone */
    int64_t occurred_at;                /* unix seconds */
    int64_t amount_fen;                 /* -1 = unknown */
    char vin[24];
    char plate[24];
    char model[204];
    int64_t mileage_km;                 /* -1 = unknown */
    char *attrs_json;                   /* owned; NULL reads as "{}" */
    char external_id[65];
    int64_t created_at;
};

enum mn_status customers_insert(struct db *db, struct customer *c);
enum mn_status customers_get(struct db *db, int64_t tenant_id, int64_t id, struct customer *out);
/* MN_ERR_NOT_FOUND when no customer has this external id. */
enum mn_status customers_get_by_external(struct db *db, int64_t tenant_id, const char *external_id,
                                         struct customer *out);
enum mn_status customers_update(struct db *db, struct customer *c);
/* q->store_id filters; q->q matches name, phone or external id. */
enum mn_status customers_list(struct db *db, int64_t tenant_id, const struct list_query *q,
                              struct customer **items, size_t *n);

enum mn_status events_insert(struct db *db, struct business_event *e);
enum mn_status events_get(struct db *db, int64_t tenant_id, int64_t id, struct business_event *out);
enum mn_status events_get_by_external(struct db *db, int64_t tenant_id, const char *external_id,
                                      struct business_event *out);
/* A customer's events in id order (the order they were recorded); q->after / q->limit page. */
enum mn_status events_list_by_customer(struct db *db, int64_t tenant_id, int64_t customer_id,
                                       const struct list_query *q, struct business_event **items,
                                       size_t *n);
/* Frees attrs_json of each and the array. Accepts NULL. */
void events_free(struct business_event *items, size_t n);
void event_release(struct business_event *e);

#endif
