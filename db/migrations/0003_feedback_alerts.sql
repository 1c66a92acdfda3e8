-- 0003 feedback alerts: the event that connects collection to the complaint loop (PRODUCT.md
-- §2 and §4). A survey response with a low score (a detractor, or a dimension at or below the
-- tenant's threshold) inserts one row here in the same transaction as the response; the
-- complaint capability's job claims unconsumed rows exactly once (consumed_at IS NULL → set)
-- and opens a ticket. Other subscribers (webhooks) may read the same rows.
CREATE TABLE feedback_alerts (
    id             BIGSERIAL PRIMARY KEY,
    tenant_id      BIGINT NOT NULL REFERENCES tenants(id),
    kind           TEXT NOT NULL,                -- low_score
    survey_id      BIGINT,                       -- the survey answered
    response_id    BIGINT,                       -- the response that raised it
    customer_id    BIGINT REFERENCES customers(id),
    event_id       BIGINT REFERENCES business_events(id),
    store_id       BIGINT REFERENCES stores(id),
    department_id  BIGINT REFERENCES departments(id),
    employee_id    BIGINT REFERENCES employees(id),
    reason         TEXT NOT NULL DEFAULT '',     -- e.g. "NPS 3", "反应度 2.0 ≤ 2.5"
    created_at     BIGINT NOT NULL,
    consumed_at    BIGINT,                       -- set by the subscriber that handled it
    ticket_id      BIGINT                        -- the complaint opened for it, if any
);
-- the complaint job walks a tenant's unconsumed alerts oldest first
CREATE INDEX feedback_alerts_pending ON feedback_alerts (tenant_id, consumed_at, id);
