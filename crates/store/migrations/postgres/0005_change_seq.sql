-- Followers of the store (each web node's search index) read the articles stored or changed
-- since the position they recorded, in change order. Many workers commit at once, so a
-- sequence value taken during a transaction does not grow in commit order: a follower could
-- read 11 while 10 is still uncommitted and never see 10. Instead each row records the id of
-- the transaction that last wrote it, and a follower reads only rows of transactions below
-- its snapshot's xmin (every one of those has ended, so all their rows are visible); rows of
-- later transactions are read at its next pass. Rows stored before this migration keep 0.
ALTER TABLE article ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX article_change ON article (change_seq, id);
CREATE FUNCTION article_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END
$$;
CREATE TRIGGER article_change_insert BEFORE INSERT ON article
    FOR EACH ROW EXECUTE FUNCTION article_change_seq();
-- Only the columns a follower shows or searches; a feed's removal (feed_id) is not a change.
CREATE TRIGGER article_change_update
    BEFORE UPDATE OF url, title, description, text, page_tags, lang, published_at, source_id,
        story_id, duplicate_of ON article
    FOR EACH ROW EXECUTE FUNCTION article_change_seq();
