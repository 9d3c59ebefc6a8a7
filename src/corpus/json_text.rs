//! A JSON string decoded inside the buffer that holds it: the text of a
//! JSONL line of 50 MB becomes the article's text without a second copy of
//! it beside the line (serde_json copies every string it returns).

use std::ops::Range;

/// Decodes the JSON string literal `bytes[literal]` (quotes included) by
/// writing its characters over the start of `bytes`, and returns the buffer
/// cut down to them. The literal has been checked as JSON (serde_json found
/// its end); what is checked here is what such a check may leave: a lone
/// surrogate escape, which serde_json refuses in a `String` too.
pub fn decode_in_place(mut bytes: Vec<u8>, literal: Range<usize>) -> Result<String, String> {
    let (mut read, end) = (literal.start + 1, literal.end - 1);
    if literal.len() < 2 || bytes[literal.start] != b'"' || bytes[end] != b'"' {
        return Err("expected a string".to_string());
    }
    // Every escape is at least as long as what it stands for, so writing
    // never overtakes reading.
    let mut write = 0;
    while read < end {
        let run = memchr::memchr(b'\\', &bytes[read..end]).map_or(end, |at| read + at);
        bytes.copy_within(read..run, write);
        write += run - read;
        read = run;
        if read == end {
            break;
        }
        let escape = *bytes.get(read + 1).ok_or("unfinished escape")?;
        read += 2;
        let byte = match escape {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let c = unicode_escape(&bytes, &mut read, end)?;
                let mut utf8 = [0; 4];
                let encoded = c.encode_utf8(&mut utf8).as_bytes();
                bytes[write..write + encoded.len()].copy_from_slice(encoded);
                write += encoded.len();
                continue;
            }
            other => return Err(format!("invalid escape \\{}", char::from(other))),
        };
        bytes[write] = byte;
        write += 1;
    }
    bytes.truncate(write);
    String::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// The character of a `\u` escape whose four hex digits start at `*read`
/// (and of the low surrogate's escape after it, for a pair).
fn unicode_escape(bytes: &[u8], read: &mut usize, end: usize) -> Result<char, String> {
    let first = hex4(bytes, read, end)?;
    let code = if (0xD800..0xDC00).contains(&first) {
        if bytes.get(*read..*read + 2) != Some(b"\\u") {
            return Err("lone leading surrogate in hex escape".to_string());
        }
        *read += 2;
        let second = hex4(bytes, read, end)?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err("lone leading surrogate in hex escape".to_string());
        }
        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    } else {
        first
    };
    char::from_u32(code).ok_or_else(|| "lone trailing surrogate in hex escape".to_string())
}

fn hex4(bytes: &[u8], read: &mut usize, end: usize) -> Result<u32, String> {
    let digits = bytes
        .get(*read..*read + 4)
        .filter(|_| *read + 4 <= end)
        .ok_or("unfinished \\u escape")?;
    let text = std::str::from_utf8(digits).map_err(|_| "invalid \\u escape")?;
    let value = u32::from_str_radix(text, 16).map_err(|_| "invalid \\u escape")?;
    *read += 4;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `value` written as JSON inside a line, decoded in place.
    fn round_trip(before: &str, value: &str) -> Result<String, String> {
        let literal = serde_json::to_string(value).unwrap();
        let line = format!("{before}{literal}, \"after\": 1}}");
        decode_in_place(
            line.into_bytes(),
            before.len()..before.len() + literal.len(),
        )
    }

    #[test]
    fn escapes_and_characters_come_back() {
        let value = "سطر أول\nسطر «ثان»\t\"مقتبس\" \\ / \u{1}\u{7f} 😀";
        assert_eq!(round_trip("{\"text\": ", value).as_deref(), Ok(value));
        let escaped = r#"{"text": "\u0623\u0633\u062a\u0627\u0646\u0627 \ud83d\ude00 \/"}"#;
        let literal = escaped.find('"').unwrap() + 8..escaped.len() - 1;
        assert_eq!(
            decode_in_place(escaped.as_bytes().to_vec(), literal).as_deref(),
            Ok("أستانا 😀 /")
        );
    }

    #[test]
    fn lone_surrogates_and_bad_escapes_are_errors_not_panics() {
        for literal in [
            r#""\ud83d""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\u12""#,
            r#""\x""#,
            r#""\"#,
            r#"""#,
            "12",
        ] {
            let result = decode_in_place(literal.as_bytes().to_vec(), 0..literal.len());
            assert!(result.is_err(), "{literal}: {result:?}");
            assert!(
                serde_json::from_str::<String>(literal).is_err(),
                "serde agrees: {literal}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_string_decodes_as_serde_json_decodes_it(
            before in "[ -~]{0,12}",
            value in "\\PC*|[\\x00-\\x1f\"\\\\/\u{600}-\u{6ff}\u{1F600}]{0,40}",
        ) {
            prop_assert_eq!(round_trip(&before, &value), Ok(value));
        }
    }
}
