//! Every production's public site on release day, read with real parsers: the press kit's zip
//! with a zip reader, structured data with a JSON parser, calendars with an iCalendar parser,
//! the feed with a feed parser, the page head for link-preview tags; and the embargo, before
//! and after. Expected values come from each production's own documents.

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

/// A title as clapboard makes it a file name: lowercase words joined by hyphens, any script
/// kept (`終電のあとで (After the Last Train)` -> `終電のあとで-after-the-last-train`).
fn slug(title: &str) -> String {
    let words: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    words.split_whitespace().collect::<Vec<_>>().join("-")
}

/// The folder the press kit's zip holds everything in: `sodium-hours-press-kit`.
fn kit_folder(project: &Path) -> String {
    let config = yaml(&project.join("clapboard.yaml"));
    format!("{}-press-kit", slug(config["title"].as_str().unwrap()))
}

/// The press release's front matter, and whether its embargo has not lifted at `now`.
fn press_release(project: &Path, now: &str) -> (Value, bool) {
    let front = common::documents::front_matter(&project.join("release/press-release.md"));
    let embargoed = front["embargo"]
        .as_str()
        .is_some_and(|at| at.replace(' ', "T").as_str() > now);
    (front, embargoed)
}

/// The video's length as every factsheet prints it: the press kit's `runtime`, or the song's.
fn runtime(project: &Path) -> String {
    let kit = yaml(&project.join("release/press-kit.yaml"));
    let config = yaml(&project.join("clapboard.yaml"));
    kit["runtime"]
        .as_str()
        .or(config["song"]["duration"].as_str())
        .expect("a runtime")
        .to_string()
}

/// The name of the file at `path` (`assets/stills/still-roof.jpg` -> `still-roof.jpg`).
fn file_name(path: &Value) -> String {
    Path::new(path.as_str().unwrap())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The first journal note the public site publishes, by its address slug.
fn first_public_note(project: &Path) -> String {
    let notes = common::documents::published_notes(project, "public");
    let (path, front) = notes.first().expect("a published note");
    common::documents::note_slug(path, front)
}

#[test]
fn the_press_kit_zip_holds_the_kit_and_is_the_same_twice() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let dist = build(root);
        let site = dist.join("public");
        let first = fs::read(site.join("press/press-kit.zip")).unwrap();
        let members = unzip(&first);
        let names: BTreeSet<&str> = members.keys().map(String::as_str).collect();
        let folder = kit_folder(root);
        let kit = yaml(&root.join("release/press-kit.yaml"));
        let images = kit["images"].as_array().expect("press stills");
        let (release, embargoed) = press_release(root, NOW);
        let mut expected = vec![
            format!("{folder}/factsheet.txt"),
            format!("{folder}/stills/captions.txt"),
        ];
        if !embargoed {
            expected.push(format!("{folder}/press-release.md"));
            expected.push(format!("{folder}/press-release.html"));
        }
        for image in images {
            expected.push(format!("{folder}/stills/{}", file_name(&image["file"])));
        }
        for logo in kit["logos"].as_array().into_iter().flatten() {
            expected.push(format!("{folder}/logos/{}", file_name(&logo["file"])));
        }
        let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        assert_eq!(names, expected, "{what}");
        // The stills are the full-resolution originals, as the site publishes them.
        for image in images {
            assert_eq!(
                members[&format!("{folder}/stills/{}", file_name(&image["file"]))],
                fs::read(site.join(image["file"].as_str().unwrap())).unwrap(),
                "{what}: {}",
                image["file"]
            );
        }
        let captions =
            String::from_utf8(members[&format!("{folder}/stills/captions.txt")].clone()).unwrap();
        for image in images {
            assert!(
                captions.contains(image["caption"].as_str().unwrap()),
                "{what}"
            );
            assert!(
                captions.contains(image["credit"].as_str().unwrap()),
                "{what}"
            );
        }
        let facts = String::from_utf8(members[&format!("{folder}/factsheet.txt")].clone()).unwrap();
        let config = yaml(&root.join("clapboard.yaml"));
        for fact in [
            config["artist"].as_str().unwrap(),
            config["song"]["label"].as_str().unwrap(),
            config["director"].as_str().unwrap(),
            &runtime(root),
        ] {
            assert!(
                facts.contains(fact),
                "{what}: {fact} missing from the factsheet"
            );
        }
        // The press release is in the zip of the sites that may read it: the public's once the
        // embargo lifts, the client's before.
        let reader = if embargoed { "client" } else { "public" };
        let members = unzip(&fs::read(dist.join(reader).join("press/press-kit.zip")).unwrap());
        let text = String::from_utf8(members[&format!("{folder}/press-release.html")].clone())
            .unwrap_or_else(|_| panic!("{what}: no press release in the {reader}'s zip"));
        let headline = release["headline"].as_str().unwrap();
        assert!(text.contains(&format!("<h1>{headline}")), "{what}: {text}");
        assert!(
            !text.contains("href=\"/"),
            "{what}: links in the zip's press release are absolute"
        );

        // A second build, from nothing, gives the same bytes.
        fs::remove_dir_all(root.join("dist")).unwrap();
        let again = build(root).join("public");
        assert_eq!(
            first,
            fs::read(again.join("press/press-kit.zip")).unwrap(),
            "{what}"
        );

        // The page offers it.
        let base = base_path(root, "public");
        let page = html(&site, "press/index.html");
        assert!(
            !select(
                &page,
                &format!("a[href='{base}/press/press-kit.zip'][download]")
            )
            .is_empty(),
            "{what}"
        );
    }
}

#[test]
fn stills_have_responsive_copies_with_their_size() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let site = build(root).join("public");
        let base = base_path(root, "public");
        let kit = yaml(&root.join("release/press-kit.yaml"));
        let images = kit["images"].as_array().expect("press stills");
        let page = html(&site, "press/index.html");
        let pictures = select(&page, ".stills picture");
        assert_eq!(pictures.len(), images.len(), "{what}");
        for (picture, image) in pictures.into_iter().zip(images) {
            let file = image["file"].as_str().unwrap();
            let (width, height) = image::image_dimensions(root.join(file)).unwrap();
            // Copies at each of these widths below the original's, and the original.
            let mut ladder: Vec<String> = [480, 960, 1600, 2400]
                .into_iter()
                .filter(|w| *w < width)
                .map(|w| format!("{w}w"))
                .collect();
            ladder.push(format!("{width}w"));
            let source = picture
                .select(&scraper::Selector::parse("source[type='image/webp']").unwrap())
                .next()
                .expect("a WebP source");
            let img = picture
                .select(&scraper::Selector::parse("img").unwrap())
                .next()
                .unwrap();
            let img = img.value();
            let stem = Path::new(file).file_stem().unwrap().to_str().unwrap();
            assert!(img.attr("src").unwrap().contains(stem), "{what}: {file}");
            assert_eq!(
                img.attr("width"),
                Some(width.to_string().as_str()),
                "{what}"
            );
            assert_eq!(
                img.attr("height"),
                Some(height.to_string().as_str()),
                "{what}"
            );
            assert_eq!(img.attr("loading"), Some("lazy"), "{what}");
            assert!(img.attr("sizes").is_some(), "{what}");
            for srcset in [
                img.attr("srcset").unwrap(),
                source.value().attr("srcset").unwrap(),
            ] {
                let widths: Vec<&str> = srcset
                    .split(", ")
                    .map(|candidate| {
                        let (url, width) = candidate.rsplit_once(' ').unwrap();
                        let file = file_of(&site, &base, url);
                        assert!(file.is_file(), "{what}: {url} is not in the site");
                        width
                    })
                    .collect();
                assert_eq!(widths, ladder, "{what}: {srcset}");
            }
            // Each copy has the width it claims, and the original's shape.
            for candidate in source.value().attr("srcset").unwrap().split(", ") {
                let (url, claimed) = candidate.rsplit_once(' ').unwrap();
                let copy = image::open(file_of(&site, &base, url)).unwrap();
                let claimed: u32 = claimed.trim_end_matches('w').parse().unwrap();
                let tall = (f64::from(claimed) * f64::from(height) / f64::from(width)).round();
                assert_eq!(
                    (copy.width(), copy.height()),
                    (claimed, tall as u32),
                    "{what}: {url}"
                );
            }
        }
    }
}

#[test]
fn image_copies_carry_no_metadata() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        // The kit's first still, with a GPS position and a camera owner in its EXIF.
        let kit = yaml(&project.path().join("release/press-kit.yaml"));
        let still = project
            .path()
            .join(kit["images"][0]["file"].as_str().unwrap());
        let bytes = fs::read(&still).unwrap();
        let exif = b"Exif\0\0GPS 53.7960 -1.5479 SECRET-ROOFTOP owner KIT-HOLLOWAY";
        let mut marked = bytes[..2].to_vec();
        marked.extend([0xFF, 0xE1]);
        marked.extend(((exif.len() + 2) as u16).to_be_bytes());
        marked.extend(exif);
        marked.extend(&bytes[2..]);
        fs::write(&still, marked).unwrap();
        let dist = build(project.path());
        let mut checked = 0;
        for (path, bytes) in snapshot(&dist.join("public")) {
            let mut texts = vec![bytes.clone()];
            if path.extension().is_some_and(|e| e == "zip") {
                texts.extend(unzip(&bytes).into_values());
            }
            checked += texts.len();
            for text in texts {
                let text = String::from_utf8_lossy(&text);
                assert!(
                    !text.contains("SECRET-ROOFTOP") && !text.contains("KIT-HOLLOWAY"),
                    "{what}: {} carries the still's metadata",
                    path.display()
                );
            }
        }
        assert!(checked > 0, "{what}");
    }
}

#[test]
fn a_second_build_makes_no_image_copies() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let cache = tempfile::tempdir().unwrap();
        let run = || {
            let out = clapboard_command()
                .env("CLAPBOARD_CACHE", cache.path())
                .args(["build", project.path().to_str().unwrap(), "--now", NOW])
                .arg("--timings")
                .output()
                .unwrap();
            assert!(out.status.success(), "{what}");
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let cold = run();
        let warm = run();
        let made = |report: &str| -> usize {
            let line = report.lines().find(|l| l.starts_with("images")).unwrap();
            let inside = line.split('(').nth(1).unwrap();
            inside.split_whitespace().next().unwrap().parse().unwrap()
        };
        assert!(made(&cold) > 0, "{what}: {cold}");
        assert_eq!(made(&warm), 0, "{what}: {warm}");
    }
}

/// `m:ss` as an ISO 8601 duration: `3:38` -> `PT3M38S`.
fn iso_duration(minutes_seconds: &str) -> String {
    let (minutes, seconds) = minutes_seconds.split_once(':').unwrap();
    format!(
        "PT{}M{}S",
        minutes.parse::<u32>().unwrap(),
        seconds.parse::<u32>().unwrap()
    )
}

/// The premiere's start, in the production's time zone, from the release plan.
fn premiere_start(project: &Path) -> chrono::DateTime<chrono_tz::Tz> {
    use chrono::TimeZone;
    let promo = yaml(&project.join("release/promo.yaml"));
    let config = yaml(&project.join("clapboard.yaml"));
    let tz: chrono_tz::Tz = config["timezone"].as_str().unwrap().parse().unwrap();
    let at = format!(
        "{} {}",
        promo["premiere"]["date"].as_str().unwrap(),
        promo["premiere"]["time"].as_str().unwrap()
    );
    let at = chrono::NaiveDateTime::parse_from_str(&at, "%Y-%m-%d %H:%M").unwrap();
    tz.from_local_datetime(&at).earliest().unwrap()
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
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let site = build(root).join("public");
        let config = yaml(&root.join("clapboard.yaml"));
        let kit = yaml(&root.join("release/press-kit.yaml"));
        let promo = yaml(&root.join("release/promo.yaml"));
        let base_url = base_url(root, "public");
        let youtube = config["video"]["youtube"]
            .as_str()
            .expect("a YouTube video");
        let credits = kit["credits"].as_array().expect("credits");
        let cast: Vec<&Value> = credits.iter().filter(|c| c["cast"] == true).collect();
        assert!(!cast.is_empty(), "{what}: no cast in the credits");
        let runtime = runtime(root);
        let start = premiere_start(root);
        let seconds = seconds(&Value::String(runtime.clone())) as i64;
        let end = start + chrono::Duration::seconds(seconds);
        for path in ["release/index.html", "press/index.html", "index.html"] {
            let items = structured_data(&site, path);
            let video = items
                .iter()
                .find(|i| has_type(i, "VideoObject"))
                .unwrap_or_else(|| panic!("{what}: no VideoObject in {path}"));
            assert!(has_type(video, "MusicVideoObject"), "{what}: {path}");
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
                assert!(
                    !video[field].is_null(),
                    "{what}: {path}: the video has no {field}"
                );
            }
            assert_eq!(video["duration"], iso_duration(&runtime), "{what}: {path}");
            assert_eq!(
                video["uploadDate"], config["release_date"],
                "{what}: {path}"
            );
            assert_eq!(
                video["embedUrl"],
                format!("https://www.youtube-nocookie.com/embed/{youtube}"),
                "{what}: {path}"
            );
            assert!(
                video["thumbnailUrl"][0]
                    .as_str()
                    .unwrap()
                    .starts_with(&base_url),
                "{what}: {path}: {}",
                video["thumbnailUrl"]
            );
            assert_eq!(video["director"]["name"], config["director"], "{what}");
            let actors: Vec<(&str, &str)> = video["actor"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["actor"]["name"].as_str().unwrap(),
                        a["characterName"].as_str().unwrap_or(""),
                    )
                })
                .collect();
            let expected: Vec<(&str, &str)> = cast
                .iter()
                .map(|c| (c["name"].as_str().unwrap(), c["role"].as_str().unwrap()))
                .collect();
            assert_eq!(actors, expected, "{what}: {path}");
            // A part played is a PerformanceRole with the character's name; the person is a Person.
            for role in video["actor"].as_array().unwrap() {
                assert_eq!(role["@type"], "PerformanceRole", "{what}: {role}");
                assert_eq!(role["actor"]["@type"], "Person", "{what}: {role}");
                assert!(role["characterName"].is_string(), "{what}: {role}");
                assert!(
                    role["actor"].get("characterName").is_none(),
                    "{what}: {role}"
                );
            }
            // Everyone else in the credits contributed, in the role the credits give.
            let contributors = video["contributor"].as_array().unwrap();
            for credit in credits.iter().filter(|c| c["cast"] != true) {
                assert!(
                    contributors
                        .iter()
                        .any(|c| c["name"] == credit["name"] && c["jobTitle"] == credit["role"]),
                    "{what}: {path}: {credit} is not a contributor"
                );
            }
            assert_eq!(
                video["productionCompany"]["name"], config["production_company"],
                "{what}: {path}"
            );

            let song = items
                .iter()
                .find(|i| has_type(i, "MusicRecording"))
                .expect("a MusicRecording");
            assert_eq!(song["name"], config["song"]["title"], "{what}: {path}");
            assert_eq!(song["byArtist"]["name"], config["artist"], "{what}: {path}");
            assert_eq!(
                song["duration"],
                iso_duration(config["song"]["duration"].as_str().unwrap()),
                "{what}: {path}"
            );

            let premiere = items
                .iter()
                .find(|i| has_type(i, "BroadcastEvent"))
                .expect("a BroadcastEvent");
            assert_eq!(
                premiere["startDate"],
                start.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "{what}: {path}"
            );
            // It ends when the video has played.
            assert_eq!(
                premiere["endDate"],
                end.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "{what}: {path}"
            );
            assert_eq!(
                premiere["publishedOn"]["name"], promo["premiere"]["platform"],
                "{what}: {path}"
            );
        }
        // A journal note is a posting.
        let slug = first_public_note(root);
        let note = structured_data(&site, &format!("journal/{slug}/index.html"));
        assert!(has_type(&note[0], "BlogPosting"), "{what}: {slug}");
    }
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
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let dist = build(root);
        let site = dist.join("public");
        let config = yaml(&root.join("clapboard.yaml"));
        let base_url = base_url(root, "public");
        let release = meta_tags(&site, "release/index.html");
        assert_eq!(release["og:type"], "video.other", "{what}");
        assert_eq!(release["og:url"], format!("{base_url}release/"), "{what}");
        assert!(release["og:title"].contains("Release"), "{what}");
        let poster = Path::new(config["video"]["poster"].as_str().unwrap());
        let stem = poster.file_stem().unwrap().to_str().unwrap();
        assert!(
            release["og:image"].starts_with(&format!("{base_url}assets/{stem}.")),
            "{what}: {}",
            release["og:image"]
        );
        assert_eq!(
            release["og:video"],
            format!(
                "https://www.youtube-nocookie.com/embed/{}",
                config["video"]["youtube"].as_str().unwrap()
            ),
            "{what}"
        );
        assert_eq!(release["twitter:card"], "summary_large_image", "{what}");
        assert_eq!(release["twitter:image"], release["og:image"], "{what}");
        // The image it names is in the site, at the size it says, no wider than the poster
        // and of its shape.
        let image_path = release["og:image"].strip_prefix(&base_url).unwrap();
        let image = image::open(site.join(image_path)).unwrap();
        assert_eq!(
            (image.width().to_string(), image.height().to_string()),
            (
                release["og:image:width"].clone(),
                release["og:image:height"].clone()
            ),
            "{what}"
        );
        let (width, height) = image::image_dimensions(root.join(poster)).unwrap();
        assert!(image.width() <= width && image.width() >= 1200, "{what}");
        assert_eq!(
            u64::from(image.height()),
            (u64::from(image.width()) * u64::from(height) + u64::from(width) / 2)
                / u64::from(width),
            "{what}"
        );

        let slug = first_public_note(root);
        let note = meta_tags(&site, &format!("journal/{slug}/index.html"));
        assert_eq!(note["og:type"], "article", "{what}: {slug}");

        // Every public page has them; no other site does.
        for (path, _) in snapshot(&site) {
            if path.extension().is_some_and(|e| e == "html") && !path.ends_with("404.html") {
                let tags = meta_tags(&site, path.to_str().unwrap());
                for key in ["og:title", "og:type", "og:url", "og:image", "twitter:card"] {
                    assert!(
                        tags.contains_key(key),
                        "{what}: {} has no {key}",
                        path.display()
                    );
                }
            }
        }
        for audience in ["client", "crew"] {
            let tags = meta_tags(&dist.join(audience), "index.html");
            assert!(
                !tags.keys().any(|k| k.starts_with("og:")),
                "{what}: {audience}"
            );
            assert!(
                !read(&dist.join(audience), "index.html").contains("application/ld+json"),
                "{what}: {audience}"
            );
        }
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

/// The host of `url`: `https://sodium-hours.example.com/` -> `sodium-hours.example.com`.
fn host(url: &str) -> &str {
    url.split("://").nth(1).unwrap().split('/').next().unwrap()
}

#[test]
fn the_crew_gets_a_calendar_per_shoot_day_and_one_for_the_shoot() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let dist = build(root);
        let crew = dist.join("crew");
        let config = yaml(&root.join("clapboard.yaml"));
        let timezone = config["timezone"].as_str().unwrap();
        let days = common::documents::shown_items(root, "schedule", "days", "crew", &["crew"]);
        let first = &days[0];
        let number = first["day"].as_u64().unwrap();
        let file = format!("schedule/day-{number}.ics");
        let day = calendar(&read(&crew, &file));
        let zone = day
            .iter()
            .find(|(name, _)| name == "VTIMEZONE")
            .expect("the time zone");
        assert_eq!(zone.1["TZID"], timezone, "{what}");
        let events: Vec<_> = day.iter().filter(|(name, _)| name == "VEVENT").collect();
        assert_eq!(events.len(), 1, "{what}");
        let event = &events[0].1;
        let date = first["date"].as_str().unwrap().replace('-', "");
        let call = first["general_call"].as_str().unwrap().replace(':', "");
        assert_eq!(
            event[&format!("DTSTART;TZID={timezone}")],
            format!("{date}T{call}00"),
            "{what}"
        );
        assert!(
            event["SUMMARY"].contains(&format!("shoot day {number} of {}", days.len())),
            "{what}: {}",
            event["SUMMARY"]
        );
        // Identifiers are the production's, whichever host the crew's site is on.
        let production_host = host(config["base_url"].as_str().unwrap());
        assert!(
            event["UID"].ends_with(&format!("@{production_host}")),
            "{what}: {}",
            event["UID"]
        );
        assert!(event.contains_key("DTSTAMP"), "{what}");
        let crew_url = base_url(root, "crew");
        assert!(
            event["DESCRIPTION"].contains(&format!("{crew_url}schedule/day-{number}/")),
            "{what}: {}",
            event["DESCRIPTION"]
        );

        let shoot = calendar(&read(&crew, "schedule/shoot.ics"));
        let uids: Vec<&String> = shoot
            .iter()
            .filter(|(name, _)| name == "VEVENT")
            .map(|(_, p)| &p["UID"])
            .collect();
        assert_eq!(uids.len(), days.len(), "{what}");
        assert!(
            uids.contains(&&event["UID"]),
            "{what}: the same event, the same UID"
        );

        // Stable: a second build gives the same identifiers.
        let again = calendar(&read(&build(root).join("crew"), &file));
        let again_event = &again.iter().find(|(n, _)| n == "VEVENT").unwrap().1;
        assert_eq!(again_event["UID"], event["UID"], "{what}");

        // The pages link them, where the crew's site is published.
        let base = base_path(root, "crew");
        let page = html(&crew, "schedule/index.html");
        assert!(
            !select(&page, &format!("a[href='{base}/schedule/shoot.ics']")).is_empty(),
            "{what}"
        );
        assert!(
            !select(&page, &format!("a[href='{base}/{file}']")).is_empty(),
            "{what}"
        );
        let sheet = html(&crew, &format!("schedule/day-{number}/index.html"));
        assert!(
            !select(&sheet, &format!("a[href='{base}/{file}']")).is_empty(),
            "{what}"
        );
        // The public has no shoot calendar.
        assert!(!dist.join("public/schedule").exists(), "{what}");
    }
}

/// `text` as an iCalendar TEXT value writes it: `\\`, `\;` and `\,` escaped.
fn ical_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

#[test]
fn the_public_gets_the_premiere_and_the_release_day() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let site = build(root).join("public");
        let config = yaml(&root.join("clapboard.yaml"));
        let promo = yaml(&root.join("release/promo.yaml"));
        let timezone = config["timezone"].as_str().unwrap();
        let text = read(&site, "release/premiere.ics");
        let components = calendar(&text);
        let events: Vec<&BTreeMap<String, String>> = components
            .iter()
            .filter(|(name, _)| name == "VEVENT")
            .map(|(_, p)| p)
            .collect();
        assert_eq!(events.len(), 2, "{what}");
        assert_eq!(
            events[0][&format!("DTSTART;TZID={timezone}")],
            premiere_start(root).format("%Y%m%dT%H%M%S").to_string(),
            "{what}"
        );
        assert!(events[0]["SUMMARY"].starts_with("Premiere"), "{what}");
        // The event's words, commas escaped in the file.
        let event = promo["premiere"]["event"].as_str().unwrap();
        assert!(
            events[0]["DESCRIPTION"].contains(event),
            "{what}: {}",
            events[0]["DESCRIPTION"]
        );
        assert!(
            icalendar::parser::unfold(&text).contains(&ical_escaped(event)),
            "{what}: {text}"
        );
        assert_eq!(
            events[1]["DTSTART;VALUE=DATE"],
            config["release_date"].as_str().unwrap().replace('-', ""),
            "{what}"
        );
        let base = base_path(root, "public");
        let page = html(&site, "release/index.html");
        assert!(
            !select(&page, &format!("a[href='{base}/release/premiere.ics']")).is_empty(),
            "{what}"
        );
    }
}

#[test]
fn the_feed_is_valid_with_absolute_addresses() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let site = build(root).join("public");
        let base_url = base_url(root, "public");
        let text = read(&site, "journal/atom.xml");
        let feed = feed_rs::parser::parse(text.as_bytes()).expect("a valid feed");
        assert!(feed.id.starts_with(&base_url), "{what}: {}", feed.id);
        assert!(
            feed.links
                .iter()
                .any(|l| l.rel.as_deref() == Some("self") && l.href.starts_with(&base_url)),
            "{what}"
        );
        assert!(!feed.entries.is_empty(), "{what}");
        for entry in &feed.entries {
            assert!(
                entry.id.starts_with(&format!("{base_url}journal/")),
                "{what}: {}",
                entry.id
            );
            assert!(entry.updated.is_some(), "{what}");
            let content = entry.content.as_ref().unwrap().body.as_ref().unwrap();
            assert!(
                !content.contains("href=\"/") && !content.contains("src=\"/"),
                "{what}: relative address in {}",
                entry.id
            );
        }
        // The notes link to each other: those links are absolute too.
        let published = common::documents::published_notes(root, "public");
        let slugs: Vec<String> = published
            .iter()
            .map(|(path, front)| common::documents::note_slug(path, front))
            .collect();
        let mut links = 0;
        for (path, _) in &published {
            let body = fs::read_to_string(path).unwrap();
            for (at, _) in body.match_indices("](journal:") {
                let slug: String = body[at + "](journal:".len()..]
                    .chars()
                    .take_while(|c| *c != ')')
                    .collect();
                if slugs.contains(&slug) {
                    let href = format!(
                        "href=&quot;{base_url}{}",
                        clapboard::urls::encode_path(&format!("journal/{slug}/"))
                    );
                    assert!(text.contains(&href), "{what}: no {href} in the feed");
                    links += 1;
                }
            }
        }
        assert!(links > 0, "{what}: no note links another");
    }
}

#[test]
fn the_sitemap_lists_every_public_page() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let site = build(root).join("public");
        let base_url = base_url(root, "public");
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
                let url = clapboard::urls::encode_path(path.trim_end_matches("index.html"));
                pages.insert(format!("{base_url}{url}"));
            }
        }
        assert!(pages.len() > 10, "{what}: {pages:?}");
        assert_eq!(listed, pages, "{what}");
    }
}

#[test]
fn an_embargoed_press_release_stays_out_of_the_public_site_until_it_lifts() {
    for production in productions() {
        let what = production.display();
        let project = unlocked_copy(&production);
        let root = project.path();
        let (release, _) = press_release(root, NOW);
        let embargo = release["embargo"].as_str().expect("an embargo");
        let lifts = chrono::NaiveDateTime::parse_from_str(embargo, "%Y-%m-%d %H:%M").unwrap();
        let clock = |at: chrono::NaiveDateTime| at.format("%Y-%m-%dT%H:%M").to_string();
        let headline = release["headline"].as_str().unwrap();
        let folder = kit_folder(root);

        let before = build_at(root, &clock(lifts - chrono::Duration::minutes(1)));
        let public = before.join("public");
        assert!(!public.join("press/release").exists(), "{what}");
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
        for trace in [headline, "/press/release/", "press-release.md"] {
            assert!(
                !everything.contains(trace),
                "{what}: `{trace}` is public before the embargo"
            );
        }
        // The client sees it, marked as embargoed.
        let client = html(&before.join("client"), "press/release/index.html");
        let line = text_of(&client, ".embargo");
        assert!(
            line.contains(&format!("Embargoed until {embargo}")),
            "{what}: {line}"
        );

        let after = build_at(root, &clock(lifts));
        let public = after.join("public");
        assert!(
            public.join("press/release/index.html").is_file(),
            "{what}: the press release is not public once its embargo lifts"
        );
        let page = html(&public, "press/release/index.html");
        assert!(text_of(&page, "h1").contains(headline), "{what}");
        assert!(
            text_of(&page, ".embargo").contains("Embargo lifted"),
            "{what}"
        );
        assert!(
            read(&public, "sitemap.xml")
                .contains(&format!("{}press/release/", base_url(root, "public"))),
            "{what}"
        );
        let members = unzip(&fs::read(public.join("press/press-kit.zip")).unwrap());
        assert!(
            members.contains_key(&format!("{folder}/press-release.md")),
            "{what}"
        );
    }
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
