//! The charset an HTML page declares for itself: `<meta charset>`, `<meta
//! http-equiv="Content-Type" content="…; charset=…">` or the XML
//! declaration's `encoding`. Only the page's head is read, as browsers do
//! (the HTML standard's prescan). Decoding is `corpus::decode`'s.

use encoding_rs::Encoding;

/// How far into the page a declaration is looked for. The standard's 1024
/// bytes are too few for pages whose head carries scripts and styles before
/// the `<meta>`; browsers then re-decode, which a loader cannot.
const PRESCAN_BYTES: usize = 16 * 1024;

/// The encoding the page's own markup declares, if any it can be decoded
/// with. A page that declares UTF-16 while its bytes are ASCII-compatible
/// (the declaration was readable) is UTF-8, as the HTML standard rules.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(enc) = crate::corpus::xml_declared(head)
        && let Some(enc) = Encoding::for_label(enc.name().as_bytes())
    {
        return Some(ascii_compatible(enc));
    }
    meta_charset(head)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .map(ascii_compatible)
}

fn ascii_compatible(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        enc
    }
}

/// The charset of the first `<meta>` tag that declares one.
fn meta_charset(head: &[u8]) -> Option<String> {
    let mut at = 0;
    while let Some(found) = find_ignore_case(&head[at..], b"<meta") {
        let start = at + found + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(label) = attribute_value(tag, b"charset") {
            return Some(label);
        }
        // http-equiv="Content-Type" content="text/html; charset=windows-1256"
        if let Some(content) = attribute_value(tag, b"content")
            && find_ignore_case(tag, b"http-equiv").is_some()
            && let Some(p) = find_ignore_case(content.as_bytes(), b"charset")
        {
            let value = content[p + 7..].trim_start().strip_prefix('=')?;
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            let value = value.split([';', ' ', '"', '\'']).next().unwrap_or("");
            if !value.is_empty() {
                return Some(value.to_string());
            }
        }
        at = end;
    }
    None
}

/// The value of `name=` in a tag's attribute bytes, quoted or bare.
fn attribute_value(tag: &[u8], name: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(found) = find_ignore_case(&tag[from..], name) {
        let at = from + found;
        from = at + name.len();
        // A whole attribute name: not `data-charset`, not `charsetx`.
        if at > 0 && (tag[at - 1].is_ascii_alphanumeric() || tag[at - 1] == b'-') {
            continue;
        }
        let mut i = from;
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match tag.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let rest = &tag[i + 1..];
                &rest[..rest.iter().position(|&b| b == q).unwrap_or(rest.len())]
            }
            Some(_) => {
                let rest = &tag[i..];
                let end = rest
                    .iter()
                    .position(|&b| {
                        b.is_ascii_whitespace() || matches!(b, b'/' | b';' | b'"' | b'\'')
                    })
                    .unwrap_or(rest.len());
                &rest[..end]
            }
            None => continue,
        };
        let value = String::from_utf8_lossy(value).trim().to_string();
        if !value.is_empty() {
            return Some(value);
        }
    }
    None
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8]) -> Option<&'static str> {
        declared(bytes).map(|e| e.name())
    }

    #[test]
    fn meta_charset_in_its_forms() {
        assert_eq!(
            name(b"<html><head><meta charset=\"windows-1256\">"),
            Some("windows-1256")
        );
        assert_eq!(name(b"<META CHARSET=iso-8859-6>"), Some("ISO-8859-6"));
        assert_eq!(
            name(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\" />"
            ),
            Some("windows-1256")
        );
        assert_eq!(
            name(b"<meta content='text/html;charset=utf-8' http-equiv='content-type'>"),
            Some("UTF-8")
        );
    }

    #[test]
    fn xml_declaration_and_utf16_declared_in_ascii() {
        assert_eq!(
            name(b"<?xml version=\"1.0\" encoding=\"ISO-8859-6\"?><html>"),
            Some("ISO-8859-6")
        );
        assert_eq!(name(b"<meta charset=\"utf-16\">"), Some("UTF-8"));
    }

    #[test]
    fn no_or_unknown_declaration() {
        assert_eq!(name(b"<html><head><title>x</title>"), None);
        assert_eq!(name(b"<meta charset=\"klingon\">"), None);
        assert_eq!(name(b"<meta data-charset=\"utf-8\" name=x>"), None);
        assert_eq!(name(b"<meta charset="), None);
    }
}
