//! Text in scripts written without spaces (Japanese, Chinese) reads as written: a line break
//! in the Markdown between two such characters joins the lines, where a browser would show a
//! space in the middle of a sentence.

mod common;

use common::*;

/// East Asian wide characters other than Hangul: written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF60}')
}

#[test]
fn no_line_break_is_left_between_japanese_characters() {
    let mut paragraphs = 0;
    for production in productions() {
        let copy = unlocked_copy(&production);
        let dist = build(copy.path());
        for audience in ["public", "client", "crew"] {
            let site = dist.join(audience);
            for page in pages(&site) {
                let file = format!("{}index.html", page.trim_start_matches('/'));
                let file = if page.ends_with(".html") {
                    page.trim_start_matches('/').to_string()
                } else {
                    file
                };
                let document = html(&site, &file);
                for p in select(&document, "main p, main li") {
                    let text: String = p.text().collect();
                    let chars: Vec<char> = text.chars().collect();
                    if chars.iter().any(|c| unspaced(*c)) {
                        paragraphs += 1;
                    }
                    for w in chars.windows(3) {
                        assert!(
                            !(unspaced(w[0]) && w[1] == '\n' && unspaced(w[2])),
                            "{}: {audience}{page}: a break in {text:?}",
                            production.display()
                        );
                    }
                }
            }
        }
    }
    assert!(
        paragraphs > 0,
        "no production has text in Japanese or Chinese"
    );
}
