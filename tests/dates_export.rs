//! Publication dates, the `d:` filter, `--sort` and `list --format` end
//! to end, on a JSONL archive the test writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn astana(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(args)
        .output()
        .expect("run astana")
}

/// Six articles: dated by metadata in several shapes, by a dateline, by a
/// date recalled deep in the text (not theirs), and undated.
fn archive(dir: &Path) -> PathBuf {
    let filler = "وتابع المتحدث حديثه عن الوضع الميداني في سوريا. ".repeat(20);
    let records = [
        serde_json::json!({"id": "a", "title": "أستانا 4: مذكرة المناطق", "date": "2017-05-04T10:00:00+03:00",
            "text": "وقعت الدول الضامنة في الجولة الرابعة من محادثات أستانا مذكرة."}),
        serde_json::json!({"id": "b", "title": "الجولة 20, \"الأخيرة\"", "date": "2023-06-21", "source": "عنب بلدي",
            "url": "https://example.org/b?x=1,2",
            "text": "اختتمت الجولة 20 من محادثات أستانا."}),
        serde_json::json!({"id": "c", "title": "أستانا 12",
            "text": "نور سلطان، 25 نيسان/أبريل 2019 (وكالات) - بدأت الجولة الثانية عشرة من محادثات أستانا."}),
        serde_json::json!({"id": "d", "title": "الجولة 21",
            "text": format!("اختتمت الجولة 21 من محادثات أستانا. {filler} وكانت الجولة الأولى قد عقدت في 23 كانون الثاني من العام 2017.")}),
        serde_json::json!({"id": "e", "title": "خبر بلا تاريخ", "text": "قال المبعوث إن المحادثات مستمرة."}),
        serde_json::json!({"id": "f", "title": "أستانا 6", "date": "٢٠١٧-٠٩", "text": "الجولة السادسة من محادثات أستانا."}),
    ];
    let path = dir.join("archive.jsonl");
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn ids(args: &[&str], path: &Path) -> Vec<String> {
    let mut all: Vec<&str> = args.to_vec();
    all.push(path.to_str().unwrap());
    let out = astana(&all);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let found: Vec<String> = stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(
        out.status.code(),
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

#[test]
fn each_article_gets_one_normalized_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    let out = astana(&["list", "--json", path.to_str().unwrap()]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let published: Vec<(String, Option<String>)> = list
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["published"].as_str().map(str::to_string),
            )
        })
        .collect();
    let expect = |id: &str, date: Option<&str>| (id.to_string(), date.map(str::to_string));
    assert_eq!(
        published,
        [
            expect("a", Some("2017-05-04")),
            expect("b", Some("2023-06-21")),
            // The dateline.
            expect("c", Some("2019-04-25")),
            // The first round's date, recalled in a round-21 article, is not its own.
            expect("d", None),
            expect("e", None),
            expect("f", Some("2017-09")),
        ]
    );
    // The metadata's own value stays as given.
    assert_eq!(list[0]["date"], "2017-05-04T10:00:00+03:00");
}

#[test]
fn date_filters_of_each_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    let q = |query: &str| sorted(ids(&["list", "-q", query], &path));
    assert_eq!(q("d:2017"), ["a", "f"]);
    assert_eq!(q("d:2017-05"), ["a"]);
    assert_eq!(q("d:2017-05-04"), ["a"]);
    assert_eq!(q("d:2019..2023"), ["b", "c"]);
    assert_eq!(q("d:2017-05-01..2017-06-30"), ["a"]);
    assert_eq!(q("d:2022.."), ["b"]);
    assert_eq!(q("d:..2018"), ["a", "f"]);
    assert_eq!(q("d:none"), ["d", "e"]);
    assert_eq!(q("!d:none"), ["a", "b", "c", "f"]);
    assert_eq!(q("d:٢٠١٩"), ["c"]);
    assert_eq!(q("d:2017,2019"), ["a", "c", "f"]);
    assert_eq!(q("d:2018").len(), 0);
    assert_eq!(
        sorted(ids(&["list", "-d", "2017", "-d", "none"], &path)),
        ["a", "d", "e", "f"]
    );
}

#[test]
fn a_bad_date_is_a_one_line_error_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    for bad in ["d:2017-13", "d:2023..2019", "d:tomorrow"] {
        let out = astana(&["list", "-q", bad, path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(bad), "{stderr}");
    }
}

#[test]
fn sort_by_date_and_by_round() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    // Newest first; a month sorts before the days of that month's year
    // that come later; undated last, in relevance order.
    assert_eq!(
        ids(&["list", "--sort", "date"], &path),
        ["b", "c", "f", "a", "d", "e"]
    );
    // Rounds ascending, none last.
    assert_eq!(
        ids(&["list", "--sort", "round"], &path),
        ["a", "f", "c", "b", "d", "e"]
    );
}

#[test]
fn csv_has_a_header_and_quotes_by_rfc_4180() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    let out = astana(&[
        "list",
        "--format",
        "csv",
        "-q",
        "r:20",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "id,round,guarantors,title,date,source,url\r\n\
         b,20,,\"الجولة 20, \"\"الأخيرة\"\"\",2023-06-21,عنب بلدي,\"https://example.org/b?x=1,2\"\r\n"
    );
}

#[test]
fn jsonl_is_one_article_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path());
    let out = astana(&["list", "--format", "jsonl", path.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
    // --json and --format json print the same array.
    let a = astana(&["list", "--json", path.to_str().unwrap()]);
    let b = astana(&["list", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(a.stdout, b.stdout);
}
