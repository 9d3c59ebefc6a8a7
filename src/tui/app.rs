//! The explorer's state and how each [`Action`] changes it. Nothing here
//! touches a terminal: the runtime feeds actions in, carries out the
//! returned [`Effect`]s, and draws the state with [`super::draw::draw`].
//!
//! The list is kept as indices into the corpus (the search results), so no
//! per-keystroke work is proportional to anything but the results.

use super::action::{Action, Keymap};
use super::article_view::{ArticleFrame, ArticleView, Highlights, LinePos};
use super::chooser::{Choice, Chooser};
use super::clipboard;
use super::draw::{Panes, RowTitles, chooser_height, overlay_rows, panes};
pub use super::facet_picker::FacetPicker;
use super::facet_picker::{PickerAction, PickerOutcome};
use super::filter_line::FilterLine;
use super::theme::{Palette, Theme, tag};
use crate::corpus::{Article, Corpus, LoadWarning};
use crate::extract::{Entity, Extractor, Field};
use crate::marks::{Mark, clean_note};
use crate::output;
use crate::search::cooccurrence::{Companion, companions};
use crate::search::facets::facets;
use crate::search::statements::{self, Said};
use crate::search::timeline::{TimelineRow, timeline};
use crate::search::{
    Hit, Order, QueryField, SearchIndex, Searcher, Term, entity_value, split_terms, text_matches,
};
use crate::text::layout::{BidiMode, StyleSpan};
use crate::text::sentence::sentence_at;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// How the explorer was started (from the command line and the terminal probe).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppOptions {
    pub bidi: BidiMode,
    /// Shown in the status line, e.g. "bidi app".
    pub bidi_label: String,
    pub color: bool,
    /// `--print`: Enter on an article ends the session and prints its id.
    pub print_on_enter: bool,
    pub initial_query: String,
    /// Where the articles came from, shown in the status line
    /// (`archive 1,234`, `bundled 5`).
    pub corpus_label: Option<String>,
    /// When the archive was last opened before this session: articles
    /// that arrived after it are marked new in the list.
    pub new_since: Option<i64>,
    /// The keys: the standard keymap with the configuration's changes.
    pub keymap: Keymap,
    /// The colours (used when `color` is on).
    pub palette: Palette,
    /// The results' order at the start.
    pub order: Order,
}

/// The explorer as it starts with no flags on a terminal that does not
/// reorder text itself: app-side bidi, colours, no initial query.
impl Default for AppOptions {
    fn default() -> AppOptions {
        AppOptions {
            bidi: BidiMode::App,
            bidi_label: "bidi app".into(),
            color: true,
            print_on_enter: false,
            initial_query: String::new(),
            corpus_label: None,
            new_since: None,
            keymap: Keymap::standard().clone(),
            palette: Palette::default(),
            order: Order::default(),
        }
    }
}

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Restore the terminal, print this article id to stdout, exit.
    PrintAndQuit(String),
    /// `R`: fetch the feeds file's sources into the archive in the
    /// background, then show the archive again.
    Fetch,
    /// Keep this article's mark ([`App::mark`]) in the mark store now.
    SaveMark(usize),
    /// `e`: write `contents` (`count` results) to the file `path`, and say so.
    Export {
        path: PathBuf,
        contents: String,
        count: usize,
    },
}

/// Where the keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Typing in the filter line.
    Filter,
    List,
    Article,
    Entities,
}

/// A window over the panes that takes the keys while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Warnings {
        scroll: usize,
    },
    Facets(FacetPicker),
    /// Writing a note on an article (the status line edits it).
    Note(NoteEditor),
    /// `t`: the results per round, and how many results they count.
    Timeline {
        rows: Chooser<TimelineRow>,
        results: usize,
    },
    /// `c`: the entities found with `of` in `together` results.
    Companions {
        rows: Chooser<Companion>,
        of: String,
        together: usize,
    },
    /// `s`, `S`: statements, under a title saying whose.
    Statements {
        rows: Chooser<Said>,
        title: String,
    },
}

/// The note being written: whose, and the line as typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    pub target: EditTarget,
    pub line: FilterLine,
}

/// What the line typed in the status line is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// `a`: the note of this article.
    Note(usize),
    /// `e`: the name of the file the results are written to.
    Export,
}

/// A movement request, resolved against the focused pane's size.
#[derive(Debug, Clone, Copy)]
enum Step {
    By(isize),
    Page(isize),
    HalfPage(isize),
    Top,
    Bottom,
}

/// The filter term that selects an entity (`p:lavrentiev`), for the kinds
/// the filter language has a field for.
pub fn entity_term(entity: &Entity) -> Option<String> {
    QueryField::for_kind(entity.kind).map(|field| field.term(&[entity_value(entity.key())]))
}

/// The explorer's whole state.
#[derive(Debug)]
pub struct App {
    corpus: Corpus,
    index: SearchIndex,
    searcher: Searcher,
    /// The list's titles as the last frame laid them out (a memo for
    /// drawing).
    row_titles: RowTitles,
    options: AppOptions,
    theme: Theme,
    filter: FilterLine,
    query_error: Option<String>,
    selected: usize,
    list_offset: usize,
    focus: Focus,
    overlay: Option<Overlay>,
    /// `z`: the focused pane fills the screen.
    zoom: bool,
    size: (u16, u16),
    /// The article the per-article state below belongs to.
    shown: Option<usize>,
    article_scroll: usize,
    /// Byte ranges of the text matching the filter's free-text terms.
    matches: Vec<Range<usize>>,
    /// The shown article's entities in display order (indices into its extraction).
    entity_order: Vec<usize>,
    entity_cursor: usize,
    entity_offset: usize,
    /// True once the user moved in the entities pane: the entity under the
    /// cursor is highlighted and `n`/`N` walk its mentions.
    entity_active: bool,
    /// Index into the current jump targets of the last `n`/`N`.
    jump: Option<usize>,
    message: Option<String>,
    /// The spans the shown article is drawn with, rebuilt (a new `Arc`,
    /// which the view notices) when what they depend on changes
    /// (`highlights_for`).
    highlights: Arc<Highlights>,
    highlights_for: Option<HighlightKey>,
    /// The shown article, laid out lazily (only what is wanted) and cached.
    view: ArticleView,
    /// Bookmarks and notes, by article index (loaded by the runtime).
    marks: HashMap<usize, Mark>,
    /// What the article pane shows, prepared at the end of every update.
    frame: ArticleFrame,
    /// Lines of the article selected with `v`.
    selection: Option<Selection>,
    /// Finds statements for `s` and `S` (the loader's, when it gives one).
    extractor: Option<Arc<Extractor>>,
    /// The shown article's statements (the words said), marked in its
    /// text when the runtime gave an extractor: (article, ranges).
    said: Option<(usize, Vec<Range<usize>>)>,
    /// How many articles arrived since the last visit (counted when the
    /// articles change, not at every frame).
    new_count: usize,
    /// `R`'s progress while a background fetch runs, for the status line.
    fetching: Option<String>,
}

/// Display lines of the open article selected with `v`: where the
/// selection started and its end that `j`/`k`/`n`/`N` move. Named by what
/// they show, so it survives a resize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Selection {
    anchor: LinePos,
    head: LinePos,
}

/// What the article highlights depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HighlightKey {
    article: Option<usize>,
    entity: Option<usize>,
    jump: Option<usize>,
    filter: String,
}

impl App {
    /// Builds the search index and runs the initial query.
    pub fn new(corpus: Corpus, extractor: &Extractor, options: AppOptions) -> App {
        let index = SearchIndex::build(&corpus.articles, extractor);
        App::with_index(corpus, index, options)
    }

    /// Runs the initial query over a corpus whose index was built while it
    /// loaded.
    pub fn with_index(corpus: Corpus, index: SearchIndex, options: AppOptions) -> App {
        let filter = options.initial_query.clone();
        let mut app = App {
            corpus,
            index,
            // The rows on screen get their title highlights in `keep_in_view`.
            searcher: Searcher::on_demand(),
            row_titles: RowTitles::default(),
            theme: Theme::with_palette(options.color, options.palette),
            options,
            filter: FilterLine::default(),
            query_error: None,
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            overlay: None,
            zoom: false,
            size: (80, 24),
            shown: None,
            article_scroll: 0,
            matches: Vec::new(),
            entity_order: Vec::new(),
            entity_cursor: 0,
            entity_offset: 0,
            entity_active: false,
            jump: None,
            message: None,
            highlights: Default::default(),
            highlights_for: None,
            view: ArticleView::default(),
            marks: HashMap::new(),
            frame: ArticleFrame::default(),
            selection: None,
            extractor: None,
            said: None,
            new_count: 0,
            fetching: None,
        };
        // No results yet: this only sets the order of the first run.
        app.searcher
            .set_order(app.options.order, &app.index, &app.corpus.articles);
        // Start from every article, so a bad initial query still shows the
        // corpus (with the error in the status line).
        app.refilter(false);
        if !filter.is_empty() {
            app.filter.set(&filter);
            app.refilter(false);
        }
        // The first frame may show more rows than the size known now.
        app.settle_results();
        app.new_count = app.count_new();
        app.refresh_highlights();
        app.refresh_frame();
        app
    }

    // ------------------------------------------------------------ reading

    pub fn options(&self) -> &AppOptions {
        &self.options
    }
    pub fn keymap(&self) -> &Keymap {
        &self.options.keymap
    }
    pub fn theme(&self) -> Theme {
        self.theme
    }
    pub(crate) fn row_titles(&self) -> &RowTitles {
        &self.row_titles
    }
    pub fn articles(&self) -> &[Article] {
        &self.corpus.articles
    }
    pub fn warnings(&self) -> &[LoadWarning] {
        &self.corpus.warnings
    }
    pub fn filter(&self) -> &str {
        self.filter.text()
    }
    /// Byte offset of the caret in the filter text.
    pub fn cursor(&self) -> usize {
        self.filter.caret()
    }
    pub fn query_error(&self) -> Option<&str> {
        self.query_error.as_deref()
    }
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// A background fetch's progress (`R`), while one runs.
    pub fn fetching(&self) -> Option<&str> {
        self.fetching.as_deref()
    }

    // --------------------------------------------------- background fetch

    /// A note for the status line (what became of a background fetch).
    pub fn notify(&mut self, note: String) {
        self.message = Some(note);
    }

    /// The progress of the background fetch, or `None` once it is over.
    pub fn set_fetching(&mut self, progress: Option<String>) {
        self.fetching = progress;
    }

    /// Shows `corpus` (the archive read again after a fetch) in place of
    /// the current one, keeping the filter, the order and the selected
    /// article (by its id) when it is still among the results; `note`
    /// goes to the status line.
    pub fn replace_corpus(
        &mut self,
        corpus: Corpus,
        index: SearchIndex,
        label: Option<String>,
        note: String,
    ) {
        let previous = self.shown_article().map(|(_, a)| a.id.clone());
        let order = self.searcher.order();
        self.corpus = corpus;
        self.index = index;
        self.options.corpus_label = label;
        self.new_count = self.count_new();
        self.searcher.clear();
        self.searcher
            .set_order(order, &self.index, &self.corpus.articles);
        // Indices into the old corpus mean nothing now.
        self.shown = None;
        self.view = ArticleView::default();
        self.said = None;
        self.highlights_for = None;
        // These overlays were computed from the old results.
        if matches!(
            self.overlay,
            Some(
                Overlay::Facets(_)
                    | Overlay::Timeline { .. }
                    | Overlay::Companions { .. }
                    | Overlay::Statements { .. }
            )
        ) {
            self.overlay = None;
        }
        if let Err(e) = self
            .searcher
            .run(&self.index, &self.corpus.articles, self.filter.text())
        {
            self.query_error = Some(e.to_string());
        }
        let article = previous.and_then(|id| self.corpus.articles.iter().position(|a| a.id == id));
        self.reselect(article);
        self.message = Some(note);
        self.refresh_highlights();
        self.refresh_frame();
    }
    /// Whether an article arrived in the archive since the last visit.
    pub fn is_new(&self, article: usize) -> bool {
        let since = self.options.new_since;
        let arrived = self.corpus.articles.get(article).and_then(Article::arrived);
        matches!((since, arrived), (Some(since), Some(arrived)) if arrived > since)
    }

    /// How many articles arrived in the archive since the last visit.
    pub fn new_count(&self) -> usize {
        self.new_count
    }

    fn count_new(&self) -> usize {
        match self.options.new_since {
            Some(_) => (0..self.corpus.articles.len())
                .filter(|&a| self.is_new(a))
                .count(),
            None => 0,
        }
    }

    /// The order of the results.
    pub fn order(&self) -> Order {
        self.searcher.order()
    }
    /// The search results (indices into the corpus), in the chosen order:
    /// after a typed key, only the rows on screen until the rest are
    /// placed ([`App::result_count`] counts them all).
    pub fn results(&self) -> &[Hit] {
        self.searcher.hits()
    }
    /// The number of results, placed or not.
    pub fn result_count(&self) -> usize {
        self.searcher.count()
    }
    /// Index into [`App::results`] of the selected row.
    pub fn selected(&self) -> usize {
        self.selected
    }
    /// First result row shown in the list (the draw code keeps the selection visible).
    pub fn list_offset(&self) -> usize {
        self.list_offset
    }
    pub fn focus(&self) -> Focus {
        self.focus
    }
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }
    /// Whether the focused pane fills the screen (`z`).
    pub fn zoomed(&self) -> bool {
        self.zoom
    }
    pub fn size(&self) -> (u16, u16) {
        self.size
    }
    pub fn article_scroll(&self) -> usize {
        self.article_scroll
    }
    pub fn entity_cursor(&self) -> usize {
        self.entity_cursor
    }
    pub fn entity_offset(&self) -> usize {
        self.entity_offset
    }
    pub fn entity_active(&self) -> bool {
        self.entity_active
    }
    /// Filter matches in the shown article's text.
    pub fn matches(&self) -> &[Range<usize>] {
        &self.matches
    }

    /// The article under the list's selection: the one the article pane shows.
    pub fn shown_article(&self) -> Option<(usize, &Article)> {
        let hit = self.results().get(self.selected)?;
        Some((hit.article, &self.corpus.articles[hit.article]))
    }

    /// The shown article's entities in display order.
    pub fn entities(&self) -> Vec<&Entity> {
        match self.shown_article() {
            Some((_, article)) => self
                .entity_order
                .iter()
                .map(|&i| &article.extraction.entities[i])
                .collect(),
            None => Vec::new(),
        }
    }

    fn selected_entity(&self) -> Option<&Entity> {
        if !self.entity_active {
            return None;
        }
        let (_, article) = self.shown_article()?;
        let &i = self.entity_order.get(self.entity_cursor)?;
        article.extraction.entities.get(i)
    }

    /// How many places `n`/`N` go through: the selected entity's mentions,
    /// or the filter matches.
    fn jump_count(&self) -> usize {
        match self.selected_entity() {
            Some(entity) => entity.mentions.len(),
            None => self.matches.len(),
        }
    }

    /// The `j`th place `n`/`N` go to.
    fn jump_target(&self, j: usize) -> Option<(Field, Range<usize>)> {
        match self.selected_entity() {
            Some(entity) => entity.mentions.get(j).map(|m| (m.field(), m.range())),
            None => self.matches.get(j).map(|r| (Field::Text, r.clone())),
        }
    }

    /// Position of the last jump, as (1-based index, count), for the status line.
    pub fn jump_position(&self) -> Option<(usize, usize)> {
        let count = self.jump_count();
        self.jump.filter(|&j| j < count).map(|j| (j + 1, count))
    }

    /// The spans the shown article is drawn with: entity mentions by kind,
    /// filter matches, the selected entity and the current jump target.
    fn build_highlights(&self) -> Highlights {
        let mut h = Highlights::default();
        let Some((_, article)) = self.shown_article() else {
            return h;
        };
        let mut push = |field: Field, range: Range<usize>, tag: u8| {
            let spans = match field {
                Field::Title => &mut h.title,
                Field::Text => &mut h.body,
            };
            spans.push(StyleSpan { range, tag });
        };
        for entity in &article.extraction.entities {
            for m in &entity.mentions {
                push(m.field(), m.range(), tag::kind(entity.kind));
            }
        }
        if let Some(entity) = self.selected_entity() {
            for m in &entity.mentions {
                push(m.field(), m.range(), tag::SELECTED_ENTITY);
            }
        }
        for r in &self.matches {
            push(Field::Text, r.clone(), tag::MATCH);
        }
        if let Some(hit) = self.results().get(self.selected) {
            for r in &hit.title_matches {
                push(Field::Title, r.clone(), tag::MATCH);
            }
        }
        if let Some((field, range)) = self.jump.and_then(|j| self.jump_target(j)) {
            push(field, range, tag::CURRENT);
        }
        if let Some((_, said)) = &self.said {
            for r in said {
                push(Field::Text, r.clone(), tag::STATEMENT);
            }
        }
        h.title.sort_by_key(|s| (s.range.start, s.tag));
        h.body.sort_by_key(|s| (s.range.start, s.tag));
        h
    }

    /// Finds the statements of the shown article, once per article, when
    /// the runtime gave an extractor (the tests' apps mark none).
    fn find_said(&mut self, shown: Option<usize>) {
        let (Some(article), Some(extractor)) = (shown, &self.extractor) else {
            self.said = None;
            return;
        };
        if self.said.as_ref().is_some_and(|(a, _)| *a == article) {
            return;
        }
        let a = &self.corpus.articles[article];
        // Marked as the list passes over an article, so bounded to one
        // extractor window: a longer text's statements are read when asked
        // for (`s`), not on every key that shows it.
        if a.text.len() > crate::text::windows::WINDOW_BYTES {
            self.said = Some((article, Vec::new()));
            return;
        }
        let ranges = extractor
            .statements(&a.text, &a.extraction)
            .into_iter()
            .map(|s| s.said)
            .collect();
        self.said = Some((article, ranges));
    }

    /// Rebuilds the highlights if what they depend on changed.
    fn refresh_highlights(&mut self) {
        let key = HighlightKey {
            article: self.shown_article().map(|(i, _)| i),
            entity: self.entity_active.then_some(self.entity_cursor),
            jump: self.jump,
            filter: self.filter.text().to_string(),
        };
        if self.highlights_for.as_ref() != Some(&key) {
            self.find_said(key.article);
            self.highlights = Arc::new(self.build_highlights());
            self.highlights_for = Some(key);
        }
    }

    /// What the article pane shows: laid out for the pane by the last update.
    pub fn article_frame(&self) -> &ArticleFrame {
        &self.frame
    }

    /// Runs `f` on the shown article's view at `width` columns (laid out
    /// lazily and cached: only what changed is laid out again).
    fn with_view<T>(
        &mut self,
        width: u16,
        f: impl FnOnce(&mut ArticleView, &Article) -> T,
    ) -> Option<T> {
        let index = self.searcher.hits().get(self.selected)?.article;
        let article = &self.corpus.articles[index];
        self.view
            .set_marks_label(&marks_label(self.marks.get(&index)));
        self.view
            .refresh(index, article, width, self.options.bidi, &self.highlights);
        Some(f(&mut self.view, article))
    }

    /// Lays out what the article pane shows now (nothing while the pane is
    /// out of view), so that `draw` only reads it.
    fn refresh_frame(&mut self) {
        if !self
            .panes_with(self.focus)
            .is_some_and(|p| p.shown(Focus::Article, self.focus))
        {
            self.frame = ArticleFrame::default();
            return;
        }
        let (width, height) = self.article_box();
        let scroll = self.article_scroll;
        let selection = self.selection;
        self.frame = self
            .with_view(width, |view, article| {
                let scroll = scroll.min(view.bottom(height, article));
                let lines = view.lines(scroll..scroll + height, article);
                let selected = selection.map(|s| {
                    let a = view.line_at(s.anchor, article);
                    let b = view.line_at(s.head, article);
                    a.min(b)..a.max(b) + 1
                });
                ArticleFrame {
                    scroll,
                    lines,
                    total: view.total(),
                    selected,
                }
            })
            .unwrap_or_default();
    }

    /// Pane rectangles for the current terminal size, with the article pane
    /// in view (for scrolling arithmetic), or `None` when too small.
    fn panes_with(&self, focus: Focus) -> Option<Panes> {
        let (w, h) = self.size;
        panes(Rect::new(0, 0, w, h), focus, self.zoom)
    }

    fn inner_height(rect: Option<Rect>) -> usize {
        rect.map_or(1, |r| r.height.saturating_sub(2).max(1) as usize)
    }

    fn list_height(&self) -> usize {
        Self::inner_height(self.panes_with(Focus::List).map(|p| p.list))
    }

    fn article_box(&self) -> (u16, usize) {
        match self.panes_with(Focus::Article) {
            Some(p) => (
                p.article.width.saturating_sub(2).max(1),
                Self::inner_height(Some(p.article)),
            ),
            None => (1, 1),
        }
    }

    fn entities_height(&self) -> usize {
        Self::inner_height(self.panes_with(Focus::Entities).map(|p| p.entities))
    }

    // ------------------------------------------------------------ changing

    /// Applies one action; returns what the runtime must do, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        // Typing searches again, from the new text; anything else may read
        // past the rows that the last search placed.
        if !matches!(action, Action::Insert(_) | Action::Paste(_)) {
            self.settle_results();
        }
        let effect = self.apply(action);
        self.settle();
        effect
    }

    /// What every change ends with: the state made consistent and the
    /// article pane laid out, so that drawing only reads.
    fn settle(&mut self) {
        if self.focus != Focus::Article {
            // A selection lives in the article pane.
            self.selection = None;
        }
        self.refresh_highlights();
        self.refresh_frame();
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.keep_in_view();
                return None;
            }
            Action::Quit => return Some(Effect::Quit),
            _ => {}
        }
        self.message = None;
        if self.overlay.is_some() {
            return self.update_overlay(action);
        }
        match action {
            Action::Up => self.step(Step::By(-1)),
            Action::Down => self.step(Step::By(1)),
            Action::PageUp => self.step(Step::Page(-1)),
            Action::PageDown => self.step(Step::Page(1)),
            Action::HalfPageUp => self.step(Step::HalfPage(-1)),
            Action::HalfPageDown => self.step(Step::HalfPage(1)),
            Action::Top => self.step(Step::Top),
            Action::Bottom => self.step(Step::Bottom),
            Action::NextPane => {
                self.focus = match self.focus {
                    Focus::Filter | Focus::Entities => Focus::List,
                    Focus::List => Focus::Article,
                    Focus::Article => Focus::Entities,
                }
            }
            Action::PrevPane => {
                self.focus = match self.focus {
                    Focus::Filter | Focus::List => Focus::Entities,
                    Focus::Entities => Focus::Article,
                    Focus::Article => Focus::List,
                }
            }
            Action::EditFilter => {
                self.focus = Focus::Filter;
                self.filter.end();
            }
            Action::Insert(c) => {
                let mut buffer = [0; 4];
                self.type_text(c.encode_utf8(&mut buffer));
            }
            Action::Paste(text) => self.type_text(&text),
            Action::Backspace => self.edit_filter(FilterLine::backspace),
            Action::Delete => self.edit_filter(FilterLine::delete),
            Action::CursorLeft => self.filter.left(),
            Action::CursorRight => self.filter.right(),
            Action::CursorHome => self.filter.home(),
            Action::CursorEnd => self.filter.end(),
            Action::DeleteToStart => self.edit_filter(FilterLine::delete_to_start),
            Action::DeleteWord => self.edit_filter(FilterLine::delete_word),
            Action::Confirm => return self.confirm(),
            Action::Back => self.back(),
            Action::NextMatch => self.jump_by(1),
            Action::PrevMatch => self.jump_by(-1),
            Action::NextArticle => self.select(self.selected.saturating_add(1)),
            Action::PrevArticle => self.select(self.selected.saturating_sub(1)),
            Action::OpenFacets => self.open_facets(),
            Action::OpenTimeline => {
                let rows = timeline(&self.index, &self.corpus.articles, self.results());
                // On the first row with results.
                let first = rows.iter().position(|r| r.count > 0).unwrap_or(0);
                let mut rows = Chooser::new(rows, first);
                rows.keep_in_view(chooser_height(self.size));
                self.overlay = Some(Overlay::Timeline {
                    rows,
                    results: self.results().len(),
                });
            }
            Action::OpenCompanions => self.open_companions(),
            Action::OpenStatements => self.open_statements(),
            Action::OpenSpeakerStatements => self.open_speaker_statements(),
            Action::Picker(_) => {}
            Action::SelectLines => self.select_lines(),
            Action::Copy => return self.copy(),
            Action::CopyText => {
                if let Some((_, a)) = self.shown_article() {
                    let text = a.text.to_string();
                    return Some(self.send(&text, "article text"));
                }
            }
            Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::ToggleWarnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Action::ToggleBookmark => return self.toggle_bookmark(),
            Action::FilterBookmarks => self.filter_bookmarks(),
            Action::Export => {
                if self.results().is_empty() {
                    self.message = Some("no results to export".into());
                } else {
                    self.overlay = Some(Overlay::Note(NoteEditor {
                        target: EditTarget::Export,
                        line: FilterLine::new(&default_export_name()),
                    }));
                }
            }
            Action::EditNote => {
                if let Some((article, _)) = self.shown_article() {
                    let note = self.marks.get(&article).and_then(|m| m.note.clone());
                    self.overlay = Some(Overlay::Note(NoteEditor {
                        target: EditTarget::Note(article),
                        line: FilterLine::new(note.as_deref().unwrap_or("")),
                    }));
                }
            }
            Action::CycleOrder => {
                let previous = self.shown_article().map(|(i, _)| i);
                let order = self.searcher.order().next();
                self.searcher
                    .set_order(order, &self.index, &self.corpus.articles);
                self.reselect(previous);
                self.message = Some(format!("ordered by {}", order.name()));
            }
            Action::Fetch => {
                if self.fetching.is_some() {
                    self.message = Some("a fetch is running already".into());
                } else if self.options.corpus_label.is_none() {
                    // Files were named: the archive is not what is shown.
                    self.message =
                        Some("R fetches into the archive, which is not open here".into());
                } else {
                    self.fetching = Some("fetching…".into());
                    return Some(Effect::Fetch);
                }
            }
            Action::ToggleZoom => {
                self.zoom = !self.zoom;
                // The panes' heights changed: the entity cursor and the
                // article's scroll must fit the new ones.
                self.keep_in_view();
            }
            Action::Resize(..) | Action::Quit => {}
        }
        None
    }

    fn update_overlay(&mut self, action: Action) -> Option<Effect> {
        // The drawing's own arithmetic, so the last line is never passed.
        let (total, visible) = overlay_rows(self).unwrap_or((0, 1));
        let Some(overlay) = &mut self.overlay else {
            return None;
        };
        match overlay {
            Overlay::Help { scroll } | Overlay::Warnings { scroll } => {
                let bottom = total.saturating_sub(visible);
                let page = visible.max(1);
                let now = *scroll;
                let next = match action {
                    Action::Up => now.saturating_sub(1),
                    Action::Down => now + 1,
                    Action::PageUp => now.saturating_sub(page),
                    Action::PageDown => now + page,
                    Action::HalfPageUp => now.saturating_sub((page / 2).max(1)),
                    Action::HalfPageDown => now + (page / 2).max(1),
                    Action::Top => 0,
                    Action::Bottom => bottom,
                    Action::Back
                    | Action::ToggleHelp
                    | Action::ToggleWarnings
                    | Action::Confirm => {
                        self.overlay = None;
                        return None;
                    }
                    _ => now,
                };
                *scroll = next.min(bottom);
            }
            Overlay::Note(editor) => {
                let line = &mut editor.line;
                match action {
                    Action::Insert(c) => {
                        line.insert(c.encode_utf8(&mut [0; 4]));
                    }
                    Action::Paste(text) => {
                        line.insert(&text);
                    }
                    Action::Backspace => {
                        line.backspace();
                    }
                    Action::Delete => {
                        line.delete();
                    }
                    Action::DeleteWord => {
                        line.delete_word();
                    }
                    Action::DeleteToStart => {
                        line.delete_to_start();
                    }
                    Action::CursorLeft => line.left(),
                    Action::CursorRight => line.right(),
                    Action::CursorHome => line.home(),
                    Action::CursorEnd => line.end(),
                    Action::Back => self.overlay = None,
                    Action::Confirm if editor.target == EditTarget::Export => {
                        let name = line.text().trim().to_string();
                        self.overlay = None;
                        if name.is_empty() {
                            self.message = Some("no file name: nothing written".into());
                            return None;
                        }
                        return Some(self.export(PathBuf::from(name)));
                    }
                    Action::Confirm => {
                        let EditTarget::Note(article) = editor.target else {
                            return None;
                        };
                        let note = clean_note(line.text());
                        self.overlay = None;
                        let removed = note.is_none();
                        let effect = self.change_mark(article, |mark| mark.note = note);
                        self.message =
                            Some(if removed { "note removed" } else { "note kept" }.into());
                        return effect;
                    }
                    _ => {}
                }
            }
            Overlay::Timeline { rows, .. } => {
                let choice = rows.update(&action, chooser_height(self.size));
                self.chosen(choice);
            }
            Overlay::Companions { rows, .. } => {
                let choice = rows.update(&action, chooser_height(self.size));
                self.chosen(choice);
            }
            Overlay::Statements { rows, .. } => {
                let choice = rows.update(&action, chooser_height(self.size));
                self.chosen(choice);
            }
            Overlay::Facets(picker) => {
                // Typed letters (one, or a burst the runtime gathered)
                // narrow the picker's rows.
                let outcome = match action {
                    Action::Picker(action) => picker.update(action),
                    Action::Insert(c) => picker.update(PickerAction::Type(c)),
                    Action::Paste(text) => text.chars().fold(PickerOutcome::Stay, |_, c| {
                        picker.update(PickerAction::Type(c))
                    }),
                    _ => return None,
                };
                match outcome {
                    PickerOutcome::Stay => {}
                    PickerOutcome::Close => self.overlay = None,
                    PickerOutcome::Apply(filter) => {
                        self.overlay = None;
                        self.filter.set(&filter);
                        self.refilter(true);
                    }
                }
            }
        }
        None
    }

    fn confirm(&mut self) -> Option<Effect> {
        match self.focus {
            Focus::Filter | Focus::List => {
                let (_, article) = self.shown_article()?;
                if self.options.print_on_enter {
                    return Some(Effect::PrintAndQuit(article.id.to_string()));
                }
                self.focus = Focus::Article;
            }
            Focus::Article => {}
            Focus::Entities => self.add_entity_term(),
        }
        None
    }

    fn back(&mut self) {
        if self.selection.take().is_some() {
            return;
        }
        if self.focus == Focus::List && self.jump.is_some() {
            // Drops the current match, so `y` copies the id and title again.
            self.jump = None;
            return;
        }
        self.focus = match self.focus {
            Focus::Filter | Focus::List | Focus::Article => Focus::List,
            Focus::Entities if self.entity_active => {
                self.entity_active = false;
                self.jump = None;
                Focus::Entities
            }
            Focus::Entities => Focus::Article,
        };
    }

    fn step(&mut self, step: Step) {
        let page = match self.focus {
            Focus::Filter | Focus::List => self.list_height(),
            Focus::Article => self.article_box().1,
            Focus::Entities => self.entities_height(),
        };
        let resolve = |current: usize, last: usize| -> usize {
            let target = match step {
                Step::By(d) => current as isize + d,
                Step::Page(d) => current as isize + d * page.max(1) as isize,
                Step::HalfPage(d) => current as isize + d * (page / 2).max(1) as isize,
                Step::Top => 0,
                Step::Bottom => last as isize,
            };
            target.clamp(0, last as isize) as usize
        };
        match self.focus {
            Focus::Filter | Focus::List => {
                let last = self.results().len().saturating_sub(1);
                self.select(resolve(self.selected, last));
            }
            Focus::Article => {
                // Also lays out the end, so that the last line is exact.
                let last = self.max_article_scroll();
                match self.selection {
                    Some(selection) => {
                        let (width, height) = self.article_box();
                        let moved = self.with_view(width, |view, article| {
                            let head = view.line_at(selection.head, article);
                            let line = resolve(head, view.total().saturating_sub(1));
                            (line, view.pos_of(line, article))
                        });
                        if let Some((line, Some(head))) = moved {
                            self.selection = Some(Selection { head, ..selection });
                            self.scroll_to_show(line, height);
                        }
                    }
                    None => self.article_scroll = resolve(self.article_scroll, last),
                }
            }
            Focus::Entities => {
                let last = self.entity_order.len().saturating_sub(1);
                self.entity_cursor = resolve(self.entity_cursor, last);
                self.entity_active = !self.entity_order.is_empty();
                self.jump = None;
                self.refresh_highlights();
                self.keep_in_view();
            }
        }
    }

    /// The largest scroll offset that still fills the article pane.
    fn max_article_scroll(&mut self) -> usize {
        let (width, height) = self.article_box();
        self.with_view(width, |view, article| view.bottom(height, article))
            .unwrap_or(0)
    }

    /// Scrolls the article as little as needed to show display line `line`.
    fn scroll_to_show(&mut self, line: usize, height: usize) {
        if line < self.article_scroll {
            self.article_scroll = line;
        } else if line >= self.article_scroll + height {
            self.article_scroll = line + 1 - height;
        }
        self.article_scroll = self.article_scroll.min(self.max_article_scroll());
    }

    /// `v`: starts selecting lines of the article at its current line (the
    /// current match's, when it is on screen, else the top one), or ends
    /// the selection.
    fn select_lines(&mut self) {
        if self.selection.take().is_some() || self.shown_article().is_none() {
            return;
        }
        self.focus = Focus::Article;
        let (width, height) = self.article_box();
        let top = self.article_scroll.min(self.max_article_scroll());
        let target = self.jump.and_then(|j| self.jump_target(j));
        let pos = self.with_view(width, |view, article| {
            let line = target
                .and_then(|(field, range)| view.line_of(field, range.start, article))
                .filter(|line| (top..top + height).contains(line))
                .unwrap_or(top);
            view.pos_of(line, article)
        });
        self.selection = pos.flatten().map(|pos| Selection {
            anchor: pos,
            head: pos,
        });
    }

    /// `y`: the selected lines, else the sentence of the current match or
    /// mention, else the article's id and title.
    fn copy(&mut self) -> Option<Effect> {
        if let Some(selection) = self.selection.take() {
            let (width, _) = self.article_box();
            let (text, count) = self.with_view(width, |view, article| {
                let a = view.line_at(selection.anchor, article);
                let b = view.line_at(selection.head, article);
                let lines = a.min(b)..a.max(b) + 1;
                (view.copy_text(lines.clone(), article), lines.len())
            })?;
            let what = if count == 1 {
                "1 line".to_string()
            } else {
                format!("{count} lines")
            };
            return Some(self.send(&text, &what));
        }
        let (_, article) = self.shown_article()?;
        if let Some((field, range)) = self.jump.and_then(|j| self.jump_target(j)) {
            let source = match field {
                Field::Title => &*article.title,
                Field::Text => &*article.text,
            };
            let sentence = source[sentence_at(source, range)].to_string();
            return Some(self.send(&sentence, "sentence of the match"));
        }
        let text = format!("{} {}", article.id, article.title);
        Some(self.send(&text, "id and title"))
    }

    /// The effect that puts `text` on the clipboard, with a status message
    /// saying what was sent (a terminal may refuse it without a word).
    fn send(&mut self, text: &str, what: &str) -> Effect {
        let clip = clipboard::prepare(text);
        self.message = Some(clipboard::report(&clip, what));
        Effect::Copy(clip.text)
    }

    /// Selects result row `row` (clamped) and shows its article.
    fn select(&mut self, row: usize) {
        self.selected = row.min(self.results().len().saturating_sub(1));
        self.sync_article(false);
        self.keep_in_view();
    }

    /// Keeps the selected row and entity on screen and the scroll in range.
    fn keep_in_view(&mut self) {
        let height = self.list_height();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + height {
            self.list_offset = self.selected + 1 - height;
        }
        // The searcher fills title highlights eagerly only for the best
        // hits; rows scrolled into view get theirs now (cheap, done once).
        self.searcher.highlight_titles(
            &self.corpus.articles,
            self.list_offset..self.list_offset + height,
        );
        let height = self.entities_height();
        if self.entity_cursor < self.entity_offset {
            self.entity_offset = self.entity_cursor;
        } else if self.entity_cursor >= self.entity_offset + height {
            self.entity_offset = self.entity_cursor + 1 - height;
        }
        self.article_scroll = self.article_scroll.min(self.max_article_scroll());
    }

    /// Resets the per-article state when the shown article changed, and
    /// recomputes the filter matches when the query changed.
    fn sync_article(&mut self, query_changed: bool) {
        let now = self.shown_article().map(|(i, _)| i);
        if now != self.shown {
            self.shown = now;
            self.selection = None;
            self.article_scroll = 0;
            self.entity_cursor = 0;
            self.entity_offset = 0;
            self.entity_active = false;
            self.jump = None;
            self.entity_order = match self.shown_article() {
                Some((_, a)) => {
                    let mut order: Vec<usize> = (0..a.extraction.entities.len()).collect();
                    let entities = &a.extraction.entities;
                    order.sort_by_key(|&i| {
                        let e = &entities[i];
                        let first = e.mentions.first().map_or(u32::MAX, |m| m.start());
                        (e.kind, first)
                    });
                    order
                }
                None => Vec::new(),
            };
        } else if !query_changed {
            return;
        }
        self.jump = None;
        self.matches = match self.shown_article() {
            Some((_, a)) => text_matches(self.searcher.query(), a),
            None => Vec::new(),
        };
        // Before anything lays the new article out with stale spans.
        self.refresh_highlights();
    }

    /// Types `text` into the filter line at the caret and filters once: a
    /// paste of a thousand characters is one search, not a thousand.
    fn type_text(&mut self, text: &str) {
        // Typed text always lands in the filter line (a paste too), after
        // what is there when the line was not being edited.
        if self.focus != Focus::Filter && text.chars().any(|c| !c.is_control()) {
            self.focus = Focus::Filter;
            self.filter.end();
        }
        let mut cut = false;
        self.edit_filter(|line| {
            let typed = line.insert(text);
            cut = typed.cut;
            typed.changed
        });
        if cut {
            self.message = Some(format!(
                "filter cut at {} chars",
                super::filter_line::MAX_FILTER_CHARS
            ));
        }
    }

    /// Applies an edit to the filter line; filters again if the text changed.
    fn edit_filter(&mut self, edit: impl FnOnce(&mut FilterLine) -> bool) {
        if edit(&mut self.filter) {
            self.refilter(false);
        }
    }

    /// Runs the filter again. With `keep_selection`, the selected article
    /// stays selected if it is still in the results; otherwise the best hit is.
    fn refilter(&mut self, keep_selection: bool) {
        let previous = self.shown_article().map(|(i, _)| i);
        // No list shows more rows than the terminal has.
        let shown = self.list_height().max(usize::from(self.size.1));
        let (index, articles, text) = (&self.index, &self.corpus.articles, self.filter.text());
        // The list starts at its first row again unless the selection is
        // kept, which looks for the article among all the results.
        let run = if keep_selection {
            self.searcher.run(index, articles, text)
        } else {
            self.searcher.run_showing(index, articles, text, shown)
        };
        match run {
            Ok(_) => {
                self.query_error = None;
            }
            Err(e) => {
                self.query_error = Some(e.to_string());
                return;
            }
        }
        self.reselect(previous.filter(|_| keep_selection));
    }

    /// Whether every result is in its final place: after a typed key, only
    /// the rows on screen are, until [`App::settle_results_step`] or the
    /// next action that is not typing.
    pub fn results_settled(&self) -> bool {
        self.searcher.is_settled()
    }

    /// Places a few more results (a few milliseconds' work); whether all
    /// are placed. The rows on screen do not change.
    pub fn settle_results_step(&mut self) -> bool {
        self.searcher
            .settle_step(&self.index, &self.corpus.articles)
    }

    fn settle_results(&mut self) {
        self.searcher.settle(&self.index, &self.corpus.articles);
    }

    /// After the results changed: selects `article` if it is still among
    /// them, else the first result.
    fn reselect(&mut self, article: Option<usize>) {
        let kept = article.and_then(|p| self.results().iter().position(|h| h.article == p));
        self.selected = kept.unwrap_or(0);
        if kept.is_none() {
            self.list_offset = 0;
        }
        self.sync_article(true);
        self.keep_in_view();
    }

    fn jump_by(&mut self, delta: isize) {
        let count = self.jump_count();
        if count == 0 {
            self.message = Some(if self.entity_active {
                "no mentions to jump to".into()
            } else {
                "no filter matches in this article".into()
            });
            return;
        }
        let n = count as isize;
        let next = match self.jump {
            Some(j) => (j as isize + delta).rem_euclid(n),
            None if delta > 0 => 0,
            None => n - 1,
        } as usize;
        self.jump = Some(next);
        self.refresh_highlights();
        // From the list, the jump is seen in the article: go there when the
        // list hides it (narrow or zoomed).
        if self.focus == Focus::List
            && self
                .panes_with(Focus::List)
                .is_some_and(|p| !p.shown(Focus::Article, Focus::List))
        {
            self.focus = Focus::Article;
        }
        let Some((field, range)) = self.jump_target(next) else {
            return;
        };
        let (width, height) = self.article_box();
        let line = self.with_view(width, |view, article| {
            let line = view.line_of(field, range.start, article)?;
            Some((line, view.pos_of(line, article)))
        });
        let Some(Some((line, pos))) = line else {
            return;
        };
        if let (Some(selection), Some(head)) = (&mut self.selection, pos) {
            selection.head = head;
        }
        if line < self.article_scroll || line >= self.article_scroll + height {
            self.article_scroll = line.saturating_sub(height / 3);
            self.article_scroll = self.article_scroll.min(self.max_article_scroll());
        }
    }

    /// `e`: the results, in their order, as the file `path` wants them (by
    /// its extension: `.jsonl`, `.json`, `.tsv`/`.txt`, else CSV); the
    /// runtime writes it.
    fn export(&mut self, path: PathBuf) -> Effect {
        let rows: Vec<(usize, &Article)> = self
            .results()
            .iter()
            .map(|h| (h.article, &self.corpus.articles[h.article]))
            .collect();
        let json = |&(i, a): &(usize, &Article)| output::article_json(a, false, self.marks.get(&i));
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let contents = match extension.as_deref() {
            Some("jsonl" | "ndjson") => rows.iter().map(|r| json(r).to_string() + "\n").collect(),
            Some("json") => {
                let values: Vec<_> = rows.iter().map(json).collect();
                serde_json::to_string_pretty(&values).unwrap_or_default() + "\n"
            }
            Some("tsv" | "txt") => rows
                .iter()
                .map(|(_, a)| output::list_line(a, false) + "\n")
                .collect(),
            _ => output::csv(rows.iter().map(|(_, a)| *a), false),
        };
        Effect::Export {
            path,
            contents,
            count: rows.len(),
        }
    }

    /// Carries out what a key did in the timeline or the co-occurrence list.
    fn chosen(&mut self, choice: Choice) {
        match choice {
            Choice::Stay => {}
            Choice::Close => self.overlay = None,
            Choice::Add(terms) => {
                self.overlay = None;
                self.add_terms(&terms);
            }
            Choice::Open { article, at } => {
                self.overlay = None;
                self.show_at(article, at);
            }
        }
    }

    /// Selects `article` (an index into the corpus) in the results and
    /// scrolls its text to byte `at`, with the article pane focused.
    fn show_at(&mut self, article: usize, at: usize) {
        let Some(row) = self.results().iter().position(|h| h.article == article) else {
            self.message = Some("that article is no longer in the results".into());
            return;
        };
        self.select(row);
        self.focus = Focus::Article;
        let (width, height) = self.article_box();
        let line = self.with_view(width, |view, article| {
            view.line_of(Field::Text, at, article)
        });
        if let Some(Some(line)) = line {
            self.article_scroll = line.saturating_sub(height / 3);
            self.article_scroll = self.article_scroll.min(self.max_article_scroll());
        }
    }

    /// The extractor that finds statements: the loader's, else the
    /// built-in one (made on first use).
    fn extractor(&mut self) -> Arc<Extractor> {
        Arc::clone(
            self.extractor
                .get_or_insert_with(|| Arc::new(Extractor::builtin())),
        )
    }

    /// Gives the app the extractor its articles were read with.
    pub fn set_extractor(&mut self, extractor: Arc<Extractor>) {
        self.extractor = Some(extractor);
        // The open article's statements are marked from now on.
        self.highlights_for = None;
        self.refresh_highlights();
        self.refresh_frame();
    }

    /// `s`: the statements of the open article.
    fn open_statements(&mut self) {
        let Some((index, article)) = self.shown_article() else {
            self.message = Some("s: no article is open".into());
            return;
        };
        let title = format!(" Statements in {} ", article.id);
        let extractor = self.extractor();
        let rows = statements::of_article(&extractor, &self.index, &self.corpus.articles, index);
        if rows.is_empty() {
            self.message = Some("no reported statements found in this article".into());
            return;
        }
        let mut rows = Chooser::new(rows, 0);
        rows.keep_in_view(chooser_height(self.size));
        self.overlay = Some(Overlay::Statements { rows, title });
    }

    /// `S`: every statement of the person or organisation selected in the
    /// entities pane, across the results, newest first.
    fn open_speaker_statements(&mut self) {
        let entity = self.entities().get(self.entity_cursor).copied();
        let Some(entity) = entity.filter(|_| self.focus == Focus::Entities) else {
            self.message =
                Some("S: select a person or organisation in the entities pane first (Tab)".into());
            return;
        };
        let (kind, key) = (entity.kind, entity.key().to_string());
        let name = if entity.name() == entity.arabic() {
            entity.arabic().to_string()
        } else {
            format!("{} {}", entity.name(), entity.arabic())
        };
        let extractor = self.extractor();
        let (rows, read, naming) = statements::by_speaker(
            &extractor,
            &self.index,
            &self.corpus.articles,
            self.results(),
            kind,
            &key,
        );
        if rows.is_empty() {
            self.message = Some(format!("no statements by {name} in the results"));
            return;
        }
        let articles = if read < naming {
            format!("the newest {read} of {naming} articles")
        } else {
            format!("{naming} articles")
        };
        let title = format!(" {} statements in {articles}: {name} ", rows.len());
        let mut rows = Chooser::new(rows, 0);
        rows.keep_in_view(chooser_height(self.size));
        self.overlay = Some(Overlay::Statements { rows, title });
    }

    /// `c`: the entities found with the selected one (in the entities
    /// pane) in the results.
    fn open_companions(&mut self) {
        let entity = self.entities().get(self.entity_cursor).copied();
        let Some(entity) = entity.filter(|_| self.focus == Focus::Entities) else {
            self.message = Some("c: select an entity in the entities pane first (Tab)".into());
            return;
        };
        let (kind, key) = (entity.kind, entity.key().to_string());
        let of = if entity.name() == entity.arabic() {
            entity.arabic().to_string()
        } else {
            format!("{} {}", entity.name(), entity.arabic())
        };
        let (rows, together) = companions(
            &self.index,
            &self.corpus.articles,
            self.results(),
            kind,
            &key,
        );
        let mut rows = Chooser::new(rows, 0);
        rows.keep_in_view(chooser_height(self.size));
        self.overlay = Some(Overlay::Companions { rows, of, together });
    }

    /// Appends filter terms (each unless already there) and filters again,
    /// saying what was added.
    fn add_terms(&mut self, terms: &[String]) {
        let added: Vec<&str> = terms
            .iter()
            .filter(|t| self.filter.append_word(t))
            .map(String::as_str)
            .collect();
        if added.is_empty() {
            self.message = Some(format!("{} is already in the filter", terms.join(" ")));
            return;
        }
        self.refilter(true);
        if self.query_error.is_none() {
            self.message = Some(format!("added {}", added.join(" ")));
        }
    }

    fn add_entity_term(&mut self) {
        let Some(entity) = self.entities().get(self.entity_cursor).copied() else {
            return;
        };
        let Some(term) = entity_term(entity) else {
            self.message = Some(format!("{} is a date: not a filter term", entity.key()));
            return;
        };
        self.add_terms(&[term]);
    }

    /// The marks the store holds for the loaded articles, by index.
    pub fn set_marks(&mut self, marks: HashMap<usize, Mark>) {
        for (&article, mark) in &marks {
            self.index
                .set_marks(article, mark.bookmarked, mark.note.is_some());
        }
        self.marks = marks;
        self.marks_changed();
    }

    /// An article's bookmark and note, if it has any.
    pub fn mark(&self, article: usize) -> Option<&Mark> {
        self.marks.get(&article)
    }

    /// The runtime could not keep a mark: say so (the mark stays for the
    /// session).
    pub fn mark_not_kept(&mut self, why: &str) {
        self.message = Some(format!("not kept: {why}"));
    }

    fn change_mark(&mut self, article: usize, change: impl FnOnce(&mut Mark)) -> Option<Effect> {
        let mark = self.marks.entry(article).or_default();
        change(mark);
        let (bookmarked, noted) = (mark.bookmarked, mark.note.is_some());
        if mark.is_empty() {
            self.marks.remove(&article);
        }
        self.index.set_marks(article, bookmarked, noted);
        self.marks_changed();
        Some(Effect::SaveMark(article))
    }

    /// `is:` terms answer anew, and the article's header shows the mark.
    fn marks_changed(&mut self) {
        self.searcher.forget_marks();
        if self.searcher.query().clauses.iter().any(|c| {
            c.term
                .alternatives()
                .iter()
                .any(|t| matches!(t, Term::Marked(_)))
        }) {
            self.refilter(true);
        }
    }

    fn toggle_bookmark(&mut self) -> Option<Effect> {
        let (article, _) = self.shown_article()?;
        let effect = self.change_mark(article, |mark| mark.bookmarked = !mark.bookmarked);
        let now = self.marks.get(&article).is_some_and(|m| m.bookmarked);
        self.message = Some(
            if now {
                "bookmarked"
            } else {
                "bookmark removed"
            }
            .into(),
        );
        effect
    }

    /// `B`: the filter gains `is:bookmarked`, or loses it.
    fn filter_bookmarks(&mut self) {
        const TERM: &str = "is:bookmarked";
        let text = self.filter.text().to_string();
        let terms = split_terms(&text);
        if let Some((range, _)) = terms.iter().find(|(_, w)| w.eq_ignore_ascii_case(TERM)) {
            let rest = format!(
                "{} {}",
                text[..range.start].trim_end(),
                text[range.end..].trim_start()
            );
            self.filter.set(rest.trim());
            self.message = Some("all articles".into());
        } else {
            self.filter.append_word(TERM);
            self.message = Some("bookmarked articles only (B again for all)".into());
        }
        self.refilter(false);
    }

    /// Opens the picker on the filter's facets, counted from the searcher's
    /// kept per-term hits; a filter with an error has no clauses to show.
    fn open_facets(&mut self) {
        if let Some(error) = &self.query_error {
            self.message = Some(format!("the filter has an error: {error}"));
            return;
        }
        let facets = facets(&self.index, &self.corpus.articles, &self.searcher);
        self.overlay = Some(Overlay::Facets(FacetPicker::new(
            self.filter.text(),
            facets,
        )));
    }
}

/// What the article's header says of its mark: `bookmarked · note: …`.
fn marks_label(mark: Option<&Mark>) -> String {
    let Some(mark) = mark else {
        return String::new();
    };
    let mut parts = Vec::new();
    if mark.bookmarked {
        parts.push("bookmarked".to_string());
    }
    if let Some(note) = &mark.note {
        parts.push(format!("note: {note}"));
    }
    parts.join(" · ")
}

/// `astana-YYYYMMDD-HHMM.csv`, in local time: the name `e` offers.
fn default_export_name() -> String {
    let now = unsafe { libc::time(std::ptr::null_mut()) };
    // SAFETY: localtime_r fills the `tm` given; a zeroed `tm` is valid.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let filled = unsafe { !libc::localtime_r(&now, &mut tm).is_null() };
    if !filled {
        return "astana-export.csv".to_string();
    }
    format!(
        "astana-{:04}{:02}{:02}-{:02}{:02}.csv",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min
    )
}
