//! The status line: `12/340 articles · g:iran r:4 · bidi app · 2 warnings · ? help`.
//! A filter that does not parse shows its error here (the list keeps the
//! last good results).
//!
//! Each piece (the count, the filter, each item of the tail) is laid out on
//! its own with `text::layout` and the pieces are placed left to right: an
//! Arabic filter is right-to-left inside its own cells, not a paragraph
//! spanning the row (which would right-align it behind a run of blanks).

use super::super::app::App;
use super::{row_text, styled_line};
use crate::search::Order;
use crate::text::layout::{BidiMode, VisualLine, fit_segment};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const SEPARATOR: &str = " · ";
const SEPARATOR_WIDTH: u16 = 3;

/// `filter_overflows`: the filter is wider than the filter line, which
/// shows only the stretch around the caret.
pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, filter_overflows: bool) {
    let theme = app.theme();
    let base = theme.status();
    let mode = app.options().bidi;
    let room = area.width;
    let piece = |text: &str| segment(text, room, mode);
    let count = piece(&format!(
        " {}/{} articles",
        app.result_count(),
        app.articles().len()
    ));
    let mut tail = Vec::new();
    if app.order() != Order::Relevance {
        tail.push(piece(&format!("by {}", app.order().name())));
    }
    if let Some((at, of)) = app.jump_position() {
        tail.push(piece(&format!("match {at}/{of}")));
    }
    if let Some(label) = &app.options().corpus_label {
        tail.push(piece(label));
    }
    match app.new_count() {
        0 => {}
        n => tail.push(piece(&format!("{n} new"))),
    }
    if let Some(progress) = app.fetching() {
        tail.push(piece(progress));
    }
    if filter_overflows {
        let chars = app.filter().chars().count();
        tail.push(piece(&format!("long filter: {chars} chars")));
    }
    tail.push(piece(&app.options().bidi_label));
    match app.warnings().len() {
        0 => {}
        1 => tail.push(piece("1 warning (w)")),
        n => tail.push(piece(&format!("{n} warnings (w)"))),
    }
    tail.push(piece(app.message().unwrap_or("? help")));
    // The tail is a separator before each item and a blank at the end.
    let tail_width = tail
        .iter()
        .map(|line| line.width() + SEPARATOR_WIDTH)
        .fold(1u16, u16::saturating_add);
    // The middle is the filter (or its error), clipped to what is left.
    let middle_room = room.saturating_sub(
        count
            .width()
            .saturating_add(tail_width)
            .saturating_add(SEPARATOR_WIDTH),
    );
    let mut spans = styled_line(&count, theme, base).spans;
    let (middle, style) = match app.query_error() {
        Some(error) => (format!("error: {error}"), theme.error()),
        None if app.filter().is_empty() => ("no filter".to_string(), base),
        None => (app.filter().to_string(), base),
    };
    if middle_room > 0 {
        spans.push(Span::styled(SEPARATOR, base));
        let line = segment(&middle, middle_room, mode);
        spans.extend(styled_line(&line, theme, style).spans);
    }
    for item in &tail {
        spans.push(Span::styled(SEPARATOR, base));
        spans.extend(styled_line(item, theme, base).spans);
    }
    spans.push(Span::styled(" ", base));
    let line = Line::from(spans).style(base);
    frame.render_widget(Paragraph::new(line), area);
}

/// `text` laid out in at most `width` cells, clipped with `…`.
fn segment(text: &str, width: u16, mode: BidiMode) -> VisualLine {
    fit_segment(row_text(text, width), &[], width, mode)
}
