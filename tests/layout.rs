//! Layout in headless Chromium: on every page of every site of every production, at 1280 and
//! 390 CSS pixels wide, no image or video is drawn over text, and nothing makes the page wider
//! than the window. axe cannot see either (it calls overlaps "incomplete").

mod common;

use common::browser::Browser;
use common::*;

/// Run in the page: every overlap of a visible image (or video poster) with a visible text
/// element that is not its own caption or control, and the page's width past the window.
const MEASURE: &str = r#"
const visible = e => {
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
};
const media = [...document.querySelectorAll('img, video, svg.art')].filter(visible);
const texts = [...document.querySelectorAll('p, h1, h2, h3, h4, li, dt, dd, td, th, figcaption, blockquote, pre')]
  .filter(visible)
  .filter(t => [...t.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
const found = [];
for (const m of media) {
  // A poster's own play button is drawn on it on purpose.
  if (m.closest('.video-facade')) continue;
  const a = m.getBoundingClientRect();
  for (const t of texts) {
    if (t.contains(m) || m.contains(t)) continue;
    const b = t.getBoundingClientRect();
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 2 && h > 2) {
      found.push('image ' + (m.currentSrc || m.src || m.tagName).split('/').pop() + ' over "' +
        t.textContent.trim().slice(0, 40) + '" (' + Math.round(w) + 'x' + Math.round(h) + ')');
    }
  }
}
const overflow = document.documentElement.scrollWidth - window.innerWidth;
if (overflow > 1) found.push('the page is ' + overflow + ' px wider than the window');
return found;
"#;

#[test]
fn no_image_covers_text_and_no_page_is_wider_than_the_window() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let mut problems = Vec::new();
    let mut looked = 0;
    for production in productions() {
        let copy = unlocked_copy(&production);
        let dist = build(copy.path());
        for audience in ["public", "client", "crew"] {
            let site = dist.join(audience);
            let base = common::server::serve_at(&site, &base_path(copy.path(), audience));
            for width in [1280, 390] {
                browser.viewport(width, 900);
                for page in pages(&site) {
                    if page.ends_with("404.html") {
                        continue;
                    }
                    browser.goto(&format!("{base}{}", clapboard::urls::encode_path(&page)));
                    // Every image loaded, so each has its real size.
                    browser.execute("for (const i of document.images) i.loading = 'eager'");
                    browser.wait_until("return [...document.images].every(i => i.complete)", 20);
                    let found = browser.execute(MEASURE);
                    for problem in found.as_array().unwrap() {
                        problems.push(format!(
                            "{} {audience}{page} at {width} px: {}",
                            production.file_name().unwrap().to_string_lossy(),
                            problem.as_str().unwrap()
                        ));
                    }
                    looked += 1;
                }
            }
        }
    }
    assert!(looked > 50, "only {looked} pages looked at");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
