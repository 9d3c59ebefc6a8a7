//! `R` in the explorer, without a terminal: the effect it asks the runtime
//! for, and the swap of the archive read again after the fetch (filter,
//! order and selection kept). The fetch itself is tested in
//! tests/fetch.rs and tests/fetch_e2e.rs.

mod fixtures;

use astana::extract::Extractor;
use astana::search::SearchIndex;
use astana::tui::{AppOptions, Effect};
use fixtures::*;

fn selected_id(app: &astana::tui::App) -> String {
    app.shown_article()
        .map(|(_, a)| a.id.to_string())
        .unwrap_or_default()
}

fn archive_app() -> astana::tui::App {
    let options = AppOptions {
        corpus_label: Some("archive 6".into()),
        ..AppOptions::default()
    };
    app_with(options, 120, 40)
}

#[test]
fn r_asks_for_a_fetch_once_at_a_time() {
    let mut app = archive_app();
    assert_eq!(press(&mut app, chars('R')), Some(Effect::Fetch));
    assert!(app.fetching().is_some());
    assert_eq!(press(&mut app, chars('R')), None);
    assert_eq!(app.message(), Some("a fetch is running already"));
    app.set_fetching(None);
    assert_eq!(press(&mut app, chars('R')), Some(Effect::Fetch));
}

#[test]
fn r_does_nothing_when_files_are_shown_instead_of_the_archive() {
    let mut app = app(120, 40);
    assert_eq!(press(&mut app, chars('R')), None);
    assert_eq!(
        app.message(),
        Some("R fetches into the archive, which is not open here")
    );
    assert!(app.fetching().is_none());
}

#[test]
fn the_archive_read_again_keeps_the_filter_the_order_and_the_selection() {
    let mut app = archive_app();
    press(&mut app, chars('/'));
    type_text(&mut app, "g:russia");
    press(&mut app, key(crossterm::event::KeyCode::Enter));
    press(&mut app, chars('j'));
    let chosen = selected_id(&app);
    let before = app.results().len();
    assert!(before >= 2, "the filter leaves a choice");
    // The archive after a fetch: a new article about Russia first, the
    // others after it (their indices all moved).
    let mut corpus = corpus();
    let mut new = corpus.articles[0].clone();
    new.id = "fetched-1".into();
    new.title = "مقال جديد عن روسيا".into();
    corpus.articles.insert(0, new);
    let extractor = Extractor::builtin();
    let index = SearchIndex::build(&corpus.articles, &extractor);
    app.replace_corpus(
        corpus,
        index,
        Some("archive 7".into()),
        "fetched 1 source: 1 new, 0 copies, 0 failed".into(),
    );
    assert_eq!(app.filter(), "g:russia");
    assert_eq!(app.results().len(), before + 1);
    assert_eq!(selected_id(&app), chosen);
    assert_eq!(app.options().corpus_label.as_deref(), Some("archive 7"));
    assert_eq!(
        app.message(),
        Some("fetched 1 source: 1 new, 0 copies, 0 failed")
    );
}
