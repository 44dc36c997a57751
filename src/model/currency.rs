//! The currency a production keeps its money in: how many decimals its amounts have (the minor
//! unit of ISO 4217: none for yen, two for pounds, three for dinars), how an amount is rounded
//! to them, and how it is written on a page.

use super::values::Money;

/// A currency by its ISO 4217 code, with the decimals of its minor unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    code: String,
    decimals: u32,
    /// Whether ISO 4217 has the code.
    known: bool,
}

impl Currency {
    /// The currency written `code` (`JPY`); an unknown code, or none, has two decimals, as most
    /// currencies do.
    pub fn new(code: Option<&str>) -> Currency {
        let code = code.map(str::trim).unwrap_or_default();
        let iso = iso_currency::Currency::from_code(&code.to_ascii_uppercase());
        let decimals = iso
            .and_then(|c| c.exponent())
            .map_or(2, u32::from)
            .min(Money::DECIMALS);
        Currency {
            // `jpy` is yen too.
            code: iso.map_or_else(|| code.to_string(), |c| c.code().to_string()),
            decimals,
            known: iso.is_some(),
        }
    }

    /// Whether ISO 4217 has the code; an unknown one is shown with two decimals.
    pub fn is_known(&self) -> bool {
        self.known
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The decimals of the minor unit: 0 for JPY, 2 for GBP, 3 for KWD.
    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// One minor unit, in [`Money`]'s ten-thousandths.
    fn unit(&self) -> i64 {
        10_i64.pow(Money::DECIMALS - self.decimals)
    }

    /// `amount` in whole minor units, rounded half away from zero: ¥1,500.50 is ¥1,501.
    pub fn round(&self, amount: Money) -> Money {
        let unit = self.unit();
        let half = unit / 2;
        let minor = if amount.0 >= 0 {
            amount.0.saturating_add(half) / unit
        } else {
            amount.0.saturating_sub(half) / unit
        };
        Money(minor * unit)
    }

    /// Whether `amount` needs no more decimals than the currency has.
    pub fn holds(&self, amount: Money) -> bool {
        amount.0 % self.unit() == 0
    }

    /// `percent` of `amount` (already in whole minor units), rounded half away from zero to the
    /// minor unit: 7.5 % of ¥2,013,834 is ¥151,038.
    pub fn percent(&self, amount: Money, percent: f64) -> Money {
        let minor = self.round(amount).0 / self.unit();
        // `as` saturates, and so does the product: a percentage past all sense is no panic.
        Money(((minor as f64 * percent / 100.0).round() as i64).saturating_mul(self.unit()))
    }

    /// `£1,200.00`, `¥8,255,631`, `−€3.50`; currencies without a familiar sign keep their code:
    /// `CHF 1,200.00`, `KWD 1.250`. The amount is rounded to the minor unit first.
    pub fn format(&self, amount: Money) -> String {
        let sign = match self.code.as_str() {
            "GBP" => "£",
            "USD" | "AUD" | "CAD" | "NZD" => "$",
            "EUR" => "€",
            "JPY" => "¥",
            _ => "",
        };
        let minor = self.round(amount).0 / self.unit();
        let minus = if minor < 0 { "−" } else { "" };
        let scale = 10_u64.pow(self.decimals);
        let abs = minor.unsigned_abs();
        let mut digits = grouped(abs / scale);
        if self.decimals > 0 {
            digits.push_str(&format!(
                ".{:0width$}",
                abs % scale,
                width = self.decimals as usize
            ));
        }
        if sign.is_empty() {
            format!("{minus}{} {digits}", self.code).trim().to_string()
        } else {
            format!("{minus}{sign}{digits}")
        }
    }
}

/// `1234567` as `1,234,567`.
fn grouped(whole: u64) -> String {
    let whole = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    #[test]
    fn amounts_are_rounded_half_away_from_zero_to_the_minor_unit() {
        let yen = Currency::new(Some("JPY"));
        assert_eq!(yen.decimals(), 0);
        assert_eq!(yen.round(amount("1500.50")), amount("1501"));
        assert_eq!(yen.round(amount("1500.49")), amount("1500"));
        assert_eq!(yen.round(amount("-1500.5")), amount("-1501"));
        assert!(yen.holds(amount("150000")) && !yen.holds(amount("150000.50")));
        assert_eq!(yen.format(amount("-0.4")), "¥0");
        let pounds = Currency::new(Some("GBP"));
        assert_eq!(pounds.format(amount("-1.5")), "−£1.50");
        assert_eq!(pounds.round(amount("0.125")), amount("0.13"));
        assert_eq!(Currency::new(Some("kwd")).decimals(), 3);
        assert_eq!(
            Currency::new(Some(" jpy ")).format(amount("1500")),
            "¥1,500"
        );
        assert!(!Currency::new(Some("YEN")).is_known());
        // No currency, or one ISO 4217 does not know, keeps two decimals.
        assert_eq!(Currency::new(None).format(amount("1200")), "1,200.00");
        assert_eq!(Currency::new(Some("ZZZ")).format(amount("1")), "ZZZ 1.00");
    }

    #[test]
    fn a_percentage_is_whole_minor_units() {
        let yen = Currency::new(Some("JPY"));
        assert_eq!(yen.percent(amount("2013834"), 7.5), amount("151038"));
        assert_eq!(yen.percent(amount("1235"), 10.0), amount("124"));
        let pounds = Currency::new(Some("GBP"));
        assert_eq!(pounds.percent(amount("1750"), 10.0), amount("175"));
        assert_eq!(pounds.percent(amount("0.05"), 10.0), amount("0.01"));
    }
}
