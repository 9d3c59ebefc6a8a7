use astana::corpus::load_bundled;
use astana::extract::Extractor;
use std::time::Instant;
fn main() {
    let ex = Extractor::builtin();
    let corpus = load_bundled(&ex);
    let texts: Vec<&str> = corpus.articles.iter().map(|a| a.text.as_str()).collect();
    let n = 4000;
    let total: usize = texts.iter().map(|t| t.len()).sum::<usize>() * n;
    let t0 = Instant::now();
    let mut ents = 0;
    for _ in 0..n {
        for t in &texts {
            ents += ex.extract(None, t).entities.len();
        }
    }
    let el = t0.elapsed();
    println!(
        "{} MB in {:?} single thread = {:.0} MB/s ({ents})",
        total / 1_000_000,
        el,
        total as f64 / 1e6 / el.as_secs_f64()
    );
    let t0 = Instant::now();
    let mut k = 0;
    for _ in 0..n {
        for t in &texts {
            k += astana::text::normalize::NormalizedText::new(t).key.len();
        }
    }
    let el = t0.elapsed();
    println!(
        "normalize only: {:?} = {:.0} MB/s {k}",
        el,
        total as f64 / 1e6 / el.as_secs_f64()
    );
}
