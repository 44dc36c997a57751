//! `budget.yaml`: lines only; every total is computed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::currency::Currency;
use super::values::{Located, Money};

/// The budget: `budget.yaml`. Totals and variance are computed, never typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    /// The ISO 4217 code, such as `GBP`, `EUR` or `JPY`.
    #[serde(default)]
    pub currency: Option<Located<String>>,
    /// Contingency as a percentage of the lines' estimate.
    #[serde(default)]
    pub contingency_percent: Option<f64>,
    /// Fees charged on the lines' total, such as the production fee.
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// The budget lines.
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
}

/// A line of the budget.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    /// The account code the line is booked to, such as `2100`.
    pub account: String,
    /// The department the line belongs to: "Camera", "Locations".
    pub department: String,
    /// What the money is for: "Camera package, 2 days".
    pub item: String,
    /// What the line is budgeted at, such as `2400` or `2400.50`.
    pub estimate: Located<Money>,
    /// What was actually spent, once known.
    #[serde(default)]
    pub actual: Option<Located<Money>>,
    /// Anything else about the line.
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
    /// The fee's name: "Production fee".
    pub name: String,
    /// The fee as a percentage of the lines' estimate, such as `10`.
    pub percent: f64,
}
