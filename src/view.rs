//! View: the production as one audience may see it, made once and used for every output.
//!
//! Every page, feed and file is rendered from a [`View`], never from the loaded production
//! directly, so what a view leaves out cannot reach a site.

use crate::index::Index;
use crate::model::Production;

pub struct View {
    /// The audience this view is for.
    pub audience: String,
    pub production: Production,
    pub index: Index,
}

impl View {
    /// The whole production, for one site that shows everything.
    pub fn everything(production: Production) -> View {
        let index = Index::new(&production);
        View {
            audience: "all".to_string(),
            production,
            index,
        }
    }
}
