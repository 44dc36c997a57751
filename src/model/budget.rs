//! `budget.yaml`: lines only; every total is computed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::values::{Located, Money};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    #[serde(default)]
    pub currency: Option<String>,
    /// Contingency as a percentage of the lines' estimate.
    #[serde(default)]
    pub contingency_percent: Option<f64>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub account: String,
    pub department: String,
    pub item: String,
    pub estimate: Money,
    #[serde(default)]
    pub actual: Option<Located<Money>>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A fee charged on the lines, such as the production company's mark-up.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub name: String,
    pub percent: f64,
}
