//! The filter language in brief: the table the `?` help and the manual
//! page's FILTER LANGUAGE section are both made from. docs/SEARCH.md is the
//! full description; a test keeps every syntax and example here in it.

/// The terms of the language, as (syntax, meaning).
pub const TERMS: &[(&str, &str)] = &[
    (
        "word",
        "free text: titles, entity names in both scripts, the article's words",
    ),
    (
        "'word",
        "exact: the text holds it, also inside a longer word",
    ),
    ("\"a phrase\"", "its words side by side, in this order"),
    ("!term", "not: the term must not hold"),
    (
        "g:",
        "guarantor: russia, turkey, iran, or in Arabic (g:إيران)",
    ),
    ("r:", "round of the talks: r:4, r:4-6, r:4,6, r:none"),
    ("p: l:", "person, place: p:lavrentiev, l:idlib, l:إدلب"),
    ("o: s:", "organisation, news agency or source: o:un, s:sana"),
    (
        "d:",
        "publication date: d:2017, d:2017-05-04, d:2019..2023, d:2022.., d:none",
    ),
    ("is:", "marked by you: is:bookmarked (b), is:noted (a)"),
];

/// Two queries, one per script, and what each asks for.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "lavrentiev g:iran r:4-6 !idlib",
        "Lavrentiev, rounds 4 to 6, Iran named, Idlib not",
    ),
    ("لافرنتييف g:إيران r:4-6 !إدلب", "the same query in Arabic"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary says nothing docs/SEARCH.md does not: each syntax (a
    /// field prefix, a quoted or negated term) and each example query is
    /// there, and each example parses.
    #[test]
    fn every_syntax_and_example_is_in_the_search_docs() {
        let docs = include_str!("../../docs/SEARCH.md");
        for (syntax, _) in TERMS {
            for part in syntax.split_whitespace() {
                let written = match part {
                    "\"a" | "phrase\"" => "`\"words\"`",
                    other => &format!("`{other}`"),
                };
                assert!(docs.contains(written), "SEARCH.md lacks {written}");
            }
        }
        for (query, _) in EXAMPLES {
            assert!(docs.contains(query), "SEARCH.md lacks the example {query}");
            assert!(crate::search::Query::parse(query).is_ok(), "{query}");
        }
    }
}
