//! The loading screen: what has been read so far, a gauge, how to quit,
//! and the first articles as they arrive (the list's first rows; the
//! filter opens once every article is indexed). The runtime takes a
//! [`Loading`] snapshot of the loader's progress and draws it like any
//! other screen.

use super::super::theme::Theme;
use super::{centered, row_text, styled_line};
use crate::corpus::LoadProgress;
use crate::text::layout::{BidiMode, fit_line};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph};
use std::sync::atomic::Ordering;

/// How far loading has come, read once per frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loading {
    /// Bytes of the input files read, and in all (0 when not known).
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub articles: u64,
    pub color: bool,
    /// The titles of the first articles loaded, in the list's order.
    pub arrived: Vec<Box<str>>,
    pub bidi: BidiMode,
}

impl Loading {
    /// The loader's progress as it is now.
    pub fn now(progress: &LoadProgress, color: bool, bidi: BidiMode) -> Loading {
        let bytes_total = progress.bytes_total.load(Ordering::Relaxed);
        let arrived = progress
            .arrived
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        Loading {
            bytes_read: progress.bytes_read.load(Ordering::Relaxed).min(bytes_total),
            bytes_total,
            articles: progress.articles.load(Ordering::Relaxed) as u64,
            color,
            arrived,
            bidi,
        }
    }
}

pub fn draw(frame: &mut Frame, loading: &Loading) {
    let Loading {
        bytes_read: read,
        bytes_total: total,
        articles,
        color,
        ..
    } = *loading;
    let mut status = format!("{articles} articles");
    if total > 0 {
        status = format!("{} of {} · {status}", megabytes(read), megabytes(total));
    }
    let area = frame.area();
    // With articles arrived and room for a few, they fill the lower part.
    let (area, list) = if loading.arrived.is_empty() || area.height < 10 {
        (area, None)
    } else {
        let [top, list] =
            Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]).areas(area);
        (top, Some(list))
    };
    if let Some(list) = list {
        draw_arrived(frame, list, loading);
    }
    let [_, title_row, status_row, gauge_row, hint_row, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from("astana: loading articles…").centered())
            .style(Style::new().add_modifier(Modifier::BOLD)),
        title_row,
    );
    frame.render_widget(Paragraph::new(Line::from(status).centered()), status_row);
    if total > 0 {
        let style = if color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        frame.render_widget(
            Gauge::default()
                .gauge_style(style)
                .ratio(read as f64 / total as f64),
            centered(gauge_row, 60, 1),
        );
    }
    frame.render_widget(Paragraph::new(Line::from("q to quit").centered()), hint_row);
}

/// The first articles' titles, each fitted to its row as the list fits
/// them (laid out, reordered and shaped by `text::layout`).
fn draw_arrived(frame: &mut Frame, area: Rect, loading: &Loading) {
    let block = Block::bordered()
        .title(" first articles · the filter opens once all are indexed ")
        .border_style(Style::new().add_modifier(Modifier::DIM));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let theme = Theme::new(loading.color);
    let lines: Vec<Line> = loading
        .arrived
        .iter()
        .take(usize::from(inner.height))
        .map(|title| {
            let fitted = fit_line(row_text(title, inner.width), &[], inner.width, loading.bidi);
            styled_line(&fitted, theme, Style::new())
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn loading_screen(width: u16, height: u16, loading: &Loading) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, loading)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn quarter_read() -> Loading {
        let progress = LoadProgress::default();
        progress.bytes_total.store(50_000_000, Ordering::Relaxed);
        progress.bytes_read.store(12_500_000, Ordering::Relaxed);
        progress.articles.store(1234, Ordering::Relaxed);
        Loading::now(&progress, false, BidiMode::App)
    }

    #[test]
    fn the_loading_screen_shows_bytes_and_articles() {
        let screen = loading_screen(80, 24, &quarter_read());
        assert!(screen.contains("loading articles"), "{screen}");
        assert!(
            screen.contains("12.5 MB of 50.0 MB · 1234 articles"),
            "{screen}"
        );
        assert!(screen.contains("25%"), "{screen}");
        assert!(screen.contains("q to quit"), "{screen}");
    }

    #[test]
    fn more_bytes_read_than_announced_show_as_all_of_them() {
        let progress = LoadProgress::default();
        progress.bytes_total.store(1_000_000, Ordering::Relaxed);
        progress.bytes_read.store(3_000_000, Ordering::Relaxed);
        let loading = Loading::now(&progress, true, BidiMode::App);
        assert_eq!(loading.bytes_read, 1_000_000);
        assert!(loading_screen(80, 24, &loading).contains("100%"));
    }

    #[test]
    fn the_first_articles_are_listed_as_they_arrive_laid_out_right_to_left() {
        let mut loading = quarter_read();
        loading.arrived = vec![
            "لافروف في أستانا".into(),
            "Lavrentiev\u{1b}[2J arrives".into(),
        ];
        let screen = loading_screen(60, 16, &loading);
        assert!(
            screen.contains("12.5 MB of 50.0 MB · 1234 articles"),
            "{screen}"
        );
        assert!(screen.contains("first articles"), "{screen}");
        // Drawn in visual order (the terminal shows cells left to right),
        // right-aligned: the logical text's last word comes first.
        let row = screen
            .lines()
            .find(|l| l.contains("ﺎﻧﺎﺘﺳﺃ"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(row.find("ﺎﻧﺎﺘﺳﺃ") < row.find("ﻑﻭﺮﻓﻻ"), "{row}");
        assert!(
            row.trim_end_matches(['│', ' ']).len() > row.len() - 8,
            "{row:?}"
        );
        // An escape from an article is a visible placeholder, never raw.
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(screen.contains("Lavrentiev"), "{screen}");
        // Too short a terminal keeps the progress alone.
        let short = loading_screen(60, 8, &loading);
        assert!(!short.contains("first articles"), "{short}");
        assert!(short.contains("q to quit"), "{short}");
    }

    #[test]
    fn the_loading_screen_keeps_what_fits_at_any_size() {
        let loading = quarter_read();
        for (w, h) in [(1, 1), (2, 1), (10, 3), (40, 4), (200, 60)] {
            let screen = loading_screen(w, h, &loading);
            let rows: Vec<&str> = screen.split('\n').collect();
            assert_eq!(rows.len(), h as usize);
            if w >= 40 && h >= 4 {
                // Four rows are enough for all four lines, centred.
                assert!(screen.contains("astana: loading articles…"), "{screen}");
                assert!(screen.contains("q to quit"), "{screen}");
            }
            // Whatever the size, each row shows a cut of one of the lines
            // (centred lines lose both ends), or the gauge.
            let lines = [
                "astana: loading articles…",
                "12.5 MB of 50.0 MB · 1234 articles",
                "q to quit",
            ];
            for row in rows.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
                let gauge = row.chars().all(|c| " █▏▎▍▌▋▊▉25%".contains(c));
                assert!(
                    gauge || lines.iter().any(|l| l.contains(row)),
                    "{w}×{h}: {row:?}"
                );
            }
        }
    }
}
