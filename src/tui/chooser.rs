//! Overlays whose rows `Enter` adds to the filter: the round timeline
//! (`t`) and the co-occurrence list (`c`). Their rows are counted when
//! they open; the chooser keeps the cursor and what is in view.

use super::action::Action;
use crate::search::cooccurrence::Companion;
use crate::search::statements::Said;
use crate::search::timeline::TimelineRow;

/// A row that stands for filter terms.
pub trait ChooserRow {
    /// The terms that select the row's articles (`r:4`, `p:lavrov`).
    fn terms(&self) -> Vec<String>;

    /// What `Enter` on the row does: add its terms to the filter.
    fn chosen(&self) -> Choice {
        Choice::Add(self.terms())
    }
}

impl ChooserRow for Said {
    fn terms(&self) -> Vec<String> {
        Vec::new()
    }

    /// A statement opens its article at the words said.
    fn chosen(&self) -> Choice {
        Choice::Open {
            article: self.article,
            at: self.said.start,
        }
    }
}

impl ChooserRow for TimelineRow {
    fn terms(&self) -> Vec<String> {
        self.period.terms()
    }
}

impl ChooserRow for Companion {
    fn terms(&self) -> Vec<String> {
        self.term().into_iter().collect()
    }
}

/// Rows with a cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chooser<R> {
    pub rows: Vec<R>,
    pub cursor: usize,
    /// First row in view (kept so the cursor is inside).
    pub offset: usize,
}

/// What a key did to a chooser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Stay,
    Close,
    /// Close and add these terms to the filter.
    Add(Vec<String>),
    /// Close and show this article (an index into the corpus) at this byte
    /// of its text.
    Open {
        article: usize,
        at: usize,
    },
}

impl<R: ChooserRow> Chooser<R> {
    pub fn new(rows: Vec<R>, cursor: usize) -> Chooser<R> {
        let cursor = cursor.min(rows.len().saturating_sub(1));
        Chooser {
            rows,
            cursor,
            offset: 0,
        }
    }

    pub fn current(&self) -> Option<&R> {
        self.rows.get(self.cursor)
    }

    /// Applies a key's action with `height` rows in view.
    pub fn update(&mut self, action: &Action, height: usize) -> Choice {
        let page = height.max(1) as isize;
        let last = self.rows.len().saturating_sub(1);
        let by = |delta: isize, cursor: usize| cursor.saturating_add_signed(delta).min(last);
        self.cursor = match action {
            Action::Up => by(-1, self.cursor),
            Action::Down => by(1, self.cursor),
            Action::PageUp => by(-page, self.cursor),
            Action::PageDown => by(page, self.cursor),
            Action::HalfPageUp => by(-(page / 2).max(1), self.cursor),
            Action::HalfPageDown => by((page / 2).max(1), self.cursor),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Back => return Choice::Close,
            Action::Confirm => {
                return match self.current() {
                    Some(row) => row.chosen(),
                    None => Choice::Close,
                };
            }
            _ => self.cursor,
        };
        self.keep_in_view(height);
        Choice::Stay
    }

    /// Keeps the cursor in a view of `height` rows.
    pub fn keep_in_view(&mut self, height: usize) {
        self.offset = super::draw::visible_offset(self.offset, self.cursor, height);
    }
}
