//! The article list: round, guarantor badges and title per row. Only the
//! rows on screen are laid out, whatever the size of the corpus.

use super::super::app::{App, Focus};
use super::super::theme::tag;
use super::{row_text, styled_line, visible_offset};
use crate::extract::Guarantor;
use crate::text::layout::{BidiMode, StyleSpan, VisualLine, fit_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use std::cell::RefCell;

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
    let titles = app.row_titles();
    titles.start_frame();
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
        let title = titles.fit(shown, &matches, title_width, app.options().bidi);
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

/// The rows' titles as the last frame laid them out, for the next frame:
/// from key to key the results change, but the rows on screen are mostly
/// the same titles with the same highlights, and laying a title out
/// (reordering, shaping, fitting) was most of drawing the list. A memo
/// of [`fit_line`]: what it gives is what `fit_line` gives.
#[derive(Debug, Default)]
pub(crate) struct RowTitles(RefCell<Frames>);

#[derive(Debug, Default)]
struct Frames {
    /// Laid out for the frame being drawn.
    current: Vec<LaidTitle>,
    /// For the frame before.
    previous: Vec<LaidTitle>,
}

/// One title's layout and what it was laid out from.
#[derive(Debug)]
struct LaidTitle {
    text: String,
    spans: Vec<StyleSpan>,
    width: u16,
    mode: BidiMode,
    line: VisualLine,
}

impl RowTitles {
    /// A new frame: the last one's titles are what it can reuse.
    fn start_frame(&self) {
        let mut frames = self.0.borrow_mut();
        frames.previous = std::mem::take(&mut frames.current);
    }

    /// [`fit_line`] of a row's title, reused from the frame before when
    /// it laid out the same.
    fn fit(&self, text: &str, spans: &[StyleSpan], width: u16, mode: BidiMode) -> VisualLine {
        let mut frames = self.0.borrow_mut();
        let same = |t: &LaidTitle| {
            t.width == width && t.mode == mode && t.text == text && t.spans == spans
        };
        let laid = match frames.previous.iter().position(same) {
            Some(at) => frames.previous.swap_remove(at),
            None => LaidTitle {
                text: text.to_string(),
                spans: spans.to_vec(),
                width,
                mode,
                line: fit_line(text, spans, width, mode),
            },
        };
        let line = laid.line.clone();
        frames.current.push(laid);
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_laid_out_as_fit_line_lays_it_out_from_frame_to_frame() {
        let titles = RowTitles::default();
        let title = "الدول الضامنة تجتمع في أستانة";
        let mark = |end: usize| {
            vec![StyleSpan {
                range: 0..end,
                tag: 1,
            }]
        };
        let rows: [(&[StyleSpan], u16, BidiMode); 4] = [
            (&mark(4), 20, BidiMode::App),
            (&mark(10), 20, BidiMode::App),
            (&mark(10), 12, BidiMode::App),
            (&mark(10), 12, BidiMode::Terminal),
        ];
        // Each frame draws every row again, then one changed: highlights,
        // width and mode each make another layout.
        for frame in 0..3 {
            titles.start_frame();
            for (spans, width, mode) in rows {
                assert_eq!(
                    titles.fit(title, spans, width, mode),
                    fit_line(title, spans, width, mode),
                    "frame {frame}, {width} columns, {mode:?}"
                );
            }
            assert_eq!(titles.0.borrow().current.len(), rows.len());
        }
        // A frame drawing other rows keeps only what it drew.
        titles.start_frame();
        titles.fit("أستانة", &[], 20, BidiMode::App);
        titles.start_frame();
        assert_eq!(titles.0.borrow().previous.len(), 1);
    }
}
