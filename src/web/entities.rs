//! HTML character references in text taken from markup (feed items,
//! JSON-LD strings), decoded the one way both readers share.

/// `&amp;`, `&#1575;`, `&#x627;`, `&nbsp;` and the other common entities
/// decoded; an unknown one kept as written.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short: its `;` within the next 12 bytes (found by
        // characters, so a letter straddling byte 12 is no slicing point).
        let Some(semi) = rest
            .char_indices()
            .take_while(|&(at, _)| at < 12)
            .find_map(|(at, c)| (c == ';').then_some(at))
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "laquo" => Some('«'),
            "raquo" => Some('»'),
            "hellip" => Some('…'),
            "mdash" => Some('—'),
            "ndash" => Some('–'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn a_letter_across_the_twelfth_byte_is_no_reference() {
        // `ر` takes bytes 11 and 12 after the `&`: not a place to cut.
        let text = "&߯]\u{FFFD}تمر سوتشي";
        assert_eq!(decode(text), text);
        assert_eq!(decode("&amp;ر"), "&ر");
    }

    #[test]
    fn named_and_numeric_references_are_decoded_and_unknown_ones_kept() {
        assert_eq!(
            decode("&quot;أستانا&quot; &amp; &#039;سوتشي&#39; &#x627;&#1575; &laquo;نص&raquo;"),
            "\"أستانا\" & 'سوتشي' اا «نص»"
        );
        assert_eq!(decode("a &unknown; b & c"), "a &unknown; b & c");
    }
}
