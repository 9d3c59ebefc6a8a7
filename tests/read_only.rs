//! astana never writes to what it reads: every input file has the same
//! bytes and modification time after a session, and no file appears or
//! disappears next to them.

mod pty;

use pty::{EXIT_LIMIT, Options, Session, keys};
use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
    time::SystemTime,
};

#[derive(Debug, PartialEq, Eq)]
struct FileState {
    bytes: Vec<u8>,
    modified: SystemTime,
    readonly: bool,
}

/// Every file under `dir`, with its contents and metadata.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, FileState> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::metadata(&path).unwrap();
            if meta.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.clone(),
                    FileState {
                        bytes: fs::read(&path).unwrap(),
                        modified: meta.modified().unwrap(),
                        readonly: meta.permissions().readonly(),
                    },
                );
            }
        }
    }
    files
}

/// A small archive in every format astana reads, including a broken line.
fn archive(dir: &Path) {
    fs::create_dir_all(dir.join("nested")).unwrap();
    fs::write(
        dir.join("one.txt"),
        "إيران وروسيا وتركيا في أستانا\nاجتمعت الدول الضامنة في الجولة الرابعة.\n",
    )
    .unwrap();
    fs::write(
        dir.join("nested/two.md"),
        "# لافرنتييف في أستانا\n\nقال ألكسندر لافرنتييف إن الجولة المقبلة ستعقد قريبا.\n",
    )
    .unwrap();
    fs::write(
        dir.join("three.json"),
        r#"[{"id":"j1","title":"مذكرة تفاهم","text":"وقعت روسيا وتركيا وإيران مذكرة في أستانا 4."}]"#,
    )
    .unwrap();
    fs::write(
        dir.join("four.jsonl"),
        concat!(
            r#"{"id":"l1","title":"بيان ختامي","text":"البيان الختامي للجولة 20 من محادثات أستانا."}"#,
            "\n{not json\n",
            r#"{"id":"l2","title":"إدلب","text":"بحثت الجولة الوضع في إدلب."}"#,
            "\n"
        ),
    )
    .unwrap();
}

#[test]
fn an_explorer_session_changes_no_input_file() {
    let dir = tempfile::tempdir().unwrap();
    archive(dir.path());
    let before = snapshot(dir.path());
    assert_eq!(before.len(), 4);

    let path = dir.path().to_str().unwrap();
    let mut s = Session::start(Options::new(100, 30, &[path]));
    s.expect_text(" articles");
    s.type_text("/");
    s.type_text("أستانا");
    s.settle();
    s.send(keys::ENTER);
    s.settle();
    for key in ["n", "y", "Y", "j", "]", "f"] {
        s.type_text(key);
        s.settle();
    }
    s.send(keys::ESC);
    s.settle();
    s.type_text("q");
    let status = s.wait_exit(EXIT_LIMIT).expect("q quits");
    assert!(status.success(), "{status:?}");

    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn the_scriptable_commands_change_no_input_file() {
    let dir = tempfile::tempdir().unwrap();
    archive(dir.path());
    let before = snapshot(dir.path());
    let path = dir.path().to_str().unwrap();
    for args in [
        vec!["list", path],
        vec!["list", "--json", "-g", "iran", path],
        vec!["show", "j1", path],
        vec!["show", "--json", "l2", path],
        vec!["facets", "--json", path],
    ] {
        let out = Command::new(pty::astana()).args(&args).output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {out:?}"
        );
    }
    assert_eq!(snapshot(dir.path()), before);
}
