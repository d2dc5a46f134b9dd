//! Amounts of euros read exactly into cents, from the text of a decimal.
//!
//! STET and the Berlin Group send amounts as strings (`"12.50"`, pattern
//! `-?[0-9]{1,14}(\.[0-9]{1,3})?` in their schemas); the native format sends JSON numbers.
//! Both are read from their decimal text, never through a float, so `0.1 + 0.2` stays
//! 30 cents. A JSON number is read from the text `serde_json` gives it back as (its
//! shortest round-trip form, or the original text with `arbitrary_precision`), which may
//! carry an exponent (`1e27`, `1.5E2`).
//!
//! Bounds come before arithmetic: the digits are counted first, and only an amount of at
//! most [`MAX_INTEGER_DIGITS`] integer digits and two decimals is turned into a number, so
//! a 40-digit string or `1e308` is refused as [`AmountError::TooLarge`] and never overflows.
//! Trailing zeros do not count as decimals (`"12.500"` is 12.50 EUR).

use scoring::Money;

/// Up to 999 999 999.99 EUR: far beyond any household's transaction, and small enough that
/// 5 000 of them add up without approaching the bounds of `i64` cents.
pub const MAX_INTEGER_DIGITS: usize = 9;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a decimal number.
    Format,
    /// More than two decimals that are not zero.
    TooManyDecimals,
    /// More than [`MAX_INTEGER_DIGITS`] integer digits.
    TooLarge,
}

impl AmountError {
    pub fn message(self) -> &'static str {
        match self {
            AmountError::Format => "must be a decimal number of euros, such as 12.50",
            AmountError::TooManyDecimals => "must have at most 2 decimals",
            AmountError::TooLarge => "must be below 1 000 000 000 EUR",
        }
    }
}

/// A plain decimal string, as STET and the Berlin Group write amounts: an optional `-`,
/// digits, and optionally a point followed by digits. No sign `+`, no exponent, no spaces.
pub fn parse_decimal_string(text: &str) -> Result<Money, AmountError> {
    let (negative, unsigned) = split_sign(text);
    let (integer, fraction) = split_point(unsigned)?;
    to_money(negative, integer, fraction, 0)
}

/// The text of a JSON number, which may carry an exponent (`1.5e2`, `1E-7`).
pub fn parse_json_number(text: &str) -> Result<Money, AmountError> {
    let (negative, unsigned) = split_sign(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], parse_exponent(&unsigned[at + 1..])?),
        None => (unsigned, 0),
    };
    let (integer, fraction) = split_point(mantissa)?;
    to_money(negative, integer, fraction, exponent)
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())
}

fn split_point(text: &str) -> Result<(&str, &str), AmountError> {
    let (integer, fraction) = match text.split_once('.') {
        Some((integer, fraction)) => {
            if !all_digits(fraction) {
                return Err(AmountError::Format);
            }
            (integer, fraction)
        }
        None => (text, ""),
    };
    if all_digits(integer) {
        Ok((integer, fraction))
    } else {
        Err(AmountError::Format)
    }
}

/// The exponent, clamped to ±100 000: far past any bound, so a clamped one is refused
/// exactly as the true one would be.
fn parse_exponent(text: &str) -> Result<i64, AmountError> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if !all_digits(digits) {
        return Err(AmountError::Format);
    }
    let significant = digits.trim_start_matches('0');
    let magnitude = if significant.is_empty() {
        0
    } else if significant.len() > 6 {
        100_000
    } else {
        significant.parse::<i64>().unwrap_or(100_000).min(100_000)
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `integer.fraction × 10^exponent`, with the digits checked against the bounds before any
/// of them becomes a number.
fn to_money(
    negative: bool,
    integer: &str,
    fraction: &str,
    exponent: i64,
) -> Result<Money, AmountError> {
    let digits = || integer.bytes().chain(fraction.bytes());
    let leading_zeros = digits().take_while(|&byte| byte == b'0').count();
    let total = integer.len() + fraction.len();
    if leading_zeros == total {
        return Ok(Money::ZERO);
    }
    let trailing_zeros = digits().rev().take_while(|&byte| byte == b'0').count();
    // The number is 0.d1 d2 … dn × 10^point with d1 its first significant digit.
    let significant = total - leading_zeros - trailing_zeros;
    let point = integer.len() as i64 - leading_zeros as i64 + exponent;
    if point > MAX_INTEGER_DIGITS as i64 {
        return Err(AmountError::TooLarge);
    }
    let decimals = significant as i64 - point;
    if decimals > 2 {
        return Err(AmountError::TooManyDecimals);
    }
    // Here point <= 9 and decimals <= 2, so at most 11 significant digits, shifted by at
    // most 11 places: the cents fit an i64 with room to spare.
    let mut cents: i64 = 0;
    for byte in digits().skip(leading_zeros).take(significant) {
        cents = cents * 10 + i64::from(byte - b'0');
    }
    for _ in decimals..2 {
        cents *= 10;
    }
    Ok(Money::from_cents(if negative { -cents } else { cents }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(result: Result<Money, AmountError>) -> Result<i64, AmountError> {
        result.map(Money::cents)
    }

    #[test]
    fn reads_decimal_strings_exactly() {
        for (text, expected, why) in [
            ("12.50", Ok(1_250), "two decimals"),
            ("12.5", Ok(1_250), "one decimal"),
            ("12", Ok(1_200), "no decimals"),
            ("-256.67", Ok(-25_667), "negative"),
            ("0.01", Ok(1), "one cent"),
            ("-0.00", Ok(0), "negative zero"),
            ("12.500", Ok(1_250), "a trailing zero is not a decimal"),
            ("0000012.30", Ok(1_230), "leading zeros"),
            ("999999999.99", Ok(99_999_999_999), "the largest amount"),
            ("1000000000", Err(AmountError::TooLarge), "one billion"),
            (
                "1234567890123456789012345678901234567890",
                Err(AmountError::TooLarge),
                "40 digits",
            ),
            (
                "12.345",
                Err(AmountError::TooManyDecimals),
                "three decimals",
            ),
            ("", Err(AmountError::Format), "empty"),
            ("-", Err(AmountError::Format), "a sign alone"),
            ("+12", Err(AmountError::Format), "a plus sign"),
            (" 12", Err(AmountError::Format), "a space"),
            ("12.", Err(AmountError::Format), "a point without decimals"),
            (
                ".5",
                Err(AmountError::Format),
                "a point without integer digits",
            ),
            ("1e3", Err(AmountError::Format), "an exponent in a string"),
            ("12,50", Err(AmountError::Format), "a decimal comma"),
            ("１２", Err(AmountError::Format), "full-width digits"),
        ] {
            assert_eq!(
                cents(parse_decimal_string(text)),
                expected,
                "{why}: {text:?}"
            );
        }
    }

    #[test]
    fn reads_json_number_texts_with_exponents() {
        for (text, expected, why) in [
            ("12.5", Ok(1_250), "shortest form"),
            ("-0.0", Ok(0), "negative zero"),
            ("1.5e2", Ok(15_000), "exponent"),
            ("1.5E+2", Ok(15_000), "signed upper-case exponent"),
            ("125e-2", Ok(125), "negative exponent"),
            ("1e-2", Ok(1), "a cent by exponent"),
            (
                "1e-3",
                Err(AmountError::TooManyDecimals),
                "a tenth of a cent",
            ),
            ("1e27", Err(AmountError::TooLarge), "1e27"),
            ("1e308", Err(AmountError::TooLarge), "the largest double"),
            ("18446744073709551616", Err(AmountError::TooLarge), "2^64"),
            (
                "5e-324",
                Err(AmountError::TooManyDecimals),
                "the smallest double",
            ),
            (
                "1e99999999999999999999",
                Err(AmountError::TooLarge),
                "a huge exponent",
            ),
            (
                "1e-99999999999999999999",
                Err(AmountError::TooManyDecimals),
                "a tiny one",
            ),
            ("0e99999999999999999999", Ok(0), "zero with a huge exponent"),
            ("1e", Err(AmountError::Format), "an empty exponent"),
            ("12e00", Ok(1_200), "a zero exponent"),
        ] {
            assert_eq!(cents(parse_json_number(text)), expected, "{why}: {text:?}");
        }
    }
}
