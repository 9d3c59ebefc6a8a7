//! The entities of the shown article, one per row, coloured by kind. The
//! row under the cursor is the entity whose mentions are highlighted.

use super::super::app::{App, Focus, entity_term};
use super::{row_text, styled_line, visible_offset};
use crate::text::layout::fit_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Width of the kind column ("organization" is the longest kind name).
const KIND_WIDTH: usize = 13;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let focused = app.focus() == Focus::Entities;
    let entities = app.entities();
    let block = Block::bordered()
        .title(format!(" Entities ({}) ", entities.len()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if entities.is_empty() {
        let text = Line::styled("no entities found in this article", theme.dim());
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let height = inner.height as usize;
    let offset = visible_offset(app.entity_offset(), app.entity_cursor(), height);
    // Latin name, count and filter term on the left; the Arabic form in a
    // column of its own, so the two directions never share a paragraph.
    let rest = inner.width.saturating_sub(KIND_WIDTH as u16);
    let arabic_width = (rest / 3).min(32);
    let name_width = rest.saturating_sub(arabic_width + 1);
    let mode = app.options().bidi;
    let mut lines = Vec::with_capacity(height);
    for (row, entity) in entities.iter().enumerate().skip(offset).take(height) {
        let kind = format!("{:<KIND_WIDTH$}", entity.kind.as_str());
        let term = entity_term(entity)
            .map(|t| format!("  {}", row_text(&t, name_width)))
            .unwrap_or_default();
        let text = format!(
            "{} ×{}{term}",
            row_text(entity.name(), name_width),
            entity.mentions.len()
        );
        let name = fit_line(&text, &[], name_width, mode);
        let arabic = fit_line(
            row_text(entity.arabic(), arabic_width),
            &[],
            arabic_width,
            mode,
        );
        let gap = name_width.saturating_sub(name.width()) + 1;
        let mut spans = vec![Span::styled(kind, theme.entity(entity.kind))];
        spans.extend(styled_line(&name, theme, Style::new()).spans);
        spans.push(Span::raw(" ".repeat(gap as usize)));
        spans.extend(styled_line(&arabic, theme, theme.entity(entity.kind)).spans);
        let mut line = Line::from(spans);
        if row == app.entity_cursor() && (focused || app.entity_active()) {
            line = line.style(theme.selected(focused));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
