//! `astana statements` and the statements of `show --json`, end to end on
//! an article written for the test.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const ARTICLE: &str = "لافروف: إدلب أولوية\n\
وقال وزير الخارجية الروسي سيرغي لافروف إن الوضع في إدلب يتطلب حلا سريعا. \
وأضاف أن موسكو لن تسمح للإرهابيين بالتمدد.\n\
«لن ننسحب من المسار»، قال أحمد طعمة للصحفيين.\n\
وقال مصدر دبلوماسي إن الجولة ستعقد في موعدها.\n";

fn article_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("astana-statements-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lavrov.txt"), ARTICLE).unwrap();
    dir
}

fn astana(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(args)
        .output()
        .expect("run astana")
}

#[test]
fn statements_print_one_line_per_statement_with_its_speaker() {
    let dir = article_dir("lines");
    let out = astana(&["statements", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{stdout}");
    assert!(rows.iter().all(|r| r.len() == 3), "{stdout}");
    assert_eq!(rows[0][1], "Sergei Lavrov");
    assert_eq!(rows[0][2], "الوضع في إدلب يتطلب حلا سريعا");
    // «وأضاف أن …»: the speaker named before.
    assert_eq!(rows[1][1], "Sergei Lavrov");
    assert_eq!(rows[1][2], "موسكو لن تسمح للإرهابيين بالتمدد");
    assert_eq!(rows[2][1], "Ahmad Toma");
    assert_eq!(rows[2][2], "لن ننسحب من المسار");
    // An unnamed source: no speaker.
    assert_eq!(rows[3][1], "");
    // A query selects the articles first.
    let none = astana(&["statements", "-q", "zzzz", dir.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn statement_offsets_point_into_the_article_text() {
    let dir = article_dir("json");
    let out = astana(&["statements", "--json", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let statements: Value = serde_json::from_slice(&out.stdout).unwrap();
    let statements = statements.as_array().unwrap();
    assert_eq!(statements.len(), 4);
    let id = statements[0]["article"].as_str().unwrap().to_string();
    let show = astana(&["show", "--json", &id, dir.to_str().unwrap()]);
    assert_eq!(
        show.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&show.stderr)
    );
    let article: Value = serde_json::from_slice(&show.stdout).unwrap();
    let text = article["text"].as_str().unwrap();
    assert_eq!(article["statements"], Value::Array(statements.clone()));
    for s in statements {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], s["text"].as_str().unwrap());
    }
    let speaker = &statements[0]["speaker"];
    assert_eq!(speaker["kind"], "person");
    assert_eq!(speaker["key"], "lavrov");
    assert_eq!(speaker["arabic"], "سيرغي لافروف");
    assert_eq!(statements[0]["verb"], "وقال");
    assert_eq!(statements[3]["speaker"], Value::Null);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn statements_export_as_csv_and_json_lines() {
    let dir = article_dir("formats");
    let path = dir.to_str().unwrap();
    let json: Value =
        serde_json::from_slice(&astana(&["statements", "--json", path]).stdout).unwrap();
    let statements = json.as_array().unwrap();
    assert!(!statements.is_empty());
    // JSON Lines: the same objects, one per line.
    let jsonl =
        String::from_utf8(astana(&["statements", "--format", "jsonl", path]).stdout).unwrap();
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, statements);
    // CSV: a header, then one record per statement; the words said hold
    // commas here («...»، «...»), so they are quoted.
    let csv = String::from_utf8(astana(&["statements", "--format", "csv", path]).stdout).unwrap();
    let records: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(records[0], "article,speaker,verb,text,start,end");
    assert_eq!(records.len(), statements.len() + 1);
    for (record, statement) in records[1..].iter().zip(statements) {
        let end = statement["end"].to_string();
        let start = statement["start"].to_string();
        assert!(record.ends_with(&format!(",{start},{end}")), "{record}");
        let text = statement["text"].as_str().unwrap();
        let quoted = if text.contains([',', '"']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        };
        assert!(record.contains(&quoted), "{record}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
