//! Who may see what. Every document kind has a default audience; a document, a list item or a
//! single field may say otherwise:
//!
//! ```yaml
//! audience: [client, crew]        # a whole document (top level or front matter)
//! shots:
//!   - id: 4C
//!     audience: crew              # one item
//!     notes:
//!       value: Stunt double for the fall
//!       audience: crew            # one field
//! ```
//!
//! `public` means everyone. The most specific word wins: an item that names an audience is
//! shown to it even in a document that is not (a crew-only line in the client's budget), and a
//! field narrows its item (a phone number for the crew only). The filter works on a document's
//! node tree before it is typed, so what an audience may not see never becomes part of its
//! production at all.

use super::Kind;
use super::node::{Node, Value};
use crate::diagnostics::{Code, Diagnostic};
use crate::index::did_you_mean;

/// Who is looking.
#[derive(Clone, Copy, Debug)]
pub enum Viewer<'a> {
    /// The check sees everything.
    Everyone,
    /// One audience's site.
    Audience(&'a str),
}

/// The audience that means everyone.
pub const PUBLIC: &str = "public";

/// Fields with an audience of their own unless they say otherwise: contact details are for the
/// crew, fees for the client, the promotion campaign for the client. As (list, field,
/// audience); an empty list means a field of the document itself.
pub fn field_defaults(
    kind: Kind,
) -> &'static [(&'static str, &'static str, &'static [&'static str])] {
    match kind {
        Kind::People => &[
            ("cast", "contact", &["crew"]),
            ("cast", "agent", &["crew"]),
            ("crew", "phone", &["crew"]),
            ("crew", "email", &["crew"]),
        ],
        Kind::Locations => &[
            ("locations", "contact", &["crew"]),
            ("locations", "fee", &["client"]),
        ],
        Kind::Promo => &[("", "campaign", &["client"])],
        _ => &[],
    }
}

/// `tree` as `viewer` may see it, or `None` when the viewer may not see the document. Problems
/// with `audience:` values (names that are not audiences) are added to `problems`.
pub fn view(
    mut tree: Node,
    kind: Kind,
    viewer: &Viewer,
    names: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let mut filter = Filter {
        viewer,
        names,
        problems,
    };
    let document = match take_audience(&mut tree) {
        Some(node) => filter.read_set(&node),
        None => kind
            .document()
            .audience
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    filter.apply_field_defaults(&mut tree, kind);
    if filter.visible(&document) {
        filter.walk(&mut tree);
        return Some(tree);
    }
    // The most specific word wins: in a document the viewer may not see, items that name the
    // viewer are still shown, and nothing else. A Markdown body has no items.
    if kind.is_markdown() {
        return None;
    }
    filter.only_named_items(&mut tree).then_some(tree)
}

struct Filter<'a, 'b> {
    viewer: &'a Viewer<'a>,
    names: &'a [String],
    problems: &'b mut Vec<Diagnostic>,
}

impl Filter<'_, '_> {
    fn visible(&self, set: &[String]) -> bool {
        match self.viewer {
            Viewer::Everyone => true,
            Viewer::Audience(name) => set.iter().any(|s| s == PUBLIC || s == name),
        }
    }

    /// An `audience:` value: one name or a list of names, each an audience or `public`.
    fn read_set(&mut self, node: &Node) -> Vec<String> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Cell { parts, .. } if !parts.is_empty() => parts.iter().collect(),
            _ => vec![node],
        };
        let mut set = Vec::new();
        for item in items {
            let name = match &item.value {
                Value::String(s) | Value::Cell { text: s, .. } => s.trim().to_string(),
                _ => {
                    self.problem(
                        item,
                        "an audience is written as its name, such as `crew` or `public`",
                        None,
                    );
                    continue;
                }
            };
            if name != PUBLIC && !self.names.contains(&name) {
                let mut known: Vec<&str> = self.names.iter().map(String::as_str).collect();
                known.push(PUBLIC);
                let hint = match did_you_mean(&name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "the audiences are: {} (set in clapboard.yaml)",
                        known.join(", ")
                    ),
                };
                self.problem(item, &format!("there is no audience `{name}`"), Some(hint));
                // An unknown name shows the item to nobody rather than to everybody.
                continue;
            }
            set.push(name);
        }
        set
    }

    fn problem(&mut self, node: &Node, message: &str, hint: Option<String>) {
        let mut diagnostic = Diagnostic::error(Code::UnknownAudience, message).at(node.at);
        diagnostic.hint = hint;
        self.problems.push(diagnostic);
    }

    /// Gives the listed fields their default audience, unless they say otherwise.
    fn apply_field_defaults(&mut self, tree: &mut Node, kind: Kind) {
        for (list, field, audience) in field_defaults(kind) {
            let set: Vec<String> = audience.iter().map(|s| s.to_string()).collect();
            if self.visible(&set) {
                continue;
            }
            if list.is_empty() {
                remove_plain_field(tree, field);
            } else if let Some(Value::Seq(items)) = field_of(tree, list).map(|n| &mut n.value) {
                for item in items {
                    remove_plain_field(item, field);
                }
            }
        }
    }

    /// Keeps, of a document the viewer may not see, only the list items that name the viewer;
    /// false when there are none.
    fn only_named_items(&mut self, tree: &mut Node) -> bool {
        let Value::Map(entries) = &mut tree.value else {
            return false;
        };
        let mut any = false;
        let mut kept = Vec::new();
        for (key, mut value) in std::mem::take(entries) {
            let Value::Seq(items) = &mut value.value else {
                continue;
            };
            for item in items.iter_mut() {
                let named = take_audience(item).map(|audience| self.read_set(&audience));
                match named {
                    Some(set) if self.visible(&set) => {
                        self.walk(item);
                        any = true;
                    }
                    _ => item.value = Value::Removed,
                }
            }
            kept.push((key, value));
        }
        *entries = kept;
        any
    }

    /// Applies every item's and field's own audience, below the document's root.
    fn walk(&mut self, node: &mut Node) {
        match &mut node.value {
            Value::Map(entries) => {
                let mut kept = Vec::with_capacity(entries.len());
                for (key, mut value) in std::mem::take(entries) {
                    if self.keep(&mut value) {
                        kept.push((key, value));
                    }
                }
                *entries = kept;
            }
            Value::Seq(items) => {
                for item in items.iter_mut() {
                    if !self.keep(item) {
                        // Removed items keep their place, so later items keep their index.
                        item.value = Value::Removed;
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether `node` (a field's value or a list item) stays; unwraps `{value, audience}` and
    /// drops `audience:` keys on the way.
    fn keep(&mut self, node: &mut Node) -> bool {
        if let Some((value, audience)) = wrapper(node) {
            let set = self.read_set(&audience);
            if !self.visible(&set) {
                return false;
            }
            *node = value;
            self.walk(node);
            return true;
        }
        if let Some(audience) = take_audience(node) {
            let set = self.read_set(&audience);
            if !self.visible(&set) {
                return false;
            }
        }
        self.walk(node);
        true
    }
}

/// Takes the `audience` entry out of a mapping.
fn take_audience(node: &mut Node) -> Option<Node> {
    let Value::Map(entries) = &mut node.value else {
        return None;
    };
    let at = entries
        .iter()
        .position(|(k, _)| matches!(&k.value, Value::String(s) if s == "audience"))?;
    Some(entries.remove(at).1)
}

/// A field written as `{value: ..., audience: ...}`.
fn wrapper(node: &Node) -> Option<(Node, Node)> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    if entries.len() != 2 {
        return None;
    }
    let get = |name: &str| {
        entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::String(s) if s == name))
            .map(|(_, v)| v.clone())
    };
    Some((get("value")?, get("audience")?))
}

fn field_of<'a>(node: &'a mut Node, name: &str) -> Option<&'a mut Node> {
    let Value::Map(entries) = &mut node.value else {
        return None;
    };
    entries
        .iter_mut()
        .find(|(k, _)| matches!(&k.value, Value::String(s) if s == name))
        .map(|(_, v)| v)
}

/// Removes `field` from a mapping unless it says its own audience.
fn remove_plain_field(node: &mut Node, field: &str) {
    let Value::Map(entries) = &mut node.value else {
        return;
    };
    entries.retain(|(k, v)| {
        let named = matches!(&k.value, Value::String(s) if s == field);
        !named || wrapper(v).is_some() || matches!(&v.value, Value::Map(m) if m.iter().any(|(k, _)| matches!(&k.value, Value::String(s) if s == "audience")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_tree;

    fn names() -> Vec<String> {
        ["public", "client", "crew"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn seen(text: &str, kind: Kind, viewer: Viewer) -> Option<String> {
        let tree = parse_tree(text).unwrap();
        let mut problems = Vec::new();
        let tree = view(tree, kind, &viewer, &names(), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        tree.map(|t| format!("{:?}", t.value))
    }

    #[test]
    fn documents_items_and_fields() {
        let text = "shots:\n  - id: 1A\n    notes: {value: SECRET, audience: crew}\n  - id: 1B\n    audience: crew\n    description: HIDDEN\n";
        let client = seen(text, Kind::Shots, Viewer::Audience("client")).unwrap();
        assert!(
            !client.contains("SECRET") && !client.contains("HIDDEN") && client.contains("1A"),
            "{client}"
        );
        let crew = seen(text, Kind::Shots, Viewer::Audience("crew")).unwrap();
        assert!(crew.contains("SECRET") && crew.contains("HIDDEN"), "{crew}");
        assert!(
            seen(text, Kind::Shots, Viewer::Audience("public")).is_none(),
            "shots are not public by default"
        );
        let public = seen(
            "audience: public\nshots: []\n",
            Kind::Shots,
            Viewer::Audience("public"),
        );
        assert!(public.is_some());
        let everyone = seen(text, Kind::Shots, Viewer::Everyone).unwrap();
        assert!(
            everyone.contains("SECRET") && !everyone.contains("audience"),
            "{everyone}"
        );
    }

    #[test]
    fn contact_details_are_for_the_crew() {
        let text = "crew:\n  - id: kit\n    name: Kit\n    phone: '0700'\n    email: {value: kit@example.com, audience: client}\n";
        let client = seen(text, Kind::People, Viewer::Audience("client")).unwrap();
        assert!(
            !client.contains("0700") && client.contains("kit@example.com"),
            "{client}"
        );
        let crew = seen(text, Kind::People, Viewer::Audience("crew")).unwrap();
        assert!(
            crew.contains("0700") && !crew.contains("kit@example.com"),
            "{crew}"
        );
    }

    #[test]
    fn unknown_audiences_are_reported_and_show_nothing() {
        let tree = parse_tree("shots:\n  - id: 1A\n    audience: crw\n").unwrap();
        let mut problems = Vec::new();
        let tree = view(
            tree,
            Kind::Shots,
            &Viewer::Audience("crew"),
            &names(),
            &mut problems,
        )
        .unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `crew`?"));
        assert!(!format!("{:?}", tree.value).contains("1A"));
    }
}
