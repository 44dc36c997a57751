//! The public site on release day, read with real parsers: the press kit's zip with a zip
//! reader, structured data with a JSON parser, calendars with an iCalendar parser, the feed
//! with a feed parser, the page head for link-preview tags; and the embargo, before and after.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::Path;

use common::*;
use serde_json::Value;

/// The zip's members and their bytes, read with the zip crate.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    let mut members = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        members.insert(file.name().unwrap().to_string(), content);
    }
    members
}

#[test]
fn the_press_kit_zip_holds_the_kit_and_is_the_same_twice() {
    let project = example_copy();
    let site = build(project.path()).join("public");
    let first = fs::read(site.join("press/press-kit.zip")).unwrap();
    let members = unzip(&first);
    let names: BTreeSet<&str> = members.keys().map(String::as_str).collect();
    for expected in [
        "sodium-hours-press-kit/factsheet.txt",
        "sodium-hours-press-kit/press-release.md",
        "sodium-hours-press-kit/press-release.html",
        "sodium-hours-press-kit/stills/captions.txt",
        "sodium-hours-press-kit/stills/still-gate.jpg",
        "sodium-hours-press-kit/stills/still-van.jpg",
        "sodium-hours-press-kit/stills/still-roof.jpg",
        "sodium-hours-press-kit/stills/still-dawn.jpg",
        "sodium-hours-press-kit/logos/nell-osterby.svg",
        "sodium-hours-press-kit/logos/paper-moth-films.svg",
    ] {
        assert!(
            names.contains(expected),
            "{expected} missing from {names:?}"
        );
    }
    // The stills are the full-resolution originals, as the site publishes them.
    assert_eq!(
        members["sodium-hours-press-kit/stills/still-roof.jpg"],
        fs::read(site.join("assets/stills/still-roof.jpg")).unwrap()
    );
    let kit = yaml(&project.path().join("release/press-kit.yaml"));
    let captions =
        String::from_utf8(members["sodium-hours-press-kit/stills/captions.txt"].clone()).unwrap();
    for image in kit["images"].as_array().unwrap() {
        assert!(captions.contains(image["caption"].as_str().unwrap()));
        assert!(captions.contains(image["credit"].as_str().unwrap()));
    }
    let facts = String::from_utf8(members["sodium-hours-press-kit/factsheet.txt"].clone()).unwrap();
    for fact in [
        "Nell Osterby",
        "Kestrel Lane Records",
        "Ines Calloway",
        "3:38",
    ] {
        assert!(facts.contains(fact), "{fact} missing from the factsheet");
    }
    let release =
        String::from_utf8(members["sodium-hours-press-kit/press-release.html"].clone()).unwrap();
    assert!(release.contains("<h1>Nell Osterby turns out the lights"));
    assert!(
        !release.contains("href=\"/"),
        "links in the zip's press release are absolute"
    );

    // A second build, from nothing, gives the same bytes.
    fs::remove_dir_all(project.path().join("dist")).unwrap();
    let again = build(project.path()).join("public");
    assert_eq!(first, fs::read(again.join("press/press-kit.zip")).unwrap());

    // The page offers it.
    let page = html(&site, "press/index.html");
    assert!(!select(&page, "a[href='/press/press-kit.zip'][download]").is_empty());
}

#[test]
fn stills_have_responsive_copies_with_their_size() {
    let site = built_example().join("public");
    let page = html(&site, "press/index.html");
    let pictures = select(&page, ".stills picture");
    assert_eq!(pictures.len(), 4);
    for picture in pictures {
        let source = picture
            .select(&scraper::Selector::parse("source[type='image/webp']").unwrap())
            .next()
            .expect("a WebP source");
        let img = picture
            .select(&scraper::Selector::parse("img").unwrap())
            .next()
            .unwrap();
        let img = img.value();
        assert_eq!(img.attr("width"), Some("2400"));
        assert_eq!(img.attr("height"), Some("1350"));
        assert_eq!(img.attr("loading"), Some("lazy"));
        assert!(img.attr("sizes").is_some());
        for srcset in [
            img.attr("srcset").unwrap(),
            source.value().attr("srcset").unwrap(),
        ] {
            let widths: Vec<&str> = srcset
                .split(", ")
                .map(|candidate| {
                    let (url, width) = candidate.rsplit_once(' ').unwrap();
                    let file = site.join(url.trim_start_matches('/'));
                    assert!(file.is_file(), "{url} is not in the site");
                    width
                })
                .collect();
            assert_eq!(widths, ["480w", "960w", "1600w", "2400w"], "{srcset}");
        }
        // Each copy has the width it claims.
        let candidate = source
            .value()
            .attr("srcset")
            .unwrap()
            .split(", ")
            .nth(1)
            .unwrap();
        let url = candidate.split(' ').next().unwrap();
        let copy = image::open(site.join(url.trim_start_matches('/'))).unwrap();
        assert_eq!((copy.width(), copy.height()), (960, 540));
    }
}

#[test]
fn image_copies_carry_no_metadata() {
    let project = example_copy();
    // A still with a GPS position and a camera owner in its EXIF.
    let still = project.path().join("assets/stills/still-gate.jpg");
    let bytes = fs::read(&still).unwrap();
    let exif = b"Exif\0\0GPS 53.7960 -1.5479 SECRET-ROOFTOP owner KIT-HOLLOWAY";
    let mut marked = bytes[..2].to_vec();
    marked.extend([0xFF, 0xE1]);
    marked.extend(((exif.len() + 2) as u16).to_be_bytes());
    marked.extend(exif);
    marked.extend(&bytes[2..]);
    fs::write(&still, marked).unwrap();
    let dist = build(project.path());
    for (path, bytes) in snapshot(&dist.join("public")) {
        let mut texts = vec![bytes.clone()];
        if path.extension().is_some_and(|e| e == "zip") {
            texts.extend(unzip(&bytes).into_values());
        }
        for text in texts {
            let text = String::from_utf8_lossy(&text);
            assert!(
                !text.contains("SECRET-ROOFTOP") && !text.contains("KIT-HOLLOWAY"),
                "{} carries the still's metadata",
                path.display()
            );
        }
    }
}

#[test]
fn a_second_build_makes_no_image_copies() {
    let project = example_copy();
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        let out = clapboard_command()
            .env("CLAPBOARD_CACHE", cache.path())
            .args(["build", project.path().to_str().unwrap(), "--now", NOW])
            .arg("--timings")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let cold = run();
    let warm = run();
    let made = |report: &str| -> usize {
        let line = report.lines().find(|l| l.starts_with("images")).unwrap();
        let inside = line.split('(').nth(1).unwrap();
        inside.split_whitespace().next().unwrap().parse().unwrap()
    };
    assert!(made(&cold) > 0, "{cold}");
    assert_eq!(made(&warm), 0, "{warm}");
}

/// The JSON-LD items of a page, by their types.
fn structured_data(site: &Path, path: &str) -> Vec<Value> {
    let page = html(site, path);
    let scripts = select(&page, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "{path}");
    let data: Value = serde_json::from_str(&scripts[0].inner_html()).expect("valid JSON");
    assert_eq!(data["@context"], "https://schema.org");
    data["@graph"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![data])
}

fn has_type(item: &Value, wanted: &str) -> bool {
    match &item["@type"] {
        Value::String(t) => t == wanted,
        Value::Array(types) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

#[test]
fn release_pages_describe_the_video_the_song_and_the_premiere() {
    let site = built_example().join("public");
    for path in ["release/index.html", "press/index.html", "index.html"] {
        let items = structured_data(&site, path);
        let video = items
            .iter()
            .find(|i| has_type(i, "VideoObject"))
            .expect("a VideoObject");
        assert!(has_type(video, "MusicVideoObject"));
        for field in [
            "name",
            "description",
            "thumbnailUrl",
            "uploadDate",
            "duration",
            "embedUrl",
            "director",
            "actor",
            "musicBy",
            "productionCompany",
            "contributor",
        ] {
            assert!(!video[field].is_null(), "{path}: the video has no {field}");
        }
        assert_eq!(video["duration"], "PT3M38S");
        assert_eq!(video["uploadDate"], "2026-11-13");
        assert!(
            video["embedUrl"]
                .as_str()
                .unwrap()
                .starts_with("https://www.youtube-nocookie.com/embed/")
        );
        assert!(
            video["thumbnailUrl"][0]
                .as_str()
                .unwrap()
                .starts_with("https://sodium-hours.example.com/")
        );
        assert_eq!(video["director"]["name"], "Ines Calloway");
        let actors: Vec<&str> = video["actor"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["actor"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(actors, ["Nell Osterby", "Priya Halloran", "Joel Marchetti"]);
        // A part played is a PerformanceRole with the character's name; the person is a Person.
        for role in video["actor"].as_array().unwrap() {
            assert_eq!(role["@type"], "PerformanceRole", "{role}");
            assert_eq!(role["actor"]["@type"], "Person", "{role}");
            assert!(role["characterName"].is_string(), "{role}");
            assert!(role["actor"].get("characterName").is_none(), "{role}");
        }
        let contributors = video["contributor"].as_array().unwrap();
        assert!(
            contributors.iter().any(
                |c| c["name"] == "Dara Kettering" && c["jobTitle"] == "Director of photography"
            )
        );
        assert_eq!(video["productionCompany"]["name"], "Paper Moth Films");

        let song = items
            .iter()
            .find(|i| has_type(i, "MusicRecording"))
            .expect("a MusicRecording");
        assert_eq!(song["name"], "Sodium Hours");
        assert_eq!(song["byArtist"]["name"], "Nell Osterby");

        let premiere = items
            .iter()
            .find(|i| has_type(i, "BroadcastEvent"))
            .expect("a BroadcastEvent");
        assert_eq!(premiere["startDate"], "2026-11-13T19:00:00+00:00");
        // It ends when the video has played.
        assert_eq!(premiere["endDate"], "2026-11-13T19:03:38+00:00");
        assert_eq!(premiere["publishedOn"]["name"], "YouTube Premiere");
    }
    // A journal note is a posting.
    let note = structured_data(&site, "journal/premiere-night/index.html");
    assert!(has_type(&note[0], "BlogPosting"));
}

/// The page head's `<meta property|name=… content=…>` values.
fn meta_tags(site: &Path, path: &str) -> BTreeMap<String, String> {
    let page = html(site, path);
    select(&page, "head meta")
        .iter()
        .filter_map(|m| {
            let m = m.value();
            let key = m.attr("property").or(m.attr("name"))?;
            Some((key.to_string(), m.attr("content")?.to_string()))
        })
        .collect()
}

#[test]
fn public_pages_carry_open_graph_and_twitter_tags() {
    let dist = built_example();
    let site = dist.join("public");
    let release = meta_tags(&site, "release/index.html");
    assert_eq!(release["og:type"], "video.other");
    assert_eq!(
        release["og:url"],
        "https://sodium-hours.example.com/release/"
    );
    assert!(release["og:title"].contains("Release"));
    assert!(release["og:image"].starts_with("https://sodium-hours.example.com/assets/poster."));
    assert_eq!(release["og:image:width"], "1600");
    assert_eq!(release["og:image:height"], "900");
    assert_eq!(
        release["og:video"],
        "https://www.youtube-nocookie.com/embed/qV7dLm2xT9c"
    );
    assert_eq!(release["twitter:card"], "summary_large_image");
    assert_eq!(release["twitter:image"], release["og:image"]);
    // The image it names is in the site, at the size it says.
    let image_path = release["og:image"].trim_start_matches("https://sodium-hours.example.com/");
    let image = image::open(site.join(image_path)).unwrap();
    assert_eq!((image.width(), image.height()), (1600, 900));

    let note = meta_tags(&site, "journal/premiere-night/index.html");
    assert_eq!(note["og:type"], "article");

    // Every public page has them; no other site does.
    for (path, _) in snapshot(&site) {
        if path.extension().is_some_and(|e| e == "html") && !path.ends_with("404.html") {
            let tags = meta_tags(&site, path.to_str().unwrap());
            for key in ["og:title", "og:type", "og:url", "og:image", "twitter:card"] {
                assert!(tags.contains_key(key), "{} has no {key}", path.display());
            }
        }
    }
    for audience in ["client", "crew"] {
        let tags = meta_tags(&dist.join(audience), "index.html");
        assert!(!tags.keys().any(|k| k.starts_with("og:")), "{audience}");
        assert!(!read(&dist.join(audience), "index.html").contains("application/ld+json"));
    }
}

/// The components of a calendar file, read with an iCalendar parser.
fn calendar(text: &str) -> Vec<(String, BTreeMap<String, String>)> {
    assert!(text.ends_with("\r\n"), "lines end with CRLF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line}");
    }
    let unfolded = icalendar::parser::unfold(text);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("a valid calendar");
    assert!(
        parsed
            .properties
            .iter()
            .any(|p| p.name.as_str() == "VERSION" && p.val.as_str() == "2.0")
    );
    parsed
        .components
        .iter()
        .map(|c| {
            let properties = c
                .properties
                .iter()
                .map(|p| {
                    let params: Vec<String> = p
                        .params
                        .iter()
                        .map(|q| {
                            format!(
                                ";{}={}",
                                q.key.as_str(),
                                q.val.as_ref().map(|v| v.as_str()).unwrap_or("")
                            )
                        })
                        .collect();
                    (
                        format!("{}{}", p.name.as_str(), params.join("")),
                        p.val.as_str().to_string(),
                    )
                })
                .collect();
            (c.name.as_str().to_string(), properties)
        })
        .collect()
}

#[test]
fn the_crew_gets_a_calendar_per_shoot_day_and_one_for_the_shoot() {
    let project = example_copy();
    let dist = build(project.path());
    let crew = dist.join("crew");
    let day = calendar(&read(&crew, "schedule/day-1.ics"));
    let zone = day
        .iter()
        .find(|(name, _)| name == "VTIMEZONE")
        .expect("the time zone");
    assert_eq!(zone.1["TZID"], "Europe/London");
    let events: Vec<_> = day.iter().filter(|(name, _)| name == "VEVENT").collect();
    assert_eq!(events.len(), 1);
    let event = &events[0].1;
    let schedule = yaml(&project.path().join("schedule.yaml"));
    let first = &schedule["days"][0];
    let date = first["date"].as_str().unwrap().replace('-', "");
    let call = first["general_call"].as_str().unwrap().replace(':', "");
    assert_eq!(
        event["DTSTART;TZID=Europe/London"],
        format!("{date}T{call}00")
    );
    assert!(event["SUMMARY"].contains("shoot day 1 of 2"));
    assert!(event["UID"].ends_with("@sodium-hours.example.com"));
    assert!(event.contains_key("DTSTAMP"));
    assert!(event["DESCRIPTION"].contains("https://sodium-hours.example.com/schedule/day-1/"));

    let shoot = calendar(&read(&crew, "schedule/shoot.ics"));
    let uids: Vec<&String> = shoot
        .iter()
        .filter(|(name, _)| name == "VEVENT")
        .map(|(_, p)| &p["UID"])
        .collect();
    assert_eq!(uids.len(), 2);
    assert!(
        uids.contains(&&event["UID"]),
        "the same event, the same UID"
    );

    // Stable: a second build gives the same identifiers.
    let again = calendar(&read(
        &build(project.path()).join("crew"),
        "schedule/day-1.ics",
    ));
    let again_event = &again.iter().find(|(n, _)| n == "VEVENT").unwrap().1;
    assert_eq!(again_event["UID"], event["UID"]);

    // The pages link them.
    let page = html(&crew, "schedule/index.html");
    assert!(!select(&page, "a[href='/schedule/shoot.ics']").is_empty());
    assert!(!select(&page, "a[href='/schedule/day-1.ics']").is_empty());
    let sheet = html(&crew, "schedule/day-1/index.html");
    assert!(!select(&sheet, "a[href='/schedule/day-1.ics']").is_empty());
    // The public has no shoot calendar.
    assert!(!dist.join("public/schedule").exists());
}

#[test]
fn the_public_gets_the_premiere_and_the_release_day() {
    let site = built_example().join("public");
    let text = read(&site, "release/premiere.ics");
    // Commas in text are escaped.
    assert!(text.contains("Ines Calloway\\, stream"), "{text}");
    let components = calendar(&text);
    let events: Vec<&BTreeMap<String, String>> = components
        .iter()
        .filter(|(name, _)| name == "VEVENT")
        .map(|(_, p)| p)
        .collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["DTSTART;TZID=Europe/London"], "20261113T190000");
    assert!(events[0]["SUMMARY"].starts_with("Premiere"));
    assert!(events[0]["DESCRIPTION"].contains("the corner booth at Dot"));
    assert_eq!(events[1]["DTSTART;VALUE=DATE"], "20261113");
    let page = html(&site, "release/index.html");
    assert!(!select(&page, "a[href='/release/premiere.ics']").is_empty());
}

#[test]
fn the_feed_is_valid_with_absolute_addresses() {
    let site = built_example().join("public");
    let text = read(&site, "journal/atom.xml");
    let feed = feed_rs::parser::parse(text.as_bytes()).expect("a valid feed");
    assert!(feed.id.starts_with("https://sodium-hours.example.com/"));
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && l.href.starts_with("https://"))
    );
    assert!(!feed.entries.is_empty());
    for entry in &feed.entries {
        assert!(
            entry
                .id
                .starts_with("https://sodium-hours.example.com/journal/")
        );
        assert!(entry.updated.is_some());
        let content = entry.content.as_ref().unwrap().body.as_ref().unwrap();
        assert!(
            !content.contains("href=\"/") && !content.contains("src=\"/"),
            "relative address in {}",
            entry.id
        );
    }
    // The notes link to the rest of the production: those links are absolute too.
    assert!(text.contains("href=&quot;https://sodium-hours.example.com/"));
}

#[test]
fn the_sitemap_lists_every_public_page() {
    let site = built_example().join("public");
    let sitemap = read(&site, "sitemap.xml");
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let mut pages = BTreeSet::new();
    for (path, _) in snapshot(&site) {
        let path = path.to_str().unwrap().to_string();
        if path.ends_with("index.html") {
            let url = path.trim_end_matches("index.html");
            pages.insert(format!("https://sodium-hours.example.com/{url}"));
        }
    }
    assert_eq!(listed, pages);
}

#[test]
fn an_embargoed_press_release_stays_out_of_the_public_site_until_it_lifts() {
    let project = example_copy();
    // The example's embargo is 2026-11-12 09:00.
    let before = build_at(project.path(), "2026-11-12T08:59");
    let public = before.join("public");
    assert!(!public.join("press/release").exists());
    let everything: String = snapshot(&public)
        .iter()
        .map(|(path, bytes)| {
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            if path.extension().is_some_and(|e| e == "zip") {
                for (name, member) in unzip(bytes) {
                    text.push_str(&name);
                    text.push_str(&String::from_utf8_lossy(&member));
                }
            }
            text
        })
        .collect();
    for trace in [
        "turns out the lights",
        "/press/release/",
        "press-release.md",
    ] {
        assert!(
            !everything.contains(trace),
            "`{trace}` is public before the embargo"
        );
    }
    // The client sees it, marked as embargoed.
    let client = html(&before.join("client"), "press/release/index.html");
    assert!(text_of(&client, ".embargo").contains("Embargoed until 2026-11-12 09:00"));

    let after = build_at(project.path(), "2026-11-12T09:00");
    let public = after.join("public");
    let page = html(&public, "press/release/index.html");
    assert!(text_of(&page, "h1").contains("turns out the lights"));
    assert!(text_of(&page, ".embargo").contains("Embargo lifted"));
    assert!(read(&public, "sitemap.xml").contains("/press/release/"));
    let members = unzip(&fs::read(public.join("press/press-kit.zip")).unwrap());
    assert!(members.contains_key("sodium-hours-press-kit/press-release.md"));
}

/// A phone's portrait: 1200 × 800 pixels stored sideways, blue with a red square in the
/// stored top-left corner, and EXIF saying to turn it 90° clockwise (orientation 6), with a
/// GPS position and a description. Upright, it is 800 × 1200 with the red square top-right.
fn sideways_phone_photo() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(1200, 800, |x, y| {
        if x < 200 && y < 200 {
            image::Rgb([230, 20, 20])
        } else {
            image::Rgb([20, 40, 220])
        }
    });
    let mut jpeg = Vec::new();
    pixels
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 90,
        ))
        .unwrap();
    // IFD0: description, orientation 6, the GPS IFD; then the GPS IFD with a latitude.
    let mut exif = b"II*\0\x08\0\0\0\x03\0".to_vec();
    for (tag, kind, count, value) in [
        (0x010Eu16, 2u16, 15u32, 104u32.to_le_bytes()),
        (0x0112, 3, 1, [6, 0, 0, 0]),
        (0x8825, 4, 1, 50u32.to_le_bytes()),
    ] {
        exif.extend(tag.to_le_bytes());
        exif.extend(kind.to_le_bytes());
        exif.extend(count.to_le_bytes());
        exif.extend(value);
    }
    exif.extend([0, 0, 0, 0, 2, 0]);
    exif.extend([1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    exif.extend([2, 0, 5, 0, 3, 0, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0]);
    for n in [53u32, 1, 47, 1, 45, 1] {
        exif.extend(n.to_le_bytes());
    }
    exif.extend(b"SECRET-ROOFTOP\0");
    let mut marked = img_parts::jpeg::Jpeg::from_bytes(jpeg.into()).unwrap();
    img_parts::ImageEXIF::set_exif(&mut marked, Some(exif.into()));
    marked.encoder().bytes().to_vec()
}

/// Asserts that `bytes` (an image of the site) shows the phone's portrait upright, `width`
/// pixels wide, with no EXIF.
fn assert_upright(bytes: &[u8], width: u32, what: &str) {
    let shown = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        (shown.width(), shown.height()),
        (width, width * 3 / 2),
        "{what} is not upright"
    );
    let rgb = shown.to_rgb8();
    let (w, h) = rgb.dimensions();
    let red = |x: u32, y: u32| {
        let [r, _, b] = rgb.get_pixel(x, y).0;
        r > 150 && b < 100
    };
    assert!(
        red(w - w / 8, h / 12),
        "{what}: the red corner is not top-right"
    );
    assert!(!red(w / 8, h / 12), "{what}: the top-left corner is red");
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains("SECRET-ROOFTOP"), "{what} keeps its EXIF");
    assert!(
        !bytes.windows(4).any(|w| w == b"II*\0"),
        "{what} keeps EXIF"
    );
}

#[test]
fn a_phone_portrait_is_published_upright_in_every_copy() {
    let mut kits = 0;
    for production in productions() {
        let project = unlocked_copy(&production);
        let root = project.path();
        let base = base_path(root, "public");
        fs::create_dir_all(root.join("assets/stills")).unwrap();
        fs::write(
            root.join("assets/stills/phone-portrait.jpg"),
            sideways_phone_photo(),
        )
        .unwrap();
        fs::create_dir_all(root.join("journal")).unwrap();
        fs::write(
            root.join("journal/phone-portrait.md"),
            "---\ntitle: Shot on a phone\ndate: 2026-09-20\nstage: production\n\
             summary: A portrait from the set.\ncover: assets/stills/phone-portrait.jpg\n\
             cover_alt: A red square on blue.\n---\n\nFrom the set.\n",
        )
        .unwrap();
        let kit = root.join("release/press-kit.yaml");
        let in_kit = fs::read_to_string(&kit)
            .ok()
            .and_then(|text| {
                let at = text.find("\nimages:\n")? + "\nimages:\n".len();
                let indent: String = text[at..].chars().take_while(|c| *c == ' ').collect();
                let item = format!(
                    "{indent}- file: assets/stills/phone-portrait.jpg\n\
                     {indent}  caption: A portrait from the set.\n\
                     {indent}  alt: A red square on blue.\n\
                     {indent}  credit: Paper Moth Films\n"
                );
                fs::write(&kit, format!("{}{item}{}", &text[..at], &text[at..])).unwrap();
                Some(())
            })
            .is_some();
        kits += usize::from(in_kit);
        let site = build(root).join("public");
        let what = production.display();

        assert_upright(
            &fs::read(site.join("assets/stills/phone-portrait.jpg")).unwrap(),
            800,
            &format!("{what}: the published original"),
        );
        let page = html(&site, "journal/phone-portrait/index.html");
        let pictures: Vec<_> = select(&page, "picture")
            .into_iter()
            .filter(|p| p.html().contains("phone-portrait"))
            .collect();
        assert!(!pictures.is_empty(), "{what}: the note shows no cover");
        for picture in pictures {
            let img = picture
                .select(&scraper::Selector::parse("img").unwrap())
                .next()
                .unwrap();
            assert_eq!(img.value().attr("width"), Some("800"), "{what}");
            assert_eq!(img.value().attr("height"), Some("1200"), "{what}");
            let with_srcset = scraper::Selector::parse("[srcset]").unwrap();
            let sets: Vec<&str> = picture
                .select(&with_srcset)
                .map(|e| e.value().attr("srcset").unwrap())
                .collect();
            assert_eq!(sets.len(), 2, "{what}: a WebP and a JPEG srcset");
            for srcset in sets {
                let mut widths = Vec::new();
                for candidate in srcset.split(", ") {
                    let (url, width) = candidate.rsplit_once(' ').unwrap();
                    let width: u32 = width.trim_end_matches('w').parse().unwrap();
                    // Pages link under the production's base path.
                    let file = url.strip_prefix(base.as_str()).unwrap_or(url);
                    let bytes = fs::read(site.join(file.trim_start_matches('/'))).unwrap();
                    assert_upright(&bytes, width, &format!("{what}: {url}"));
                    widths.push(width);
                }
                assert_eq!(widths, [480, 800], "{what}: {srcset}");
            }
        }
        let head = meta_tags(&site, "journal/phone-portrait/index.html");
        assert_eq!(head["og:image:width"], "800", "{what}");
        assert_eq!(head["og:image:height"], "1200", "{what}");

        if in_kit {
            let members = unzip(&fs::read(site.join("press/press-kit.zip")).unwrap());
            let (name, bytes) = members
                .iter()
                .find(|(name, _)| name.ends_with("/stills/phone-portrait.jpg"))
                .expect("the portrait is in the press kit's zip");
            assert_upright(bytes, 800, &format!("{what}: {name} in the zip"));
            let press = html(&site, "press/index.html");
            let stills: Vec<_> = select(&press, ".stills img")
                .into_iter()
                .filter(|img| img.value().attr("src").unwrap().contains("phone-portrait"))
                .collect();
            assert_eq!(stills.len(), 1, "{what}");
            assert_eq!(stills[0].value().attr("width"), Some("800"), "{what}");
            assert_eq!(stills[0].value().attr("height"), Some("1200"), "{what}");
        }
    }
    assert!(kits > 0, "no production's press kit took the portrait");
}

#[test]
fn a_company_in_the_credits_is_an_organization_and_a_premiere_ends() {
    let mut described = 0;
    for production in productions() {
        let project = unlocked_copy(&production);
        let kit = project.path().join("release/press-kit.yaml");
        let text = fs::read_to_string(&kit).unwrap();
        let mut data: Value = serde_saphyr::from_str(&text).unwrap();
        data["credits"]
            .as_array_mut()
            .expect("the kit has credits")
            .push(serde_json::json!({"role": "Lighting", "name": "Northlight Rentals", "company": true}));
        fs::write(&kit, serde_json::to_string_pretty(&data).unwrap()).unwrap();
        // After the release, so the video and its premiere are described.
        let dist = build_at(project.path(), "2027-06-01T12:00");
        let items = structured_data(&dist.join("public"), "release/index.html");
        let Some(video) = items.iter().find(|i| has_type(i, "VideoObject")) else {
            continue;
        };
        described += 1;
        let company = video["contributor"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "Northlight Rentals")
            .unwrap_or_else(|| panic!("{}: {video}", production.display()));
        assert_eq!(company["@type"], "Organization", "{company}");
        assert!(company.get("jobTitle").is_none(), "{company}");
        if let Some(premiere) = items.iter().find(|i| has_type(i, "BroadcastEvent")) {
            assert!(premiere["endDate"].is_string(), "{premiere}");
            assert!(
                premiere["endDate"].as_str() > premiere["startDate"].as_str()
                    || !premiere["startDate"].as_str().unwrap().contains('T'),
                "{premiere}"
            );
        }
    }
    assert!(described > 0, "no production describes its video");
}

#[test]
fn the_zip_s_press_release_says_what_the_page_says_of_the_embargo_and_names_its_zone() {
    for production in productions() {
        let project = unlocked_copy(&production);
        let release = project.path().join("release/press-release.md");
        let Ok(text) = fs::read_to_string(&release) else {
            continue;
        };
        let Some(embargo) = text
            .lines()
            .find_map(|l| l.strip_prefix("embargo:"))
            .map(|e| e.trim().trim_matches('"').to_string())
        else {
            continue;
        };
        let config = yaml(&project.path().join("clapboard.yaml"));
        let zone = config["timezone"].as_str().map(|z| {
            use chrono::TimeZone;
            let tz: chrono_tz::Tz = z.parse().unwrap();
            let at = chrono::NaiveDateTime::parse_from_str(&embargo, "%Y-%m-%d %H:%M").unwrap();
            tz.from_local_datetime(&at)
                .earliest()
                .unwrap()
                .format("%Z")
                .to_string()
        });
        let at = chrono::NaiveDateTime::parse_from_str(&embargo, "%Y-%m-%d %H:%M").unwrap();
        let named = match &zone {
            Some(zone) => format!("{embargo} {zone}"),
            None => embargo.clone(),
        };
        for (clock, said) in [
            (at - chrono::Duration::hours(1), "Embargoed until"),
            (at + chrono::Duration::days(30), "Embargo lifted"),
        ] {
            let dist = build_at(project.path(), &clock.format("%Y-%m-%dT%H:%M").to_string());
            let client = dist.join("client");
            let page = html(&client, "press/release/index.html");
            let line = text_of(&page, ".embargo");
            assert!(
                line.contains(&format!("{said} {named}")),
                "{}: the page says `{line}`",
                production.display()
            );
            let members = unzip(&fs::read(client.join("press/press-kit.zip")).unwrap());
            let markdown = members
                .iter()
                .find(|(name, _)| name.ends_with("/press-release.md"))
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .expect("the press release in the zip");
            assert!(
                markdown.contains(&format!("**{said} {named}**")),
                "{}: the zip says:\n{markdown}",
                production.display()
            );
        }
    }
}

/// The `Runtime` line of a factsheet, on the page or in the zip's text.
fn runtime_in(text: &str) -> Option<String> {
    let at = text.find("Runtime")? + "Runtime".len();
    let rest = text[at..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let rest = rest.strip_prefix("</dt><dd>").unwrap_or(rest);
    Some(rest.split(['<', '\n']).next()?.trim().to_string())
}

/// Every audience's factsheet, on its page and in its zip, and the video's structured data
/// give the video one length: the press kit's `runtime` where it has one. The public site does
/// not see the cuts, so without it the public would print the song's and the client the cut's.
#[test]
fn every_audience_s_factsheet_gives_one_runtime() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let kit = yaml(&copy.path().join("release/press-kit.yaml"));
        let dist = build(copy.path());
        let mut seen = BTreeMap::new();
        for audience in ["public", "client", "crew"] {
            let site = dist.join(audience);
            let page = read(&site, "press/index.html");
            seen.insert(format!("{audience}: the page"), runtime_in(&page));
            let zip = unzip(&fs::read(site.join("press/press-kit.zip")).unwrap());
            let (_, factsheet) = zip
                .iter()
                .find(|(name, _)| name.ends_with("/factsheet.txt"))
                .expect("a factsheet in the zip");
            seen.insert(
                format!("{audience}: the zip"),
                runtime_in(std::str::from_utf8(factsheet).unwrap()),
            );
        }
        let what = production.display();
        let first = seen.values().next().unwrap().clone();
        assert!(first.is_some(), "{what}: no runtime in {seen:?}");
        assert!(seen.values().all(|r| *r == first), "{what}: {seen:?}");
        if let Some(runtime) = kit["runtime"].as_str() {
            assert_eq!(first.as_deref(), Some(runtime), "{what}");
        }
    }
}
