//! The status line: `12/340 articles · g:iran r:4 · bidi app · 2 warnings · ? help`.
//! A filter that does not parse shows its error here (the list keeps the
//! last good results).

use super::super::app::App;
use super::{row_text, styled_line};
use crate::text::layout::fit_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let base = theme.status();
    let count = format!(" {}/{} articles", app.results().len(), app.articles().len());
    let mut tail = Vec::new();
    if let Some((at, of)) = app.jump_position() {
        tail.push(format!("match {at}/{of}"));
    }
    tail.push(app.options().bidi_label.clone());
    match app.warnings().len() {
        0 => {}
        1 => tail.push("1 warning (w)".into()),
        n => tail.push(format!("{n} warnings (w)")),
    }
    tail.push(app.message().unwrap_or("? help").to_string());
    let tail = format!(" · {} ", tail.join(" · "));
    // The middle is the filter (or its error), clipped to what is left.
    let room = area.width as usize;
    let middle_room = room.saturating_sub(count.width() + tail.width() + 3) as u16;
    let mut spans = vec![Span::styled(count, base)];
    let (middle, style) = match app.query_error() {
        Some(error) => (format!("error: {error}"), theme.error()),
        None if app.filter().is_empty() => ("no filter".to_string(), base),
        None => (app.filter().to_string(), base),
    };
    if middle_room > 0 {
        spans.push(Span::styled(" · ", base));
        let line = fit_line(
            row_text(&middle, middle_room),
            &[],
            middle_room,
            app.options().bidi,
        );
        spans.extend(styled_line(&line, theme, style).spans);
    }
    spans.push(Span::styled(tail, base));
    let line = Line::from(spans).style(base);
    frame.render_widget(Paragraph::new(line), area);
}
