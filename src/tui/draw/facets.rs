//! The `f` overlay: guarantors and rounds with their counts under the
//! current filter; Space toggles, Enter applies.

use super::super::app::{App, FacetPicker};
use super::{centered, visible_offset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, picker: &FacetPicker) {
    let theme = app.theme();
    let rect = centered(area, 36, picker.rows.len() as u16 + 2);
    let visible = rect.height.saturating_sub(2) as usize;
    let offset = visible_offset(0, picker.cursor, visible);
    let lines: Vec<Line> = picker
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, row)| {
            let mark = if row.on { "[x] " } else { "[ ] " };
            let mut line = Line::from(vec![
                Span::styled(mark, theme.key()),
                Span::raw(format!("{:<20}", row.value.label())),
                Span::styled(format!("{:>8}", row.count), theme.dim()),
            ]);
            if i == picker.cursor {
                line = line.style(theme.selected(true));
            }
            line
        })
        .collect();
    let block = Block::bordered()
        .title(" Facets ")
        .title_bottom(Line::from(" Space toggle · Enter apply ").right_aligned())
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
