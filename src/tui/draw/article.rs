//! The article pane: title, metadata and body, as the app laid them out for
//! the pane ([`App::article_frame`]), entity mentions coloured by kind,
//! filter matches emphasised and the lines selected with `v` marked.

use super::super::app::{App, Focus};
use super::super::article_view::PieceKind;
use super::styled_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let focused = app.focus() == Focus::Article;
    let position = match app.result_count() {
        0 => " Article ".to_string(),
        n => format!(" Article {}/{n} ", app.selected() + 1),
    };
    let mut block = Block::bordered()
        .title(position)
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    if app.shown_article().is_none() {
        frame.render_widget(block, area);
        let text = Line::styled("no article selected", theme.dim());
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let shown = app.article_frame();
    let height = inner.height as usize;
    let lines: Vec<Line> = shown
        .lines
        .iter()
        .map(|(kind, line)| {
            let base = match kind {
                PieceKind::Title => theme.title(),
                PieceKind::Meta => theme.dim(),
                PieceKind::Blank | PieceKind::Body => Style::new(),
            };
            styled_line(line, theme, base)
        })
        .collect();
    let total = shown.total;
    if total > height {
        let last = (shown.scroll + height).min(total);
        block = block.title_bottom(Line::from(format!(" {last}/{total} ")).right_aligned());
    }
    if let Some(selected) = &shown.selected {
        let hint = format!(
            " {} selected · y copies · Esc cancels ",
            match selected.len() {
                1 => "1 line".to_string(),
                n => format!("{n} lines"),
            }
        );
        block = block.title_bottom(Line::from(hint).left_aligned());
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(selected) = &shown.selected {
        // Whole rows, so a short or right-aligned line shows as selected too.
        let rows = selected.start.max(shown.scroll)..selected.end.min(shown.scroll + height);
        for line in rows {
            let row = Rect::new(
                inner.x,
                inner.y + (line - shown.scroll) as u16,
                inner.width,
                1,
            );
            frame.buffer_mut().set_style(row, theme.selection());
        }
    }
}
