//! The `f` overlay: a tab per facet (guarantors, rounds, people, places,
//! organisations, agencies), the current one's values with their counts
//! under the filter without that facet's own terms, and the text that
//! narrows them.

use super::super::app::App;
use super::super::facet_picker::FacetPicker;
use super::{centered, row_text, styled_line, visible_offset};
use crate::search::QueryField;
use crate::text::layout::fit_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// The width the picker asks for (fewer columns on a narrow terminal).
const WIDTH: u16 = 64;
/// Rows of values it asks for (fewer on a short terminal, then it scrolls).
const ROWS: u16 = 14;
const COUNT_WIDTH: usize = 7;

fn section_name(field: QueryField) -> &'static str {
    match field {
        QueryField::Guarantor => "Guarantors",
        QueryField::Round => "Rounds",
        QueryField::Person => "People",
        QueryField::Place => "Places",
        QueryField::Organization => "Orgs",
        QueryField::Source => "Agencies",
        QueryField::Date => "Years",
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, picker: &FacetPicker) {
    let theme = app.theme();
    let mode = app.options().bidi;
    // Two rows above the values: the tabs and the narrowing line.
    let rows = (picker.longest_section() as u16).clamp(1, ROWS);
    let rect = centered(area, WIDTH, rows + 4);
    let inner_width = rect.width.saturating_sub(2);
    let height = rect.height.saturating_sub(4) as usize;

    let mut tabs: Vec<Span> = Vec::new();
    for (i, field) in picker.sections().enumerate() {
        let ticked = picker.ticked(i);
        let name = match ticked {
            0 => format!(" {} ", section_name(field)),
            n => format!(" {} {n} ", section_name(field)),
        };
        let style = if i == picker.section() {
            theme.selected(true)
        } else if ticked > 0 {
            theme.key()
        } else {
            theme.dim()
        };
        tabs.push(Span::styled(name, style));
    }
    let mut lines = vec![Line::from(tabs)];
    let narrow = match picker.typed() {
        "" => Line::styled("type to narrow", theme.dim()),
        typed => {
            let typed = fit_line(
                row_text(typed, inner_width),
                &[],
                inner_width.saturating_sub(2),
                mode,
            );
            let mut line = styled_line(&typed, theme, Style::new());
            line.spans.insert(0, Span::styled("/ ", theme.key()));
            line
        }
    };
    lines.push(narrow);

    // Mark, label, the Arabic form in a column of its own (so the two
    // directions never share a paragraph), count.
    let rest = (inner_width as usize).saturating_sub(4 + COUNT_WIDTH + 1);
    let arabic_width = (rest / 3) as u16;
    let label_width = (rest as u16).saturating_sub(arabic_width + 1);
    let offset = visible_offset(0, picker.cursor(), height);
    for (i, (value, on)) in picker.rows().enumerate().skip(offset).take(height) {
        let mark = if on { "[x] " } else { "[ ] " };
        let label = fit_line(row_text(&value.label, label_width), &[], label_width, mode);
        let arabic = fit_line(
            row_text(&value.arabic, arabic_width),
            &[],
            arabic_width,
            mode,
        );
        let mut spans = vec![Span::styled(mark, theme.key())];
        spans.extend(styled_line(&label, theme, Style::new()).spans);
        let gap = label_width.saturating_sub(label.width())
            + 1
            + arabic_width.saturating_sub(arabic.width());
        spans.push(Span::raw(" ".repeat(gap as usize)));
        spans.extend(styled_line(&arabic, theme, Style::new()).spans);
        spans.push(Span::styled(
            format!("{:>COUNT_WIDTH$} ", value.count),
            theme.dim(),
        ));
        let mut line = Line::from(spans);
        if i == picker.cursor() {
            line = line.style(theme.selected(true));
        }
        lines.push(line);
    }
    if picker.row_count() == 0 {
        lines.push(Line::styled("nothing here matches", theme.dim()));
    }
    let block = Block::bordered()
        .title(" Facets ")
        .title_bottom(
            Line::from(" Tab section · Space tick · Enter apply · Esc close ").right_aligned(),
        )
        .border_style(theme.border(true));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
