//! Numbers as each language writes them, following CLDR 48 (checked against ICU 78.2's
//! `Intl.NumberFormat` for `fr-FR` and `en`):
//!
//! | | French | English |
//! |---|---|---|
//! | amount | `1 159,92 €` | `€1,159.92` |
//! | percentage | `35,00 %` | `35.00%` |
//! | decimal | `24,8` | `24.8` |
//! | integer | `1 200` | `1,200` |
//!
//! French groups thousands with U+202F NARROW NO-BREAK SPACE ([`FR_GROUP_SEPARATOR`]),
//! writes a decimal comma, and puts U+00A0 NO-BREAK SPACE ([`FR_UNIT_SPACE`]) before
//! both `%` and `€`, so that neither is ever wrapped away from its number. English groups
//! with a comma, writes a decimal point, and puts `€` before the amount and `%` right
//! after the number. A negative number starts with a hyphen-minus in both. Values are
//! rounded half away from zero; a value that is not finite is written as zero.

use std::fmt::{self, Display, Formatter};

use crate::Language;

/// U+202F NARROW NO-BREAK SPACE, between groups of three digits in French.
pub const FR_GROUP_SEPARATOR: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE, between a French number and its `%` or `€`.
pub const FR_UNIT_SPACE: char = '\u{A0}';

/// `115_992` cents as `1 159,92 €`.
pub fn format_eur_fr(cents: i64) -> String {
    Eur(Language::Fr, cents).to_string()
}

/// `115_992` cents as `€1,159.92`.
pub fn format_eur_en(cents: i64) -> String {
    Eur(Language::En, cents).to_string()
}

/// `0.35` as `35,00 %`.
pub fn format_percent_fr(fraction: f64) -> String {
    Percent(Language::Fr, fraction).to_string()
}

/// `0.35` as `35.00%`.
pub fn format_percent_en(fraction: f64) -> String {
    Percent(Language::En, fraction).to_string()
}

/// An amount of euros given in cents, to the cent: `Eur(Language::Fr, 115_992)` shows as
/// `1 159,92 €`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Eur(pub Language, pub i64);

/// A fraction as a percentage with two decimals: `Percent(Language::En, 0.3512)` shows as
/// `35.12%`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Percent(pub Language, pub f64);

/// A number with the given count of decimals (at most 4; more count as 4):
/// `Decimal(Language::Fr, 24.75, 1)` shows as `24,8`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decimal(pub Language, pub f64, pub u8);

/// A whole number grouped by thousands: `Integer(Language::Fr, 1200)` shows as `1 200`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Integer(pub Language, pub i64);

impl Eur {
    /// Appends the amount to `out`, as [`Display`] shows it.
    pub fn write_to(&self, out: &mut String) {
        let Eur(language, cents) = *self;
        let magnitude = cents.unsigned_abs();
        if cents < 0 {
            out.push('-');
        }
        match language {
            Language::Fr => {
                write_whole(out, language, magnitude / 100);
                write_fraction(out, language, magnitude % 100, 2);
                out.push(FR_UNIT_SPACE);
                out.push('€');
            }
            Language::En => {
                out.push('€');
                write_whole(out, language, magnitude / 100);
                write_fraction(out, language, magnitude % 100, 2);
            }
        }
    }
}

impl Percent {
    /// Appends the percentage to `out`, as [`Display`] shows it.
    pub fn write_to(&self, out: &mut String) {
        let Percent(language, fraction) = *self;
        Decimal(language, fraction * 100.0, 2).write_to(out);
        if language == Language::Fr {
            out.push(FR_UNIT_SPACE);
        }
        out.push('%');
    }
}

impl Decimal {
    /// Appends the number to `out`, as [`Display`] shows it.
    pub fn write_to(&self, out: &mut String) {
        let Decimal(language, value, decimals) = *self;
        let decimals = decimals.min(4);
        let scale = 10u64.pow(u32::from(decimals));
        let scaled = if value.is_finite() {
            (value.abs() * scale as f64).round()
        } else {
            0.0
        };
        // Saturates at u64::MAX, far beyond any figure the model writes.
        let scaled = scaled as u64;
        if value < 0.0 && scaled != 0 {
            out.push('-');
        }
        write_whole(out, language, scaled / scale);
        if decimals > 0 {
            write_fraction(out, language, scaled % scale, decimals);
        }
    }
}

impl Integer {
    /// Appends the number to `out`, as [`Display`] shows it.
    pub fn write_to(&self, out: &mut String) {
        let Integer(language, value) = *self;
        if value < 0 {
            out.push('-');
        }
        write_whole(out, language, value.unsigned_abs());
    }
}

macro_rules! display_by_write_to {
    ($($number:ty),+) => {$(
        impl Display for $number {
            fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
                let mut out = String::with_capacity(32);
                self.write_to(&mut out);
                f.write_str(&out)
            }
        }
    )+};
}

display_by_write_to!(Eur, Percent, Decimal, Integer);

fn write_whole(out: &mut String, language: Language, whole: u64) {
    let separator = match language {
        Language::Fr => FR_GROUP_SEPARATOR,
        Language::En => ',',
    };
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = whole;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for position in (0..len).rev() {
        out.push(char::from(digits[position]));
        if position > 0 && position % 3 == 0 {
            out.push(separator);
        }
    }
}

fn write_fraction(out: &mut String, language: Language, fraction: u64, digits: u8) {
    out.push(match language {
        Language::Fr => ',',
        Language::En => '.',
    });
    let mut divisor = 10u64.pow(u32::from(digits.saturating_sub(1)));
    while divisor > 0 {
        out.push(char::from(b'0' + ((fraction / divisor) % 10) as u8));
        divisor /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NNBSP: char = FR_GROUP_SEPARATOR;
    const NBSP: char = FR_UNIT_SPACE;

    #[test]
    fn amounts() {
        for (cents, fr, en) in [
            (
                115_992,
                format!("1{NNBSP}159,92{NBSP}€"),
                "€1,159.92".to_owned(),
            ),
            (0, format!("0,00{NBSP}€"), "€0.00".to_owned()),
            (5, format!("0,05{NBSP}€"), "€0.05".to_owned()),
            (-5, format!("-0,05{NBSP}€"), "-€0.05".to_owned()),
            (
                100_000_000,
                format!("1{NNBSP}000{NNBSP}000,00{NBSP}€"),
                "€1,000,000.00".to_owned(),
            ),
            (99_999, format!("999,99{NBSP}€"), "€999.99".to_owned()),
            (
                i64::MIN,
                format!("-92{NNBSP}233{NNBSP}720{NNBSP}368{NNBSP}547{NNBSP}758,08{NBSP}€"),
                "-€92,233,720,368,547,758.08".to_owned(),
            ),
        ] {
            assert_eq!(format_eur_fr(cents), fr, "{cents}");
            assert_eq!(format_eur_en(cents), en, "{cents}");
        }
    }

    #[test]
    fn percentages() {
        for (fraction, fr, en) in [
            (0.35, format!("35,00{NBSP}%"), "35.00%"),
            (0.2881, format!("28,81{NBSP}%"), "28.81%"),
            (0.0356, format!("3,56{NBSP}%"), "3.56%"),
            (0.0, format!("0,00{NBSP}%"), "0.00%"),
            (-0.000_01, format!("0,00{NBSP}%"), "0.00%"),
            (-0.0412, format!("-4,12{NBSP}%"), "-4.12%"),
            (12.5, format!("1{NNBSP}250,00{NBSP}%"), "1,250.00%"),
            (f64::NAN, format!("0,00{NBSP}%"), "0.00%"),
        ] {
            assert_eq!(format_percent_fr(fraction), fr, "{fraction}");
            assert_eq!(format_percent_en(fraction), en, "{fraction}");
        }
    }

    #[test]
    fn decimals_and_integers() {
        let decimal = |language, value, decimals| Decimal(language, value, decimals).to_string();
        assert_eq!(decimal(Language::Fr, 24.75, 1), "24,8");
        assert_eq!(decimal(Language::En, 24.75, 1), "24.8");
        assert_eq!(decimal(Language::Fr, 3.7375, 2), "3,74");
        assert_eq!(decimal(Language::En, 0.0, 0), "0");
        assert_eq!(decimal(Language::En, 1.5, 9), "1.5000");
        assert_eq!(decimal(Language::Fr, -0.04, 1), "0,0");
        let integer = |language, value| Integer(language, value).to_string();
        assert_eq!(integer(Language::Fr, 1_200), format!("1{NNBSP}200"));
        assert_eq!(integer(Language::En, 1_200), "1,200");
        assert_eq!(integer(Language::Fr, 420), "420");
        assert_eq!(integer(Language::En, -7), "-7");
        assert_eq!(
            integer(Language::En, i64::MIN),
            "-9,223,372,036,854,775,808"
        );
    }

    proptest! {
        /// The French and English forms carry the same digits, and read back as the cents.
        #[test]
        fn amounts_read_back(cents in any::<i64>()) {
            let fr = format_eur_fr(cents);
            let en = format_eur_en(cents);
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            prop_assert_eq!(digits(&fr), digits(&en));
            let magnitude: u128 = digits(&fr).parse().expect("digits");
            prop_assert_eq!(magnitude, u128::from(cents.unsigned_abs()));
            prop_assert!(!fr.contains(' ') && !fr.contains('.'), "{}", fr);
        }

        #[test]
        fn percentages_never_panic(fraction in any::<f64>()) {
            let fr = format_percent_fr(fraction);
            prop_assert!(fr.ends_with("\u{a0}%"), "{}", fr);
            prop_assert!(format_percent_en(fraction).ends_with('%'));
        }
    }
}
