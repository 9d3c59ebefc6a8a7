//! The archive end to end, through the real binary: `astana import` of web
//! pages and JSON, one story per canonical URL with its copies, the
//! archive opened with no PATH, a SIGKILLed import taken up again, and an
//! archive opened read-only.

#[path = "web/articles.rs"]
#[allow(dead_code)]
mod articles;
#[path = "web/shapes.rs"]
#[allow(dead_code)]
mod shapes;

use articles::ARTICLES;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn astana(archive: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_astana"))
        .arg("--archive")
        .arg(archive)
        .args(args)
        .env_remove("ASTANA_ARCHIVE")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn list_json(archive: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["list", "--json"];
    args.extend_from_slice(extra);
    let v: Value = serde_json::from_str(&stdout(&astana(archive, &args))).unwrap();
    v.as_array().unwrap().clone()
}

/// Four pages of four stories, the first again as its AMP page, and a JSON
/// file with: the second under its URL plus tracking parameters, the third's
/// text on another site, and a wire reprint of the fourth a day later.
fn fixture_inputs(dir: &Path) -> Vec<PathBuf> {
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    for (i, a) in ARTICLES[..4].iter().enumerate() {
        std::fs::write(pages.join(format!("{i}.html")), shapes::wordpress(a).bytes).unwrap();
    }
    std::fs::write(pages.join("0-amp.html"), shapes::amp(&ARTICLES[0]).bytes).unwrap();
    let (second, third, fourth) = (&ARTICLES[1], &ARTICLES[2], &ARTICLES[3]);
    let (y, m, d) = fourth.day;
    let next_day = chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
        .unwrap()
        .succ_opt()
        .unwrap();
    let records = json!([
        {"id": "tracked", "title": second.title, "text": second.text(), "date": second.iso_day(),
         "url": format!("{}?utm_source=twitter&utm_medium=social#comments", second.url())},
        {"id": "elsewhere", "title": third.title, "text": third.text(), "date": third.iso_day(),
         "url": "https://mirror.example/copy/1"},
        {"id": "wire", "title": fourth.title,
         "text": format!("دمشق - (وكالات)\n\n{}\n\nتابعونا على قناتنا.", fourth.text()),
         "date": next_day.format("%Y-%m-%d").to_string(),
         "url": "https://wire-reprints.example/2017/astana"},
    ]);
    let json = dir.join("records.json");
    std::fs::write(&json, serde_json::to_vec(&records).unwrap()).unwrap();
    vec![pages, json]
}

#[test]
fn import_keeps_one_story_per_url_and_counts_its_copies() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("data/archive.sqlite3");
    let inputs = fixture_inputs(dir.path());
    let mut args = vec!["import"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let out = stdout(&astana(&archive, &args));
    assert_eq!(
        out, "imported 6 files: 4 new, 2 copies, 2 already there\n",
        "the AMP page and the tracked URL are known; the mirror and the wire reprint are copies"
    );

    let stories = list_json(&archive, &[]);
    assert_eq!(stories.len(), 4, "{stories:#?}");
    let copies: Vec<(String, u64)> = stories
        .iter()
        .map(|s| {
            (
                s["url"].as_str().unwrap().to_string(),
                s["copies"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = ARTICLES[..4]
        .iter()
        .zip([0, 0, 1, 1])
        .map(|(a, n)| (a.url(), n))
        .collect();
    assert_eq!(copies, expected);
    // Every copy with --all; the list line marks a story's copies.
    assert_eq!(list_json(&archive, &["--all"]).len(), 6);
    let lines = stdout(&astana(&archive, &["list"]));
    let marked: Vec<&str> = lines.lines().filter(|l| l.ends_with(" +1")).collect();
    assert_eq!(marked.len(), 2, "{lines}");
    // A copy is shown by its id; facets count each story once.
    let shown = stdout(&astana(&archive, &["show", "wire", "--json"]));
    assert!(shown.contains("wire-reprints.example"), "{shown}");
    let facets: Value =
        serde_json::from_str(&stdout(&astana(&archive, &["facets", "--json"]))).unwrap();
    let all_facets: Value =
        serde_json::from_str(&stdout(&astana(&archive, &["facets", "--json", "--all"]))).unwrap();
    assert_ne!(facets, all_facets, "--all counts the copies too");

    // Importing again adds nothing.
    let again = stdout(&astana(&archive, &args));
    assert_eq!(
        again,
        "imported 6 files: 0 new, 0 copies, 8 already there\n"
    );
}

#[test]
fn no_archive_or_an_empty_one_shows_the_bundled_articles() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.sqlite3");
    assert_eq!(list_json(&missing, &[]).len(), 5);
    assert!(!missing.exists(), "looking does not create it");
    // An archive with nothing in it: the seeds still.
    let empty_dir = dir.path().join("empty");
    std::fs::create_dir_all(&empty_dir).unwrap();
    let empty = dir.path().join("empty.sqlite3");
    let out = astana(&empty, &["import", "--quiet", empty_dir.to_str().unwrap()]);
    assert_eq!(stdout(&out), "");
    assert!(empty.exists());
    assert_eq!(list_json(&empty, &[]).len(), 5);
}

/// Many small files, so that the import is still running when it is killed.
fn many_files(dir: &Path, count: usize) -> PathBuf {
    let folder = dir.join("many");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..count {
        let a = &ARTICLES[i % ARTICLES.len()];
        // Distinct texts: each file's number is in it.
        let text = format!(
            "{} رقم {i}\n\n{}\n\nملاحظة {i}: {}",
            a.title,
            a.paragraphs[i % a.paragraphs.len()],
            "ع".repeat(i % 7 + 1)
        );
        std::fs::write(folder.join(format!("{i:04}.txt")), text).unwrap();
    }
    folder
}

fn count_rows(archive: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(archive, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn a_killed_import_leaves_a_sound_archive_and_a_rerun_finishes_it() {
    const FILES: usize = 1500;
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive.sqlite3");
    let folder = many_files(dir.path(), FILES);
    let mut child = Command::new(env!("CARGO_BIN_EXE_astana"))
        .arg("--archive")
        .arg(&archive)
        .args(["import", "--quiet"])
        .arg(&folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some articles are in (bounded wait).
    let started = Instant::now();
    let mut seen = 0;
    while started.elapsed() < Duration::from_secs(120) {
        if archive.exists() {
            seen = count_rows(&archive);
            if seen >= 20 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let at_kill = count_rows(&archive);
    assert!(seen >= 20, "the import started writing");
    assert!(
        (at_kill as usize) < FILES,
        "killed mid-way ({at_kill} of {FILES} written)"
    );
    {
        let conn = rusqlite::Connection::open(&archive).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    let out = stdout(&astana(&archive, &["import", folder.to_str().unwrap()]));
    let known = format!("{at_kill} already there");
    assert!(out.contains(&known), "{out}");
    // Every file once: no article twice, none lost.
    let conn = rusqlite::Connection::open(&archive).unwrap();
    let (rows, names): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT name) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, names), (FILES as i64, FILES as i64));
}

#[test]
fn a_read_only_archive_is_read_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive.sqlite3");
    let inputs = fixture_inputs(dir.path());
    stdout(&astana(
        &archive,
        &["import", "--quiet", inputs[1].to_str().unwrap()],
    ));
    let before = std::fs::read(&archive).unwrap();
    // Opened read-only through the API: read, never written.
    let mut opened = astana::archive::Archive::open_read_only(&archive).unwrap();
    assert!(opened.is_read_only());
    let extractor = astana::extract::Extractor::builtin();
    let corpus = opened.load_into(false, &extractor, None, &mut ()).unwrap();
    assert_eq!(corpus.articles.len(), 3);
    let article = corpus.articles[0].clone();
    let mut changed = article.clone();
    changed.meta.as_mut().unwrap().url = Some("https://new.example/x".into());
    assert!(opened.add(&changed, extractor.fingerprint()).is_err());
    drop(opened);
    assert_eq!(std::fs::read(&archive).unwrap(), before);
    // Through the binary, with the file and its folder not writable (root
    // writes anyway: then only the API part above is checked).
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("running as root: file permissions do not stop writes, binary part skipped");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let read_only = std::fs::Permissions::from_mode(0o555);
    std::fs::set_permissions(&archive, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), read_only).unwrap();
    let out = astana(&archive, &["list", "--json"]);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("opened read-only"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
}

/// With the archive in use, bookmarks and notes are kept in its file; with
/// files named, in the state folder's store.
#[test]
fn marks_live_in_the_archive_when_it_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("data/archive.sqlite3");
    let state = dir.path().join("state");
    let inputs = fixture_inputs(dir.path());
    let mut args = vec!["import"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    stdout(&astana(&archive, &args));
    // A bookmark written into the archive's file, as the explorer writes it.
    let extractor = astana::extract::Extractor::builtin();
    let (corpus, _) =
        astana::archive::load_default_into(Some(&archive), false, &extractor, None, &mut ())
            .unwrap();
    let marked = &corpus.articles[0];
    let store = astana::marks::MarkStore::open(&archive).unwrap();
    let mark = astana::marks::Mark {
        bookmarked: true,
        note: Some("للمتابعة".into()),
    };
    store.set(marked, &mark).unwrap();
    drop(store);
    let list = |extra: &[&str]| -> Vec<Value> {
        let out = Command::new(env!("CARGO_BIN_EXE_astana"))
            .arg("--archive")
            .arg(&archive)
            .args(["list", "--json"])
            .args(extra)
            .env_remove("ASTANA_ARCHIVE")
            .env("XDG_STATE_HOME", &state)
            .output()
            .unwrap();
        serde_json::from_str::<Value>(&stdout(&out))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let stories = list(&[]);
    let row = stories
        .iter()
        .find(|s| s["id"] == *marked.id)
        .expect("the marked story is listed");
    assert_eq!(row["bookmarked"], true);
    assert_eq!(row["note"], "للمتابعة");
    // Files named: the archive is not in use, nor are its marks.
    let pages = inputs[0].to_str().unwrap();
    assert!(list(&[pages]).iter().all(|s| s["bookmarked"] == false));
    assert!(!state.join("astana/marks.sqlite3").exists());
}
