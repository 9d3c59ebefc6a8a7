//! The screens a user sees, drawn on ratatui's TestBackend at 120×40 (two
//! panes side by side) and 80×24 (one pane at a time), as snapshots, plus
//! checks on what snapshots cannot show (styles, control characters).

mod fixtures;

use astana::text::layout::{BidiMode, fit_line};
use astana::tui::{App, draw};
use crossterm::event::KeyCode;
use fixtures::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn render(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|frame| draw(frame, app)).expect("draw");
    terminal
}

fn screen(app: &App) -> String {
    render(app).backend().to_string()
}

fn buffer(app: &App) -> Buffer {
    render(app).backend().buffer().clone()
}

/// How the layout draws a short piece of text (shaped, in visual order).
fn visual(text: &str) -> String {
    fit_line(text, &[], 200, BidiMode::App).visual_text()
}

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

#[test]
fn start_screen() {
    for (w, h) in SIZES {
        let app = app(w, h);
        insta::assert_snapshot!(format!("start_{w}x{h}"), screen(&app));
    }
}

#[test]
fn filtered_list() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, chars('/'));
        type_text(&mut app, "g:iran");
        insta::assert_snapshot!(format!("filtered_{w}x{h}"), screen(&app));
    }
}

#[test]
fn article_with_entities() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, key(KeyCode::Enter));
        press(&mut app, key(KeyCode::Tab));
        press(&mut app, chars('j'));
        press(&mut app, chars('j')); // lavrentiev highlighted
        press(&mut app, chars('n'));
        insta::assert_snapshot!(format!("article_{w}x{h}"), screen(&app));
    }
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, chars('?'));
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&app));
    }
}

/// Whitespace runs as one space, so wrapped text reads as one line.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text inside the help overlay's borders, its rows joined.
fn help_text(app: &App) -> String {
    let buffer = buffer(app);
    let area = buffer.area;
    let row = |y: u16| -> Vec<&str> { (0..area.width).map(|x| buffer[(x, y)].symbol()).collect() };
    let top = (0..area.height)
        .find(|&y| row(y).concat().contains("┌ Keys "))
        .expect("the help is open");
    let cells = row(top);
    let left = (0..cells.len())
        .find(|&x| cells[x] == "┌" && cells[x + 1..].concat().starts_with(" Keys "))
        .unwrap();
    let right = left + cells[left..].iter().position(|s| *s == "┐").unwrap();
    let rows: Vec<String> = (top + 1..area.height)
        .map(row)
        .take_while(|cells| cells[left] == "│")
        .map(|cells| cells[left + 1..right].concat())
        .collect();
    collapse(&rows.join(" "))
}

#[test]
fn the_help_shows_every_binding_whole_at_any_width() {
    use astana::tui::{Keymap, Mode};
    for w in [40, 80, 120, 220] {
        // Tall enough for the whole help: the width is what wraps it.
        let mut app = app(w, 260);
        press(&mut app, chars('?'));
        let text = help_text(&app);
        for mode in Mode::ALL {
            for binding in Keymap::standard().bindings(mode) {
                let row = collapse(&format!("{} {}", binding.key_labels(), binding.help));
                assert!(
                    text.contains(&row),
                    "{w} columns: {mode:?} {} is not shown whole: {row:?} in {text}",
                    binding.name
                );
            }
        }
        for line in [
            "'word exact: the text holds it, also inside a longer word",
            "\"a phrase\" its words side by side, in this order",
            "!term not: the term must not hold",
            "r: round of the talks: r:4, r:4-6, r:4,6, r:none",
            "o: s: organisation, news agency or source: o:un, s:sana",
            "lavrentiev g:iran r:4-6 !idlib Lavrentiev, rounds 4 to 6, Iran named, Idlib not",
        ] {
            assert!(text.contains(line), "{w} columns: no {line:?} in {text}");
        }
        let arabic = format!(
            "{} the same query in Arabic",
            visual("لافرنتييف g:إيران r:4-6 !إدلب")
        );
        assert!(
            text.contains(&arabic),
            "{w} columns: no {arabic:?} in {text}"
        );
    }
}

#[test]
fn the_help_scrolls_to_its_last_line_and_back() {
    let mut app = app(80, 24);
    press(&mut app, chars('?'));
    assert!(screen(&app).contains("In the panes"));
    assert!(!screen(&app).contains("the same query in Arabic"));
    press(&mut app, chars('G'));
    let bottom = screen(&app);
    assert!(bottom.contains("the same query in Arabic"), "{bottom}");
    assert!(!bottom.contains("In the panes"));
    // One line up from the bottom, however far `G` went.
    press(&mut app, chars('k'));
    let above = screen(&app);
    assert!(!above.contains("the same query in Arabic"), "{above}");
    assert!(above.contains("lavrentiev g:iran r:4-6 !idlib"), "{above}");
    press(&mut app, chars('j'));
    press(&mut app, chars('j'));
    assert_eq!(screen(&app), bottom, "j stops at the last line");
    press(&mut app, chars('g'));
    assert!(screen(&app).contains("In the panes"));
}

#[test]
fn z_gives_the_focused_pane_the_whole_screen_at_40x10() {
    let mut app = app(40, 10);
    press(&mut app, key(KeyCode::Enter));
    let before = screen(&app);
    insta::assert_snapshot!("article_40x10", before);
    // Rows of the article box (borders included): its right edge column.
    let article_rows = |screen: &str| {
        screen
            .lines()
            .take_while(|row| !row.contains("Entities"))
            .filter(|row| row.contains('│') || row.contains('┌') || row.contains('└'))
            .count()
    };
    assert!(before.contains("Entities"));
    assert_eq!(article_rows(&before), 4, "{before}");
    press(&mut app, chars('z'));
    let zoomed = screen(&app);
    insta::assert_snapshot!("article_zoomed_40x10", zoomed);
    assert!(!zoomed.contains("Entities"), "{zoomed}");
    assert_eq!(
        article_rows(&zoomed),
        9,
        "all but the status line: {zoomed}"
    );
    // A page is the zoomed pane's 7 inner rows, not the 2 of the split.
    press(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.article_scroll(), 7);
    // Tab moves the zoom to the entities; z brings the panes back.
    press(&mut app, key(KeyCode::Tab));
    let entities = screen(&app);
    assert!(
        entities.lines().next().unwrap().contains("Entities"),
        "{entities}"
    );
    press(&mut app, chars('z'));
    let back = screen(&app);
    assert!(back.contains("Entities"), "{back}");
    assert_eq!(article_rows(&back), 4, "{back}");
}

#[test]
fn facet_picker() {
    for (w, h) in SIZES {
        // Under R:4 the picker opens on its rounds, with the rounds
        // outside the results offered; round 6 ticked.
        let mut app = app(w, h);
        press(&mut app, chars('/'));
        type_text(&mut app, "R:4");
        press(&mut app, key(KeyCode::Esc));
        press(&mut app, chars('f'));
        press(&mut app, key(KeyCode::Down));
        press(&mut app, chars(' '));
        insta::assert_snapshot!(format!("facets_{w}x{h}"), screen(&app));
    }
    // People, narrowed by typing.
    let mut app = app(80, 24);
    press(&mut app, chars('f'));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "lav");
    insta::assert_snapshot!("facets_people_narrowed_80x24", screen(&app));
}

#[test]
fn warnings() {
    let mut app = app(120, 40);
    press(&mut app, chars('w'));
    insta::assert_snapshot!("warnings_120x40", screen(&app));
}

#[test]
fn too_small() {
    for (w, h) in [(39, 24), (80, 9), (20, 5)] {
        let app = app(w, h);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), screen(&app));
    }
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 30),
        (40, 10),
        (99, 10),
        (100, 10),
        (300, 10),
        (41, 100),
    ] {
        let mut app = app(w, h);
        screen(&app);
        for c in ['?', '?', 'f', 'f', 'w', 'w'] {
            press(&mut app, chars(c));
            screen(&app);
        }
        press(&mut app, key(KeyCode::Enter));
        press(&mut app, key(KeyCode::Tab));
        press(&mut app, chars('G'));
        screen(&app);
    }
}

#[test]
fn escape_sequences_in_articles_are_drawn_as_placeholders() {
    for (w, h) in SIZES {
        let mut app = app(w, h);
        press(&mut app, chars('G')); // the hostile article
        press(&mut app, key(KeyCode::Enter));
        let buffer = buffer(&app);
        let text: String = buffer.content().iter().map(|c| c.symbol()).collect();
        assert!(text.contains("Escape"), "the hostile article is on screen");
        assert!(text.contains('\u{241b}'), "ESC is shown as ␛");
        for cell in buffer.content() {
            for c in cell.symbol().chars() {
                assert!(
                    !c.is_control() && !('\u{202a}'..='\u{202e}').contains(&c),
                    "control character {c:?} reached the screen"
                );
            }
        }
    }
}

#[test]
fn monochrome_screens_use_no_colour_but_still_mark_the_selection() {
    let options = AppOptions {
        color: false,
        ..AppOptions::default()
    };
    let mut app = app_with(options, 120, 40);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, chars('j'));
    press(&mut app, chars('f'));
    let buffer = buffer(&app);
    for cell in buffer.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
            "cell {:?} is coloured",
            cell.symbol()
        );
    }
    let reversed = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed > 0, "the selection is shown in reverse video");
}

#[test]
fn the_selected_entity_mentions_are_highlighted_in_the_text() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, chars('j'));
    press(&mut app, chars('j')); // lavrentiev: two mentions in the text
    let theme = app.theme();
    let selected = theme.for_tags(astana::tui::theme::tag::bit(
        astana::tui::theme::tag::SELECTED_ENTITY,
    ));
    let buffer = buffer(&app);
    let highlighted: String = buffer
        .content()
        .iter()
        .filter(|c| c.bg == selected.bg.unwrap() && c.fg == selected.fg.unwrap())
        .map(|c| c.symbol())
        .collect();
    // As drawn: shaped, with the lam-alef ligature.
    let drawn = visual("لافرنتييف");
    assert_eq!(
        highlighted
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
        drawn.repeat(2),
        "both mentions, and nothing else"
    );
}

#[test]
fn the_status_line_counts_articles_and_shows_the_filter_and_mode() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "g:iran r:4");
    let screen = screen(&app);
    let status = screen.lines().nth(39).expect("status line");
    assert!(
        status.contains("1/6 articles · g:iran r:4 · bidi app · 1 warning"),
        "{status}"
    );
}

#[test]
fn an_arabic_filter_sits_between_its_neighbours_in_the_status_line() {
    for mode in [BidiMode::App, BidiMode::Terminal] {
        let options = AppOptions {
            bidi: mode,
            bidi_label: format!("bidi {mode}"),
            ..AppOptions::default()
        };
        let mut app = app_with(options, 160, 40);
        press(&mut app, chars('/'));
        type_text(&mut app, "إدلب");
        let screen = screen(&app);
        let status = screen.lines().nth(39).expect("status line");
        let shown = match mode {
            BidiMode::App => visual("إدلب"),
            BidiMode::Terminal => fit_line("إدلب", &[], 200, mode).visual_text(),
        };
        let want = format!("articles · {shown} · bidi {mode} · 1 warning");
        assert!(status.contains(&want), "{mode}: {status}");
    }
}

#[test]
fn the_caret_follows_the_filter_text() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "g:ir");
    let mut terminal = render(&app);
    terminal.backend_mut().assert_cursor_position((2 + 4, 0));
    press(&mut app, key(KeyCode::Left));
    let mut terminal = render(&app);
    terminal.backend_mut().assert_cursor_position((2 + 3, 0));
}

#[test]
fn a_megabyte_long_single_line_article_opens_scrolls_and_ends() {
    let mut corpus = corpus();
    let word = "إدلب ";
    let text = word.repeat(200_000) + "النهاية";
    let mut long = corpus.articles[1].clone();
    long.title = "عنوان ".repeat(100_000).into();
    long.extraction.entities = Box::default();
    long.text = text.into();
    corpus.articles = vec![long];
    let mut app = astana::tui::App::new(
        corpus,
        &astana::extract::Extractor::builtin(),
        AppOptions::default(),
    );
    app.update(astana::tui::Action::Resize(120, 40));
    let first = screen(&app);
    assert!(
        first.contains(&visual("عنوان عنوان")),
        "the title's start is in the list:\n{first}"
    );
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('G'));
    let last = screen(&app);
    assert!(
        last.contains(&visual("النهاية")),
        "the end of the text is reachable"
    );
}

#[test]
fn list_rows_emphasise_the_title_matches() {
    let mut app = app(80, 24);
    press(&mut app, chars('/'));
    type_text(&mut app, "إدلب");
    let matched = app
        .theme()
        .for_tags(astana::tui::theme::tag::bit(astana::tui::theme::tag::MATCH));
    let buffer = buffer(&app);
    // The list is the left pane; look only there, row by row.
    let list_width = 48;
    let rows_with_match: Vec<String> = (2..10)
        .map(|y| {
            (0..list_width)
                .map(|x| &buffer[(x, y)])
                .filter(|c| c.bg == matched.bg.unwrap())
                .map(|c| c.symbol())
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    assert!(!rows_with_match.is_empty(), "some title shows its match");
    assert!(
        rows_with_match.contains(&visual("إدلب")),
        "{rows_with_match:?}"
    );
    for row in rows_with_match {
        // A match clipped off the row's end lights up the ellipsis.
        assert!(
            row == visual("إدلب") || row == "…",
            "only the matched word is emphasised: {row}"
        );
    }
}

#[test]
fn the_current_match_is_on_screen_after_n() {
    let mut app = app(80, 24);
    press(&mut app, chars('/'));
    type_text(&mut app, "ادلب r:7"); // the long article: إدلب in every paragraph
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(&*app.shown_article().unwrap().1.id, "long-7");
    press(&mut app, chars('N')); // the last match, far below
    assert!(app.article_scroll() > 0);
    let current = app.theme().for_tags(astana::tui::theme::tag::bit(
        astana::tui::theme::tag::CURRENT,
    ));
    let buffer = buffer(&app);
    let shown: String = buffer
        .content()
        .iter()
        .filter(|c| c.bg == current.bg.unwrap())
        .map(|c| c.symbol())
        .collect();
    assert_eq!(shown, visual("إدلب"));
}

#[test]
fn in_terminal_bidi_mode_text_is_drawn_in_logical_order() {
    let options = AppOptions {
        bidi: BidiMode::Terminal,
        bidi_label: "bidi terminal".into(),
        ..AppOptions::default()
    };
    let terminal_mode = app_with(options, 120, 40);
    let logical = screen(&terminal_mode);
    // Shaped but not reordered: the terminal reorders by itself.
    let shaped = fit_line("الدول الضامنة توقع مذكرة", &[], 200, BidiMode::Terminal).visual_text();
    assert!(logical.contains(&shaped), "{logical}");
    assert!(logical.contains("bidi terminal"));
    let app_mode = app(120, 40);
    assert!(!screen(&app_mode).contains("الدول الضامنة توقع مذكرة"));
}

#[test]
fn selected_lines_are_marked_across_the_pane_and_it_says_how_to_copy() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('v'));
    press(&mut app, chars('j'));
    let buffer = buffer(&app);
    let selection = app.theme().selection().bg.expect("a background");
    // The article pane's inner area: columns 49 to 118, from row 1.
    let rows: Vec<u16> = (0..40)
        .filter(|&y| (49..119).all(|x| buffer[(x, y)].bg == selection))
        .collect();
    assert_eq!(rows, [1, 2], "the title and metadata rows, whole");
    let screen = screen(&app);
    assert!(
        screen.contains("2 lines selected · y copies · Esc cancels"),
        "{screen}"
    );
    press(&mut app, key(KeyCode::Esc));
    let buffer = self::buffer(&app);
    assert!((1..39).all(|y| (49..119).all(|x| buffer[(x, y)].bg != selection)));
}

#[test]
fn monochrome_selected_lines_are_reversed() {
    let options = AppOptions {
        color: false,
        ..AppOptions::default()
    };
    let mut app = app_with(options, 80, 24);
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('v'));
    let buffer = buffer(&app);
    assert!((1..79).all(|x| buffer[(x, 1)].modifier.contains(Modifier::REVERSED)));
    assert!(!(1..79).all(|x| buffer[(x, 2)].modifier.contains(Modifier::REVERSED)));
}

/// The test corpus with a source and a URL (holding an escape character)
/// on its first article.
fn app_with_url(width: u16, height: u16) -> App {
    let mut corpus = corpus();
    corpus.articles[0].meta = astana::corpus::ArticleMeta {
        date: Some("2017-05-04".into()),
        source: Some("الجزيرة".into()),
        url: Some("https://www.aljazeera.net/news/2017/5/4/\u{1b}[2J-astana-memo".into()),
        ..Default::default()
    }
    .boxed();
    let mut app = App::new(
        corpus,
        &astana::extract::Extractor::builtin(),
        AppOptions::default(),
    );
    app.update(astana::tui::Action::Resize(width, height));
    app
}

#[test]
fn the_header_line_shows_source_and_url_sanitized_and_fitted() {
    let wide = screen(&app_with_url(220, 40));
    let header = wide
        .lines()
        .find(|l| l.contains("round 4 ·"))
        .expect("the header line");
    assert!(
        header.contains(&format!(
            "round 4 · IR RU TR · 2017-05-04 · {} · memo-4 · https://www.aljazeera.net/news/2017/5/4/␛[2J-astana-memo",
            visual("الجزيرة")
        )),
        "{header}"
    );
    // In a narrow pane the line is cut with an ellipsis, the body keeps
    // its place below the blank line, and no escape reaches a cell.
    let mut app = app_with_url(80, 24);
    press(&mut app, key(KeyCode::Enter));
    let narrow = screen(&app);
    let rows: Vec<&str> = narrow.lines().collect();
    let at = rows
        .iter()
        .position(|l| l.contains("round 4 ·"))
        .expect("the header line");
    assert!(
        rows[at].contains("memo-4 · https://www.alja"),
        "{}",
        rows[at]
    );
    assert!(rows[at].contains('…'), "{}", rows[at]);
    assert!(rows[at + 1].trim_matches(['"', '│', ' ']).is_empty());
    assert!(!narrow.contains('\u{1b}'));
}

/// `b` marks the list row and the header; `a` turns the status line into
/// the note's editor, with the caret at its end; Enter keeps the note.
#[test]
fn a_bookmark_and_a_note_while_it_is_written() {
    use astana::tui::app::Effect;
    let mut app = app(120, 40);
    assert_eq!(press(&mut app, chars('b')), Some(Effect::SaveMark(0)));
    press(&mut app, chars('a'));
    type_text(&mut app, "ask about Idlib");
    insta::assert_snapshot!("note_editor_120x40", screen(&app));
    let cursor = render(&app).get_cursor_position().unwrap();
    assert_eq!((cursor.x, cursor.y), (7 + 15, 39), "after the note");
    assert_eq!(
        press(&mut app, key(KeyCode::Enter)),
        Some(Effect::SaveMark(0))
    );
    let shown = screen(&app);
    assert!(
        shown.contains("bookmarked · note: ask about Idlib"),
        "{shown}"
    );
    assert!(shown.contains("note kept"), "{shown}");
    // Esc leaves the note as it was.
    press(&mut app, chars('a'));
    type_text(&mut app, " and Homs");
    assert_eq!(press(&mut app, key(KeyCode::Esc)), None);
    assert_eq!(
        app.mark(0).and_then(|m| m.note.as_deref()),
        Some("ask about Idlib")
    );
}

#[test]
fn round_timeline() {
    for (w, h) in SIZES {
        // Every round, the month of the articles without a round, the
        // cursor on round 4; at 120 columns the guarantors' counts too.
        let mut app = app(w, h);
        press(&mut app, chars('t'));
        press(&mut app, chars('j'));
        insta::assert_snapshot!(format!("timeline_{w}x{h}"), screen(&app));
    }
}

#[test]
fn cooccurrence_list() {
    // Idlib in the entities pane of memo-4: the people found with it.
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::BackTab));
    while app.entities()[app.entity_cursor()].key() != "idlib" {
        press(&mut app, chars('j'));
    }
    press(&mut app, chars('c'));
    insta::assert_snapshot!("companions_120x40", screen(&app));
}

#[test]
fn statements_of_the_open_article() {
    let mut app = app(120, 40);
    press(&mut app, chars('s'));
    insta::assert_snapshot!("statements_120x40", screen(&app));
}
