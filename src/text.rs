//! Text helpers shared by the whole crate: slugs for addresses, HTML escaping, and line and
//! column numbers for messages.

/// A URL-safe name: lower-case letters and digits joined by hyphens. Text is compared in its
/// composed (NFC) form, so `café` typed on macOS (`e` and an accent) and on Linux (`é`) make
/// one slug.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;

    /// Letters and digits, each run of anything else one hyphen; apostrophes join words.
    fn join_words(chars: impl Iterator<Item = char>, capacity: usize) -> String {
        let mut slug = String::with_capacity(capacity);
        let mut pending_dash = false;
        for c in chars {
            if c.is_alphanumeric() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c);
            } else if c != '\'' && c != '’' {
                pending_dash = true;
            }
        }
        slug
    }

    if text.is_ascii() {
        // The same, a byte at a time: most slugs (file names, tags) are ASCII.
        let mut slug = String::with_capacity(text.len());
        let mut pending_dash = false;
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(char::from(byte.to_ascii_lowercase()));
            } else if byte != b'\'' {
                pending_dash = true;
            }
        }
        return slug;
    }
    join_words(text.chars().flat_map(char::to_lowercase).nfc(), text.len())
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// `text` as a CSS string, quotes included, with every character but ASCII letters, digits
/// and spaces written as a hex escape: nothing in it can end the string, the rule or a
/// `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:06x}", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_be_left() {
        assert_eq!(css_string("Ab 1"), "\"Ab 1\"");
        let hostile = css_string("\"; } </style><script>x</script> 終電");
        assert!(!hostile[1..hostile.len() - 1].contains(['"', '<', '>', ';', '}', '\n']));
        assert!(hostile.contains("\\00007d"), "{hostile}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Day 1: The Rooftop!"), "day-1-the-rooftop");
        assert_eq!(slugify("Director's cut"), "directors-cut");
        assert_eq!(slugify("---"), "");
        assert_eq!(slugify("!!!"), "");
        // Composed and decomposed forms, and either case, make one slug.
        assert_eq!(slugify("Caf\u{e9}"), "caf\u{e9}");
        assert_eq!(slugify("Cafe\u{301}"), "caf\u{e9}");
        assert_eq!(slugify("CAFE\u{301} noir"), "caf\u{e9}-noir");
        // ASCII text is slugged as the rest is: every ASCII character, either way.
        let ascii: String = (0u8..128).map(char::from).collect();
        assert_eq!(
            slugify(&format!("{ascii} \u{e9}")),
            format!("{}-\u{e9}", slugify(&ascii))
        );
        assert_eq!(
            slugify(&ascii),
            "0123456789-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz"
        );
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }
}
