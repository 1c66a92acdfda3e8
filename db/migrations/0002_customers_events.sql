-- 0002 customers and business events: who the CR department calls, and the sales, service
-- visits and repairs that trigger follow-ups (PRODUCT.md §3). Surveys and complaints refer to
-- both. external_id makes re-imports from a dealer management system idempotent.

CREATE TABLE customers (
    id                 BIGSERIAL PRIMARY KEY,
    tenant_id          BIGINT NOT NULL REFERENCES tenants(id),
    store_id           BIGINT REFERENCES stores(id),
    name               TEXT NOT NULL,
    phone              TEXT NOT NULL DEFAULT '',      -- normalised mainland mobile, or ''
    email              TEXT NOT NULL DEFAULT '',
    preferred_channel  TEXT NOT NULL DEFAULT 'phone', -- phone | sms | email | wechat | none
    consent            SMALLINT NOT NULL DEFAULT 1,   -- agreed to be contacted for feedback
    do_not_disturb     SMALLINT NOT NULL DEFAULT 0,
    tags               TEXT NOT NULL DEFAULT '',      -- comma-separated labels
    birthday           TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD or ''
    external_id        TEXT,                          -- id in the source system, NULL = none
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
-- idempotent import: one customer per source id in a tenant
CREATE UNIQUE INDEX customers_external ON customers (tenant_id, external_id);
-- look-up by phone (call screen, de-duplication on import)
CREATE INDEX customers_phone ON customers (tenant_id, phone);
-- a store's customers, keyset-paged
CREATE INDEX customers_store ON customers (tenant_id, store_id, id);

-- A sale, a service visit, a repair, or another event that may call for a follow-up.
CREATE TABLE business_events (
    id             BIGSERIAL PRIMARY KEY,
    tenant_id      BIGINT NOT NULL REFERENCES tenants(id),
    customer_id    BIGINT NOT NULL REFERENCES customers(id),
    store_id       BIGINT NOT NULL REFERENCES stores(id),
    department_id  BIGINT REFERENCES departments(id),
    employee_id    BIGINT REFERENCES employees(id),  -- sales consultant / service advisor
    type           TEXT NOT NULL,                    -- sale | service | repair | other
    occurred_on    TEXT NOT NULL,                    -- civil date in the tenant's zone, YYYY-MM-DD
    occurred_at    BIGINT NOT NULL,                  -- unix seconds (UTC)
    amount_fen     BIGINT,                           -- money in fen (1/100 yuan), NULL = unknown
    vin            TEXT NOT NULL DEFAULT '',
    plate          TEXT NOT NULL DEFAULT '',
    model          TEXT NOT NULL DEFAULT '',
    mileage_km     BIGINT,                           -- odometer at the visit, NULL = unknown
    attrs_json     TEXT NOT NULL DEFAULT '{}',       -- further typed attributes
    external_id    TEXT,
    created_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX business_events_external ON business_events (tenant_id, external_id);
-- a customer's history (360° page, mileage estimation)
CREATE INDEX business_events_customer ON business_events (tenant_id, customer_id, occurred_at);
-- the scheduler walks events by date; figures count events per store and period
CREATE INDEX business_events_store_day ON business_events (tenant_id, store_id, occurred_on);
