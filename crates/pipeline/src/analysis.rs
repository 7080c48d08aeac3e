//! The analysis state of a running pipeline: the near-copy index, the story clusterer and the
//! document frequencies of `marsad-analyze`, fed one article at a time as ingestion stores
//! them, and warmed at start from the store's recent articles so that decisions survive a
//! restart.
//!
//! The decisions are the same as `marsad analyze` takes for a batch: a copy points to the
//! root of its group and joins its original's story; any other article joins the most similar
//! recent story or starts one. Deciding takes the state's lock for a moment and enters the
//! article into the index at once, under a handle of its own, so two copies of one wire story
//! fetched together cannot both miss each other. The commit then runs without the lock; a
//! decision that names an article or story whose own commit is still under way waits for
//! that commit's outcome, which the earlier article publishes as soon as it is stored. Waits
//! only ever go to articles decided earlier, so they cannot form a cycle.
//!
//! The windows of the state follow the time of arrival, which only grows, so a crawl that
//! meets publication dates in any order keeps every article of the last days in view; the
//! time decay of the clustering and the earliest-published rule of the store follow
//! publication.

use crate::PipelineError;
use chrono::Utc;
use marsad_analyze::copies::{CopyConfig, CopyIndex};
use marsad_analyze::keyphrases::PhraseStats;
use marsad_analyze::minhash::{SIGNATURE_VERSION, Signature};
use marsad_analyze::story::{Clusterer, StoryConfig};
use marsad_analyze::terms::DocFreq;
pub(crate) use marsad_analyze::{Prepared, prepare};
use marsad_analyze::{Reread, digest, reread};
use marsad_model::{ArticleId, JobId, NewArticle, StoryId};
use marsad_store::{ArticleAnalysis, ArticleCommit, ChangePosition, NewDocument, Store, Tag};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::watch;

/// Handles and story keys from here up name articles and stories of this process, which may
/// not be stored yet. Below it they are store ids: warmed articles and stories are known
/// under those. Store ids never come near 2^62.
const FRESH: u64 = 1 << 62;

/// Articles read from the store per query while warming.
const WARM_PAGE: i64 = 500;

/// The bookkeeping of handles and story keys is swept after this many decisions.
const SWEEP_EVERY: u64 = 1024;

/// What an article's commit gave: its id and story, or `None` when it was not stored as a
/// new article (or its commit failed).
type Outcome = Option<(ArticleId, StoryId)>;

/// An article the state knows, by handle.
#[derive(Debug)]
struct Known {
    /// Arrival time, for sweeping.
    clock: i64,
    /// The clusterer's key of its story.
    story: u64,
    /// Its commit's outcome.
    outcome: Awaited,
}

/// An article's commit outcome: settled, or to be waited for while the commit is under way.
/// Settled outcomes replace their channels, which cost far more memory than the outcome.
#[derive(Debug, Clone)]
enum Awaited {
    Settled(Outcome),
    Pending(watch::Receiver<Option<Outcome>>),
}

impl Awaited {
    /// The outcome, waiting for the commit if it is under way; `None` when that commit stored
    /// nothing new or was abandoned (its sender dropped).
    async fn outcome(self) -> Outcome {
        match self {
            Awaited::Settled(o) => o,
            Awaited::Pending(mut rx) => match rx.wait_for(Option::is_some).await {
                Ok(o) => o.flatten(),
                Err(_) => None,
            },
        }
    }
}

/// What the state decided for an article, to be resolved and committed.
#[derive(Debug)]
pub(crate) struct Decision {
    /// The root of the group the article copies, when it is a copy.
    original: Option<Awaited>,
    /// The article whose commit created the chosen story, or `None` for a new story.
    story: Option<StoryRef>,
    /// The article's tags, keyphrases included, as the store keeps them.
    tags: Vec<Tag>,
    /// The article's handle in the state.
    handle: u64,
    /// Where this article's own outcome is published.
    outcome: watch::Sender<Option<Outcome>>,
}

/// The story a decision chose.
#[derive(Debug)]
enum StoryRef {
    /// A stored story.
    Stored(StoryId),
    /// The story of an article of this process, once it is stored.
    Of(Awaited),
}

impl Decision {
    /// The store's ids for the decision, once the commits it depends on are done.
    async fn resolve(&mut self) -> (Option<ArticleId>, Option<StoryId>) {
        let original = match self.original.take() {
            Some(a) => a.outcome().await.map(|o| o.0),
            None => None,
        };
        let story = match self.story.take() {
            Some(StoryRef::Stored(s)) => Some(s),
            Some(StoryRef::Of(a)) => a.outcome().await.map(|o| o.1),
            None => None,
        };
        (original, story)
    }

    /// Publishes the outcome of this article's commit to the decisions waiting for it, and
    /// settles it in the state for the decisions to come.
    fn finish(self, state: &Mutex<AnalysisState>, commit: Option<&ArticleCommit>) {
        let outcome = match commit {
            Some(ArticleCommit::Inserted { id, story_id, .. }) => Some((*id, *story_id)),
            _ => None,
        };
        self.outcome.send_replace(Some(outcome));
        let mut s = lock(state);
        let Some(k) = s.known.get_mut(&self.handle) else {
            return;
        };
        k.outcome = Awaited::Settled(outcome);
        if let Some((id, _)) = outcome {
            // Other processes' copies of this article name it by its store id: under that
            // id too it leads to its story.
            let (clock, story) = (k.clock, k.story);
            s.stored.insert(id, clock);
            s.known.entry(id.0 as u64).or_insert(Known {
                clock,
                story,
                outcome: Awaited::Settled(outcome),
            });
        }
    }
}

/// The analysis state of one process.
pub(crate) struct AnalysisState {
    copies: CopyIndex,
    clusters: Clusterer,
    df: DocFreq,
    phrases: PhraseStats,
    copy_window_ms: i64,
    story_window_ms: i64,
    /// Articles in the copy index, by handle.
    known: HashMap<u64, Known>,
    /// The handle of the article that started each story of this process, with the arrival
    /// time of the story's latest article.
    story_owner: HashMap<u64, (u64, i64)>,
    /// The stored articles the state has entered (warmed, read from other processes, or
    /// committed here), with their arrival time: none is entered twice.
    stored: HashMap<ArticleId, i64>,
    next_handle: u64,
    decisions: u64,
}

/// How often a worker process of a shared store reads what the other processes stored.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Where a worker process of a shared (PostgreSQL) store has read the articles of the other
/// processes up to. Without it each process would find copies and stories only among its own
/// articles.
#[derive(Debug)]
pub(crate) struct Following {
    position: ChangePosition,
    read_at: Option<std::time::Instant>,
}

impl std::fmt::Debug for AnalysisState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalysisState")
            .field("indexed", &self.copies.len())
            .field("live_stories", &self.clusters.live_stories())
            .field("docs", &self.df.docs())
            .finish()
    }
}

/// The time an article counts at: its publication, else now, never in the future (a future
/// date would put it beyond every story's decay).
pub(crate) fn analysis_time(article: &NewArticle, now: i64) -> i64 {
    article
        .published_at
        .map_or(now, |p| p.timestamp_millis())
        .min(now)
}

/// The state, even after a panic while it was held: a decision is a few map updates, and a
/// half-made one costs at most one article's story.
fn lock(state: &Mutex<AnalysisState>) -> std::sync::MutexGuard<'_, AnalysisState> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl AnalysisState {
    /// An empty state with the default thresholds and windows of `marsad analyze`.
    pub fn new() -> AnalysisState {
        let stories = StoryConfig::default();
        let copies = CopyConfig::default();
        AnalysisState {
            copies: CopyIndex::new(copies),
            clusters: Clusterer::new(stories, FRESH),
            df: DocFreq::new(),
            phrases: PhraseStats::default(),
            copy_window_ms: copies.window_ms,
            story_window_ms: stories.window_ms,
            known: HashMap::new(),
            story_owner: HashMap::new(),
            stored: HashMap::new(),
            next_handle: FRESH,
            decisions: 0,
        }
    }

    /// A state warmed from the store's articles ingested within the copy window (14 days),
    /// replayed in arrival order: every one counts in the document frequencies and enters the
    /// copy index under its stored root, and those ingested within the story window (4 days)
    /// rebuild their stories' centroids under their stored story ids.
    ///
    /// With `shared`, the state also returns where to follow the other processes' articles
    /// from: a position taken before the warm-up read, so that nothing falls between them.
    pub async fn warm(
        store: &dyn Store,
        shared: bool,
    ) -> Result<(AnalysisState, Option<Following>), PipelineError> {
        let following = match shared {
            true => Some(Following {
                position: store.change_horizon().await?,
                read_at: None,
            }),
            false => None,
        };
        let now = Utc::now().timestamp_millis();
        let mut state = AnalysisState::new();
        let since = now - state.copy_window_ms;
        let story_since = now - state.story_window_ms;
        let mut after = ArticleId(0);
        let mut count = 0usize;
        loop {
            let page = store
                .recent_articles(since, after, WARM_PAGE, digest::version())
                .await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            count += page.len();
            // Replaying a page is CPU work: the state travels to the blocking pool and back.
            state = tokio::task::spawn_blocking(move || {
                for a in page {
                    let read = read_stored(&a);
                    state.replay(a, read, now, story_since, false);
                }
                state
            })
            .await
            .map_err(|e| PipelineError::WarmUp(e.to_string()))?;
        }
        tracing::info!(articles = count, state = ?state, "analysis state warmed");
        Ok((state, following))
    }

    /// Enters one stored article into the state. With `follow` (an article another process
    /// stored), an original that copies an original of this process's index is returned with
    /// that original's id: the two processes stored them at the same moment, each unseen by
    /// the other, and their groups are to be joined.
    fn replay(
        &mut self,
        a: marsad_store::RecentArticle,
        read: Reread,
        now: i64,
        story_since: i64,
        follow: bool,
    ) -> Option<(ArticleId, ArticleId)> {
        let clock = a.ingested_ms.min(now);
        if self.stored.insert(a.id, clock).is_some() {
            return None;
        }
        let at = a.published_ms.unwrap_or(clock).min(now);
        self.df.add(&read.counts);
        self.phrases.add_hashes(read.phrase_hashes.iter().copied());
        let handle = a.id.0 as u64;
        let story = a.story_id.map_or(0, |s| s.0 as u64);
        if clock >= story_since && a.story_id.is_some() {
            let v = self.df.vector(&read.counts);
            self.clusters
                .assign_on_clock(&v, &read.entities, at, clock, Some(story));
        }
        let signature = a
            .signature
            .filter(|(_, v)| *v == i64::from(SIGNATURE_VERSION))
            .and_then(|(b, _)| Signature::from_bytes(&b))
            .or_else(|| Signature::of_text(&a.text));
        let mut join = None;
        if let Some(s) = signature {
            let mut root = a.duplicate_of.unwrap_or(a.id).0 as u64;
            if follow && a.duplicate_of.is_none() {
                // Only a settled original of this process has an id to join with; one still
                // being committed is found by the other process when it reads this one.
                let found = self.copies.find(&s, read.names()).and_then(|m| {
                    match &self.known.get(&m.original)?.outcome {
                        Awaited::Settled(Some((id, _))) if *id != a.id => Some((m.original, *id)),
                        _ => None,
                    }
                });
                if let Some((original, id)) = found {
                    root = original;
                    join = Some((a.id, id));
                }
            }
            self.copies.insert(handle, root, clock, s, read.names());
            let outcome = a.story_id.map(|s| (a.id, s));
            self.known.insert(
                handle,
                Known {
                    clock,
                    story,
                    outcome: Awaited::Settled(outcome),
                },
            );
        }
        join
    }

    /// Decides an article arriving at `clock` and published at `at`: finds the root of the
    /// copy group it belongs to, chooses its story (its original's for a copy), and enters it
    /// into the copy index and the clusterer under a fresh handle.
    fn decide(&mut self, p: &Prepared, at: i64, clock: i64) -> Decision {
        let handle = self.next_handle;
        self.next_handle += 1;
        let original = p
            .signature
            .as_ref()
            .and_then(|s| self.copies.find(s, p.names()))
            .and_then(|m| self.known.get(&m.original).map(|k| (m.original, k)));
        self.df.add(&p.counts);
        self.phrases.add(&p.phrases);
        let tags = marsad_analyze::tags::with_keyphrases(&p.tags, &p.phrases, &self.phrases)
            .into_iter()
            .map(|t| Tag {
                name: t.name,
                key: t.key,
                // A tag that names no known entity (a page's own, a keyphrase) is a topic.
                kind: t.kind.map_or("topic", |k| k.as_str()).to_string(),
            })
            .collect();
        let v = self.df.vector(&p.counts);
        let forced = original.map(|(_, k)| k.story);
        let story = self
            .clusters
            .assign_on_clock(&v, &p.entities, at, clock, forced);
        let original = original.map(|(root, k)| (root, k.outcome.clone()));
        let story_ref = if story < FRESH {
            Some(StoryRef::Stored(StoryId(story as i64)))
        } else {
            match self.story_owner.get_mut(&story) {
                Some((owner, last)) => {
                    *last = clock;
                    self.known
                        .get(owner)
                        .map(|k| StoryRef::Of(k.outcome.clone()))
                }
                None => {
                    self.story_owner.insert(story, (handle, clock));
                    None
                }
            }
        };
        let (outcome, receiver) = watch::channel(None);
        if let Some(s) = &p.signature {
            let root = original.as_ref().map_or(handle, |(r, _)| *r);
            self.copies
                .insert(handle, root, clock, s.clone(), p.names());
        }
        // Every decided article is known, signature or not: it may own a story.
        self.known.insert(
            handle,
            Known {
                clock,
                story,
                outcome: Awaited::Pending(receiver),
            },
        );
        self.decisions += 1;
        if self.decisions.is_multiple_of(SWEEP_EVERY) {
            self.sweep(clock);
        }
        Decision {
            original: original.map(|(_, a)| a),
            story: story_ref,
            tags,
            handle,
            outcome,
        }
    }

    /// Forgets handles that have left the copy window and stories that have left the story
    /// window, so the bookkeeping stays as small as the index and the clusterer.
    fn sweep(&mut self, clock: i64) {
        let story_cutoff = clock - self.story_window_ms;
        self.story_owner
            .retain(|_, (_, last)| *last >= story_cutoff);
        let owners: std::collections::HashSet<u64> =
            self.story_owner.values().map(|(h, _)| *h).collect();
        let copy_cutoff = clock - self.copy_window_ms;
        self.known
            .retain(|h, k| k.clock >= copy_cutoff || owners.contains(h));
        self.stored.retain(|_, clock| *clock >= copy_cutoff);
    }
}

/// Enters the articles other processes stored since the last reading into the state, at
/// most every [`FOLLOW_EVERY`]; a worker that finds another one reading goes on without
/// waiting. Near-copies committed at the same moment by two processes miss each other when
/// they are decided (exact copies cannot: the store locks their content key); the process
/// that reads the other's copy then finds it and has the store join the two groups.
pub(crate) async fn catch_up(
    store: &dyn Store,
    state: &Mutex<AnalysisState>,
    following: &tokio::sync::Mutex<Following>,
) -> Result<(), marsad_store::StoreError> {
    let Ok(mut f) = following.try_lock() else {
        return Ok(());
    };
    if f.read_at.is_some_and(|t| t.elapsed() < FOLLOW_EVERY) {
        return Ok(());
    }
    let mut joins = Vec::new();
    loop {
        let page = store
            .recent_changes(f.position, WARM_PAGE, digest::version())
            .await?;
        let Some(&(last, _)) = page.last() else { break };
        f.position = last;
        // A short page is the end: reading on would cost a round trip for an empty page.
        let more = page.len() == WARM_PAGE as usize;
        // The articles are read outside the state's lock, which decisions wait for; those
        // this process stored itself are known already and skipped.
        let known: Vec<bool> = {
            let s = lock(state);
            page.iter()
                .map(|(_, a)| s.stored.contains_key(&a.id))
                .collect()
        };
        let read: Vec<(marsad_store::RecentArticle, Reread)> = page
            .into_iter()
            .zip(known)
            .filter(|(_, known)| !known)
            .map(|((_, a), _)| {
                let r = read_stored(&a);
                (a, r)
            })
            .collect();
        let now = Utc::now().timestamp_millis();
        let mut s = lock(state);
        let story_since = now - s.story_window_ms;
        joins.extend(
            read.into_iter()
                .filter_map(|(a, r)| s.replay(a, r, now, story_since, true)),
        );
        if !more {
            break;
        }
    }
    f.read_at = Some(std::time::Instant::now());
    for (theirs, ours) in joins {
        match store.join_copies(theirs, ours).await {
            Ok(Some(root)) => {
                tracing::info!(%theirs, %ours, %root, "copies stored apart by two processes joined")
            }
            Ok(None) => {}
            // The groups stay apart; ingestion goes on.
            Err(e) => tracing::warn!(%theirs, %ours, error = %e, "could not join copies"),
        }
    }
    Ok(())
}

/// What the analysis state needs of a stored article: its digest decoded or, for an article
/// stored without a digest of this build's version, its headline and text read again. (A
/// digest that does not decode leaves only the headline to read, as the text was not sent:
/// the article still enters the state, with less weight in its statistics.)
fn read_stored(a: &marsad_store::RecentArticle) -> Reread {
    let title = a.title.as_deref().unwrap_or("");
    match a.digest.as_deref() {
        Some(bytes) => digest::from_bytes(bytes).unwrap_or_else(|| {
            tracing::warn!(article = %a.id, "an analysis digest does not decode");
            reread(title, "")
        }),
        None => reread(title, &a.text),
    }
}

/// Stores an article with the analysis' decisions: decides under the state's lock, then
/// waits for the commits the decision depends on, commits, and publishes the outcome.
pub(crate) async fn commit(
    store: &dyn Store,
    state: &Mutex<AnalysisState>,
    job: Option<JobId>,
    document: &NewDocument,
    article: &NewArticle,
    prepared: Prepared,
) -> Result<ArticleCommit, marsad_store::StoreError> {
    let now = Utc::now().timestamp_millis();
    let at = analysis_time(article, now);
    let mut decision = lock(state).decide(&prepared, at, now);
    let (duplicate_of, story) = decision.resolve().await;
    let analysis = ArticleAnalysis {
        duplicate_of,
        story,
        tags: std::mem::take(&mut decision.tags),
        signature: prepared.signature.as_ref().map(Signature::to_bytes),
        signature_version: i64::from(SIGNATURE_VERSION),
        digest: Some(digest::of_prepared(&prepared)),
        digest_version: digest::version(),
    };
    let result = store
        .commit_analyzed_article(job, document, article, &analysis)
        .await;
    decision.finish(state, result.as_ref().ok());
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Duration};
    use marsad_model::{SourceId, url_key};
    use marsad_store::{ArticleStore, SourceStore, SqliteStore};
    use std::sync::Mutex;

    const WIRE: &str = "أعلنت هيئة الأرصاد الجوية صباح اليوم أن موجة من الأمطار الغزيرة ستضرب \
        المناطق الساحلية خلال الأيام الثلاثة المقبلة، ودعت السكان إلى تجنب الأودية والابتعاد \
        عن مجاري السيول. وقال المتحدث باسم الهيئة إن كميات الأمطار قد تتجاوز خمسين مليمترا في \
        بعض المدن، وإن فرق الطوارئ وضعت في حالة تأهب قصوى منذ مساء أمس. وأضاف أن المدارس \
        ستغلق أبوابها يوم الخميس احترازا، وأن حركة الملاحة في الموانئ الصغيرة ستتوقف مؤقتا.";

    const REPORT: &str = "حذرت السلطات المحلية في المدن الساحلية من أمطار غزيرة وسيول متوقعة \
        خلال الأيام الثلاثة المقبلة بحسب توقعات هيئة الأرصاد الجوية، وقررت إغلاق المدارس \
        يوم الخميس. ونشرت فرق الطوارئ والدفاع المدني آلياتها قرب الأودية، فيما طالبت البلديات \
        السكان بالبقاء في منازلهم أثناء هطول الأمطار الغزيرة وعدم عبور مجاري السيول.";

    const OTHER: &str = "افتتح معرض الكتاب الدولي أبوابه أمس بمشاركة أكثر من ثمانمئة دار نشر من \
        عشرين بلدا، ويضم المعرض هذا العام جناحا خاصا لكتب الأطفال وندوات يومية عن الرواية \
        والشعر والترجمة. وقالت إدارة المعرض إن عدد الزوار في اليوم الأول تجاوز التوقعات، وإن \
        برنامج التوقيعات سيستمر حتى نهاية الأسبوع المقبل مع خصومات على الكتب المدرسية.";

    fn new_article(
        source: SourceId,
        n: u32,
        title: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> NewArticle {
        let url = format!("https://example.test/news/{n}");
        NewArticle {
            source_id: source,
            feed_id: None,
            url_key: url_key(&url).unwrap(),
            canonical_url: url.clone(),
            url,
            alias_keys: vec![],
            title: Some(title.to_string()),
            description: None,
            authors: vec![],
            published_at: Some(at),
            published_offset: Some(0),
            published_precision: None,
            updated_at: None,
            lang: Some("ar".into()),
            dir: "rtl".into(),
            text: text.to_string(),
            html_sanitized: String::new(),
            image: None,
            credit: None,
            page_tags: vec![],
            related_links: vec![],
            site_name: None,
            extractor_version: 1,
            content_key: marsad_analyze::content_key(text),
        }
    }

    fn document(a: &NewArticle) -> NewDocument {
        NewDocument {
            url: a.url.clone(),
            final_url: a.url.clone(),
            fetched_at: Utc::now(),
            status: 200,
            content_type: Some("text/html".into()),
            charset: None,
            body: a.text.as_bytes().to_vec(),
        }
    }

    async fn ingest(
        store: &SqliteStore,
        state: &Mutex<AnalysisState>,
        a: &NewArticle,
        page_tags: &[&str],
    ) -> (ArticleId, Option<ArticleId>, StoryId) {
        let tags: Vec<String> = page_tags.iter().map(|t| t.to_string()).collect();
        let p = prepare(a.title.as_deref().unwrap_or(""), &a.text, &tags);
        match commit(store, state, None, &document(a), a, p)
            .await
            .unwrap()
        {
            ArticleCommit::Inserted {
                id,
                duplicate_of,
                story_id,
            } => (id, duplicate_of, story_id),
            ArticleCommit::Existing(id) => panic!("article {id} was stored already"),
        }
    }

    /// A store and two worker processes of it, both started before anything was stored,
    /// each with where it follows the other.
    struct TwoProcesses {
        _tmp: tempfile::TempDir,
        store: SqliteStore,
        src: SourceId,
        t0: DateTime<Utc>,
        a: Mutex<AnalysisState>,
        b: Mutex<AnalysisState>,
        fa: tokio::sync::Mutex<Following>,
        fb: tokio::sync::Mutex<Following>,
    }

    async fn two_processes() -> TwoProcesses {
        let tmp = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&tmp.path().join("m.db")).await.unwrap();
        let src = store.ensure_source("مصدر", None).await.unwrap();
        let (a, fa) = AnalysisState::warm(&store, true).await.unwrap();
        let (b, fb) = AnalysisState::warm(&store, true).await.unwrap();
        TwoProcesses {
            _tmp: tmp,
            store,
            src,
            t0: Utc::now() - Duration::hours(6),
            a: Mutex::new(a),
            b: Mutex::new(b),
            fa: tokio::sync::Mutex::new(fa.unwrap()),
            fb: tokio::sync::Mutex::new(fb.unwrap()),
        }
    }

    #[tokio::test]
    async fn a_process_following_the_store_finds_copies_and_stories_stored_by_another() {
        let p = two_processes().await;
        let (store, src, t0, a, b, following) = (&p.store, p.src, p.t0, &p.a, &p.b, &p.fb);

        let wire = new_article(src, 1, "أمطار غزيرة وسيول متوقعة على الساحل", WIRE, t0);
        let (wire_id, _, wire_story) = ingest(store, a, &wire, &[]).await;
        // The article is stored with its digest, which is what reading its text finds, and
        // the other process gets the digest instead of the text.
        let stored = store
            .recent_articles(0, ArticleId(0), 10, digest::version())
            .await
            .unwrap();
        let expected = digest::to_bytes(&reread(wire.title.as_deref().unwrap(), WIRE));
        assert_eq!(stored[0].digest.as_ref(), Some(&expected));
        assert_eq!(stored[0].text, "");
        let edited_text = format!("{WIRE}\n\nوأعلنت وزارة النقل تعليق بعض الرحلات الداخلية.");
        let edited = new_article(src, 2, "الأرصاد تحذر", &edited_text, t0);
        catch_up(store, b, following).await.unwrap();
        let (_, dup, story) = ingest(store, b, &edited, &[]).await;
        assert_eq!(dup, Some(wire_id), "the other process's original is found");
        assert_eq!(story, wire_story);
        let report = new_article(src, 3, "سيول وأمطار غزيرة متوقعة وإغلاق المدارس", REPORT, t0);
        let (_, dup, story) = ingest(store, b, &report, &[]).await;
        assert_eq!((dup, story), (None, wire_story), "and its story");
        // Reading again enters nothing twice: b's own articles are known to it already.
        let docs = lock(b).df.docs();
        following.lock().await.read_at = None;
        catch_up(store, b, following).await.unwrap();
        assert_eq!(lock(b).df.docs(), docs);
    }

    #[tokio::test]
    async fn one_reading_takes_in_more_than_a_page_of_the_other_process_articles() {
        let p = two_processes().await;
        let (store, src, t0, a, b, following) = (&p.store, p.src, p.t0, &p.a, &p.b, &p.fb);
        // A full page and one more: the reading goes on past a full page and ends at the
        // short one.
        let n = u32::try_from(WARM_PAGE).unwrap() + 1;
        for i in 0..n {
            let text = format!("{OTHER} الدورة {i}");
            ingest(
                store,
                a,
                &new_article(src, i, "معرض الكتاب", &text, t0),
                &[],
            )
            .await;
        }
        catch_up(store, b, following).await.unwrap();
        assert_eq!(lock(b).df.docs(), n);
    }

    #[tokio::test]
    async fn copies_two_processes_stored_at_the_same_moment_are_joined_when_read() {
        let p = two_processes().await;
        let (store, src, t0, a, b, fa, fb) = (&p.store, p.src, p.t0, &p.a, &p.b, &p.fa, &p.fb);
        // Each process stores its copy of the wire story before it reads the other's.
        let wire = new_article(src, 1, "أمطار غزيرة وسيول متوقعة", WIRE, t0);
        let edited_text = format!("{WIRE}\n\nوأعلنت وزارة النقل تعليق بعض الرحلات الداخلية.");
        let edited = new_article(src, 2, "الأرصاد تحذر", &edited_text, t0 + Duration::hours(1));
        let (wire_id, _, wire_story) = ingest(store, a, &wire, &[]).await;
        let (edited_id, dup, story) = ingest(store, b, &edited, &[]).await;
        assert_eq!(dup, None, "b could not see a's article yet");
        assert_ne!(story, wire_story);
        // Reading a's article, b finds the copy it missed; the store joins the groups under
        // the earlier original. When a reads b's article, there is nothing left to join.
        catch_up(store, b, fb).await.unwrap();
        let got = store.get_article(edited_id).await.unwrap().unwrap();
        assert_eq!(
            (got.duplicate_of, got.story_id),
            (Some(wire_id), Some(wire_story))
        );
        catch_up(store, a, fa).await.unwrap();
        assert_eq!(store.count_stories().await.unwrap(), 1);
    }

    #[tokio::test]
    async fn edited_copies_and_reports_of_one_event_share_a_story_across_a_restart() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&tmp.path().join("m.db")).await.unwrap();
        let src = store.ensure_source("مصدر", None).await.unwrap();
        let t0 = Utc::now() - Duration::hours(6);
        let state = Mutex::new(AnalysisState::warm(&store, false).await.unwrap().0);

        let wire = new_article(src, 1, "أمطار غزيرة وسيول متوقعة على الساحل", WIRE, t0);
        let (wire_id, dup, wire_story) = ingest(&store, &state, &wire, &["طقس", "القاهرة"]).await;
        assert_eq!(dup, None);
        // A copy with a new headline and an added paragraph: not an exact copy, a near one.
        let edited_text = format!(
            "{WIRE}\n\nوفي سياق متصل، أعلنت وزارة النقل تعليق بعض الرحلات الداخلية حتى تتحسن الأحوال الجوية."
        );
        let edited = new_article(
            src,
            2,
            "الأرصاد تحذر من سيول",
            &edited_text,
            t0 + Duration::minutes(30),
        );
        assert_ne!(edited.content_key, wire.content_key);
        let (_, dup, story) = ingest(&store, &state, &edited, &[]).await;
        assert_eq!(
            dup,
            Some(wire_id),
            "a lightly edited copy points to its original"
        );
        assert_eq!(story, wire_story, "a copy shares its original's story");

        // Tags are stored, page tags first, and read back.
        let tags = store.article_tags(wire_id).await.unwrap();
        assert_eq!(tags[0].name, "طقس");
        assert_eq!(tags[0].kind, "topic");
        assert!(
            tags.iter()
                .any(|t| t.name == "القاهرة" && t.kind == "place"),
            "{tags:?}"
        );

        // After a restart the state is warmed from the store: a further report of the event
        // (not a copy) joins the story, an unrelated article does not.
        drop(state);
        let state = Mutex::new(AnalysisState::warm(&store, false).await.unwrap().0);
        let report = new_article(
            src,
            3,
            "سيول وأمطار غزيرة متوقعة في المدن الساحلية وإغلاق المدارس",
            REPORT,
            t0 + Duration::hours(1),
        );
        let (_, dup, story) = ingest(&store, &state, &report, &[]).await;
        assert_eq!(dup, None, "another report is not a copy");
        assert_eq!(story, wire_story, "reports of one event share a story");
        let other = new_article(
            src,
            4,
            "افتتاح معرض الكتاب الدولي",
            OTHER,
            t0 + Duration::hours(2),
        );
        let (_, dup, story) = ingest(&store, &state, &other, &[]).await;
        assert_eq!(dup, None);
        assert_ne!(story, wire_story, "an unrelated article has its own story");

        // A copy of the copy, after the restart, still finds the group's root.
        let again = new_article(
            src,
            5,
            "تحذيرات من السيول",
            &format!("{WIRE}\n\nوتابع المتحدث أن الهيئة ستصدر نشرة جديدة مساء اليوم."),
            t0 + Duration::hours(3),
        );
        let (_, dup, story) = ingest(&store, &state, &again, &[]).await;
        assert_eq!(dup, Some(wire_id));
        assert_eq!(story, wire_story);
        assert_eq!(store.count_stories().await.unwrap(), 2);
        assert_eq!(store.count_duplicates().await.unwrap(), 2);
    }

    #[tokio::test]
    async fn an_earlier_copy_arriving_late_becomes_the_root_of_its_group() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&tmp.path().join("m.db")).await.unwrap();
        let src = store.ensure_source("مصدر", None).await.unwrap();
        let t0 = Utc::now() - Duration::hours(6);
        let state = Mutex::new(AnalysisState::warm(&store, false).await.unwrap().0);
        let late = new_article(
            src,
            1,
            "الأرصاد تحذر من سيول",
            &format!("{WIRE}\n\nوأكدت الهيئة أنها ستتابع تطورات المنخفض الجوي ساعة بساعة."),
            t0 + Duration::hours(2),
        );
        let (late_id, _, story) = ingest(&store, &state, &late, &[]).await;
        let first = new_article(src, 2, "أمطار غزيرة", WIRE, t0);
        let (first_id, dup, first_story) = ingest(&store, &state, &first, &[]).await;
        assert_eq!(dup, None, "the earliest published copy is the original");
        assert_eq!(first_story, story);
        let late = store.get_article(late_id).await.unwrap().unwrap();
        assert_eq!(late.duplicate_of, Some(first_id), "the group is re-pointed");
    }

    #[tokio::test]
    async fn a_copy_decided_while_its_original_commits_waits_for_its_outcome() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&tmp.path().join("m.db")).await.unwrap();
        let src = store.ensure_source("مصدر", None).await.unwrap();
        let t0 = Utc::now() - Duration::hours(6);
        let wire = new_article(src, 1, "أمطار غزيرة", WIRE, t0);
        let copy_text = format!("{WIRE}\n\nوأكدت الهيئة أنها ستتابع تطورات المنخفض الجوي.");
        let copy = new_article(src, 2, "الأرصاد تحذر", &copy_text, t0 + Duration::hours(1));
        let state = Mutex::new(AnalysisState::new());
        let now = Utc::now().timestamp_millis();
        let decide = |a: &NewArticle, clock: i64| {
            let p = prepare(a.title.as_deref().unwrap(), &a.text, &[]);
            let at = analysis_time(a, now);
            state.lock().unwrap().decide(&p, at, clock)
        };
        // Both are decided before either is stored, as two workers fetching them together.
        let mut first = decide(&wire, now);
        let mut second = decide(&copy, now + 1);
        let copy_side = async move { second.resolve().await };
        let wire_side = async {
            assert_eq!(first.resolve().await, (None, None));
            let commit = store
                .commit_analyzed_article(None, &document(&wire), &wire, &ArticleAnalysis::default())
                .await
                .unwrap();
            first.finish(&state, Some(&commit));
            commit
        };
        let ((duplicate_of, story), commit) = tokio::join!(copy_side, wire_side);
        let ArticleCommit::Inserted { id, story_id, .. } = commit else {
            panic!("the original is new");
        };
        assert_eq!(duplicate_of, Some(id), "the copy learns its original's id");
        assert_eq!(story, Some(story_id));

        // An original whose commit is abandoned leaves its copies to stand alone.
        let third = new_article(src, 3, "نشرة", OTHER, t0);
        let fourth_text = format!("{OTHER}\n\nوأضافت الإدارة أن الدخول مجاني للطلاب.");
        let fourth = new_article(src, 4, "معرض", &fourth_text, t0);
        let abandoned = decide(&third, now + 2);
        let mut waiting = decide(&fourth, now + 3);
        assert!(
            waiting.original.is_some(),
            "found as a copy of the pending article"
        );
        drop(abandoned);
        assert_eq!(waiting.resolve().await, (None, None));
    }

    #[tokio::test]
    async fn related_reading_finds_other_stories_on_the_main_tags_and_copies_count_against_originality()
     {
        let tmp = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&tmp.path().join("m.db")).await.unwrap();
        let agency = store.ensure_source("وكالة", None).await.unwrap();
        let paper = store.ensure_source("صحيفة", None).await.unwrap();
        let state = Mutex::new(AnalysisState::new());
        let now = Utc::now();
        // An archive of unrelated short items, so that tags have a rarity to measure.
        for i in 0..30 {
            let filler = new_article(
                paper,
                100 + i,
                &format!("نتيجة مباراة رقم {i}"),
                &format!("انتهت المباراة رقم {i} من الدوري بالتعادل."),
                now - Duration::days(5),
            );
            ingest(&store, &state, &filler, &[&format!("الجولة {i}")]).await;
        }
        let wire = new_article(
            agency,
            1,
            "أمطار غزيرة وسيول",
            WIRE,
            now - Duration::days(2),
        );
        let (wire_id, _, wire_story) = ingest(&store, &state, &wire, &["الأرصاد", "القاهرة"]).await;
        let copy_text = format!("{WIRE}\n\nوأكدت الهيئة أنها ستتابع تطورات المنخفض الجوي.");
        let copy = new_article(paper, 2, "الأرصاد تحذر", &copy_text, now - Duration::days(1));
        let (_, dup, _) = ingest(&store, &state, &copy, &["الأرصاد"]).await;
        assert_eq!(dup, Some(wire_id));
        let heat = new_article(
            agency,
            3,
            "موجة حر تضرب البلاد",
            "توقعت هيئة الأرصاد أن تتجاوز درجات الحرارة الأربعين في معظم المناطق الداخلية \
             خلال نهاية الأسبوع، ونصحت بتجنب التعرض المباشر لأشعة الشمس في ساعات الظهيرة.",
            now - Duration::hours(1),
        );
        let (_, _, heat_story) = ingest(&store, &state, &heat, &["الأرصاد"]).await;
        assert_ne!(heat_story, wire_story);
        let fair = new_article(
            paper,
            4,
            "افتتاح معرض الكتاب",
            OTHER,
            now - Duration::days(1),
        );
        let (_, _, fair_story) = ingest(&store, &state, &fair, &["القاهرة"]).await;

        // Related reading starts from the store's candidates: the other stories that share
        // the article's main tags (the web ranks them with `marsad_analyze::related`).
        let candidates = store.related_candidates(wire_id, 5, 400).await.unwrap();
        let stories: Vec<StoryId> = candidates.iter().map(|c| c.story).collect();
        assert!(
            stories.contains(&heat_story) && !stories.contains(&wire_story),
            "the main tag's other story is a candidate; the own story never is: {stories:?}"
        );
        assert_ne!(fair_story, heat_story);
        let heat = candidates.iter().find(|c| c.story == heat_story).unwrap();
        let shared: Vec<&str> = heat.shared.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(shared, ["الارصاد"]);

        let paper_figure = store.source_originality(paper).await.unwrap();
        assert_eq!(paper_figure.articles, 32);
        assert_eq!(paper_figure.copies_of_others, 1);
        let agency_figure = store.source_originality(agency).await.unwrap();
        assert_eq!(
            (agency_figure.articles, agency_figure.copies_of_others),
            (2, 0)
        );
        assert_eq!(agency_figure.share_original(), 1.0);
    }
}
