-- 0007 survey importance points (issue 4): the "share 100 points" question lets respondents
-- weigh the five SERVQUAL dimensions. The rollups keep, per key, how many respondents shared
-- their points (w_n) and the points each dimension got in total (w0..w4, core/servqual.h codes),
-- so that the figures' weighted score uses the average allocation without scanning responses.
-- Revoked personal links need no column: survey_invitations.status takes 'revoked'.
ALTER TABLE survey_rollups ADD COLUMN w_n BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_rollups ADD COLUMN w0 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_rollups ADD COLUMN w1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_rollups ADD COLUMN w2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_rollups ADD COLUMN w3 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_rollups ADD COLUMN w4 BIGINT NOT NULL DEFAULT 0;
