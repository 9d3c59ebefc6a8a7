//! The `s` and `S` overlays: statements, each with its article's date,
//! outlet and round, its speaker and the words said.

use super::super::app::App;
use super::super::chooser::Chooser;
use super::{chooser_rect, row_text, styled_line};
use crate::search::statements::Said;
use crate::text::layout::fit_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, rows: &Chooser<Said>, title: &str) {
    let theme = app.theme();
    let rect = chooser_rect(area);
    let width = rect.width.saturating_sub(2);
    let visible = rect.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = rows
        .rows
        .iter()
        .enumerate()
        .skip(rows.offset)
        .take(visible)
        .map(|(i, row)| {
            let text = row_label(app, row);
            let line = fit_line(row_text(&text, width), &[], width, app.options().bidi);
            let style = if i == rows.cursor {
                theme.selected(true)
            } else {
                Style::new()
            };
            styled_line(&line, theme, style)
        })
        .collect();
    let title = fit_line(
        row_text(title, width.saturating_sub(2)),
        &[],
        width.saturating_sub(2),
        app.options().bidi,
    );
    let block = Block::bordered()
        .title(styled_line(&title, theme, Style::new()))
        .title_bottom(Line::from(" Enter shows it in the article · Esc closes ").right_aligned())
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// `2017-05-04  Anadolu  r4  Lavrov: «words said»`: what is known of the
/// article, then the speaker and the words, on one line (the words are
/// article text: the layout shows their control characters as
/// placeholders and cuts the line at the width).
fn row_label(app: &App, row: &Said) -> String {
    let date = row.date.map_or("—".to_string(), |d| d.to_string());
    let mut text = format!("{date:<10}");
    if let Some(source) = &row.source {
        text.push_str("  ");
        text.push_str(source);
    }
    if let Some(round) = row.round {
        text.push_str(&format!("  r{round}"));
    }
    text.push_str("  ");
    if !row.speaker.is_empty() {
        text.push_str(&row.speaker);
        text.push_str(": ");
    }
    let said = app
        .articles()
        .get(row.article)
        .and_then(|a| a.text.get(row.said.clone()))
        .unwrap_or_default();
    // One line: the words said may span lines of the article.
    let flat: String = said
        .chars()
        .take(400)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    text.push('«');
    text.push_str(&flat);
    text.push('»');
    text
}
