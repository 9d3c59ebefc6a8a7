//! What the scriptable subcommands print: tab-separated lines, readable
//! articles, and the JSON article object (its shape is documented in
//! README.md and fixed).

use crate::corpus::Article;
use crate::extract::{Entity, EntityKind, Field, Statement};
use crate::marks::Mark;
use crate::search::facets::{ENTITY_FACETS, FacetCounts};
use crate::text::sanitize::{visible, visible_multiline};
use serde_json::{Value, json};
use std::fmt::Write;

/// Guarantor keys joined by commas: `iran,russia,turkey`.
pub fn guarantor_list(article: &Article) -> String {
    let keys: Vec<&str> = article
        .extraction
        .guarantors
        .iter()
        .map(|g| g.key())
        .collect();
    keys.join(",")
}

/// A field of a tab-separated line: tabs and line ends (the line and
/// paragraph separators too) become spaces (they would break the columns); with `for_terminal`, other control
/// characters are shown as placeholders.
fn line_field(s: &str, for_terminal: bool) -> String {
    let flat: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    if for_terminal {
        visible(&flat).into_owned()
    } else {
        flat
    }
}

/// `id<TAB>round<TAB>guarantors<TAB>title` (fields as [`line_field`]).
pub fn list_line(article: &Article, for_terminal: bool) -> String {
    let field = |s: &str| line_field(s, for_terminal);
    let round = article
        .extraction
        .round
        .map(|r| r.to_string())
        .unwrap_or_default();
    // A story's copies in the archive: `+2` after its title.
    let copies = match article.copies() {
        0 => String::new(),
        n => format!(" +{n}"),
    };
    format!(
        "{}\t{}\t{}\t{}{copies}",
        field(&article.id),
        round,
        guarantor_list(article),
        field(&article.title)
    )
}

/// The header row of [`csv`].
pub const CSV_HEADER: &str = "id,round,guarantors,title,date,source,url";

/// Articles as CSV (RFC 4180: a header row, CRLF line ends, a field with a
/// comma, a quote or a line break quoted and its quotes doubled). `date`
/// is the publication date ([`Article::pub_date`]). With `for_terminal`,
/// control characters are shown as placeholders.
pub fn csv<'a>(articles: impl IntoIterator<Item = &'a Article>, for_terminal: bool) -> String {
    let mut out = String::new();
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for article in articles {
        let round = article
            .extraction
            .round
            .map(|r| r.to_string())
            .unwrap_or_default();
        let date = article
            .pub_date()
            .map(|d| d.to_string())
            .unwrap_or_default();
        csv_row(
            &mut out,
            &[
                &article.id,
                &round,
                &guarantor_list(article),
                &article.title,
                &date,
                article.source().unwrap_or_default(),
                article.url().unwrap_or_default(),
            ],
            for_terminal,
        );
    }
    out
}

/// One CSV record and its CRLF; with `for_terminal`, control characters
/// are shown as placeholders.
fn csv_row(out: &mut String, fields: &[&str], for_terminal: bool) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = if for_terminal {
            visible(field)
        } else {
            std::borrow::Cow::Borrowed(*field)
        };
        csv_field(out, &field);
    }
    out.push_str("\r\n");
}

fn csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

fn entity_json(article: &Article, entity: &Entity) -> Value {
    let mentions: Vec<Value> = entity
        .mentions
        .iter()
        .map(|m| {
            let source = match m.field() {
                Field::Text => &*article.text,
                Field::Title => &*article.title,
            };
            let mut value = json!({
                "text": source.get(m.range()).unwrap_or_default(),
                "start": m.start(),
                "end": m.end(),
            });
            if m.field() == Field::Title {
                value["field"] = json!("title");
            }
            value
        })
        .collect();
    let mut value = json!({
        "kind": entity.kind,
        "key": entity.key(),
        "name": entity.name(),
        "arabic": entity.arabic(),
        "mentions": mentions,
    });
    if let Some(role) = &entity.role {
        value["role"] = json!(role);
    }
    value
}

/// `id<TAB>speaker<TAB>statement`: the speaker's display name (empty when
/// the text names no one), fields as [`line_field`].
pub fn statement_line(article: &Article, statement: &Statement, for_terminal: bool) -> String {
    let speaker = statement
        .speaker
        .and_then(|n| article.extraction.entities.get(n))
        .map_or("", Entity::name);
    format!(
        "{}\t{}\t{}",
        line_field(&article.id, for_terminal),
        line_field(speaker, for_terminal),
        line_field(statement.text(&article.text), for_terminal)
    )
}

/// The header row of [`statements_csv`].
pub const STATEMENTS_CSV_HEADER: &str = "article,speaker,verb,text,start,end";

/// Statements as CSV (RFC 4180, as [`csv`]): the article's id, the
/// speaker's name (empty when unknown), the cue, the words said and their
/// byte offsets in the article's text.
pub fn statements_csv<'a>(
    articles: impl IntoIterator<Item = (&'a Article, &'a [Statement])>,
    for_terminal: bool,
) -> String {
    let mut out = String::new();
    out.push_str(STATEMENTS_CSV_HEADER);
    out.push_str("\r\n");
    for (article, statements) in articles {
        for s in statements {
            let speaker = s
                .speaker
                .and_then(|n| article.extraction.entities.get(n))
                .map_or("", Entity::name);
            let (start, end) = (s.said.start.to_string(), s.said.end.to_string());
            csv_row(
                &mut out,
                &[
                    &article.id,
                    speaker,
                    s.verb_text(&article.text),
                    s.text(&article.text),
                    &start,
                    &end,
                ],
                for_terminal,
            );
        }
    }
    out
}

/// The statements of an article as a JSON array of `{article, speaker:
/// {kind, key, name, arabic} | null, verb, text, start, end}`; `start` and
/// `end` are byte offsets into the article's text, `text` that slice.
pub fn statements_json(article: &Article, statements: &[Statement]) -> Value {
    let list: Vec<Value> = statements
        .iter()
        .map(|s| {
            let speaker = s
                .speaker
                .and_then(|n| article.extraction.entities.get(n))
                .map_or(Value::Null, |e| {
                    json!({
                        "kind": e.kind,
                        "key": e.key(),
                        "name": e.name(),
                        "arabic": e.arabic(),
                    })
                });
            json!({
                "article": article.id,
                "speaker": speaker,
                "verb": s.verb_text(&article.text),
                "text": s.text(&article.text),
                "start": s.said.start,
                "end": s.said.end,
            })
        })
        .collect();
    Value::Array(list)
}

/// The article object of `list --json` and (with `"text"`) `show --json`.
/// `mark`: the article's bookmark and note, exported as `bookmarked` and
/// `note` (false and null when it has none).
pub fn article_json(article: &Article, with_text: bool, mark: Option<&Mark>) -> Value {
    let x = &article.extraction;
    let mut value = json!({
        "id": article.id,
        "title": article.title,
        "path": article.path.as_ref().map(|p| p.display().to_string()),
        "date": article.date(),
        "published": article.pub_date().map(|d| d.to_string()),
        "source": article.source(),
        "url": article.url(),
        "copies": article.copies(),
        "round": x.round,
        "guarantors": x.guarantors,
        "entities": x.entities.iter().map(|e| entity_json(article, e)).collect::<Vec<_>>(),
    });
    value["bookmarked"] = json!(mark.is_some_and(|m| m.bookmarked));
    value["note"] = json!(mark.and_then(|m| m.note.as_deref()));
    if with_text {
        value["text"] = json!(article.text);
    }
    value
}

/// `show` without `--json`: title, metadata, entities by kind, then the text.
pub fn show_text(article: &Article, mark: Option<&Mark>, for_terminal: bool) -> String {
    let clean = |s: &str| {
        if for_terminal {
            visible(s).into_owned()
        } else {
            s.to_string()
        }
    };
    let x = &article.extraction;
    let mut out = String::new();
    let _ = writeln!(out, "{}", clean(&article.title));
    let _ = writeln!(out, "id: {}", clean(&article.id));
    let meta = [
        ("round", x.round.map(|r| r.to_string())),
        (
            "guarantors",
            Some(guarantor_list(article)).filter(|s| !s.is_empty()),
        ),
        ("date", article.date().map(str::to_string)),
        ("source", article.source().map(str::to_string)),
        ("url", article.url().map(str::to_string)),
        (
            "path",
            article.path.as_ref().map(|p| p.display().to_string()),
        ),
        (
            "bookmarked",
            mark.filter(|m| m.bookmarked).map(|_| "yes".to_string()),
        ),
        ("note", mark.and_then(|m| m.note.clone())),
    ];
    for (name, value) in meta {
        if let Some(value) = value {
            let _ = writeln!(out, "{name}: {}", clean(&value));
        }
    }
    for kind in EntityKind::ALL {
        if matches!(kind, EntityKind::Guarantor | EntityKind::Round) {
            continue;
        }
        let names: Vec<String> = x
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| {
                if e.name() == e.arabic() {
                    e.arabic().to_string()
                } else {
                    format!("{} ({})", e.name(), e.arabic())
                }
            })
            .collect();
        if !names.is_empty() {
            let _ = writeln!(out, "{}: {}", kind.as_str(), clean(&names.join(", ")));
        }
    }
    out.push('\n');
    if for_terminal {
        out.push_str(&visible_multiline(&article.text));
    } else {
        out.push_str(&article.text);
    }
    out.push('\n');
    out
}

/// `facets` without `--json`: one block per facet, `value<TAB>count`,
/// most frequent first.
pub fn facets_text(counts: &FacetCounts, for_terminal: bool) -> String {
    let mut out = String::new();
    let mut block = |title: &str, rows: Vec<(String, usize)>| {
        let _ = writeln!(out, "{title}");
        for (value, count) in rows {
            let value = if for_terminal {
                visible(&value).into_owned()
            } else {
                value
            };
            let _ = writeln!(out, "  {value}\t{count}");
        }
    };
    block("guarantor", by_count(counts.guarantors.clone()));
    let mut rounds: Vec<(String, usize)> = counts
        .rounds
        .iter()
        .map(|(r, c)| (r.to_string(), *c))
        .collect();
    if counts.without_round > 0 {
        rounds.push(("none".to_string(), counts.without_round));
    }
    block("round", rounds);
    let mut years: Vec<(String, usize)> = counts
        .years
        .iter()
        .map(|(y, c)| (y.to_string(), *c))
        .collect();
    if counts.without_date > 0 {
        years.push(("none".to_string(), counts.without_date));
    }
    block("year", years);
    for kind in ENTITY_FACETS {
        block(
            kind.as_str(),
            by_count(counts.entities.get(&kind).cloned().unwrap_or_default()),
        );
    }
    out
}

fn by_count(map: impl IntoIterator<Item = (String, usize)>) -> Vec<(String, usize)> {
    let mut rows: Vec<(String, usize)> = map.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// `facets --json`: `{"guarantor": {...}, "round": {"4": 2, "none": 1}, "person": {...}, ...}`.
pub fn facets_json(counts: &FacetCounts) -> Value {
    let mut rounds = serde_json::Map::new();
    for (r, c) in &counts.rounds {
        rounds.insert(r.to_string(), json!(c));
    }
    if counts.without_round > 0 {
        rounds.insert("none".to_string(), json!(counts.without_round));
    }
    let mut years = serde_json::Map::new();
    for (y, c) in &counts.years {
        years.insert(y.to_string(), json!(c));
    }
    if counts.without_date > 0 {
        years.insert("none".to_string(), json!(counts.without_date));
    }
    let mut value = json!({ "guarantor": counts.guarantors, "round": rounds, "year": years });
    for kind in ENTITY_FACETS {
        value[kind.as_str()] = json!(counts.entities.get(&kind).cloned().unwrap_or_default());
    }
    value
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}
