//! The filter line over the list: `/ query`, with the caret while typing;
//! and the line editor it shares with the note line. A text wider than
//! the line scrolls with the caret: only the stretch around it is laid out
//! and shown (the status line says the filter is longer than the line).

use super::super::app::{App, Focus};
use super::styled_line;
use crate::text::layout::{BidiMode, cell_width, fit_line};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let editing = app.focus() == Focus::Filter;
    let prompt = Span::styled("/ ", theme.key());
    if app.filter().is_empty() && !editing {
        let hint = Span::styled("type / to filter (? for help)", theme.dim());
        frame.render_widget(Paragraph::new(Line::from(vec![prompt, hint])), area);
        return;
    }
    let base = if app.query_error().is_some() {
        theme.error()
    } else {
        ratatui::style::Style::new()
    };
    editor_line(
        frame,
        area,
        app,
        prompt,
        (app.filter(), app.cursor()),
        base,
        editing,
    );
}

/// A line being typed in: `prompt`, then the text laid out in the rest of
/// the row over `base`, and the terminal's cursor at the caret when
/// `editing`. The filter line and the note line are drawn by it.
pub(super) fn editor_line(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    prompt: Span<'static>,
    (text, cursor): (&str, usize),
    base: ratatui::style::Style,
    editing: bool,
) {
    let theme = app.theme();
    let prompt_width = prompt.width() as u16;
    let room = area.width.saturating_sub(prompt_width);
    let shown = shown_range(text, cursor, room);
    let cursor = cursor - shown.start;
    let text = &text[shown];
    let line = fit_line(text, &[], room, app.options().bidi);
    let mut shown = styled_line(&line, theme, base);
    shown.spans.insert(0, prompt);
    frame.render_widget(Paragraph::new(shown), area);
    if editing {
        // The caret sits on the character after it; at the end of the text
        // it is past the last cell, which in a right-to-left line (right-
        // aligned by the layout) is left of the text.
        let end_of_text = if line.rtl && app.options().bidi == BidiMode::App {
            line.indent.saturating_sub(1)
        } else {
            line.width()
        };
        let caret = if cursor < text.len() {
            line.cell_of(cursor).unwrap_or(end_of_text)
        } else {
            end_of_text
        };
        let x = area.x + prompt_width + caret.min(room.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, area.y));
    }
}

/// Whether `text` needs more than the `room` cells of the filter line.
pub(super) fn overflows(text: &str, room: u16) -> bool {
    cell_width(text) > room
}

/// The bytes of `text` shown in `room` cells with the caret (a byte
/// offset) in view: all of it when it fits; else as much before the caret
/// as fits with a cell left for the caret, and what fits after it.
pub(super) fn shown_range(text: &str, caret: usize, room: u16) -> Range<usize> {
    if !overflows(text, room) {
        return 0..text.len();
    }
    let room = usize::from(room);
    let mut used = 0;
    let mut start = caret;
    for (at, grapheme) in text[..caret].grapheme_indices(true).rev() {
        used += usize::from(cell_width(grapheme));
        if used + 1 > room {
            break;
        }
        start = at;
    }
    // The width from `start` on (the caret's own cell included at the end).
    let mut used = usize::from(cell_width(&text[start..caret]));
    let mut end = caret;
    for (at, grapheme) in text[caret..].grapheme_indices(true) {
        used += usize::from(cell_width(grapheme));
        if used > room {
            break;
        }
        end = caret + at + grapheme.len();
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_filter_shows_the_stretch_around_the_caret() {
        let text = format!("{} !idlib", "a".repeat(100));
        // At the end: the end is shown, with a cell for the caret.
        let range = shown_range(&text, text.len(), 20);
        assert_eq!(&text[range.clone()], &format!("{} !idlib", "a".repeat(12)));
        assert_eq!(range.end, text.len());
        // At the start: the start is shown.
        assert_eq!(shown_range(&text, 0, 20), 0..20);
        // In the middle, the caret stays in view.
        let range = shown_range(&text, 50, 20);
        assert!(range.contains(&50) && range.len() <= 20, "{range:?}");
        // A filter that fits is shown whole.
        assert_eq!(shown_range("g:iran", 3, 20), 0..6);
        assert!(overflows(&text, 20) && !overflows("g:iran", 20));
    }

    #[test]
    fn wide_characters_are_counted_by_their_cells() {
        let text = "中".repeat(30);
        let range = shown_range(&text, text.len(), 21);
        // Ten two-cell characters and the caret's cell.
        assert_eq!(text[range].chars().count(), 10);
    }
}
