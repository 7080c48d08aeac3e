-- A claim walked `job_ready` from the head of the queue and read every leased job there to
-- test its lease. A job is leased exactly when `locked_by` is set, so claims now read an index
-- of the jobs no one holds, in queue order, and take its first rows; leases that ran out are
-- found by their end and returned to that index first. (PostgreSQL's 0012 also sets how its
-- columns are compressed, stored and analyzed, which has no SQLite counterpart.)
CREATE INDEX job_unleased ON job (ordinal, run_at, id) WHERE state = 'queued' AND locked_by IS NULL;
CREATE INDEX job_leased ON job (locked_until) WHERE state = 'queued' AND locked_by IS NOT NULL;
