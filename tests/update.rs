//! Every key of the explorer, fed through the keymap and `update` as the
//! runtime does, with assertions on what the user would see change.

mod fixtures;

use astana::tui::app::Overlay;
use astana::tui::{Action, Effect, Focus};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;

fn selected_id(app: &astana::tui::App) -> String {
    app.shown_article()
        .map(|(_, a)| a.id.to_string())
        .unwrap_or_default()
}

#[test]
fn j_k_and_arrows_move_the_selection_within_bounds() {
    let mut app = app(120, 40);
    assert_eq!(selected_id(&app), "memo-4");
    press(&mut app, chars('j'));
    assert_eq!(selected_id(&app), "zones-6");
    press(&mut app, key(KeyCode::Down));
    assert_eq!(selected_id(&app), "final-20");
    press(&mut app, chars('k'));
    press(&mut app, key(KeyCode::Up));
    assert_eq!(selected_id(&app), "memo-4");
    press(&mut app, chars('k'));
    assert_eq!(app.selected(), 0, "cannot move above the first row");
}

#[test]
fn g_and_shift_g_and_home_end_jump_to_the_ends() {
    let mut app = app(120, 40);
    press(&mut app, chars('G'));
    assert_eq!(selected_id(&app), "hostile");
    press(&mut app, chars('g'));
    assert_eq!(selected_id(&app), "memo-4");
    press(&mut app, key(KeyCode::End));
    assert_eq!(app.selected(), 5);
    press(&mut app, key(KeyCode::Home));
    assert_eq!(app.selected(), 0);
}

#[test]
fn paging_moves_by_a_page_or_half_a_page_in_the_article() {
    // 80x24: the article pane has 14 text rows (23 body rows, 7 for the
    // entities, 2 borders).
    let mut app = app(80, 24);
    press(&mut app, chars('G'));
    press(&mut app, chars('k')); // the long article
    assert_eq!(selected_id(&app), "long-7");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.focus(), Focus::Article);
    press(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.article_scroll(), 14);
    press(&mut app, ctrl('u'));
    assert_eq!(app.article_scroll(), 7);
    press(&mut app, ctrl('d'));
    press(&mut app, ctrl('d'));
    assert_eq!(app.article_scroll(), 21);
    press(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.article_scroll(), 7);
    press(&mut app, chars('j'));
    assert_eq!(app.article_scroll(), 8);
    press(&mut app, chars('G'));
    let bottom = app.article_scroll();
    assert!(bottom > 21);
    press(&mut app, chars('j'));
    press(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.article_scroll(), bottom, "no scrolling past the end");
    press(&mut app, chars('g'));
    assert_eq!(app.article_scroll(), 0);
}

#[test]
fn paging_in_the_list_moves_by_the_visible_rows() {
    let mut app = app(120, 12);
    press(&mut app, key(KeyCode::PageDown));
    // 12 rows: status line, filter line and two borders leave 8 rows.
    assert_eq!(app.selected(), 5, "clamped to the last of 6 rows");
    press(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.selected(), 0);
    press(&mut app, ctrl('d'));
    assert_eq!(app.selected(), 4);
    press(&mut app, ctrl('u'));
    assert_eq!(app.selected(), 0);
}

#[test]
fn tab_and_shift_tab_cycle_the_panes() {
    let mut app = app(120, 40);
    assert_eq!(app.focus(), Focus::List);
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Article);
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Entities);
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::List);
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    assert_eq!(app.focus(), Focus::Entities);
    press(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    assert_eq!(app.focus(), Focus::Article);
}

#[test]
fn slash_types_in_the_filter_and_the_list_narrows_live() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    assert_eq!(app.focus(), Focus::Filter);
    type_text(&mut app, "g:iran");
    assert_eq!(app.filter(), "g:iran");
    let ids: Vec<String> = app
        .results()
        .iter()
        .map(|h| app.articles()[h.article].id.to_string())
        .collect();
    assert_eq!(ids, ["memo-4", "zones-6"]);
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.focus(), Focus::List);
    assert_eq!(app.filter(), "g:iran", "Esc keeps the filter");
    assert_eq!(app.results().len(), 2);
}

#[test]
fn q_is_a_letter_in_the_filter_and_quits_elsewhere() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    assert_eq!(press(&mut app, chars('q')), None);
    assert_eq!(app.filter(), "q");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(press(&mut app, chars('q')), Some(Effect::Quit));
}

#[test]
fn ctrl_c_always_quits() {
    let mut app = app(120, 40);
    assert_eq!(press(&mut app, ctrl('c')), Some(Effect::Quit));
    press(&mut app, chars('/'));
    assert_eq!(press(&mut app, ctrl('c')), Some(Effect::Quit));
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, chars('?'));
    assert_eq!(press(&mut app, ctrl('c')), Some(Effect::Quit));
}

#[test]
fn filter_editing_keys() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "g:iran r:4");
    assert_eq!(app.results().len(), 1);
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Backspace));
    assert_eq!(app.filter(), "g:iran ");
    assert_eq!(app.results().len(), 2);
    type_text(&mut app, "r:6");
    press(&mut app, ctrl('w'));
    assert_eq!(app.filter(), "g:iran ");
    press(&mut app, key(KeyCode::Home));
    press(&mut app, key(KeyCode::Delete));
    assert_eq!(app.filter(), ":iran ");
    press(&mut app, key(KeyCode::Right));
    press(&mut app, key(KeyCode::Right));
    press(&mut app, ctrl('u'));
    assert_eq!(app.filter(), "ran ");
    press(&mut app, key(KeyCode::End));
    press(&mut app, key(KeyCode::Left));
    press(&mut app, chars('x'));
    assert_eq!(app.filter(), "ranx ");
}

#[test]
fn a_bad_filter_keeps_the_last_results_and_says_why() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "r:4");
    assert_eq!(app.results().len(), 1);
    type_text(&mut app, "-");
    assert!(app.query_error().is_some(), "r:4- does not parse");
    assert_eq!(app.results().len(), 1, "the previous results stay");
    press(&mut app, key(KeyCode::Backspace));
    assert_eq!(app.query_error(), None);
}

#[test]
fn enter_opens_the_article_from_the_list_and_from_the_filter() {
    let mut app = app(80, 24);
    press(&mut app, chars('j'));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(selected_id(&app), "zones-6");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.focus(), Focus::List, "Esc goes back to the list");

    press(&mut app, chars('/'));
    type_text(&mut app, "r:20");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(selected_id(&app), "final-20");
}

#[test]
fn with_print_enter_ends_the_session_with_the_article_id() {
    let options = AppOptions {
        print_on_enter: true,
        ..AppOptions::default()
    };
    let mut app = app_with(options, 120, 40);
    press(&mut app, chars('j'));
    assert_eq!(
        press(&mut app, key(KeyCode::Enter)),
        Some(Effect::PrintAndQuit("zones-6".into()))
    );
    press(&mut app, chars('/'));
    type_text(&mut app, "r:20");
    assert_eq!(
        press(&mut app, key(KeyCode::Enter)),
        Some(Effect::PrintAndQuit("final-20".into()))
    );
}

#[test]
fn brackets_step_through_articles_and_reset_the_scroll() {
    let mut app = app(120, 40);
    press(&mut app, chars('G'));
    press(&mut app, chars('k'));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('j'));
    assert_eq!(app.article_scroll(), 1);
    press(&mut app, chars('['));
    assert_eq!(selected_id(&app), "no-round");
    assert_eq!(app.article_scroll(), 0);
    assert_eq!(
        app.focus(),
        Focus::Article,
        "the focus stays in the article"
    );
    press(&mut app, chars(']'));
    press(&mut app, chars(']'));
    assert_eq!(selected_id(&app), "hostile");
    press(&mut app, chars(']'));
    assert_eq!(selected_id(&app), "hostile", "no step past the last");
}

#[test]
fn moving_in_the_entities_pane_selects_an_entity_and_n_walks_its_mentions() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Entities);
    let names: Vec<&str> = app.entities().iter().map(|e| e.key()).collect();
    // Grouped by kind (guarantors, people, places), then by first mention.
    assert_eq!(names, ["russia", "iran", "lavrentiev", "ansari", "idlib"]);
    press(&mut app, chars('j'));
    assert!(app.entity_active());
    assert_eq!(app.entity_cursor(), 1);
    press(&mut app, chars('j')); // lavrentiev: two mentions
    press(&mut app, chars('n'));
    assert_eq!(app.jump_position(), Some((1, 2)));
    press(&mut app, chars('n'));
    assert_eq!(app.jump_position(), Some((2, 2)));
    press(&mut app, chars('n'));
    assert_eq!(app.jump_position(), Some((1, 2)), "n wraps around");
    press(&mut app, chars('N'));
    assert_eq!(app.jump_position(), Some((2, 2)), "N goes back");
    press(&mut app, key(KeyCode::Esc));
    assert!(!app.entity_active(), "Esc drops the entity highlight");
    assert_eq!(app.jump_position(), None);
}

#[test]
fn n_scrolls_the_article_to_a_mention_below_the_fold() {
    let mut app = app(80, 24);
    press(&mut app, chars('G'));
    press(&mut app, chars('k'));
    assert_eq!(selected_id(&app), "long-7");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Entities);
    press(&mut app, chars('g')); // selects idlib, mentioned in all 40 paragraphs
    assert!(app.entity_active());
    press(&mut app, chars('N')); // the last mention
    assert_eq!(app.jump_position(), Some((40, 40)));
    assert!(app.article_scroll() > 20, "scrolled to the end");
}

#[test]
fn n_without_anything_to_jump_to_says_so() {
    let mut app = app(120, 40);
    press(&mut app, chars('n'));
    assert_eq!(app.jump_position(), None);
    assert!(app.message().is_some());
}

#[test]
fn enter_on_an_entity_adds_it_as_a_filter_term() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, chars('j')); // iran
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter(), "g:iran");
    assert_eq!(app.results().len(), 2);
    assert_eq!(selected_id(&app), "memo-4", "the article stays selected");
    press(&mut app, chars('j')); // lavrentiev
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter(), "g:iran p:lavrentiev");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter(), "g:iran p:lavrentiev", "a term is added once");
}

/// The open picker's current section as "[x] label count" rows.
fn picker_rows(app: &astana::tui::App) -> Vec<String> {
    let Some(Overlay::Facets(picker)) = app.overlay() else {
        panic!("the facet picker is open");
    };
    picker
        .rows()
        .map(|(v, on)| format!("[{}] {} {}", if on { "x" } else { " " }, v.label, v.count))
        .collect()
}

#[test]
fn f_opens_facet_counts_under_the_filter_and_enter_applies_them() {
    let mut app = app(120, 40);
    press(&mut app, chars('f'));
    assert_eq!(
        picker_rows(&app),
        ["[ ] iran 2", "[ ] russia 4", "[ ] turkey 3"]
    );
    press(&mut app, chars(' ')); // iran
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(
        picker_rows(&app),
        [
            "[ ] round 4 1",
            "[ ] round 6 1",
            "[ ] round 7 1",
            "[ ] round 20 1",
            "[ ] no round 2"
        ]
    );
    press(&mut app, chars(' ')); // round 4
    press(&mut app, key(KeyCode::Down));
    press(&mut app, chars(' ')); // round 6
    press(&mut app, key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    assert_eq!(app.filter(), "g:iran r:4,6");
    assert_eq!(app.results().len(), 2);

    // Reopened, it shows what the filter selects, and the rounds outside
    // the results with their counts under g:iran alone.
    press(&mut app, chars('f'));
    assert_eq!(
        picker_rows(&app),
        ["[x] iran 2", "[ ] russia 2", "[ ] turkey 2"]
    );
    press(&mut app, chars(' ')); // iran off
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter(), "r:4,6");
}

#[test]
fn the_picker_widens_a_filter_by_a_value_outside_the_results() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "R:4");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.results().len(), 1);
    press(&mut app, chars('f'));
    // Opened on the section the filter selects in, R:4 ticked as r:4.
    assert_eq!(
        picker_rows(&app),
        [
            "[x] round 4 1",
            "[ ] round 6 1",
            "[ ] round 7 1",
            "[ ] round 20 1",
            "[ ] no round 2"
        ]
    );
    type_text(&mut app, "20");
    assert_eq!(picker_rows(&app), ["[ ] round 20 1"]);
    press(&mut app, chars(' '));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter(), "r:4,20");
    assert_eq!(app.results().len(), 2);
}

#[test]
fn esc_closes_the_facet_picker_without_changing_the_filter() {
    let mut app = app(120, 40);
    press(&mut app, chars('f'));
    press(&mut app, chars(' '));
    press(&mut app, key(KeyCode::Esc));
    assert!(app.overlay().is_none());
    assert_eq!(app.filter(), "");
    assert_eq!(app.results().len(), 6);
}

#[test]
fn y_copies_id_and_title_and_shift_y_the_text() {
    let mut app = app(120, 40);
    assert_eq!(
        press(&mut app, chars('y')),
        Some(Effect::Copy(
            "memo-4 الدول الضامنة توقع مذكرة مناطق خفض التصعيد في أستانا 4".into()
        ))
    );
    assert_eq!(
        app.message(),
        Some("sent 61 characters (id and title) to the clipboard (OSC 52)")
    );
    assert_eq!(
        press(&mut app, chars('Y')),
        Some(Effect::Copy(MEMO_TEXT.into()))
    );
    assert!(
        app.message()
            .is_some_and(|m| m.contains(" characters (article text) to the clipboard"))
    );
}

/// The text `press` handed to the runtime for the clipboard.
fn copied(effect: Option<Effect>) -> String {
    match effect {
        Some(Effect::Copy(text)) => text,
        other => panic!("no copy: {other:?}"),
    }
}

/// The first paragraph of the memo, and its second and third.
fn memo_paragraphs() -> Vec<&'static str> {
    MEMO_TEXT.split('\n').filter(|p| !p.is_empty()).collect()
}

#[test]
fn v_at_a_match_then_j_selects_its_wrapped_paragraph_and_y_copies_it_logically() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "مذكرة");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('n')); // in the first paragraph, which wraps in two lines
    press(&mut app, chars('v'));
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(app.article_frame().selected, Some(3..4));
    press(&mut app, chars('j'));
    assert_eq!(app.article_frame().selected, Some(3..5));
    let text = copied(press(&mut app, chars('y')));
    assert_eq!(text, memo_paragraphs()[0]);
    assert_eq!(
        app.message(),
        Some(
            format!(
                "sent {} characters (2 lines) to the clipboard (OSC 52)",
                text.chars().count()
            )
            .as_str()
        )
    );
    assert_eq!(app.article_frame().selected, None, "y ends the selection");
}

#[test]
fn v_without_a_match_starts_at_the_top_line_and_k_extends_upwards() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('v'));
    assert_eq!(app.article_frame().selected, Some(0..1));
    for _ in 0..5 {
        press(&mut app, chars('j'));
    }
    press(&mut app, chars('k'));
    assert_eq!(app.article_frame().selected, Some(0..5));
    // Title, metadata line, blank line and the first paragraph, as shown.
    let text = copied(press(&mut app, chars('y')));
    let a = app.shown_article().unwrap().1;
    assert_eq!(
        text,
        format!(
            "{}\nround 4 · IR RU TR · 2017-05-04 · seed · memo-4\n\n{}",
            a.title,
            memo_paragraphs()[0]
        )
    );
}

#[test]
fn the_selection_keeps_its_text_through_a_resize() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "لافرنتييف");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('n'));
    press(&mut app, chars('v'));
    let before = app.article_frame().selected.clone();
    app.update(Action::Resize(40, 20));
    assert_ne!(
        app.article_frame().selected,
        before,
        "other lines at 38 columns"
    );
    let text = copied(press(&mut app, chars('y')));
    assert!(
        memo_paragraphs()[1].starts_with(&text),
        "{text:?} is the start of the paragraph with the match"
    );
}

#[test]
fn esc_and_v_end_a_selection_and_leaving_the_pane_drops_it() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('v'));
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.article_frame().selected, None);
    assert_eq!(app.focus(), Focus::Article, "Esc only ended the selection");
    press(&mut app, chars('v'));
    press(&mut app, chars('v'));
    assert_eq!(app.article_frame().selected, None);
    press(&mut app, chars('v'));
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Entities);
    press(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.article_frame().selected, None);
    // A paste goes to the filter line and ends a selection too.
    press(&mut app, chars('v'));
    app.update(Action::Paste("x".into()));
    assert_eq!(app.focus(), Focus::Filter);
    assert_eq!(app.article_frame().selected, None);
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, key(KeyCode::Enter));
    // Without a selection, y copies the id and title.
    let text = copied(press(&mut app, chars('y')));
    assert!(text.starts_with("memo-4 "), "{text}");
}

#[test]
fn y_after_n_copies_the_sentence_of_the_current_match() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "لافرنتييف");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('n'));
    let first = copied(press(&mut app, chars('y')));
    assert_eq!(first, memo_paragraphs()[1]);
    assert!(
        app.message()
            .is_some_and(|m| m.starts_with("sent ") && m.contains("(sentence of the match) to")),
        "{:?}",
        app.message()
    );
    press(&mut app, chars('n'));
    let second = copied(press(&mut app, chars('y')));
    // The third paragraph holds two sentences; the match is in the second.
    assert_eq!(second, "وقال لافرنتييف إن إيران ملتزمة بالمذكرة.");
    assert!(memo_paragraphs()[2].ends_with(&second));
    // Esc in the list drops the current match: y copies id and title again.
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.jump_position(), None);
    assert!(copied(press(&mut app, chars('y'))).starts_with("memo-4 "));
}

#[test]
fn n_moves_the_end_of_a_selection_to_the_next_match() {
    let mut app = app(80, 24);
    press(&mut app, chars('/'));
    type_text(&mut app, "ادلب r:7"); // the long article: إدلب in every paragraph
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, chars('v'));
    for _ in 0..3 {
        press(&mut app, chars('n'));
    }
    let selected = app.article_frame().selected.clone().expect("a selection");
    assert_eq!(selected.start, 0);
    let text = copied(press(&mut app, chars('y')));
    let a = app.shown_article().unwrap().1;
    // From the title to the third paragraph (each paragraph has one match).
    assert!(text.starts_with(&*a.title), "{text}");
    let third = a.text.split('\n').nth(2).unwrap();
    assert!(text.ends_with(&format!("\n{third}")), "{text}");
    assert_eq!(text.lines().count(), selected.len());
}

#[test]
fn w_lists_the_load_warnings_and_question_mark_the_keys() {
    let mut app = app(120, 40);
    press(&mut app, chars('w'));
    assert!(matches!(app.overlay(), Some(Overlay::Warnings { .. })));
    press(&mut app, key(KeyCode::Esc));
    assert!(app.overlay().is_none());
    press(&mut app, chars('?'));
    assert!(matches!(app.overlay(), Some(Overlay::Help { .. })));
    press(&mut app, chars('?'));
    assert!(app.overlay().is_none(), "? closes the help again");
    press(&mut app, chars('f'));
    // In the facet picker letters narrow its rows; Ctrl-c still quits.
    assert_eq!(press(&mut app, chars('q')), None);
    let Some(Overlay::Facets(picker)) = app.overlay() else {
        panic!("q is a letter in the facet picker");
    };
    assert_eq!(picker.typed(), "q");
    assert_eq!(press(&mut app, ctrl('c')), Some(Effect::Quit));
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, key(KeyCode::Esc));
    assert!(
        app.overlay().is_none(),
        "Esc clears the narrowing, then closes"
    );
    press(&mut app, chars('?'));
    assert_eq!(
        press(&mut app, chars('q')),
        Some(Effect::Quit),
        "q quits from an overlay too"
    );
}

#[test]
fn an_initial_query_is_applied_and_a_bad_one_keeps_every_article() {
    let with_query = |query: &str| AppOptions {
        initial_query: query.into(),
        ..AppOptions::default()
    };
    let app = app_with(with_query("r:6"), 120, 40);
    assert_eq!(app.results().len(), 1);
    let app = app_with(with_query("r:x"), 120, 40);
    assert_eq!(app.results().len(), 6);
    assert!(app.query_error().is_some());
}

#[test]
fn resize_keeps_the_selection_in_view() {
    let mut app = app(120, 40);
    press(&mut app, chars('G'));
    app.update(Action::Resize(80, 10));
    let rows = 10 - 4; // status, filter, two borders
    assert!(app.selected() < app.list_offset() + rows);
    assert!(app.selected() >= app.list_offset());
}

#[test]
fn a_hundred_thousand_articles_navigate_by_index() {
    let mut corpus = corpus();
    let template = corpus.articles[1].clone();
    corpus.articles = (0..100_000)
        .map(|i| {
            let mut a = template.clone();
            a.id = format!("a{i}").into();
            a.extraction.round = Some((i % 22 + 1) as u8);
            a
        })
        .collect();
    let mut app = astana::tui::App::new(
        corpus,
        &astana::extract::Extractor::builtin(),
        AppOptions::default(),
    );
    app.update(Action::Resize(120, 40));
    press(&mut app, chars('G'));
    assert_eq!(selected_id(&app), "a99999");
    press(&mut app, chars('/'));
    type_text(&mut app, "r:22");
    // Counted while only the rows on screen are placed.
    assert_eq!(app.result_count(), 100_000 / 22);
    assert!(app.results().len() < app.result_count());
}

#[test]
fn n_and_shift_n_walk_the_filter_matches_in_the_article() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    type_text(&mut app, "لافرنتييف");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(selected_id(&app), "memo-4");
    assert_eq!(app.focus(), Focus::Article);
    let count = app.matches().len();
    assert_eq!(count, 2, "two mentions of the name in the text");
    for (at, m) in app.matches().iter().enumerate() {
        let (_, article) = app.shown_article().unwrap();
        assert_eq!(&article.text[m.clone()], "لافرنتييف", "match {at}");
    }
    press(&mut app, chars('n'));
    assert_eq!(app.jump_position(), Some((1, 2)));
    press(&mut app, chars('n'));
    assert_eq!(app.jump_position(), Some((2, 2)));
    press(&mut app, chars('N'));
    press(&mut app, chars('N'));
    assert_eq!(
        app.jump_position(),
        Some((2, 2)),
        "N wraps to the last match"
    );
}

#[test]
fn an_entity_term_added_from_the_pane_filters_by_that_entity() {
    let mut app = app(120, 40);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, chars('j'));
    press(&mut app, chars('j')); // lavrentiev
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.filter(), "p:lavrentiev");
    assert_eq!(app.query_error(), None);
    let ids: Vec<&str> = app
        .results()
        .iter()
        .map(|h| &*app.articles()[h.article].id)
        .collect();
    assert_eq!(ids, ["memo-4"]);
}

#[test]
fn the_app_can_be_built_on_a_loading_thread() {
    // Building the search index takes a while on a large archive; the
    // runtime can do it on its loading thread and hand the App over.
    let app = std::thread::spawn(|| app(80, 24)).join().expect("built");
    assert_eq!(app.results().len(), 6);
}

#[test]
fn pasted_text_goes_to_the_filter_line_without_control_characters() {
    let mut app = app(120, 40);
    // The runtime turns a paste into one Insert per character.
    for c in "r:6\u{1b}[2J".chars() {
        app.update(Action::Insert(c));
    }
    assert_eq!(app.focus(), Focus::Filter);
    assert_eq!(app.filter(), "r:6[2J");
}

#[test]
fn n_walks_the_mentions_of_a_guarantor_in_the_filter() {
    let mut app = app(80, 24);
    press(&mut app, chars('/'));
    type_text(&mut app, "g:iran");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(selected_id(&app), "memo-4");
    press(&mut app, chars('n'));
    // إيران is mentioned three times in the memo's text.
    assert_eq!(app.jump_position(), Some((1, 3)));
    press(&mut app, chars('f'));
    assert!(matches!(app.overlay(), Some(Overlay::Facets(_))));
    assert_eq!(press(&mut app, ctrl('c')), Some(Effect::Quit));
}

#[test]
fn a_pasted_run_of_text_filters_like_the_same_keys_typed() {
    let mut typed = app(120, 40);
    press(&mut typed, chars('/'));
    for c in "g:iran r:4".chars() {
        press(&mut typed, chars(c));
    }
    let mut pasted = app(120, 40);
    press(&mut pasted, chars('/'));
    pasted.update(Action::Paste("g:ir\u{1b}an r:4".into()));
    assert_eq!(
        pasted.filter(),
        "g:iran r:4",
        "control characters are dropped"
    );
    assert_eq!(pasted.filter(), typed.filter());
    let ids = |app: &astana::tui::App| -> Vec<usize> {
        app.results().iter().map(|h| h.article).collect()
    };
    assert_eq!(ids(&pasted), ids(&typed));
    assert!(!ids(&typed).is_empty());
}

#[test]
fn rows_far_down_a_long_result_list_get_their_title_highlights() {
    use astana::corpus::{Article, Corpus};
    use astana::extract::Extraction;
    let articles = (0..1500)
        .map(|i| Article {
            id: format!("a{i}").into(),
            title: format!("مباحثات أستانا رقم {i}").into(),
            path: None,
            meta: None,
            text: format!("مباحثات أستانا رقم {i}").into(),
            title_is_separate: false,
            extraction: Extraction::default(),
        })
        .collect();
    let corpus = Corpus {
        articles,
        warnings: Vec::new(),
    };
    let mut app = astana::tui::App::new(
        corpus,
        &astana::extract::Extractor::builtin(),
        AppOptions::default(),
    );
    app.update(Action::Resize(120, 40));
    press(&mut app, chars('/'));
    app.update(Action::Paste("استانا".into()));
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.results().len(), 1500);
    press(&mut app, chars('G'));
    let last = app.results().last().unwrap();
    assert!(
        !last.title_matches.is_empty(),
        "the last row has no highlight"
    );
    let title = &app.articles()[last.article].title;
    assert_eq!(&title[last.title_matches[0].clone()], "أستانا");
}

#[test]
fn o_cycles_the_order_and_keeps_the_selected_article() {
    let mut app = app(120, 40);
    let ids = |app: &astana::tui::App| -> Vec<String> {
        app.results()
            .iter()
            .map(|h| app.articles()[h.article].id.to_string())
            .collect()
    };
    press(&mut app, chars('j'));
    press(&mut app, chars('j'));
    assert_eq!(selected_id(&app), "final-20");
    let relevance = ids(&app);
    press(&mut app, chars('o'));
    assert_eq!(app.order(), astana::search::Order::Date);
    assert_eq!(app.message(), Some("ordered by date"));
    // Every fixture has the same date: ties keep the relevance order.
    assert_eq!(ids(&app), relevance);
    press(&mut app, chars('o'));
    assert_eq!(
        ids(&app),
        [
            "memo-4", "zones-6", "long-7", "final-20", "no-round", "hostile"
        ]
    );
    assert_eq!(
        selected_id(&app),
        "final-20",
        "the selection follows its article"
    );
    assert_eq!(app.selected(), 3);
    // A new filter keeps the order.
    press(&mut app, chars('/'));
    for c in "g:russia".chars() {
        press(&mut app, chars(c));
    }
    assert_eq!(ids(&app), ["memo-4", "zones-6", "long-7", "final-20"]);
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, chars('o'));
    assert_eq!(app.order(), astana::search::Order::Relevance);
    assert_eq!(ids(&app), ["memo-4", "zones-6", "final-20", "long-7"]);
}

#[test]
fn t_opens_the_round_timeline_and_enter_adds_the_row() {
    let mut app = app(120, 40);
    press(&mut app, chars('t'));
    let Some(Overlay::Timeline {
        rows: timeline,
        results,
    }) = app.overlay()
    else {
        panic!("t opens the timeline");
    };
    assert_eq!(*results, 6);
    // The cursor starts on the first row with results: the two articles
    // without a round, dated May 2017, whose month comes before round 4
    // (3 May 2017).
    let row = timeline.current().unwrap();
    assert_eq!(row.period.terms(), ["r:none", "d:2017-05"]);
    assert_eq!(row.count, 2);
    press(&mut app, chars('j'));
    let Some(Overlay::Timeline {
        rows: timeline,
        results: _,
    }) = app.overlay()
    else {
        panic!("the timeline stays open");
    };
    assert_eq!(timeline.current().unwrap().period.terms(), ["r:4"]);
    assert_eq!(timeline.current().unwrap().guarantors, [1, 1, 1]);
    // Round 6 is two rows down.
    press(&mut app, chars('j'));
    press(&mut app, chars('j'));
    press(&mut app, key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    assert_eq!(app.filter(), "r:6");
    assert_eq!(app.message(), Some("added r:6"));
    assert_eq!(selected_id(&app), "zones-6");
    // The timeline counts the filtered results.
    press(&mut app, chars('t'));
    let Some(Overlay::Timeline {
        rows: timeline,
        results,
    }) = app.overlay()
    else {
        panic!("t opens the timeline");
    };
    assert_eq!(*results, 1);
    assert_eq!(timeline.rows.iter().map(|r| r.count).sum::<usize>(), 1);
    press(&mut app, key(KeyCode::Esc));
    assert!(app.overlay().is_none());
    assert_eq!(app.filter(), "r:6");
}

#[test]
fn c_lists_the_entities_found_with_the_selected_one() {
    let mut app = app(120, 40);
    // c outside the entities pane says what it needs.
    press(&mut app, chars('c'));
    assert!(app.overlay().is_none());
    assert!(app.message().unwrap().contains("entities pane"));
    // memo-4's entities: Idlib is in three articles, with Lavrentiev,
    // Ansari and the guarantors in memo-4, with Turkey in zones-6.
    press(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.focus(), Focus::Entities);
    while app.entities()[app.entity_cursor()].key() != "idlib" {
        press(&mut app, chars('j'));
    }
    press(&mut app, chars('c'));
    let Some(Overlay::Companions { rows, of, together }) = app.overlay() else {
        panic!("c opens the co-occurrence list");
    };
    assert_eq!(of, "Idlib إدلب");
    assert_eq!(*together, 3);
    let names: Vec<(&str, usize)> = rows
        .rows
        .iter()
        .map(|r| (r.value.as_str(), r.count))
        .collect();
    // Most frequent first (the outlet of all three, as `s:` counts it),
    // then by name (Alexander before Hossein).
    assert_eq!(names, [("seed", 3), ("lavrentiev", 1), ("ansari", 1)]);
    assert_eq!(rows.rows[1].rounds.get(&4), Some(&1));
    press(&mut app, chars('j'));
    press(&mut app, key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    assert_eq!(app.filter(), "p:lavrentiev");
    assert_eq!(selected_id(&app), "memo-4");
}

#[test]
fn e_asks_for_a_file_name_and_exports_the_results_in_their_order() {
    let mut app = app(120, 40);
    press(&mut app, chars('/'));
    for c in "g:russia".chars() {
        press(&mut app, chars(c));
    }
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, chars('e'));
    let Some(Overlay::Note(editor)) = app.overlay() else {
        panic!("e opens the file name prompt");
    };
    let offered = editor.line.text().to_string();
    assert!(
        offered.starts_with("astana-") && offered.ends_with(".csv") && offered.len() == 24,
        "{offered}"
    );
    // Esc leaves without writing.
    assert_eq!(press(&mut app, key(KeyCode::Esc)), None);
    assert!(app.overlay().is_none());
    // A name of the user's: .jsonl gives one article object per line.
    press(&mut app, chars('e'));
    press(&mut app, ctrl('u'));
    for c in "out.jsonl".chars() {
        press(&mut app, chars(c));
    }
    let Some(Effect::Export {
        path,
        contents,
        count,
    }) = press(&mut app, key(KeyCode::Enter))
    else {
        panic!("Enter exports");
    };
    assert_eq!(path, std::path::PathBuf::from("out.jsonl"));
    assert_eq!(count, 4);
    let ids: Vec<String> = contents
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(
        ids,
        ["\"memo-4\"", "\"zones-6\"", "\"final-20\"", "\"long-7\""]
    );
    // The default is CSV with its header.
    press(&mut app, chars('e'));
    let Some(Effect::Export { contents, .. }) = press(&mut app, key(KeyCode::Enter)) else {
        panic!("Enter exports");
    };
    assert!(contents.starts_with("id,round,guarantors,title,date,source,url\r\nmemo-4,4,"));
}

#[test]
fn s_lists_the_open_articles_statements_and_enter_shows_one() {
    let mut app = app(120, 40);
    assert_eq!(selected_id(&app), "memo-4");
    press(&mut app, chars('s'));
    let Some(Overlay::Statements { rows, title }) = app.overlay() else {
        panic!("s opens the statements, message: {:?}", app.message());
    };
    assert!(title.contains("memo-4"), "{title}");
    let text = &app.articles()[0].text;
    let said: Vec<(&str, &str)> = rows
        .rows
        .iter()
        .map(|r| (r.speaker.as_str(), &text[r.said.clone()]))
        .collect();
    assert!(
        said.contains(&("Alexander Lavrentiev", "إيران ملتزمة بالمذكرة")),
        "{said:?}"
    );
    let at = rows
        .rows
        .iter()
        .position(|r| r.speaker == "Alexander Lavrentiev")
        .unwrap();
    for _ in 0..at {
        press(&mut app, chars('j'));
    }
    press(&mut app, key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    assert_eq!(app.focus(), Focus::Article);
    assert_eq!(selected_id(&app), "memo-4");
}

#[test]
fn shift_s_lists_a_speakers_statements_across_the_results() {
    let mut app = app(120, 40);
    // S outside the entities pane says what it needs.
    press(&mut app, chars('S'));
    assert!(app.overlay().is_none());
    assert!(app.message().unwrap().contains("entities pane"));
    press(&mut app, key(KeyCode::BackTab));
    while app.entities()[app.entity_cursor()].key() != "lavrentiev" {
        press(&mut app, chars('j'));
    }
    press(&mut app, chars('S'));
    let Some(Overlay::Statements { rows, title }) = app.overlay() else {
        panic!(
            "S opens the speaker's statements, message: {:?}",
            app.message()
        );
    };
    assert!(title.contains("Alexander Lavrentiev"), "{title}");
    assert!(
        rows.rows
            .iter()
            .all(|r| r.speaker == "Alexander Lavrentiev")
    );
    assert_eq!(rows.rows.len(), 1);
    assert_eq!(rows.rows[0].round, Some(4));
}

#[test]
fn the_open_articles_statements_are_marked_once_an_extractor_is_given() {
    use astana::tui::theme::tag;
    let mut app = app(120, 40);
    let marked = |app: &astana::tui::App| {
        app.article_frame()
            .lines
            .iter()
            .flat_map(|(_, l)| &l.runs)
            .filter(|r| r.tags & tag::bit(tag::STATEMENT) != 0)
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .concat()
    };
    assert_eq!(marked(&app), "");
    app.set_extractor(std::sync::Arc::new(astana::extract::Extractor::builtin()));
    // «إيران ملتزمة بالمذكرة», shaped and in screen order.
    let shown = marked(&app);
    assert!(!shown.is_empty());
    assert!(
        shown.chars().count() >= "إيران ملتزمة بالمذكرة".chars().count() - 2,
        "{shown}"
    );
}

#[test]
fn articles_that_arrived_since_the_last_visit_are_marked_new() {
    use astana::extract::Extractor;
    use astana::tui::app::AppOptions;
    let mut corpus = corpus();
    for (i, arrived) in [(0, 50), (1, 150), (2, 250)] {
        corpus.articles[i].meta.as_mut().unwrap().arrived = Some(arrived);
    }
    let options = AppOptions {
        new_since: Some(100),
        ..AppOptions::default()
    };
    let mut app = astana::tui::App::new(corpus.clone(), &Extractor::builtin(), options);
    app.update(Action::Resize(120, 40));
    let new: Vec<bool> = (0..6).map(|a| app.is_new(a)).collect();
    assert_eq!(new, [false, true, true, false, false, false]);
    assert_eq!(app.new_count(), 2);
    // A first visit (nothing to compare with) marks nothing.
    let app = astana::tui::App::new(corpus, &Extractor::builtin(), AppOptions::default());
    assert_eq!(app.new_count(), 0);
}

#[test]
fn typed_keys_rank_the_rows_shown_and_the_rest_before_anything_reads_them() {
    // Articles whose titles and texts hold the guarantors in several forms:
    // a broad term leaves titles to score after the frame.
    let mut many = corpus();
    let template = many.articles[0].clone();
    let titles = [
        "الدول الضامنة تجتمع",
        "الضامنون يجتمعون في أستانة",
        "ال ضامن ة",
        "بيان الضامنين عن الهدنة",
        "اجتماع في أستانة",
    ];
    let texts = [
        "قالت الدول الضامنة إن الهدنة صامدة.",
        "اجتمع الضامنون في أستانة.",
        "لا جديد في المفاوضات.",
    ];
    many.articles = (0..150)
        .map(|n| {
            let mut a = template.clone();
            let title = format!("{} {n}", titles[(n * 7 + n / 8) % titles.len()]);
            a.id = format!("g{n}").into();
            a.text = format!("{title}\n{}", texts[(n * 5 + n / 3) % texts.len()]).into();
            a.title = title.into();
            a.extraction = Default::default();
            a
        })
        .collect();
    let ids = |app: &astana::tui::App| -> Vec<String> {
        app.results()
            .iter()
            .map(|h| app.articles()[h.article].id.to_string())
            .collect()
    };
    let extractor = astana::extract::Extractor::builtin();
    let mut typed = astana::tui::App::new(many.clone(), &extractor, AppOptions::default());
    typed.update(Action::Resize(120, 12));
    press(&mut typed, chars('/'));
    let mut unsettled = false;
    for c in "الضامنة".chars() {
        press(&mut typed, chars(c));
        unsettled |= !typed.results_settled();
    }
    assert!(unsettled, "a key left results to place");
    // An explorer started with the filter ranks everything at once.
    let options = AppOptions {
        initial_query: "الضامنة".into(),
        ..AppOptions::default()
    };
    let mut fresh = astana::tui::App::new(many, &extractor, options);
    fresh.update(Action::Resize(120, 12));
    assert!(fresh.results_settled());
    let complete = ids(&fresh);
    assert_eq!(typed.result_count(), complete.len(), "the count");
    assert_eq!(ids(&typed)[..12], complete[..12], "the rows on screen");
    // Going to the last row places every result first.
    press(&mut typed, key(KeyCode::Esc));
    press(&mut typed, chars('G'));
    assert!(typed.results_settled());
    assert_eq!(ids(&typed), complete);
    assert_eq!(selected_id(&typed), complete[complete.len() - 1]);
}
