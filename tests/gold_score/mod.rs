//! Precision and recall of found keys against gold keys, and the table the
//! gold tests print (the tables quoted in docs/EXTRACTION.md). Shared by
//! tests/extraction_gold.rs and tests/class_gold.rs.

use std::collections::BTreeSet;

/// True and false positives and false negatives.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    /// One item's comparison; what differed is said on stderr under `what`.
    pub fn compare(found: &BTreeSet<String>, expected: &BTreeSet<String>, what: &str) -> Score {
        for extra in found.difference(expected) {
            eprintln!("{what}: {extra} found, not in gold");
        }
        for missed in expected.difference(found) {
            eprintln!("{what}: {missed} in gold, missed");
        }
        Score {
            tp: found.intersection(expected).count(),
            fp: found.difference(expected).count(),
            fn_: expected.difference(found).count(),
        }
    }

    pub fn add(&mut self, other: Score) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

/// 1 when there is nothing to count (no item found, none expected).
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Prints a table of scores, one row per name.
pub fn print_table<S: AsRef<str>>(title: &str, rows: impl IntoIterator<Item = (S, Score)>) {
    println!("| {title} | precision | recall | tp | fp | fn |");
    println!("|---|---|---|---|---|---|");
    for (name, s) in rows {
        println!(
            "| {} | {:.2} | {:.2} | {} | {} | {} |",
            name.as_ref(),
            s.precision(),
            s.recall(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
}
