//! Maps and sets keyed by DOM node, stored in vectors indexed by the node's slot in the
//! document's node array.
//!
//! The extraction passes look up every node of a page many times (statistics, marker
//! prefixes, scores, protected sets). Node ids are dense indices into the tree's array, so a
//! vector indexed by them answers each look-up with one bounds check, where a hash map pays a
//! hash, a probe and, on large pages, cache misses in a table several times larger.

use std::hash::{Hash, Hasher};

use dom_query::NodeId;

/// Records the integer a `NodeId` hashes: dom_query derives `Hash` for `NodeId` from its one
/// field, the node's index plus one, and offers no other public way to read that index.
#[derive(Default)]
struct Capture(u64);

impl Hasher for Capture {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Any integer written as bytes (little-endian, as `write_uN` defaults do).
        let mut v = 0u64;
        for (i, b) in bytes.iter().take(8).enumerate() {
            v |= u64::from(*b) << (8 * i);
        }
        self.0 = v;
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = n as u64;
    }
}

/// The node's slot: its index in the tree's node array plus one. Distinct nodes of one tree
/// have distinct slots, all at most the tree's length (checked by this module's tests).
pub(crate) fn slot(id: NodeId) -> usize {
    let mut h = Capture::default();
    id.hash(&mut h);
    usize::try_from(h.0).unwrap_or(usize::MAX)
}

/// A map from node to `V`.
#[derive(Clone)]
pub(crate) struct NodeMap<V> {
    slots: Vec<Option<V>>,
}

impl<V> Default for NodeMap<V> {
    fn default() -> Self {
        NodeMap { slots: Vec::new() }
    }
}

impl<V> NodeMap<V> {
    /// An empty map with room for the nodes of a tree of `len` nodes.
    pub(crate) fn with_len(len: usize) -> Self {
        let mut slots = Vec::new();
        slots.resize_with(len + 1, || None);
        NodeMap { slots }
    }

    pub(crate) fn get(&self, id: &NodeId) -> Option<&V> {
        self.slots.get(slot(*id)).and_then(Option::as_ref)
    }

    pub(crate) fn get_mut(&mut self, id: &NodeId) -> Option<&mut V> {
        self.slots.get_mut(slot(*id)).and_then(Option::as_mut)
    }

    pub(crate) fn contains_key(&self, id: &NodeId) -> bool {
        self.get(id).is_some()
    }

    /// Whether no node has a value.
    pub(crate) fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    fn cell(&mut self, id: &NodeId) -> &mut Option<V> {
        let s = slot(*id);
        if s >= self.slots.len() {
            // Doubling keeps a map filled in increasing slot order linear.
            let len = (s + 1).max(self.slots.len() * 2);
            self.slots.resize_with(len, || None);
        }
        &mut self.slots[s]
    }

    pub(crate) fn insert(&mut self, id: NodeId, v: V) {
        *self.cell(&id) = Some(v);
    }

    pub(crate) fn remove(&mut self, id: &NodeId) -> Option<V> {
        self.slots.get_mut(slot(*id)).and_then(Option::take)
    }

    /// The value of `id`, inserted as `V::default()` when missing.
    pub(crate) fn entry_or_default(&mut self, id: NodeId) -> &mut V
    where
        V: Default,
    {
        self.cell(&id).get_or_insert_with(V::default)
    }
}

/// A set of nodes.
#[derive(Clone, Default)]
pub(crate) struct NodeSet {
    bits: Vec<bool>,
}

impl NodeSet {
    /// An empty set with room for the nodes of a tree of `len` nodes.
    pub(crate) fn with_len(len: usize) -> Self {
        NodeSet {
            bits: vec![false; len + 1],
        }
    }

    pub(crate) fn insert(&mut self, id: NodeId) {
        let s = slot(id);
        if s >= self.bits.len() {
            let len = (s + 1).max(self.bits.len() * 2);
            self.bits.resize(len, false);
        }
        self.bits[s] = true;
    }

    pub(crate) fn contains(&self, id: &NodeId) -> bool {
        self.bits.get(slot(*id)).copied().unwrap_or(false)
    }
}

impl Extend<NodeId> for NodeSet {
    fn extend<I: IntoIterator<Item = NodeId>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

impl FromIterator<NodeId> for NodeSet {
    fn from_iter<I: IntoIterator<Item = NodeId>>(iter: I) -> Self {
        let mut s = NodeSet::default();
        s.extend(iter);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    /// Slots are distinct, within the tree's length, and follow creation order: what the
    /// vectors above rely on. A dom_query release that hashed ids otherwise fails here.
    #[test]
    fn slots_are_dense_and_distinct() {
        let doc =
            Document::from("<html><body><p>a<b>b</b></p><div><span>c</span></div></body></html>");
        let root = doc.root();
        let all: Vec<_> = std::iter::once(root).chain(root.descendants_it()).collect();
        let len = root.tree.len();
        let mut seen = vec![false; len + 1];
        for n in &all {
            let s = slot(n.id);
            assert!(s >= 1 && s <= len, "slot {s} of {len}");
            assert!(!seen[s], "slot {s} twice");
            seen[s] = true;
        }
        let mut m = NodeMap::with_len(len);
        for (i, n) in all.iter().enumerate() {
            m.insert(n.id, i);
        }
        for (i, n) in all.iter().enumerate() {
            assert_eq!(m.get(&n.id), Some(&i));
        }
        let set: NodeSet = all.iter().map(|n| n.id).collect();
        assert!(all.iter().all(|n| set.contains(&n.id)));
    }
}
