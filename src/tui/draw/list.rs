//! The article list: round, guarantor badges and title per row. Only the
//! rows on screen are laid out, whatever the size of the corpus.

use super::super::app::{App, Focus};
use super::super::theme::tag;
use super::{row_text, styled_line, visible_offset};
use crate::extract::Guarantor;
use crate::text::layout::{StyleSpan, fit_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Badges in a fixed order so they line up in columns.
const BADGE_ORDER: [Guarantor; 3] = [Guarantor::Russia, Guarantor::Turkey, Guarantor::Iran];
/// "r22 " + "RU TR IR ".
const PREFIX_WIDTH: u16 = 13;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme();
    let focused = matches!(app.focus(), Focus::List | Focus::Filter);
    let block = Block::bordered()
        .title(" Articles ")
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let results = app.results();
    if results.is_empty() {
        let text = Line::styled("no articles match the filter", theme.dim());
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    let height = inner.height as usize;
    let offset = visible_offset(app.list_offset(), app.selected(), height);
    let title_width = inner.width.saturating_sub(PREFIX_WIDTH);
    let mut lines = Vec::with_capacity(height);
    for (row, hit) in results.iter().enumerate().skip(offset).take(height) {
        let article = &app.articles()[hit.article];
        let x = &article.extraction;
        let round = x
            .round
            .map_or("  ·".to_string(), |r| format!("{:>3}", format!("r{r}")));
        // A bookmarked article has a star between its round and badges;
        // one that arrived since the last visit to the archive, a dot.
        let star = match app.mark(hit.article) {
            Some(mark) if mark.bookmarked => "*",
            _ if app.is_new(hit.article) => "•",
            _ => " ",
        };
        let mut spans = vec![
            Span::styled(round, theme.round()),
            Span::styled(star, theme.key()),
        ];
        for g in BADGE_ORDER {
            let badge = if x.guarantors.contains(&g) {
                g.badge()
            } else {
                "  "
            };
            spans.push(Span::styled(badge, theme.badge()));
            spans.push(Span::raw(" "));
        }
        // A story's copies in the archive: `+2` after its title.
        let copies = match article.copies() {
            0 => String::new(),
            n => format!(" +{n}"),
        };
        let title_width = title_width.saturating_sub(copies.len() as u16);
        let shown = row_text(&article.title, title_width);
        let matches: Vec<StyleSpan> = hit
            .title_matches
            .iter()
            .filter(|r| r.start < shown.len())
            .map(|r| StyleSpan {
                range: r.start..r.end.min(shown.len()),
                tag: tag::MATCH,
            })
            .collect();
        let title = fit_line(shown, &matches, title_width, app.options().bidi);
        spans.extend(styled_line(&title, theme, Style::new()).spans);
        if !copies.is_empty() {
            spans.push(Span::styled(copies, theme.dim()));
        }
        let mut line = Line::from(spans);
        if row == app.selected() {
            line = line.style(theme.selected(focused));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
