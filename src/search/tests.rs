//! The matcher as a whole: queries over small corpora and the seeds, through
//! the index, the `Searcher` and highlighting.

use super::highlight::word_ranges;
use super::score::{PHRASE_PIECE, body_scores, names_have_word, text_has_phrase};
use super::*;
use crate::corpus::Article;
use crate::extract::{Entity, Extraction, Extractor, GazetteerEntry, Guarantor, Mention};
use crate::extract::{EntityKind, Field};
use crate::text::normalize::{NormalizedText, normalize};
use words::QueryWord;

fn article(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        path: None,
        meta: None,
        text: format!("{title}\n{body}").into(),
        title_is_separate: false,
        extraction: Extraction::default(),
    }
}

/// An entity mentioned at the first occurrence of `arabic` in the text.
fn entity(a: &Article, kind: EntityKind, key: &str, name: &str, arabic: &str) -> Entity {
    let start = a.text.find(arabic).expect("mention in text") as u32;
    Entity::new(
        kind,
        [key, name, arabic],
        None,
        vec![Mention::new(
            Field::Text,
            start,
            start + arabic.len() as u32,
        )],
    )
}

fn corpus() -> Vec<Article> {
    let mut a = article(
        "a",
        "لافرنتييف يصل إلى أستانا",
        "قال المبعوث الروسي ألكسندر لافرنتييف إن الجولة السادسة ناجحة.",
    );
    a.extraction = Extraction {
        round: Some(6),
        guarantors: [Guarantor::Russia].into(),
        entities: [entity(
            &a,
            EntityKind::Person,
            "lavrentiev",
            "Alexander Lavrentiev",
            "ألكسندر لافرنتييف",
        )]
        .into(),
    };
    let mut b = article(
        "b",
        "بيان ختامي في أستانة",
        "أكدت الدول الضامنة روسيا وتركيا وإيران وقف إطلاق النار في إدلب ودمشق.",
    );
    b.meta = crate::corpus::ArticleMeta {
        source: Some("وكالة سانا".to_string()),
        ..Default::default()
    }
    .boxed();
    b.extraction = Extraction {
        round: Some(4),
        guarantors: [Guarantor::Iran, Guarantor::Russia, Guarantor::Turkey].into(),
        entities: [entity(
            &b,
            EntityKind::Place,
            "damascus",
            "Damascus",
            "دمشق",
        )]
        .into(),
    };
    let c = article(
        "c",
        "اجتماع في جنيف",
        "التقى الرئيس السوري وفدا إيرانيا لبحث الوضع في الغوطة الشرقية وإدلب.",
    );
    vec![a, b, c]
}

fn gazetteer() -> Vec<GazetteerEntry> {
    vec![GazetteerEntry {
        kind: EntityKind::Place,
        key: "damascus".to_string(),
        name: "Damascus".to_string(),
        aliases: vec!["Dimashq".to_string()],
        arabic: vec!["دمشق".to_string()],
        cue_only: false,
        not_before: Vec::new(),
    }]
}

fn ids(articles: &[Article], query: &str) -> Vec<String> {
    let index = SearchIndex::build_with_gazetteer(articles, &gazetteer());
    let query = Query::parse(query).unwrap();
    search(&index, articles, &query, Order::Relevance)
        .into_iter()
        .map(|h| articles[h.article].id.to_string())
        .collect()
}

#[test]
fn a_word_of_100_000_characters_is_found_by_its_start_and_in_full() {
    let word: String = "لافرنتييف".chars().cycle().take(100_000).collect();
    let mut articles = corpus();
    articles.push(article("long", "عنوان", &format!("قبل {word} بعد")));
    let start: String = word.chars().take(200).collect();
    for query in [&start, &word, &format!("'{word}")] {
        assert!(
            ids(&articles, query).contains(&"long".to_string()),
            "{}",
            query.len()
        );
    }
    assert_eq!(ids(&articles, "بعد"), ["long"]);
}

#[test]
fn highlights_in_a_long_text_have_offsets_in_the_whole_text() {
    let filler = "وتواصلت المشاورات بين الوفود طوال اليوم.\n";
    let body = format!(
        "وصل لافرنتييف صباحا.\n{}وغادر لافرنتييف مساء.\n",
        filler.repeat(3 * crate::text::windows::WINDOW_BYTES / filler.len())
    );
    let a = article("long", "عنوان", &body);
    for query in ["لافرنتييف", "'لافرنتييف"] {
        let ranges = text_matches(&Query::parse(query).unwrap(), &a);
        let found: Vec<&str> = ranges.iter().map(|r| &a.text[r.clone()]).collect();
        assert_eq!(found, ["لافرنتييف", "لافرنتييف"], "{query}");
        assert!(ranges[1].start > 3 * crate::text::windows::WINDOW_BYTES);
    }
}

#[test]
fn empty_query_lists_everything_in_corpus_order() {
    let articles = corpus();
    assert_eq!(ids(&articles, ""), ["a", "b", "c"]);
    assert_eq!(ids(&articles, "g:russia"), ["a", "b"]);
}

#[test]
fn title_hits_rank_above_body_hits() {
    let articles = corpus();
    // إدلب is in the text of b and c; neither title: corpus order.
    assert_eq!(ids(&articles, "إدلب"), ["b", "c"]);
    // لافرنتييف is a's title; أستانا/أستانة are titles of a and b.
    assert_eq!(ids(&articles, "lavrentiev"), ["a"]);
    assert_eq!(ids(&articles, "astana"), ["a", "b"]);
    // جنيف only in c's title; الجولة only in a's body.
    assert_eq!(ids(&articles, "جنيف"), ["c"]);
    let both = {
        let mut x = corpus();
        x.swap(0, 2);
        x
    };
    // c (title hit) ranks first even when listed first or last.
    assert_eq!(ids(&both, "جنيف")[0], "c");
}

#[test]
fn entity_fields_match_their_kind_in_both_scripts() {
    let articles = corpus();
    assert_eq!(ids(&articles, "p:lavrentiev"), ["a"]);
    assert_eq!(ids(&articles, "p:لافرنتييف"), ["a"]);
    assert!(ids(&articles, "l:lavrentiev").is_empty());
    assert_eq!(ids(&articles, "l:damascus"), ["b"]);
    assert_eq!(ids(&articles, "l:دمشق"), ["b"]);
    // The gazetteer's alias, not in the text at all.
    assert_eq!(ids(&articles, "l:dimashq"), ["b"]);
    assert_eq!(ids(&articles, "damascus"), ["b"]);
    assert_eq!(ids(&articles, "s:سانا"), ["b"]);
    assert!(ids(&articles, "s:reuters").is_empty());
}

#[test]
fn negation_rounds_and_exact_terms() {
    let articles = corpus();
    assert_eq!(ids(&articles, "!idlib"), ["a"]);
    assert_eq!(ids(&articles, "r:4,6"), ["a", "b"]);
    assert_eq!(ids(&articles, "r:5-22"), ["a"]);
    assert_eq!(ids(&articles, "r:none"), ["c"]);
    assert_eq!(ids(&articles, "r:none !r:none"), Vec::<String>::new());
    assert_eq!(ids(&articles, "'الضامنة"), ["b"]);
    // Exact is a substring of the key, within words too.
    assert_eq!(ids(&articles, "'ضامن"), ["b"]);
    assert_eq!(ids(&articles, "'وقف-إطلاق").len(), 0);
    assert_eq!(ids(&articles, "'2254").len(), 0);
}

#[test]
fn commas_in_a_field_term_are_any_of_its_values() {
    let articles = corpus();
    assert_eq!(ids(&articles, "g:iran,russia"), ["a", "b"]);
    assert_eq!(ids(&articles, "g:iran g:russia"), ["b"]);
    assert_eq!(ids(&articles, "r:6,none"), ["a", "c"]);
    assert_eq!(ids(&articles, "!r:6,none"), ["b"]);
    assert_eq!(ids(&articles, "p:lavrentiev,dimashq"), ["a"]);
    assert_eq!(ids(&articles, "l:lavrentiev,dimashq"), ["b"]);
}

#[test]
fn an_entity_s_key_written_as_one_word_selects_it() {
    let mut articles = corpus();
    let c = &articles[2];
    let ghouta = entity(
        c,
        EntityKind::Place,
        "ar:الغوطه الشرقيه",
        "الغوطة الشرقية",
        "الغوطة الشرقية",
    );
    articles[2].extraction.entities = [ghouta].into();
    let value = entity_value("ar:الغوطه الشرقيه");
    assert_eq!(ids(&articles, &format!("l:{value}")), ["c"]);
    assert_eq!(
        ids(
            &articles,
            &format!("s:{}", entity_value("source:وكالة سانا"))
        ),
        ["b"]
    );
    // Highlighting agrees: the mention of the selected entity is marked.
    let query = Query::parse(&format!("l:{value}")).unwrap();
    let found: Vec<&str> = text_matches(&query, &articles[2])
        .into_iter()
        .map(|r| &articles[2].text[r])
        .collect();
    assert_eq!(found, ["الغوطة الشرقية"]);
}

#[test]
fn latin_and_arabic_forms_find_the_same_articles() {
    let articles = corpus();
    for (latin, arabic) in [
        ("idlib", "إدلب"),
        ("ghouta", "الغوطة"),
        ("iran", "إيران"),
        ("russia", "روسيا"),
    ] {
        let sorted = |q: &str| {
            let mut found = ids(&articles, q);
            found.sort();
            found
        };
        assert_eq!(sorted(latin), sorted(arabic), "{latin}");
    }
    // الرئيس (c) is not Russia; الروسي (a) is. روسيا itself ranks first.
    assert_eq!(ids(&articles, "russia"), ["b", "a"]);
}

#[test]
fn incremental_runs_equal_fresh_runs() {
    let mut articles = crate::corpus::load_bundled(&Extractor::builtin()).articles;
    articles.extend(corpus());
    let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
    let mut searcher = Searcher::new();
    let mut sizes = Vec::new();
    for typed in [
        "lavrentiev !r:4 الغوطة 'الضامنة g:ir astana",
        "p:lavr s:eli ghouta abdrakhmanov",
        "ادلب الغوطه !روسيا kazakhstan 'مذكرة",
        "\"وقف اطلاق النار\" !\"الغوطة الشرقية\" g:ir \"مذكرة تفاهم",
    ] {
        // Type it one character at a time, then delete it the same way.
        let mut ends: Vec<usize> = typed.char_indices().map(|(at, _)| at).skip(1).collect();
        ends.push(typed.len());
        let backspaces: Vec<usize> = ends.iter().rev().skip(1).copied().chain([0]).collect();
        for end in ends.into_iter().chain(backspaces) {
            let text = &typed[..end];
            let Ok(query) = Query::parse(text) else {
                let before = searcher.hits().to_vec();
                assert!(searcher.run(&index, &articles, text).is_err());
                assert_eq!(searcher.hits(), before.as_slice());
                continue;
            };
            let fresh = search(&index, &articles, &query, Order::Relevance);
            let incremental = searcher.run(&index, &articles, text).unwrap();
            assert_eq!(incremental, fresh.as_slice(), "after typing {text:?}");
            sizes.push(fresh.len());
        }
    }
    // The sequences pass through narrow, wide and empty result sets.
    assert!(sizes.contains(&0));
    assert!(sizes.contains(&articles.len()));
    assert!(sizes.iter().any(|&n| n > 0 && n < articles.len()));
}

#[test]
fn a_parse_error_keeps_the_previous_results() {
    let articles = corpus();
    let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
    let mut searcher = Searcher::new();
    let before = searcher.run(&index, &articles, "idlib").unwrap().to_vec();
    let err = searcher.run(&index, &articles, "idlib r:abc").unwrap_err();
    assert!(err.to_string().contains("r:abc"));
    assert_eq!(searcher.hits(), before.as_slice());
}

#[test]
fn highlights_point_into_the_original_text() {
    let articles = corpus();
    let query = Query::parse("astana ادلب 'الضامنه p:lavrentiev").unwrap();
    let b = &articles[1];
    let found: Vec<&str> = text_matches(&query, b)
        .into_iter()
        .map(|r| &b.text[r])
        .collect();
    assert_eq!(found, ["أستانة", "الضامنة", "إدلب"]);
    let a = &articles[0];
    let found: Vec<&str> = text_matches(&query, a)
        .into_iter()
        .map(|r| &a.text[r])
        .collect();
    assert_eq!(found, ["أستانا", "ألكسندر لافرنتييف"]);
}

#[test]
fn hits_carry_title_ranges() {
    let articles = corpus();
    let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
    let mut searcher = Searcher::new();
    let hits = searcher.run(&index, &articles, "أستانه").unwrap();
    assert_eq!(hits.len(), 2);
    for hit in hits {
        let title = &articles[hit.article].title;
        let marked: Vec<&str> = hit
            .title_matches
            .iter()
            .map(|r| &title[r.clone()])
            .collect();
        assert!(
            marked == ["أستانا"] || marked == ["أستانة"],
            "{title}: {marked:?}"
        );
    }
}

#[test]
fn titles_past_the_first_results_are_highlighted_on_demand() {
    let articles: Vec<Article> = (0..EAGER_TITLE_MATCHES + 100)
        .map(|n| article(&n.to_string(), &format!("قصف في إدلب {n}"), "نص"))
        .collect();
    let index = SearchIndex::build_with_gazetteer(&articles, &[]);
    let mut searcher = Searcher::new();
    let hits = searcher.run(&index, &articles, "ادلب").unwrap();
    assert_eq!(hits.len(), articles.len());
    let marked = |hit: &Hit| -> Vec<String> {
        let title = &articles[hit.article].title;
        hit.title_matches
            .iter()
            .map(|r| title[r.clone()].to_string())
            .collect()
    };
    assert_eq!(marked(&hits[0]), ["إدلب"]);
    let late = EAGER_TITLE_MATCHES + 50;
    assert!(hits[late].title_matches.is_empty());
    let hits = searcher.highlight_titles(&articles, late..late + 10);
    assert_eq!(marked(&hits[late]), ["إدلب"]);
    assert!(hits[late + 20].title_matches.is_empty());
    // Out of range rows are ignored.
    searcher.highlight_titles(&articles, late..usize::MAX);
    assert_eq!(marked(&searcher.hits()[articles.len() - 1]), ["إدلب"]);
}

#[test]
fn clearing_forgets_the_old_corpus() {
    let first = corpus();
    let index = SearchIndex::build_with_gazetteer(&first, &[]);
    let mut searcher = Searcher::new();
    assert_eq!(searcher.run(&index, &first, "ادلب").unwrap().len(), 2);
    let second = vec![article("z", "إدلب", "إدلب")];
    let index = SearchIndex::build_with_gazetteer(&second, &[]);
    searcher.clear();
    assert!(searcher.hits().is_empty());
    let hits = searcher.run(&index, &second, "ادلب").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].article, 0);
}

#[test]
fn index_lookups_agree_with_direct_word_matching() {
    // The index finds words through its sorted vocabulary and skeleton
    // buckets; highlighting compares words directly. Both must agree.
    let mut articles = crate::corpus::load_bundled(&Extractor::builtin()).articles;
    articles.extend(corpus());
    let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
    for text in [
        "idlib",
        "ادلب",
        "الغوطة",
        "ghouta",
        "russia",
        "روسيا",
        "astana",
        "أستانة",
        "lavrentiev",
        "abdrakhmanov",
        "مناطق",
        "من",
        "iran",
        "بيان",
        "kazakhstan",
        "7oms",
    ] {
        let query = Query::parse(text).unwrap();
        let Term::Fuzzy(term) = &query.clauses[0].term else {
            panic!("{text}")
        };
        let words: Vec<QueryWord> = term.words.iter().map(|w| QueryWord::new(w)).collect();
        let (body, _) = body_scores(&words, &index);
        for (a, article) in articles.iter().enumerate() {
            let direct = [&*article.title, &*article.text]
                .into_iter()
                .any(|s| !word_ranges(&query, s, &NormalizedText::new(s)).is_empty());
            assert_eq!(body[a] > 0, direct, "{text} in {}", article.id);
        }
    }
}

#[test]
fn entity_words_agree_with_each_name() {
    // A query word is looked up once in the words of all entity names;
    // highlighting compares it with one entity's names. Both must agree.
    let articles = crate::corpus::load_bundled(&Extractor::builtin()).articles;
    let index = SearchIndex::build_with_gazetteer(&articles, &gazetteer());
    assert!(index.entities.len() > 20);
    let mut found = 0;
    for text in [
        "idlib",
        "ادلب",
        "وادلب",
        "lavrentiev",
        "لافرنتييف",
        "jaafari",
        "damascus",
        "دمشق",
        "iran",
        "إيران",
        "onal",
        "sochi",
        "al",
        "ال",
        "kazakh",
        "الأمم",
    ] {
        let word = QueryWord::new(&normalize(text));
        let indexed = index.entities_with_word(&word);
        for (e, entity) in index.entities.iter().enumerate() {
            let direct = names_have_word(&entity.names, &word);
            assert_eq!(indexed[e], direct, "{text} and {:?}", entity.names);
            found += usize::from(direct);
        }
    }
    assert!(found >= 10, "only {found} entity matches");
}

#[test]
fn a_phrase_matches_its_words_adjacent_and_in_order() {
    let articles = corpus();
    assert_eq!(ids(&articles, "\"وقف إطلاق النار\""), ["b"]);
    // Normalized as single words are: hamza, alef, ta marbuta, harakat.
    assert_eq!(ids(&articles, "\"وَقف اطلاق النار\""), ["b"]);
    // Each word as a bare term's word: behind clitics (وتركيا), ا for ة.
    assert_eq!(ids(&articles, "\"روسيا تركيا ايران\""), ["b"]);
    assert_eq!(ids(&articles, "\"يصل إلى أستانة\""), ["a"]);
    // The same words apart or reversed are not the phrase.
    assert!(ids(&articles, "\"إطلاق وقف\"").is_empty());
    assert!(ids(&articles, "\"الدول روسيا\"").is_empty());
    assert_eq!(sorted_ids(&articles, "الدول روسيا"), ["b"]);
    // Negated, and beside other terms.
    assert_eq!(ids(&articles, "!\"وقف إطلاق النار\""), ["a", "c"]);
    assert_eq!(ids(&articles, "\"الغوطة الشرقية\" r:none"), ["c"]);
    // Unterminated: the phrase so far.
    assert_eq!(ids(&articles, "\"وقف إطلا"), ["b"]);
}

#[test]
fn a_latin_phrase_matches_arabic_words_by_their_skeletons_in_order() {
    let articles = corpus();
    assert_eq!(ids(&articles, "\"ghouta sharqiya\""), ["c"]);
    assert!(ids(&articles, "\"sharqiya ghouta\"").is_empty());
    assert_eq!(ids(&articles, "\"lavrentiev yasil\""), ["a"]);
}

#[test]
fn a_phrase_in_the_title_ranks_first_and_is_one_highlighted_span() {
    let mut articles = corpus();
    articles.push(article(
        "d",
        "عنوان",
        "قالوا إن لافرنتييف يصل إلى أستانا غدا.",
    ));
    assert_eq!(ids(&articles, "\"لافرنتييف يصل\""), ["a", "d"]);
    let query = Query::parse("\"يصل إلى أستانة\"").unwrap();
    let a = &articles[0];
    let marked: Vec<&str> = title_matches(&query, &a.title)
        .into_iter()
        .map(|r| &a.title[r])
        .collect();
    assert_eq!(marked, ["يصل إلى أستانا"]);
    let found: Vec<&str> = text_matches(&query, &articles[3])
        .into_iter()
        .map(|r| &articles[3].text[r])
        .collect();
    assert_eq!(found, ["يصل إلى أستانا"]);
    // The span keeps the original spelling between and around the words.
    let b = article("e", "عنوان", "أعلنوا وَقْفَ إطلاقِ النّار، أمس.");
    let query = Query::parse("\"وقف اطلاق النار\"").unwrap();
    let found: Vec<&str> = text_matches(&query, &b)
        .into_iter()
        .map(|r| &b.text[r])
        .collect();
    assert_eq!(found, ["وَقْفَ إطلاقِ النّار"]);
    // A clitic before the first word stays outside the span.
    let c = &corpus()[1];
    let query = Query::parse("\"تركيا وإيران\"").unwrap();
    let found: Vec<&str> = text_matches(&query, c)
        .into_iter()
        .map(|r| &c.text[r])
        .collect();
    assert_eq!(found, ["تركيا وإيران"]);
}

fn sorted_ids(articles: &[Article], query: &str) -> Vec<String> {
    let mut found = ids(articles, query);
    found.sort();
    found
}

#[test]
fn a_phrase_is_found_across_the_cuts_between_normalized_pieces() {
    let words = ["وقف", "اطلاق", "النار"];
    let matches = |k: usize, token: &str| token == words[k];
    // The pieces are cut at the first space after PHRASE_PIECE bytes:
    // with every padding, some cut falls between two words of the phrase.
    for pad in 0..40 {
        let text = format!(
            "{} وقف إطلاق النار {}",
            "x".repeat(PHRASE_PIECE - 20 + pad),
            "y ".repeat(PHRASE_PIECE)
        );
        assert!(text_has_phrase(&text, 3, matches), "pad {pad}");
        let reversed = text.replace("وقف إطلاق", "إطلاق وقف");
        assert!(!text_has_phrase(&reversed, 3, matches), "pad {pad}");
    }
}

#[test]
fn a_subsequence_s_end_extends_by_the_letters_typed_after_it() {
    use super::score::subsequence_end;
    let title = "قصف على الغوطة الشرقية";
    let end = subsequence_end("الغ", title).unwrap();
    assert_eq!(&title[..end], "قصف على الغ");
    // One more letter: found after the end, as in the whole title.
    let more = end + subsequence_end("و", &title[end..]).unwrap();
    assert_eq!(Some(more), subsequence_end("الغو", title));
    assert_eq!(subsequence_end("", title), Some(0));
    assert_eq!(subsequence_end("غل", "الغ"), None);
}

/// Articles about the guarantors whose titles hold `الضامنة` as it is, its
/// letters with gaps (in other forms of the word, across words, at word
/// starts) or not at all, with texts that match it or not, so that a
/// broad term defers many titles and the first rows still depend on some.
fn guarantor_titles() -> Vec<Article> {
    let titles = [
        "الدول الضامنة تجتمع",
        "الضامنون يجتمعون في أستانة",
        "ال ضامن ة",
        "بيان الضامنين عن الهدنة",
        "الضامن الروسي والمسألة",
        "اجتماع في أستانة",
        "الضامنة",
        "لقاء الضامنين الثلاثة",
    ];
    let texts = [
        "قالت الدول الضامنة إن الهدنة صامدة.",
        "اجتمع الضامنون في أستانة.",
        "لا جديد في المفاوضات.",
        "بيان الضامنة والضامنين.",
    ];
    (0..240)
        .map(|n| {
            let title = format!("{} {n}", titles[(n * 7 + n / 8) % titles.len()]);
            article(&n.to_string(), &title, texts[(n * 5 + n / 3) % texts.len()])
        })
        .collect()
}

#[test]
fn a_screenful_is_the_first_rows_of_the_complete_ranking() {
    let articles = guarantor_titles();
    let index = SearchIndex::build_with_gazetteer(&articles, &[]);
    let key =
        |hits: &[Hit]| -> Vec<(usize, i64)> { hits.iter().map(|h| (h.article, h.score)).collect() };
    let mut deferred = 0;
    for shown in [1, 3, 10, 40] {
        let mut searcher = Searcher::on_demand();
        let mut text = String::new();
        for c in "الضامنة ال".chars() {
            text.push(c);
            let query = Query::parse(&text).unwrap();
            let complete = search(&index, &articles, &query, Order::Relevance);
            let first = searcher
                .run_showing(&index, &articles, &text, shown)
                .unwrap()
                .to_vec();
            assert_eq!(searcher.count(), complete.len(), "the count after {text:?}");
            let rows = shown.min(complete.len());
            assert_eq!(
                key(&first[..rows]),
                key(&complete[..rows]),
                "{text:?}, {shown} rows"
            );
            if !searcher.is_settled() {
                deferred += 1;
            }
            // The rows shown get their highlights; settling keeps them.
            searcher.highlight_titles(&articles, 0..rows);
            searcher.settle(&index, &articles);
            assert!(searcher.is_settled());
            let settled = searcher.highlight_titles(&articles, 0..complete.len());
            assert_eq!(settled, complete.as_slice(), "settled after {text:?}");
        }
    }
    assert!(deferred > 0, "some keys left titles to score");
    // Pasted at once, two broad terms both leave titles to score: the
    // most each can add is summed per article.
    let text = "الضامنة الضامن";
    let complete = search(
        &index,
        &articles,
        &Query::parse(text).unwrap(),
        Order::Relevance,
    );
    for shown in [1, 3, 10, 40] {
        let mut searcher = Searcher::on_demand();
        let first = searcher
            .run_showing(&index, &articles, text, shown)
            .unwrap()
            .to_vec();
        assert!(!searcher.is_settled(), "{shown} rows: titles left to score");
        assert_eq!(searcher.count(), complete.len());
        let rows = shown.min(complete.len());
        assert_eq!(key(&first[..rows]), key(&complete[..rows]), "{shown} rows");
        searcher.settle(&index, &articles);
        let settled = searcher.highlight_titles(&articles, 0..complete.len());
        assert_eq!(settled, complete.as_slice(), "settled, {shown} rows");
    }
}

#[test]
fn a_screenful_is_ranked_when_more_titles_could_reach_it_than_were_kept() {
    // Every article matches by its text, and every title has the term's
    // letters out of order (so each is left unread, and each bound could
    // reach the first row), but only the last titles hold the term: far
    // more contenders to score than the first rows kept while counting.
    let articles: Vec<Article> = (0..300)
        .map(|n| {
            let title = if n >= 290 {
                format!("الضامنة {n}")
            } else {
                format!("ة ن م ا ض ل ا {n}")
            };
            article(
                &n.to_string(),
                &title,
                "قالت الدول الضامنة إن الهدنة صامدة.",
            )
        })
        .collect();
    let index = SearchIndex::build_with_gazetteer(&articles, &[]);
    let query = Query::parse("الضامنة").unwrap();
    let complete = search(&index, &articles, &query, Order::Relevance);
    assert_eq!(complete.len(), articles.len());
    assert_eq!(
        complete[0].article, 290,
        "a title holding the term ranks first"
    );
    for shown in [1, 3, 10] {
        let mut searcher = Searcher::on_demand();
        let first = searcher
            .run_showing(&index, &articles, "الضامنة", shown)
            .unwrap()
            .to_vec();
        assert_eq!(searcher.count(), complete.len());
        let ranked = |hits: &[Hit]| -> Vec<(usize, i64)> {
            hits.iter()
                .take(shown)
                .map(|h| (h.article, h.score))
                .collect()
        };
        assert_eq!(ranked(&first), ranked(&complete), "{shown} rows");
        searcher.settle(&index, &articles);
        let settled = searcher.highlight_titles(&articles, 0..complete.len());
        assert_eq!(settled, complete.as_slice(), "settled, {shown} rows");
    }
}

#[test]
fn the_articles_a_term_matches_are_known_before_its_hits_are_written_out() {
    // The facet picker counts from each term's matches; a one-term key
    // leaves its hits to write out after the frame.
    let articles = guarantor_titles();
    let index = SearchIndex::build_with_gazetteer(&articles, &[]);
    let mut searcher = Searcher::on_demand();
    searcher
        .run_showing(&index, &articles, "الضامنة", 3)
        .unwrap();
    assert!(!searcher.is_settled());
    let before = searcher.members_without(articles.len(), |_| false);
    searcher.settle(&index, &articles);
    let after = searcher.members_without(articles.len(), |_| false);
    assert_eq!(before, after);
    let complete = search(
        &index,
        &articles,
        &Query::parse("الضامنة").unwrap(),
        Order::Relevance,
    );
    let mut members: Vec<usize> = complete.iter().map(|h| h.article).collect();
    members.sort_unstable();
    let marked: Vec<usize> = (0..articles.len()).filter(|&a| before[a]).collect();
    assert_eq!(marked, members);
}

/// A repeatable stream of numbers below the bound asked, from `seed`: the
/// random rows and titles of the search's property tests.
pub(super) fn numbers(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |below| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % below
    }
}
