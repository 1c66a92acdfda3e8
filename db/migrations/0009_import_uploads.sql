-- 0009 large imports: uploads in parts (resumable) and imports that run in the background with
-- their progress (docs/operations/README.md, "Imports").

-- An import run's state. Rows from before this migration were finished: 'done'.
--   status       running | done | failed | interrupted
--   bytes_total  the file's size; bytes_done how far the reader got at the last committed batch
--   error        why it failed or stopped ('' when it did not)
--   upload_id    the upload it read (import_uploads.id), when it came in parts
--   runner       "host/pid/token" of the process running it, to tell a dead one at start-up
--   heartbeat_at when that process last committed a batch (a silent one is presumed dead)
ALTER TABLE imports ADD COLUMN status TEXT NOT NULL DEFAULT 'done';
ALTER TABLE imports ADD COLUMN bytes_total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN bytes_done BIGINT NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN error TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN upload_id BIGINT;
ALTER TABLE imports ADD COLUMN runner TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN heartbeat_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN finished_at BIGINT;
-- one background import per tenant at a time, across every server on the store
CREATE UNIQUE INDEX imports_one_background ON imports (tenant_id)
    WHERE status = 'running' AND upload_id IS NOT NULL;
-- the start-up and housekeeping scans of imports left running
CREATE INDEX imports_running ON imports (id) WHERE status = 'running';

-- A file uploaded in parts. Its bytes live in `path` (a file the server named at random in
-- MANYI_TMPDIR, created O_EXCL with mode 0600), never in the store. Only user_id may append to
-- it or import it. import_id is set while an import reads it and after; an interrupted import
-- releases it so that it can be imported again.
CREATE TABLE import_uploads (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    filename    TEXT NOT NULL DEFAULT '',
    size        BIGINT NOT NULL,
    received    BIGINT NOT NULL DEFAULT 0,
    path        TEXT NOT NULL,
    import_id   BIGINT REFERENCES imports(id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX import_uploads_tenant ON import_uploads (tenant_id, id);
-- the housekeeping job removes uploads untouched for a day
CREATE INDEX import_uploads_stale ON import_uploads (updated_at);
