//! Empty spreadsheets for one list of a document (`clapboard template shots`), for production
//! offices that would rather fill in a sheet than write YAML.
//!
//! The columns come from the JSON Schemas of [`crate::schema`], so a sheet always names the
//! fields the model reads: nested fields become dotted columns (`permit.status`), lists of
//! values one column (`priya; sol`), and lists of items, which no cell can hold, are left out.
//! The example row is the first item of that list in the example production.

use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Code, Diagnostic};
use crate::load::node::{Node, Value as Yaml};
use crate::load::{DOCUMENTS, DocumentKind, Place};

/// The kind of file a template is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    /// UTF-8, comma separated, with a header row.
    Csv,
    /// An Excel workbook, with dropdowns for values from a list and a note on every header.
    Xlsx,
}

impl SheetFormat {
    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Csv => "csv",
            SheetFormat::Xlsx => "xlsx",
        }
    }
}

/// One list of a document that a sheet can hold: `shots` of the shot list, `lines` of the
/// budget.
#[derive(Clone, Debug)]
pub struct SheetList {
    pub document: &'static DocumentKind,
    /// The list's field in the document: `shots`, `lines`.
    pub name: String,
    pub columns: Vec<Column>,
    /// Fields of an item that are lists of items themselves, so cannot be a column.
    pub left_out: Vec<String>,
}

/// One column of a sheet: a field of an item.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The header: the field's name, dotted for nested fields (`permit.status`).
    pub name: String,
    pub description: Option<String>,
    pub required: Required,
    /// The values the field may take, when it is one of a list (shot sizes, statuses).
    pub values: Vec<String>,
    /// A list of values, written in one cell separated by `;`.
    pub several: bool,
    /// A number (an amount, a frame rate): a workbook's other columns are formatted as
    /// text, so that `1`, `0:04` or `2026-10-08` typed in stay as typed.
    pub numeric: bool,
    /// The example row's cell.
    pub example: Option<Cell>,
}

/// Whether a column must be filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Required {
    Always,
    /// Required when the row has the nested field this column is part of (`hospital`).
    With(String),
    No,
}

/// A cell of the example row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number, with the text it was written as.
    Number(f64, String),
    Bool(bool),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) | Cell::Number(_, text) => text.clone(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

impl SheetList {
    /// `budget.lines`: the name that is never ambiguous.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.document.schema, self.name)
    }

    /// The stem of the list's place in a production folder: `shots` when the list is the
    /// document's own (`shots.csv`), `budget/lines` otherwise.
    fn home_stem(&self) -> String {
        let place = place_of(self.document);
        let own = place.rsplit('/').next() == Some(self.name.as_str());
        if own {
            place.to_string()
        } else {
            format!("{place}/{}", self.name)
        }
    }

    /// Where the file belongs in a production folder: `budget/lines.csv`.
    pub fn home(&self, format: SheetFormat) -> String {
        format!("{}.{}", self.home_stem(), format.extension())
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The template as a CSV file: the header row and the example row.
    pub fn csv(&self) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        let example: Vec<String> = self
            .columns
            .iter()
            .map(|c| c.example.as_ref().map(Cell::text).unwrap_or_default())
            .collect();
        // Writing records into memory cannot fail.
        let _ = writer.write_record(header);
        let _ = writer.write_record(example);
        writer.into_inner().unwrap_or_default()
    }

    /// The template as an Excel workbook: a bold, frozen header row with a note on each
    /// header, the example row, and dropdowns for the columns whose values come from a list.
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{DataValidation, Format, Note, Workbook};

        // Every row below the header, to the last one Excel has.
        const LAST_ROW: u32 = 1_048_575;
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(&self.name)?;
        let bold = Format::new().set_bold();
        // Text columns stay text: `0:04`, `06:30` and `2026-10-08` typed in are not turned
        // into times and dates of the spreadsheet's own.
        let text = Format::new().set_num_format("@");
        for (i, column) in self.columns.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, col, &column.name, &bold)?;
            let note = Note::new(column.note())
                .add_author_prefix(false)
                .set_width(320)
                .set_height(140);
            sheet.insert_note(0, col, &note)?;
            if !column.numeric {
                sheet.set_column_format(col, &text)?;
            }
            match &column.example {
                Some(Cell::Number(number, _)) if column.numeric => {
                    sheet.write_number(1, col, *number)?;
                }
                Some(Cell::Bool(value)) => {
                    sheet.write_boolean(1, col, *value)?;
                }
                Some(cell) => {
                    sheet.write_string(1, col, cell.text())?;
                }
                None => {}
            }
            if !column.values.is_empty() {
                // Excel refuses lists longer than 255 characters: such a column goes without.
                if let Ok(validation) = DataValidation::new().allow_list_strings(&column.values) {
                    sheet.add_data_validation(1, col, LAST_ROW, col, &validation)?;
                }
            }
            let widest = column
                .example
                .as_ref()
                .map_or(0, |c| c.text().chars().count())
                .max(column.name.chars().count());
            sheet.set_column_width(col, (widest + 2).clamp(8, 40) as f64)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        workbook.save_to_buffer()
    }
}

impl Column {
    /// The note on the column's header: what the field is, whether it must be filled in, and
    /// how to write it.
    pub fn note(&self) -> String {
        let mut lines = Vec::new();
        if let Some(description) = &self.description {
            lines.push(description.clone());
        }
        lines.push(match &self.required {
            Required::Always => "Required.".to_string(),
            Required::With(parent) => format!("Required when the row has a {parent}."),
            Required::No => "Optional: leave empty when it does not apply.".to_string(),
        });
        if !self.values.is_empty() {
            lines.push(format!("One of: {}.", self.values.join(", ")));
        }
        if self.several {
            lines.push("Several values are separated by `;`.".to_string());
        }
        lines.join("\n")
    }
}

/// The folder or file stem of a list document: `shots`, `post/reviews`.
fn place_of(document: &DocumentKind) -> &'static str {
    match document.place {
        Place::List(place) => place,
        Place::File(path) => path,
        Place::Notes { folder, .. } => folder,
    }
}

/// Every list a sheet can hold, in the order of [`DOCUMENTS`] and of each schema's fields.
pub fn lists() -> Vec<SheetList> {
    let schemas = crate::schema::all();
    let mut lists = Vec::new();
    for document in DOCUMENTS.iter() {
        if !matches!(document.place, Place::List(_)) {
            continue;
        }
        let Some(schema) = schemas.iter().find(|s| s.name == document.schema) else {
            continue;
        };
        let schema = &schema.schema;
        let empty = Map::new();
        let definitions = schema
            .get("$defs")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, property) in properties {
            let Shape::Items(item) = shape(property, definitions) else {
                continue;
            };
            let example = example_item(document, name);
            let mut list = SheetList {
                document,
                name: name.clone(),
                columns: Vec::new(),
                left_out: Vec::new(),
            };
            let scope = Scope {
                definitions,
                prefix: String::new(),
                required: Required::Always,
            };
            columns(item, &scope, example.as_ref(), &mut list);
            lists.push(list);
        }
    }
    lists
}

/// The name a list is known by on the command line: its own when no other document has a
/// list of that name, `<document>.<list>` otherwise.
fn known_name(list: &SheetList, lists: &[SheetList]) -> String {
    if lists.iter().filter(|l| l.name == list.name).count() == 1 {
        list.name.clone()
    } else {
        list.qualified_name()
    }
}

/// The names every list is known by, for help and messages.
pub fn known_names() -> Vec<String> {
    let lists = lists();
    lists.iter().map(|l| known_name(l, &lists)).collect()
}

/// The list called `name`: `shots`, or `budget.lines` (always accepted).
pub fn find(name: &str) -> Result<SheetList, Diagnostic> {
    let lists = lists();
    let names: Vec<String> = lists.iter().map(|l| known_name(l, &lists)).collect();
    let matching: Vec<usize> = (0..lists.len())
        .filter(|&i| names[i] == name || lists[i].qualified_name() == name)
        .collect();
    if let [only] = matching[..] {
        return Ok(lists[only].clone());
    }
    let ambiguous: Vec<String> = lists
        .iter()
        .filter(|l| l.name == name)
        .map(SheetList::qualified_name)
        .collect();
    if !ambiguous.is_empty() {
        return Err(Diagnostic::error(
            Code::UnknownValue,
            format!("several documents have a list `{name}`"),
        )
        .hint(format!("name one of them: {}", ambiguous.join(", "))));
    }
    let qualified: Vec<String> = lists.iter().map(SheetList::qualified_name).collect();
    let candidates = names.iter().chain(&qualified).map(String::as_str);
    let suggestion = crate::index::did_you_mean(name, candidates)
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    Err(
        Diagnostic::error(Code::UnknownValue, format!("there is no list `{name}`"))
            .hint(format!("{suggestion}the lists are: {}", names.join(", "))),
    )
}

/// A written template.
pub struct Written {
    pub path: PathBuf,
    /// Where it belongs in a production folder: `budget/lines.csv`.
    pub home: String,
    /// The fields left out, being lists of items.
    pub left_out: Vec<String>,
}

/// Writes the template of the list called `name` to `out` (by default `<list>.<format>` in
/// the current folder), never over an existing file.
pub fn write(name: &str, format: SheetFormat, out: Option<&Path>) -> Result<Written, Diagnostic> {
    let list = find(name)?;
    let path = match out {
        Some(out) => out.to_path_buf(),
        None => PathBuf::from(format!("{}.{}", list.name, format.extension())),
    };
    let bytes = match format {
        SheetFormat::Csv => list.csv(),
        SheetFormat::Xlsx => list
            .xlsx()
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot make the workbook: {e}")))?,
    };
    write_new(&path, &bytes)?;
    Ok(Written {
        path,
        home: list.home(format),
        left_out: list.left_out,
    })
}

/// Writes `bytes` to `path`, which must not exist: to a temporary file beside it first,
/// which is then linked to `path`, so `path` is whole or absent, and a file that appeared in
/// the meantime is not replaced either.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let exists = || {
        Diagnostic::error(
            Code::FileExists,
            format!("{} already exists", path.display()),
        )
        .hint("choose another name with --out; clapboard template never overwrites files")
    };
    let io_error =
        |e: io::Error| Diagnostic::error(Code::Io, format!("cannot write {}: {e}", path.display()));
    if path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.clapboard-tmp", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(io_error)?;
    let linked = match std::fs::hard_link(&temporary, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
        // A file system without links: the check above has to do.
        Err(_) => std::fs::rename(&temporary, path).map_err(io_error),
    };
    let _ = std::fs::remove_file(&temporary);
    linked
}

/// What a field of the schema is, as far as a sheet is concerned.
enum Shape<'a> {
    /// One value in a cell.
    Scalar(Scalar),
    /// A list of values in one cell.
    Several(Scalar),
    /// A nested set of fields: dotted columns.
    Object(&'a Value),
    /// A list of items: not a column.
    Items(&'a Value),
}

#[derive(Default)]
struct Scalar {
    values: Vec<String>,
    numeric: bool,
    /// May be text as well as a number (an id `1A` or `3`, a duration `0:04` or `4`).
    text: bool,
    boolean: bool,
    /// The name of its definition (`Date`, `ClockTime`) or, inline, what its pattern says.
    kind: Option<&'static str>,
}

/// The definition `schema` refers to, followed to the end, with the first description found.
fn resolve<'a>(
    mut schema: &'a Value,
    definitions: &'a Map<String, Value>,
) -> (&'a Value, Option<&'a str>, Option<&'a str>) {
    let mut description = schema.get("description").and_then(Value::as_str);
    let mut name = None;
    for _ in 0..16 {
        let Some(target) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(defined) = target
            .strip_prefix("#/$defs/")
            .and_then(|n| definitions.get_key_value(n))
        else {
            break;
        };
        name = Some(defined.0.as_str());
        schema = defined.1;
        description = description.or_else(|| schema.get("description").and_then(Value::as_str));
    }
    (schema, description, name)
}

/// The plain form of a property: every property may also be `{value, audience}`.
fn plain(property: &Value) -> &Value {
    match property
        .get("anyOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([plain, wrapper])
            if wrapper.pointer("/properties/value").is_some()
                && wrapper.pointer("/properties/audience").is_some() =>
        {
            plain
        }
        _ => property,
    }
}

fn is_null(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// What a property's plain form is: a value, a list of values, a nested set of fields or a
/// list of items.
fn shape<'a>(property: &'a Value, definitions: &'a Map<String, Value>) -> Shape<'a> {
    let (schema, _, name) = resolve(plain(property), definitions);
    let mut scalar = Scalar {
        kind: name.and_then(kind_of_definition),
        ..Scalar::default()
    };
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        scalar.values = values.iter().filter_map(text_of).collect();
        return Shape::Scalar(scalar);
    }
    if let Some(value) = schema.get("const").and_then(text_of) {
        scalar.values = vec![value];
        return Shape::Scalar(scalar);
    }
    let alternatives: Vec<&Value> = ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .filter(|a| !is_null(a))
        .collect();
    if !alternatives.is_empty() {
        let shapes: Vec<Shape> = alternatives.iter().map(|a| shape(a, definitions)).collect();
        if shapes.len() == 1 {
            return match shapes.into_iter().next() {
                Some(Shape::Scalar(inner)) => Shape::Scalar(Scalar {
                    kind: scalar.kind.or(inner.kind),
                    ..inner
                }),
                Some(other) => other,
                None => Shape::Scalar(scalar),
            };
        }
        let mut several = false;
        for shape in shapes {
            match shape {
                Shape::Items(item) => return Shape::Items(item),
                Shape::Object(object) => return Shape::Object(object),
                Shape::Several(inner) => {
                    several = true;
                    merge(&mut scalar, inner);
                }
                Shape::Scalar(inner) => merge(&mut scalar, inner),
            }
        }
        return if several {
            Shape::Several(scalar)
        } else {
            Shape::Scalar(scalar)
        };
    }
    let types = types(schema);
    if types.contains(&"array") {
        let items = schema.get("items").unwrap_or(&Value::Null);
        return match shape(items, definitions) {
            Shape::Scalar(inner) | Shape::Several(inner) => Shape::Several(inner),
            Shape::Object(item) | Shape::Items(item) => Shape::Items(item),
        };
    }
    if types.contains(&"object") || schema.get("properties").is_some() {
        return Shape::Object(schema);
    }
    scalar.numeric = types.contains(&"number") || types.contains(&"integer");
    scalar.text = types.contains(&"string");
    scalar.boolean = types.contains(&"boolean");
    if scalar.kind.is_none() {
        scalar.kind = schema
            .get("pattern")
            .and_then(Value::as_str)
            .and_then(kind_of_pattern);
    }
    Shape::Scalar(scalar)
}

/// Adds an alternative's values and kinds to `scalar`.
fn merge(scalar: &mut Scalar, other: Scalar) {
    scalar.values.extend(other.values);
    scalar.numeric |= other.numeric;
    scalar.text |= other.text;
    scalar.boolean |= other.boolean;
    scalar.kind = scalar.kind.or(other.kind);
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The kinds of value with a placeholder of their own, by the model's name for them.
fn kind_of_definition(name: &str) -> Option<&'static str> {
    Some(match name {
        "Date" => "date",
        "DateTime" => "date-time",
        "ClockTime" => "time",
        "Duration" => "duration",
        "Money" => "money",
        "FrameRate" => "frame-rate",
        _ => return None,
    })
}

/// The same, for values the schema describes inline, by their pattern.
fn kind_of_pattern(pattern: &str) -> Option<&'static str> {
    if pattern.contains(r"\d{4}-\d{2}-\d{2}[ T]") {
        Some("date-time")
    } else if pattern.contains(r"\d{4}-\d{2}-\d{2}") {
        Some("date")
    } else if pattern.contains("2[0-3]") {
        Some("time")
    } else if pattern.contains(r"(\d+:){0,2}") {
        Some("duration")
    } else if pattern.contains(r"[\d,_]+") {
        Some("money")
    } else {
        None
    }
}

/// Where `columns` is inside an item.
struct Scope<'a> {
    definitions: &'a Map<String, Value>,
    /// `permit.` inside the permit.
    prefix: String,
    /// Whether the nested field this is part of must be there.
    required: Required,
}

/// Adds the columns of `object`'s fields to `list`: in the order the example item writes
/// them, then the required ones, then the rest alphabetically, `audience` last.
fn columns(object: &Value, scope: &Scope, example: Option<&Node>, list: &mut SheetList) {
    let empty = Map::new();
    let properties = object
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let written = example.map(keys).unwrap_or_default();
    let mut names: Vec<&String> = properties.keys().collect();
    names.sort_by_key(|name| {
        let place = written.iter().position(|w| w == *name);
        (
            *name == "audience",
            place.is_none(),
            place,
            !required.contains(&name.as_str()),
            name.as_str(),
        )
    });
    for name in names {
        let property = &properties[name];
        let column = format!("{}{name}", scope.prefix);
        let is_required = required.contains(&name.as_str());
        let field_required = match (&scope.required, is_required) {
            (_, false) => Required::No,
            (Required::Always, true) => Required::Always,
            (parent, true) => parent.clone(),
        };
        let value = example.and_then(|item| field(item, name));
        let (scalar, several) = match shape(property, scope.definitions) {
            Shape::Items(_) => {
                list.left_out.push(column);
                continue;
            }
            Shape::Object(nested) => {
                let inner = Scope {
                    definitions: scope.definitions,
                    prefix: format!("{column}."),
                    required: match field_required {
                        Required::No => Required::With(column.clone()),
                        parent => parent,
                    },
                };
                columns(nested, &inner, value, list);
                continue;
            }
            Shape::Scalar(scalar) => (scalar, false),
            Shape::Several(scalar) => (scalar, true),
        };
        // The field's own description first: the schema keeps it beside the field's forms.
        let (_, described, _) = resolve(plain(property), scope.definitions);
        let description = property
            .get("description")
            .and_then(Value::as_str)
            .or(described);
        let example_cell = match value {
            Some(node) => cell(node),
            None if example.is_none() || field_required == Required::Always => {
                placeholder(&scalar, name, field_required == Required::Always)
            }
            None => None,
        };
        list.columns.push(Column {
            name: column,
            description: description.map(str::to_string),
            required: field_required,
            values: scalar.values,
            several,
            // Amounts are numbers in a workbook; ids, durations and times stay text.
            numeric: scalar.numeric
                && (!scalar.text || matches!(scalar.kind, Some("money" | "frame-rate"))),
            example: example_cell,
        });
    }
}

/// A placeholder for a column the example does not fill in; text only when `required`.
fn placeholder(scalar: &Scalar, name: &str, required: bool) -> Option<Cell> {
    if let Some(first) = scalar.values.first() {
        return Some(Cell::Text(first.clone()));
    }
    let text = match scalar.kind {
        Some("date") => "2026-10-08",
        Some("date-time") => "2026-10-08 09:00",
        Some("time") => "06:30",
        Some("duration") => "0:04",
        Some("money") => return Some(Cell::Number(100.0, "100".to_string())),
        Some("frame-rate") => return Some(Cell::Number(25.0, "25".to_string())),
        _ if scalar.boolean => return Some(Cell::Bool(false)),
        _ if scalar.numeric => return Some(Cell::Number(1.0, "1".to_string())),
        _ if required => name,
        _ => return None,
    };
    Some(Cell::Text(text.to_string()))
}

/// The field names of a YAML map, in the order they are written.
fn keys(node: &Node) -> Vec<String> {
    match &unwrapped(node).value {
        Yaml::Map(entries) => entries
            .iter()
            .filter_map(|(k, _)| match &k.value {
                Yaml::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The field `name` of a YAML map.
fn field<'a>(node: &'a Node, name: &str) -> Option<&'a Node> {
    match &unwrapped(node).value {
        Yaml::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Yaml::String(s) if s == name))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The value of a field written as `{value: ..., audience: ...}`, or the field itself.
fn unwrapped(node: &Node) -> &Node {
    if let Yaml::Map(entries) = &node.value {
        let named = |n: &str| {
            entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Yaml::String(s) if s == n))
        };
        if entries.len() == 2
            && named("audience").is_some()
            && let Some((_, value)) = named("value")
        {
            return value;
        }
    }
    node
}

/// A YAML value as a cell: lists of values joined by `; `.
fn cell(node: &Node) -> Option<Cell> {
    match &unwrapped(node).value {
        Yaml::Bool(b) => Some(Cell::Bool(*b)),
        Yaml::Int(i) => Some(Cell::Number(*i as f64, i.to_string())),
        Yaml::UInt(u) => Some(Cell::Number(*u as f64, u.to_string())),
        Yaml::Float(f) => Some(Cell::Number(*f, f.to_string())),
        Yaml::String(s) | Yaml::Cell { text: s, .. } => Some(Cell::Text(s.clone())),
        Yaml::Seq(items) => {
            let texts: Vec<String> = items.iter().filter_map(cell).map(|c| c.text()).collect();
            (!texts.is_empty()).then(|| Cell::Text(texts.join("; ")))
        }
        Yaml::Null | Yaml::Map(_) | Yaml::Removed => None,
    }
}

/// The first item of the list `name` of `document` in the example production.
fn example_item(document: &DocumentKind, name: &str) -> Option<Node> {
    let place = place_of(document);
    let folder = format!("{place}/");
    crate::embedded::EXAMPLE_FILES
        .iter()
        .filter(|(path, _)| {
            let (stem, extension) = path.rsplit_once('.').unwrap_or((path, ""));
            (extension == "yaml" || extension == "yml")
                && (stem == place || path.starts_with(&folder))
        })
        .filter_map(|(_, bytes)| std::str::from_utf8(bytes).ok())
        .filter_map(|text| serde_saphyr::from_str::<Node>(text).ok())
        .find_map(|document| {
            let Yaml::Seq(items) = &field(&document, name)?.value else {
                return None;
            };
            items
                .iter()
                .find(|item| matches!(item.value, Yaml::Map(_)))
                .cloned()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &SheetList) -> Vec<&str> {
        list.columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn the_shot_list_has_its_fields_in_the_examples_order() {
        let shots = find("shots").unwrap();
        let columns = names(&shots);
        assert_eq!(&columns[..4], ["id", "scene", "panel", "description"]);
        for name in ["size", "cast", "gear", "status", "notes"] {
            assert!(columns.contains(&name), "{name} in {columns:?}");
        }
        assert_eq!(columns.last(), Some(&"audience"));
        let size = shots.column("size").unwrap();
        assert_eq!(
            size.values,
            [
                "ECU", "CU", "MCU", "MS", "MWS", "WS", "EWS", "insert", "OTS", "two-shot"
            ]
        );
        assert_eq!(size.required, Required::No);
        assert_eq!(shots.column("id").unwrap().required, Required::Always);
        let cast = shots.column("cast").unwrap();
        assert!(cast.several && cast.note().contains("`;`"));
        assert_eq!(cast.example, Some(Cell::Text("priya".into())));
        assert_eq!(
            shots.column("gear").unwrap().example,
            Some(Cell::Text(
                "Macro lens; Practical key board dressed by art".into()
            ))
        );
        assert_eq!(
            shots.column("status").unwrap().values,
            ["planned", "scheduled", "shot", "selected", "cut"]
        );
        assert_eq!(shots.home(SheetFormat::Csv), "shots.csv");
        assert!(shots.column("fps").unwrap().numeric);
        for text in ["id", "scene", "duration"] {
            assert!(!shots.column(text).unwrap().numeric, "{text} stays text");
        }
        assert!(find("lines").unwrap().column("estimate").unwrap().numeric);
    }

    #[test]
    fn nested_fields_are_dotted_columns_and_lists_of_items_are_left_out() {
        let locations = find("locations").unwrap();
        let columns = names(&locations);
        for name in [
            "permit.status",
            "permit.required",
            "contact.phone",
            "hospital.name",
        ] {
            assert!(columns.contains(&name), "{name} in {columns:?}");
        }
        assert!(!columns.contains(&"permit") && !columns.contains(&"photos"));
        assert_eq!(locations.left_out, ["photos"]);
        assert_eq!(
            locations.column("permit.status").unwrap().values,
            ["not applied", "applied", "granted", "refused"]
        );
        assert_eq!(
            locations.column("hospital.name").unwrap().required,
            Required::With("hospital".into())
        );
        assert_eq!(
            locations.column("coordinates.lat").unwrap().example,
            Some(Cell::Number(53.7898, "53.7898".into()))
        );
        let days = find("days").unwrap();
        assert!(names(&days).contains(&"weather.high"));
        assert!(days.left_out.contains(&"cast_calls".to_string()));
    }

    #[test]
    fn lists_are_named_alone_or_with_their_document() {
        let lines = find("lines").unwrap();
        assert_eq!(lines.qualified_name(), "budget.lines");
        assert_eq!(lines.home(SheetFormat::Xlsx), "budget/lines.xlsx");
        assert_eq!(find("budget.lines").unwrap().name, "lines");
        assert_eq!(
            find("people.crew").unwrap().home(SheetFormat::Csv),
            "people/crew.csv"
        );
        assert_eq!(
            find("reviews").unwrap().home(SheetFormat::Csv),
            "post/reviews.csv"
        );
        let names = known_names();
        for name in [
            "shots", "scenes", "lines", "fees", "cast", "crew", "reviews", "days",
        ] {
            assert!(names.contains(&name.to_string()), "{name} in {names:?}");
        }
        let wrong = find("shts").unwrap_err();
        assert_eq!(wrong.code, Code::UnknownValue);
        let hint = wrong.hint.unwrap();
        assert!(hint.starts_with("did you mean `shots`?"), "{hint}");
        assert!(hint.contains("lines"), "{hint}");
        let hint = find("budget.line").unwrap_err().hint.unwrap();
        assert!(hint.starts_with("did you mean `budget.lines`?"), "{hint}");
    }

    #[test]
    fn the_csv_template_is_a_header_and_an_example_row() {
        let lines = find("budget.lines").unwrap();
        let text = String::from_utf8(lines.csv()).unwrap();
        let mut rows = text.lines();
        assert_eq!(
            rows.next(),
            Some("account,department,item,estimate,actual,notes,audience")
        );
        assert_eq!(
            rows.next(),
            Some("1100,Direction,Director's fee,4500,4500,,")
        );
        assert_eq!(rows.next(), None);
    }

    #[test]
    fn the_workbook_template_is_written() {
        let bytes = find("shots").unwrap().xlsx().unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}

#[cfg(test)]
mod reader_agrees {
    use super::*;
    use crate::load::{classify, sheet};

    #[test]
    fn every_template_belongs_where_the_reader_looks_for_it() {
        let lists = lists();
        for list in &lists {
            let kind = list.document.kind;
            for format in [SheetFormat::Csv, SheetFormat::Xlsx] {
                let home = list.home(format);
                assert_eq!(classify(&home), Some(kind), "{home}");
                assert_eq!(
                    sheet::list_of(kind, &home),
                    Ok(list.name.as_str()),
                    "{home}"
                );
            }
        }
        for document in DOCUMENTS.iter() {
            let mut written: Vec<&str> = lists
                .iter()
                .filter(|l| l.document.kind == document.kind)
                .map(|l| l.name.as_str())
                .collect();
            let mut read = sheet::lists(document.kind).to_vec();
            written.sort_unstable();
            read.sort_unstable();
            assert_eq!(written, read, "the lists of {}", document.title);
        }
    }
}
