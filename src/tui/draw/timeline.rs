//! The `t` overlay: one row per round (its month, venue, a bar of the
//! results that report on it, and the guarantors they name), months of
//! results without a round, and "no round".

use super::super::app::App;
use super::super::chooser::Chooser;
use super::super::clipboard::thousands;
use super::chooser_rect;
use crate::search::timeline::{Period, TimelineRow};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Columns before the bar: ` 12  2019-04  Nur-Sultan  `.
const HEAD: usize = 1 + 3 + 2 + 7 + 2 + 10 + 2;
/// The count after the bar: `  12,345`.
const COUNT: usize = 8;
/// The guarantors' mix: `  ru 12,345 tr 12,345 ir 12,345`, when there is room.
const MIX: usize = 2 + 3 * 10;
/// The bar is never narrower than this.
const MIN_BAR: usize = 8;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    timeline: &Chooser<TimelineRow>,
    results: usize,
) {
    let theme = app.theme();
    let rect = chooser_rect(area);
    let width = rect.width.saturating_sub(2) as usize;
    let visible = rect.height.saturating_sub(2) as usize;
    let with_mix = width >= HEAD + MIN_BAR + COUNT + MIX;
    let bar_width = width
        .saturating_sub(HEAD + COUNT + if with_mix { MIX } else { 0 })
        .max(1);
    let most = timeline.rows.iter().map(|r| r.count).max().unwrap_or(0);
    let lines: Vec<Line> = timeline
        .rows
        .iter()
        .enumerate()
        .skip(timeline.offset)
        .take(visible)
        .map(|(i, row)| {
            let style = if i == timeline.cursor {
                theme.selected(true)
            } else if row.count == 0 {
                theme.dim()
            } else {
                Style::new()
            };
            let mut text = head(row);
            text.push_str(&bar(row.count, most, bar_width));
            text.push_str(&format!("{:>w$}", thousands(row.count), w = COUNT));
            if with_mix && row.count > 0 {
                text.push_str("  ");
                for (name, n) in ["ru", "tr", "ir"].iter().zip(mix(row)) {
                    text.push_str(&format!("{name} {:<6} ", thousands(n)));
                }
            }
            let text: String = text.chars().take(width).collect();
            Line::from(Span::styled(format!("{text:<width$}"), style))
        })
        .collect();
    let block = Block::bordered()
        .title(format!(
            " Rounds · {} results in the filter ",
            thousands(results)
        ))
        .title_bottom(Line::from(" Enter adds to the filter · Esc closes ").right_aligned())
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The guarantors' counts in the order the row shows them (ru, tr, ir).
fn mix(row: &TimelineRow) -> [usize; 3] {
    use crate::extract::Guarantor;
    let at = |g: Guarantor| {
        Guarantor::ALL
            .iter()
            .position(|x| *x == g)
            .map_or(0, |i| row.guarantors[i])
    };
    [
        at(Guarantor::Russia),
        at(Guarantor::Turkey),
        at(Guarantor::Iran),
    ]
}

/// ` 12  2019-04  Nur-Sultan  `, `     2020-03  no round   `.
fn head(row: &TimelineRow) -> String {
    match row.period {
        Period::Round(r) => format!(
            " {:>3}  {:04}-{:02}  {:<10}  ",
            r.number,
            r.start.year(),
            r.start.month().unwrap_or(1),
            r.venue
        ),
        Period::Month(m) => format!(" {:>3}  {:<7}  {:<10}  ", "", m.to_string(), "no round"),
        Period::Undated => format!(" {:>3}  {:<7}  {:<10}  ", "", "undated", "no round"),
    }
}

/// A bar of `width` cells scaled to `most`, in eighths of a cell; a count
/// above zero shows at least an eighth.
fn bar(count: usize, most: usize, width: usize) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if most == 0 || count == 0 {
        return " ".repeat(width);
    }
    let eighths = (count * width * 8).div_ceil(most).max(1);
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    let cells = out.chars().count();
    out.push_str(&" ".repeat(width.saturating_sub(cells)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_row_in_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██  ");
        assert_eq!(bar(1, 1000, 4), "▏   ");
        assert_eq!(bar(0, 10, 3), "   ");
        assert_eq!(bar(3, 8, 1), "▍");
    }
}
