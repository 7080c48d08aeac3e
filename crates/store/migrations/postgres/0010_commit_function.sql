-- Storing an article took about twelve statements, each a round trip whose fixed cost on the
-- server (reading the message, binding, starting the executor, replying) was a fifth of the
-- server's work per article. This function takes the same steps, in the same order and with
-- the same locks, in one call: `PgStore::commit_analyzed_article` documents each step.
--
-- Every statement of a VOLATILE function reads a fresh snapshot under READ COMMITTED, as the
-- client's statements did, so what a statement after a lock sees is what the client saw.
-- Losing the article's URL key to another worker raises SQLSTATE MR001: the transaction is
-- rolled back and the caller records the winner instead. Tag arrays come distinct and in key
-- order (the order that keeps two commits creating the same tags from deadlocking).
CREATE FUNCTION marsad_commit_article(
    p_job BIGINT, p_url_key TEXT, p_aliases TEXT[], p_content_key TEXT, p_near BIGINT,
    p_story BIGINT, p_published BIGINT, p_now BIGINT,
    p_source BIGINT, p_feed BIGINT, p_url TEXT, p_canonical TEXT, p_title TEXT,
    p_description TEXT, p_authors TEXT, p_offset INTEGER, p_precision TEXT, p_updated BIGINT,
    p_lang TEXT, p_dir TEXT, p_text TEXT, p_html TEXT, p_image TEXT, p_credit TEXT,
    p_page_tags TEXT, p_related TEXT, p_site_name TEXT, p_extractor BIGINT,
    p_minhash BYTEA, p_minhash_version BIGINT, p_digest BYTEA, p_digest_version BIGINT,
    d_url TEXT, d_final_url TEXT, d_fetched_at BIGINT, d_status BIGINT, d_content_type TEXT,
    d_charset TEXT, d_body_len BIGINT, d_body BYTEA,
    t_names TEXT[], t_keys TEXT[], t_kinds TEXT[], t_scores FLOAT8[],
    content_lock INTEGER)
RETURNS TABLE (r_outcome TEXT, r_article BIGINT, r_original BIGINT, r_story BIGINT, r_tags BIGINT[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_existing BIGINT;
    v_exact BIGINT;
    v_story BIGINT;
    v_near BIGINT;
    v_root BIGINT;
    v_root_story BIGINT;
    v_root_at BIGINT;
    v_unjoined BOOLEAN;
    v_original BIGINT;
    v_displaced BIGINT;
    v_id BIGINT;
    v_recorded BOOLEAN;
    v_tags BIGINT[];
    v_more BIGINT[];
BEGIN
    IF p_content_key <> '' THEN
        PERFORM pg_advisory_xact_lock(content_lock, hashtext(p_content_key));
    END IF;
    SELECT (SELECT u.article_id FROM article_url u WHERE u.url_key = p_url_key),
        (SELECT a.id FROM article a WHERE p_content_key <> '' AND a.content_key = p_content_key
            ORDER BY a.id LIMIT 1),
        (SELECT s.id FROM story s WHERE s.id = p_story)
    INTO v_existing, v_exact, v_story;
    IF v_existing IS NOT NULL THEN
        INSERT INTO article_url (url_key, article_id)
        SELECT k, v_existing FROM UNNEST(p_aliases) AS k
        ON CONFLICT (url_key) DO NOTHING;
        DELETE FROM job WHERE id = p_job;
        RETURN QUERY SELECT 'existing'::TEXT, v_existing, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT[];
        RETURN;
    END IF;
    v_near := COALESCE(v_exact, p_near);
    IF v_near IS NOT NULL THEN
        -- The root of the group, locked as a copy's foreign key would lock it; a root that a
        -- join made a member meanwhile is followed to its new root.
        FOR attempt IN 1..4 LOOP
            SELECT r.id, r.story_id, COALESCE(r.published_at, r.ingested_at)
            INTO v_root, v_root_story, v_root_at
            FROM article a JOIN article r ON r.id = COALESCE(a.duplicate_of, a.id)
            WHERE a.id = v_near;
            IF NOT FOUND THEN
                v_root := NULL;
                EXIT;
            END IF;
            SELECT a.duplicate_of IS NULL INTO v_unjoined FROM article a WHERE a.id = v_root
            FOR KEY SHARE;
            EXIT WHEN FOUND AND v_unjoined;
            -- Joined away meanwhile: read again. After the last attempt, "no original".
            v_root := NULL;
        END LOOP;
    END IF;
    IF v_root IS NOT NULL THEN
        IF p_published IS NOT NULL AND p_published < v_root_at THEN
            v_displaced := v_root;
        ELSE
            v_original := v_root;
        END IF;
        v_story := v_root_story;
    END IF;
    IF v_story IS NULL THEN
        INSERT INTO story (title, created_at) VALUES (p_title, p_now) RETURNING id INTO v_story;
    END IF;
    WITH doc AS (
        INSERT INTO document (url, final_url, fetched_at, status, content_type, charset,
            body_len, body_zstd)
        VALUES (d_url, d_final_url, d_fetched_at, d_status, d_content_type, d_charset,
            d_body_len, d_body)
        RETURNING id
    )
    INSERT INTO article (source_id, feed_id, document_id, url, canonical_url, url_key, title,
        description, authors, published_at, published_offset, published_precision, updated_at,
        lang, dir, text, html_sanitized, image, credit, page_tags, related_links, site_name,
        extractor_version, content_key, duplicate_of, story_id, ingested_at, minhash,
        minhash_version, digest, digest_version)
    SELECT p_source, p_feed, doc.id, p_url, p_canonical, p_url_key, p_title, p_description,
        p_authors, p_published, p_offset, p_precision, p_updated, p_lang, p_dir, p_text, p_html,
        p_image, p_credit, p_page_tags, p_related, p_site_name, p_extractor, p_content_key,
        v_original, v_story, p_now, p_minhash, p_minhash_version, p_digest, p_digest_version
    FROM doc
    ON CONFLICT (url_key) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'URL key % was stored by another worker', p_url_key USING ERRCODE = 'MR001';
    END IF;
    WITH recorded AS (
        INSERT INTO article_url (url_key, article_id)
        SELECT k, v_id FROM UNNEST(ARRAY[p_url_key] || p_aliases) AS k
        ON CONFLICT (url_key) DO NOTHING
        RETURNING url_key
    )
    SELECT COALESCE(bool_or(url_key = p_url_key), false) INTO v_recorded FROM recorded;
    IF NOT v_recorded THEN
        RAISE EXCEPTION 'URL key % became another article''s alias', p_url_key
            USING ERRCODE = 'MR001';
    END IF;
    IF v_displaced IS NOT NULL THEN
        UPDATE article SET duplicate_of = v_id WHERE id = v_displaced OR duplicate_of = v_displaced;
    END IF;
    v_tags := ARRAY[]::BIGINT[];
    IF cardinality(t_keys) > 0 THEN
        WITH input AS (
            SELECT n, k, t, s FROM UNNEST(t_names, t_keys, t_kinds, t_scores) AS u(n, k, t, s)
        ), created AS (
            INSERT INTO tag (name, key, kind, article_count)
            SELECT n, k, t, 0 FROM input ORDER BY k
            ON CONFLICT (key) DO NOTHING
            RETURNING id, key
        ), known AS (
            SELECT id, key FROM created
            UNION ALL
            SELECT tag.id, tag.key FROM tag JOIN input ON input.k = tag.key
        ), linked AS (
            INSERT INTO article_tag (article_id, tag_id, score, origin)
            SELECT v_id, known.id, input.s, 'analysis' FROM known JOIN input ON input.k = known.key
            ON CONFLICT (article_id, tag_id) DO NOTHING
            RETURNING tag_id
        )
        SELECT COALESCE(array_agg(tag_id), ARRAY[]::BIGINT[]) INTO v_tags FROM linked;
        IF cardinality(v_tags) < cardinality(t_keys) THEN
            -- A tag another transaction created while that statement ran was invisible to its
            -- snapshot; this statement's snapshot sees it.
            WITH linked AS (
                INSERT INTO article_tag (article_id, tag_id, score, origin)
                SELECT v_id, tag.id, u.s, 'analysis'
                FROM UNNEST(t_keys, t_scores) AS u(k, s) JOIN tag ON tag.key = u.k
                ON CONFLICT (article_id, tag_id) DO NOTHING
                RETURNING tag_id
            )
            SELECT COALESCE(array_agg(tag_id), ARRAY[]::BIGINT[]) INTO v_more FROM linked;
            v_tags := v_tags || v_more;
            IF cardinality(v_tags) < cardinality(t_keys) THEN
                RAISE EXCEPTION '% of the tags % could not be linked',
                    cardinality(t_keys) - cardinality(v_tags), t_keys;
            END IF;
        END IF;
    END IF;
    -- The story's figures take the article in, after its row is locked (see the client).
    DELETE FROM job WHERE id = p_job;
    PERFORM 1 FROM story WHERE id = v_story FOR NO KEY UPDATE;
    UPDATE story SET
        article_count = article_count + 1,
        source_count = source_count + CASE WHEN EXISTS (SELECT 1 FROM article
            WHERE story_id = v_story AND source_id = p_source AND id <> v_id) THEN 0 ELSE 1 END,
        origin_article_id = CASE WHEN x.earliest THEN v_id ELSE origin_article_id END,
        title = CASE WHEN p_title IS NOT NULL AND (x.earliest OR title IS NULL)
            THEN p_title ELSE title END,
        first_published_at = LEAST(first_published_at, COALESCE(p_published, p_now)),
        last_published_at = GREATEST(last_published_at, COALESCE(p_published, p_now))
    FROM (SELECT origin_article_id IS NULL OR first_published_at IS NULL
            OR COALESCE(p_published, p_now) < first_published_at
            OR (COALESCE(p_published, p_now) = first_published_at AND v_id < origin_article_id)
            AS earliest
          FROM story WHERE id = v_story) AS x
    WHERE id = v_story;
    RETURN QUERY SELECT 'inserted'::TEXT, v_id, v_original, v_story, v_tags;
END
$$;
