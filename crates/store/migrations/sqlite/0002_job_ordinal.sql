-- Spreads consecutive claims across feeds and hosts. A fetch that queues many jobs (a sitemap
-- of thousands of pages) numbers them 0, 1, 2 …; the queue hands out the lowest ordinal first,
-- so the first page of every feed comes before the second page of any. Without it a worker
-- pool claims one host's block of pages in a row and waits on that host's politeness limit
-- while other hosts sit idle.
ALTER TABLE job ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
DROP INDEX job_ready;
CREATE INDEX job_ready ON job (state, ordinal, run_at);
