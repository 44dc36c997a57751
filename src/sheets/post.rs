//! The post-production report: cuts with their review notes, VFX, deliverables and the edit,
//! colour and sound notes.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::Markdown;
use crate::model::post::WorkStatus;
use crate::urls::Urls;
use crate::view::View;

/// `post.html`'s data.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PostReport<'a> {
    /// In date order.
    pub cuts: Vec<CutRow<'a>>,
    pub vfx: Vec<VfxRow<'a>>,
    /// [`crate::model::Production::vfx_done`].
    pub vfx_done: usize,
    pub deliverables: Vec<DeliverableRow<'a>>,
    /// Edit, colour and sound first, then any others by name.
    pub notes: Vec<PostNoteRow<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CutRow<'a> {
    pub version: &'a str,
    pub date: String,
    pub duration: Option<String>,
    pub link: &'a Option<String>,
    pub status: &'static str,
    pub status_class: String,
    pub notes: &'a Option<String>,
    /// How many of its review notes are not resolved.
    pub open: usize,
    /// By timecode.
    pub reviews: Vec<ReviewRow<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReviewRow<'a> {
    pub timecode: String,
    pub author: &'a str,
    pub note: &'a str,
    pub resolved: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct VfxRow<'a> {
    pub shot: &'a str,
    pub shot_url: String,
    pub task: &'a str,
    pub vendor: &'a Option<String>,
    pub status: &'static str,
    pub done: bool,
    pub due: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DeliverableRow<'a> {
    pub name: &'a str,
    pub cut: Option<&'a str>,
    pub format: &'a Option<String>,
    pub resolution: &'a Option<String>,
    pub due: Option<String>,
    pub status: &'static str,
    pub done: bool,
    pub notes: &'a Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PostNoteRow<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub html: String,
}

/// Edit, colour and sound notes come first, in that order, then any others by name.
fn note_order(slug: &str) -> (usize, &str) {
    let rank = ["edit", "colour", "color", "sound"]
        .iter()
        .position(|s| *s == slug)
        .unwrap_or(usize::MAX);
    (rank, slug)
}

impl<'a> PostReport<'a> {
    /// `markdown` renders the notes' bodies, in order, as HTML.
    pub fn new(
        view: &'a View,
        urls: &Urls,
        markdown: impl FnOnce(Vec<&'a Markdown>) -> Vec<String>,
    ) -> PostReport<'a> {
        let p = &view.production;
        let mut cuts: Vec<_> = p.cuts.iter().collect();
        cuts.sort_by_key(|c| c.date);
        let cuts = cuts
            .into_iter()
            .map(|cut| {
                let mut notes: Vec<_> = p
                    .reviews
                    .iter()
                    .filter(|r| r.version.value == cut.version.value)
                    .collect();
                let rate = p.frame_rate(&cut.version.value);
                notes.sort_by_key(|r| r.timecode.value.millis(rate));
                CutRow {
                    version: &cut.version.value,
                    date: cut.date.short(),
                    duration: cut.duration.map(|d| d.to_string()),
                    link: &cut.link,
                    status: cut.status.name(),
                    status_class: cut.status.name().replace(' ', "-"),
                    notes: &cut.notes,
                    open: notes.iter().filter(|n| !n.resolved).count(),
                    reviews: notes
                        .into_iter()
                        .map(|n| ReviewRow {
                            timecode: n.timecode.value.to_string(),
                            author: &n.author,
                            note: &n.note,
                            resolved: n.resolved,
                        })
                        .collect(),
                }
            })
            .collect();
        let vfx = p
            .vfx
            .iter()
            .map(|v| VfxRow {
                shot: &v.shot.value,
                shot_url: urls.shot(&v.shot),
                task: &v.task,
                vendor: &v.vendor,
                status: v.status.name(),
                done: v.status == WorkStatus::Done,
                due: v.due.map(|d| d.short()),
            })
            .collect();
        let deliverables = p
            .deliverables
            .iter()
            .map(|d| DeliverableRow {
                name: &d.name,
                cut: d.cut.as_ref().map(|c| c.value.as_str()),
                format: &d.format,
                resolution: &d.resolution,
                due: d.due.map(|d| d.short()),
                status: d.status.name(),
                done: d.status == WorkStatus::Done,
                notes: &d.notes,
            })
            .collect();
        let mut notes: Vec<_> = p.post_notes.iter().collect();
        notes.sort_by(|a, b| note_order(&a.slug).cmp(&note_order(&b.slug)));
        let bodies = markdown(notes.iter().map(|n| &n.body).collect());
        let notes = notes
            .into_iter()
            .zip(bodies)
            .map(|(n, html)| PostNoteRow {
                slug: &n.slug,
                title: &n.title,
                html,
            })
            .collect();
        PostReport {
            cuts,
            vfx,
            vfx_done: p.vfx_done(),
            deliverables,
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_are_in_date_order_with_their_open_notes() {
        let view = super::super::tests::view_with(&[
            (
                "post/cuts.yaml",
                "cuts:\n  - {version: v2, date: 2026-10-09, status: approved, duration: \"0:31\"}\n  - {version: v1, date: 2026-10-02, status: pending review}\n",
            ),
            (
                "post/reviews.yaml",
                "reviews:\n  - {version: v1, timecode: \"0:12\", author: Ada, note: later}\n  - {version: v1, timecode: \"0:03\", author: Ada, note: sooner, resolved: true}\n",
            ),
            (
                "post/vfx.yaml",
                "vfx:\n  - {shot: 1A, task: sky, status: done}\n  - {shot: 1B, task: rig, status: in progress}\n",
            ),
        ]);
        let urls = Urls::new("https://t.example.com/");
        let report = PostReport::new(&view, &urls, |bodies| vec![String::new(); bodies.len()]);
        assert_eq!(report.cuts[0].version, "v1");
        assert_eq!(report.cuts[0].open, 1);
        assert_eq!(report.cuts[0].reviews[0].note, "sooner");
        assert_eq!(report.cuts[1].duration.as_deref(), Some("0:31"));
        assert_eq!(report.vfx_done, 1);
        assert!(report.vfx[0].done);
        assert_eq!(note_order("sound").0, 3);
    }
}
