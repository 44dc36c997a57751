//! The theme's data contract: which sheet each template prints, and what every page has besides
//! (`site`, `page`). `clapboard schema` writes it as one JSON Schema per template, made from
//! these types, so a project overriding `templates/call-sheet.html` knows every value it may use.

use schemars::JsonSchema;
use serde::Serialize;

use super::{CallSheet, LinkPreview, Section, TopSheet};

/// A page's own data: the sheet one template prints, beside `site` and `page`.
pub trait PageData: Serialize + JsonSchema {
    /// The template that prints it: `call-sheet.html`.
    const TEMPLATE: &'static str;
}

/// What every page's template has as `site`: the production and the site it is part of.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SiteSheet<'a> {
    /// The production's title (`title:` in clapboard.yaml).
    pub title: &'a str,
    pub artist: &'a str,
    pub song: SongSheet<'a>,
    pub director: Option<&'a str>,
    /// The production company (`production_company:`).
    pub company: Option<&'a str>,
    pub description: Option<&'a str>,
    /// The language of the pages, for `<html lang>`: `en`, `ja`.
    pub language: &'a str,
    /// The public address of the site's root, as configured: `https://example.com/video/`.
    pub base_url: &'a str,
    /// The home page's address.
    pub home: String,
    /// The site's root without its trailing slash: themes address their own static files from
    /// it (`{{ site.root }}/fonts/title.woff2`).
    pub root: String,
    pub stylesheet: String,
    /// The stylesheet of highlighted code.
    pub code_stylesheet: String,
    pub favicon: String,
    /// The script that plays the video in place of its poster.
    pub video_script: String,
    /// The journal's Atom feed, when the site has one (never on a locked site).
    pub feed: Option<String>,
    /// The sections the site has, in stage order.
    pub nav: Vec<Section>,
    pub audience: AudienceSheet<'a>,
    /// Whether search engines may index the site: the public site only.
    pub indexable: bool,
    /// Whether the site is locked with a password: its pages then carry a button to lock it
    /// again.
    pub locked: bool,
}

/// The song, as `site.song`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SongSheet<'a> {
    pub title: &'a str,
    /// The song's length, `3:38`.
    pub duration: String,
    pub label: Option<&'a str>,
}

/// Whom a site is for, as `site.audience`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AudienceSheet<'a> {
    /// `public`, `client`, `crew` or the production's own name for it.
    pub name: &'a str,
    /// How the site names its audience: `Cast and crew`.
    pub title: Option<&'a str>,
}

/// What every page's template has as `page`: the page itself.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    /// The page's address inside the site: `/shots/`.
    pub path: &'a str,
    /// The page's address as links write it, under the site's root.
    pub url: String,
    /// The page's full public address.
    pub canonical: String,
    /// The first part of the path (`shots`, `journal`), empty on the home page: for marking
    /// the current section in the navigation.
    pub section: &'a str,
    /// What the page says of itself, or the production's description.
    pub description: Option<&'a str>,
    /// Link previews (Open Graph, Twitter cards): on the public site only.
    pub social: Option<LinkPreview>,
    /// The page's schema.org data as JSON, safe inside `<script type="application/ld+json">`:
    /// on the public site only.
    pub jsonld: Option<String>,
}

/// `budget.html`'s data: the top sheet.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BudgetPage {
    pub budget: TopSheet,
}

/// `call-sheet.html`'s data: the sheet and the day's calendar file.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CallSheetPage<'a> {
    pub sheet: CallSheet<'a>,
    /// The address of the day's `.ics` file, when the site has it.
    pub calendar: Option<String>,
}

/// `404.html`'s data: none, the template says it all.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NotFound {}

/// `sitemap.xml`'s data: the public site's listed pages.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sitemap {
    pub urls: Vec<SitemapUrl>,
}

/// One page in the sitemap.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SitemapUrl {
    /// The page's full public address.
    pub url: String,
}

/// `robots.txt`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Robots {
    /// The sitemap's full address, on the public site; other sites disallow everything.
    pub sitemap: Option<String>,
}

/// `locked.html`'s data: the password form shown in place of every page of a locked site. It
/// has its own small `site`, and no `page`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LockedPage<'a> {
    pub site: &'a LockedSite<'a>,
    pub lock: LockSheet,
}

/// `site` on the password form.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LockedSite<'a> {
    pub title: &'a str,
    pub language: &'a str,
    pub audience: AudienceSheet<'a>,
    pub stylesheet: String,
    pub favicon: String,
    /// The script that asks for the password and opens the page.
    pub unlock_script: String,
    pub root: String,
}

/// The sealed page and how to open it, as `lock`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LockSheet {
    /// The key derivation's salt, in base64.
    pub salt: String,
    /// PBKDF2-HMAC-SHA256 rounds.
    pub iterations: u32,
    /// The AES-GCM nonce, in base64.
    pub nonce: String,
    /// The page, sealed, in base64.
    pub data: String,
    /// How many days a device may remember the key; 0 hides the option.
    pub remember_days: u32,
    /// Whether this is the locked site's 404 page.
    pub not_found: bool,
}

/// A page template's data as one object: its sheet's fields, with `site` and `page`.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct TemplateData<'a, S> {
    #[serde(flatten)]
    sheet: S,
    site: SiteSheet<'a>,
    page: PageInfo<'a>,
}

/// One template's data contract, as written to `schemas/templates/<template>.schema.json`.
pub struct TemplateSchema {
    /// The template's name: `call-sheet.html`.
    pub template: &'static str,
    pub schema: serde_json::Value,
}

impl TemplateSchema {
    fn page<S: PageData>() -> TemplateSchema {
        TemplateSchema::new(S::TEMPLATE, serialized::<TemplateData<'static, S>>())
    }

    fn new(template: &'static str, mut schema: serde_json::Value) -> TemplateSchema {
        close_objects(&mut schema);
        schema["title"] = format!("The data of {template}").into();
        schema["$comment"] =
            format!("Generated by clapboard: every value templates/{template} may use.").into();
        TemplateSchema { template, schema }
    }

    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.template)
    }

    /// The schema as written to its file: pretty JSON with a final newline.
    pub fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The schema of `T` as it is serialized, which is how templates receive it: a field skipped
/// when empty is not required.
fn serialized<T: JsonSchema>() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Says every object has only the properties listed: a template's data has nothing the schema
/// does not describe, and the tests hold the pages to it.
fn close_objects(schema: &mut serde_json::Value) {
    use serde_json::Value;
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), false.into());
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

macro_rules! page_templates {
    ($($sheet:ty => $template:literal,)*) => {
        $(impl PageData for $sheet {
            const TEMPLATE: &'static str = $template;
        })*

        /// Every template's data contract, in the order of the site's sections.
        pub fn template_schemas() -> Vec<TemplateSchema> {
            let mut schemas = vec![$(TemplateSchema::page::<$sheet>(),)*];
            schemas.push(TemplateSchema::new(
                "locked.html",
                serialized::<LockedPage<'static>>(),
            ));
            schemas
        }
    };
}

page_templates! {
    super::HomeBoard<'_> => "index.html",
    super::Treatment<'_> => "treatment.html",
    super::Storyboard<'_> => "storyboard.html",
    super::ShotList<'_> => "shots.html",
    super::LocationList<'_> => "locations.html",
    super::People<'_> => "people.html",
    BudgetPage => "budget.html",
    super::Schedule<'_> => "schedule.html",
    CallSheetPage<'_> => "call-sheet.html",
    super::PostReport<'_> => "post.html",
    super::JournalIndex<'_> => "journal.html",
    super::NoteSheet<'_> => "journal-note.html",
    super::TagIndex<'_> => "journal-tags.html",
    super::TagSheet<'_> => "journal-tag.html",
    super::Feed<'_> => "atom.xml",
    super::PressKit<'_> => "press.html",
    super::PressRelease<'_> => "press-release.html",
    super::ReleasePlan<'_> => "release.html",
    NotFound => "404.html",
    Sitemap => "sitemap.xml",
    Robots => "robots.txt",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_of_the_theme_has_one_contract() {
        let schemas = template_schemas();
        let mut contracted: Vec<&str> = schemas.iter().map(|s| s.template).collect();
        contracted.sort_unstable();
        let mut themed: Vec<&str> = crate::embedded::THEME_FILES
            .iter()
            .filter_map(|(path, _)| path.strip_prefix("templates/"))
            .filter(|name| !name.contains('/') && *name != "base.html")
            .collect();
        themed.sort_unstable();
        assert_eq!(contracted, themed);
    }

    #[test]
    fn a_call_sheet_s_contract_names_its_values_and_nothing_else() {
        let schemas = template_schemas();
        let call_sheet = &schemas
            .iter()
            .find(|s| s.template == "call-sheet.html")
            .unwrap()
            .schema;
        let properties = call_sheet["properties"].as_object().unwrap();
        let mut names: Vec<&str> = properties.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["calendar", "page", "sheet", "site"]);
        assert_eq!(call_sheet["additionalProperties"], false);
        let sheet = &call_sheet["$defs"]["CallSheet"];
        assert_eq!(sheet["additionalProperties"], false);
        for field in ["number", "position", "total", "date", "locations", "shots"] {
            assert!(sheet["properties"][field].is_object(), "{field}: {sheet}");
        }
        // Doc comments become descriptions a theme author reads.
        let site = &call_sheet["$defs"]["SiteSheet"];
        assert!(
            site["properties"]["root"]["description"]
                .as_str()
                .is_some_and(|d| d.contains("static files"))
        );
        assert!(
            schemas
                .iter()
                .all(|s| s.text().ends_with("}\n") && s.file_name().ends_with(".schema.json"))
        );
    }
}
