//! An extraction as bytes, so that an archive keeps what was found in an
//! article instead of extracting it again at every start.
//!
//! The entities' strings (key, name, Arabic form) are not in the bytes:
//! the archive keeps each distinct triple once, numbered, in a
//! [`NameTable`], and the bytes name it by number. Decoded entities share
//! the table's strings, as entities found by the extractor share the
//! gazetteer's.
//!
//! Layout (numbers are LEB128 varints): a format byte, the round (0 for
//! none), the guarantors (count, then one byte each), then per entity:
//! kind, name number, role (0 for none, else its length + 1 and its
//! bytes), mention count, then per mention its start (as the distance from
//! the last mention's start) and its length, the field in the length's
//! lowest bit. The mentions of an article are decoded into one list that
//! its entities share, as the extractor makes them.

use super::model::EntityStrings;
use super::{Entity, EntityKind, Extraction, Field, Guarantor, Mention, Mentions};
use crate::stored_bytes::{Damaged, Reader, put_varint};
use std::sync::Arc;

/// The first byte of an encoded extraction; a later layout gets another.
const FORMAT: u8 = 1;

/// Entity names by number: built from an archive's table of names, and
/// grown by [`NameTable::number`] while extractions are encoded.
#[derive(Debug, Default)]
pub struct NameTable {
    names: Vec<Arc<EntityStrings>>,
    /// By the three strings joined with NULs (which no name holds).
    numbers: foldhash::HashMap<Box<str>, u32>,
}

impl NameTable {
    /// Appends the next name (numbers count from 0 in the order pushed).
    pub fn push(&mut self, key: &str, name: &str, arabic: &str) -> u32 {
        let number = self.names.len() as u32;
        self.names.push(EntityStrings::new(key, name, arabic));
        self.numbers.insert(joined(key, name, arabic), number);
        number
    }

    /// The number of `entity`'s name, and whether it is new (the caller
    /// stores a new one).
    pub fn number(&mut self, entity: &Entity) -> (u32, bool) {
        let lookup = joined(entity.key(), entity.name(), entity.arabic());
        match self.numbers.get(&lookup) {
            Some(&n) => (n, false),
            None => (
                self.push(entity.key(), entity.name(), entity.arabic()),
                true,
            ),
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn joined(key: &str, name: &str, arabic: &str) -> Box<str> {
    [key, "\0", name, "\0", arabic].concat().into()
}

/// Why stored bytes are not an extraction (a damaged or foreign archive).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored extraction unreadable: {0}")]
pub struct StoredError(#[from] Damaged);

/// `extraction` as bytes, its names numbered by `number` (see
/// [`NameTable::number`]).
pub fn encode(extraction: &Extraction, mut number: impl FnMut(&Entity) -> u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + extraction.entities.len() * 12);
    out.push(FORMAT);
    out.push(extraction.round.unwrap_or(0));
    put_varint(&mut out, extraction.guarantors.len() as u64);
    for g in &extraction.guarantors {
        out.push(*g as u8);
    }
    put_varint(&mut out, extraction.entities.len() as u64);
    for entity in &extraction.entities {
        out.push(entity.kind as u8);
        put_varint(&mut out, u64::from(number(entity)));
        match &entity.role {
            None => out.push(0),
            Some(role) => {
                put_varint(&mut out, role.len() as u64 + 1);
                out.extend_from_slice(role.as_bytes());
            }
        }
        put_varint(&mut out, entity.mentions.len() as u64);
        let mut last = 0u32;
        for m in &entity.mentions {
            put_varint(&mut out, u64::from(m.start().wrapping_sub(last)));
            let title = u64::from(m.field() == Field::Title);
            put_varint(&mut out, (u64::from(m.end() - m.start()) << 1) | title);
            last = m.start();
        }
    }
    out
}

/// The extraction `bytes` hold, its names read from `names`.
pub fn decode(bytes: &[u8], names: &NameTable) -> Result<Extraction, StoredError> {
    let mut r = Reader::new(bytes);
    if r.byte()? != FORMAT {
        return Err(Damaged("unknown format").into());
    }
    let round = match r.byte()? {
        0 => None,
        n => Some(n),
    };
    let guarantor_count = r.count()?;
    let mut guarantors = Vec::with_capacity(guarantor_count);
    for _ in 0..guarantor_count {
        let g = *Guarantor::ALL
            .get(usize::from(r.byte()?))
            .ok_or(Damaged("bad guarantor"))?;
        guarantors.push(g);
    }
    let entity_count = r.count()?;
    let mut entities = Vec::with_capacity(entity_count);
    let mut mentions: Vec<Mention> = Vec::new();
    for _ in 0..entity_count {
        let kind = *EntityKind::ALL
            .get(usize::from(r.byte()?))
            .ok_or(Damaged("bad entity kind"))?;
        let name = names
            .names
            .get(r.u32()? as usize)
            .ok_or(Damaged("unknown name number"))?;
        let role = match r.count()? {
            0 => None,
            n => Some(Box::from(r.str(n - 1)?)),
        };
        let start = mentions.len() as u32;
        let mut last = 0u32;
        for _ in 0..r.count()? {
            let begin = last.wrapping_add(r.u32()?);
            let length_and_field = r.u32()?;
            let field = if length_and_field & 1 == 1 {
                Field::Title
            } else {
                Field::Text
            };
            let end = begin
                .checked_add(length_and_field >> 1)
                .filter(|&e| e < 1 << 31)
                .ok_or(Damaged("mention out of range"))?;
            mentions.push(Mention::new(field, begin, end));
            last = begin;
        }
        entities.push(Entity {
            kind,
            strings: Arc::clone(name),
            role,
            mentions: Mentions {
                all: None,
                start,
                end: mentions.len() as u32,
            },
        });
    }
    if !r.is_at_end() {
        return Err(Damaged("trailing bytes").into());
    }
    let all: Arc<[Mention]> = mentions.into();
    for entity in &mut entities {
        entity.mentions.all = Some(Arc::clone(&all));
    }
    Ok(Extraction {
        round,
        guarantors: guarantors.into(),
        entities: entities.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    #[test]
    fn an_extraction_comes_back_as_it_was_stored() {
        let extractor = Extractor::builtin();
        let title = "لافرينتيف في أستانا";
        let text = "قال وزير الخارجية الروسي سيرغي لافروف إن الجولة الرابعة من محادثات أستانا \
                    بين روسيا وتركيا وإيران تبدأ في 4 مايو 2017 في العاصمة الكازاخية.";
        let extraction = extractor.extract(Some(title), text);
        assert!(extraction.entities.len() >= 3, "{extraction:?}");
        let mut names = NameTable::default();
        let bytes = encode(&extraction, |e| names.number(e).0);
        let back = decode(&bytes, &names).unwrap();
        assert_eq!(back, extraction);
        // Entities of one article share one list of mentions.
        let lists: Vec<_> = back
            .entities
            .iter()
            .filter_map(|e| e.mentions.all.as_ref())
            .collect();
        assert!(lists.windows(2).all(|w| Arc::ptr_eq(w[0], w[1])));
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let extraction = Extractor::builtin().extract(None, "روسيا وتركيا وإيران في أستانا");
        let mut names = NameTable::default();
        let bytes = encode(&extraction, |e| names.number(e).0);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], &names).is_err(), "cut at {cut}");
        }
        assert!(decode(&bytes, &NameTable::default()).is_err());
        let mut huge = vec![FORMAT, 0];
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(decode(&huge, &names).is_err());
    }
}
