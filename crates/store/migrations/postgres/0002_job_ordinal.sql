-- Spreads consecutive claims across feeds and hosts (see sqlite/0002_job_ordinal.sql): ready
-- jobs are claimed lowest ordinal first.
ALTER TABLE job ADD COLUMN ordinal BIGINT NOT NULL DEFAULT 0;
DROP INDEX job_ready;
CREATE INDEX job_ready ON job (state, ordinal, run_at);
