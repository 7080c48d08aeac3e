//! The command-line grammar (clap). Every flag can also come from a `MARSAD_*` variable.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Marsad (مرصد): Arabic-first news aggregation and media monitoring.
#[derive(Debug, Parser)]
#[command(
    name = "marsad",
    version,
    about = "Marsad (مرصد): Arabic-first news aggregation and media monitoring.",
    propagate_version = true
)]
pub struct Cli {
    /// Data directory: the SQLite database and the worker lock.
    #[arg(
        long,
        global = true,
        env = "MARSAD_DATA",
        default_value = "./marsad-data"
    )]
    pub data: PathBuf,
    /// The store: `postgres://user:password@host:port/db` for a PostgreSQL database shared by
    /// many processes, `sqlite:PATH` for another SQLite file; without it, the SQLite file in
    /// the data directory. The data directory still holds the search index.
    #[arg(long, global = true, env = "MARSAD_DATABASE")]
    pub database: Option<String>,
    /// Connections of this process to PostgreSQL.
    #[arg(
        long,
        global = true,
        env = "MARSAD_DATABASE_CONNECTIONS",
        default_value_t = 16
    )]
    pub database_connections: u32,
    /// More log output on stderr (-v info, -vv debug). MARSAD_LOG takes a full filter.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web site and run the crawl workers.
    Serve(ServeArgs),
    /// Serve the bundled demo news web, crawl it, and serve the site over it.
    Demo(DemoArgs),
    /// Crawl the feeds: once with --once, else until interrupted.
    Crawl(CrawlArgs),
    /// Manage the feed list.
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// Extract the article from saved pages (no store involved).
    Extract(ExtractArgs),
    /// Write every stored article as JSON lines.
    Export(ExportArgs),
    /// Search the stored articles (the index catches up with the store first).
    Search(SearchArgs),
    /// Rebuild the search index from the store.
    Reindex,
    /// Resolve date expressions (Arabic, English, French, German, Spanish, Italian, Portuguese,
    /// Dutch; Gregorian or Hijri; relative).
    Date(DateArgs),
    /// Find copies, stories, tags and credits in a file of articles (no store involved).
    Analyze(AnalyzeArgs),
    /// Score pairs of texts with the similarity the story clustering uses.
    Similarity(SimilarityArgs),
    /// Arabic text tools over standard input, one line at a time.
    Text {
        /// What to print for each input line.
        #[arg(value_enum)]
        tool: TextTool,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Copy a SQLite installation into an empty PostgreSQL database, every row, in one
    /// transaction.
    Copy(CopyArgs),
}

/// `marsad copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The SQLite file to copy: `sqlite:PATH` or a path.
    #[arg(long)]
    pub from: String,
    /// The PostgreSQL database to fill: `postgres://…` (migrated first; must hold no rows).
    #[arg(long)]
    pub to: String,
}

/// A `marsad text` tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextTool {
    /// The search and fingerprint key of the line (folded, not stemmed).
    Key,
    /// Each whitespace-separated word replaced by the light stem of its key.
    Stem,
    /// The tokens of the line as JSON: [{"text","start","end"}], byte offsets into the line.
    Tokens,
}

/// What a `serve` process does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Web site and workers.
    All,
    /// Web site only.
    Web,
    /// Workers only.
    Worker,
}

/// Options of the fetching workers.
#[derive(Debug, Args)]
pub struct CrawlOptions {
    /// Allow fetching from private, loopback and link-local addresses (tests, intranets).
    #[arg(long, env = "MARSAD_ALLOW_PRIVATE_ADDRESSES")]
    pub allow_private_addresses: bool,
    /// Concurrent workers.
    #[arg(long, env = "MARSAD_WORKERS", default_value_t = 32)]
    pub workers: usize,
    /// Requests in flight to one host at most.
    #[arg(long, env = "MARSAD_PER_HOST", default_value_t = 4)]
    pub per_host: usize,
    /// Largest page or feed accepted, in bytes (after decompression).
    #[arg(long, env = "MARSAD_MAX_BODY_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// The User-Agent sent with every request: a name and a contact URL.
    #[arg(long, env = "MARSAD_USER_AGENT")]
    pub user_agent: Option<String>,
    /// Smallest gap between two requests to one host, in milliseconds (robots.txt
    /// Crawl-delay raises it per host).
    #[arg(long, env = "MARSAD_HOST_GAP_MS", default_value_t = 0)]
    pub host_gap_ms: u64,
    /// Do not read robots.txt (only for sites you run yourself and for tests).
    #[arg(long, env = "MARSAD_IGNORE_ROBOTS")]
    pub ignore_robots: bool,
    /// Seconds a claimed job stays leased to this process: after that, a process that died
    /// with it loses it to the next claim.
    #[arg(long, env = "MARSAD_LEASE_SECS", default_value_t = 300)]
    pub lease_secs: u64,
}

/// `marsad serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address of the web site.
    #[arg(long, env = "MARSAD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// What this process does.
    #[arg(long, value_enum, default_value = "all")]
    pub role: Role,
    /// Token of the admin pages (/admin) and of API writes; without one they are disabled.
    #[arg(long, env = "MARSAD_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Worker options.
    #[command(flatten)]
    pub crawl: CrawlOptions,
}

/// `marsad demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Port of the web site on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// `marsad crawl`.
#[derive(Debug, Args)]
pub struct CrawlArgs {
    /// Fetch every feed once and every new article, then print a JSON summary and exit.
    #[arg(long)]
    pub once: bool,
    /// Worker options.
    #[command(flatten)]
    pub crawl: CrawlOptions,
}

/// `marsad feeds …`.
#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Add a feed.
    Add {
        /// The feed URL.
        url: String,
        /// The outlet to credit its articles to (default: the feed's host).
        #[arg(long)]
        source: Option<String>,
    },
    /// List feeds with their health.
    List {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove a feed (its articles stay).
    Remove {
        /// The feed id (see `feeds list`).
        id: i64,
    },
    /// Stop polling a feed.
    Pause {
        /// The feed id.
        id: i64,
    },
    /// Poll a paused feed again.
    Resume {
        /// The feed id.
        id: i64,
    },
    /// Add every feed of an OPML file.
    Import {
        /// The OPML file.
        file: PathBuf,
    },
    /// Write the feed list as OPML.
    Export {
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// `marsad extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// One page to extract (JSON on standard output).
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub file: Option<PathBuf>,
    /// The address the page was fetched from.
    #[arg(long, conflicts_with = "batch")]
    pub url: Option<String>,
    /// Extract every *.html, *.htm and *.html.gz file of a directory.
    #[arg(long, requires = "out")]
    pub batch: Option<PathBuf>,
    /// JSON-lines output of --batch.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Lines "<file name>\t<url>" giving each page's address (--batch).
    #[arg(long, requires = "batch")]
    pub urls: Option<PathBuf>,
    /// Extraction threads (--batch; default: the number of cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// `marsad analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// JSON lines {"id", "url", "source", "title", "text", "published", optional "tags"}.
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write one JSON line per article (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `marsad similarity`.
#[derive(Debug, Args)]
pub struct SimilarityArgs {
    /// JSON lines {"id", "text1", "text2"}.
    #[arg(long)]
    pub pairs: PathBuf,
}

/// `marsad date`.
#[derive(Debug, Args)]
pub struct DateArgs {
    /// Reference time for relative expressions and dates without a year (RFC 3339; default now).
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// Zone of expressions that name none: an IANA name or a fixed offset (default: the
    /// reference's offset).
    #[arg(long)]
    pub tz: Option<String>,
    /// JSON lines {"id", "text", optional "ref" and "tz"} instead of arguments.
    #[arg(long, conflicts_with = "texts")]
    pub jsonl: Option<PathBuf>,
    /// The expressions.
    #[arg(required_unless_present = "jsonl")]
    pub texts: Vec<String>,
}

/// `marsad export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output file (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchSort {
    /// Most relevant first.
    Relevance,
    /// Newest first.
    Newest,
    /// Relevance decayed by age (a week-old article counts half).
    Recent,
}

/// `marsad search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", -exclusions, OR, source:, tag:, lang:, from:, to:.
    pub query: String,
    /// One JSON line per hit: {"id", "url", "title", "score"}.
    #[arg(long)]
    pub json: bool,
    /// Hits per page.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SearchSort::Relevance)]
    pub sort: SearchSort,
    /// List copies of one original separately instead of folding them into it.
    #[arg(long)]
    pub no_collapse: bool,
}

/// Prints a parse error as one `error:` line followed by the usage of the subcommand the
/// arguments reached, on stderr.
pub fn print_usage_error(e: &clap::Error, root: &mut clap::Command) {
    let rendered = e.render().to_string();
    let line = rendered
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("error: invalid arguments");
    // Walk the arguments down the subcommand tree to show the most specific usage.
    let mut cmd = root.clone();
    let mut path = vec!["marsad".to_string()];
    for arg in std::env::args().skip(1) {
        if let Some(sub) = cmd.find_subcommand(&arg).cloned() {
            path.push(sub.get_name().to_string());
            cmd = sub;
        }
    }
    let usage = cmd.bin_name(path.join(" ")).render_usage();
    eprintln!("{line}\n\n{usage}\n\nFor more information, try '--help'.");
}
