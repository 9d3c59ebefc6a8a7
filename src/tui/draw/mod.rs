//! Drawing: pure functions of the [`App`] state onto a ratatui frame.
//! Every piece of article-derived text (titles, body, entity names, ids,
//! the filter) is laid out by the layout module before it reaches a cell.

mod article;
mod companions;
mod entities;
mod facets;
mod filter;
mod help;
mod list;
pub(crate) use list::RowTitles;
pub mod loading;
mod note;
mod statements;
mod status;
mod timeline;
mod too_small;
mod warnings;

use super::app::{App, Focus, Overlay};
use super::theme::Theme;
use crate::text::layout::VisualLine;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Narrower than this, one pane is shown at a time.
pub const WIDE: u16 = 100;
/// Smaller than this, only a "terminal too small" message is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Where each pane goes. In narrow terminals and when zoomed the panes not
/// in view are given the whole body anyway (for scrolling arithmetic);
/// `wide` says whether they are side by side, `zoomed` whether only the
/// focused one is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub wide: bool,
    pub zoomed: bool,
    pub filter: Rect,
    pub list: Rect,
    pub article: Rect,
    pub entities: Rect,
    pub status: Rect,
}

impl Panes {
    /// Whether `pane` is drawn while `focus` has the keys. The filter line
    /// goes with the list: it is the list's heading.
    pub fn shown(&self, pane: Focus, focus: Focus) -> bool {
        let list_side = |f: Focus| matches!(f, Focus::Filter | Focus::List);
        if self.zoomed {
            pane == focus || (list_side(pane) && list_side(focus))
        } else {
            self.wide || list_side(pane) == list_side(focus)
        }
    }
}

/// The pane rectangles for a terminal area, or `None` when it is too small.
/// Zoomed (`z`), every pane has the whole screen above the status line, the
/// list under the filter line; only the focused one is drawn.
pub fn panes(area: Rect, _focus: Focus, zoomed: bool) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let body_height = area.height - 1;
    let status = Rect::new(area.x, area.y + body_height, area.width, 1);
    if zoomed {
        let whole = Rect::new(area.x, area.y, area.width, body_height);
        return Some(Panes {
            wide: false,
            zoomed,
            filter: Rect { height: 1, ..whole },
            list: Rect {
                y: whole.y + 1,
                height: whole.height - 1,
                ..whole
            },
            article: whole,
            entities: whole,
            status,
        });
    }
    let wide = area.width >= WIDE;
    let (left, right) = if wide {
        let left_width = (area.width * 2 / 5).clamp(36, 64);
        (
            Rect::new(area.x, area.y, left_width, body_height),
            Rect::new(
                area.x + left_width,
                area.y,
                area.width - left_width,
                body_height,
            ),
        )
    } else {
        let whole = Rect::new(area.x, area.y, area.width, body_height);
        (whole, whole)
    };
    let filter = Rect::new(left.x, left.y, left.width, 1);
    let list = Rect::new(left.x, left.y + 1, left.width, left.height - 1);
    let entities_height = (right.height / 3).max(5);
    let article = Rect::new(
        right.x,
        right.y,
        right.width,
        right.height - entities_height,
    );
    let entities = Rect::new(
        right.x,
        right.y + article.height,
        right.width,
        entities_height,
    );
    Some(Panes {
        wide,
        zoomed,
        filter,
        list,
        article,
        entities,
        status,
    })
}

/// Draws the whole screen for the app's state.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let focus = app.focus();
    let Some(p) = panes(area, focus, app.zoomed()) else {
        too_small::draw(frame, area, app);
        return;
    };
    if p.shown(Focus::List, focus) {
        filter::draw(frame, p.filter, app);
        list::draw(frame, p.list, app);
    }
    if p.shown(Focus::Article, focus) {
        article::draw(frame, p.article, app);
    }
    if p.shown(Focus::Entities, focus) {
        entities::draw(frame, p.entities, app);
    }
    let filter_room = p.filter.width.saturating_sub(2);
    let filter_overflows = filter::overflows(app.filter(), filter_room);
    status::draw(frame, p.status, app, filter_overflows);
    match app.overlay() {
        Some(Overlay::Help { scroll }) => help::draw(frame, area, app, *scroll),
        Some(Overlay::Warnings { scroll }) => warnings::draw(frame, area, app, *scroll),
        Some(Overlay::Facets(picker)) => facets::draw(frame, area, app, picker),
        Some(Overlay::Note(editor)) => note::draw(frame, p.status, app, editor),
        Some(Overlay::Timeline { rows, results }) => {
            timeline::draw(frame, area, app, rows, *results)
        }
        Some(Overlay::Statements { rows, title }) => {
            statements::draw(frame, area, app, rows, title)
        }
        Some(Overlay::Companions { rows, of, together }) => {
            companions::draw(frame, area, app, rows, of, *together)
        }
        None => {}
    }
}

/// Lines of the open help or warnings overlay and how many of them are in
/// view: `update` scrolls by the same arithmetic the drawing uses.
pub fn overlay_rows(app: &App) -> Option<(usize, usize)> {
    let (width, height) = app.size();
    let area = Rect::new(0, 0, width, height);
    match app.overlay()? {
        Overlay::Help { .. } => Some(help::rows(area, app)),
        Overlay::Warnings { .. } => Some(warnings::rows(area, app)),
        Overlay::Facets(_)
        | Overlay::Note(_)
        | Overlay::Timeline { .. }
        | Overlay::Companions { .. }
        | Overlay::Statements { .. } => None,
    }
}

/// Rows of the timeline or the co-occurrence list in view on a screen of
/// `(width, height)`: both are drawn in [`chooser_rect`].
pub fn chooser_height((width, height): (u16, u16)) -> usize {
    chooser_rect(Rect::new(0, 0, width, height))
        .height
        .saturating_sub(2) as usize
}

/// Where the timeline and the co-occurrence list are drawn in `area`.
pub(crate) fn chooser_rect(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    )
}

/// A laid-out line as ratatui spans: the indent, then each run styled by its
/// tags on top of `base`.
pub(crate) fn styled_line(line: &VisualLine, theme: Theme, base: Style) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.runs.len() + 1);
    if line.indent > 0 {
        spans.push(Span::styled(" ".repeat(line.indent as usize), base));
    }
    for run in &line.runs {
        spans.push(Span::styled(
            run.text.clone(),
            base.patch(theme.for_tags(run.tags)),
        ));
    }
    Line::from(spans)
}

/// The start of `text` that can fill at most `width` cells: laying out a
/// row never costs more than the row, even for a megabyte-long title. Four
/// characters per cell leaves room for combining marks.
pub(crate) fn row_text(text: &str, width: u16) -> &str {
    let keep = (width as usize + 1) * 4;
    match text.char_indices().nth(keep) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// A rectangle of `width`×`height` centred in `area` (clipped to it).
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// First row to show so that `selected` is visible in `height` rows,
/// starting from the app's remembered `offset`.
pub(crate) fn visible_offset(offset: usize, selected: usize, height: usize) -> usize {
    let height = height.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}
