-- Marsad schema on PostgreSQL, first cut: the tables of sqlite/0001_init.sql in PostgreSQL's
-- types. Times stay UTC milliseconds since the Unix epoch in BIGINT columns, so that every
-- query compares them as on SQLite; ids are BIGSERIAL, blobs BYTEA, JSON stays TEXT.

CREATE TABLE source (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    name_en        TEXT,
    homepage       TEXT,
    country        TEXT,
    lang           TEXT,
    credit_aliases TEXT NOT NULL DEFAULT '[]',
    created_at     BIGINT NOT NULL
);

CREATE TABLE feed (
    id            BIGSERIAL PRIMARY KEY,
    source_id     BIGINT NOT NULL REFERENCES source(id),
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    kind          TEXT,
    etag          TEXT,
    last_modified TEXT,
    interval_secs BIGINT NOT NULL DEFAULT 900,
    next_fetch_at BIGINT NOT NULL,
    error_count   BIGINT NOT NULL DEFAULT 0,
    last_status   BIGINT,
    last_error    TEXT,
    last_fetch_at BIGINT,
    last_ok_at    BIGINT,
    items_seen    BIGINT NOT NULL DEFAULT 0,
    paused        BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
CREATE INDEX feed_due ON feed (paused, next_fetch_at);

-- Raw fetched bytes, zstd-compressed, kept so that extraction can be re-run later.
CREATE TABLE document (
    id           BIGSERIAL PRIMARY KEY,
    url          TEXT NOT NULL,
    final_url    TEXT NOT NULL,
    fetched_at   BIGINT NOT NULL,
    status       BIGINT NOT NULL,
    content_type TEXT,
    charset      TEXT,
    body_len     BIGINT NOT NULL,
    body_zstd    BYTEA NOT NULL
);

CREATE TABLE story (
    id                 BIGSERIAL PRIMARY KEY,
    title              TEXT,
    origin_article_id  BIGINT,
    first_published_at BIGINT,
    last_published_at  BIGINT,
    article_count      BIGINT NOT NULL DEFAULT 0,
    source_count       BIGINT NOT NULL DEFAULT 0,
    terms              TEXT NOT NULL DEFAULT '{}',
    created_at         BIGINT NOT NULL
);

CREATE TABLE article (
    id                  BIGSERIAL PRIMARY KEY,
    source_id           BIGINT NOT NULL REFERENCES source(id),
    feed_id             BIGINT REFERENCES feed(id) ON DELETE SET NULL,
    document_id         BIGINT REFERENCES document(id),
    url                 TEXT NOT NULL,
    canonical_url       TEXT NOT NULL,
    -- Unique: concurrent workers storing the same page race on this index, and the loser's
    -- `ON CONFLICT DO NOTHING` finds the winner's row.
    url_key             TEXT NOT NULL UNIQUE,
    title               TEXT,
    description         TEXT,
    authors             TEXT NOT NULL DEFAULT '[]',
    published_at        BIGINT,
    -- Seconds east of UTC; INTEGER, as the model's field is 32 bits.
    published_offset    INTEGER,
    published_precision TEXT,
    updated_at          BIGINT,
    lang                TEXT,
    dir                 TEXT NOT NULL,
    text                TEXT NOT NULL,
    html_sanitized      TEXT NOT NULL,
    image               TEXT,
    credit              TEXT,
    page_tags           TEXT NOT NULL DEFAULT '[]',
    related_links       TEXT NOT NULL DEFAULT '[]',
    site_name           TEXT,
    extractor_version   BIGINT NOT NULL,
    content_key         TEXT NOT NULL,
    minhash             BYTEA,
    simhash             BIGINT,
    duplicate_of        BIGINT REFERENCES article(id),
    story_id            BIGINT REFERENCES story(id),
    ingested_at         BIGINT NOT NULL
);
CREATE INDEX article_published ON article (published_at DESC, id DESC);
CREATE INDEX article_content_key ON article (content_key);
CREATE INDEX article_story ON article (story_id);
CREATE INDEX article_source ON article (source_id);

-- Every URL known to lead to an article (feed link, redirect target, canonical URL), so that
-- a page is fetched once whichever of its addresses a feed names.
CREATE TABLE article_url (
    url_key    TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE
);

CREATE TABLE tag (
    id      BIGSERIAL PRIMARY KEY,
    name    TEXT NOT NULL,
    key     TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL DEFAULT 'topic',
    aliases TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE article_tag (
    article_id BIGINT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    tag_id     BIGINT NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    score      DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    origin     TEXT NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);

-- The persistent job queue, shared by every worker process on every machine. A job is
-- claimed by setting a lease (locked_by, locked_until) under `FOR UPDATE SKIP LOCKED`; a lease
-- that expires makes the job claimable again, so a killed worker's jobs are taken over. A job
-- that succeeds is deleted in the same transaction as its effect; one that fails for good
-- stays with state 'failed' and its error.
CREATE TABLE job (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    dedup_key    TEXT UNIQUE,
    feed_id      BIGINT REFERENCES feed(id) ON DELETE CASCADE,
    state        TEXT NOT NULL DEFAULT 'queued',
    run_at       BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL DEFAULT 5,
    locked_by    TEXT,
    locked_until BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX job_ready ON job (state, run_at);
