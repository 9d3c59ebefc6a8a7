//! The `?` overlay: every key, from the same table as docs/USAGE.md.

use super::super::action::{FILTER_KEYS, KEYS};
use super::super::app::App;
use super::centered;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

const KEY_WIDTH: usize = 15;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let theme = app.theme();
    let row = |(key, what): &(&str, &str)| {
        Line::from(vec![
            Span::styled(format!("  {key:<KEY_WIDTH$}"), theme.key()),
            Span::raw(what.to_string()),
        ])
    };
    let mut lines: Vec<Line> = KEYS.iter().map(row).collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("  In the filter line", theme.title()));
    lines.extend(FILTER_KEYS.iter().map(row));
    let wanted = lines.len() as u16 + 2;
    let rect = centered(area, 64, wanted);
    let visible = rect.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let hint = if lines.len() > visible {
        " j/k scroll · Esc closes "
    } else {
        " Esc closes "
    };
    let block = Block::bordered()
        .title(" Keys ")
        .title_bottom(Line::from(hint).right_aligned())
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        rect,
    );
}
