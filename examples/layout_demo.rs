//! Print a text file through `text::layout`, for checking the layout in a
//! real terminal (see docs/LAYOUT.md, "Real-terminal check").
//!
//!     cargo run --example layout_demo -- FILE [WIDTH] [app|terminal] [WORD]
//!
//! Each display line is framed by `|` so alignment is visible; occurrences
//! of WORD are shown in reverse video through the span/tag machinery.

use astana::text::layout::{BidiMode, StyleSpan, layout_text};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: layout_demo FILE [WIDTH] [app|terminal] [WORD]")?;
    let width: u16 = args.next().map(|w| w.parse()).transpose()?.unwrap_or(60);
    let mode = match args.next().as_deref() {
        None | Some("app") => BidiMode::App,
        Some("terminal") => BidiMode::Terminal,
        Some(other) => return Err(format!("unknown mode {other}").into()),
    };
    let word = args.next();
    let text = std::fs::read_to_string(path)?;
    let spans: Vec<StyleSpan> = match &word {
        Some(word) if !word.is_empty() => text
            .match_indices(word.as_str())
            .map(|(at, found)| StyleSpan {
                range: at..at + found.len(),
                tag: 0,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut out = String::new();
    for line in layout_text(&text, &spans, width, mode) {
        out.push('|');
        out.extend(std::iter::repeat_n(' ', usize::from(line.indent)));
        for run in &line.runs {
            if run.tags != 0 {
                out.push_str("\x1b[7m");
                out.push_str(&run.text);
                out.push_str("\x1b[0m");
            } else {
                out.push_str(&run.text);
            }
        }
        out.extend(std::iter::repeat_n(' ', usize::from(width - line.width())));
        out.push_str("|\n");
    }
    print!("{out}");
    Ok(())
}
