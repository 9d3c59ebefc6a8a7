//! The `c` overlay: the entities found most often in the same results as
//! the selected one, with how many results and which rounds they share.

use super::super::app::App;
use super::super::chooser::Chooser;
use super::{chooser_rect, row_text, styled_line};
use crate::output::thousands;
use crate::search::cooccurrence::Companion;
use crate::text::layout::fit_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

/// Rounds listed on a row; the rest are counted.
const ROUNDS_SHOWN: usize = 6;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    companions: &Chooser<Companion>,
    of: &str,
    together: usize,
) {
    let theme = app.theme();
    let rect = chooser_rect(area);
    let width = rect.width.saturating_sub(2);
    let visible = rect.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = if companions.rows.is_empty() {
        vec![Line::styled(
            "no other person, place, organisation or agency in these results",
            theme.dim(),
        )]
    } else {
        companions
            .rows
            .iter()
            .enumerate()
            .skip(companions.offset)
            .take(visible)
            .map(|(i, row)| {
                let text = row_label(row);
                let line = fit_line(row_text(&text, width), &[], width, app.options().bidi);
                let style = if i == companions.cursor {
                    theme.selected(true)
                } else {
                    Style::new()
                };
                styled_line(&line, theme, style)
            })
            .collect()
    };
    // The name last: a number after Arabic letters would join their run.
    let title = format!(" {} results with {of} ", thousands(together));
    let title = fit_line(
        row_text(&title, width.saturating_sub(2)),
        &[],
        width.saturating_sub(2),
        app.options().bidi,
    );
    let block = Block::bordered()
        .title(styled_line(&title, theme, Style::new()))
        .title_bottom(Line::from(" Enter adds to the filter · Esc closes ").right_aligned())
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// `    12  person  Sergey Lavrov لافروف  · r4 ×3 r6 ×1`.
fn row_label(row: &Companion) -> String {
    // The Latin name and the Arabic form, once when they are one.
    let name = if row.arabic.is_empty() || row.name == row.arabic {
        row.name.clone()
    } else if row.name.is_empty() {
        row.arabic.clone()
    } else {
        format!("{} {}", row.name, row.arabic)
    };
    let mut text = format!(
        "{:>7}  {:<12}  {name}",
        thousands(row.count),
        row.kind.as_str()
    );
    if !row.rounds.is_empty() {
        text.push_str("  ·");
        for (round, count) in row.rounds.iter().take(ROUNDS_SHOWN) {
            text.push_str(&format!(" r{round} ×{count}"));
        }
        if row.rounds.len() > ROUNDS_SHOWN {
            text.push_str(&format!(" +{}", row.rounds.len() - ROUNDS_SHOWN));
        }
    }
    text
}
