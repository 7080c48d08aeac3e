-- Followers of the store (each web node's search index) read the articles stored or changed
-- since the position they recorded, in change order. SQLite has one writer at a time, so a
-- counter taken inside the writing transaction grows in commit order: a follower that has
-- read up to a position has seen every change before it. Rows stored before this migration
-- keep 0 and are ordered among themselves by id.
ALTER TABLE article ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX article_change ON article (change_seq, id);
CREATE TRIGGER article_change_insert AFTER INSERT ON article BEGIN
    UPDATE article SET change_seq = (SELECT MAX(change_seq) FROM article) + 1
    WHERE id = NEW.id;
END;
-- Only the columns a follower shows or searches; a feed's removal (feed_id) is not a change.
CREATE TRIGGER article_change_update
AFTER UPDATE OF url, title, description, text, page_tags, lang, published_at, source_id,
    story_id, duplicate_of ON article BEGIN
    UPDATE article SET change_seq = (SELECT MAX(change_seq) FROM article) + 1
    WHERE id = NEW.id;
END;
