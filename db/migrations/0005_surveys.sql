-- 0005 surveys and feedback collection (issue 4, PRODUCT.md §2): survey definitions and their
-- frozen versions, invitations (personal links), anonymous links and QR codes, responses with
-- their derived values, the rollup table the figures read (ARCHITECTURE.md "Performance by
-- design"), opt-outs and import batches. Ids that may be absent are 0 in rollup keys (not NULL)
-- so that ON CONFLICT finds the row.

CREATE TABLE surveys (
    id               BIGSERIAL PRIMARY KEY,
    tenant_id        BIGINT NOT NULL REFERENCES tenants(id),
    name             TEXT NOT NULL,
    template         TEXT NOT NULL DEFAULT '',     -- built-in template it started from
    status           TEXT NOT NULL DEFAULT 'draft', -- draft | published | archived
    draft_json       TEXT NOT NULL,                -- the editable definition
    current_version  BIGINT NOT NULL DEFAULT 0,    -- last published version, 0 = none
    draft_dirty      SMALLINT NOT NULL DEFAULT 1,  -- the draft differs from current_version
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- the survey list of a tenant, keyset-paged
CREATE INDEX surveys_tenant ON surveys (tenant_id, id);

-- Published versions are frozen: answers stay tied to the version they answered.
CREATE TABLE survey_versions (
    id               BIGSERIAL PRIMARY KEY,
    tenant_id        BIGINT NOT NULL REFERENCES tenants(id),
    survey_id        BIGINT NOT NULL REFERENCES surveys(id),
    version          BIGINT NOT NULL,
    definition_json  TEXT NOT NULL,
    published_at     BIGINT NOT NULL,
    published_by     TEXT NOT NULL DEFAULT ''
);
-- look-up of one version when validating a response
CREATE UNIQUE INDEX survey_versions_key ON survey_versions (tenant_id, survey_id, version);

-- Anonymous entry points: a QR code per store and touchpoint, or a plain link.
CREATE TABLE survey_links (
    id           BIGSERIAL PRIMARY KEY,
    tenant_id    BIGINT NOT NULL REFERENCES tenants(id),
    survey_id    BIGINT NOT NULL REFERENCES surveys(id),
    kind         TEXT NOT NULL,              -- qr | link
    link_key     TEXT NOT NULL,              -- the public key in /s/q/<key>
    store_id     BIGINT REFERENCES stores(id),
    touchpoint   TEXT NOT NULL DEFAULT '',
    label        TEXT NOT NULL DEFAULT '',
    active       SMALLINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL
);
-- public look-up by key (the tenant comes from here, never from the body)
CREATE UNIQUE INDEX survey_links_key ON survey_links (link_key);
CREATE INDEX survey_links_survey ON survey_links (tenant_id, survey_id, id);

-- Personal links: one unguessable token per invitation; only its hash is stored.
CREATE TABLE survey_invitations (
    id             BIGSERIAL PRIMARY KEY,
    tenant_id      BIGINT NOT NULL REFERENCES tenants(id),
    survey_id      BIGINT NOT NULL REFERENCES surveys(id),
    token_hash     TEXT NOT NULL,
    token_sealed   TEXT NOT NULL DEFAULT '', -- the token sealed with MANYI_SECRET_KEY, for the
                                             -- sender job (email/SMS); '' without a key
    channel        TEXT NOT NULL,            -- email | sms | link
    recipient      TEXT NOT NULL DEFAULT '', -- address or phone the link goes to
    customer_id    BIGINT REFERENCES customers(id),
    event_id       BIGINT REFERENCES business_events(id),
    store_id       BIGINT REFERENCES stores(id),
    department_id  BIGINT REFERENCES departments(id),
    employee_id    BIGINT REFERENCES employees(id),
    lang           TEXT NOT NULL DEFAULT 'zh-CN',
    status         TEXT NOT NULL DEFAULT 'pending', -- pending | sent | opened | responded | opted_out | failed
    expires_at     BIGINT NOT NULL,
    sent_at        BIGINT,
    reminders      BIGINT NOT NULL DEFAULT 0,
    last_sent_at   BIGINT,
    responded_at   BIGINT,
    partial_json   TEXT NOT NULL DEFAULT '[]', -- answers kept while the respondent goes on
    created_at     BIGINT NOT NULL
);
-- public look-up by token hash
CREATE UNIQUE INDEX survey_invitations_token ON survey_invitations (token_hash);
-- invitation list and per-channel rates of a survey; the reminder job walks pending ones
CREATE INDEX survey_invitations_survey ON survey_invitations (tenant_id, survey_id, id);
CREATE INDEX survey_invitations_status ON survey_invitations (status, last_sent_at);

CREATE TABLE survey_responses (
    id                BIGSERIAL PRIMARY KEY,
    tenant_id         BIGINT NOT NULL REFERENCES tenants(id),
    survey_id         BIGINT NOT NULL REFERENCES surveys(id),
    version           BIGINT NOT NULL,
    channel           TEXT NOT NULL,          -- call | link | email | sms | qr | import
    invitation_id     BIGINT,
    link_id           BIGINT,
    customer_id       BIGINT,
    event_id          BIGINT,
    followup_task_id  BIGINT,
    store_id          BIGINT,
    department_id     BIGINT,
    employee_id       BIGINT,
    touchpoint        TEXT NOT NULL DEFAULT '',
    day               TEXT NOT NULL,          -- civil date (UTC+8 business day) of submission
    answers_json      TEXT NOT NULL,
    nps_score         BIGINT,                 -- NULL = no NPS answer
    nps_category      BIGINT,
    rated_n           BIGINT NOT NULL DEFAULT 0,
    top2_n            BIGINT NOT NULL DEFAULT 0,
    derived_json      TEXT NOT NULL DEFAULT '{}', -- per-dimension P, E, gap of this response
    alert             BIGINT NOT NULL DEFAULT 0,
    dedupe_key        TEXT,                   -- anonymous duplicates; import row keys
    submitted_by      BIGINT,                 -- the user who entered it (call, import)
    submitted_at      BIGINT NOT NULL
);
-- one response per invitation token
CREATE UNIQUE INDEX survey_responses_invitation ON survey_responses (tenant_id, invitation_id)
    WHERE invitation_id IS NOT NULL;
-- duplicate detection and idempotent re-import
CREATE UNIQUE INDEX survey_responses_dedupe ON survey_responses (tenant_id, survey_id, dedupe_key)
    WHERE dedupe_key IS NOT NULL;
-- drill-down lists of a survey, newest first, keyset-paged
CREATE INDEX survey_responses_survey ON survey_responses (tenant_id, survey_id, id);

-- The figures' source: counts and sums per (tenant, day, store, department, employee, survey,
-- touchpoint, channel), kept in the submitting transaction. p/e/g = perception, expectation,
-- paired gap sums (and counts) per SERVQUAL dimension 0..4 (core/servqual.h codes).
CREATE TABLE survey_rollups (
    tenant_id      BIGINT NOT NULL,
    day            TEXT NOT NULL,
    store_id       BIGINT NOT NULL,
    department_id  BIGINT NOT NULL,
    employee_id    BIGINT NOT NULL,
    survey_id      BIGINT NOT NULL,
    touchpoint     TEXT NOT NULL,
    channel        TEXT NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    promoters      BIGINT NOT NULL DEFAULT 0,
    passives       BIGINT NOT NULL DEFAULT 0,
    detractors     BIGINT NOT NULL DEFAULT 0,
    rated_n        BIGINT NOT NULL DEFAULT 0,
    top2_n         BIGINT NOT NULL DEFAULT 0,
    alerts         BIGINT NOT NULL DEFAULT 0,
    p0 DOUBLE PRECISION NOT NULL DEFAULT 0, pn0 BIGINT NOT NULL DEFAULT 0,
    e0 DOUBLE PRECISION NOT NULL DEFAULT 0, en0 BIGINT NOT NULL DEFAULT 0,
    g0 DOUBLE PRECISION NOT NULL DEFAULT 0, gn0 BIGINT NOT NULL DEFAULT 0,
    p1 DOUBLE PRECISION NOT NULL DEFAULT 0, pn1 BIGINT NOT NULL DEFAULT 0,
    e1 DOUBLE PRECISION NOT NULL DEFAULT 0, en1 BIGINT NOT NULL DEFAULT 0,
    g1 DOUBLE PRECISION NOT NULL DEFAULT 0, gn1 BIGINT NOT NULL DEFAULT 0,
    p2 DOUBLE PRECISION NOT NULL DEFAULT 0, pn2 BIGINT NOT NULL DEFAULT 0,
    e2 DOUBLE PRECISION NOT NULL DEFAULT 0, en2 BIGINT NOT NULL DEFAULT 0,
    g2 DOUBLE PRECISION NOT NULL DEFAULT 0, gn2 BIGINT NOT NULL DEFAULT 0,
    p3 DOUBLE PRECISION NOT NULL DEFAULT 0, pn3 BIGINT NOT NULL DEFAULT 0,
    e3 DOUBLE PRECISION NOT NULL DEFAULT 0, en3 BIGINT NOT NULL DEFAULT 0,
    g3 DOUBLE PRECISION NOT NULL DEFAULT 0, gn3 BIGINT NOT NULL DEFAULT 0,
    p4 DOUBLE PRECISION NOT NULL DEFAULT 0, pn4 BIGINT NOT NULL DEFAULT 0,
    e4 DOUBLE PRECISION NOT NULL DEFAULT 0, en4 BIGINT NOT NULL DEFAULT 0,
    g4 DOUBLE PRECISION NOT NULL DEFAULT 0, gn4 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, survey_id, day, store_id, department_id, employee_id, touchpoint,
                 channel)
);

-- Contacts that asked not to be invited again (the opt-out link of an invitation).
CREATE TABLE survey_optouts (
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    recipient   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, recipient)
);
