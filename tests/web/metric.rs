//! The article-extraction benchmark's metric (its README): `\w+` tokens,
//! shingles of 4 tokens, true/false positives and negatives over the
//! shingle multisets, normalised to sum to 1 per page.

use std::collections::HashMap;

const SHINGLE: usize = 4;

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    // A text shorter than a shingle is one shingle of all its tokens.
    let count = tokens.len().saturating_sub(SHINGLE - 1).max(1);
    for i in 0..count {
        let end = (i + SHINGLE).min(tokens.len());
        *out.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// (tp, fp, fn) of one page, normalised to sum to 1 (all 0 when both texts
/// are empty).
pub fn page_score(gold: &str, got: &str) -> [f64; 3] {
    let (gold, got) = (shingles(gold), shingles(got));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for key in gold
        .keys()
        .chain(got.keys().filter(|k| !gold.contains_key(*k)))
    {
        let (g, p) = (
            gold.get(key).copied().unwrap_or(0),
            got.get(key).copied().unwrap_or(0),
        );
        tp += g.min(p);
        fp += p.saturating_sub(g);
        fn_ += g.saturating_sub(p);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return [0.0; 3];
    }
    [tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum]
}

/// Precision, recall and F1 from the pages' averaged counts.
pub fn prf(scores: &[[f64; 3]]) -> (f64, f64, f64) {
    let n = scores.len().max(1) as f64;
    let avg = |i: usize| scores.iter().map(|s| s[i]).sum::<f64>() / n;
    let (tp, fp, fn_) = (avg(0), avg(1), avg(2));
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[test]
fn the_metric_scores_what_it_should() {
    let gold = "one two three four five six";
    assert_eq!(page_score(gold, gold), [1.0, 0.0, 0.0]);
    // Half the shingles found, none extra.
    let s = page_score(gold, "one two three four five");
    assert_eq!(s, [2.0 / 3.0, 0.0, 1.0 / 3.0]);
    assert_eq!(page_score(gold, ""), [0.0, 0.0, 1.0]);
    let (p, r, f) = prf(&[[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]]);
    assert!((p - 0.75).abs() < 1e-9 && (r - 1.0).abs() < 1e-9 && (f - 6.0 / 7.0).abs() < 1e-9);
    assert_eq!(
        tokens("أستانا-6، «الجولة» x_y"),
        ["أستانا", "6", "الجولة", "x_y"]
    );
}
