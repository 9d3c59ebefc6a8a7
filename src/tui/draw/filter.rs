//! The filter line over the list: `/ query`, with the caret while typing;
//! and the line editor it shares with the note line.

use super::super::app::{App, Focus};
use super::styled_line;
use crate::text::layout::{BidiMode, fit_line};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
