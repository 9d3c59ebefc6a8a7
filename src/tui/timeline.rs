//! The round timeline overlay (`t`): its rows, counted from the results
//! when it opens, and the row under the cursor.

use crate::search::timeline::TimelineRow;

/// The open timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub rows: Vec<TimelineRow>,
    /// How many results the rows count.
    pub results: usize,
    pub cursor: usize,
    /// First row in view (the drawing keeps the cursor inside).
    pub offset: usize,
}

impl Timeline {
    /// Opens on the first row with results (the first round when none has).
    pub fn new(rows: Vec<TimelineRow>, results: usize) -> Timeline {
        let cursor = rows.iter().position(|r| r.count > 0).unwrap_or(0);
        Timeline {
            rows,
            results,
            cursor,
            offset: 0,
        }
    }

    /// Moves the cursor by `delta` rows, within the rows.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Puts the cursor on the first or last row.
    pub fn move_to_end(&mut self, last: bool) {
        self.cursor = if last {
            self.rows.len().saturating_sub(1)
        } else {
            0
        };
    }

    /// Keeps the cursor in a view of `height` rows.
    pub fn keep_in_view(&mut self, height: usize) {
        self.offset = super::draw::visible_offset(self.offset, self.cursor, height);
    }

    pub fn current(&self) -> Option<&TimelineRow> {
        self.rows.get(self.cursor)
    }
}
