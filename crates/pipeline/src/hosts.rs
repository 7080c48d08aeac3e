//! A per-host limit on requests in flight, so that many workers never crowd one site.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Hands out at most `per_host` permits per host at a time.
#[derive(Debug)]
pub(crate) struct HostLimiter {
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HostLimiter {
    pub(crate) fn new(per_host: usize) -> HostLimiter {
        HostLimiter {
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for a slot on `host` (host and port, so that two servers on one address differ).
    pub(crate) async fn acquire(&self, host: &str) -> OwnedSemaphorePermit {
        let semaphore = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            hosts
                .entry(host.to_string())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        // The semaphore is never closed, so acquiring cannot fail.
        semaphore
            .acquire_owned()
            .await
            .expect("host semaphores are never closed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_host_gets_no_more_than_its_share() {
        let limiter = HostLimiter::new(2);
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
}
