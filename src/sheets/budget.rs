//! The budget top sheet: department totals, contingency, fees and grand total, computed from
//! the lines and nothing else.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Budget, Money};

#[derive(Debug, Serialize, JsonSchema)]
pub struct TopSheet {
    pub currency: String,
    pub departments: Vec<DepartmentTotal>,
    pub estimate: String,
    pub actual: String,
    pub variance: String,
    pub over: bool,
    pub contingency_percent: f64,
    pub contingency: String,
    pub fees: Vec<FeeTotal>,
    pub grand_total: String,
    pub grand_total_actual: String,
    pub grand_variance: String,
    pub grand_over: bool,
    /// Exact amounts in hundredths, for anyone reading the page's data.
    #[serde(skip)]
    pub grand_total_cents: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DepartmentTotal {
    pub name: String,
    pub lines: Vec<LineRow>,
    pub estimate: String,
    pub actual: String,
    pub variance: String,
    pub over: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LineRow {
    pub account: String,
    pub item: String,
    pub estimate: String,
    pub actual: String,
    pub variance: String,
    pub over: bool,
    pub notes: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FeeTotal {
    pub name: String,
    pub percent: f64,
    pub estimate: String,
    pub actual: String,
}

/// `£1,200.00`; currencies without a familiar sign keep their code: `CHF 1,200.00`.
pub fn format_money(currency: &str, amount: Money) -> String {
    let sign = match currency {
        "GBP" => "£",
        "USD" | "AUD" | "CAD" | "NZD" => "$",
        "EUR" => "€",
        "JPY" => "¥",
        _ => "",
    };
    let text = amount.to_string();
    let (minus, digits) = match text.strip_prefix('-') {
        Some(rest) => ("−", rest.to_string()),
        None => ("", text),
    };
    if sign.is_empty() {
        format!("{minus}{currency} {digits}").trim().to_string()
    } else {
        format!("{minus}{sign}{digits}")
    }
}

impl TopSheet {
    /// Lines are grouped by department in the order departments first appear.
    pub fn new(budget: &Budget) -> TopSheet {
        let currency = budget.currency.clone().unwrap_or_default();
        let money = |m: Money| format_money(&currency, m);
        let mut names: Vec<&str> = Vec::new();
        for line in &budget.lines {
            if !names.contains(&line.department.as_str()) {
                names.push(&line.department);
            }
        }
        let actual_of = |l: &crate::model::Sourced<crate::model::BudgetLine>| -> Money {
            l.actual.as_ref().map(|a| a.value).unwrap_or_default()
        };
        let departments = names
            .iter()
            .map(|name| {
                let lines: Vec<_> = budget
                    .lines
                    .iter()
                    .filter(|l| l.department == *name)
                    .collect();
                let estimate: Money = lines.iter().map(|l| l.estimate).sum();
                let actual: Money = lines.iter().map(|l| actual_of(l)).sum();
                DepartmentTotal {
                    name: name.to_string(),
                    lines: lines
                        .iter()
                        .map(|l| LineRow {
                            account: l.account.clone(),
                            item: l.item.clone(),
                            estimate: money(l.estimate),
                            actual: l
                                .actual
                                .as_ref()
                                .map(|a| money(a.value))
                                .unwrap_or_default(),
                            variance: l
                                .actual
                                .as_ref()
                                .map(|a| money(l.estimate - a.value))
                                .unwrap_or_default(),
                            over: l.actual.as_ref().is_some_and(|a| a.value > l.estimate),
                            notes: l.notes.clone(),
                        })
                        .collect(),
                    estimate: money(estimate),
                    actual: money(actual),
                    variance: money(estimate - actual),
                    over: actual > estimate,
                }
            })
            .collect();
        let estimate: Money = budget.lines.iter().map(|l| l.estimate).sum();
        let actual: Money = budget.lines.iter().map(actual_of).sum();
        let contingency_percent = budget.contingency_percent.unwrap_or(0.0);
        let contingency = estimate.percent(contingency_percent);
        let fees: Vec<(String, f64, Money, Money)> = budget
            .fees
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.percent,
                    estimate.percent(f.percent),
                    actual.percent(f.percent),
                )
            })
            .collect();
        let fees_estimate: Money = fees.iter().map(|f| f.2).sum();
        let fees_actual: Money = fees.iter().map(|f| f.3).sum();
        let grand_total = estimate + contingency + fees_estimate;
        let grand_actual = actual + fees_actual;
        TopSheet {
            currency: currency.clone(),
            departments,
            estimate: money(estimate),
            actual: money(actual),
            variance: money(estimate - actual),
            over: actual > estimate,
            contingency_percent,
            contingency: money(contingency),
            fees: fees
                .into_iter()
                .map(|(name, percent, e, a)| FeeTotal {
                    name,
                    percent,
                    estimate: money(e),
                    actual: money(a),
                })
                .collect(),
            grand_total: money(grand_total),
            grand_total_actual: money(grand_actual),
            grand_variance: money(grand_total - grand_actual),
            grand_over: grand_actual > grand_total,
            grand_total_cents: grand_total.cents(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BudgetLine, Fee, FileId, Sourced};

    fn line(department: &str, estimate: i64, actual: Option<i64>) -> Sourced<BudgetLine> {
        Sourced {
            file: FileId(0),
            inner: BudgetLine {
                account: "1000".into(),
                department: department.into(),
                item: "thing".into(),
                estimate: Money(estimate),
                actual: actual.map(|a| crate::model::Located::new(Money(a))),
                notes: None,
            },
        }
    }

    #[test]
    fn totals_come_from_the_lines() {
        let budget = Budget {
            currency: Some("GBP".into()),
            contingency_percent: Some(10.0),
            fees: vec![Fee {
                name: "Production fee".into(),
                percent: 8.0,
            }],
            lines: vec![
                line("Camera", 100_000, Some(90_000)),
                line("Art", 50_000, Some(60_000)),
                line("Camera", 25_000, None),
            ],
        };
        let sheet = TopSheet::new(&budget);
        assert_eq!(sheet.departments.len(), 2);
        assert_eq!(sheet.departments[0].estimate, "£1,250.00");
        assert!(sheet.departments[1].over);
        assert_eq!(sheet.estimate, "£1,750.00");
        assert_eq!(sheet.contingency, "£175.00");
        assert_eq!(sheet.fees[0].estimate, "£140.00");
        assert_eq!(sheet.grand_total_cents, 175_000 + 17_500 + 14_000);
        assert_eq!(sheet.grand_total, "£2,065.00");
        assert_eq!(format_money("GBP", Money(-150)), "−£1.50");
        assert_eq!(format_money("CHF", Money(150)), "CHF 1.50");
    }
}
