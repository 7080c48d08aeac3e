//! Politeness per host: a limit on requests in flight, a minimum gap between request starts
//! (the larger of the configured gap and the site's robots.txt Crawl-delay), and a pause when
//! the site asks for one (429/503 with Retry-After).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The state of one host.
#[derive(Debug)]
struct Host {
    slots: Arc<Semaphore>,
    /// Earliest start of the next request.
    next_start: Mutex<Instant>,
    /// Extra gap the site asked for in robots.txt.
    crawl_delay: Mutex<Duration>,
}

/// Hands out request slots per host (host and port, so two servers on one address differ).
#[derive(Debug)]
pub(crate) struct HostLimiter {
    per_host: usize,
    min_gap: Duration,
    max_crawl_delay: Duration,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

/// A request slot; the host's next request may start once the gap has passed.
#[derive(Debug)]
pub(crate) struct Slot {
    _permit: OwnedSemaphorePermit,
}

impl HostLimiter {
    pub(crate) fn new(
        per_host: usize,
        min_gap: Duration,
        max_crawl_delay: Duration,
    ) -> HostLimiter {
        HostLimiter {
            per_host: per_host.max(1),
            min_gap,
            max_crawl_delay,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn host(&self, host: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .entry(host.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    slots: Arc::new(Semaphore::new(self.per_host)),
                    next_start: Mutex::new(Instant::now()),
                    crawl_delay: Mutex::new(Duration::ZERO),
                })
            })
            .clone()
    }

    /// Waits for a slot on `host` and for its gap, then reserves the next start.
    pub(crate) async fn acquire(&self, host: &str) -> Slot {
        let h = self.host(host);
        // The semaphore is never closed, so acquiring cannot fail.
        let permit = h
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        loop {
            let wait = {
                let mut next = h.next_start.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                if *next <= now {
                    let delay = *h.crawl_delay.lock().unwrap_or_else(|p| p.into_inner());
                    *next = now + self.min_gap.max(delay);
                    None
                } else {
                    Some(*next - now)
                }
            };
            match wait {
                None => break,
                Some(w) => tokio::time::sleep(w).await,
            }
        }
        Slot { _permit: permit }
    }

    /// Pauses every request to `host` for `for_`, as a 429/503 Retry-After asks.
    pub(crate) fn pause(&self, host: &str, for_: Duration) {
        let h = self.host(host);
        let mut next = h.next_start.lock().unwrap_or_else(|p| p.into_inner());
        let until = Instant::now() + for_.min(self.max_crawl_delay.max(Duration::from_secs(60)));
        if *next < until {
            *next = until;
        }
    }

    /// Applies a robots.txt Crawl-delay, capped so that a hostile value cannot stall a crawl.
    pub(crate) fn set_crawl_delay(&self, host: &str, delay: Duration) {
        let h = self.host(host);
        *h.crawl_delay.lock().unwrap_or_else(|p| p.into_inner()) = delay.min(self.max_crawl_delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_host_gets_no_more_than_its_share() {
        let limiter = HostLimiter::new(2, Duration::ZERO, Duration::from_secs(10));
        let a = limiter.acquire("a:80").await;
        let _b = limiter.acquire("a:80").await;
        let third = tokio::time::timeout(Duration::from_millis(50), limiter.acquire("a:80")).await;
        assert!(third.is_err(), "a third request to one host went through");
        let _other = tokio::time::timeout(Duration::from_millis(50), limiter.acquire("b:80"))
            .await
            .expect("another host must not wait");
        drop(a);
        let _again = tokio::time::timeout(Duration::from_millis(50), limiter.acquire("a:80"))
            .await
            .expect("a freed slot must be handed on");
    }

    #[tokio::test(start_paused = true)]
    async fn starts_are_spaced_by_the_gap_and_the_crawl_delay_and_pauses_hold() {
        let limiter = HostLimiter::new(4, Duration::from_millis(100), Duration::from_secs(10));
        let t0 = Instant::now();
        for _ in 0..3 {
            drop(limiter.acquire("a:80").await);
        }
        assert!(t0.elapsed() >= Duration::from_millis(200));
        limiter.set_crawl_delay("a:80", Duration::from_secs(2));
        drop(limiter.acquire("a:80").await);
        let t1 = Instant::now();
        drop(limiter.acquire("a:80").await);
        assert!(t1.elapsed() >= Duration::from_millis(1900));
        limiter.pause("b:80", Duration::from_secs(30));
        let t2 = Instant::now();
        drop(limiter.acquire("b:80").await);
        assert!(t2.elapsed() >= Duration::from_secs(29));
    }
}
