//! Loader rules and bad input, on files the tests write themselves.
//! Each bad input must produce one warning naming the file (and line), and
//! the other articles must still load.

use astana::corpus::{Corpus, LoadError, load_paths};
use astana::extract::Extractor;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

fn load(paths: &[PathBuf]) -> Corpus {
    load_paths(paths, &Extractor::builtin(), None).unwrap()
}

fn ids(corpus: &Corpus) -> Vec<&str> {
    corpus.articles.iter().map(|a| &*a.id).collect()
}

fn warnings(corpus: &Corpus) -> Vec<String> {
    corpus.warnings.iter().map(|w| w.to_string()).collect()
}

const GOOD: &str = "مباحثات أستانا تنتهي ببيان ختامي\n\nأعلنت الدول الضامنة اليوم انتهاء الجولة.\n";

#[test]
fn a_text_file_is_one_article_titled_by_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "news-1.txt", format!("\n\n{GOOD}"));
    let corpus = load(std::slice::from_ref(&path));
    assert_eq!(ids(&corpus), ["news-1"]);
    let a = &corpus.articles[0];
    assert_eq!(&*a.title, "مباحثات أستانا تنتهي ببيان ختامي");
    assert!(a.text.starts_with("مباحثات أستانا"));
    assert_eq!(a.path.as_deref(), Some(path.as_path()));
    assert!(!a.title_is_separate);
}

#[test]
fn a_repeated_title_line_is_dropped_and_debris_cut() {
    let dir = tempfile::tempdir().unwrap();
    let text = "العنوان هنا\n\nالعنوان هنا\nنص الخبر الكامل.\n\nالأكثر قراءة\nخبر آخر\nاخترنا لك\n";
    let path = write(dir.path(), "a.md", text);
    let corpus = load(&[path]);
    assert_eq!(&*corpus.articles[0].text, "العنوان هنا\n\nنص الخبر الكامل.");
}

#[test]
fn a_folder_is_walked_sorted_skipping_hidden_entries() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b/z.txt", GOOD);
    write(dir.path(), "a.txt", GOOD);
    write(dir.path(), "b/a.md", GOOD);
    write(dir.path(), ".hidden.txt", GOOD);
    write(dir.path(), ".git/x.txt", GOOD);
    write(dir.path(), "notes.csv", GOOD);
    write(
        dir.path(),
        "c.jsonl",
        r#"{"id":"j1","text":"نص أول"}"#.to_string() + "\n",
    );
    let corpus = load(&[dir.path().to_path_buf()]);
    assert_eq!(ids(&corpus), ["a", "a~2", "z", "j1"]);
    assert_eq!(warnings(&corpus).len(), 1, "{:?}", warnings(&corpus));
    assert!(warnings(&corpus)[0].contains("duplicate id 'a', renamed to 'a~2'"));
}

#[test]
fn jsonl_fields_defaults_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"x1","title":"عنوان","text":"النص","date":"2017-05-04","source":"سانا","url":"http://e.x/1"}"#,
        r#"{"body":"سطر أول\nسطر ثان"}"#,
        "",
        r#"{"content":"محتوى","id":42}"#,
    ];
    let path = write(dir.path(), "feed.jsonl", lines.join("\n"));
    let corpus = load(&[path]);
    assert!(corpus.warnings.is_empty(), "{:?}", warnings(&corpus));
    assert_eq!(ids(&corpus), ["x1", "feed:2", "42"]);
    let first = &corpus.articles[0];
    assert_eq!(&*first.title, "عنوان");
    assert!(first.title_is_separate);
    assert_eq!(first.date(), Some("2017-05-04"));
    assert_eq!(first.source(), Some("سانا"));
    assert_eq!(first.url(), Some("http://e.x/1"));
    assert_eq!(&*corpus.articles[1].title, "سطر أول");
    assert!(!corpus.articles[1].title_is_separate);
}

#[test]
fn jsonl_lines_longer_than_a_chunk_load_like_short_ones() {
    // Lines of several megabytes take another path (their text decoded in
    // the line's own buffer): the articles must be the same as if short.
    let dir = tempfile::tempdir().unwrap();
    let paragraph = r#"قال \"لافرنتييف\" في أستانا:\n\tالجولة \u0627\u0644\u0633\u0627\u062f\u0633\u0629 😀 \ud83d\ude00 \\ /\n"#;
    let long = paragraph.repeat(7_000_000 / paragraph.len());
    let decoded: String = serde_json::from_str(&format!("\"{long}\"")).unwrap();
    let lines = [
        r#"{"id":"short","text":"نص قصير"}"#.to_string(),
        format!(r#"{{"id":"one","title":"عنوان طويل","date":"2017-05-04","text":"{long}"}}"#),
        format!(r#"{{"id":"two","text":"   ","body":"{long}"}}"#),
        format!(r#"{{"id":"bad","text":"{long}\ud800"}}"#),
        format!(r#"{{"id":"three","content":"{long}"}}"#),
        format!(r#"{{"id":"titled","title":"{long}","text":"نص قصير"}}"#),
        r#"{"id":"last","text":"آخر"}"#.to_string(),
    ];
    let path = write(dir.path(), "long.jsonl", lines.join("\n"));
    let corpus = load(&[path]);
    assert_eq!(
        ids(&corpus),
        ["short", "one", "two", "three", "titled", "last"]
    );
    let w = warnings(&corpus);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("long.jsonl:4: malformed JSON") && w[0].contains("surrogate"),
        "{w:?}"
    );
    for a in &corpus.articles[1..4] {
        assert!(*a.text == *decoded, "{}: the text as JSON gives it", a.id);
    }
    // A title of megabytes is a paragraph: it heads the text, and the
    // title is clipped from it as from a text file's first line.
    let titled = &corpus.articles[4];
    assert_eq!(*titled.text, format!("{decoded}\nنص قصير"));
    assert!(!titled.title_is_separate);
    assert_eq!(&*titled.title, "قال \"لافرنتييف\" في أستانا:");
    let one = &corpus.articles[1];
    assert_eq!(
        (&*one.title, one.date()),
        ("عنوان طويل", Some("2017-05-04"))
    );
    assert!(
        one.extraction
            .entities
            .iter()
            .any(|e| e.key() == "lavrentiev")
    );
    assert_eq!(one.extraction.round, Some(6));
    // The same records as a JSON array: its longest record is decoded in
    // the file's buffer, the others as usual; the articles are the same.
    let good: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !l.contains("\"bad\""))
        .collect();
    let array = write(dir.path(), "long.json", format!("[{}]", good.join(",")));
    let from_array = load(&[array]);
    assert!(
        from_array.warnings.is_empty(),
        "{:?}",
        warnings(&from_array)
    );
    assert_eq!(ids(&from_array), ids(&corpus));
    for (a, b) in from_array.articles.iter().zip(&corpus.articles) {
        assert!(a.text == b.text && a.title == b.title, "{}", a.id);
        assert_eq!(a.extraction, b.extraction, "{}", a.id);
    }
}

#[test]
fn json_array_of_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "set.json",
        r#"[{"id":"a","text":"نص"}, {"title":"بلا نص"}, 5, {"text":"نص آخر"}]"#,
    );
    let corpus = load(&[path]);
    assert_eq!(ids(&corpus), ["a", "set:4"]);
    let w = warnings(&corpus);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].contains("set.json") && w[0].contains("record 2") && w[0].contains("no text"));
    assert!(w[1].contains("record 3"));
}

#[test]
fn bad_inputs_warn_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "1-good.txt", GOOD);
    write(dir.path(), "2-empty.txt", "");
    write(dir.path(), "3-blank.txt", "  \n\n ");
    write(dir.path(), "4-binary.txt", b"abc\0def");
    let mut bad_utf8 = GOOD.as_bytes().to_vec();
    bad_utf8.splice(6..6, [0xff, 0xfe]);
    write(dir.path(), "5-latin1.txt", &bad_utf8);
    write(
        dir.path(),
        "6-lines.jsonl",
        "{\"id\":\"ok1\",\"text\":\"نص\"}\n{not json}\n{\"id\":\"notext\"}\n{\"id\":\"ok2\",\"text\":\"نص\"}\n",
    );
    write(dir.path(), "7-broken.json", "[{\"text\": ");
    write(dir.path(), "8-good.txt", GOOD);
    let corpus = load(&[dir.path().to_path_buf()]);
    assert_eq!(ids(&corpus), ["1-good", "5-latin1", "ok1", "ok2", "8-good"]);
    let w = warnings(&corpus);
    let has = |file: &str, what: &str| {
        assert!(
            w.iter().any(|l| l.contains(file) && l.contains(what)),
            "no warning about {file} saying {what:?} in {w:#?}"
        )
    };
    has("2-empty.txt", "empty file");
    has("3-blank.txt", "empty file");
    has("4-binary.txt", "NUL byte at byte 3");
    has("5-latin1.txt", "invalid UTF-8 at byte 6");
    has("6-lines.jsonl:2", "malformed JSON");
    has("6-lines.jsonl:3", "no text");
    has("7-broken.json:1", "not a JSON array");
    assert_eq!(w.len(), 7, "{w:#?}");
    // Every warning is one line.
    assert!(w.iter().all(|l| !l.contains('\n')));
}

#[test]
fn invalid_utf8_in_jsonl_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    // (Arabic beside the bad byte, so that the file reads as damaged
    // UTF-8, not as a legacy encoding: a lone byte in ASCII could be
    // either.)
    let mut bytes = "{\"text\":\"وقعت الدول الضامنة مذكرة في أستانا\"}\n{\"text\":\"نص "
        .as_bytes()
        .to_vec();
    let bad = bytes.len();
    bytes.push(0xff);
    bytes.extend_from_slice(b"\"}\n");
    let path = write(dir.path(), "x.jsonl", bytes);
    let corpus = load(&[path]);
    // One rule with `.json`: the line loads, its bad bytes shown as U+FFFD,
    // and one warning names the byte.
    assert_eq!(corpus.articles.len(), 2);
    assert_eq!(&*corpus.articles[1].text, "نص \u{FFFD}");
    let w = warnings(&corpus);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("x.jsonl")
            && w[0].contains(&format!(
                "invalid UTF-8 at byte {bad}; bad bytes shown as \u{FFFD}"
            )),
        "{w:?}"
    );
    // The same damage in a `.json` array: the same article and the same
    // kind of warning.
    // (Arabic beside it, so that the file reads as damaged UTF-8, not as
    // a legacy encoding: a lone byte in ASCII could be either.)
    let mut json = "[{\"text\":\"وقعت الدول الضامنة مذكرة في أستانا\"},{\"text\":\"نص "
        .as_bytes()
        .to_vec();
    json.push(0xff);
    json.extend_from_slice(b"\"}]");
    let corpus = load(&[write(dir.path(), "x.json", json)]);
    assert_eq!(corpus.articles.len(), 2);
    assert_eq!(&*corpus.articles[1].text, "نص \u{FFFD}");
    let w = warnings(&corpus);
    assert!(
        w.iter()
            .any(|l| l.contains("x.json") && l.contains("bad bytes shown as \u{FFFD}")),
        "{w:?}"
    );
}

#[test]
fn invalid_utf8_in_a_line_longer_than_a_chunk_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"{\"text\":\"ok\"}\n{\"text\":\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 9 << 20));
    let bad = bytes.len();
    bytes.push(0xff);
    // The line ends the file, so that its chunk holds it alone (the path
    // of lines longer than a chunk).
    bytes.extend_from_slice(b"\"}\n");
    let corpus = load(&[write(dir.path(), "long-bad.jsonl", bytes)]);
    assert_eq!(corpus.articles.len(), 2);
    assert!(corpus.articles[1].text.ends_with("a\u{FFFD}"));
    let w = warnings(&corpus);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("long-bad.jsonl:2") && w[0].contains(&format!("invalid UTF-8 at byte {bad}")),
        "{w:?}"
    );
}

#[test]
fn a_missing_path_is_an_error() {
    let err = load_paths(
        &[PathBuf::from("/nonexistent/astana")],
        &Extractor::builtin(),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, LoadError::NotFound(_)));
    assert!(err.to_string().contains("/nonexistent/astana"));
}

fn astana(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(args)
        // No archive: the bundled articles, whatever this machine has.
        .env(
            "ASTANA_ARCHIVE",
            "/nonexistent/astana-tests/archive.sqlite3",
        )
        .output()
        .unwrap()
}

#[test]
fn cli_errors_exit_2_with_one_line() {
    let out = astana(&["list", "/nonexistent/astana"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("astana: error: /nonexistent/astana"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", "");
    let out = astana(&["list", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("astana: warning: ") && err.contains("empty.txt: empty file"));
    assert!(err.contains("astana: error: no articles found"), "{err}");
}

#[test]
fn cli_list_prints_the_bundled_corpus() {
    let out = astana(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    for line in &lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        assert!(cols[3].chars().count() <= 140, "title too long: {line}");
    }
    assert!(lines[2].starts_with("002_570e6e881693ac24\t"));
    assert!(lines[2].ends_with("نتائج محادثات #أستانا 6"));
}

#[test]
fn cli_show_json_has_the_article_object() {
    let out = astana(&["show", "002_570e6e881693ac24", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "002_570e6e881693ac24");
    assert!(v["path"].is_null());
    for key in [
        "title",
        "date",
        "source",
        "url",
        "round",
        "guarantors",
        "entities",
        "text",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let text = v["text"].as_str().unwrap();
    assert!(text.starts_with("نتائج محادثات #أستانا 6\n"));
    let out = astana(&["show", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_explorer_refuses_a_pipe() {
    let out = astana(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim(),
        "astana: error: the explorer needs a terminal; try 'astana list'"
    );
}

#[test]
fn cli_escapes_control_characters_only_for_terminals() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "evil.jsonl",
        "{\"id\":\"e\",\"title\":\"a\\u001b]0;pwned\\u0007b\\tc\",\"text\":\"x\"}\n",
    );
    let out = astana(&["list", path.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    // A pipe gets the data (tabs flattened so columns hold), JSON gets it exact.
    assert_eq!(text, "e\t\t\ta\u{1b}]0;pwned\u{7}b c\n");
    let out = astana(&["list", "--json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["title"], "a\u{1b}]0;pwned\u{7}b\tc");
}

#[test]
fn cli_global_gazetteer_goes_before_or_after_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = write(
        dir.path(),
        "extra.toml",
        "[[entity]]\nkind = \"person\"\nkey = \"fulan\"\nname = \"Fulan al-Fulani\"\narabic = [\"فلان الفلاني\"]\n",
    );
    let article = write(
        dir.path(),
        "a.txt",
        "تصريح\nقال فلان الفلاني إن المحادثات ناجحة.\n",
    );
    let (g, a) = (gazetteer.to_str().unwrap(), article.to_str().unwrap());
    for args in [
        vec!["--gazetteer", g, "list", "-q", "p:fulan", a],
        vec!["list", "--gazetteer", g, "-q", "p:fulan", a],
    ] {
        let out = astana(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8(out.stdout).unwrap().starts_with("a\t"));
    }
    // Explorer options before a command are an error, not silently dropped.
    let out = astana(&["-q", "iran", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("belong to the explorer")
    );
}

#[test]
fn a_warning_quoting_a_hostile_id_stays_one_clean_line() {
    let dir = tempfile::tempdir().unwrap();
    let line = "{\"id\":\"x\\u001b[2J\\ny\",\"text\":\"نص\"}\n";
    let path = write(dir.path(), "ids.jsonl", line.repeat(2));
    let corpus = load(&[path]);
    let w = warnings(&corpus);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("duplicate id"));
    assert!(
        !w[0].chars().any(|c| c.is_control()),
        "raw control characters in {:?}",
        w[0]
    );
}

/// The index built while loading (from the extractor's normalized text) is
/// the index built afterwards from the loaded articles, whatever the mix of
/// files: a JSONL file in several batches, loose text files, a JSON array,
/// duplicate ids and bad lines.
#[test]
fn the_index_built_while_loading_equals_the_one_built_after() {
    use astana::corpus::load_into;
    use astana::search::{IndexBuilder, SearchIndex};
    let extractor = Extractor::builtin();
    let dir = tempfile::tempdir().unwrap();
    let generator = astana::synth::Generator::new(&astana::corpus::load_bundled(&extractor));
    let mut jsonl = Vec::new();
    generator.write(1_500, 7, &mut jsonl).unwrap();
    jsonl.extend_from_slice(b"{not json}\n{\"id\":\"synth-000003\",\"text\":\"\xd8\xa5\xd9\x8a\xd8\xb1\xd8\xa7\xd9\x86 \xd9\x88\xd8\xb1\xd9\x88\xd8\xb3\xd9\x8a\xd8\xa7\"}\n");
    write(dir.path(), "a/archive.jsonl", &jsonl);
    for n in 0..300 {
        write(
            dir.path(),
            &format!("b/news-{n:03}.txt"),
            format!("{GOOD}رقم {n}\n"),
        );
    }
    write(
        dir.path(),
        "c/more.json",
        r#"[{"title":"إدلب","text":"قمة طهران والغوطة الشرقية"},{"text":"لافرنتييف في أستانا"}]"#,
    );
    let paths = [dir.path().to_path_buf()];
    let mut builder = IndexBuilder::new();
    let corpus = load_into(&paths, &extractor, None, &mut builder).unwrap();
    assert_eq!(corpus.articles.len(), 1_500 + 1 + 300 + 2);
    assert!(ids(&corpus).contains(&"synth-000003~2"));
    let fused = builder.finish(&corpus.articles, extractor.entries());
    let rebuilt = SearchIndex::build(&corpus.articles, &extractor);
    assert!(fused.vocabulary_len() > 1_000);
    assert!(fused == rebuilt, "the two indexes differ");
}

/// A renamed copy never takes an id that is already there, and each copy of
/// an id gets the next free number.
#[test]
fn duplicate_ids_are_numbered_past_ids_already_taken() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = ["a", "a~2", "a", "a", "b", "a~3~2", "a~3"]
        .iter()
        .map(|id| format!("{{\"id\":\"{id}\",\"text\":\"نص\"}}\n"))
        .collect();
    let path = write(dir.path(), "ids.jsonl", lines);
    let corpus = load(&[path]);
    assert_eq!(
        ids(&corpus),
        ["a", "a~2", "a~3", "a~4", "b", "a~3~2", "a~3~3"]
    );
    assert_eq!(warnings(&corpus).len(), 3, "{:?}", warnings(&corpus));
}

/// The Arabic letters (and comma) of the encoding tests, in windows-1256
/// and in ISO-8859-6: the tests write their bytes by these tables, not by
/// the decoder they test.
const LEGACY: &[(char, u8, u8)] = &[
    ('ء', 0xC1, 0xC1),
    ('آ', 0xC2, 0xC2),
    ('أ', 0xC3, 0xC3),
    ('ؤ', 0xC4, 0xC4),
    ('إ', 0xC5, 0xC5),
    ('ئ', 0xC6, 0xC6),
    ('ا', 0xC7, 0xC7),
    ('ب', 0xC8, 0xC8),
    ('ة', 0xC9, 0xC9),
    ('ت', 0xCA, 0xCA),
    ('ث', 0xCB, 0xCB),
    ('ج', 0xCC, 0xCC),
    ('ح', 0xCD, 0xCD),
    ('خ', 0xCE, 0xCE),
    ('د', 0xCF, 0xCF),
    ('ذ', 0xD0, 0xD0),
    ('ر', 0xD1, 0xD1),
    ('ز', 0xD2, 0xD2),
    ('س', 0xD3, 0xD3),
    ('ش', 0xD4, 0xD4),
    ('ص', 0xD5, 0xD5),
    ('ض', 0xD6, 0xD6),
    ('ط', 0xD8, 0xD7),
    ('ظ', 0xD9, 0xD8),
    ('ع', 0xDA, 0xD9),
    ('غ', 0xDB, 0xDA),
    ('ف', 0xDD, 0xE1),
    ('ق', 0xDE, 0xE2),
    ('ك', 0xDF, 0xE3),
    ('ل', 0xE1, 0xE4),
    ('م', 0xE3, 0xE5),
    ('ن', 0xE4, 0xE6),
    ('ه', 0xE5, 0xE7),
    ('و', 0xE6, 0xE8),
    ('ى', 0xEC, 0xE9),
    ('ي', 0xED, 0xEA),
    ('،', 0xA1, 0xAC),
];

#[derive(Clone, Copy)]
enum Legacy {
    Windows1256,
    Iso8859_6,
}

fn legacy_bytes(text: &str, encoding: Legacy) -> Vec<u8> {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c as u8;
            }
            let &(_, w, i) = LEGACY
                .iter()
                .find(|(l, _, _)| *l == c)
                .unwrap_or_else(|| panic!("{c} is not in the test's table"));
            match encoding {
                Legacy::Windows1256 => w,
                Legacy::Iso8859_6 => i,
            }
        })
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

const LEGACY_TITLE: &str = "روسيا وتركيا وإيران تتفق على مناطق خفض التصعيد";
const LEGACY_BODY: &str =
    "قالت الدول الضامنة، في بيان ختامي في أستانا، إن الجولة المقبلة ستعقد في الشهر المقبل.";

fn legacy_text() -> String {
    format!("{LEGACY_TITLE}\n\n{LEGACY_BODY}\n")
}

#[test]
fn legacy_arabic_encodings_are_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    for (name, encoding, label) in [
        ("w1256.txt", Legacy::Windows1256, "windows-1256"),
        ("iso.txt", Legacy::Iso8859_6, "ISO-8859-6"),
    ] {
        let path = write(dir.path(), name, legacy_bytes(&legacy_text(), encoding));
        let corpus = load(&[path]);
        assert_eq!(corpus.articles.len(), 1, "{name}");
        let a = &corpus.articles[0];
        assert_eq!(&*a.title, LEGACY_TITLE, "{name}");
        assert_eq!(*a.text, legacy_text(), "{name}");
        assert_eq!(a.extraction.guarantors.len(), 3, "{name}");
        assert_eq!(
            warnings(&corpus),
            [format!(
                "{}: not UTF-8: read as {label} (detected)",
                dir.path().join(name).display()
            )]
        );
    }
}

#[test]
fn utf16_and_utf8_byte_order_marks_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = legacy_text().replace('\n', "\r\n");
    for (name, bytes, note) in [
        ("le.txt", utf16(&text, false), Some("UTF-16LE")),
        ("be.md", utf16(&text, true), Some("UTF-16BE")),
        (
            "bom8.txt",
            [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
            None,
        ),
    ] {
        let path = write(dir.path(), name, bytes);
        let corpus = load(std::slice::from_ref(&path));
        assert_eq!(corpus.articles.len(), 1, "{name}: {:?}", warnings(&corpus));
        let a = &corpus.articles[0];
        assert_eq!(&*a.title, LEGACY_TITLE, "{name}");
        assert!(a.text.starts_with(LEGACY_TITLE), "{name}: {:?}", a.text);
        assert!(a.text.ends_with("المقبل.\r\n"), "{name}");
        let expected: Vec<String> = note
            .map(|n| format!("{}: read as {n} (byte order mark)", path.display()))
            .into_iter()
            .collect();
        assert_eq!(warnings(&corpus), expected, "{name}");
    }
    // JSON and JSONL with a byte order mark: UTF-8 ones streamed, a UTF-16
    // one read whole.
    let record = format!(r#"{{"id":"r1","title":"{LEGACY_TITLE}","text":"{LEGACY_BODY}"}}"#);
    let files = [
        write(dir.path(), "j/a.json", format!("\u{feff}[{record}]")),
        write(dir.path(), "j/b.jsonl", format!("\u{feff}{record}\n")),
        write(
            dir.path(),
            "j/c.jsonl",
            utf16(&format!("{record}\n"), false),
        ),
    ];
    let corpus = load(&files);
    assert_eq!(ids(&corpus), ["r1", "r1~2", "r1~3"]);
    assert!(corpus.articles.iter().all(|a| *a.title == *LEGACY_TITLE));
    let w = warnings(&corpus);
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w[1].ends_with("c.jsonl: read as UTF-16LE (byte order mark)"),
        "{w:?}"
    );
    assert!(
        w[0].contains("duplicate id") && w[2].contains("duplicate id"),
        "{w:?}"
    );
}

#[test]
fn a_forced_encoding_reads_every_file_without_a_bom() {
    use astana::corpus::{Encoding, LoadOptions, load_into_with};
    let dir = tempfile::tempdir().unwrap();
    // Too short for detection to be sure: ISO-8859-6, said by the user.
    let short = "إيران";
    let iso = write(dir.path(), "a.txt", legacy_bytes(short, Legacy::Iso8859_6));
    let lines = write(
        dir.path(),
        "b.jsonl",
        legacy_bytes(
            &format!("{{\"id\":\"j\",\"text\":\"{short}\"}}\n"),
            Legacy::Iso8859_6,
        ),
    );
    let bom = write(dir.path(), "c.txt", utf16(short, false));
    let options = LoadOptions {
        encoding: Some(Encoding::for_label("arabic").unwrap()),
        ..LoadOptions::default()
    };
    let corpus = load_into_with(
        &[iso.clone(), lines.clone(), bom.clone()],
        options,
        &Extractor::builtin(),
        None,
        &mut (),
    )
    .unwrap();
    let titles: Vec<&str> = corpus.articles.iter().map(|a| &*a.title).collect();
    assert_eq!(titles, [short; 3]);
    assert_eq!(
        warnings(&corpus),
        [
            format!("{}: read as ISO-8859-6 (--encoding)", iso.display()),
            format!("{}: read as ISO-8859-6 (--encoding)", lines.display()),
            format!("{}: read as UTF-16LE (byte order mark)", bom.display()),
        ]
    );
    // The same from the command line; an unknown label is a one-line error.
    let out = astana(&["list", "--encoding", "iso-8859-6", iso.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(
        listed.starts_with("a\t") && listed.ends_with(&format!("\t{short}\n")),
        "{listed}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "astana: warning: {}: read as ISO-8859-6 (--encoding)\n",
            iso.display()
        )
    );
    for args in [
        vec!["--encoding", "klingon", "list", iso.to_str().unwrap()],
        vec!["show", "a", "--encoding", "klingon"],
    ] {
        let out = astana(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("astana: error: unknown encoding 'klingon'"),
            "{err}"
        );
    }
}

#[test]
fn a_file_named_with_an_unknown_extension_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "notes.csv", GOOD);
    let bare = write(dir.path(), "README", GOOD);
    let good = write(dir.path(), "good.txt", GOOD);
    let corpus = load(&[csv.clone(), bare.clone(), good]);
    assert_eq!(ids(&corpus), ["good"]);
    let w = warnings(&corpus);
    assert_eq!(w.len(), 2, "{w:?}");
    for (warning, path) in w.iter().zip([csv, bare]) {
        assert_eq!(
            *warning,
            format!(
                "{}: not a kind of file astana reads (it reads .txt, .md, .json, .jsonl, .ndjson, .html, .htm, .xhtml, .html.gz, .xml, .rss, .atom, .warc, .warc.gz), skipped",
                path.display()
            )
        );
    }
}

#[test]
fn markdown_titles_lose_their_markers() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "m.md",
        "# موسكو وطهران **تتفقان** على _المناطق_ #\n\nنص الخبر.\n",
    );
    let setext = write(dir.path(), "s.md", "موسكو وطهران\n=====\n\nنص الخبر.\n");
    let text = write(dir.path(), "t.txt", "# موسكو وطهران\n\nنص الخبر.\n");
    let corpus = load(&[path, setext, text]);
    let titles: Vec<&str> = corpus.articles.iter().map(|a| &*a.title).collect();
    // A text file's title is its line as written.
    assert_eq!(
        titles,
        [
            "موسكو وطهران تتفقان على المناطق",
            "موسكو وطهران",
            "# موسكو وطهران"
        ]
    );
    // The text is kept as written.
    assert!(corpus.articles[0].text.starts_with("# موسكو"));
}

#[test]
fn a_jsonl_file_in_windows_1256_is_detected_not_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"id\":\"a\",\"text\":\"وقعت الدول الضامنة مذكرة تفاهم في أستانا\"}\n\
                {\"id\":\"b\",\"text\":\"اختتمت الجولة الرابعة من محادثات أستانا\"}\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    assert!(!unmappable);
    let corpus = load(&[write(dir.path(), "old.jsonl", &bytes)]);
    assert_eq!(corpus.articles.len(), 2);
    assert_eq!(
        &*corpus.articles[1].text,
        "اختتمت الجولة الرابعة من محادثات أستانا"
    );
    let w = warnings(&corpus);
    assert!(w.iter().any(|l| l.contains("windows-1256")), "{w:?}");
    assert!(!w.iter().any(|l| l.contains("invalid UTF-8")), "{w:?}");
}
