//! The main text of a page: trafilatura's extraction, with the page's
//! debris boxes (`data/debris.txt`'s markers: «اقرأ أيضا», «الأكثر قراءة»,
//! comment forms) taken out of the document first, so that a box inside the
//! article's body goes without the paragraphs after it.

use super::{PageError, date, meta};
use crate::corpus::is_debris_line;
use trafilatura::dom::{Document, NodeId};

/// The steps around trafilatura, each of which can be left out to measure
/// what it adds (docs/PERFORMANCE.md).
#[derive(Debug, Clone, Copy)]
pub struct Steps {
    /// Remove the boxes that start with a debris marker from the document.
    pub debris_boxes: bool,
    /// Start the text after the headline when it shows up in the text,
    /// and drop the date line under it.
    pub headline_start: bool,
}

impl Default for Steps {
    fn default() -> Steps {
        Steps {
            debris_boxes: true,
            headline_start: true,
        }
    }
}

pub struct Page {
    pub text: String,
    pub meta: meta::PageMeta,
}

/// How much text a box may hold besides its marker and still be a box, not
/// an article's paragraph that begins with a marker word.
const BOX_EXTRA_CHARS: usize = 48;
/// A box of links may hold more: its links are the headlines it advertises.
const BOX_MAX_CHARS: usize = 1500;
/// Nodes deeper than this are cut off (nothing readable is that deep, and
/// the work must not grow without bound).
const MAX_DEPTH: usize = 256;

pub fn extract_with(html: &str, page_url: Option<&str>, steps: Steps) -> Result<Page, PageError> {
    let mut doc = Document::parse(html);
    let mut meta = meta::read(&doc, page_url);
    cut_below_max_depth(&mut doc);
    remove_tags(&mut doc, &["script", "style", "noscript", "template"]);
    // AMP's own elements for ads, menus, share buttons and consent: text in
    // them ("إعلان", menu entries) is never the article's.
    remove_tags(&mut doc, AMP_CHROME);
    if meta.date.is_none() {
        meta.date = visible_date(&doc, meta.title.as_deref());
    }
    if steps.debris_boxes {
        remove_debris_boxes(&mut doc);
    }
    let mut options = trafilatura::Options::default().with_exclude_comments(true);
    if let Some(url) = page_url.and_then(|u| url::Url::parse(u).ok()) {
        options = options.with_url(url);
    }
    let result = trafilatura::extract_document(doc, &options).map_err(|_| PageError::NoArticle)?;
    let text = paragraphs(
        &block_text(&result.content_html),
        meta.title.as_deref(),
        steps.headline_start,
    );
    if !has_prose(&text) {
        return Err(PageError::NoArticle);
    }
    Ok(Page { text, meta })
}

/// Lines as paragraphs, one blank line between, whitespace runs as one
/// space. When `headline_start` is set and the headline is one of the first
/// lines, what comes before it (a site's top bar, a menu) and the headline
/// itself go, and so does a short line with a date right after it.
fn paragraphs(text: &str, title: Option<&str>, headline_start: bool) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(meta::collapse)
        .filter(|l| !l.is_empty())
        .collect();
    let title = title.map(meta::collapse);
    let mut start = 0;
    if let Some(title) = &title {
        let limit = if headline_start {
            HEADLINE_WITHIN.min(lines.len())
        } else {
            1.min(lines.len())
        };
        if let Some(at) = lines[..limit].iter().position(|l| l == title) {
            start = at + 1;
            if headline_start
                && let Some(next) = lines.get(start)
                && next.split_whitespace().count() <= DATE_LINE_WORDS
                && (date::written_date(next).is_some() || date::iso_date(next).is_some())
            {
                start += 1;
            }
        }
    }
    lines[start..].join("\n\n")
}

/// How many lines from the top the headline is looked for.
const HEADLINE_WITHIN: usize = 12;
/// A line under the headline this short that holds a date is the date line.
const DATE_LINE_WORDS: usize = 8;

/// AMP elements whose content is never the article's.
const AMP_CHROME: &[&str] = &[
    "amp-ad",
    "amp-embed",
    "amp-sticky-ad",
    "amp-auto-ads",
    "amp-sidebar",
    "amp-social-share",
    "amp-analytics",
    "amp-consent",
    "amp-user-notification",
    "amp-iframe",
    "amp-lightbox",
];

/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "main",
    "aside",
    "nav",
    "form",
    "address",
    "details",
    "summary",
    "br",
    "hr",
    "head",
    "list",
    "item",
    "lb",
];

/// The paragraphs of an HTML fragment (a feed's field): scripts and styles
/// out, entities decoded, a paragraph per block, one blank line between.
pub fn fragment_paragraphs(html: &str) -> String {
    let mut doc = Document::parse(html);
    remove_tags(&mut doc, &["script", "style", "noscript", "template"]);
    paragraphs(&block_text_of(&doc), None, false)
}

/// The text of extracted HTML, a line per block (and per `<br>`): the
/// extraction's plain text runs its paragraphs together.
fn block_text(html: &str) -> String {
    block_text_of(&Document::parse(html))
}

fn block_text_of(doc: &Document) -> String {
    enum Step {
        Enter(NodeId, usize),
        Leave,
    }
    let mut out = String::new();
    let mut stack = vec![Step::Enter(doc.body().unwrap_or_else(|| doc.root()), 0)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(id, depth) => {
                if doc.is_text(id) {
                    out.push_str(&doc.text_content(id));
                    continue;
                }
                if !doc.is_element(id) && id != doc.root() {
                    continue;
                }
                let block = doc.is_element(id) && BLOCKS.contains(&doc.tag_name(id));
                if block {
                    out.push('\n');
                    stack.push(Step::Leave);
                }
                if depth < MAX_DEPTH {
                    let children = doc.child_nodes(id);
                    stack.extend(
                        children
                            .into_iter()
                            .rev()
                            .map(|c| Step::Enter(c, depth + 1)),
                    );
                }
            }
            Step::Leave => out.push('\n'),
        }
    }
    out
}

/// Words in paragraphs that read as prose for a text to be an article: a
/// home page or a list of links extracts as headlines, which are short and
/// end without a full stop.
const MIN_PROSE_WORDS: usize = 15;

/// Text with more characters per space-separated word than this is in a
/// script written without spaces.
const SPACELESS_CHARS_PER_WORD: usize = 12;
/// How many characters of such a script count as a word.
const CHARS_PER_SPACELESS_WORD: usize = 3;

fn has_prose(text: &str) -> bool {
    let prose: usize = text
        .split("\n\n")
        .map(|p| {
            let words = p.split_whitespace().count();
            // Scripts written without spaces (Japanese, Chinese, Thai)
            // count by characters.
            let chars = p.chars().count();
            let words = if words * SPACELESS_CHARS_PER_WORD < chars {
                chars / CHARS_PER_SPACELESS_WORD
            } else {
                words
            };
            let ends = p
                .trim_end_matches(['"', '»', ')', '”', '\''])
                .ends_with(['.', '!', '?', '؟', '…', ':', '。']);
            if words >= 25 || (words >= 8 && ends) {
                words
            } else {
                0
            }
        })
        .sum();
    prose >= MIN_PROSE_WORDS
}

/// Every node of the document (elements, text, comments), in document
/// order, down to `MAX_DEPTH`.
fn nodes(doc: &Document) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![(doc.root(), 0)];
    while let Some((id, depth)) = stack.pop() {
        out.push(id);
        if depth < MAX_DEPTH {
            stack.extend(
                doc.child_nodes(id)
                    .into_iter()
                    .rev()
                    .map(|c| (c, depth + 1)),
            );
        }
    }
    out
}

/// What lies deeper than `MAX_DEPTH` goes: no page's article is that deep,
/// and the extraction's work grows with the square of the depth.
fn cut_below_max_depth(doc: &mut Document) {
    let mut deepest = Vec::new();
    let mut stack = vec![(doc.root(), 0)];
    while let Some((id, depth)) = stack.pop() {
        if depth == MAX_DEPTH {
            deepest.push(id);
            continue;
        }
        stack.extend(doc.child_nodes(id).into_iter().map(|c| (c, depth + 1)));
    }
    for id in deepest {
        doc.remove(id, false);
    }
}

fn elements(doc: &Document) -> Vec<NodeId> {
    nodes(doc)
        .into_iter()
        .filter(|&id| doc.is_element(id))
        .collect()
}

fn remove_tags(doc: &mut Document, tags: &[&str]) {
    let doomed: Vec<NodeId> = elements(doc)
        .into_iter()
        .filter(|&id| tags.contains(&doc.tag_name(id)))
        .collect();
    for id in doomed {
        doc.remove(id, true);
    }
}

/// The boxes that start with a debris marker: for each element whose text
/// is a marker line (a heading «اقرأ أيضا», a label «التعليقات (3)»), the
/// largest element around it whose text starts with the same words and is
/// the marker with little else or mostly links.
fn remove_debris_boxes(doc: &mut Document) {
    let mut doomed = Vec::new();
    // From the text nodes, not every element's text: an element's text is
    // its whole subtree's, and reading it for each element of a deep
    // document is quadratic.
    for node in nodes(doc) {
        if !doc.is_text(node) {
            continue;
        }
        let own = meta::collapse(&doc.text_content(node));
        if own.is_empty() || !is_debris_line(&own) {
            continue;
        }
        // The marker's own text goes at least; its element and those
        // around it too while their text is the box's.
        let mut boxed = node;
        let marker_chars = own.chars().count();
        while let Some(parent) = doc.parent(boxed) {
            if !doc.is_element(parent)
                || matches!(
                    doc.tag_name(parent),
                    "html" | "body" | "head" | "article" | "main"
                )
            {
                break;
            }
            let text = meta::collapse(&doc.text_content(parent));
            if !text.starts_with(&own) || !is_box(doc, parent, &text, marker_chars) {
                break;
            }
            boxed = parent;
        }
        doomed.push(boxed);
    }
    for id in doomed {
        doc.remove(id, true);
    }
}

/// Whether an element whose text starts with a marker is a box: little
/// besides the marker, or a short block most of whose text is links.
fn is_box(doc: &Document, id: NodeId, text: &str, marker_chars: usize) -> bool {
    let chars = text.chars().count();
    if chars <= marker_chars + BOX_EXTRA_CHARS {
        return true;
    }
    if chars > BOX_MAX_CHARS {
        return false;
    }
    let links: usize = doc
        .query_selector_all(id, "a")
        .into_iter()
        .map(|a| meta::collapse(&doc.text_content(a)).chars().count())
        .sum();
    links * 2 >= chars - marker_chars
}

/// A date written for readers near the headline: the first full date in
/// the text around where the page's text shows its title, else in the head
/// of the page's text.
fn visible_date(doc: &Document, title: Option<&str>) -> Option<String> {
    let body = doc.body().unwrap_or_else(|| doc.root());
    let text = meta::collapse(&doc.iter_text(body, " "));
    const NEAR: usize = 600;
    if let Some(at) = title.and_then(|t| text.find(&meta::collapse(t))) {
        let start = floor_char(&text, at.saturating_sub(NEAR));
        let end = floor_char(
            &text,
            (at + title.map_or(0, str::len) + NEAR).min(text.len()),
        );
        // After the headline first: a date above it is as often the site's
        // "today" in its top bar.
        let after = floor_char(&text, (at + title.map_or(0, str::len)).min(end));
        if let Some(found) = date::written_date(&text[after..end])
            .or_else(|| date::written_date(&text[start..after]))
        {
            return Some(found);
        }
    }
    date::written_date(&text[..floor_char(&text, 4 * NEAR)])
}

fn floor_char(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}
