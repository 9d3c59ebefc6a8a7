//! Extraction measured on the classes of issue 20 (tests/class_gold.toml):
//! place lists, people without titles, round cues, merged tokens,
//! misspellings, the Astana who's who and statements. Prints precision and
//! recall per kind and per class (the tables of docs/EXTRACTION.md).

mod gold_score;

use astana::extract::{EntityKind, Extraction, Extractor};
use astana::text::normalize::normalize;
use gold_score::{Score, print_table};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    item: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    class: u8,
    /// Written after the rules, kept as it came out.
    #[serde(default)]
    held_out: bool,
    text: String,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    guarantors: Option<Vec<String>>,
    organizations: Option<Vec<String>>,
    round: Option<u8>,
    statements: Option<Vec<GoldStatement>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldStatement {
    speaker: String,
    said: String,
}

const CLASSES: [&str; 7] = [
    "1 place lists",
    "2 people without titles",
    "3 round cues",
    "4 merged tokens",
    "5 misspellings",
    "6 who's who",
    "7 statements",
];

/// A gold name as the extractor keys it: a Latin key as it is, a spelling
/// the gazetteer lists as its entry's key, any other name as "ar:" + its
/// normalized words.
fn resolve(extractor: &Extractor, name: &str) -> String {
    if name.is_ascii() {
        return name.to_string();
    }
    let words = |s: &str| {
        normalize(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wanted = words(name);
    extractor
        .entries()
        .iter()
        .find(|e| e.arabic.iter().any(|a| words(a) == wanted))
        .map_or_else(|| format!("ar:{wanted}"), |e| e.key.clone())
}

fn found_keys(x: &Extraction, kind: EntityKind) -> BTreeSet<String> {
    x.entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.key().to_string())
        .collect()
}

/// Statements: a found statement is right when its speaker is the gold
/// speaker and its span covers what was said, with at most a quarter more
/// (quotes, a closing word).
fn compare_statements(
    extractor: &Extractor,
    item: &Item,
    x: &Extraction,
    gold: &[GoldStatement],
    what: &str,
) -> Score {
    let found = extractor.statements(&item.text, x);
    for s in &found {
        assert_eq!(
            &item.text[s.said.clone()],
            s.text(&item.text),
            "{what}: a statement's text is its slice"
        );
    }
    let mut used = vec![false; found.len()];
    let mut score = Score::default();
    for g in gold {
        let at = item
            .text
            .find(&g.said)
            .unwrap_or_else(|| panic!("{what}: «{}» is not in the text", g.said));
        let span = at..at + g.said.len();
        let speaker = (!g.speaker.is_empty()).then(|| resolve(extractor, &g.speaker));
        let hit = found.iter().enumerate().position(|(n, s)| {
            !used[n]
                && s.said.start <= span.start
                && s.said.end >= span.end
                && s.said.len() <= span.len() + span.len() / 4 + 8
                && s.speaker.map(|e| x.entities[e].key().to_string()) == speaker
        });
        match hit {
            Some(n) => {
                used[n] = true;
                score.tp += 1;
            }
            None => {
                score.fn_ += 1;
                eprintln!("{what}: statement by {speaker:?} «{}» missed", g.said);
            }
        }
    }
    for (n, s) in found.iter().enumerate() {
        if !used[n] {
            score.fp += 1;
            eprintln!(
                "{what}: statement by {:?} «{}» found, not in gold",
                s.speaker.map(|e| x.entities[e].key()),
                &item.text[s.said.clone()]
            );
        }
    }
    score
}

#[test]
fn extraction_holds_on_each_class() {
    let gold: Gold =
        toml::from_str(include_str!("class_gold.toml")).expect("tests/class_gold.toml parses");
    let extractor = Extractor::builtin();
    let kinds = [
        ("person", EntityKind::Person),
        ("place", EntityKind::Place),
        ("guarantor", EntityKind::Guarantor),
        ("organization", EntityKind::Organization),
    ];
    // (kind or "statement", class) → score
    let mut scores: BTreeMap<(&str, u8), Score> = BTreeMap::new();
    let mut held_out: BTreeMap<&str, Score> = BTreeMap::new();
    let mut rounds: BTreeMap<u8, (usize, usize)> = BTreeMap::new();
    let mut round_problems = Vec::new();
    for item in &gold.item {
        let what = format!("class {} «{}»", item.class, item.text);
        let x = extractor.extract(None, &item.text);
        let expected_sets = [
            Some(&item.people),
            Some(&item.places),
            item.guarantors.as_ref(),
            item.organizations.as_ref(),
        ];
        for ((name, kind), expected) in kinds.iter().zip(expected_sets) {
            let Some(expected) = expected else { continue };
            let expected: BTreeSet<String> =
                expected.iter().map(|n| resolve(&extractor, n)).collect();
            let s = Score::compare(&found_keys(&x, *kind), &expected, &format!("{what} {name}"));
            scores.entry((name, item.class)).or_default().add(s);
            if item.held_out {
                held_out.entry(name).or_default().add(s);
            }
        }
        if let Some(round) = item.round {
            let expected = (round != 0).then_some(round);
            let r = rounds.entry(item.class).or_default();
            r.1 += 1;
            if x.round == expected {
                r.0 += 1;
            } else {
                round_problems.push(format!("{what}: round {:?}, gold {expected:?}", x.round));
            }
        }
        if let Some(statements) = &item.statements {
            let s = compare_statements(&extractor, item, &x, statements, &what);
            scores.entry(("statement", item.class)).or_default().add(s);
            if item.held_out {
                held_out.entry("statement").or_default().add(s);
            }
        }
    }
    let mut totals: BTreeMap<&str, Score> = BTreeMap::new();
    for ((kind, _), s) in &scores {
        totals.entry(kind).or_default().add(*s);
    }
    let order = ["person", "place", "guarantor", "organization", "statement"];
    let rows: Vec<(String, Score)> = order
        .iter()
        .filter_map(|k| Some((k.to_string(), *totals.get(k)?)))
        .collect();
    print_table("kind (all classes)", rows.iter().map(|(n, s)| (n, *s)));
    let held_rows: Vec<(String, Score)> = order
        .iter()
        .filter_map(|k| Some((k.to_string(), *held_out.get(k)?)))
        .collect();
    print_table(
        "kind, held-out items only",
        held_rows.iter().map(|(n, s)| (n, *s)),
    );
    for kind in order {
        let rows: Vec<(String, Score)> = (1..=7)
            .filter_map(|c| {
                Some((
                    CLASSES[c as usize - 1].to_string(),
                    *scores.get(&(kind, c))?,
                ))
            })
            .collect();
        if !rows.is_empty() {
            print_table(
                &format!("{kind}, by class"),
                rows.iter().map(|(n, s)| (n, *s)),
            );
        }
    }
    println!("| class | rounds right |\n|---|---|");
    for (class, (right, all)) in &rounds {
        println!("| {} | {right} / {all} |", CLASSES[*class as usize - 1]);
    }
    println!();
    let mut problems = round_problems;
    for (kind, precision, recall) in [
        ("person", 0.95, 0.9),
        ("place", 0.95, 0.9),
        ("statement", 0.85, 0.85),
    ] {
        let s = totals.get(kind).copied().unwrap_or_default();
        if s.precision() < precision || s.recall() < recall {
            problems.push(format!(
                "{kind}: precision {:.2} (at least {precision}), recall {:.2} (at least {recall})",
                s.precision(),
                s.recall()
            ));
        }
    }
    for kind in ["guarantor", "organization"] {
        let s = totals.get(kind).copied().unwrap_or_default();
        if s.fp + s.fn_ > 0 {
            problems.push(format!("{kind}: {} wrong, {} missed", s.fp, s.fn_));
        }
    }
    let per_class: BTreeMap<u8, usize> = gold.item.iter().fold(BTreeMap::new(), |mut m, i| {
        *m.entry(i.class).or_default() += 1;
        m
    });
    for class in 1..=7u8 {
        let n = per_class.get(&class).copied().unwrap_or(0);
        assert!(n >= 15, "class {class} has {n} items, at least 15 wanted");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
