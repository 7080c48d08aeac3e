//! Marsad HTTP fetching: one client with limits, timeouts and an address guard.
//!
//! Every request goes through [`Fetcher`]: bounded connect, read and total time, a cap on the
//! decompressed body (so a gzip bomb stops at the cap), at most `max_redirects` redirects, and
//! the address guard, which refuses private, loopback, link-local and other non-public
//! addresses unless the operator allows them. The guard sits in the DNS resolver, so it sees
//! every connection, redirects included; IP literals are checked before each request and at
//! each redirect because they bypass the resolver.

mod guard;

pub use guard::{AddressClass, classify};

use reqwest::header::{self, HeaderMap, HeaderValue};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Limits and identity of the fetcher. Passed in, never global.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// The `User-Agent` header: an honest name with a contact URL.
    pub user_agent: String,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time without receiving a byte before giving up.
    pub read_timeout: Duration,
    /// Time for the whole exchange, body included.
    pub total_timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_body_bytes: usize,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Lets requests reach private, loopback and link-local addresses (tests, intranets).
    pub allow_private_addresses: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: format!(
                "Marsad/{} (+https://example.invalid/marsad/bot)",
                env!("CARGO_PKG_VERSION")
            ),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(45),
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            allow_private_addresses: false,
        }
    }
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL cannot be fetched at all.
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The address guard refused the destination.
    #[error("refused {url}: {reason}")]
    Refused {
        /// The URL.
        url: String,
        /// Which rule refused it.
        reason: String,
    },
    /// A timeout expired.
    #[error("timed out fetching {url}")]
    Timeout {
        /// The URL.
        url: String,
    },
    /// The body exceeded the cap.
    #[error("body of {url} exceeds {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap.
        limit: usize,
    },
    /// More redirects than allowed.
    #[error("more than {limit} redirects from {url}")]
    TooManyRedirects {
        /// The URL first requested.
        url: String,
        /// The cap.
        limit: usize,
    },
    /// The server answered with a status other than 2xx or 304.
    #[error("HTTP {status} from {url}")]
    Status {
        /// The URL.
        url: String,
        /// The status.
        status: u16,
        /// The server's `Retry-After`, if it gave one in seconds.
        retry_after: Option<Duration>,
    },
    /// Connection or protocol failure.
    #[error("network error fetching {url}: {reason}")]
    Network {
        /// The URL.
        url: String,
        /// What happened.
        reason: String,
    },
}

impl FetchError {
    /// Whether trying again later may succeed (time-outs, network errors, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout { .. } | FetchError::Network { .. } => true,
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's requested wait, when it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// Validators for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Conditional<'a> {
    /// Sent as `If-None-Match`.
    pub etag: Option<&'a str>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<&'a str>,
}

/// A successful answer (2xx, or 304 for a conditional request).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// HTTP status.
    pub status: u16,
    /// The URL after redirects.
    pub final_url: Url,
    /// `Content-Type`, if given.
    pub content_type: Option<String>,
    /// `ETag`, if given.
    pub etag: Option<String>,
    /// `Last-Modified`, if given.
    pub last_modified: Option<String>,
    /// The body, decompressed; empty for 304.
    pub body: Vec<u8>,
}

impl Fetched {
    /// Whether the server said the resource is unchanged.
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// The HTTP client of Marsad. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: Arc<FetchConfig>,
}

impl Fetcher {
    /// Builds the client.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        // The TLS provider is chosen here rather than by a cargo feature, so that the build
        // needs no C toolchain beyond what `ring` uses. Installing twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let allow_private = config.allow_private_addresses;
        let max_redirects = config.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(TooManyRedirects);
            }
            if let Err(reason) = guard::check_url(attempt.url(), allow_private) {
                return attempt.error(guard::Refusal(reason));
            }
            attempt.follow()
        });
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .timeout(config.total_timeout)
            .redirect(policy)
            .no_proxy()
            .dns_resolver(Arc::new(guard::GuardedResolver { allow_private }))
            .build()
            .map_err(|e| FetchError::Network {
                url: String::new(),
                reason: format!("cannot build HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            config: Arc::new(config),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GETs a URL, conditionally when validators are given, within every limit.
    pub async fn get(&self, url: &Url, cond: &Conditional<'_>) -> Result<Fetched, FetchError> {
        let name = url.as_str().to_string();
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(FetchError::InvalidUrl {
                url: name,
                reason: "only http and https are fetched".into(),
            });
        }
        guard::check_url(url, self.config.allow_private_addresses).map_err(|reason| {
            FetchError::Refused {
                url: name.clone(),
                reason,
            }
        })?;
        let mut headers = HeaderMap::new();
        if let Some(v) = cond.etag.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(header::IF_NONE_MATCH, v);
        }
        if let Some(v) = cond
            .last_modified
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(header::IF_MODIFIED_SINCE, v);
        }
        let mut resp = self
            .client
            .get(url.clone())
            .headers(headers)
            .send()
            .await
            .map_err(|e| self.classify_error(&name, e))?;
        let status = resp.status().as_u16();
        let header_str = |h: header::HeaderName| {
            resp.headers()
                .get(h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header_str(header::CONTENT_TYPE);
        let etag = header_str(header::ETAG);
        let last_modified = header_str(header::LAST_MODIFIED);
        let retry_after = header_str(header::RETRY_AFTER)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let final_url = resp.url().clone();
        if status == 304 {
            return Ok(Fetched {
                status,
                final_url,
                content_type,
                etag,
                last_modified,
                body: Vec::new(),
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: name,
                status,
                retry_after,
            });
        }
        let limit = self.config.max_body_bytes;
        let too_large = || FetchError::TooLarge {
            url: name.clone(),
            limit,
        };
        // Content-Length is only a hint (it counts compressed bytes); the real cap is below.
        if resp.content_length().is_some_and(|n| {
            n > limit as u64 && resp.headers().get(header::CONTENT_ENCODING).is_none()
        }) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| self.classify_error(&name, e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status,
            final_url,
            content_type,
            etag,
            last_modified,
            body,
        })
    }

    fn classify_error(&self, url: &str, e: reqwest::Error) -> FetchError {
        let url = url.to_string();
        // Walk the cause chain: our own guard and redirect errors are wrapped by reqwest/hyper.
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if let Some(r) = c.downcast_ref::<guard::Refusal>() {
                return FetchError::Refused {
                    url,
                    reason: r.0.clone(),
                };
            }
            if c.downcast_ref::<TooManyRedirects>().is_some() {
                return FetchError::TooManyRedirects {
                    url,
                    limit: self.config.max_redirects,
                };
            }
            cause = c.source();
        }
        if e.is_timeout() {
            return FetchError::Timeout { url };
        }
        let mut reason = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            // hyper and reqwest wrap the same cause several times: say each part once.
            let part = c.to_string();
            if !reason.contains(&part) {
                reason.push_str(": ");
                reason.push_str(&part);
            }
            cause = c.source();
        }
        FetchError::Network { url, reason }
    }
}

/// Marker error of the redirect policy.
#[derive(Debug)]
struct TooManyRedirects;

impl std::fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too many redirects")
    }
}

impl std::error::Error for TooManyRedirects {}
