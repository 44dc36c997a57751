//! A YAML document as a tree of positioned nodes, and a serde deserializer over it that puts
//! the position and the field path on every error.
//!
//! Parsing happens once, with serde-saphyr and its budgets (aliases, depth, node counts), into
//! [`Node`]s. The typed model is then deserialized from the tree. Because the tree can be
//! edited, a failing field can be taken out and the document tried again, so one run reports
//! every problem in a file rather than only the first (see [`crate::load::yaml`]).

use std::fmt;

use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use crate::model::Pos;

/// The struct name through which [`crate::model::Located`] asks for a node's position.
pub const LOCATED: &str = "$clapboard::Located";
/// The struct name through which [`crate::model::values::OneOrMany`] accepts one value or a list.
pub const ONE_OR_MANY: &str = "$clapboard::OneOrMany";

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub at: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// An item taken out of its list after an error; skipped, so later items keep their index.
    Removed,
    /// A spreadsheet cell: text that is read as whatever its field expects (`25` is a number
    /// for `fps` and text for `account`); a list field reads it as its parts between `;`.
    Cell {
        text: String,
        parts: Vec<Node>,
    },
}

impl Value {
    /// What a producer would call this kind of value, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Value::Null | Value::Removed => "nothing",
            Value::Bool(_) => "true or false",
            Value::Int(_) | Value::UInt(_) | Value::Float(_) => "a number",
            Value::String(_) | Value::Cell { .. } => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a set of fields",
        }
    }

    /// A scalar as text, the way it was most likely written.
    fn scalar_text(&self) -> Option<String> {
        match self {
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::UInt(u) => Some(u.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::String(s) | Value::Cell { text: s, .. } => Some(s.clone()),
            _ => None,
        }
    }
}

impl Node {
    /// A cell's text as a node, split into parts at `;` when it holds one.
    pub fn cell(text: &str, at: Pos) -> Node {
        let text = text.trim();
        let parts = if text.contains(';') {
            text.split(';')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(|part| Node {
                    value: Value::Cell {
                        text: part.to_string(),
                        parts: Vec::new(),
                    },
                    at,
                })
                .collect()
        } else {
            Vec::new()
        };
        Node {
            value: Value::Cell {
                text: text.to_string(),
                parts,
            },
            at,
        }
    }

    /// The items of a list: a list's own, a cell's parts, or the node itself as the only one.
    fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            Value::Cell { parts, .. } if !parts.is_empty() => parts,
            Value::Null => &[],
            _ => std::slice::from_ref(self),
        }
    }
}

/// A cell's text read as YAML would read it unquoted: `true`, a whole number, a decimal number,
/// or text. Numbers with leading zeros stay text, as ids and account codes do.
enum CellScalar<'a> {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(&'a str),
}

fn cell_scalar(text: &str) -> CellScalar<'_> {
    if text.eq_ignore_ascii_case("true") {
        return CellScalar::Bool(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return CellScalar::Bool(false);
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return CellScalar::Text(text);
    }
    match fraction {
        None => text.parse().map_or(CellScalar::Text(text), CellScalar::Int),
        Some(fraction) if all_digits(fraction) => text
            .parse()
            .map_or(CellScalar::Text(text), CellScalar::Float),
        Some(_) => CellScalar::Text(text),
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            value: spanned.value,
            at: Pos {
                line: u32::try_from(spanned.referenced.line()).unwrap_or(u32::MAX),
                column: u32::try_from(spanned.referenced.column()).unwrap_or(u32::MAX),
            },
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
                Ok(Value::UInt(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Value, E> {
                Ok(Value::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Value, E> {
                Ok(Value::String(v))
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Value::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Value::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Node>()? {
                    let value = map.next_value::<Node>()?;
                    entries.push((key, value));
                }
                Ok(Value::Map(entries))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// The path of a field, as `shots[3].location`.
pub fn path_text(path: &[Segment]) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Segment::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// What went wrong in a node, with the names a message and its hint are made from.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeProblem {
    /// A required field is missing; the error's path names the item that lacks it.
    MissingField(String),
    /// A field the item does not have.
    UnknownField {
        field: String,
        expected: &'static [&'static str],
        /// When the field has no value and follows, on the same line, a field whose value is
        /// text: that field's name and text. `{ idea: milk bottles, neon }` reads `neon` as a
        /// field, where the writer meant one value with a comma.
        split_from: Option<(String, String)>,
    },
    /// A value that is not one of the possible ones (a shot size, a status).
    UnknownValue {
        value: String,
        expected: &'static [&'static str],
    },
    /// A value of the wrong kind, both in a producer's words: "a list", "the text `x`".
    WrongType { expected: String, found: String },
    /// Anything else, such as a time or a date that does not parse; the message says it all.
    Other(String),
}

impl fmt::Display for NodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeProblem::MissingField(field) => {
                write!(f, "the required field `{field}` is missing")
            }
            NodeProblem::UnknownField {
                field, expected, ..
            } => write!(
                f,
                "unknown field `{field}`, expected one of {}",
                quoted_list(expected)
            ),
            NodeProblem::UnknownValue { value, expected } => write!(
                f,
                "`{value}` is not one of the possible values: {}",
                quoted_list(expected)
            ),
            NodeProblem::WrongType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            NodeProblem::Other(message) => f.write_str(message),
        }
    }
}

/// A problem deserializing a node: what, where, and the path of the field.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeError {
    pub problem: NodeProblem,
    pub at: Pos,
    pub path: Vec<Segment>,
}

impl NodeError {
    fn new(problem: NodeProblem) -> Self {
        NodeError {
            problem,
            at: Pos::default(),
            path: Vec::new(),
        }
    }
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problem.fmt(f)
    }
}

impl std::error::Error for NodeError {}

impl de::Error for NodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        NodeError::new(NodeProblem::Other(message.to_string()))
    }

    fn missing_field(field: &'static str) -> Self {
        NodeError::new(NodeProblem::MissingField(field.to_string()))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        NodeError::new(NodeProblem::UnknownField {
            field: field.to_string(),
            expected,
            split_from: None,
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        NodeError::new(NodeProblem::UnknownValue {
            value: variant.to_string(),
            expected,
        })
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let found = match unexpected {
            de::Unexpected::Str(s) => format!("the text `{s}`"),
            de::Unexpected::Unsigned(n) => format!("the number {n}"),
            de::Unexpected::Signed(n) => format!("the number {n}"),
            de::Unexpected::Float(n) => format!("the number {n}"),
            de::Unexpected::Bool(b) => format!("`{b}`"),
            de::Unexpected::Seq => "a list".to_string(),
            de::Unexpected::Map => "a set of fields".to_string(),
            de::Unexpected::Unit | de::Unexpected::Option => "nothing".to_string(),
            other => other.to_string(),
        };
        NodeError::new(NodeProblem::WrongType {
            expected: plain_expected(&expected.to_string()),
            found,
        })
    }
}

/// Serde's names for what it expected, in a producer's words.
fn plain_expected(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number such as 25 or 23.976".to_string(),
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" => {
            "a whole number such as 2".to_string()
        }
        "a boolean" => "`true` or `false`".to_string(),
        "a string" | "a borrowed string" => "text".to_string(),
        "a sequence" => "a list".to_string(),
        other if other.starts_with("struct ") => {
            "a set of fields (`name: value` lines)".to_string()
        }
        other => other.to_string(),
    }
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl NodeError {
    /// Places the error at `at` unless a deeper node already placed it.
    fn placed(mut self, at: Pos) -> Self {
        if self.at == Pos::default() {
            self.at = at;
        }
        self
    }

    fn under(mut self, segment: Segment) -> Self {
        self.path.insert(0, segment);
        self
    }
}

/// Deserializes a `T` from a node.
pub fn from_node<'a, T: Deserialize<'a>>(node: &'a Node) -> Result<T, NodeError> {
    T::deserialize(NodeDeserializer { node })
}

#[derive(Clone, Copy)]
pub struct NodeDeserializer<'a> {
    node: &'a Node,
}

impl NodeDeserializer<'_> {
    fn type_error(&self, expected: &str) -> NodeError {
        NodeError::new(NodeProblem::WrongType {
            expected: expected.to_string(),
            found: self.node.value.kind().to_string(),
        })
        .placed(self.node.at)
    }
}

impl<'de> Deserializer<'de> for NodeDeserializer<'de> {
    type Error = NodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        let result = match &self.node.value {
            Value::Null | Value::Removed => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::UInt(u) => visitor.visit_u64(*u),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Cell { text, .. } => match cell_scalar(text) {
                CellScalar::Bool(b) => visitor.visit_bool(b),
                CellScalar::Int(i) => visitor.visit_i64(i),
                CellScalar::Float(f) => visitor.visit_f64(f),
                CellScalar::Text(text) => visitor.visit_borrowed_str(text),
            },
            Value::Seq(items) => visitor.visit_seq(Items { items, next: 0 }),
            Value::Map(entries) => visitor.visit_map(Entries {
                entries,
                next: 0,
                value: None,
            }),
        };
        result.map_err(|e| e.placed(at))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        match self.node.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.placed(at))
    }

    /// Scalars are text when text is wanted: `id: 3` and `id: "3"` are the same id.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        match &self.node.value {
            Value::String(s) | Value::Cell { text: s, .. } => visitor.visit_borrowed_str(s),
            other => match other.scalar_text() {
                Some(text) => visitor.visit_string(text),
                None => return Err(self.type_error("text")),
            },
        }
        .map_err(|e: NodeError| e.placed(at))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        if name == ONE_OR_MANY {
            let items = match &self.node.value {
                Value::Null => std::slice::from_ref(self.node),
                _ => self.node.items(),
            };
            return visitor
                .visit_seq(Items { items, next: 0 })
                .map_err(|e| e.placed(at));
        }
        visitor.visit_newtype_struct(self).map_err(|e| e.placed(at))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        if name == LOCATED {
            return visitor
                .visit_seq(LocatedAccess {
                    node: self.node,
                    next: 0,
                })
                .map_err(|e| e.placed(at));
        }
        let _ = fields;
        match &self.node.value {
            Value::Map(entries) => visitor
                .visit_map(Entries {
                    entries,
                    next: 0,
                    value: None,
                })
                .map_err(|e| e.placed(at)),
            Value::Null => visitor
                .visit_map(Entries {
                    entries: &[],
                    next: 0,
                    value: None,
                })
                .map_err(|e| e.placed(at)),
            _ => Err(self.type_error("a set of fields (`name: value` lines)")),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        match &self.node.value {
            Value::Seq(_) | Value::Null | Value::Cell { .. } => visitor
                .visit_seq(Items {
                    items: self.node.items(),
                    next: 0,
                })
                .map_err(|e| e.placed(at)),
            _ => Err(self.type_error("a list")),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        let at = self.node.at;
        match &self.node.value {
            Value::String(s) | Value::Cell { text: s, .. } => visitor
                .visit_enum(UnitVariant { name: s })
                .map_err(|e| e.placed(at)),
            _ => Err(self.type_error("one of the listed values")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct map identifier ignored_any
    }
}

struct Items<'a> {
    items: &'a [Node],
    next: usize,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        while self
            .items
            .get(self.next)
            .is_some_and(|n| n.value == Value::Removed)
        {
            self.next += 1;
        }
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        let index = self.next;
        self.next += 1;
        seed.deserialize(NodeDeserializer { node })
            .map(Some)
            .map_err(|e| e.placed(node.at).under(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len().saturating_sub(self.next))
    }
}

struct Entries<'a> {
    entries: &'a [(Node, Node)],
    next: usize,
    value: Option<(&'a Node, String)>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = NodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, NodeError> {
        let Some((key, value)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let name = key.value.scalar_text().unwrap_or_default();
        self.value = Some((value, name.clone()));
        let before = self.next.checked_sub(2).and_then(|i| self.entries.get(i));
        seed.deserialize(NodeDeserializer { node: key })
            .map(Some)
            .map_err(|mut e| {
                if let NodeProblem::UnknownField { split_from, .. } = &mut e.problem
                    && matches!(value.value, Value::Null)
                    && let Some((
                        previous,
                        Node {
                            value: Value::String(text),
                            at,
                        },
                    )) = before
                    && at.line == key.at.line
                {
                    let field = previous.value.scalar_text().unwrap_or_default();
                    *split_from = Some((field, text.clone()));
                }
                e.placed(key.at).under(Segment::Key(name))
            })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NodeError> {
        let (node, name) = self
            .value
            .take()
            .expect("serde asks for a value after its key");
        seed.deserialize(NodeDeserializer { node })
            .map_err(|e| e.placed(node.at).under(Segment::Key(name)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// Hands [`crate::model::Located`] the line, the column and the value, in that order.
struct LocatedAccess<'a> {
    node: &'a Node,
    next: u8,
}

impl<'de> SeqAccess<'de> for LocatedAccess<'de> {
    type Error = NodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, NodeError> {
        self.next += 1;
        match self.next {
            1 => seed
                .deserialize(self.node.at.line.into_deserializer())
                .map(Some),
            2 => seed
                .deserialize(self.node.at.column.into_deserializer())
                .map(Some),
            3 => seed
                .deserialize(NodeDeserializer { node: self.node })
                .map(Some),
            _ => Ok(None),
        }
    }
}

struct UnitVariant<'a> {
    name: &'a str,
}

impl<'de> EnumAccess<'de> for UnitVariant<'de> {
    type Error = NodeError;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, UnitOnly), NodeError> {
        let name: de::value::BorrowedStrDeserializer<'de, NodeError> =
            de::value::BorrowedStrDeserializer::new(self.name);
        seed.deserialize(name).map(|v| (v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> VariantAccess<'de> for UnitOnly {
    type Error = NodeError;

    fn unit_variant(self) -> Result<(), NodeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        _seed: T,
    ) -> Result<T::Value, NodeError> {
        Err(de::Error::custom("expected a plain value"))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, NodeError> {
        Err(de::Error::custom("expected a plain value"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, NodeError> {
        Err(de::Error::custom("expected a plain value"))
    }
}

/// Moves every position of the tree `lines` lines down, for YAML that starts inside a file.
pub fn shift_lines(node: &mut Node, lines: u32) {
    if lines == 0 {
        return;
    }
    if node.at.line > 0 {
        node.at.line += lines;
    }
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift_lines(n, lines)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift_lines(k, lines);
            shift_lines(v, lines);
        }),
        _ => {}
    }
}

/// Takes the field or item at `path` out of `root`; false when there is nothing to take.
pub fn remove(root: &mut Node, path: &[Segment]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = root;
    for segment in parents {
        let next = match (&mut node.value, segment) {
            (Value::Map(entries), Segment::Key(key)) => entries
                .iter_mut()
                .find(|(k, _)| k.value.scalar_text().as_deref() == Some(key.as_str()))
                .map(|(_, v)| v),
            (Value::Seq(items), Segment::Index(i)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    match (&mut node.value, last) {
        (Value::Map(entries), Segment::Key(key)) => {
            let before = entries.len();
            entries.retain(|(k, _)| k.value.scalar_text().as_deref() != Some(key.as_str()));
            entries.len() != before
        }
        (Value::Seq(items), Segment::Index(i)) if *i < items.len() => {
            // Keep indexes stable for later messages: the item is marked, not shifted out.
            let was = std::mem::replace(&mut items[*i].value, Value::Removed);
            was != Value::Removed
        }
        _ => false,
    }
}
