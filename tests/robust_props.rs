//! Property tests: the loader and the normalizer take arbitrary input
//! (arbitrary bytes, arbitrary Unicode, Arabic-heavy strings) without
//! panicking, and keep their invariants.

use astana::corpus::load_paths;
use astana::extract::Extractor;
use astana::text::normalize::{NormalizedText, clitic_variants, normalize, tokens};
use proptest::prelude::*;

/// Strings drawn mostly from Arabic letters, harakat, digits of both
/// scripts, bidi controls, punctuation and a little Latin.
fn arabic_heavy() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[\u{0621}-\u{064A}]{1,8}",
        1 => "[\u{064B}-\u{0652}\u{0640}\u{0670}]",
        1 => "[\u{0660}-\u{0669}0-9]{1,4}",
        1 => "[ \n،؛؟«»().\\-]",
        1 => "[\u{200E}\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}]",
        1 => "[\u{FE70}-\u{FEFC}\u{FB50}-\u{FBB1}]",
        1 => "[a-zA-Z]{1,6}",
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn normalizing_never_panics_and_maps_back(s in any::<String>()) {
        let n = NormalizedText::new(&s);
        prop_assert_eq!(&n.key, &normalize(&s));
        for (range, _) in tokens(&n.key) {
            let original = n.original_range(&s, range);
            prop_assert!(s.get(original.clone()).is_some(), "{original:?} not on char boundaries");
        }
    }

    #[test]
    fn arabic_keys_are_stable(s in arabic_heavy()) {
        let key = normalize(&s);
        prop_assert_eq!(normalize(&key), key.clone());
        let n = NormalizedText::new(&s);
        for (range, word) in tokens(&n.key) {
            let original = &s[n.original_range(&s, range)];
            // The original span of a token normalizes back to the token.
            let renormalized = normalize(original);
            prop_assert_eq!(renormalized.trim(), word);
            for variant in clitic_variants(word) {
                prop_assert!(word.ends_with(variant));
            }
        }
    }
}

proptest! {
    // Each case writes four files: fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn loading_arbitrary_files_never_panics(
        text in prop::collection::vec(any::<u8>(), 0..400),
        arabic in arabic_heavy(),
        lines in prop::collection::vec(prop_oneof![
            Just("{\"text\":\"نص\"}".to_string()),
            arabic_heavy(),
            "\\PC{0,30}",
            Just("{\"id\":1,\"text\":\"x\"}".to_string()),
        ], 0..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bytes.txt"), &text).unwrap();
        std::fs::write(dir.path().join("arabic.md"), &arabic).unwrap();
        std::fs::write(dir.path().join("lines.jsonl"), lines.join("\n")).unwrap();
        std::fs::write(dir.path().join("array.json"), format!("[{}]", lines.join(","))).unwrap();
        let corpus = load_paths(&[dir.path().to_path_buf()], &Extractor::builtin(), None).unwrap();
        let mut ids = std::collections::HashSet::new();
        for article in &corpus.articles {
            prop_assert!(!article.text.trim().is_empty());
            prop_assert!(ids.insert(article.id.clone()), "duplicate id {}", article.id);
        }
        for warning in &corpus.warnings {
            prop_assert!(!warning.to_string().contains('\n'));
        }
    }
}

/// Query-like strings: field prefixes, negation, exact marks, ranges, words
/// in both scripts, and arbitrary noise.
fn query_like() -> impl Strategy<Value = String> {
    let term = prop_oneof![
        2 => arabic_heavy(),
        1 => "[a-z]{0,8}",
        1 => "(g|r|p|l|o|s|guarantor|round|person|place|org|source|x):[a-z0-9,\\-]{0,6}",
        1 => "[!']{0,2}[a-z\u{0621}-\u{064A}]{0,6}",
        1 => "r:[0-9]{0,3}(-[0-9]{0,3})?",
        1 => "\\PC{0,6}",
    ];
    prop::collection::vec(term, 0..5).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any query parses or is refused with a one-line message; a parsed one
    /// runs over the corpus, and typing it one character at a time through
    /// the incremental searcher ends with the same results as a fresh run.
    #[test]
    fn any_query_parses_or_is_refused_and_runs(query in query_like()) {
        use astana::search::{Order, Query, SearchIndex, Searcher, search, text_matches};
        use std::sync::OnceLock;
        static CORPUS: OnceLock<(astana::corpus::Corpus, SearchIndex)> = OnceLock::new();
        let (corpus, index) = CORPUS.get_or_init(|| {
            let extractor = Extractor::builtin();
            let corpus = astana::corpus::load_bundled(&extractor);
            let index = SearchIndex::build(&corpus.articles, &extractor);
            (corpus, index)
        });
        let articles = &corpus.articles;
        match Query::parse(&query) {
            Err(e) => prop_assert!(!e.to_string().contains('\n') && !e.to_string().is_empty()),
            Ok(parsed) => {
                let fresh: Vec<usize> = search(index, articles, &parsed, Order::Relevance).iter().map(|h| h.article).collect();
                prop_assert!(fresh.iter().all(|&i| i < articles.len()));
                for &i in &fresh {
                    for r in text_matches(&parsed, &articles[i]) {
                        prop_assert!(articles[i].text.get(r).is_some());
                    }
                }
                // As the explorer does: the empty filter first, then each key.
                let mut searcher = Searcher::new();
                let _ = searcher.run(index, articles, "");
                let mut typed = String::new();
                for c in query.chars() {
                    typed.push(c);
                    let _ = searcher.run(index, articles, &typed);
                }
                let incremental: Vec<usize> = searcher.hits().iter().map(|h| h.article).collect();
                prop_assert_eq!(incremental, fresh);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Arbitrary Arabic-heavy articles (with titles and sources, which
    /// become entities) go through the whole index: its vocabulary,
    /// postings, title keys and the words of entity names. Every query
    /// answers with articles of the corpus, and a word of an article finds
    /// that article.
    #[test]
    fn indexing_arbitrary_articles_never_panics(
        articles in prop::collection::vec((arabic_heavy(), arabic_heavy(), arabic_heavy()), 1..12),
        query in arabic_heavy(),
    ) {
        use astana::search::{IndexBuilder, Searcher};
        let dir = tempfile::tempdir().unwrap();
        let lines: Vec<String> = articles
            .iter()
            .enumerate()
            .map(|(i, (title, text, source))| {
                serde_json::json!({
                    "id": format!("a{i}"),
                    "title": title,
                    "text": format!("{text} وقال الرئيس {source} في إدلب"),
                    "source": source,
                })
                .to_string()
            })
            .collect();
        std::fs::write(dir.path().join("a.jsonl"), lines.join("\n")).unwrap();
        let extractor = Extractor::builtin();
        let mut builder = IndexBuilder::new();
        let corpus = astana::corpus::load_into(&[dir.path().to_path_buf()], &extractor, None, &mut builder)
            .unwrap();
        let index = builder.finish(&corpus.articles, extractor.entries());
        prop_assert_eq!(index.len(), corpus.articles.len());
        for q in [query.as_str(), "idlib", "ادلب", "p:x", "s:ا"] {
            let hits = Searcher::new().run(&index, &corpus.articles, q).map(|h| h.to_vec());
            if let Ok(hits) = hits {
                prop_assert!(hits.iter().all(|h| h.article < corpus.articles.len()));
            }
        }
        // A word of the first article's text, typed as it is, finds it.
        let first = &corpus.articles[0];
        if let Some((_, word)) = tokens(&normalize(&first.text)).find(|(_, w)| w.chars().count() >= 3) {
            let hits = Searcher::new().run(&index, &corpus.articles, word).unwrap().to_vec();
            prop_assert!(hits.iter().any(|h| h.article == 0), "{word} in {:?}", first.text);
        }
    }
}
