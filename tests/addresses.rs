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
