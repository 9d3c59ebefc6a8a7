//! Layouts cached per (paragraph text, spans, width, mode), so scrolling
//! and redrawing cost no re-layout.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::{BidiMode, StyleSpan, VisualLine, layout_text};

#[derive(Debug)]
struct Entry {
    text: String,
    spans: Vec<StyleSpan>,
    width: u16,
    mode: BidiMode,
    lines: Arc<Vec<VisualLine>>,
}

/// A bounded cache of [`layout_text`] results. Keys are hashed for lookup
/// and then compared in full, so two texts never share a layout.
#[derive(Debug)]
pub struct LayoutCache {
    capacity: usize,
    entries: HashMap<u64, Vec<Entry>>,
    /// Insertion order, for evicting the oldest entry first.
    order: VecDeque<u64>,
    len: usize,
    misses: u64,
}

impl LayoutCache {
    /// A cache holding at most `capacity` layouts (at least one).
    pub fn new(capacity: usize) -> LayoutCache {
        LayoutCache {
            capacity: capacity.max(1),
            entries: HashMap::new(),
            order: VecDeque::new(),
            len: 0,
            misses: 0,
        }
    }

    /// The layout of `text`, computed only when not cached.
    pub fn get_or_layout(
        &mut self,
        text: &str,
        spans: &[StyleSpan],
        width: u16,
        mode: BidiMode,
    ) -> Arc<Vec<VisualLine>> {
        let key = key(text, spans, width, mode);
        if let Some(bucket) = self.entries.get(&key)
            && let Some(entry) = bucket
                .iter()
                .find(|e| e.width == width && e.mode == mode && e.text == text && e.spans == spans)
        {
            return Arc::clone(&entry.lines);
        }
        self.misses += 1;
        let lines = Arc::new(layout_text(text, spans, width, mode));
        while self.len >= self.capacity {
            self.evict_oldest();
        }
        self.entries.entry(key).or_default().push(Entry {
            text: text.to_owned(),
            spans: spans.to_vec(),
            width,
            mode,
            lines: Arc::clone(&lines),
        });
        self.order.push_back(key);
        self.len += 1;
        lines
    }

    /// How many layouts were computed (cache misses) since creation.
    pub fn layouts_computed(&self) -> u64 {
        self.misses
    }

    /// Number of cached layouts.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forget everything (e.g. when the mode changes for good).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.len = 0;
    }

    fn evict_oldest(&mut self) {
        let Some(key) = self.order.pop_front() else {
            return;
        };
        if let Some(bucket) = self.entries.get_mut(&key) {
            if !bucket.is_empty() {
                bucket.remove(0);
                self.len -= 1;
            }
            if bucket.is_empty() {
                self.entries.remove(&key);
            }
        }
    }
}

impl Default for LayoutCache {
    fn default() -> Self {
        LayoutCache::new(256)
    }
}

fn key(text: &str, spans: &[StyleSpan], width: u16, mode: BidiMode) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    spans.hash(&mut hasher);
    width.hash(&mut hasher);
    mode.hash(&mut hasher);
    hasher.finish()
}
