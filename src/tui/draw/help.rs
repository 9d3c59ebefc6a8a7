//! The `?` overlay: every binding of the keymap (the table the dispatch
//! reads, so the help cannot miss a key), and the filter language. Lines
//! are wrapped to the overlay's width, never cut; the overlay scrolls.

use super::super::action::{Binding, Mode};
use super::super::app::App;
use super::{centered, styled_line};
use crate::search::summary;
use crate::text::layout::{cell_width, layout_text};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Widest the overlay gets: wider lines are harder to read.
const MAX_WIDTH: u16 = 78;
/// Blank cells before a key and after the widest key.
const INDENT: u16 = 2;
const GAP: u16 = 2;

/// The overlay's rectangle in the screen `area`, and its lines.
fn layout(area: Rect, app: &App) -> (Rect, Vec<Line<'static>>) {
    let width = area.width.min(MAX_WIDTH);
    let lines = lines(app, width.saturating_sub(2));
    let rect = centered(area, width, (lines.len() as u16).saturating_add(2));
    (rect, lines)
}

/// How many lines the help has, and how many are in view.
pub(super) fn rows(area: Rect, app: &App) -> (usize, usize) {
    let (rect, lines) = layout(area, app);
    (lines.len(), rect.height.saturating_sub(2) as usize)
}

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let theme = app.theme();
    let (rect, lines) = layout(area, app);
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

/// The help's lines for `width` columns: every mode's bindings (a binding
/// the panes already list, the same keys doing the same, is not repeated),
/// then the filter language.
pub(super) fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let keymap = app.keymap();
    let widest_keys = Mode::ALL
        .iter()
        .flat_map(|&mode| keymap.bindings(mode))
        .map(|b| cell_width(&b.key_labels()))
        .max()
        .unwrap_or(0);
    let mut help = Help {
        app,
        width,
        key_column: (INDENT + widest_keys + GAP).min(width / 2),
        lines: Vec::new(),
    };
    for section in keymap.help_sections() {
        help.heading(section.heading);
        help.bindings(section.bindings.into_iter());
        for (keys, what) in &section.notes {
            help.row(keys, what);
        }
    }
    help.heading("The filter language");
    for (syntax, meaning) in summary::TERMS {
        help.row(syntax, meaning);
    }
    help.text("Every term must hold. For example:", Style::new());
    for (query, meaning) in summary::EXAMPLES {
        help.text(query, app.theme().key());
        help.wrapped(meaning, INDENT * 2, Vec::new());
    }
    help.lines
}

struct Help<'a> {
    app: &'a App,
    width: u16,
    /// Where descriptions start.
    key_column: u16,
    lines: Vec<Line<'static>>,
}

impl Help<'_> {
    fn heading(&mut self, title: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::raw(""));
        }
        self.text(title, self.app.theme().title());
    }

    fn bindings<'b>(&mut self, bindings: impl Iterator<Item = &'b Binding>) {
        for binding in bindings {
            self.row(&binding.key_labels(), binding.help);
        }
    }

    /// `label` in the key column and `what` wrapped beside it; a label too
    /// wide for the column gets lines of its own, the text under it.
    fn row(&mut self, label: &str, what: &str) {
        let label_room = self.key_column.saturating_sub(INDENT + GAP);
        if cell_width(label) <= label_room && label_room > 0 {
            let line = &layout_text(label, &[], label_room, self.app.options().bidi)[0];
            let mut first = vec![Span::raw(" ".repeat(INDENT as usize))];
            first.extend(styled_line(line, self.app.theme(), self.app.theme().key()).spans);
            let used = INDENT + line.width();
            first.push(Span::raw(
                " ".repeat(self.key_column.saturating_sub(used) as usize),
            ));
            self.wrapped(what, self.key_column, first);
        } else {
            self.text(label, self.app.theme().key());
            self.wrapped(what, self.key_column, Vec::new());
        }
    }

    /// `text` at the indent, wrapped to the width.
    fn text(&mut self, text: &str, style: Style) {
        let mode = self.app.options().bidi;
        for line in layout_text(text, &[], self.width.saturating_sub(INDENT).max(1), mode) {
            let mut spans = vec![Span::raw(" ".repeat(INDENT as usize))];
            spans.extend(styled_line(&line, self.app.theme(), style).spans);
            self.lines.push(Line::from(spans));
        }
    }

    /// `text` wrapped to the columns from `column` on; its first line
    /// continues `first` (the key column) unless that is empty, the others
    /// start blank.
    fn wrapped(&mut self, text: &str, column: u16, first: Vec<Span<'static>>) {
        let mode = self.app.options().bidi;
        let room = self.width.saturating_sub(column).max(1);
        let mut start = Some(first).filter(|spans| !spans.is_empty());
        for line in layout_text(text, &[], room, mode) {
            let mut spans = start
                .take()
                .unwrap_or_else(|| vec![Span::raw(" ".repeat(column as usize))]);
            spans.extend(styled_line(&line, self.app.theme(), Style::new()).spans);
            self.lines.push(Line::from(spans));
        }
    }
}
