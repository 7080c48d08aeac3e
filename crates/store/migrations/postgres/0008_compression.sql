-- Storing an article compressed its text and sanitized HTML with pglz, the costliest single
-- routine of the server's work on a crawl. LZ4 compresses them several times faster, at
-- about the same size. (Values already stored keep their compression.) A server built
-- without LZ4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE article
        ALTER COLUMN text SET COMPRESSION lz4,
        ALTER COLUMN html_sanitized SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no LZ4 compression: articles stay compressed with pglz';
END
$$;
-- A raw document is compressed with zstd before it is stored: out of line, uncompressed.
ALTER TABLE document ALTER COLUMN body_zstd SET STORAGE EXTERNAL;
