-- A claim walked `job_ready` from the head of the queue and read every leased job there to
-- test its lease: on the full simulated web with three workers about 130 leased jobs per
-- claim, ahead of the 16 it took. A job is leased exactly when `locked_by` is set, so claims
-- now read an index of the jobs no one holds, in queue order, and take its first rows; leases
-- that ran out are found by their end and returned to that index first.
CREATE INDEX job_unleased ON job (ordinal, run_at, id) WHERE state = 'queued' AND locked_by IS NULL;
CREATE INDEX job_leased ON job (locked_until) WHERE state = 'queued' AND locked_by IS NOT NULL;
-- The other columns that can make an article's row long (its related links, description and
-- analysis digest) were still compressed with pglz when the row outgrew a page. See 0008.
DO $$
BEGIN
    ALTER TABLE article
        ALTER COLUMN description SET COMPRESSION lz4,
        ALTER COLUMN authors SET COMPRESSION lz4,
        ALTER COLUMN page_tags SET COMPRESSION lz4,
        ALTER COLUMN related_links SET COMPRESSION lz4,
        ALTER COLUMN minhash SET COMPRESSION lz4,
        ALTER COLUMN digest SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no LZ4 compression: these columns stay compressed with pglz';
END
$$;
-- Automatic ANALYZE samples up to 30,000 rows of a table and gathered statistics on every
-- column, decompressing or fetching each sampled row's text, HTML, digest and raw page. With
-- the tables growing through a crawl it ran again and again, 5% of the server's CPU time on
-- the full simulated web with three workers. No query filters, joins or sorts on these
-- columns, so none of their statistics is ever read.
ALTER TABLE article
    ALTER COLUMN text SET STATISTICS 0,
    ALTER COLUMN html_sanitized SET STATISTICS 0,
    ALTER COLUMN description SET STATISTICS 0,
    ALTER COLUMN authors SET STATISTICS 0,
    ALTER COLUMN page_tags SET STATISTICS 0,
    ALTER COLUMN related_links SET STATISTICS 0,
    ALTER COLUMN minhash SET STATISTICS 0,
    ALTER COLUMN digest SET STATISTICS 0;
ALTER TABLE document ALTER COLUMN body_zstd SET STATISTICS 0;
-- A raw page is stored compressed with zstd, a few kilobytes. A row over 2 kB had it moved to
-- the TOAST table in 2 kB chunks, each chunk a row and an index entry more to write; it now
-- stays in its row up to a page (about 8 kB) and is moved out only beyond that.
ALTER TABLE document SET (toast_tuple_target = 8160);
