//! What the Astana talks were: each round's dates and venue
//! (`data/talks.toml`). The timeline draws them; an article's date read
//! from its text is checked against its round's.

use crate::corpus::PubDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const TALKS: &str = include_str!("../../data/talks.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TalksFile {
    round: Vec<RoundEntry>,
    venues: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundEntry {
    number: u8,
    start: String,
    end: String,
    venue: String,
}

/// One round as held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRound {
    pub number: u8,
    pub start: PubDate,
    pub end: PubDate,
    /// The city in Latin letters (`Nur-Sultan`) and in Arabic.
    pub venue: &'static str,
    pub venue_arabic: &'static str,
}

static ROUNDS: LazyLock<Vec<HeldRound>> = LazyLock::new(|| parse(TALKS).expect("data/talks.toml"));

fn parse(text: &'static str) -> Result<Vec<HeldRound>, String> {
    let file: TalksFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let venues: &'static BTreeMap<String, String> = Box::leak(Box::new(file.venues));
    let mut rounds = Vec::new();
    for (i, r) in file.round.into_iter().enumerate() {
        let date = |s: &str| {
            PubDate::parse_iso(s)
                .filter(|d| d.day().is_some())
                .ok_or_else(|| format!("round {}: {s:?} is not a day", r.number))
        };
        if usize::from(r.number) != i + 1 {
            return Err(format!("round {} is listed as number {}", i + 1, r.number));
        }
        let (start, end) = (date(&r.start)?, date(&r.end)?);
        if end < start {
            return Err(format!("round {}: ends before it starts", r.number));
        }
        let (venue, arabic) = venues
            .get_key_value(&r.venue)
            .ok_or_else(|| format!("round {}: venue {} has no Arabic name", r.number, r.venue))?;
        rounds.push(HeldRound {
            number: r.number,
            start,
            end,
            venue,
            venue_arabic: arabic,
        });
    }
    Ok(rounds)
}

/// Every round, in order (round `n` at index `n - 1`).
pub fn rounds() -> &'static [HeldRound] {
    &ROUNDS
}

/// Round `number`, if it was held.
pub fn round(number: u8) -> Option<&'static HeldRound> {
    ROUNDS.get(usize::from(number).checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_lists_rounds_one_to_twenty_two_in_date_order() {
        let rounds = rounds();
        assert_eq!(rounds.len(), 22);
        assert!(rounds.windows(2).all(|w| w[0].end < w[1].start));
        assert_eq!(round(4).unwrap().start.to_string(), "2017-05-03");
        assert_eq!(round(12).unwrap().venue, "Nur-Sultan");
        assert_eq!(round(12).unwrap().venue_arabic, "نور سلطان");
        assert_eq!(round(0), None);
        assert_eq!(round(23), None);
    }

    #[test]
    fn a_bad_file_is_refused_with_the_round_named() {
        let bad = "[[round]]\nnumber = 1\nstart = \"2017-01-32\"\nend = \"2017-01-24\"\nvenue = \"Astana\"\n[venues]\nAstana = \"أستانا\"\n";
        assert!(parse(bad).unwrap_err().contains("round 1"));
        let unknown_venue = "[[round]]\nnumber = 1\nstart = \"2017-01-23\"\nend = \"2017-01-24\"\nvenue = \"Paris\"\n[venues]\n";
        assert!(parse(unknown_venue).unwrap_err().contains("Paris"));
    }
}
