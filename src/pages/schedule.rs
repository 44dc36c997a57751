//! The shoot schedule and one call sheet per shoot day, from their sheets.

use super::{Env, Page};
use crate::sheets::{CallSheet, Schedule};

pub fn schedule(env: &Env) -> Page<'static> {
    let sheet = Schedule::new(env.view, &env.urls, |path| env.download(path));
    Page::new("/schedule/", "Shoot schedule", &sheet)
}

pub fn call_sheet_pages(env: &Env) -> Vec<Page<'static>> {
    CallSheet::all(env.view, &env.urls)
        .into_iter()
        .map(|sheet| {
            let title = format!("Call sheet, day {} of {}", sheet.position, sheet.total);
            let page = crate::sheets::CallSheetPage {
                calendar: env.download(&crate::downloads::day_calendar(sheet.number)),
                sheet,
            };
            Page::new(crate::urls::day_path(page.sheet.number), title, &page)
        })
        .collect()
}
