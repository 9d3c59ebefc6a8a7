//! The `w` overlay: what went wrong while loading, one warning per line.

use super::super::app::App;
use super::{centered, row_text, styled_line};
use crate::text::layout::fit_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

/// The overlay's rectangle in the screen `area`.
fn rect(area: Rect, app: &App) -> Rect {
    let rect = centered(
        area,
        area.width.saturating_sub(8).max(20),
        u16::try_from(app.warnings().len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    Rect {
        height: rect.height.max(3),
        ..rect
    }
}

/// How many warnings there are, and how many are in view.
pub(super) fn rows(area: Rect, app: &App) -> (usize, usize) {
    let in_view = rect(area, app).height.saturating_sub(2) as usize;
    (app.warnings().len(), in_view)
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let theme = app.theme();
    let warnings = app.warnings();
    let rect = rect(area, app);
    let inner_width = rect.width.saturating_sub(2);
    let visible = rect.height.saturating_sub(2) as usize;
    let scroll = scroll.min(warnings.len().saturating_sub(visible));
    let lines: Vec<Line> = if warnings.is_empty() {
        vec![Line::styled("no warnings: everything loaded", theme.dim())]
    } else {
        warnings
            .iter()
            .skip(scroll)
            .take(visible)
            .map(|w| {
                let text = w.to_string();
                let line = fit_line(
                    row_text(&text, inner_width),
                    &[],
                    inner_width,
                    app.options().bidi,
                );
                styled_line(&line, theme, Style::new())
            })
            .collect()
    };
    let block = Block::bordered()
        .title(format!(" Load warnings ({}) ", warnings.len()))
        .title_bottom(Line::from(" Esc closes ").right_aligned())
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
