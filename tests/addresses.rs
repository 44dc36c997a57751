//! Addresses read away from the site (the sitemap, the feed, structured data) are URIs:
//! a note or tag named in any script is percent-encoded there, and reachable at that address.

mod common;

use common::*;

/// A note and a tag in Japanese, added to `project`.
fn japanese_note(project: &std::path::Path) {
    std::fs::write(
        project.join("journal/夜明け.md"),
        "---\ntitle: 夜明けの撮影\ndate: 2026-10-01\nstage: production\ntags: [ロケハン]\nsummary: 始発の前に。\n---\n\n隅田川の夜明け。\n",
    )
    .unwrap();
}

const NOTE: &str = "/journal/%E5%A4%9C%E6%98%8E%E3%81%91/";

#[test]
fn the_sitemap_feed_and_structured_data_give_uris() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        japanese_note(copy.path());
        let public = build(copy.path()).join("public");
        // The note is published at its own name, as a file system path.
        assert!(public.join("journal/夜明け/index.html").is_file());

        let sitemap = read(&public, "sitemap.xml");
        let locs: Vec<&str> = sitemap
            .split("<loc>")
            .skip(1)
            .map(|rest| rest.split("</loc>").next().unwrap())
            .collect();
        assert!(!locs.is_empty());
        for loc in &locs {
            assert!(loc.is_ascii() && !loc.contains(' '), "not a URI: {loc}");
        }
        assert!(
            locs.iter().any(|loc| loc.ends_with(NOTE)),
            "{}: {locs:?}",
            production.display()
        );
        assert!(
            locs.iter()
                .any(|loc| loc.contains("/tags/%E3%83%AD%E3%82%B1%E3%83%8F%E3%83%B3/")),
            "{locs:?}"
        );

        let feed = feed_rs::parser::parse(read(&public, "journal/atom.xml").as_bytes()).unwrap();
        let entry = feed
            .entries
            .iter()
            .find(|e| {
                e.title
                    .as_ref()
                    .is_some_and(|t| t.content == "夜明けの撮影")
            })
            .expect("the note in the feed");
        assert!(entry.id.ends_with(NOTE), "{}", entry.id);
        for link in &entry.links {
            assert!(link.href.is_ascii(), "{}", link.href);
        }

        let page = read(&public, "journal/夜明け/index.html");
        let jsonld = page
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the note's structured data");
        let data: serde_json::Value = serde_json::from_str(jsonld).unwrap();
        let url = data["url"]
            .as_str()
            .or_else(|| data["@graph"][0]["url"].as_str())
            .unwrap_or_else(|| panic!("{data}"));
        assert!(url.ends_with(NOTE), "{url}");
        // The canonical link names the same URI.
        assert!(
            page.contains(&format!("{NOTE}\">")) || page.contains(&format!("{NOTE}\" />")),
            "canonical"
        );
    }
}

/// Where each audience's site lives: its own `base_url`, or the production's.
fn base_urls(project: &std::path::Path) -> Vec<(String, String)> {
    let config = yaml(&project.join("clapboard.yaml"));
    let shared = config["base_url"].as_str().unwrap_or("/").to_string();
    config["audiences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let own = a["base_url"].as_str().unwrap_or(&shared);
            (a["name"].as_str().unwrap().to_string(), own.to_string())
        })
        .collect()
}

/// A client or crew site on a host of its own (`audiences: - {name: crew, base_url: …}`)
/// names that host in every absolute address: the crew calendar's "Call sheet" link, the
/// sitemap and link previews never send a reader to the public host, where those pages do not
/// exist.
#[test]
fn each_audience_names_its_own_base_url() {
    for production in productions() {
        let copy = unlocked_copy(&production);
        let config = copy.path().join("clapboard.yaml");
        let own = yaml(&config)["audiences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "crew" && a["base_url"].is_string());
        if !own {
            // A production whose crew shares the public host gets a crew host of its own.
            let text = std::fs::read_to_string(&config).unwrap();
            let at = text.find("- name: crew\n").expect("a crew audience");
            let indent = text[..at].len() - text[..at].trim_end_matches(' ').len();
            let line = format!(
                "{}base_url: https://crew.elsewhere.example/call/\n",
                " ".repeat(indent + 2)
            );
            let after = at + "- name: crew\n".len();
            std::fs::write(
                &config,
                format!("{}{line}{}", &text[..after], &text[after..]),
            )
            .unwrap();
        }
        let sites = base_urls(copy.path());
        assert!(
            sites.iter().any(|(name, url)| name == "crew"
                && url.contains("://")
                && !url.starts_with(yaml(&config)["base_url"].as_str().unwrap())),
            "{}: {sites:?}",
            production.display()
        );
        let dist = build(copy.path());
        for (audience, own) in &sites {
            let found = addresses_in(&dist.join(audience));
            let mine = found
                .iter()
                .filter(|(_, url)| url.starts_with(own.as_str()))
                .count();
            assert!(mine > 0, "{audience}: no address starts with {own}");
            for (file, url) in &found {
                let elsewhere = sites
                    .iter()
                    .find(|(_, other)| other != own && url.starts_with(other.as_str()));
                assert!(
                    elsewhere.is_none() || url.starts_with(own.as_str()),
                    "{}: the {audience} site's {file} points at the {} site: {url}",
                    production.display(),
                    elsewhere.unwrap().0
                );
            }
        }
        // The crew's calendars link the call sheet where the crew's site lives.
        let crew = &sites.iter().find(|(name, _)| name == "crew").unwrap().1;
        let calendars: Vec<_> = addresses_in(&dist.join("crew"))
            .into_iter()
            .filter(|(file, url)| file.ends_with(".ics") && url.starts_with(crew.as_str()))
            .collect();
        assert!(
            !calendars.is_empty(),
            "{}: no calendar links the crew site",
            production.display()
        );
    }
}
