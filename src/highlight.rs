//! Highlighting of fenced code: syntect's tokens as CSS classes (`hl-`), and the stylesheet
//! for them, made from one theme whose faint colours are made legible.

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme the code CSS is generated from.
const CODE_THEME: &str = "base16-ocean.dark";

/// Syntax definitions and the code theme, loaded once per process run and shared.
pub struct Highlighter {
    /// Loaded the first time a block is highlighted: a build whose blocks all come from the
    /// cache never loads them.
    syntaxes: std::sync::OnceLock<SyntaxSet>,
    theme: Theme,
    /// Code blocks already highlighted, by a hash of their language and text: notes repeat
    /// the same commands and scripts.
    done: std::sync::Mutex<std::collections::HashMap<u64, std::sync::Arc<str>>>,
    /// How many blocks [`Highlighter::load`] took from the file: more since means it is saved.
    loaded: std::sync::atomic::AtomicUsize,
}

/// How many highlighted blocks are kept; past that the memory starts again.
const HIGHLIGHTED_KEPT: usize = 20_000;

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    pub fn new() -> Highlighter {
        let mut themes = ThemeSet::load_defaults();
        let mut theme = themes
            .themes
            .remove(CODE_THEME)
            .expect("syntect ships the base16-ocean.dark theme");
        legible(&mut theme);
        Highlighter {
            syntaxes: std::sync::OnceLock::new(),
            theme,
            done: Default::default(),
            loaded: Default::default(),
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// The stylesheet for highlighted code, generated from the theme.
    pub fn css(&self) -> String {
        let css = css_for_theme_with_class_style(&self.theme, CLASS_STYLE).unwrap_or_default();
        format!(
            "/* Code highlighting, generated from the {CODE_THEME} theme, faint colours made legible (WCAG AA). */\n{css}"
        )
    }

    /// Takes the blocks highlighted by earlier builds from the file at `path`, as
    /// [`Highlighter::save`] wrote it; a missing, damaged or foreign file is passed over.
    pub fn load(&self, path: &std::path::Path) {
        let Some(blocks) = std::fs::read(path).ok().and_then(|b| read_blocks(&b)) else {
            return;
        };
        if let Ok(mut done) = self.done.lock() {
            done.extend(blocks);
            self.loaded
                .store(done.len(), std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Keeps every block highlighted so far in the file at `path`, for the next build, when
    /// any was highlighted since [`Highlighter::load`] read it.
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        let Ok(done) = self.done.lock() else {
            return Ok(());
        };
        let loaded = self.loaded.load(std::sync::atomic::Ordering::Relaxed);
        if done.len() == loaded || done.is_empty() {
            return Ok(());
        }
        let mut keys: Vec<&u64> = done.keys().collect();
        keys.sort();
        // Written block by block, never gathered into one buffer: at 20,000 blocks that is
        // tens of megabytes. The check is the hash of the body as one byte string, as
        // `read_blocks` computes it: its length first, then its bytes.
        let blocks = || {
            keys.iter().map(|key| {
                let html = done[*key].as_bytes();
                (key.to_le_bytes(), (html.len() as u64).to_le_bytes(), html)
            })
        };
        let length: usize = blocks().map(|(_, _, html)| 16 + html.len()).sum();
        let mut hasher = crate::cache::StableHasher::new();
        std::hash::Hasher::write_usize(&mut hasher, length);
        for (key, len, html) in blocks() {
            for part in [&key[..], &len[..], html] {
                std::hash::Hasher::write(&mut hasher, part);
            }
        }
        let check = std::hash::Hasher::finish(&hasher).to_le_bytes();
        crate::cache::write_whole_with(path, |out| {
            out.write_all(blocks_header().as_bytes())?;
            out.write_all(&check)?;
            for (key, len, html) in blocks() {
                for part in [&key[..], &len[..], html] {
                    out.write_all(part)?;
                }
            }
            Ok(())
        })
    }

    /// `code` as HTML with a class on every token; plain escaped text for unknown languages.
    /// A block highlighted before is not highlighted again.
    pub fn highlight(&self, language: &str, code: &str) -> String {
        let key = crate::cache::hash_of((language, code));
        if let Some(html) = self
            .done
            .lock()
            .ok()
            .and_then(|done| done.get(&key).cloned())
        {
            return html.to_string();
        }
        let html = self.highlight_uncached(language, code);
        if let Ok(mut done) = self.done.lock() {
            if done.len() >= HIGHLIGHTED_KEPT {
                done.clear();
            }
            done.insert(key, html.as_str().into());
        }
        html
    }

    fn highlight_uncached(&self, language: &str, code: &str) -> String {
        let language = language.split([' ', ',']).next().unwrap_or("").trim();
        let syntax = (!language.is_empty())
            .then(|| self.syntaxes().find_syntax_by_token(language))
            .flatten();
        let mut html = String::with_capacity(code.len() * 2);
        let escaped_language = escape(language);
        if language.is_empty() {
            html.push_str("<pre class=\"code\" tabindex=\"0\"><code>");
        } else {
            html.push_str(&format!(
                "<pre class=\"code\" tabindex=\"0\" data-lang=\"{escaped_language}\"><code class=\"language-{escaped_language}\">"
            ));
        }
        match syntax {
            Some(syntax) => {
                let mut generator = ClassedHTMLGenerator::new_with_class_style(
                    syntax,
                    self.syntaxes(),
                    CLASS_STYLE,
                );
                let mut ok = true;
                for line in LinesWithEndings::from(code) {
                    if generator
                        .parse_html_for_line_which_includes_newline(line)
                        .is_err()
                    {
                        ok = false;
                        break;
                    }
                }
                if ok {
                    html.push_str(&generator.finalize());
                } else {
                    html.push_str(&escape(code));
                }
            }
            None => html.push_str(&escape(code)),
        }
        html.push_str("</code></pre>\n");
        html
    }
}

/// The first line of the file of highlighted blocks: its format, and the build of clapboard
/// (and so of its syntaxes) that wrote it.
fn blocks_header() -> String {
    format!(
        "clapboard highlighted code 1 {}\n",
        crate::cache::binary_stamp()
    )
}

/// The blocks of a file [`Highlighter::save`] wrote, if it is whole and this build's: after
/// its header, a hash of the rest, then each block's key, length and HTML.
fn read_blocks(bytes: &[u8]) -> Option<Vec<(u64, std::sync::Arc<str>)>> {
    let rest = bytes.strip_prefix(blocks_header().as_bytes())?;
    let (check, mut body) = rest.split_at_checked(8)?;
    if crate::cache::hash_of(body).to_le_bytes() != check {
        return None;
    }
    let number = |bytes: &[u8]| Some(u64::from_le_bytes(bytes.try_into().ok()?));
    let mut blocks = Vec::new();
    while !body.is_empty() {
        let (key, rest) = body.split_at_checked(8)?;
        let (len, rest) = rest.split_at_checked(8)?;
        let (html, rest) = rest.split_at_checked(usize::try_from(number(len)?).ok()?)?;
        blocks.push((number(key)?, std::str::from_utf8(html).ok()?.into()));
        body = rest;
    }
    Some(blocks)
}

/// The contrast every colour of highlighted code keeps with the block's background: WCAG AA
/// for text, with a little to spare for rounding.
const CODE_CONTRAST: f64 = 4.6;

/// Lightens (on a dark background) or darkens (on a light one) each colour of `theme` that is
/// too faint to read against its background, keeping its hue.
fn legible(theme: &mut Theme) {
    let Some(background) = theme.settings.background else {
        return;
    };
    let dark = luminance(background) < 0.5;
    let toward = if dark { 255.0 } else { 0.0 };
    let fix = |color: &mut Color| {
        let mut mixed = *color;
        let mut step = 0.0;
        while contrast(mixed, background) < CODE_CONTRAST && step < 1.0 {
            step += 0.02;
            let mix = |c: u8| (f64::from(c) + (toward - f64::from(c)) * step).round() as u8;
            mixed = Color {
                r: mix(color.r),
                g: mix(color.g),
                b: mix(color.b),
                a: color.a,
            };
        }
        *color = mixed;
    };
    if let Some(foreground) = theme.settings.foreground.as_mut() {
        fix(foreground);
    }
    for item in &mut theme.scopes {
        if let Some(foreground) = item.style.foreground.as_mut() {
            fix(foreground);
        }
    }
}

/// The relative luminance of a colour, as WCAG 2 defines it.
fn luminance(color: Color) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)
}

/// The WCAG 2 contrast ratio of two colours, from 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file of highlighted blocks, written block by block, is read back whole; one cut
    /// short or changed is not read at all.
    #[test]
    fn highlighted_blocks_kept_in_a_file_are_read_back_only_whole() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("highlighted-code");
        let first = Highlighter::new();
        let blocks = [
            ("rust", "fn main() {}\n"),
            ("sh", "echo $HOME\n"),
            ("", "plain\n"),
        ];
        let made: Vec<String> = blocks.iter().map(|(l, c)| first.highlight(l, c)).collect();
        first.save(&path).expect("the blocks are saved");
        let second = Highlighter::new();
        second.load(&path);
        assert_eq!(second.loaded.load(std::sync::atomic::Ordering::Relaxed), 3);
        let again: Vec<String> = blocks.iter().map(|(l, c)| second.highlight(l, c)).collect();
        assert_eq!(again, made);
        let bytes = std::fs::read(&path).expect("the saved file");
        for damaged in [bytes[..bytes.len() - 1].to_vec(), {
            let mut changed = bytes.clone();
            *changed.last_mut().expect("a byte") ^= 1;
            changed
        }] {
            std::fs::write(&path, damaged).expect("the damaged file");
            let third = Highlighter::new();
            third.load(&path);
            assert_eq!(third.loaded.load(std::sync::atomic::Ordering::Relaxed), 0);
        }
    }

    #[test]
    fn every_colour_of_highlighted_code_reads_at_wcag_aa() {
        let highlighter = Highlighter::new();
        let background = highlighter.theme.settings.background.expect("a background");
        let scoped = highlighter
            .theme
            .scopes
            .iter()
            .filter_map(|item| item.style.foreground);
        for color in scoped.chain(highlighter.theme.settings.foreground) {
            assert!(contrast(color, background) >= 4.5, "{color:?}");
        }
        let black = Color {
            r: 0,
            g: 0,
            b: 0,
            a: 255,
        };
        let white = Color {
            r: 255,
            g: 255,
            b: 255,
            a: 255,
        };
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
    }
}
