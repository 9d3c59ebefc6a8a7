//! The filter language and the matcher. One parser serves the TUI's filter
//! line and `-q/--query`.

pub mod facets;

use crate::corpus::Article;
use crate::extract::Guarantor;
use std::ops::RangeInclusive;

/// A malformed query term, with a message fit for a status line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Guarantor(Guarantor),
    Rounds(Vec<RangeInclusive<u8>>),
    NoRound,
}

/// A parsed filter: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut terms = Vec::new();
        for word in input.split_whitespace() {
            let (field, value) = word.split_once(':').unwrap_or(("", word));
            match field {
                "g" | "guarantor" => {
                    let g = Guarantor::ALL
                        .into_iter()
                        .find(|g| !value.is_empty() && g.key().starts_with(value))
                        .ok_or_else(|| QueryError(format!("{word}: unknown guarantor")))?;
                    terms.push(Term::Guarantor(g));
                }
                "r" | "round" if value == "none" => terms.push(Term::NoRound),
                "r" | "round" => {
                    let mut ranges = Vec::new();
                    for part in value.split(',') {
                        let (a, b) = part.split_once('-').unwrap_or((part, part));
                        let n = |s: &str| {
                            s.parse::<u8>()
                                .map_err(|_| QueryError(format!("{word}: a round is a number")))
                        };
                        ranges.push(n(a)?..=n(b)?);
                    }
                    terms.push(Term::Rounds(ranges));
                }
                _ => return Err(QueryError(format!("{word}: not understood"))),
            }
        }
        Ok(Query { terms })
    }

    pub fn matches(&self, article: &Article) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Guarantor(g) => article.extraction.guarantors.contains(g),
            Term::Rounds(ranges) => article
                .extraction
                .round
                .is_some_and(|r| ranges.iter().any(|range| range.contains(&r))),
            Term::NoRound => article.extraction.round.is_none(),
        })
    }
}
