/* SPDX-License-Identifier: MIT */
/* The follow-up scheduler: turns business events into call tasks as events arrive and days
 * pass. Per tenant and rule it walks (a) events recorded since its cursor whose due date has
 * come, and (b) events whose due date arrived since the last run; maintenance reminders are
 * walked once a day. Dates come from core/followup.c in the tenant's zone. Each task is
 * inserted with ON CONFLICT DO NOTHING on (rule, event, seq): exactly once, even when two
 * servers run this at the same time against PostgreSQL. Events whose due date is more than
 * LOOKBACK_DAYS old get no task (historical imports must not flood the queue). */
#include <stdlib.h>
#include <string.h>

#include "core/followup.h"
#include "core/fucall.h"
#include "io/tz.h"
#include "service/followup.h"

enum {
    LOOKBACK_DAYS = 30,    /* due dates older than this are history, not work */
    BATCH = 10000,         /* events per transaction: fewer commits, each one an fsync */
    MAX_AGENTS = 64,       /* per team */
    MAX_TEAMS = 256,       /* cached per rule run: stores, or departments and stores */
    MAINT_YEARS = 3,       /* sales this recent get maintenance reminders */
    MAX_READINGS = 32,
};

/* A rule's team for the events of a store (department_id 0: its CR agents) or of a department
 * (a staff or dept_manager rule: the department's users of that role). */
struct agent_team {
    int64_t store_id, department_id;
    int64_t ids[MAX_AGENTS];
    size_t n;
    int64_t next;      /* round-robin position for the next task */
    int64_t used;      /* positions used in the current batch */
    bool loaded;       /* position read in this batch */
};

struct sched {
    struct db *db;
    int64_t tenant_id, now;
    int offset_min;
    struct civil_date today;
    struct agent_team teams[MAX_TEAMS];
    size_t n_teams;
    int64_t created, seen;
};

static struct agent_team *team_of(struct sched *s, const struct fu_rule *r, int64_t store_id,
                                  int64_t department_id, enum mn_status *rc)
{
    *rc = MN_OK;
    for (size_t i = 0; i < s->n_teams; i++)
        if (s->teams[i].store_id == store_id && s->teams[i].department_id == department_id)
            return &s->teams[i];
    if (s->n_teams == MAX_TEAMS)
        return NULL; /* beyond the cache: such tasks stay in the pool */
    struct agent_team *t = &s->teams[s->n_teams];
    *t = (struct agent_team){.store_id = store_id, .department_id = department_id};
    if ((*rc = fu_store_agents(s->db, s->tenant_id, store_id, department_id, r, t->ids,
                               MAX_AGENTS, &t->n)) != MN_OK)
        return NULL;
    s->n_teams++;
    return t;
}

/* The user of rule r's team for an event of (store, department) whose turn it is (0 when the
 * team is empty); the turn passes only when team->used grows, i.e. when the task was really
 * created. A department rule's events without a department go to the store's CR agents
 * (department 0). */
static enum mn_status peek_agent(struct sched *s, const struct fu_rule *r, int64_t store_id,
                                 int64_t department_id, struct agent_team **team, int64_t *out)
{
    enum mn_status rc;
    *out = 0;
    struct agent_team *t = team_of(s, r, store_id, department_id, &rc);
    *team = t;
    if (t == NULL || t->n == 0)
        return rc;
    if (!t->loaded) {
        if ((rc = fu_rr_reserve(s->db, s->tenant_id, store_id, department_id, r->assign_role, 0,
                                &t->next)) != MN_OK)
            return rc;
        t->loaded = true;
        t->used = 0;
    }
    *out = t->ids[(size_t)((t->next + t->used) % (int64_t)t->n)];
    return MN_OK;
}

/* Advances the stored round-robin positions by what this batch used. */
static enum mn_status flush_teams(struct sched *s, const struct fu_rule *r)
{
    for (size_t i = 0; i < s->n_teams; i++) {
        struct agent_team *t = &s->teams[i];
        if (t->loaded && t->used > 0) {
            int64_t ignored;
            enum mn_status rc = fu_rr_reserve(s->db, s->tenant_id, t->store_id,
                                              t->department_id, r->assign_role, t->used,
                                              &ignored);
            if (rc != MN_OK)
                return rc;
        }
        t->loaded = false;
        t->used = 0;
    }
    return MN_OK;
}

static int trigger_of(const char *type)
{
    static const char *const t[] = {"sale", "service", "repair", "other"};
    for (int i = 0; i < 4; i++)
        if (strcmp(type, t[i]) == 0)
            return i;
    return -1;
}

static struct followup_rule core_rule(const struct fu_rule *r)
{
    int trig = trigger_of(r->trigger_type);
    return (struct followup_rule){
        .id = r->id, .trigger = (enum followup_event)(trig < 0 ? 0 : trig),
        .offset_days = (int)r->offset_days, .window_days = (int)r->window_days,
        .quiet_start_min = (int)r->quiet_start_min, .quiet_end_min = (int)r->quiet_end_min,
        .max_attempts = (int)r->max_attempts, .retry_minutes = (int)r->retry_minutes,
    };
}

/* Creates the task of one (rule, event, seq) whose due date is `base` + rule offset. */
static enum mn_status make_task(struct sched *s, const struct fu_rule *r,
                                const struct followup_rule *cr, const struct fu_event_row *ev,
                                struct civil_date base, int seq, int64_t target_km)
{
    struct followup_schedule sch;
    enum mn_status rc = followup_schedule_task(cr, base, s->offset_min, &sch);
    if (rc != MN_OK)
        return MN_OK; /* a rule or date core rejects makes no task; validation keeps both sane */
    struct fu_task t = {
        .tenant_id = s->tenant_id, .rule_id = r->id, .event_id = ev->id, .seq = seq,
        .customer_id = ev->customer_id, .store_id = ev->store_id,
        .department_id = ev->department_id, .open_at = sch.open_at, .close_at = sch.close_at,
        .target_km = target_km,
    };
    snprintf(t.task_type, sizeof t.task_type, "%s", r->task_type);
    civil_date_format(sch.due, t.due_on);
    civil_date_format(sch.window_end, t.window_end);
    /* a department rule's task of an event with a department is that department's role's;
     * every other task is the store's CR agents' */
    int64_t team_dept = fu_rule_by_department(r) ? ev->department_id : 0;
    if (team_dept != 0)
        snprintf(t.assign_role, sizeof t.assign_role, "%s", r->assign_role);
    struct agent_team *team = NULL;
    if (strcmp(r->assign_mode, "auto") == 0 &&
        (rc = peek_agent(s, r, ev->store_id, team_dept, &team, &t.assignee_id)) != MN_OK)
        return rc;
    bool created;
    if ((rc = fu_tasks_insert_once(s->db, &t, &created)) != MN_OK || !created)
        return rc;
    s->created++;
    if (team != NULL && t.assignee_id != 0)
        team->used++;
    return MN_OK;
}

static enum mn_status in_tx(struct db *db, enum mn_status (*fn)(void *), void *arg)
{
    for (int attempt = 0;; attempt++) {
        enum mn_status rc = db_begin(db);
        if (rc == MN_OK)
            rc = fn(arg);
        if (rc == MN_OK)
            rc = db_commit(db);
        if (rc == MN_OK)
            return MN_OK;
        db_rollback(db);
        if (rc != MN_ERR_RETRY || attempt == 4)
            return rc;
    }
}

struct batch {
    struct sched *s;
    const struct fu_rule *r;
    struct followup_rule cr;
    size_t n;
    const struct fu_sale_reading *sales; /* sales with their readings */
};

/* One sale and its readings (rows[0..n)): the maintenance stage due today, if any. */
static enum mn_status maint_one(struct batch *b, const struct fu_sale_reading *rows, size_t n)
{
    struct civil_date sale;
    if (!civil_date_parse(rows[0].sale.occurred_on, &sale))
        return MN_OK;
    struct maint_reading rd[MAX_READINGS];
    size_t k = 0;
    for (size_t j = 0; j < n && k < MAX_READINGS; j++)
        if (rows[j].reading_km >= 0 && civil_date_parse(rows[j].reading_on, &rd[k].date))
            rd[k++].km = rows[j].reading_km;
    struct maint_plan plan = maint_plan_default();
    bool found;
    int stage;
    struct maint_due due;
    if (maint_stage_due(&plan, sale, rd, k, b->s->today, LOOKBACK_DAYS, &found, &stage, &due) !=
            MN_OK || !found)
        return MN_OK;
    struct followup_rule at_due = b->cr;
    at_due.offset_days = 0;
    return make_task(b->s, b->r, &at_due, &rows[0].sale, due.due, stage, due.target_km);
}

static enum mn_status run_maint_batch(void *arg)
{
    struct batch *b = arg;
    int64_t created0 = b->s->created;
    enum mn_status rc = MN_OK;
    for (size_t i = 0; i < b->n && rc == MN_OK;) {
        size_t j = i + 1;
        while (j < b->n && b->sales[j].sale.id == b->sales[i].sale.id)
            j++;
        rc = maint_one(b, &b->sales[i], j - i);
        i = j;
    }
    if (rc == MN_OK)
        rc = flush_teams(b->s, b->r);
    if (rc != MN_OK)
        b->s->created = created0;
    return rc;
}

struct days {
    struct sched *s;
    const struct fu_rule *r;
    struct civil_date from, to;
    int64_t min_id;
    enum fu_walk walk;
    bool maybe_done;
    int64_t created;
};

enum { MAX_DAYS = LOOKBACK_DAYS + 1 }; /* the dates one statement schedules */

/* Core computes the schedule of each event date once; one INSERT … SELECT per chunk of dates
 * then creates the tasks of every event on those dates, assigned round robin as they go in
 * (1,000,000 events: bench/import, docs/benchmarks.md). */
static enum mn_status days_tx(void *arg)
{
    struct days *x = arg;
    struct followup_rule cr = core_rule(x->r);
    bool auto_assign = strcmp(x->r->assign_mode, "auto") == 0;
    struct fu_day_schedule days[MAX_DAYS];
    char text[MAX_DAYS][3][11];
    enum mn_status rc = MN_OK;
    x->created = 0;
    if (auto_assign)
        rc = fu_sched_teams_load(x->s->db, x->s->tenant_id, x->r);
    struct civil_date d = x->from;
    while (rc == MN_OK && civil_date_cmp(d, x->to) <= 0) {
        size_t n = 0;
        char from_on[11], to_on[11];
        civil_date_format(d, from_on);
        for (; civil_date_cmp(d, x->to) <= 0 && n < MAX_DAYS; d = civil_add_days(d, 1)) {
            struct followup_schedule sch;
            if (followup_schedule_task(&cr, d, x->s->offset_min, &sch) != MN_OK)
                continue; /* a rule core rejects makes no task; validation keeps rules sane */
            civil_date_format(d, text[n][0]);
            civil_date_format(sch.due, text[n][1]);
            civil_date_format(sch.window_end, text[n][2]);
            days[n] = (struct fu_day_schedule){text[n][0], text[n][1], text[n][2], sch.open_at,
                                               sch.close_at};
            n++;
        }
        civil_date_format(civil_add_days(d, -1), to_on);
        if (n == 0)
            continue;
        int64_t before = 0, created = 0;
        if ((rc = fu_sched_days_set(x->s->db, days, n)) != MN_OK ||
            (rc = fu_tasks_max_id(x->s->db, x->s->tenant_id, &before)) != MN_OK ||
            (rc = fu_tasks_create_days(x->s->db, x->s->tenant_id, x->r, from_on, to_on,
                                       x->min_id, x->walk, x->maybe_done, &created)) != MN_OK)
            break;
        x->created += created;
        if (auto_assign && created > 0)
            rc = fu_rr_advance(x->s->db, x->s->tenant_id, x->r, before);
    }
    return rc;
}

/* Creates the tasks of one rule for the events dated in [from, to] with id > min_id. */
static enum mn_status walk_days(struct sched *s, const struct fu_rule *r, struct civil_date from,
                                struct civil_date to, int64_t min_id, enum fu_walk walk,
                                bool maybe_done)
{
    if (civil_date_cmp(from, to) > 0)
        return MN_OK;
    struct days x = {.s = s, .r = r, .from = from, .to = to, .min_id = min_id, .walk = walk,
                     .maybe_done = maybe_done};
    enum mn_status rc = in_tx(s->db, days_tx, &x);
    if (rc == MN_OK) {
        s->created += x.created;
        s->seen += x.created;
    }
    return rc;
}

/* Walks the sales dated in [from, to] with their odometer readings for the reminders. */
static enum mn_status walk_maintenance(struct sched *s, const struct fu_rule *r,
                                       struct civil_date from, struct civil_date to)
{
    char from_on[11], to_on[11], bare_to_on[11];
    civil_date_format(from, from_on);
    civil_date_format(to, to_on);
    /* Without odometer readings the first stage falls due first_months after the sale and
     * every later one after it (core/followup.c maint_due_date): a sale more recent than that
     * with no reading has nothing due, so it is not read. 4 days of margin cover month ends
     * (31 March + 1 month = 30 April). */
    struct maint_plan plan = maint_plan_default();
    civil_date_format(civil_add_days(civil_add_months(s->today, -plan.first_months), 4),
                      bare_to_on);
    struct fu_sale_reading *rows = malloc(BATCH * sizeof *rows);
    if (rows == NULL)
        return MN_ERR_NOMEM;
    struct batch b = {.s = s, .r = r, .cr = core_rule(r), .sales = rows};
    int64_t after = 0;
    enum mn_status rc;
    for (;;) {
        size_t n;
        if ((rc = fu_sales_with_readings(s->db, s->tenant_id, r->store_id, from_on, to_on,
                                         bare_to_on, after, rows, BATCH, &n)) != MN_OK || n == 0)
            break;
        /* A full page may end inside a sale's readings: leave that sale to the next page,
         * unless it is the only one (then its first BATCH readings are plenty). */
        size_t use = n;
        if (n == BATCH && rows[0].sale.id != rows[n - 1].sale.id)
            while (use > 0 && rows[use - 1].sale.id == rows[n - 1].sale.id)
                use--;
        b.n = use;
        size_t sales = 0;
        for (size_t i = 0; i < use; i++)
            sales += i == 0 || rows[i].sale.id != rows[i - 1].sale.id;
        s->seen += (int64_t)sales;
        if ((rc = in_tx(s->db, run_maint_batch, &b)) != MN_OK)
            break;
        after = rows[use - 1].sale.id;
        if (n < BATCH)
            break;
    }
    free(rows);
    return rc;
}

/* Events already recorded a while ago may have been committed late (PostgreSQL allocates ids
 * before commit): rescan this many ids behind the cursor; the unique key absorbs repeats. */
enum { ID_OVERLAP = 1000 };

static enum mn_status run_rule(struct sched *s, const struct fu_rule *r)
{
    struct fu_cursor cur;
    int64_t max_id;
    s->n_teams = 0; /* teams are the rule's own (fu_rule.assign_team) */
    enum mn_status rc = fu_cursor_get(s->db, s->tenant_id, r->id, &cur);
    if (rc == MN_OK)
        rc = fu_events_max_id(s->db, s->tenant_id, &max_id);
    if (rc != MN_OK)
        return rc;
    char today_s[11];
    civil_date_format(s->today, today_s);
    bool maintenance = strcmp(r->task_type, "maintenance") == 0;
    if (maintenance) {
        /* Maintenance due dates move with mileage, so walk the recent sales once a day. */
        if (cur.found && strcmp(cur.last_due_on, today_s) >= 0 && cur.last_event_id >= max_id)
            return MN_OK;
        struct civil_date from = civil_add_months(s->today, -12 * MAINT_YEARS);
        rc = walk_maintenance(s, r, from, s->today);
    } else {
        /* Event dates whose due date is in [today - LOOKBACK, today]. */
        struct civil_date last = civil_add_days(s->today, -r->offset_days);
        struct civil_date first = civil_add_days(last, -LOOKBACK_DAYS);
        struct civil_date prev;
        if (!cur.found) {
            /* the rule's first run: every event, in id order, none done yet (a run that
             * failed before its cursor was saved leaves tasks the unique key skips) */
            rc = walk_days(s, r, first, last, 0, FU_WALK_BY_ID, false);
        } else {
            /* (a) events recorded since the last run, due already */
            rc = walk_days(s, r, first, last,
                           cur.last_event_id > ID_OVERLAP ? cur.last_event_id - ID_OVERLAP : 0,
                           FU_WALK_BY_ID, true);
            /* (b) events whose due date came since the last run */
            if (rc == MN_OK && civil_date_parse(cur.last_due_on, &prev)) {
                struct civil_date from = civil_add_days(prev, 1 - r->offset_days);
                if (civil_date_cmp(from, first) < 0)
                    from = first;
                rc = walk_days(s, r, from, last, 0, FU_WALK_BY_DAY, true);
            }
        }
    }
    if (rc != MN_OK)
        return rc;
    return fu_cursor_set(s->db, s->tenant_id, r->id, max_id, today_s);
}

static enum mn_status ensure_defaults(void *arg)
{
    struct sched *s = arg;
    return fu_rules_ensure_defaults(s->db, s->tenant_id);
}

enum mn_status fu_schedule_run(struct db *db, int64_t now, struct fu_sched_result *out)
{
    *out = (struct fu_sched_result){0};
    struct fu_tenant_zone *tenants = NULL;
    size_t nt = 0;
    enum mn_status rc = fu_tenants_list(db, &tenants, &nt);
    if (rc != MN_OK)
        return rc;
    struct sched *s = calloc(1, sizeof *s);
    if (s == NULL) {
        free(tenants);
        return MN_ERR_NOMEM;
    }
    if ((rc = fu_sched_scratch(db)) != MN_OK) {
        free(s);
        free(tenants);
        return rc;
    }
    /* A run acknowledges nothing to anyone and is idempotent (the unique key, the cursors):
     * a crash that loses its last commits only makes the next run redo them. */
    bool bulk = db_bulk_begin(db) == MN_OK;
    for (size_t i = 0; i < nt && rc == MN_OK; i++) {
        *s = (struct sched){.db = db, .tenant_id = tenants[i].id, .now = now};
        s->offset_min = tz_offset_minutes(tenants[i].timezone, now);
        s->today = civil_from_epoch(now, s->offset_min).date;
        if ((rc = in_tx(db, ensure_defaults, s)) != MN_OK)
            break;
        struct fu_rule *rules = NULL;
        size_t nr = 0;
        if ((rc = fu_rules_list(db, s->tenant_id, &rules, &nr)) != MN_OK)
            break;
        for (size_t k = 0; k < nr && rc == MN_OK; k++)
            if (rules[k].active)
                rc = run_rule(s, &rules[k]);
        free(rules);
        out->tasks_created += s->created;
        out->events_seen += s->seen;
        out->tenants++;
    }
    if (bulk) {
        enum mn_status end = db_bulk_end(db);
        if (rc == MN_OK)
            rc = end;
    }
    free(s);
    free(tenants);
    return rc;
}
