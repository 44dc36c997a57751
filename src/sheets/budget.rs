//! The budget top sheet: department totals, contingency, fees and grand total, computed from
//! the lines and nothing else.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Budget, BudgetLine, Money};

#[derive(Debug, Serialize, JsonSchema)]
pub struct TopSheet {
    pub currency: String,
    pub departments: Vec<DepartmentTotal>,
    pub estimate: String,
    pub actual: String,
    pub variance: String,
    pub over: bool,
    /// Absent where the budget sets none, or the audience may not see it (it sees lines of a
    /// budget it is not shown): a page then says nothing of it rather than claim 0 %.
    pub contingency: Option<Contingency>,
    /// The fees the audience may see, each a share of the lines it sees.
    pub fees: Vec<FeeTotal>,
    /// The lines, contingency and fees shown; the total of lines where there are none.
    pub grand_total: String,
    pub grand_total_actual: String,
    pub grand_variance: String,
    pub grand_over: bool,
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

/// A share of the lines' estimate kept for the unforeseen.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Contingency {
    pub percent: f64,
    pub estimate: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FeeTotal {
    pub name: String,
    pub percent: f64,
    pub estimate: String,
    pub actual: String,
}

impl TopSheet {
    /// Lines are grouped by department in the order departments first appear. Every amount is
    /// taken in whole minor units of the currency before anything is added up, so each total
    /// is the sum of the figures shown above it.
    pub fn new(budget: &Budget) -> TopSheet {
        let currency = budget.currency();
        let money = |m: Money| currency.format(m);
        let mut names: Vec<&str> = Vec::new();
        for line in &budget.lines {
            if !names.contains(&line.department.as_str()) {
                names.push(&line.department);
            }
        }
        let estimate_of = |l: &BudgetLine| l.estimate_in(&currency);
        let actual_of = |l: &BudgetLine| l.actual_in(&currency).unwrap_or_default();
        let departments = names
            .iter()
            .map(|name| {
                let lines: Vec<&BudgetLine> = budget
                    .lines
                    .iter()
                    .filter(|l| l.department == *name)
                    .map(|l| &l.inner)
                    .collect();
                let estimate: Money = lines.iter().map(|l| estimate_of(l)).sum();
                let actual: Money = lines.iter().map(|l| actual_of(l)).sum();
                DepartmentTotal {
                    name: name.to_string(),
                    lines: lines
                        .iter()
                        .map(|l| {
                            let actual = l.actual_in(&currency);
                            LineRow {
                                account: l.account.clone(),
                                item: l.item.clone(),
                                estimate: money(estimate_of(l)),
                                actual: actual.map(money).unwrap_or_default(),
                                variance: actual
                                    .map(|a| money(estimate_of(l) - a))
                                    .unwrap_or_default(),
                                over: l.overspend(&currency).is_some(),
                                notes: l.notes.clone(),
                            }
                        })
                        .collect(),
                    estimate: money(estimate),
                    actual: money(actual),
                    variance: money(estimate - actual),
                    over: actual > estimate,
                }
            })
            .collect();
        let estimate: Money = budget.lines.iter().map(|l| estimate_of(l)).sum();
        let actual: Money = budget.lines.iter().map(|l| actual_of(l)).sum();
        let contingency = budget
            .contingency_percent
            .map(|percent| (percent, currency.percent(estimate, percent)));
        let fees: Vec<(String, f64, Money, Money)> = budget
            .fees
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.percent,
                    currency.percent(estimate, f.percent),
                    currency.percent(actual, f.percent),
                )
            })
            .collect();
        let fees_estimate: Money = fees.iter().map(|f| f.2).sum();
        let fees_actual: Money = fees.iter().map(|f| f.3).sum();
        let grand_total = estimate + contingency.map(|c| c.1).unwrap_or_default() + fees_estimate;
        let grand_actual = actual + fees_actual;
        TopSheet {
            currency: currency.code().to_string(),
            departments,
            estimate: money(estimate),
            actual: money(actual),
            variance: money(estimate - actual),
            over: actual > estimate,
            contingency: contingency.map(|(percent, amount)| Contingency {
                percent,
                estimate: money(amount),
            }),
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BudgetLine, Fee, FileId, Sourced};

    /// A line of `estimate` and `actual` pence.
    fn line(department: &str, estimate: i64, actual: Option<i64>) -> Sourced<BudgetLine> {
        Sourced {
            file: FileId(0),
            inner: BudgetLine {
                account: "1000".into(),
                department: department.into(),
                item: "thing".into(),
                estimate: crate::model::Located::new(Money(estimate * 100)),
                actual: actual.map(|a| crate::model::Located::new(Money(a * 100))),
                notes: None,
            },
        }
    }

    #[test]
    fn totals_come_from_the_lines() {
        let budget = Budget {
            currency: Some(Sourced {
                file: FileId(0),
                inner: crate::model::Located::new("GBP".into()),
            }),
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
        assert_eq!(sheet.contingency.unwrap().estimate, "£175.00");
        assert_eq!(sheet.fees[0].estimate, "£140.00");
        assert_eq!(sheet.grand_total, "£2,065.00");
    }

    /// The top sheet of `budget.yaml` as `audience` sees it.
    fn sheet_of(audience: &str, budget: &str) -> TopSheet {
        let view = crate::sheets::tests::view_as(audience, &[("budget.yaml", budget)]);
        TopSheet::new(&view.production.budget)
    }

    /// The total of lines estimated at `amounts` in `currency`.
    fn total_in(currency: &str, amounts: &[&str]) -> String {
        let lines: String = amounts
            .iter()
            .map(|a| format!("  - {{account: \"1\", department: A, item: x, estimate: {a}}}\n"))
            .collect();
        sheet_of("client", &format!("currency: {currency}\nlines:\n{lines}")).estimate
    }

    #[test]
    fn money_has_the_decimals_of_its_currency() {
        assert_eq!(total_in("JPY", &["8255631"]), "¥8,255,631");
        assert_eq!(total_in("GBP", &["2400"]), "£2,400.00");
        assert_eq!(total_in("EUR", &["1200.5"]), "€1,200.50");
        assert_eq!(total_in("USD", &["-0.05"]), "−$0.05");
        assert_eq!(total_in("CHF", &["1.5"]), "CHF 1.50");
        assert_eq!(total_in("ISK", &["1500"]), "ISK 1,500");
        assert_eq!(total_in("KWD", &["1234.5", "0.125"]), "KWD 1,234.625");
        assert_eq!(total_in("BHD", &["1"]), "BHD 1.000");
        assert_eq!(total_in("CLF", &["1.2345"]), "CLF 1.2345");
    }

    /// A Tokyo budget, one estimate typed with sen that yen do not have.
    const YEN: &str = "currency: JPY\ncontingency_percent: 7.5\nfees: [{name: Production fee, percent: 8}]\nlines:\n  - {account: \"2100\", department: Camera, item: Camera package, estimate: 1200000, actual: 1250000}\n  - {account: \"2200\", department: Art, item: Props, estimate: 480500.50, actual: 470250}\n  - {account: \"2300\", department: Art, item: Set dressing, estimate: 333333}\n";

    #[test]
    fn yen_are_whole_and_totals_are_the_sums_of_the_figures_shown() {
        let sheet = sheet_of("client", YEN);
        let art = &sheet.departments[1];
        // 480,500.50 counts as 480,501 everywhere, so the lines shown add up to the totals shown.
        assert_eq!(art.lines[0].estimate, "¥480,501");
        assert_eq!(art.lines[0].variance, "¥10,251");
        assert_eq!(art.estimate, "¥813,834");
        assert_eq!(sheet.estimate, "¥2,013,834");
        assert_eq!(sheet.actual, "¥1,720,250");
        assert_eq!(sheet.variance, "¥293,584");
        // 7.5 % of 2,013,834 is 151,037.55: whole yen, rounded half away from zero.
        assert_eq!(sheet.contingency.unwrap().estimate, "¥151,038");
        assert_eq!(sheet.fees[0].estimate, "¥161,107");
        assert_eq!(sheet.fees[0].actual, "¥137,620");
        assert_eq!(sheet.grand_total, "¥2,325,979");
        assert_eq!(sheet.grand_total_actual, "¥1,857,870");
        assert_eq!(sheet.grand_variance, "¥468,109");
    }

    /// A budget with one line for the crew: the crew sees that line and nothing of the rest.
    const CREW_LINE: &str = "currency: JPY\ncontingency_percent: 10\nfees: [{name: Production fee, percent: 8}]\nlines:\n  - {account: \"1100\", department: Direction, item: Director, estimate: 900000}\n  - {account: \"4100\", department: Catering, item: Crew meals, estimate: 120000, audience: crew}\n";

    #[test]
    fn an_audience_that_sees_one_line_sees_the_currency_and_nothing_made_of_others() {
        let crew = sheet_of("crew", CREW_LINE);
        assert_eq!(crew.currency, "JPY", "the currency is not private");
        assert_eq!(crew.estimate, "¥120,000");
        assert!(
            crew.contingency.is_none(),
            "the crew may not see the contingency"
        );
        assert!(crew.fees.is_empty());
        assert_eq!(crew.grand_total, "¥120,000");
        // The client's contingency and fee are made from the lines the client sees.
        let client = sheet_of("client", CREW_LINE);
        assert_eq!(client.estimate, "¥900,000");
        assert_eq!(client.contingency.as_ref().unwrap().estimate, "¥90,000");
        assert_eq!(client.fees[0].estimate, "¥72,000");
        assert_eq!(client.grand_total, "¥1,062,000");
    }

    #[test]
    fn absurd_amounts_make_a_sheet_and_never_a_panic() {
        let line = "  - {account: \"1\", department: A, item: x, estimate: 900000000000000, actual: -900000000000000}\n";
        let budget = format!(
            "currency: JPY\ncontingency_percent: 1e300\nfees: [{{name: Fee, percent: -1e300}}]\nlines:\n{line}{line}"
        );
        let sheet = sheet_of("client", &budget);
        assert!(sheet.grand_total.starts_with('¥'), "{}", sheet.grand_total);
    }
}
