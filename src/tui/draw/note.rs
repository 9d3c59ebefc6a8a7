//! The note line: while a note is written, the status line is its editor,
//! `note: text` with the caret, and says how to end it.

use super::super::app::{App, EditTarget, NoteEditor};
use super::filter::editor_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};

const HINT: &str = " Enter keeps · Esc leaves ";

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, editor: &NoteEditor) {
    let theme = app.theme();
    let base = theme.status();
    // Over the status line drawn before.
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new("").style(base), area);
    let hint_width = HINT.len() as u16;
    // The hint when there is room for it and some text.
    let (text_area, hint) = if area.width > hint_width * 3 {
        let text = Rect {
            width: area.width - hint_width,
            ..area
        };
        let hint = Rect {
            x: area.x + text.width,
            width: hint_width,
            ..area
        };
        (text, Some(hint))
    } else {
        (area, None)
    };
    let prompt = match editor.target {
        EditTarget::Note(_) => " note: ".to_string(),
        EditTarget::Export => format!(" export {} results to: ", app.result_count()),
    };
    let prompt = Span::styled(prompt, theme.key().patch(base));
    let line = &editor.line;
    editor_line(
        frame,
        text_area,
        app,
        prompt,
        (line.text(), line.caret()),
        base,
        true,
    );
    if let Some(hint) = hint {
        frame.render_widget(Paragraph::new(HINT).style(base), hint);
    }
}
