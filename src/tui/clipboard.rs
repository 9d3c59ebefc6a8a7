//! Copying through the terminal (OSC 52), which works over SSH: the text
//! travels base64-encoded inside an escape sequence and the terminal the
//! user sits at puts it on their clipboard.
//!
//! Nothing comes back: a terminal that refuses OSC 52 (stock xterm, whose
//! `disallowedWindowOps` include it; VTE; tmux with `set-clipboard off`)
//! drops it silently. So the explorer reports what it sent ([`report`]),
//! never that something was copied; docs/USAGE.md says how to allow it in
//! each terminal.

use crate::output::thousands;
use crate::text::sanitize::copyable;

/// Terminals cap OSC 52 payloads (xterm, tmux and others drop or cut
/// sequences of a few hundred kilobytes and more), so longer text is cut
/// at a character boundary rather than silently lost as a whole.
pub const MAX_COPY_BYTES: usize = 256 * 1024;

/// The text as it goes to the terminal: sanitized and clipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    pub text: String,
    /// True when the text was longer than [`MAX_COPY_BYTES`] and was cut.
    pub truncated: bool,
}

/// `text` as [`osc52`] sends it: control characters replaced by their
/// visible placeholders (newlines and bidi marks kept), cut to
/// [`MAX_COPY_BYTES`].
pub fn prepare(text: &str) -> Clip {
    let clean = copyable(text);
    let (clipped, truncated) = clip_to_boundary(&clean, MAX_COPY_BYTES);
    Clip {
        text: clipped.to_string(),
        truncated,
    }
}

/// The status line's account of a copy: what was sent, and what it was
/// (`what`: "3 lines", "sentence", ...), e.g. `sent 1,234 characters (3
/// lines) to the clipboard (OSC 52)`. What matters comes first: a narrow
/// status line cuts the end.
pub fn report(clip: &Clip, what: &str) -> String {
    let count = clip.text.chars().count();
    let unit = if count == 1 {
        "character"
    } else {
        "characters"
    };
    let first = if clip.truncated { "the first " } else { "" };
    format!(
        "sent {first}{} {unit} ({what}) to the clipboard (OSC 52)",
        thousands(count)
    )
}

/// What [`osc52`] made of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Osc52 {
    /// The bytes to write to the terminal.
    pub sequence: Vec<u8>,
    /// True when the text was longer than [`MAX_COPY_BYTES`] and was cut.
    pub truncated: bool,
}

/// What stands between the program and the terminal the user sits at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Direct,
    /// Inside tmux (`TMUX` is set).
    Tmux,
    /// Inside GNU screen (`STY` is set), which has no OSC 52 of its own.
    Screen,
}

impl Route {
    /// The route from the environment variables tmux and screen set in
    /// their windows (`TERM` says `screen` under tmux too). Nested, both are
    /// set whichever is inside; screen wins, because a plain OSC 52 that
    /// screen does not take ends up as text on the screen, while the
    /// screen passthrough at worst does not arrive.
    pub fn from_env(tmux: bool, sty: Option<&std::ffi::OsStr>) -> Route {
        if sty.is_some_and(|s| !s.is_empty()) {
            Route::Screen
        } else if tmux {
            Route::Tmux
        } else {
            Route::Direct
        }
    }
}

/// Longest piece of a sequence in one screen passthrough string: screen
/// keeps at most 768 bytes of a string and prints the rest as text.
const SCREEN_CHUNK: usize = 512;

/// The escape sequence that puts `text` on the clipboard. Control
/// characters are replaced by their visible placeholders first (newlines
/// kept): a pasted article must not type escape sequences or carriage
/// returns into the user's shell. Inside tmux it is sent twice: as is,
/// which tmux takes when `set-clipboard` is `on`, and wrapped in tmux's
/// passthrough, which reaches the outer terminal when `allow-passthrough`
/// is `on` (both are off in some default setups). Inside screen it is sent
/// only through screen's passthrough, in pieces: screen swallows a short
/// OSC 52 and prints the tail of a long one on the screen.
pub fn osc52(text: &str, route: Route) -> Osc52 {
    let Clip {
        text: clipped,
        truncated,
    } = prepare(text);
    let mut sequence = Vec::with_capacity(clipped.len() * 4 / 3 + 16);
    sequence.extend_from_slice(b"\x1b]52;c;");
    sequence.extend_from_slice(base64(clipped.as_bytes()).as_bytes());
    // BEL ends the sequence: accepted by every terminal that knows OSC 52,
    // and it contains no ESC, which keeps the multiplexers' wrapping simple.
    sequence.push(0x07);
    match route {
        Route::Direct => {}
        Route::Tmux => {
            let wrapped = tmux_passthrough(&sequence);
            sequence.extend_from_slice(&wrapped);
        }
        Route::Screen => sequence = screen_passthrough(&sequence),
    }
    Osc52 {
        sequence,
        truncated,
    }
}

/// `sequence` (an OSC ended by BEL: no ESC but its first byte) cut into pieces of [`SCREEN_CHUNK`]
/// bytes, each wrapped as `ESC P … ESC \`: screen passes the content of
/// each such string to the terminal as it is, and the terminal reads the
/// pieces as one sequence.
pub fn screen_passthrough(sequence: &[u8]) -> Vec<u8> {
    let mut wrapped = Vec::with_capacity(sequence.len() + sequence.len() / SCREEN_CHUNK * 4 + 4);
    for piece in sequence.chunks(SCREEN_CHUNK) {
        wrapped.extend_from_slice(b"\x1bP");
        wrapped.extend_from_slice(piece);
        wrapped.extend_from_slice(b"\x1b\\");
    }
    wrapped
}

/// `sequence` wrapped as `ESC P tmux; … ESC \`, every ESC inside doubled,
/// which is how tmux (with `allow-passthrough on`) forwards an escape
/// sequence to the terminal it runs in.
pub fn tmux_passthrough(sequence: &[u8]) -> Vec<u8> {
    let mut wrapped = Vec::with_capacity(sequence.len() + 16);
    wrapped.extend_from_slice(b"\x1bPtmux;");
    for &byte in sequence {
        if byte == 0x1b {
            wrapped.push(0x1b);
        }
        wrapped.push(byte);
    }
    wrapped.extend_from_slice(b"\x1b\\");
    wrapped
}

fn clip_to_boundary(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Standard base64 (RFC 4648, with padding), as OSC 52 expects.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let group = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [group >> 18, group >> 12, group >> 6, group];
        // One input byte gives two characters, two give three, three give four.
        let used = chunk.len() + 1;
        for (i, sextet) in sextets.iter().enumerate() {
            if i < used {
                out.push(char::from(ALPHABET[(sextet & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_test_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn arabic_title_is_encoded_as_utf8() {
        // "أستانا" in UTF-8, encoded independently: d8 a3 d8 b3 d8 aa d8 a7 d9 86 d8 a7
        let osc = osc52("أستانا", Route::Direct);
        assert_eq!(osc.sequence, b"\x1b]52;c;2KPYs9iq2KfZhtin\x07".to_vec());
        assert!(!osc.truncated);
    }

    #[test]
    fn control_characters_never_reach_the_clipboard() {
        let osc = osc52("a\x1b]0;pwned\x07\r\nb", Route::Direct);
        let inner = &osc.sequence[b"\x1b]52;c;".len()..osc.sequence.len() - 1];
        assert!(
            inner
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b))
        );
        // "a␛]0;pwned␇␍\nb": ESC, BEL and CR shown, newline kept.
        let expected = base64("a\u{241b}]0;pwned\u{2407}\u{240d}\nb".as_bytes());
        assert_eq!(inner, expected.as_bytes());
    }

    #[test]
    fn inside_tmux_the_sequence_also_goes_through_passthrough() {
        let osc = osc52("x", Route::Tmux);
        let plain = b"\x1b]52;c;eA==\x07";
        let wrapped = b"\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\";
        assert_eq!(osc.sequence, [&plain[..], &wrapped[..]].concat());
    }

    #[test]
    fn the_report_says_what_was_sent_and_counts_characters_not_bytes() {
        let clip = prepare("أستانا 4");
        assert_eq!(
            report(&clip, "sentence"),
            "sent 8 characters (sentence) to the clipboard (OSC 52)"
        );
        let long = prepare(&"ب".repeat(MAX_COPY_BYTES));
        assert_eq!(
            report(&long, "article text"),
            "sent the first 131,072 characters (article text) to the clipboard (OSC 52)"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert!(report(&prepare("x"), "id").starts_with("sent 1 character "));
    }

    #[test]
    fn prepared_text_is_what_the_sequence_carries() {
        let clip = prepare("a\x1bb\nc");
        assert_eq!(clip.text, "a\u{241b}b\nc");
        let osc = osc52(&clip.text, Route::Direct);
        assert_eq!(osc, osc52("a\x1bb\nc", Route::Direct));
    }

    #[test]
    fn inside_screen_the_sequence_goes_through_passthrough_in_pieces() {
        let plain = osc52(&"ب".repeat(1000), Route::Direct).sequence;
        let osc = osc52(&"ب".repeat(1000), Route::Screen).sequence;
        // Each piece is one passthrough string no longer than screen keeps.
        let mut pieces = Vec::new();
        let mut rest = &osc[..];
        while !rest.is_empty() {
            assert!(rest.starts_with(b"\x1bP"), "{rest:?}");
            let end = rest.windows(2).position(|w| w == b"\x1b\\").expect("ST");
            let piece = &rest[2..end];
            assert!(piece.len() <= SCREEN_CHUNK);
            // Only the OSC's own introducer, which screen passes on.
            let escapes = piece.iter().filter(|&&b| b == 0x1b).count();
            assert_eq!(escapes, usize::from(pieces.is_empty()));
            pieces.push(piece);
            rest = &rest[end + 2..];
        }
        assert_eq!(pieces.len(), plain.len().div_ceil(SCREEN_CHUNK));
        assert_eq!(pieces.concat(), plain, "the pieces make the plain sequence");
        assert_eq!(
            Route::from_env(false, Some(std::ffi::OsStr::new("1234.pts-0.host"))),
            Route::Screen
        );
        assert_eq!(
            Route::from_env(true, Some(std::ffi::OsStr::new("x"))),
            Route::Screen
        );
        assert_eq!(Route::from_env(true, None), Route::Tmux);
        assert_eq!(
            Route::from_env(false, Some(std::ffi::OsStr::new(""))),
            Route::Direct
        );
        assert_eq!(Route::from_env(false, None), Route::Direct);
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        let text = "ب".repeat(MAX_COPY_BYTES); // two bytes each
        let osc = osc52(&text, Route::Direct);
        assert!(osc.truncated);
        let payload = &osc.sequence[7..osc.sequence.len() - 1];
        assert_eq!(payload.len(), MAX_COPY_BYTES.div_ceil(3) * 4);
    }
}
