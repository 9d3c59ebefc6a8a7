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

/// Characters of a Markdown title line looked at: more than a clipped
/// title needs, so that a one-line file of megabytes is not copied whole.
const MARKDOWN_HEAD_CHARS: usize = 1024;

/// The title for a Markdown file's first line: without its heading markers
/// (`# ` to `###### `, and a closing run of `#`) and emphasis markers
/// (`*`, `_`, `**`, `__`, `***`), then clipped as [`clip_title`] clips.
/// A setext heading needs nothing: its underline is the second line.
pub fn markdown_title(line: &str) -> String {
    let head = match line.char_indices().nth(MARKDOWN_HEAD_CHARS) {
        Some((at, _)) => &line[..at],
        None => line,
    };
    let plain = strip_emphasis(strip_heading(head.trim()));
    if plain.trim().is_empty() {
        clip_title(line)
    } else {
        clip_title(&plain)
    }
}

/// An ATX heading's text: 1 to 6 `#` then a space or the end (`#أستانا`
/// is a hashtag, not a heading), and an optional closing run of `#`.
fn strip_heading(line: &str) -> &str {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    if !(1..=6).contains(&hashes) || rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return line;
    }
    let rest = rest.trim();
    let body = rest.trim_end_matches('#');
    if body.is_empty() || body.ends_with(char::is_whitespace) {
        body.trim_end()
    } else {
        rest
    }
}

/// `line` without its emphasis delimiters: runs of up to three `*` or `_`
/// that open or close a span (a word on one side, a space, punctuation or
/// the end on the other). A `*` between spaces and a `_` inside a word
/// (`snake_case`) are text.
fn strip_emphasis(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '*' && c != '_' {
            out.push(c);
            i += 1;
            continue;
        }
        let end = i + chars[i..].iter().take_while(|&&d| d == c).count();
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(end).copied();
        let open = |side: Option<char>| side.is_none_or(|s| !s.is_alphanumeric());
        let word = |side: Option<char>| side.is_some_and(|s| !s.is_whitespace());
        let delimiter =
            end - i <= 3 && ((word(after) && open(before)) || (word(before) && open(after)));
        if !delimiter {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_titles_lose_heading_and_emphasis_markers() {
        for (line, title) in [
            ("# موسكو وطهران تتفقان", "موسكو وطهران تتفقان"),
            (
                "###   نتائج **الجولة** _السادسة_ ###",
                "نتائج الجولة السادسة",
            ),
            ("## ***عاجل***: بيان ختامي", "عاجل: بيان ختامي"),
            ("**Astana** talks, *round 6*", "Astana talks, round 6"),
            ("#", "#"),
        ] {
            assert_eq!(markdown_title(line), title, "{line}");
        }
        // Not markers: a hashtag, seven hashes, a lone star, a word's `_`,
        // a closing `#` glued to a word.
        for line in [
            "نتائج محادثات #أستانا 6",
            "####### سبع",
            "2 * 3 = 6",
            "snake_case_name",
            "C# والجولة",
        ] {
            assert_eq!(markdown_title(line), line);
        }
        assert_eq!(markdown_title("# C#"), "C#");
    }

    #[test]
    fn a_long_markdown_line_is_clipped_like_any_other() {
        let line = format!("# {}", "كلمات ".repeat(100_000));
        let title = markdown_title(&line);
        assert_eq!(title, clip_title(&"كلمات ".repeat(100)));
    }

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
