//! Titles for articles whose first line is a whole paragraph.

/// Lines up to this many characters are titles as they are.
const TITLE_CHARS: usize = 100;
/// A first sentence up to this long is still a usable title.
const SENTENCE_CHARS: usize = 140;
/// A clause (ending at «،» or «:») must be at least this long to stand alone.
const MIN_CLAUSE_CHARS: usize = 30;

/// The title for a first line: the line itself when short; otherwise its
/// first sentence, or first clause, or a prefix clipped at a word boundary
/// near 100 characters with an ellipsis.
pub fn clip_title(line: &str) -> String {
    let line = line.trim();
    if line.chars().count() <= TITLE_CHARS {
        return line.to_string();
    }
    // Only the head of the line matters (it may be a 50 MB one-line article).
    let chars: Vec<(usize, char)> = line.char_indices().take(SENTENCE_CHARS + 1).collect();
    let end_before = |limit: usize, stops: &[char], min: usize| {
        chars
            .iter()
            .take(limit)
            .enumerate()
            .skip(min)
            .find(|(_, (_, c))| stops.contains(c))
            .map(|(_, &(at, _))| at)
    };
    if let Some(at) = end_before(SENTENCE_CHARS, &['.', '!', '?', '؟'], MIN_CLAUSE_CHARS) {
        return line[..at].trim_end().to_string();
    }
    if let Some(at) = end_before(SENTENCE_CHARS, &['،', ',', ':', '؛', ';'], MIN_CLAUSE_CHARS) {
        return line[..at].trim_end().to_string();
    }
    let limit = chars[TITLE_CHARS].0;
    let cut = line[..limit].rfind(char::is_whitespace).unwrap_or(limit);
    format!("{}…", line[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept() {
        assert_eq!(
            clip_title("  نتائج محادثات #أستانا 6 "),
            "نتائج محادثات #أستانا 6"
        );
    }

    #[test]
    fn a_paragraph_is_clipped_at_its_first_clause() {
        let line = "فشلت وفود روسيا وتركيا وإيران في مفاوضات أستانة في الاتفاق على كل التفاصيل المتعلقة بإقامة مناطق عدم تصعيد في سوريا، وقالت في بيان مشترك صدر يوم الأربعاء إنها شكلت مجموعة عمل لوضع اللمسات النهائية على اتفاق سيتم بحثه في أغسطس المقبل.";
        let title = clip_title(line);
        assert!(title.ends_with("في سوريا"), "{title}");
        assert!(title.chars().count() <= SENTENCE_CHARS);
    }

    #[test]
    fn a_first_sentence_wins_over_a_clause() {
        let line = format!("{}. {}", "كلمة ".repeat(20).trim_end(), "أخرى، ".repeat(30));
        assert_eq!(clip_title(&line), "كلمة ".repeat(20).trim_end());
    }

    #[test]
    fn without_punctuation_it_is_cut_at_a_word_near_100_chars() {
        let line = "كلمات ".repeat(60);
        let title = clip_title(&line);
        assert!(title.ends_with('…'));
        assert!(title.chars().count() <= TITLE_CHARS + 1);
        assert!(title.trim_end_matches('…').ends_with("كلمات"));
    }
}
