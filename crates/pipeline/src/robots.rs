//! robots.txt: fetched once per host and kept for a day, read with texting_robots.
//!
//! Following RFC 9309: a robots.txt that does not exist (4xx) allows everything; one that
//! cannot be read (5xx, network error) disallows everything for now, and the request is
//! retried later; a redirect is followed (by the fetcher, within its limits).

use crate::hosts::HostLimiter;
use marsad_fetch::{Conditional, FetchError, Fetcher};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use texting_robots::Robot;
use tokio::time::Instant;
use url::Url;

/// How long a robots.txt is trusted.
const TTL: Duration = Duration::from_secs(24 * 3600);
/// Largest robots.txt read (RFC 9309 asks for at least 500 KiB).
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// The rules of one host.
enum Rules {
    AllowAll,
    Parsed(Box<Robot>),
}

/// Why robots.txt stops a request.
#[derive(Debug)]
pub(crate) enum Denied {
    /// The site disallows the URL for our user agent.
    Disallowed,
    /// robots.txt could not be read; try again later.
    Unreachable(FetchError),
}

/// The robots.txt of every host seen, with the time it was fetched.
pub(crate) struct RobotsCache {
    user_agent: String,
    hosts: Mutex<HashMap<String, (Arc<Rules>, Instant)>>,
    /// One fetch per host at a time: the others wait for it instead of fetching again.
    fetching: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

fn origin(url: &Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

impl RobotsCache {
    pub(crate) fn new(user_agent: &str) -> RobotsCache {
        // Robots groups match on the product token: "Marsad/0.1 (+url)" -> "Marsad".
        let token = user_agent.split(['/', ' ']).next().unwrap_or(user_agent);
        RobotsCache {
            user_agent: token.to_string(),
            hosts: Mutex::new(HashMap::new()),
            fetching: Mutex::new(HashMap::new()),
        }
    }

    fn cached(&self, key: &str) -> Option<Arc<Rules>> {
        let hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .get(key)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(r, _)| r.clone())
    }

    /// Whether `url` may be fetched. Fetches the host's robots.txt when not cached, through
    /// the same fetcher and host limits as every other request, and applies its Crawl-delay.
    pub(crate) async fn check(
        &self,
        url: &Url,
        fetcher: &Fetcher,
        hosts: &HostLimiter,
        host_key: &str,
    ) -> Result<(), Denied> {
        let key = origin(url);
        let rules = match self.cached(&key) {
            Some(r) => r,
            None => {
                let lock = {
                    let mut fetching = self.fetching.lock().unwrap_or_else(|p| p.into_inner());
                    fetching.entry(key.clone()).or_default().clone()
                };
                let _guard = lock.lock().await;
                match self.cached(&key) {
                    Some(r) => r,
                    None => {
                        let rules = Arc::new(self.fetch(url, fetcher, hosts, host_key).await?);
                        if let Rules::Parsed(robot) = rules.as_ref()
                            && let Some(delay) = robot.delay
                        {
                            hosts
                                .set_crawl_delay(host_key, Duration::from_secs_f32(delay.max(0.0)));
                        }
                        let mut map = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
                        map.insert(key, (rules.clone(), Instant::now()));
                        rules
                    }
                }
            }
        };
        match rules.as_ref() {
            Rules::AllowAll => Ok(()),
            Rules::Parsed(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Parsed(_) => Err(Denied::Disallowed),
        }
    }

    async fn fetch(
        &self,
        url: &Url,
        fetcher: &Fetcher,
        hosts: &HostLimiter,
        host_key: &str,
    ) -> Result<Rules, Denied> {
        let Ok(robots_url) = url.join("/robots.txt") else {
            return Ok(Rules::AllowAll);
        };
        let result = {
            let _slot = hosts.acquire(host_key).await;
            fetcher.get(&robots_url, &Conditional::default()).await
        };
        match result {
            Ok(f) => {
                let body = &f.body[..f.body.len().min(MAX_ROBOTS_BYTES)];
                // An unparseable file is treated as absent rather than as a ban.
                Ok(Robot::new(&self.user_agent, body)
                    .map(|r| Rules::Parsed(Box::new(r)))
                    .unwrap_or(Rules::AllowAll))
            }
            Err(FetchError::Status { status, .. })
                if (400..500).contains(&status) && status != 429 =>
            {
                Ok(Rules::AllowAll)
            }
            Err(e) => Err(Denied::Unreachable(e)),
        }
    }
}
