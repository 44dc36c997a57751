//! Lists kept as spreadsheets: CSV files and workbooks (`.xlsx`, `.ods`), read into the same
//! node tree a YAML list gives, so every check, audience and schema rule applies unchanged.
//!
//! The conventions, kept exact so that other tools can write them:
//! - a list stands alone as `<document>.csv` when the document has a list of its own name
//!   (`shots.csv`, `locations.xlsx`), or sits in the document's folder named after its list
//!   (`shots/scenes.csv`, `budget/lines.xlsx`, `people/crew.csv`); a document of one list takes
//!   any name there (`post/reviews/v3.csv`);
//! - the first row names the fields as the YAML does (case and surrounding space ignored),
//!   nested fields with dots (`permit.status`, `notes.audience`), and each further row is an
//!   item; a list field holds its items in one cell, separated by `;`;
//! - an empty cell is an absent field; a workbook's typed cells are read as their text
//!   (numbers, `2026-10-08` for dates, `06:30` for times).
//!
//! Positions are cells: a node's line is its row and its column the sheet's column, so messages
//! name `shots/shots.xlsx: Shots!F12`.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::Kind;
use super::node::{Node, Value};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Pos;

/// The file endings of spreadsheets.
pub const EXTENSIONS: [&str; 3] = ["csv", "xlsx", "ods"];

/// The most rows and columns a sheet may use: far beyond any production's lists, and a bound on
/// what a hostile file can make clapboard hold.
const MAX_ROWS: u32 = 100_000;
const MAX_COLUMNS: u32 = 1_000;
/// The most a workbook may unpack to.
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `extension` is a spreadsheet's.
pub fn is_sheet_extension(extension: &str) -> bool {
    EXTENSIONS.contains(&extension)
}

/// The lists of a kind of document a sheet can hold: its fields that are lists of items.
pub fn lists(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Moodboard => &["images"],
        Kind::Storyboard => &["panels"],
        Kind::Shots => &["scenes", "shots"],
        Kind::Locations => &["locations"],
        Kind::People => &["cast", "crew", "extras", "departments"],
        Kind::Schedule => &["days"],
        Kind::Budget => &["lines", "fees"],
        Kind::Cuts => &["cuts"],
        Kind::Reviews => &["reviews"],
        Kind::Vfx => &["vfx"],
        Kind::Deliverables => &["deliverables"],
        _ => &[],
    }
}

/// The list a sheet at `relative` (with `/` separators) holds, or a hint saying how to name it.
pub fn list_of(kind: Kind, relative: &str) -> Result<&'static str, String> {
    let lists = lists(kind);
    let super::Place::List(home) = kind.document().place else {
        return Err("only lists can be kept as spreadsheets".to_string());
    };
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    let name = stem
        .rsplit('/')
        .next()
        .unwrap_or(stem)
        .trim()
        .to_lowercase();
    let standalone = stem == home;
    if let Some(list) = lists.iter().find(|list| **list == name) {
        return Ok(list);
    }
    if !standalone && let [only] = lists {
        return Ok(only);
    }
    let names = lists
        .iter()
        .map(|list| format!("`{home}/{list}.csv`"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(format!(
        "a sheet holds one list, named by its file: {names} (or .xlsx, .ods)"
    ))
}

/// A sheet's cells as text, for the tree and for messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    /// The sheet's name in a workbook; `None` for a CSV file.
    pub sheet: Option<String>,
    /// Row by row from the sheet's first row, each cell's text.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// The position of the cell at `row` and `column`, counted from 0.
    pub fn pos(row: usize, column: usize) -> Pos {
        let number = |n: usize| u32::try_from(n + 1).unwrap_or(u32::MAX);
        Pos {
            line: number(row),
            column: number(column),
        }
    }

    /// The cell at `at`, as spreadsheets name it: `Shots!F12`, `'Day 1'!B3`, or `F12` in CSV.
    pub fn address(&self, at: Pos) -> String {
        let cell = format!("{}{}", column_letters(at.column), at.line);
        match &self.sheet {
            Some(sheet) if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                format!("{sheet}!{cell}")
            }
            Some(sheet) => format!("'{}'!{cell}", sheet.replace('\'', "''")),
            None => cell,
        }
    }

    /// Whether `at` is in the header row: the first row with anything in it.
    pub fn is_header(&self, at: Pos) -> bool {
        let first = self
            .rows
            .iter()
            .position(|row| row.iter().any(|cell| !cell.trim().is_empty()));
        first.is_some_and(|row| Grid::pos(row, 0).line == at.line)
    }

    /// The text of the cell at `at`, if it is in the sheet.
    pub fn text_at(&self, at: Pos) -> Option<&str> {
        let row = self.rows.get((at.line as usize).checked_sub(1)?)?;
        row.get((at.column as usize).checked_sub(1)?)
            .map(String::as_str)
    }
}

/// `A` for column 1, `Z` for 26, `AA` for 27.
pub fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A problem reading a sheet, at a cell when it has one.
pub type Problem = Diagnostic;

/// Reads CSV text: comma separated, or semicolon separated when the first line has more
/// semicolons than commas (as spreadsheets write it where the comma is the decimal mark).
pub fn read_csv(text: &str) -> Result<Grid, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default();
    let outside_quotes = |separator: char| {
        let mut quoted = false;
        first_line
            .chars()
            .filter(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                !quoted && *c == separator
            })
            .count()
    };
    let separator = if outside_quotes(';') > outside_quotes(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Diagnostic::error(Code::BadSheet, format!("this CSV file cannot be read: {e}"))
                .at(Pos {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: 0,
                })
                .hint("save it from your spreadsheet as CSV (UTF-8)")
        })?;
        if rows.len() >= MAX_ROWS as usize {
            return Err(too_big());
        }
        if record.len() > MAX_COLUMNS as usize {
            return Err(too_big());
        }
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Grid { sheet: None, rows })
}

fn too_big() -> Problem {
    Diagnostic::error(
        Code::BadSheet,
        format!("this sheet uses more than {MAX_ROWS} rows or {MAX_COLUMNS} columns"),
    )
    .hint("a sheet holds one list; split it, or clear the cells far below and right of it")
}

fn unreadable(error: impl std::fmt::Display) -> Problem {
    Diagnostic::error(
        Code::BadSheet,
        format!("this workbook cannot be read: {error}"),
    )
    .hint("save it again from your spreadsheet as .xlsx or .ods, or export the list as CSV")
}

/// Reads the sheet named after `list` (any case), or else the first sheet, of an `.xlsx` or
/// `.ods` workbook.
/// Cells holding a formula's error (`#REF!`) are problems beside the grid.
pub fn read_workbook(
    bytes: Vec<u8>,
    extension: &str,
    list: &str,
) -> Result<(Grid, Vec<Problem>), Problem> {
    check_unpacked_size(&bytes)?;
    let cursor = Cursor::new(bytes);
    match extension {
        "xlsx" => {
            let mut workbook: calamine::Xlsx<_> =
                calamine::Xlsx::new(cursor).map_err(unreadable)?;
            let sheet = pick_sheet(workbook.sheet_names(), list)?;
            let mut cells = workbook
                .worksheet_cells_reader(&sheet)
                .map_err(unreadable)?;
            let mut grid = GridBuilder::default();
            while let Some(cell) = cells.next_cell().map_err(unreadable)? {
                let (row, column) = cell.get_position();
                grid.put(row, column, Data::from(cell.get_value().clone()))?;
            }
            Ok(grid.finish(sheet))
        }
        "ods" => {
            check_ods_repeats(cursor.get_ref())?;
            let mut workbook: calamine::Ods<_> = calamine::Ods::new(cursor).map_err(unreadable)?;
            let sheet = pick_sheet(workbook.sheet_names(), list)?;
            let range = workbook.worksheet_range(&sheet).map_err(unreadable)?;
            let mut grid = GridBuilder::default();
            let (start_row, start_column) = range.start().unwrap_or((0, 0));
            for (row, column, data) in range.used_cells() {
                let row = start_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
                let column = start_column.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
                grid.put(row, column, data.clone())?;
            }
            Ok(grid.finish(sheet))
        }
        other => Err(unreadable(format!("`.{other}` is not a workbook"))),
    }
}

/// Refuses a workbook that would unpack to more than [`MAX_UNPACKED_BYTES`].
fn check_unpacked_size(bytes: &[u8]) -> Result<(), Problem> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    // Unknown when a part's size is only told after its data: then its packed size is bounded
    // by the file's, and calamine's own limits hold.
    let total = u64::try_from(archive.decompressed_size().unwrap_or(0)).unwrap_or(u64::MAX);
    if total > MAX_UNPACKED_BYTES {
        return Err(Diagnostic::error(
            Code::FileTooLarge,
            format!(
                "this workbook unpacks to {} MiB; workbooks are limited to {} MiB",
                total / (1024 * 1024),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ),
        )
        .hint("keep one list in the workbook, or export it as CSV"));
    }
    Ok(())
}

/// The most cells with a value an `.ods` may make with its repeat counts.
const MAX_ODS_VALUES: u64 = MAX_ROWS as u64 * 50;

/// Refuses an `.ods` whose repeat counts (`number-rows-repeated`, `number-columns-repeated`)
/// would make more valued cells than any list has: calamine would make every one of them.
fn check_ods_repeats(bytes: &[u8]) -> Result<(), Problem> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut content = String::new();
    archive
        .by_name("content.xml")
        .map_err(unreadable)?
        .take(MAX_UNPACKED_BYTES)
        .read_to_string(&mut content)
        .map_err(unreadable)?;
    let repeat = |tag: &str, attribute: &str| -> u64 {
        tag.split_once(attribute)
            .and_then(|(_, rest)| rest.strip_prefix("=\""))
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1)
    };
    let mut rows: u64 = 1;
    let mut values: u64 = 0;
    for piece in content.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        if tag.starts_with("table:table-row") && !tag.ends_with('/') {
            rows = repeat(tag, "table:number-rows-repeated");
        } else if tag.starts_with("table:table-cell") && tag.contains("office:value-type") {
            let columns = repeat(tag, "table:number-columns-repeated");
            values = values.saturating_add(rows.saturating_mul(columns));
            if values > MAX_ODS_VALUES {
                return Err(too_big());
            }
        }
    }
    Ok(())
}

fn pick_sheet(names: Vec<String>, list: &str) -> Result<String, Problem> {
    let named = names
        .iter()
        .find(|name| name.trim().eq_ignore_ascii_case(list))
        .cloned();
    named
        .or_else(|| names.into_iter().next())
        .ok_or_else(|| unreadable("it has no sheets"))
}

#[derive(Default)]
struct GridBuilder {
    rows: Vec<Vec<String>>,
    problems: Vec<Problem>,
}

impl GridBuilder {
    fn put(&mut self, row: u32, column: u32, data: Data) -> Result<(), Problem> {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(too_big());
        }
        let text = match data_text(&data) {
            Ok(text) => text,
            Err(error) => {
                self.problems.push(
                    Diagnostic::error(Code::BadSheet, format!("this cell holds the error {error}"))
                        .at(Grid::pos(row as usize, column as usize))
                        .hint("fix the formula, or type the value"),
                );
                error
            }
        };
        if text.is_empty() {
            return Ok(());
        }
        let (row, column) = (row as usize, column as usize);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
        Ok(())
    }

    fn finish(self, sheet: String) -> (Grid, Vec<Problem>) {
        let grid = Grid {
            sheet: Some(sheet),
            rows: self.rows,
        };
        (grid, self.problems)
    }
}

/// A typed cell as the text a YAML file would hold.
fn data_text(data: &Data) -> Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(n) => number_text(*n),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(moment) => {
            let (year, month, day, hour, minute, second, milli) = moment.to_ymd_hms_milli();
            let value = moment.as_f64();
            if moment.is_duration() {
                duration_text(value * 86_400.0)
            } else if value < 1.0 {
                clock_text(hour.into(), minute.into(), second.into(), milli.into())
            } else if value.fract() == 0.0 {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!(
                    "{year:04}-{month:02}-{day:02}T{}",
                    clock_text(hour.into(), minute.into(), second.into(), milli.into())
                )
            }
        }
        Data::DateTimeIso(text) => iso_moment_text(text),
        Data::DurationIso(text) => iso_duration_seconds(text).map_or(text.clone(), duration_text),
        Data::Error(error) => return Err(error.to_string()),
    })
}

/// `2400`, `23.976`: a number as people write it, without a `.0` on whole numbers.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// `06:30`, or `06:30:15` when the seconds count.
fn clock_text(hour: u32, minute: u32, second: u32, milli: u32) -> String {
    match (second, milli) {
        (0, 0) => format!("{hour:02}:{minute:02}"),
        (_, 0) => format!("{hour:02}:{minute:02}:{second:02}"),
        _ => format!("{hour:02}:{minute:02}:{second:02}.{milli:03}"),
    }
}

/// A length of time as a clock: `03:44` is read as 3 minutes 44 in a duration field and as a
/// quarter to four in a time field, as it was typed.
fn duration_text(seconds: f64) -> String {
    let millis = (seconds * 1000.0).round().max(0.0) as u64;
    let (hours, rest) = (millis / 3_600_000, millis % 3_600_000);
    let clock = clock_text(
        0,
        (rest / 60_000) as u32,
        ((rest % 60_000) / 1000) as u32,
        (rest % 1000) as u32,
    );
    format!("{hours:02}{}", &clock[2..])
}

/// `2026-10-08T06:30:00` as `2026-10-08T06:30`; a time on no day as the time alone.
fn iso_moment_text(text: &str) -> String {
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let time = time.strip_suffix(":00").unwrap_or(time);
    match (date, time) {
        (_, "") => date.to_string(),
        ("1899-12-30", time) => time.to_string(),
        (date, time) => format!("{date}T{time}"),
    }
}

/// `PT03H44M00S` in seconds.
fn iso_duration_seconds(text: &str) -> Option<f64> {
    let rest = text.strip_prefix("PT")?;
    let mut seconds = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            'H' | 'M' | 'S' => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                seconds += n * match c {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
            }
            c => number.push(c),
        }
    }
    number.is_empty().then_some(seconds)
}

/// Review exports name their columns in their own words; these are read as the review fields.
const REVIEW_COLUMNS: &[(&str, &[&str])] = &[
    (
        "timecode",
        &[
            "time code",
            "tc",
            "timestamp",
            "time",
            "record in",
            "in",
            "start",
        ],
    ),
    (
        "author",
        &["commenter", "reviewer", "user", "name", "from", "by"],
    ),
    (
        "note",
        &[
            "comment", "comments", "notes", "text", "feedback", "message",
        ],
    ),
    ("version", &["cut", "video", "asset"]),
    ("resolved", &["completed", "complete", "done"]),
];

/// What a sheet's rows become besides its own cells.
pub struct TreeOptions<'a> {
    pub kind: Kind,
    pub list: &'a str,
    /// Fields every item takes unless a column gives them: a review file's cut, from its name.
    pub defaults: Vec<(&'static str, String)>,
}

/// One column: the field path its header names.
struct Column {
    index: usize,
    path: Vec<String>,
    /// Its header cell, where problems with the field's name are told.
    at: Pos,
}

/// The document a sheet makes: `{<list>: [one item a row]}`, with the problems of its header
/// and cells. Problems carry the position of their cell.
pub fn tree(grid: &Grid, options: &TreeOptions) -> (Option<Node>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(header_row) = grid
        .rows
        .iter()
        .position(|row| row.iter().any(|cell| !cell.trim().is_empty()))
    else {
        problems.push(
            Diagnostic::error(Code::EmptyFile, "this sheet is empty").hint(format!(
                "the first row names the fields (`id`, `description` ...) and each row after it is one of the {}",
                options.list
            )),
        );
        return (None, problems);
    };
    let columns = header(grid, header_row, options, &mut problems);
    let mut items = Vec::new();
    for (row_index, row) in grid.rows.iter().enumerate().skip(header_row + 1) {
        if let Some(item) = row_item(row_index, row, &columns, options) {
            items.push(item);
        }
    }
    let tree = document(options.list, items, Grid::pos(header_row, 0));
    (Some(tree), problems)
}

/// The document `{<list>: items}`, placed at `at`.
pub fn document(list: &str, items: Vec<Node>, at: Pos) -> Node {
    Node {
        value: Value::Map(vec![(
            Node {
                value: Value::String(list.to_string()),
                at,
            },
            Node {
                value: Value::Seq(items),
                at,
            },
        )]),
        at,
    }
}

/// The columns the header row names, with problems for headers that name nothing.
fn header(
    grid: &Grid,
    header_row: usize,
    options: &TreeOptions,
    problems: &mut Vec<Problem>,
) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    let names = &grid.rows[header_row];
    for index in 0..width {
        let at = Grid::pos(header_row, index);
        let name = names.get(index).map(|n| n.trim()).unwrap_or_default();
        if name.is_empty() {
            let used = grid
                .rows
                .iter()
                .enumerate()
                .skip(header_row + 1)
                .find(|(_, row)| row.get(index).is_some_and(|c| !c.trim().is_empty()));
            if let Some((row, _)) = used {
                problems.push(
                    Diagnostic::error(
                        Code::BadSheet,
                        "this column has no header, so its cells are not read",
                    )
                    .at(Grid::pos(row, index))
                    .hint("name the field in the first row, or clear the column"),
                );
            }
            continue;
        }
        let mut path: Vec<String> = name.split('.').map(|s| s.trim().to_lowercase()).collect();
        if path.iter().any(String::is_empty) {
            problems.push(
                Diagnostic::error(Code::BadSheet, format!("`{name}` is not a field name"))
                    .at(at)
                    .hint("name a field, or a field inside another with a dot: `permit.status`"),
            );
            continue;
        }
        if options.kind == Kind::Reviews {
            match review_field(&path[0]) {
                Some(field) => path[0] = field.to_string(),
                None => {
                    problems.push(
                        Diagnostic::warning(
                            Code::UnknownField,
                            format!("the column `{name}` is not a review field, so it is not read"),
                        )
                        .at(at)
                        .hint(format!(
                            "review notes have {}; delete the column to keep this quiet",
                            quoted(&[
                                "version", "timecode", "author", "note", "resolved", "audience"
                            ])
                        )),
                    );
                    continue;
                }
            }
        }
        // `notes` beside `notes.audience` is one field with an audience of its own.
        let own_audience = |longer: &[String], shorter: &[String]| {
            longer.len() == shorter.len() + 1
                && longer.starts_with(shorter)
                && longer.last().is_some_and(|last| last == "audience")
        };
        let clash = columns.iter().find(|c| {
            let shorter = c.path.len().min(path.len());
            c.path[..shorter] == path[..shorter]
                && !own_audience(&path, &c.path)
                && !own_audience(&c.path, &path)
        });
        if let Some(earlier) = clash {
            let message = if earlier.path == path {
                format!("the field `{}` has two columns", path.join("."))
            } else {
                format!(
                    "`{}` and `{}` both give one field",
                    earlier.path.join("."),
                    path.join(".")
                )
            };
            problems.push(
                Diagnostic::error(Code::DuplicateKey, message)
                    .at(at)
                    .hint(format!(
                        "column {} already gives it; keep one of the two",
                        column_letters(earlier.index as u32 + 1)
                    )),
            );
            continue;
        }
        columns.push(Column { index, path, at });
    }
    columns
}

/// The review field a review export's column means, if any.
fn review_field(name: &str) -> Option<&'static str> {
    REVIEW_COLUMNS
        .iter()
        .find_map(|(field, aliases)| (*field == name || aliases.contains(&name)).then_some(*field))
        .or(match name {
            "audience" => Some("audience"),
            _ => None,
        })
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row as an item: `None` when the row is empty.
fn row_item(
    row_index: usize,
    row: &[String],
    columns: &[Column],
    options: &TreeOptions,
) -> Option<Node> {
    let mut fields: Vec<(Node, Node)> = Vec::new();
    let mut first = None;
    for column in columns {
        let text = row.get(column.index).map(|t| t.trim()).unwrap_or_default();
        if text.is_empty() {
            continue;
        }
        let at = Grid::pos(row_index, column.index);
        first.get_or_insert(at);
        insert(&mut fields, &column.path, Node::cell(text, at), column.at);
    }
    let at = first?;
    for (field, value) in &options.defaults {
        let given = fields
            .iter()
            .any(|(k, _)| matches!(&k.value, Value::String(name) if name == field));
        if !given {
            fields.insert(
                0,
                (
                    Node {
                        value: Value::String(field.to_string()),
                        at,
                    },
                    Node::cell(value, at),
                ),
            );
        }
    }
    Some(Node {
        value: Value::Map(fields),
        at,
    })
}

/// Puts `value` at `path` in `fields`, making the sets of fields on the way. A field's value
/// and its `audience` from two columns make one `{value, audience}`.
fn insert(fields: &mut Vec<(Node, Node)>, path: &[String], value: Node, header_at: Pos) {
    let Some((name, rest)) = path.split_first() else {
        return;
    };
    let key = |at: Pos| Node {
        value: Value::String(name.clone()),
        at,
    };
    let existing = fields
        .iter_mut()
        .find(|(k, _)| matches!(&k.value, Value::String(n) if n == name));
    if let Some((_, existing)) = existing {
        if !matches!(existing.value, Value::Map(_)) {
            // `notes` came first: it is the value of `notes.audience`.
            let plain = std::mem::replace(&mut existing.value, Value::Null);
            let plain = Node {
                value: plain,
                at: existing.at,
            };
            existing.value = Value::Map(vec![(
                Node {
                    value: Value::String("value".into()),
                    at: header_at,
                },
                plain,
            )]);
        }
        if let Value::Map(inner) = &mut existing.value {
            let rest: Vec<String> = if rest.is_empty() {
                vec!["value".into()]
            } else {
                rest.to_vec()
            };
            insert(inner, &rest, value, header_at);
        }
        return;
    }
    if rest.is_empty() {
        fields.push((key(header_at), value));
        return;
    }
    let at = value.at;
    let mut inner = Vec::new();
    insert(&mut inner, rest, value, header_at);
    fields.push((
        key(header_at),
        Node {
            value: Value::Map(inner),
            at,
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
        let at = Pos {
            line: 12,
            column: 6,
        };
        let mut grid = Grid::default();
        assert_eq!(grid.address(at), "F12");
        grid.sheet = Some("Shots".into());
        assert_eq!(grid.address(at), "Shots!F12");
        grid.sheet = Some("Day 1's".into());
        assert_eq!(grid.address(at), "'Day 1''s'!F12");
    }

    #[test]
    fn csv_separators_are_found() {
        let comma = read_csv("\u{feff}id,size\n1A,\"MS, low\"\n").unwrap();
        assert_eq!(comma.rows[1], ["1A", "MS, low"]);
        let semicolon = read_csv("id;estimate\n1;2400,50\n").unwrap();
        assert_eq!(semicolon.rows[1], ["1", "2400,50"]);
    }

    #[test]
    fn typed_cells_read_as_written() {
        assert_eq!(number_text(600000.0), "600000");
        assert_eq!(number_text(23.976), "23.976");
        assert_eq!(duration_text(224.0), "00:03:44");
        assert_eq!(duration_text(3600.0 * 3.0 + 44.0 * 60.0), "03:44");
        assert_eq!(iso_moment_text("2026-10-08T06:30:00"), "2026-10-08T06:30");
        assert_eq!(iso_moment_text("2026-10-08"), "2026-10-08");
        assert_eq!(iso_duration_seconds("PT03H44M00S"), Some(13440.0));
        let date =
            calamine::ExcelDateTime::new(46303.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(data_text(&Data::DateTime(date)).unwrap(), "2026-10-08");
        let time = calamine::ExcelDateTime::new(
            0.270833333333,
            calamine::ExcelDateTimeType::DateTime,
            false,
        );
        assert_eq!(data_text(&Data::DateTime(time)).unwrap(), "06:30");
    }

    #[test]
    fn sheets_are_named_after_their_list() {
        assert_eq!(list_of(Kind::Shots, "shots.csv"), Ok("shots"));
        assert_eq!(list_of(Kind::Shots, "shots/scenes.xlsx"), Ok("scenes"));
        assert_eq!(list_of(Kind::Budget, "budget/lines.csv"), Ok("lines"));
        assert_eq!(list_of(Kind::Reviews, "post/reviews/v3.csv"), Ok("reviews"));
        assert_eq!(list_of(Kind::Reviews, "post/reviews.csv"), Ok("reviews"));
        assert!(list_of(Kind::Budget, "budget.csv").is_err());
        assert!(list_of(Kind::Shots, "shots/day-1.csv").is_err());
    }

    #[test]
    fn rows_become_items_with_nested_fields() {
        let grid = read_csv("ID, Permit.Status ,cast\n1,granted,a; b\n,,\n").unwrap();
        let options = TreeOptions {
            kind: Kind::Locations,
            list: "locations",
            defaults: Vec::new(),
        };
        let (tree, problems) = tree(&grid, &options);
        assert!(problems.is_empty(), "{problems:?}");
        let tree = tree.unwrap();
        let Value::Map(top) = &tree.value else {
            panic!()
        };
        let Value::Seq(items) = &top[0].1.value else {
            panic!()
        };
        assert_eq!(items.len(), 1, "the empty row is no item");
        let Value::Map(fields) = &items[0].value else {
            panic!()
        };
        let names: Vec<_> = fields.iter().map(|(k, _)| k.value.clone()).collect();
        assert_eq!(
            names,
            [
                Value::String("id".into()),
                Value::String("permit".into()),
                Value::String("cast".into())
            ]
        );
        assert_eq!(fields[2].1.at, Pos { line: 2, column: 3 });
    }

    #[test]
    fn header_problems_are_told_at_their_cell() {
        let grid = read_csv("id,id,a..b,\n1,2,3,4\n").unwrap();
        let options = TreeOptions {
            kind: Kind::Shots,
            list: "shots",
            defaults: Vec::new(),
        };
        let (_, problems) = tree(&grid, &options);
        let found: Vec<_> = problems.iter().map(|p| (p.code, p.at)).collect();
        assert_eq!(
            found,
            [
                (Code::DuplicateKey, Pos { line: 1, column: 2 }),
                (Code::BadSheet, Pos { line: 1, column: 3 }),
                (Code::BadSheet, Pos { line: 2, column: 4 }),
            ]
        );
    }
}
