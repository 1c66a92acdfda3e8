-- 0001 foundation: tenants, the organisation tree (store → department → employee), user
-- accounts, sessions, API tokens, login throttling and the audit log.
-- Common dialect for SQLite and PostgreSQL: times are BIGINT unix seconds (UTC), booleans are
-- SMALLINT 0/1, identity columns are "BIGSERIAL PRIMARY KEY" (rewritten for SQLite by db_sqlite.c).
-- Every table leads with tenant_id (except tenants), the distribution column past one machine.

CREATE TABLE tenants (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    timezone    TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  BIGINT NOT NULL
);

-- 门店. code is the store's short code in the dealer management system.
CREATE TABLE stores (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    city        TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    active      SMALLINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
-- store codes are unique per tenant (create/update conflict check); lists walk (tenant_id, id)
CREATE UNIQUE INDEX stores_tenant_code ON stores (tenant_id, code);

-- 部门: sales, after-sales, CR, …
CREATE TABLE departments (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    store_id    BIGINT NOT NULL REFERENCES stores(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    active      SMALLINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
-- department names are unique within a store; also serves "departments of a store"
CREATE UNIQUE INDEX departments_store_name ON departments (tenant_id, store_id, name);

CREATE TABLE employees (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    store_id      BIGINT NOT NULL REFERENCES stores(id),
    department_id BIGINT REFERENCES departments(id),
    name          TEXT NOT NULL,
    employee_no   TEXT,
    position      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    active        SMALLINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
-- employee numbers are unique per tenant (NULL = none; NULLs do not collide on either engine)
CREATE UNIQUE INDEX employees_tenant_no ON employees (tenant_id, employee_no);
-- scoped lists: a store's or a department's employees
CREATE INDEX employees_store ON employees (tenant_id, store_id, id);
CREATE INDEX employees_department ON employees (tenant_id, department_id, id);

-- Login accounts. username is the login name, unique across Manyi, so login needs no tenant.
CREATE TABLE users (
    id                  BIGSERIAL PRIMARY KEY,
    tenant_id           BIGINT NOT NULL REFERENCES tenants(id),
    username            TEXT NOT NULL,
    display_name        TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL,
    store_id            BIGINT REFERENCES stores(id),
    department_id       BIGINT REFERENCES departments(id),
    employee_id         BIGINT REFERENCES employees(id),
    password_hash       TEXT NOT NULL,
    active              SMALLINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    last_login_at       BIGINT
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE INDEX users_tenant ON users (tenant_id, id);

-- Sessions: only the BLAKE2b hash of the cookie's token is stored.
CREATE TABLE sessions (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    user_id       BIGINT NOT NULL REFERENCES users(id),
    token_hash    TEXT NOT NULL,
    csrf_token    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    ip            TEXT NOT NULL DEFAULT ''
);
-- every authenticated request looks its session up by hash
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
-- logout-everywhere on password change
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

-- API tokens for integrations (Bearer). Only the hash is stored; prefix helps people tell them apart.
CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants(id),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    token_hash    TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    created_by    BIGINT REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id, id);

-- Failed logins, for throttling per username and per address across every server process.
CREATE TABLE login_failures (
    id          BIGSERIAL PRIMARY KEY,
    key         TEXT NOT NULL,
    at          BIGINT NOT NULL
);
-- throttle check counts a key's failures in the last window
CREATE INDEX login_failures_key ON login_failures (key, at);

-- Audit log: every change, who, when, what, before and after (JSON text, secrets never included).
CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    at          BIGINT NOT NULL,
    user_id     BIGINT,
    username    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   BIGINT,
    before_json TEXT,
    after_json  TEXT,
    ip          TEXT NOT NULL DEFAULT ''
);
-- newest-first pages of a tenant's log, optionally for one entity
CREATE INDEX audit_tenant ON audit_log (tenant_id, id);
CREATE INDEX audit_entity ON audit_log (tenant_id, entity, entity_id, id);
