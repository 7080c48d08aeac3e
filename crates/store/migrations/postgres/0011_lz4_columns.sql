-- A row still over the TOAST threshold after its text and HTML (0008) had its next largest
-- values compressed with pglz, which spends about as long failing on the binary digest and
-- signature as it does compressing. LZ4 gives up on them quickly and compresses the JSON
-- columns as well. (Values already stored keep their compression.)
DO $$
BEGIN
    ALTER TABLE article
        ALTER COLUMN related_links SET COMPRESSION lz4,
        ALTER COLUMN page_tags SET COMPRESSION lz4,
        ALTER COLUMN authors SET COMPRESSION lz4,
        ALTER COLUMN description SET COMPRESSION lz4,
        ALTER COLUMN digest SET COMPRESSION lz4,
        ALTER COLUMN minhash SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this server has no LZ4 compression: these columns stay compressed with pglz';
END
$$;
