//! The article pane: title, metadata and body, laid out for its width,
//! entity mentions coloured by kind and filter matches emphasised.

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
    let position = match app.results().len() {
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
    let width = inner.width.max(1);
    let height = inner.height as usize;
    let scroll = app.article_scroll().min(app.article_bottom(width, height));
    let lines: Vec<Line> = app
        .article_lines(width, scroll..scroll + height)
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
    let total = app.article_total(width);
    if total > height {
        let last = (scroll + height).min(total);
        block = block.title_bottom(Line::from(format!(" {last}/{total} ")).right_aligned());
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}
