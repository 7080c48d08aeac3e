-- Marsad schema, first cut (DESIGN.md "Data model"). Times are UTC milliseconds since the
-- Unix epoch in INTEGER columns, so the same SQL compares them on SQLite and PostgreSQL.

CREATE TABLE source (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    name_en        TEXT,
    homepage       TEXT,
    country        TEXT,
    lang           TEXT,
    credit_aliases TEXT NOT NULL DEFAULT '[]',
    created_at     INTEGER NOT NULL
);

CREATE TABLE feed (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES source(id),
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    kind          TEXT,
    etag          TEXT,
    last_modified TEXT,
    interval_secs INTEGER NOT NULL DEFAULT 900,
    next_fetch_at INTEGER NOT NULL,
    error_count   INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER,
    last_error    TEXT,
    last_fetch_at INTEGER,
    last_ok_at    INTEGER,
    items_seen    INTEGER NOT NULL DEFAULT 0,
    paused        INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX feed_due ON feed (paused, next_fetch_at);

-- Raw fetched bytes, zstd-compressed, kept so that extraction can be re-run later.
CREATE TABLE document (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL,
    final_url    TEXT NOT NULL,
    fetched_at   INTEGER NOT NULL,
    status       INTEGER NOT NULL,
    content_type TEXT,
    charset      TEXT,
    body_len     INTEGER NOT NULL,
    body_zstd    BLOB NOT NULL
);

CREATE TABLE story (
    id                 INTEGER PRIMARY KEY,
    title              TEXT,
    origin_article_id  INTEGER,
    first_published_at INTEGER,
    last_published_at  INTEGER,
    article_count      INTEGER NOT NULL DEFAULT 0,
    source_count       INTEGER NOT NULL DEFAULT 0,
    terms              TEXT NOT NULL DEFAULT '{}',
    created_at         INTEGER NOT NULL
);

CREATE TABLE article (
    id                  INTEGER PRIMARY KEY,
    source_id           INTEGER NOT NULL REFERENCES source(id),
    feed_id             INTEGER REFERENCES feed(id) ON DELETE SET NULL,
    document_id         INTEGER REFERENCES document(id),
    url                 TEXT NOT NULL,
    canonical_url       TEXT NOT NULL,
    url_key             TEXT NOT NULL UNIQUE,
    title               TEXT,
    description         TEXT,
    authors             TEXT NOT NULL DEFAULT '[]',
    published_at        INTEGER,
    published_offset    INTEGER,
    published_precision TEXT,
    updated_at          INTEGER,
    lang                TEXT,
    dir                 TEXT NOT NULL,
    text                TEXT NOT NULL,
    html_sanitized      TEXT NOT NULL,
    image               TEXT,
    credit              TEXT,
    page_tags           TEXT NOT NULL DEFAULT '[]',
    related_links       TEXT NOT NULL DEFAULT '[]',
    site_name           TEXT,
    extractor_version   INTEGER NOT NULL,
    content_key         TEXT NOT NULL,
    minhash             BLOB,
    simhash             INTEGER,
    duplicate_of        INTEGER REFERENCES article(id),
    story_id            INTEGER REFERENCES story(id),
    ingested_at         INTEGER NOT NULL
);
CREATE INDEX article_published ON article (published_at DESC, id DESC);
CREATE INDEX article_content_key ON article (content_key);
CREATE INDEX article_story ON article (story_id);
CREATE INDEX article_source ON article (source_id);

-- Every URL known to lead to an article (feed link, redirect target, canonical URL), so that
-- a page is fetched once whichever of its addresses a feed names.
CREATE TABLE article_url (
    url_key    TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE
);

CREATE TABLE tag (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    key     TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL DEFAULT 'topic',
    aliases TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE article_tag (
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    score      REAL NOT NULL DEFAULT 1.0,
    origin     TEXT NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);

-- The persistent job queue. A job is claimed by setting a lease (locked_by, locked_until);
-- a lease that expires, or whose worker is known dead, makes the job claimable again. A job
-- that succeeds is deleted in the same transaction as its effect; one that fails for good
-- stays with state 'failed' and its error, so that the operator sees it.
CREATE TABLE job (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    dedup_key    TEXT UNIQUE,
    feed_id      INTEGER REFERENCES feed(id) ON DELETE CASCADE,
    state        TEXT NOT NULL DEFAULT 'queued',
    run_at       INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    locked_by    TEXT,
    locked_until INTEGER,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX job_ready ON job (state, run_at);
