//! `budget.yaml`: lines only; every total is computed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::values::{Located, Money};

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    /// The ISO 4217 code, such as `GBP`, `EUR` or `JPY`.
    #[serde(default)]
    pub currency: Option<Located<String>>,
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
    pub estimate: Located<Money>,
    #[serde(default)]
    pub actual: Option<Located<Money>>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl BudgetLine {
    /// The estimate as the books keep it: in whole minor units of `currency`.
    pub fn estimate_in(&self, currency: &Currency) -> Money {
        currency.round(self.estimate.value)
    }

    /// The actual spend, where known, in whole minor units of `currency`.
    pub fn actual_in(&self, currency: &Currency) -> Option<Money> {
        self.actual.as_ref().map(|a| currency.round(a.value))
    }

    /// What the line has spent over its estimate, in whole minor units of `currency`.
    pub fn overspend(&self, currency: &Currency) -> Option<Money> {
        let over = self.actual_in(currency)? - self.estimate_in(currency);
        (over > Money(0)).then_some(over)
    }
}

/// A fee charged on the lines, such as the production company's mark-up.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub name: String,
    pub percent: f64,
}
