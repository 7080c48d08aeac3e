//! The reading pages: home, latest, story, article, tag and source, with their templates.

use super::i18n::{self, Lang};
use super::time::{Stamp, stamp};
use super::{FeedLink, Frame, Reader, chart, related, segment};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use marsad_model::{ArticleId, Precision, SourceId, StoryId};
use marsad_store::site::{ListedArticle, StoryRanking, StorySummary};
use serde::Deserialize;

/// Articles per page of a list.
const PAGE_SIZE: i64 = 30;
/// The deepest page of a list.
const MAX_PAGE_NUMBER: i64 = 300;
/// Top stories on the home page.
const TOP_STORIES: i64 = 12;
/// Latest articles on the home page.
const HOME_LATEST: i64 = 15;
/// Days drawn in the volume charts.
const CHART_DAYS: i64 = 30;

/// An article in a list.
pub(crate) struct Card {
    id: i64,
    title: String,
    lang: String,
    dir: String,
    description: Option<String>,
    source: String,
    source_id: i64,
    time: Stamp,
    is_copy: bool,
}

impl Card {
    pub(crate) fn new(r: &Reader, a: ListedArticle) -> Card {
        Card {
            id: a.id.0,
            time: stamp(r.lang, a.time(), a.published_offset, false, false),
            title: a.title.unwrap_or_else(|| r.t().untitled.into()),
            lang: a.lang.unwrap_or_default(),
            dir: a.dir,
            description: a.description,
            source: a.source_name,
            source_id: a.source_id.0,
            is_copy: a.duplicate_of.is_some(),
        }
    }
}

/// A story in a list.
pub(crate) struct StoryCard {
    id: i64,
    title: String,
    lang: String,
    dir: String,
    origin: Option<(i64, String)>,
    outlets: String,
    articles: String,
    time: Option<Stamp>,
}

impl StoryCard {
    fn new(r: &Reader, s: StorySummary) -> StoryCard {
        StoryCard {
            id: s.id.0,
            title: s.title.unwrap_or_else(|| r.t().untitled.into()),
            lang: s.lang.unwrap_or_default(),
            dir: s.dir.unwrap_or_else(|| "auto".into()),
            origin: s
                .origin_source
                .zip(s.origin_source_name)
                .map(|(i, n)| (i.0, n)),
            outlets: r.lang.count(s.sources, &i18n::OUTLETS),
            articles: r.lang.count(s.articles, &i18n::ARTICLES),
            time: s
                .last_published
                .map(|t| stamp(r.lang, t, None, false, false)),
        }
    }
}

/// A tag link.
pub(crate) struct TagLink {
    href: String,
    name: String,
    count: Option<String>,
}

/// Query string of list pages.
#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// The page number, 1 when absent; `None` for a malformed or absurd one.
    fn number(&self) -> Option<i64> {
        match self.page.as_deref() {
            None | Some("") => Some(1),
            Some(p) => p
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_NUMBER).contains(n)),
        }
    }
}

/// A pager's links.
pub(crate) struct Pager {
    prev: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn new(base: &str, page: i64, has_next: bool) -> Pager {
        let sep = if base.contains('?') { '&' } else { '?' };
        Pager {
            prev: (page > 1).then(|| format!("{base}{sep}page={}", page - 1)),
            next: (has_next && page < MAX_PAGE_NUMBER)
                .then(|| format!("{base}{sep}page={}", page + 1)),
        }
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    frame: Frame,
    stories: Vec<StoryCard>,
    cards: Vec<Card>,
    trending: Vec<TagLink>,
}

/// `/`: top stories, the latest articles and trending tags. (`marsad serve` keeps rendered
/// public pages a few seconds: see `middleware::ResponseCache`.)
pub(crate) async fn home(State(s): State<AppState>, reader: Reader) -> Response {
    let now = chrono::Utc::now();
    let stories = match s
        .store
        .top_stories(&StoryRanking::at(now), TOP_STORIES)
        .await
    {
        Ok(v) => v,
        Err(e) => return reader.store_error(e),
    };
    let latest = match s.store.latest(HOME_LATEST, 0).await {
        Ok(v) => v,
        Err(e) => return reader.store_error(e),
    };
    // Trending is measured up to the newest article, so that an archive shows its last day.
    let reference = latest.first().map_or(now.timestamp_millis(), |a| {
        a.time().timestamp_millis().min(now.timestamp_millis())
    });
    let trending = match s.store.trending_tags(reference + 1, 2, 12).await {
        Ok(v) => v,
        Err(e) => return reader.store_error(e),
    };
    let page = HomePage {
        frame: reader.frame("", FeedLink::all("/feeds/top", "")),
        stories: stories
            .into_iter()
            .map(|x| StoryCard::new(&reader, x))
            .collect(),
        cards: latest.into_iter().map(|a| Card::new(&reader, a)).collect(),
        trending: trending
            .into_iter()
            .map(|t| TagLink {
                href: format!("/tag/{}", segment(&t.tag.key)),
                name: t.tag.name,
                count: Some(reader.lang.count(t.last_day, &i18n::ARTICLES)),
            })
            .collect(),
    };
    reader.respond(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "latest.html")]
struct LatestPage {
    frame: Frame,
    cards: Vec<Card>,
    pager: Pager,
}

/// `/latest`: every article, newest first, a page at a time.
pub(crate) async fn latest(
    State(s): State<AppState>,
    reader: Reader,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    let Some(page) = q.ok().and_then(|Query(q)| q.number()) else {
        return reader.bad_request(None);
    };
    match s.store.latest(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE).await {
        Ok(mut list) => {
            let has_next = list.len() as i64 > PAGE_SIZE;
            list.truncate(PAGE_SIZE as usize);
            reader.respond(
                StatusCode::OK,
                &LatestPage {
                    frame: reader.frame("", FeedLink::all("/feeds/top", "")),
                    cards: list.into_iter().map(|a| Card::new(&reader, a)).collect(),
                    pager: Pager::new("/latest", page, has_next),
                },
            )
        }
        Err(e) => reader.store_error(e),
    }
}

/// An original article of a story with its collapsed copies.
struct Covered {
    card: Card,
    copies: Vec<Card>,
    also: String,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    frame: Frame,
    story: StoryCard,
    first: Option<Stamp>,
    coverage: Vec<Covered>,
    timeline: Vec<Card>,
}

/// Parses a numeric id of a path; `None` for anything else.
fn id_of(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

/// `/story/{id}`: the full coverage of a story.
pub(crate) async fn story(
    State(s): State<AppState>,
    reader: Reader,
    raw: Result<Path<String>, PathRejection>,
) -> Response {
    let Some(id) = raw.ok().and_then(|Path(raw)| id_of(&raw)) else {
        return reader.not_found();
    };
    let c = match s.store.story_coverage(StoryId(id)).await {
        Ok(Some(c)) => c,
        Ok(None) => return reader.not_found(),
        Err(e) => return reader.store_error(e),
    };
    let first = c
        .story
        .first_published
        .map(|t| stamp(reader.lang, t, None, false, reader.hijri));
    let coverage = c
        .coverage
        .into_iter()
        .map(|g| {
            let mut sources: Vec<SourceId> = g.copies.iter().map(|c| c.source_id).collect();
            sources.sort();
            sources.dedup();
            Covered {
                also: format!(
                    "{} {}",
                    reader.t().also_published,
                    reader.lang.count(sources.len() as i64, &i18n::SITES)
                ),
                card: Card::new(&reader, g.article),
                copies: g
                    .copies
                    .into_iter()
                    .map(|a| Card::new(&reader, a))
                    .collect(),
            }
        })
        .collect();
    let page = StoryPage {
        frame: reader.frame("", Vec::new()),
        story: StoryCard::new(&reader, c.story),
        first,
        coverage,
        timeline: c
            .timeline
            .into_iter()
            .map(|a| Card::new(&reader, a))
            .collect(),
    };
    reader.respond(StatusCode::OK, &page)
}

/// A related story link.
struct RelatedLink {
    id: i64,
    title: String,
    articles: String,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    frame: Frame,
    title: String,
    dir: String,
    lang: String,
    source: String,
    source_id: i64,
    url: String,
    time: Option<Stamp>,
    authors: Vec<String>,
    description: Option<String>,
    image: Option<String>,
    body: String,
    credit: Option<String>,
    tags: Vec<TagLink>,
    page_tags: Vec<String>,
    related: Vec<RelatedLink>,
    page_related: Vec<marsad_model::RelatedLink>,
    others: Vec<Card>,
    story: Option<i64>,
    original: Option<i64>,
}

/// `/article/{id}`: one article, its tags, related stories and other coverage.
pub(crate) async fn article(
    State(s): State<AppState>,
    reader: Reader,
    raw: Result<Path<String>, PathRejection>,
) -> Response {
    let Some(id) = raw.ok().and_then(|Path(raw)| id_of(&raw)).map(ArticleId) else {
        return reader.not_found();
    };
    let a = match s.store.get_article(id).await {
        Ok(Some(a)) => a,
        Ok(None) => return reader.not_found(),
        Err(e) => return reader.store_error(e),
    };
    let at = a.fields.published_at.unwrap_or(a.ingested_at);
    // The three reads are independent: run them together on the pool's connections.
    let coverage = async {
        match a.story_id {
            Some(story) => s.store.story_coverage(story).await,
            None => Ok(None),
        }
    };
    let (tags, related, coverage) = match tokio::try_join!(
        s.store.tags_of(id),
        related::related(s.store.as_ref(), id, at.timestamp_millis(), 3),
        coverage
    ) {
        Ok(r) => r,
        Err(e) => return reader.store_error(e),
    };
    // Other coverage of the story: other outlets' articles, copies of this one left out (they
    // say the same thing).
    let others: Vec<Card> = coverage
        .map(|c| {
            c.timeline
                .into_iter()
                .filter(|o| {
                    o.id != id
                        && o.source_id != a.fields.source_id
                        && o.duplicate_of != Some(id)
                        && Some(o.id) != a.duplicate_of
                })
                .take(10)
                .map(|o| Card::new(&reader, o))
                .collect()
        })
        .unwrap_or_default();
    let f = a.fields;
    // Many pages use the first paragraph as their description; showing it twice reads badly.
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let body_start = squash(&f.text);
    let description = f
        .description
        .filter(|d| !body_start.starts_with(&squash(d)));
    let tag_keys: Vec<String> = tags.iter().map(|t| marsad_text_key(&t.name)).collect();
    let page_tags = f
        .page_tags
        .into_iter()
        .filter(|p| !tag_keys.contains(&marsad_text_key(p)))
        .collect();
    let page = ArticlePage {
        frame: reader.frame("", Vec::new()),
        title: f.title.unwrap_or_else(|| reader.t().untitled.into()),
        lang: f.lang.unwrap_or_default(),
        dir: f.dir,
        source: a.source_name,
        source_id: f.source_id.0,
        url: if web_address(&f.canonical_url) {
            f.canonical_url
        } else {
            String::new()
        },
        time: f.published_at.map(|p| {
            stamp(
                reader.lang,
                p,
                f.published_offset,
                f.published_precision == Some(Precision::Day),
                reader.hijri,
            )
        }),
        authors: f.authors,
        description,
        image: f.image.filter(|i| web_address(i)),
        // Stored sanitized by the extractor (its renderer writes allow-listed tags and
        // attributes only, values escaped, addresses absolute http(s)): the only HTML the
        // site ever renders unescaped.
        body: f.html_sanitized,
        credit: f.credit,
        tags: tags
            .into_iter()
            .map(|t| TagLink {
                href: format!("/tag/{}", segment(&t.key)),
                name: t.name,
                count: None,
            })
            .collect(),
        page_tags,
        related: related
            .into_iter()
            .map(|r| RelatedLink {
                id: r.story.0,
                title: r.title.unwrap_or_else(|| reader.t().untitled.into()),
                articles: reader.lang.count(r.articles, &i18n::ARTICLES),
            })
            .collect(),
        page_related: f
            .related_links
            .into_iter()
            .filter(|l| web_address(&l.url))
            .collect(),
        others,
        story: a.story_id.map(|s| s.0),
        original: a.duplicate_of.map(|d| d.0),
    };
    reader.respond(StatusCode::OK, &page)
}

/// Whether a stored address may become a link or an image source: only http and https, so
/// that no `javascript:` or `data:` address from a page reaches an attribute.
fn web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A loose comparison key of a tag name (case and surrounding spaces), to avoid listing a
/// page tag twice when the analysis found the same tag.
fn marsad_text_key(s: &str) -> String {
    s.trim().to_lowercase()
}

#[derive(Template)]
#[template(path = "tag.html")]
struct TagPage {
    frame: Frame,
    name: String,
    kind: String,
    total: String,
    chart: String,
    co_tags: Vec<TagLink>,
    cards: Vec<Card>,
    pager: Pager,
}

/// `/tag/{key}`: a tag's articles, volume per day and co-occurring tags.
pub(crate) async fn tag(
    State(s): State<AppState>,
    reader: Reader,
    key: Result<Path<String>, PathRejection>,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    let Ok(Path(key)) = key else {
        return reader.not_found();
    };
    let Some(page) = q.ok().and_then(|Query(q)| q.number()) else {
        return reader.bad_request(None);
    };
    if key.len() > 400 {
        return reader.not_found();
    }
    let t = match s.store.tag_by_key(&key).await {
        Ok(Some(t)) => t,
        Ok(None) => return reader.not_found(),
        Err(e) => return reader.store_error(e),
    };
    let result = async {
        let mut list = s
            .store
            .tag_articles(t.id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
            .await?;
        let newest = if page == 1 {
            list.first().cloned()
        } else {
            s.store.tag_articles(t.id, 1, 0).await?.pop()
        };
        let (chart_end, volume) = match &newest {
            Some(n) => {
                let end = n.time().timestamp_millis() / 86_400_000;
                let from = (end - CHART_DAYS + 1) * 86_400_000;
                let v = s
                    .store
                    .tag_volume(t.id, from, (end + 1) * 86_400_000)
                    .await?;
                (end, v)
            }
            None => (0, Vec::new()),
        };
        let co = s.store.co_tags(t.id, 400, 15).await?;
        let has_next = list.len() as i64 > PAGE_SIZE;
        list.truncate(PAGE_SIZE as usize);
        Ok::<_, marsad_store::StoreError>((list, chart_end, volume, co, has_next))
    }
    .await;
    let (list, chart_end, volume, co, has_next) = match result {
        Ok(r) => r,
        Err(e) => return reader.store_error(e),
    };
    let href = format!("/tag/{}", segment(&t.key));
    let page = TagPage {
        frame: reader.frame(
            "",
            FeedLink::all(&format!("/feeds/tag/{}", segment(&t.key)), ""),
        ),
        total: reader.lang.count(t.articles, &i18n::ARTICLES),
        kind: kind_name(reader.lang, &t.kind).to_string(),
        name: t.name,
        chart: chart::volume(reader.lang, &volume, chart_end, CHART_DAYS),
        co_tags: co
            .into_iter()
            .map(|c| TagLink {
                href: format!("/tag/{}", segment(&c.tag.key)),
                name: c.tag.name,
                count: Some(c.together.to_string()),
            })
            .collect(),
        cards: list.into_iter().map(|a| Card::new(&reader, a)).collect(),
        pager: Pager::new(&href, page, has_next),
    };
    reader.respond(StatusCode::OK, &page)
}

/// The name of a tag's kind.
fn kind_name(lang: Lang, kind: &str) -> &'static str {
    match (lang, kind) {
        (Lang::Ar, "person") => "شخص",
        (Lang::Ar, "place") => "مكان",
        (Lang::Ar, "org") => "مؤسسة",
        (Lang::Ar, _) => "موضوع",
        (Lang::En, "person") => "person",
        (Lang::En, "place") => "place",
        (Lang::En, "org") => "organisation",
        (Lang::En, _) => "topic",
    }
}

/// A feed's health as a source page shows it.
struct FeedRow {
    url: String,
    state: &'static str,
    class: &'static str,
    last_ok: Option<Stamp>,
    error: Option<String>,
    articles: String,
}

#[derive(Template)]
#[template(path = "source.html")]
struct SourcePage {
    frame: Frame,
    name: String,
    homepage: Option<String>,
    total: String,
    originality: String,
    feeds: Vec<FeedRow>,
    chart: String,
    tags: Vec<TagLink>,
    cards: Vec<Card>,
    pager: Pager,
}

/// `/source/{id}`: an outlet's articles, volume per day, feed health, originality and tags.
pub(crate) async fn source(
    State(s): State<AppState>,
    reader: Reader,
    raw: Result<Path<String>, PathRejection>,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Response {
    let Some(id) = raw.ok().and_then(|Path(raw)| id_of(&raw)).map(SourceId) else {
        return reader.not_found();
    };
    let Some(page) = q.ok().and_then(|Query(q)| q.number()) else {
        return reader.bad_request(None);
    };
    let profile = match s.store.source_profile(id).await {
        Ok(Some(p)) => p,
        Ok(None) => return reader.not_found(),
        Err(e) => return reader.store_error(e),
    };
    let result = async {
        let mut list = s
            .store
            .source_articles(id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
            .await?;
        let newest = if page == 1 {
            list.first().cloned()
        } else {
            s.store.source_articles(id, 1, 0).await?.pop()
        };
        let (chart_end, volume) = match &newest {
            Some(n) => {
                let end = n.time().timestamp_millis() / 86_400_000;
                let from = (end - CHART_DAYS + 1) * 86_400_000;
                let v = s
                    .store
                    .source_volume(id, from, (end + 1) * 86_400_000)
                    .await?;
                (end, v)
            }
            None => (0, Vec::new()),
        };
        let tags = s.store.source_tags(id, 400, 15).await?;
        let has_next = list.len() as i64 > PAGE_SIZE;
        list.truncate(PAGE_SIZE as usize);
        Ok::<_, marsad_store::StoreError>((list, chart_end, volume, tags, has_next))
    }
    .await;
    let (list, chart_end, volume, tags, has_next) = match result {
        Ok(r) => r,
        Err(e) => return reader.store_error(e),
    };
    let t = reader.t();
    let o = profile.originality;
    let page = SourcePage {
        frame: reader.frame("", FeedLink::all(&format!("/feeds/source/{}", id.0), "")),
        name: profile.source.name,
        homepage: profile.source.homepage,
        total: reader.lang.count(o.articles, &i18n::ARTICLES),
        originality: format!("{:.0}% {}", o.share_original * 100.0, t.own_share),
        feeds: profile
            .feeds
            .into_iter()
            .map(|f| FeedRow {
                state: if f.paused {
                    t.feed_paused
                } else if f.error_count > 0 {
                    t.feed_failing
                } else {
                    t.feed_ok
                },
                class: if f.paused {
                    "paused"
                } else if f.error_count > 0 {
                    "failing"
                } else {
                    "ok"
                },
                last_ok: f
                    .last_ok_at
                    .map(|at| stamp(reader.lang, at, None, false, false)),
                error: f.last_error,
                articles: reader.lang.count(f.article_count, &i18n::ARTICLES),
                url: f.url,
            })
            .collect(),
        chart: chart::volume(reader.lang, &volume, chart_end, CHART_DAYS),
        tags: tags
            .into_iter()
            .map(|c| TagLink {
                href: format!("/tag/{}", segment(&c.tag.key)),
                name: c.tag.name,
                count: Some(c.together.to_string()),
            })
            .collect(),
        cards: list.into_iter().map(|a| Card::new(&reader, a)).collect(),
        pager: Pager::new(&format!("/source/{}", id.0), page, has_next),
    };
    reader.respond(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert!(web_address("https://site.example/a"));
        assert!(web_address("HTTP://site.example/"));
        assert!(!web_address("javascript:alert(1)"));
        assert!(!web_address("data:text/html,x"));
        assert!(!web_address("//site.example/a"));
    }

    #[test]
    fn page_numbers_are_bounded() {
        let q = |p: &str| PageQuery {
            page: Some(p.into()),
        };
        assert_eq!(q("3").number(), Some(3));
        assert_eq!(q("").number(), Some(1));
        assert_eq!(q("0").number(), None);
        assert_eq!(q("301").number(), None);
        assert_eq!(q("x").number(), None);
    }
}
