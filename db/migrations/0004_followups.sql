-- 0004 follow-up calls (回访管理, issue 3): the rules that turn business events into call tasks,
-- the tasks themselves (the CR work queue), every call attempt with its outcome, the round-robin
-- cursor per store, and imports (saved column mapping, one row per run, per-row errors).
-- survey_id is a plain BIGINT on purpose: the surveys capability owns its tables.

CREATE TABLE followup_rules (
    id               BIGSERIAL PRIMARY KEY,
    tenant_id        BIGINT NOT NULL REFERENCES tenants(id),
    code             TEXT NOT NULL,                 -- stable name: sale_day7, service_day3, ...
    name             TEXT NOT NULL,
    trigger_type     TEXT NOT NULL,                 -- sale | service | repair | other
    store_id         BIGINT REFERENCES stores(id),  -- optional filter: only this store's events
    task_type        TEXT NOT NULL,                 -- satisfaction | maintenance | care
    offset_days      BIGINT NOT NULL,
    window_days      BIGINT NOT NULL,
    quiet_start_min  BIGINT NOT NULL,
    quiet_end_min    BIGINT NOT NULL,
    max_attempts     BIGINT NOT NULL,
    retry_minutes    BIGINT NOT NULL,
    survey_id        BIGINT,                        -- survey filled in the call, NULL = none
    assign_mode      TEXT NOT NULL DEFAULT 'auto',  -- auto (round robin) | manual
    script           TEXT NOT NULL DEFAULT '',      -- call script shown on the call screen
    active           SMALLINT NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- shipped defaults are inserted once per tenant by code (ON CONFLICT DO NOTHING)
CREATE UNIQUE INDEX followup_rules_code ON followup_rules (tenant_id, code);

CREATE TABLE followup_tasks (
    id                BIGSERIAL PRIMARY KEY,
    tenant_id         BIGINT NOT NULL REFERENCES tenants(id),
    rule_id           BIGINT NOT NULL REFERENCES followup_rules(id),
    event_id          BIGINT NOT NULL REFERENCES business_events(id),
    seq               BIGINT NOT NULL,               -- 0; maintenance stage number
    customer_id       BIGINT NOT NULL REFERENCES customers(id),
    store_id          BIGINT NOT NULL REFERENCES stores(id),
    department_id     BIGINT,                        -- the event's department (figures)
    task_type         TEXT NOT NULL,
    due_on            TEXT NOT NULL,                 -- YYYY-MM-DD, tenant's zone
    window_end        TEXT NOT NULL,                 -- last on-time day
    open_at           BIGINT NOT NULL,
    close_at          BIGINT NOT NULL,               -- on time when completed before this
    status            TEXT NOT NULL DEFAULT 'open',  -- open | done | unreachable | refused
    assignee_id       BIGINT REFERENCES users(id),   -- NULL = in the store's pool
    attempts          BIGINT NOT NULL DEFAULT 0,
    failed_attempts   BIGINT NOT NULL DEFAULT 0,
    connected_calls   BIGINT NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT NOT NULL,               -- not before this instant (retry, call back)
    last_outcome      TEXT NOT NULL DEFAULT '',
    target_km         BIGINT,                        -- maintenance reminders: odometer target
    completed_at      BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
-- exactly once per (rule, event, sequence), even with several schedulers on PostgreSQL
CREATE UNIQUE INDEX followup_tasks_once ON followup_tasks (rule_id, event_id, seq);
-- the work queue of a store: open tasks by due date
CREATE INDEX followup_tasks_queue ON followup_tasks (tenant_id, store_id, status, due_on);
-- a customer's tasks (360° page)
CREATE INDEX followup_tasks_customer ON followup_tasks (tenant_id, customer_id);
-- figures by period
CREATE INDEX followup_tasks_due ON followup_tasks (tenant_id, due_on);

CREATE TABLE followup_calls (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    task_id       BIGINT NOT NULL REFERENCES followup_tasks(id),
    user_id       BIGINT REFERENCES users(id),
    outcome       TEXT NOT NULL,  -- connected | no_answer | busy | wrong_number | refused | callback
    notes         TEXT NOT NULL DEFAULT '',
    callback_at   BIGINT,
    called_at     BIGINT NOT NULL
);
-- the call history of a task
CREATE INDEX followup_calls_task ON followup_calls (tenant_id, task_id, id);

-- round robin within a store's CR team: the next position to hand a task to
CREATE TABLE followup_rr (
    tenant_id  BIGINT NOT NULL REFERENCES tenants(id),
    store_id   BIGINT NOT NULL REFERENCES stores(id),
    position   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, store_id)
);

-- the scheduler's progress per rule: events up to last_event_id have been seen as they arrived,
-- and due dates up to last_due_on have been walked as days passed (maintenance: last day run)
CREATE TABLE followup_cursors (
    tenant_id      BIGINT NOT NULL REFERENCES tenants(id),
    rule_id        BIGINT NOT NULL REFERENCES followup_rules(id),
    last_event_id  BIGINT NOT NULL,
    last_due_on    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, rule_id)
);

-- the scheduler reads sales/service events by type and date
CREATE INDEX business_events_type_day ON business_events (tenant_id, type, occurred_on, id);

-- column mapping of imports, saved per tenant: {"our field": "source column header"}
CREATE TABLE import_mappings (
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    kind          TEXT NOT NULL,                 -- customers_events
    mapping_json  TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE imports (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    user_id       BIGINT REFERENCES users(id),
    filename      TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL,                 -- csv | xlsx
    rows_total    BIGINT NOT NULL DEFAULT 0,
    rows_ok       BIGINT NOT NULL DEFAULT 0,
    rows_failed   BIGINT NOT NULL DEFAULT 0,
    customers_new BIGINT NOT NULL DEFAULT 0,
    events_new    BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
-- the import history of a tenant, newest first
CREATE INDEX imports_tenant ON imports (tenant_id, id);

CREATE TABLE import_errors (
    id           BIGSERIAL PRIMARY KEY,
    tenant_id    BIGINT NOT NULL REFERENCES tenants(id),
    import_id    BIGINT NOT NULL REFERENCES imports(id),
    row_no       BIGINT NOT NULL,               -- 1 = the header line; data starts at 2
    column_name  TEXT NOT NULL,
    reason       TEXT NOT NULL
);
-- the downloadable error report of one import
CREATE INDEX import_errors_import ON import_errors (tenant_id, import_id, id);
