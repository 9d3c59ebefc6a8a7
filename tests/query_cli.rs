//! The filter language end to end: `astana list -q ...` on the bundled
//! articles (the five seeds), as a user runs it.

use std::process::{Command, Output};

const ALL: [&str; 5] = ["000", "001", "002", "003", "004"];

fn astana(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(args)
        // No archive: the bundled articles, whatever this machine has.
        .env(
            "ASTANA_ARCHIVE",
            "/nonexistent/astana-tests/archive.sqlite3",
        )
        .output()
        .expect("run astana")
}

/// The seed numbers (`000`...) listed for a query, in result order.
fn list(query: &str) -> Vec<String> {
    list_args(&["list", "-q", query])
}

fn list_args(args: &[&str]) -> Vec<String> {
    let out = astana(args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let found: Vec<String> = stdout
        .lines()
        .map(|line| line.split('_').next().unwrap().to_string())
        .collect();
    let code = out.status.code();
    assert_eq!(
        code,
        Some(if found.is_empty() { 1 } else { 0 }),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    found
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn error_of(query: &str) -> String {
    let out = astana(&["list", "-q", query]);
    assert_eq!(out.status.code(), Some(2), "{query}");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn latin_names_find_the_seeds_that_contain_them() {
    assert_eq!(sorted(list("lavrentiev")), ["000", "001", "004"]);
    assert_eq!(sorted(list("idlib")), ["000", "001", "002", "004"]);
    assert_eq!(sorted(list("ghouta")), ["000", "001", "002"]);
    assert_eq!(sorted(list("abdrakhmanov")), ["000", "001", "002"]);
    assert_eq!(sorted(list("astana")), ALL);
    assert_eq!(sorted(list("iran")), ALL);
}

#[test]
fn arabic_and_latin_forms_give_the_same_articles() {
    for (latin, arabic) in [
        ("idlib", "إدلب"),
        ("idlib", "ادلب"),
        ("ghouta", "الغوطة"),
        ("ghouta", "غوطه"),
        ("astana", "آستانة"),
        ("iran", "ايران"),
        ("russia", "روسيا"),
    ] {
        assert_eq!(
            sorted(list(latin)),
            sorted(list(arabic)),
            "{latin} / {arabic}"
        );
    }
}

#[test]
fn russia_is_not_rais() {
    // رئيس (president) has the consonants of "russia"; an article with the
    // word and no Russian mention must not match.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rais.txt"),
        "الرئيس يستقبل وفدا\nاستقبل الرئيس السوري وفدا من الأمم المتحدة في دمشق.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rusi.txt"),
        "وفد روسي في دمشق\nوصل الوفد الروسي إلى دمشق.\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let out = astana(&["list", "-q", "russia", path]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("rusi"), "{stdout}");
    assert!(!stdout.contains("rais"), "{stdout}");
    let out = astana(&["list", "-q", "president", path]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn title_hits_come_first() {
    // 003's title is «أستانة: التوافق على مناطق ...»; 002 has التوافق in
    // its text only.
    assert_eq!(list("التوافق"), ["003", "002"]);
    assert_eq!(list("'التوافق"), ["003", "002"]);
    // An empty query lists everything in corpus order.
    assert_eq!(list(""), ALL);
}

#[test]
fn exact_terms_and_negation() {
    assert_eq!(sorted(list("'الضامنة")), ["000", "001", "002", "004"]);
    // Exact terms are normalized too: الضامنه, with or without the article.
    assert_eq!(sorted(list("'ضامنه")), ["000", "001", "002", "004"]);
    assert_eq!(list("'علوش"), ["003"]);
    assert!(list("'lavrentiev").is_empty());
    assert_eq!(list("!idlib"), ["003"]);
    assert_eq!(list("!'الضامنة"), ["003"]);
    assert_eq!(sorted(list("ghouta !abdrakhmanov")), Vec::<String>::new());
    assert_eq!(sorted(list("astana !ghouta")), ["003", "004"]);
}

#[test]
fn malformed_terms_are_one_line_errors() {
    for bad in ["r:abc", "g:", "g:france", "x:idlib", "r:6-4", "!"] {
        let message = error_of(bad);
        assert!(message.starts_with("astana: error: "), "{message}");
        assert!(message.contains(bad), "{message}");
    }
    let message = error_of("idlib r:abc");
    assert!(message.contains("r:abc"));
}

#[test]
fn timings_report_load_index_and_match() {
    let out = astana(&["list", "--timings", "-q", "idlib"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    for part in ["load", "index", "match"] {
        assert!(stderr.contains(part), "{stderr}");
    }
}

// The tests below need the extractor (rounds, guarantors, entities).

#[test]
fn guarantor_terms_in_both_scripts() {
    let turkey = sorted(list("g:turkey"));
    assert!(turkey.contains(&"000".to_string()), "{turkey:?}");
    assert!(!turkey.contains(&"003".to_string()), "{turkey:?}");
    assert_eq!(sorted(list("g:tur")), turkey);
    assert_eq!(sorted(list("g:تركيا")), turkey);
    assert_eq!(sorted(list("guarantor:iran")), sorted(list("g:إيران")));
    assert_eq!(sorted(list_args(&["list", "-g", "turkey"])), turkey);
}

#[test]
fn round_terms_and_the_round_option() {
    assert!(list("r:4").contains(&"000".to_string()));
    assert!(list("r:6").contains(&"002".to_string()));
    assert!(list("round:20").contains(&"004".to_string()));
    let four_or_six = sorted(list("r:4,6"));
    assert!(four_or_six.contains(&"000".to_string()) && four_or_six.contains(&"002".to_string()));
    assert!(!four_or_six.contains(&"004".to_string()));
    assert_eq!(
        sorted(list_args(&["list", "-r", "4", "-r", "6"])),
        four_or_six
    );
    let range = sorted(list("r:4-6"));
    assert!(four_or_six.iter().all(|id| range.contains(id)));
    assert!(!list("r:none").contains(&"004".to_string()));
}

#[test]
fn person_place_and_source_fields() {
    let lavrentiev = sorted(list("p:lavrentiev"));
    assert_eq!(lavrentiev, ["000", "001", "004"]);
    assert_eq!(sorted(list("person:لافرنتييف")), lavrentiev);
    assert!(list("l:lavrentiev").is_empty());
    let idlib = sorted(list("l:idlib"));
    assert!(idlib.contains(&"002".to_string()), "{idlib:?}");
    assert_eq!(sorted(list("l:إدلب")), idlib);
    assert!(list("p:idlib").is_empty());
}

#[test]
fn organisation_and_source_fields_and_exonyms() {
    assert_eq!(list("o:nusra"), ["003"]);
    assert_eq!(list("o:النصرة"), ["003"]);
    assert!(list("p:nusra").is_empty());
    // Agencies named in the text (إيلاف, رويترز), in either script.
    assert_eq!(list("s:elaph"), ["001"]);
    assert_eq!(list("s:إيلاف"), ["001"]);
    assert_eq!(list("source:reuters"), list("s:رويترز"));
    // Exonyms reach the Arabic text through the gazetteer's names.
    for (latin, arabic) in [("aleppo", "حلب"), ("geneva", "جنيف"), ("damascus", "دمشق")]
    {
        let found = sorted(list(latin));
        assert!(!found.is_empty(), "{latin}");
        assert_eq!(found, sorted(list(arabic)), "{latin} / {arabic}");
    }
}

#[test]
fn a_quoted_phrase_needs_its_words_adjacent_and_in_order() {
    // مذكرة is in 000, 002 and 003; «مذكرة تفاهم» only in 000.
    assert_eq!(sorted(list("مذكرة")), ["000", "002", "003"]);
    assert_eq!(list("\"مذكرة تفاهم\""), ["000"]);
    // مناطق and آمنة are both in 000, 001 and 004; «مناطق آمنة» only in 000.
    assert_eq!(list("\"مناطق آمنة\""), ["000"]);
    assert_eq!(list("\"مناطق امنه\""), ["000"]);
    assert!(list("\"آمنة مناطق\"").is_empty());
    assert_eq!(
        sorted(list("!\"مناطق آمنة\"")),
        ["001", "002", "003", "004"]
    );
    // Guillemets quote as well, and an unterminated quote runs to the end.
    assert_eq!(list("«مذكرة تفاهم»"), ["000"]);
    assert_eq!(list("\"مذكرة تفا"), ["000"]);
    assert!(error_of("\"\"").contains("phrase"));
}

#[test]
fn rounds_by_ordinal_words() {
    assert_eq!(list("r:الرابعة"), list("r:4"));
    assert_eq!(list("r:fourth"), list("r:4"));
    assert_eq!(list_args(&["list", "-r", "الرابع"]), list("r:4"));
    assert_eq!(
        list_args(&["list", "-r", "الحادية عشرة", "-r", "4"]),
        list("r:4,11")
    );
    assert!(error_of("r:الجولة").contains("ordinal"));
}

fn one_line_error(args: &[&str], dir: Option<&std::path::Path>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_astana"));
    command.args(args);
    command.env(
        "ASTANA_ARCHIVE",
        "/nonexistent/astana-tests/archive.sqlite3",
    );
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn a_misspelt_command_is_named() {
    let dir = tempfile::tempdir().unwrap();
    for (typed, meant) in [
        ("lsit", "list"),
        ("lis", "list"),
        ("shwo", "show"),
        ("facetss", "facets"),
        ("synht", "synth"),
    ] {
        let err = one_line_error(&[typed, "002"], Some(dir.path()));
        assert_eq!(
            err,
            format!(
                "astana: error: {typed}: no such file or directory; did you mean 'astana {meant}'?\n"
            )
        );
    }
    // Two edits away, or a path that exists: no guess.
    let err = one_line_error(&["lsti"], Some(dir.path()));
    assert!(!err.contains("did you mean"), "{err}");
    std::fs::write(dir.path().join("lsit"), "نص").unwrap();
    let err = one_line_error(&["lsit"], Some(dir.path()));
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn show_opens_an_article_by_a_unique_id_prefix() {
    let out = astana(&["show", "002"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("id: 002_570e6e881693ac24"), "{text}");
    let out = astana(&["show", "--json", "004_59"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "004_59c7c736973aeb64");
    // Ambiguous: every candidate named, in one line.
    let err = one_line_error(&["show", "00"], None);
    assert!(
        err.starts_with("astana: error: id '00' is ambiguous: 5 articles start with it: "),
        "{err}"
    );
    for n in ALL {
        assert!(err.contains(&format!("{n}_")), "{err}");
    }
    let err = one_line_error(&["show", "1"], None);
    assert_eq!(err, "astana: error: no article with id '1'\n");
}

#[test]
fn ambiguous_ids_are_listed_without_their_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.jsonl");
    let lines: String = (0..12)
        .map(|n| format!("{{\"id\":\"x\\u001b[2J{n:02}\",\"text\":\"نص\"}}\n"))
        .collect();
    std::fs::write(&path, lines).unwrap();
    let err = one_line_error(&["show", "x", path.to_str().unwrap()], None);
    assert!(!err.trim_end().chars().any(char::is_control), "{err:?}");
    assert!(err.contains("12 articles start with it"), "{err}");
    // Ten named, the rest counted.
    assert!(
        err.contains("x\u{241b}[2J09") && !err.contains("2J10"),
        "{err}"
    );
    assert!(err.trim_end().ends_with(" and 2 more"), "{err}");
}
