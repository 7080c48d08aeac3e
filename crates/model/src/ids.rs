//! Typed store ids, so that a feed id is never passed where an article id belongs.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Id of a [`crate::Source`].
    SourceId
);
id_type!(
    /// Id of a [`crate::Feed`].
    FeedId
);
id_type!(
    /// Id of a stored raw document.
    DocumentId
);
id_type!(
    /// Id of an [`crate::Article`].
    ArticleId
);
id_type!(
    /// Id of a story (a group of articles about one event).
    StoryId
);
id_type!(
    /// Id of a queued job.
    JobId
);
