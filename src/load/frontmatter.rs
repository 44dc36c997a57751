//! Splitting a Markdown file into its YAML front matter and its body.

/// A Markdown file's parts. Lines are 1-based lines of the whole file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` fences, if the file has front matter.
    pub front_matter: Option<&'a str>,
    pub front_matter_line: u32,
    pub body: &'a str,
    pub body_line: u32,
}

/// Front matter opens with `---` on the first line and closes with `---` or `...` on a line
/// of its own. A file that opens a fence and never closes it is an error: returns `None`.
pub fn split(text: &str) -> Option<Split<'_>> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text_no_bom.find('\n').unwrap_or(text_no_bom.len());
    if text_no_bom[..first_end].trim_end() != "---" {
        return Some(Split {
            front_matter: None,
            front_matter_line: 1,
            body: text_no_bom,
            body_line: 1,
        });
    }
    let yaml_start = (first_end + 1).min(text_no_bom.len());
    let mut offset = yaml_start;
    let mut line = 2u32;
    while offset < text_no_bom.len() {
        let end = text_no_bom[offset..]
            .find('\n')
            .map_or(text_no_bom.len(), |i| offset + i);
        let content = text_no_bom[offset..end].trim_end();
        if content == "---" || content == "..." {
            let body_start = (end + 1).min(text_no_bom.len());
            return Some(Split {
                front_matter: Some(&text_no_bom[yaml_start..offset]),
                front_matter_line: 2,
                body: &text_no_bom[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\ndate: 2026-01-01\n---\n# Body\n").unwrap();
        assert_eq!(s.front_matter, Some("title: A\ndate: 2026-01-01\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Just text\n").unwrap();
        assert_eq!(s.front_matter, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter() {
        assert!(split("---\ntitle: A\n# Body\n").is_none());
    }
}
