//! The right-to-left layout checked against an independent implementation:
//! GNU FriBidi's command line tool (`fribidi --nopad --rtl`, Debian package
//! `libfribidi-bin`). Arabic chunks of the seed articles that fit on one
//! line must come out as the same visual string.
//!
//! The only things removed before comparing are the U+FEFF FriBidi inserts
//! after a lam-alef ligature to keep the string length and the bidi marks
//! astana drops after reading them: presentation forms, harakat, mirrored
//! brackets and digits must all be identical.
//!
//! When `fribidi` is not installed the test cannot run: it says so on the
//! terminal (not through the captured test output) and returns, or fails
//! when `ASTANA_REQUIRE_FRIBIDI` is set.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use astana::text::layout::{BidiMode, cell_width, layout_text};

const WIDTH: u16 = 80;
const WORDS_PER_CHUNK: usize = 8;

/// FriBidi pads each lam-alef ligature with U+FEFF to keep the string
/// length, and keeps the bidi marks (LRM, RLM, ALM) that astana reads and
/// then drops by design; nothing else is folded.
fn unpad(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}'))
        .collect()
}

fn first_strong_is_arabic(text: &str) -> bool {
    for c in text.chars() {
        if c.is_alphabetic() {
            return matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}');
        }
    }
    false
}

/// Arabic chunks of at most eight words of the seed articles, each fitting
/// in the width.
fn seed_chunks() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/ directory")
        .map(|e| e.expect("seed entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut chunks = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("seed text");
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            for group in words.chunks(WORDS_PER_CHUNK) {
                let chunk = group.join(" ");
                if first_strong_is_arabic(&chunk) && cell_width(&chunk) <= WIDTH {
                    chunks.push(chunk);
                }
            }
        }
    }
    chunks
}

fn fribidi(lines: &[String], direction: &[&str]) -> Option<Vec<String>> {
    let mut child = Command::new("fribidi")
        .args(["--nopad", "--nobreak"])
        .args(direction)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut input = lines.join("\n");
    input.push('\n');
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.lines().map(str::to_owned).collect())
}

/// Straight to the terminal: the test harness captures `eprintln!`.
fn tell(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// FriBidi's visual lines, or `None` when it cannot run: then it says so
/// on the terminal, or fails when `ASTANA_REQUIRE_FRIBIDI` is set.
fn fribidi_or_skip(lines: &[String], direction: &[&str], label: &str) -> Option<Vec<String>> {
    let expected = fribidi(lines, direction);
    if expected.is_none() {
        let message = format!(
            "fribidi_oracle ({label}): SKIPPED, the `fribidi` program could not run \
             (install Debian package libfribidi-bin); the layout was NOT compared \
             with GNU FriBidi"
        );
        if std::env::var_os("ASTANA_REQUIRE_FRIBIDI").is_some() {
            panic!("{message}");
        }
        tell(&message);
    }
    expected
}

/// Compares our App layout of each line with FriBidi's, says how many
/// agree, and fails on any difference (showing the first 20). Does nothing
/// more when FriBidi cannot run (`fribidi_or_skip` has said so).
fn assert_agrees_with_fribidi(lines: &[String], direction: &[&str], label: &str) {
    let Some(expected) = fribidi_or_skip(lines, direction, label) else {
        return;
    };
    assert_eq!(
        expected.len(),
        lines.len(),
        "one fribidi line per input line"
    );
    let mut misses = Vec::new();
    for (line, theirs) in lines.iter().zip(&expected) {
        let laid = layout_text(line, &[], WIDTH, BidiMode::App);
        assert_eq!(laid.len(), 1, "line fits on one display line: {line}");
        let ours = laid[0].visual_text();
        if ours != unpad(theirs) {
            misses.push(format!("{line}\n  ours:    {ours}\n  fribidi: {theirs}"));
        }
    }
    let agreed = lines.len() - misses.len();
    tell(&format!(
        "fribidi_oracle ({label}): {agreed} of {} lines agree with GNU FriBidi",
        lines.len()
    ));
    let shown: Vec<&String> = misses.iter().take(20).collect();
    assert!(
        misses.is_empty(),
        "{} lines differ:\n{shown:#?}",
        misses.len()
    );
}

#[test]
fn arabic_seed_lines_match_fribidi() {
    let chunks = seed_chunks();
    assert!(
        chunks.len() > 100,
        "expected many Arabic chunks in seeds/, found {}",
        chunks.len()
    );
    assert_agrees_with_fribidi(&chunks, &["--rtl"], "Arabic seed lines, --rtl");
}

#[test]
fn mixed_direction_lines_match_fribidi() {
    // Numbers, Latin names, brackets and quotes inside Arabic, Arabic inside
    // English; the paragraph direction comes from the first strong letter,
    // as FriBidi decides it without --rtl/--ltr.
    let lines: Vec<String> = [
        "أستانا 4",
        "القرار ٢٢٥٤",
        "القرار 2254 (2015) لمجلس الأمن",
        "قال المبعوث (Alexander Lavrentiev) إن الجولة انتهت",
        "صدر [بيان ختامي مشترك] عن الدول الضامنة",
        "«محادثات أستانا» في 3-4 أيار/مايو 2017",
        "بنسبة 45.5% من الأصوات، أي 1,200 صوت",
        "Astana talks: الجولة الثانية والعشرون",
        "The guarantors (روسيا، تركيا، إيران) met in Astana",
        "round 4 of «أستانا» ended on 4 May",
        "<الوفد> {المعارضة} [النظام]",
        "فضلًا عن ذلك لا أحد",
        "\u{200F}2017 هو عام أستانا",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_agrees_with_fribidi(&lines, &[], "mixed lines, auto direction");
}

#[test]
fn wrapped_seed_paragraphs_match_fribidi_line_by_line() {
    // Whole Arabic paragraphs wrapped at 40 cells: each display line must be
    // what FriBidi makes of that line's logical text.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut logical_lines = Vec::new();
    let mut visual_lines = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/ directory")
        .map(|e| e.expect("seed entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("seed text");
        for paragraph in text.lines().filter(|p| first_strong_is_arabic(p)) {
            for line in layout_text(paragraph, &[], 40, BidiMode::App) {
                // The characters the line draws (not the space consumed at
                // its wrap point), from the line's own map.
                let start = line.cell_map().map(|(_, bytes)| bytes.start).min();
                let end = line.cell_map().map(|(_, bytes)| bytes.end).max();
                let (Some(start), Some(end)) = (start, end) else {
                    continue;
                };
                let logical = &paragraph[start..end];
                if first_strong_is_arabic(logical) {
                    logical_lines.push(logical.to_owned());
                    visual_lines.push(line.visual_text());
                }
            }
        }
    }
    let label = "seed paragraphs wrapped at 40, --rtl";
    let Some(expected) = fribidi_or_skip(&logical_lines, &["--rtl"], label) else {
        return;
    };
    let misses: Vec<String> = logical_lines
        .iter()
        .zip(&visual_lines)
        .zip(&expected)
        .filter(|((_, ours), theirs)| **ours != unpad(theirs))
        .map(|((line, ours), theirs)| format!("{line}\n  ours:    {ours}\n  fribidi: {theirs}"))
        .collect();
    tell(&format!(
        "fribidi_oracle ({label}): {} of {} lines agree with GNU FriBidi",
        logical_lines.len() - misses.len(),
        logical_lines.len()
    ));
    assert!(
        misses.is_empty(),
        "{} lines differ:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// Deterministic pseudo-random lines built from pieces of Arabic news text:
/// letters (Persian ones too), lam-alef, harakat, tatweel, both kinds of
/// digits, Latin, brackets, quotes and punctuation, in any order.
fn random_mixed_lines(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "ب", "ت", "س", "ل", "ا", "أ", "ع", "ه", "ة", "ى", "ي", "و", "ر", "د", "ء", "ئ", "لا", "لأ",
        " ", " ", " ", "َ", "ً", "ّ", "ـ", "12", "٣٤", "x", "Ab", "(", ")", "[", "]", "«", "»", "<",
        ">", "،", ".", ",", "-", "%", "/", "+", "$", "'", "\"", ":", "؟", "!", "@", "#", "پ", "گ",
        "ی", "ک", "ٱ",
    ];
    let mut state = 0x2017_0123_u64;
    let mut next = move || {
        // xorshift64: reproducible without a dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut lines = Vec::with_capacity(count);
    while lines.len() < count {
        let len = 1 + next() % 14;
        let line: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let line = line.trim();
        if !line.is_empty() {
            lines.push(line.to_owned());
        }
    }
    lines
}

#[test]
fn random_mixed_lines_match_fribidi() {
    // Zero-width join controls are left out: they sit in the grapheme of
    // the letter before them here and float separately in FriBidi, which
    // changes nothing on screen but the string.
    let lines = random_mixed_lines(3000);
    assert_agrees_with_fribidi(&lines, &[], "random mixed lines, auto direction");
}
