-- 0006 complaints: the closed loop of PRODUCT.md §4 / issue 5. Tickets with their immutable
-- timeline, the tenant's category taxonomy with handling scripts (话术) and recovery strategies,
-- SLA settings, corrective actions (整改), attachments, in-app notifications and the outbox of
-- webhook and email deliveries. followup_task_id is a plain BIGINT: the follow-up capability's
-- table may not exist when this runs.

-- Per-tenant settings: the SLA clock (working or calendar time, hours, holidays), the minutes
-- per severity and stage, the re-complaint window and the webhook receiver.
CREATE TABLE complaint_settings (
    tenant_id           BIGINT PRIMARY KEY REFERENCES tenants(id),
    sla_mode            TEXT NOT NULL DEFAULT 'working',  -- working | calendar
    weekday_mask        BIGINT NOT NULL DEFAULT 62,       -- bit 0 = Sunday; 62 = Mon-Fri
    work_start_min      BIGINT NOT NULL DEFAULT 540,      -- 09:00
    work_end_min        BIGINT NOT NULL DEFAULT 1080,     -- 18:00
    holidays            TEXT NOT NULL DEFAULT '',         -- comma-separated YYYY-MM-DD
    extra_workdays      TEXT NOT NULL DEFAULT '',         -- make-up working days
    sla_json            TEXT NOT NULL DEFAULT '',         -- minutes per severity and stage
    recomplaint_days    BIGINT NOT NULL DEFAULT 30,
    webhook_url         TEXT NOT NULL DEFAULT '',
    webhook_secret      TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL
);

-- The taxonomy (服务态度, 维修质量 …) with the script library and recovery strategies shown
-- beside a ticket. Defaults are written into a tenant on first use.
CREATE TABLE complaint_categories (
    id           BIGSERIAL PRIMARY KEY,
    tenant_id    BIGINT NOT NULL REFERENCES tenants(id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    scripts      TEXT NOT NULL DEFAULT '',   -- handling scripts, one per line
    strategies   TEXT NOT NULL DEFAULT '',   -- recovery strategies, one per line
    sort_order   BIGINT NOT NULL DEFAULT 0,
    active       SMALLINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
-- codes are unique in a tenant; also makes writing the defaults idempotent
CREATE UNIQUE INDEX complaint_categories_code ON complaint_categories (tenant_id, code);

CREATE TABLE tickets (
    id                    BIGSERIAL PRIMARY KEY,
    tenant_id             BIGINT NOT NULL REFERENCES tenants(id),
    store_id              BIGINT NOT NULL REFERENCES stores(id),
    department_id         BIGINT REFERENCES departments(id),  -- responsible, set on assignment
    suggested_department_id BIGINT REFERENCES departments(id),
    assignee_user_id      BIGINT REFERENCES users(id),
    registered_by         BIGINT REFERENCES users(id),        -- NULL = the system (survey alert)
    customer_id           BIGINT REFERENCES customers(id),
    event_id              BIGINT REFERENCES business_events(id),
    followup_task_id      BIGINT,                             -- no FK: see the header
    alert_id              BIGINT REFERENCES feedback_alerts(id),
    source                TEXT NOT NULL,
    category_id           BIGINT NOT NULL REFERENCES complaint_categories(id),
    severity              TEXT NOT NULL,                      -- normal | urgent | critical
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    state                 TEXT NOT NULL,
    escalation_level      BIGINT NOT NULL DEFAULT 0,
    clear_flags           BIGINT NOT NULL DEFAULT 0,
    root_cause            TEXT NOT NULL DEFAULT '',
    action_taken          TEXT NOT NULL DEFAULT '',
    remedy                TEXT NOT NULL DEFAULT '',
    recovery_strategy     TEXT NOT NULL DEFAULT '',
    recomplaint_of        BIGINT REFERENCES tickets(id),
    recomplaint_count     BIGINT NOT NULL DEFAULT 0,          -- later tickets linked to this one
    cycle_start           BIGINT NOT NULL,                    -- registration or last reopening
    first_response_due    BIGINT NOT NULL,
    first_response_at     BIGINT,
    resolution_due        BIGINT NOT NULL,
    resolved_at           BIGINT,
    sla_stage             TEXT NOT NULL,                      -- first_response | resolution | verification | none
    sla_start             BIGINT NOT NULL,
    sla_minutes           BIGINT NOT NULL,
    sla_due               BIGINT NOT NULL,
    sla_level             BIGINT NOT NULL DEFAULT 0,          -- 0, 1 store manager, 2 group
    verify_count          BIGINT NOT NULL DEFAULT 0,
    verify_satisfied      BIGINT NOT NULL DEFAULT 0,
    closed_at             BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
-- the inbox, queue and board: a tenant's tickets by state, keyset on id
CREATE INDEX tickets_state ON tickets (tenant_id, state, id);
-- scope filters (store, department) and the figures by period
CREATE INDEX tickets_store ON tickets (tenant_id, store_id, created_at);
CREATE INDEX tickets_department ON tickets (tenant_id, department_id, id);
-- re-complaint detection: the same customer and category
CREATE INDEX tickets_customer ON tickets (tenant_id, customer_id, category_id, created_at);
-- the escalation job walks open tickets past their stage deadline
CREATE INDEX tickets_sla ON tickets (sla_due, sla_level);

-- The timeline: append-only; the application never updates or deletes a row.
CREATE TABLE ticket_events (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id),
    at          BIGINT NOT NULL,
    user_id     BIGINT,                -- NULL = the system (jobs)
    username    TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,         -- register, assign, accept …, note, clear, sla_escalate …
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    data_json   TEXT NOT NULL DEFAULT '{}'
);
-- a ticket's timeline in order
CREATE INDEX ticket_events_ticket ON ticket_events (tenant_id, ticket_id, id);

-- Corrective actions (整改) raised from a ticket, verified by CR (监督实施和达标).
CREATE TABLE corrective_actions (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    ticket_id     BIGINT NOT NULL REFERENCES tickets(id),
    store_id      BIGINT NOT NULL REFERENCES stores(id),
    department_id BIGINT REFERENCES departments(id),
    title         TEXT NOT NULL,
    owner_name    TEXT NOT NULL,
    owner_user_id BIGINT REFERENCES users(id),
    due_at        BIGINT NOT NULL,
    evidence      TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'open',   -- open | done | verified
    done_at       BIGINT,
    verified_at   BIGINT,
    verified_by   BIGINT REFERENCES users(id),
    verify_note   TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
-- a ticket's actions; the corrective-actions page by store
CREATE INDEX corrective_actions_ticket ON corrective_actions (tenant_id, ticket_id, id);
CREATE INDEX corrective_actions_store ON corrective_actions (tenant_id, store_id, id);

CREATE TABLE ticket_attachments (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    ticket_id     BIGINT NOT NULL REFERENCES tickets(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    storage_key   TEXT NOT NULL,      -- path under MANYI_DATA_DIR
    uploaded_by   BIGINT REFERENCES users(id),
    created_at    BIGINT NOT NULL
);
-- a ticket's attachments
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (tenant_id, ticket_id, id);

-- In-app notifications: assignment, escalation, reopening, return to CR.
CREATE TABLE notifications (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    ticket_id   BIGINT REFERENCES tickets(id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
-- a user's notifications, newest first
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, id);

-- Outbox of webhook posts and emails, written in the transaction of the change that caused
-- them and delivered by a job, so that nothing is lost when a receiver is down or the server
-- restarts. Claimed with a conditional UPDATE (locked_until) so two servers never send twice
-- at once.
CREATE TABLE complaint_deliveries (
    id               BIGSERIAL PRIMARY KEY,
    tenant_id        BIGINT NOT NULL REFERENCES tenants(id),
    channel          TEXT NOT NULL,          -- webhook | email
    event            TEXT NOT NULL,          -- complaint.assigned …
    target           TEXT NOT NULL,          -- URL or email address
    subject          TEXT NOT NULL DEFAULT '',
    payload          TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    locked_until     BIGINT NOT NULL DEFAULT 0,
    delivered_at     BIGINT,
    failed_at        BIGINT,                 -- gave up after the last attempt
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL
);
-- the delivery job walks due rows
CREATE INDEX complaint_deliveries_due ON complaint_deliveries (delivered_at, next_attempt_at);
