//! No public page asks anything of another site before the visitor acts: every page of every
//! production's public site is loaded in headless Chromium with its requests recorded. The
//! video facade loads the player only once it is pressed.

mod common;

use common::browser::Browser;
use common::*;

#[test]
fn public_pages_make_no_third_party_request_until_the_visitor_plays_the_video() {
    let Some(browser) = Browser::start() else {
        return;
    };
    for production in productions() {
        let copy = unlocked_copy(&production);
        let site = build(copy.path()).join("public");
        let base = server::serve_at(&site, &base_path(copy.path(), "public"));
        let origin = base.split('/').take(3).collect::<Vec<_>>().join("/");
        let pages = pages(&site);
        assert!(pages.len() > 15, "{pages:?}");
        let _ = browser.requests();
        for page in &pages {
            browser.goto(&format!("{base}{}", clapboard::urls::encode_path(page)));
            assert!(
                browser.wait_until("return document.readyState === 'complete'", 10),
                "{page} did not load"
            );
            // Scrolled to the end, so that lazy images load too.
            browser.execute("window.scrollTo(0, document.body.scrollHeight); return true;");
            std::thread::sleep(std::time::Duration::from_millis(200));
            let requests = browser.requests();
            assert!(
                requests.iter().any(|r| r.starts_with(&origin)),
                "no request recorded for {page}"
            );
            for request in requests {
                assert!(
                    request.starts_with(&origin) || request.starts_with("data:"),
                    "{}{page} asked {request} before the visitor did anything",
                    production.display()
                );
            }
        }

        // Pressing play swaps the poster for the privacy-enhanced player.
        let what = production.display();
        let config = yaml(&copy.path().join("clapboard.yaml"));
        let youtube = config["video"]["youtube"]
            .as_str()
            .expect("a YouTube video");
        browser.goto(&format!("{base}/release/"));
        let facade = browser
            .wait_for("a.video-facade", 10)
            .unwrap_or_else(|| panic!("{what}: the facade"));
        let _ = browser.requests();
        browser.click(&facade);
        let frame = format!("iframe[src^='https://www.youtube-nocookie.com/embed/{youtube}']");
        assert!(browser.wait_for(&frame, 10).is_some(), "{what}: the player");
        assert!(
            browser.wait_until(
                "return document.querySelector('.video-frame iframe') === document.activeElement",
                5
            ),
            "{what}: focus moves to the player"
        );
        let after: Vec<String> = browser.requests();
        assert!(
            after
                .iter()
                .any(|r| r.starts_with("https://www.youtube-nocookie.com/")),
            "{what}: {after:?}"
        );
        assert!(
            !after.iter().any(|r| r.contains("www.youtube.com")),
            "{what}: {after:?}"
        );
    }
}

#[test]
fn without_javascript_the_video_is_a_link() {
    for production in productions() {
        let what = production.display();
        let copy = unlocked_copy(&production);
        let site = build(copy.path()).join("public");
        let config = yaml(&copy.path().join("clapboard.yaml"));
        let youtube = config["video"]["youtube"]
            .as_str()
            .expect("a YouTube video");
        let page = html(&site, "release/index.html");
        let facade = select(&page, "a.video-facade");
        assert_eq!(facade.len(), 1, "{what}");
        assert_eq!(
            facade[0].value().attr("href"),
            Some(format!("https://www.youtube.com/watch?v={youtube}").as_str()),
            "{what}"
        );
        // No frame is in the page as served.
        assert!(select(&page, "iframe").is_empty(), "{what}");
    }
}
