//! Attribute values, parsed once at the edge ("parse, don't validate"): a profile holds
//! [`Attributes`], a map of typed [`AttributeValue`]s that the catalogue accepted, never
//! raw JSON. Money is kept in cents and percentages in hundredths, read from the exact
//! decimal text of the request, so no float ever rounds a partner's figure.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use scoring::{Date, Money, Percent};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::domain::catalogue::{self, ATTRIBUTES, Attribute, Kind, MAX_MONEY_CENTS, Requirement};
use crate::domain::detail::Detail;
use crate::messages::Problem;

/// Most attributes one request may carry.
pub const MAX_ATTRIBUTES: usize = 100;
/// Longest JSON text accepted for one value.
const MAX_VALUE_BYTES: usize = 1024;
/// Age a borrower must have reached on the day the profile is submitted.
pub const ADULT_AGE: i32 = 18;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeValue {
    Integer(i64),
    Money(Money),
    Percent(Percent),
    Boolean(bool),
    Date(Date),
    Enum(&'static str),
}

impl Serialize for AttributeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(value) => serializer.serialize_i64(*value),
            Self::Money(money) => money.serialize(serializer),
            Self::Percent(percent) => serializer.serialize_f64(percent.hundredths() as f64 / 100.0),
            Self::Boolean(value) => serializer.serialize_bool(*value),
            Self::Date(date) => serializer.collect_str(date),
            Self::Enum(value) => serializer.serialize_str(value),
        }
    }
}

/// How strictly a value is checked: requests get every check; values read back from
/// storage were checked when written, so only their shape is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    Request { today: Date },
    Stored,
}

/// A value's JSON pointer in a request body.
pub fn pointer(name: &str) -> String {
    format!(
        "/attributes/{}",
        crate::domain::detail::escape_pointer_token(name)
    )
}

fn detail(name: &str, problem: Problem) -> Detail {
    Detail::new(pointer(name), problem)
}

impl AttributeValue {
    /// Parses the JSON text of one value of `attribute`.
    pub fn parse(
        attribute: &'static Attribute,
        json: &str,
        checks: Checks,
    ) -> Result<Self, Detail> {
        let name = attribute.name;
        let json = json.trim();
        if json.len() > MAX_VALUE_BYTES {
            return Err(detail(name, Problem::ValueTooLong));
        }
        match attribute.kind {
            Kind::Integer { min, max } => {
                let number = json_number(json).ok_or_else(|| detail(name, Problem::WholeNumber))?;
                if number.contains(['.', 'e', 'E']) {
                    return Err(detail(name, Problem::WholeNumber));
                }
                let value: i64 = number.parse().map_err(|_| {
                    if number.starts_with('-') {
                        detail(name, Problem::AtLeast(min))
                    } else {
                        detail(name, Problem::AtMost(max))
                    }
                })?;
                if checks != Checks::Stored {
                    if value < min {
                        return Err(detail(name, Problem::AtLeast(min)));
                    }
                    if value > max {
                        return Err(detail(name, Problem::AtMost(max)));
                    }
                }
                Ok(Self::Integer(value))
            }
            Kind::Money { positive } => {
                let cents = hundredths(name, json)?;
                if checks != Checks::Stored {
                    if cents < 0 || (positive && cents == 0) {
                        let bound = if positive {
                            Problem::GreaterThanZero
                        } else {
                            Problem::AtLeast(0)
                        };
                        return Err(detail(name, bound));
                    }
                    if cents > MAX_MONEY_CENTS {
                        return Err(detail(name, Problem::AtMostEuros(MAX_MONEY_CENTS / 100)));
                    }
                }
                Ok(Self::Money(Money::from_cents(cents)))
            }
            Kind::Percent { max_hundredths } => {
                let value = hundredths(name, json)?;
                if checks != Checks::Stored {
                    if value < 0 {
                        return Err(detail(name, Problem::AtLeast(0)));
                    }
                    if value > max_hundredths {
                        return Err(detail(name, Problem::AtMost(max_hundredths / 100)));
                    }
                }
                Ok(Self::Percent(Percent::from_hundredths(value)))
            }
            Kind::Boolean => match json {
                "true" => Ok(Self::Boolean(true)),
                "false" => Ok(Self::Boolean(false)),
                _ => Err(detail(name, Problem::Boolean)),
            },
            Kind::PastDate => {
                let text = json_string(json).ok_or_else(|| detail(name, Problem::DateString))?;
                let date = Date::parse(&text).ok_or_else(|| detail(name, Problem::ExistingDate))?;
                if let Checks::Request { today } = checks
                    && date > today
                {
                    return Err(detail(name, Problem::NotInTheFuture));
                }
                Ok(Self::Date(date))
            }
            Kind::Enum(allowed) => {
                let text = json_string(json).ok_or_else(|| detail(name, Problem::String))?;
                allowed
                    .iter()
                    .find(|candidate| **candidate == text)
                    .map(|value| Self::Enum(value))
                    .ok_or_else(|| detail(name, Problem::OneOf(allowed)))
            }
        }
    }
}

/// The text of a JSON number, or `None` for another JSON type.
fn json_number(json: &str) -> Option<&str> {
    json.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        .then_some(json)
}

fn json_string(json: &str) -> Option<String> {
    if json.starts_with('"') {
        serde_json::from_str(json).ok()
    } else {
        None
    }
}

/// A decimal with at most two decimals, as an integer count of hundredths (cents).
///
/// Never overflows: a value beyond `i64` hundredths saturates to `i64::MIN` or `i64::MAX`,
/// which every attribute's bounds then refuse with `min` or `max`; a value rust_decimal
/// cannot hold (more than 28 digits) is refused here, as too many decimals when it is
/// smaller than a cent and as out of range otherwise.
fn hundredths(name: &str, json: &str) -> Result<i64, Detail> {
    let number = json_number(json).ok_or_else(|| detail(name, Problem::Number))?;
    let decimal = if number.contains(['e', 'E']) {
        Decimal::from_scientific(number)
    } else {
        Decimal::from_str_exact(number)
    }
    .map_err(|_| unrepresentable(name, number))?
    .normalize();
    if decimal.scale() > 2 {
        return Err(detail(name, Problem::TwoDecimals));
    }
    let saturated = if decimal.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    };
    Ok(decimal
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|cents| cents.to_i64())
        .unwrap_or(saturated))
}

/// Why a JSON number has no exact decimal: its magnitude, read approximately, says
/// whether it has too many decimals (`1e-30`) or too many digits (`1e40`, `-1e40`).
fn unrepresentable(name: &str, number: &str) -> Detail {
    match number.parse::<f64>() {
        Ok(value) if value.abs() < 1.0 => detail(name, Problem::TwoDecimals),
        Ok(value) if value < 0.0 => detail(name, Problem::OutOfRangeBelow),
        _ => detail(name, Problem::OutOfRangeAbove),
    }
}

/// A merge patch split into the values it sets and the names it removes.
pub type Changes = (Vec<(&'static str, AttributeValue)>, Vec<&'static str>);

/// A profile's attributes, each accepted by the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes(BTreeMap<&'static str, AttributeValue>);

impl Attributes {
    /// Parses every value of a request, reporting every problem at once.
    pub fn parse(
        input: &BTreeMap<String, Box<RawValue>>,
        today: Date,
    ) -> Result<Self, Vec<Detail>> {
        let mut attributes = Self::default();
        let problems = attributes.apply(
            input.iter().map(|(name, value)| (name, Some(value.get()))),
            today,
        );
        if problems.is_empty() {
            Ok(attributes)
        } else {
            Err(problems)
        }
    }

    /// Applies a JSON merge patch: a value sets, `null` removes. On any problem, nothing
    /// is applied and every problem is returned.
    pub fn merge(
        &self,
        patch: &BTreeMap<String, Option<Box<RawValue>>>,
        today: Date,
    ) -> Result<Self, Vec<Detail>> {
        let mut merged = self.clone();
        let problems = merged.apply(
            patch
                .iter()
                .map(|(name, value)| (name, value.as_ref().map(|raw| raw.get()))),
            today,
        );
        if problems.is_empty() {
            Ok(merged)
        } else {
            Err(problems)
        }
    }

    fn apply<'a>(
        &mut self,
        changes: impl ExactSizeIterator<Item = (&'a String, Option<&'a str>)>,
        today: Date,
    ) -> Vec<Detail> {
        if changes.len() > MAX_ATTRIBUTES {
            return vec![Detail::new(
                "/attributes",
                Problem::TooManyAttributes(MAX_ATTRIBUTES),
            )];
        }
        let mut problems = Vec::new();
        for (name, json) in changes {
            let Some(attribute) = catalogue::find(name) else {
                problems.push(detail(name, Problem::UnknownAttribute));
                continue;
            };
            // `None` is a merge patch's `null`; a created profile's values all arrive
            // as `Some`, so its `null` is a value the attribute's type refuses.
            match json.map(str::trim) {
                None => {
                    self.0.remove(attribute.name);
                }
                Some(json) => {
                    match AttributeValue::parse(attribute, json, Checks::Request { today }) {
                        Ok(value) => {
                            self.0.insert(attribute.name, value);
                        }
                        Err(problem) => problems.push(problem),
                    }
                }
            }
        }
        problems
    }

    /// These attributes with `set` inserted and `remove` taken out.
    pub fn with_changes(
        &self,
        set: &[(&'static str, AttributeValue)],
        remove: &[&'static str],
    ) -> Self {
        let mut next = self.clone();
        for name in remove {
            next.0.remove(name);
        }
        next.0.extend(set.iter().copied());
        next
    }

    /// Splits a validated merge patch into the values it sets and the names it removes.
    pub fn parse_patch(
        patch: &BTreeMap<String, Option<Box<RawValue>>>,
        today: Date,
    ) -> Result<Changes, Vec<Detail>> {
        let merged = Self::default().merge(patch, today)?;
        let set = merged.iter().map(|(name, value)| (name, *value)).collect();
        let remove = patch
            .iter()
            .filter(|(_, value)| value.as_ref().is_none_or(|raw| raw.get().trim() == "null"))
            .filter_map(|(name, _)| catalogue::find(name).map(|attribute| attribute.name))
            .collect();
        Ok((set, remove))
    }

    pub fn get(&self, name: &str) -> Option<&AttributeValue> {
        self.0.get(name)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &AttributeValue)> {
        self.0.iter().map(|(name, value)| (*name, value))
    }

    fn is_mortgage(&self) -> bool {
        self.get("loan_type") == Some(&AttributeValue::Enum("mortgage"))
    }

    /// The attributes submission still needs, in catalogue order.
    pub fn missing(&self) -> Vec<&'static str> {
        ATTRIBUTES
            .iter()
            .filter(|attribute| match attribute.requirement {
                Requirement::Always => true,
                Requirement::ForMortgage => self.is_mortgage(),
                Requirement::Optional => false,
            })
            .filter(|attribute| !self.0.contains_key(attribute.name))
            .map(|attribute| attribute.name)
            .collect()
    }

    /// Every reason these attributes cannot be submitted on `today`: missing ones and
    /// the checks across fields (a borrower of age at submission).
    pub fn submission_problems(&self, today: Date) -> Vec<Detail> {
        let mut problems: Vec<Detail> = self
            .missing()
            .into_iter()
            .map(|name| {
                let problem = if name == "property_value" {
                    Problem::RequiredForMortgage
                } else {
                    Problem::RequiredToSubmit
                };
                detail(name, problem)
            })
            .collect();
        if let Some(AttributeValue::Date(birth)) = self.get("birth_date")
            && age_on(*birth, today) < ADULT_AGE
        {
            problems.push(detail("birth_date", Problem::Minor(ADULT_AGE)));
        }
        problems
    }
}

/// Age in completed years on `day`.
pub fn age_on(birth: Date, day: Date) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for Attributes {
    /// Reads stored attributes back: shapes are checked, bounds were checked on write.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
        let mut attributes = BTreeMap::new();
        for (name, value) in stored {
            let attribute = catalogue::find(&name).ok_or_else(|| {
                serde::de::Error::custom(format!("unknown stored attribute {name}"))
            })?;
            let parsed = AttributeValue::parse(attribute, &value.to_string(), Checks::Stored)
                .map_err(|problem| {
                    serde::de::Error::custom(format!(
                        "stored {name}: {}",
                        problem.problem.text().en
                    ))
                })?;
            attributes.insert(attribute.name, parsed);
        }
        Ok(Self(attributes))
    }
}

/// Today's date, UTC.
pub fn today() -> Date {
    use chrono::Datelike;
    let now = chrono::Utc::now().date_naive();
    Date::new(now.year(), now.month() as u8, now.day() as u8).expect("chrono's dates exist")
}

fn required<T>(value: Option<T>, name: &'static str) -> Result<T, MissingForAnalysis> {
    value.ok_or(MissingForAnalysis(name))
}

/// An attribute submission requires was absent when the analysis read the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the submitted profile has no {0}")]
pub struct MissingForAnalysis(pub &'static str);

impl Attributes {
    fn money(&self, name: &'static str) -> Option<Money> {
        match self.get(name) {
            Some(AttributeValue::Money(money)) => Some(*money),
            _ => None,
        }
    }

    fn percent(&self, name: &'static str) -> Option<Percent> {
        match self.get(name) {
            Some(AttributeValue::Percent(percent)) => Some(*percent),
            _ => None,
        }
    }

    fn integer(&self, name: &'static str) -> Option<i64> {
        match self.get(name) {
            Some(AttributeValue::Integer(value)) => Some(*value),
            _ => None,
        }
    }

    fn boolean(&self, name: &'static str) -> Option<bool> {
        match self.get(name) {
            Some(AttributeValue::Boolean(value)) => Some(*value),
            _ => None,
        }
    }

    fn date(&self, name: &'static str) -> Option<Date> {
        match self.get(name) {
            Some(AttributeValue::Date(date)) => Some(*date),
            _ => None,
        }
    }

    /// An enum attribute as the scoring model's type (same snake_case names).
    fn choice<T: serde::de::DeserializeOwned>(&self, name: &'static str) -> Option<T> {
        match self.get(name) {
            Some(AttributeValue::Enum(value)) => {
                serde_json::from_value(serde_json::Value::from(*value)).ok()
            }
            _ => None,
        }
    }

    /// The scoring model's view of a submitted profile.
    pub fn to_scoring_profile(&self) -> Result<scoring::Profile, MissingForAnalysis> {
        Ok(scoring::Profile {
            birth_date: required(self.date("birth_date"), "birth_date")?,
            marital_status: self.choice("marital_status"),
            household_adults: self
                .integer("household_adults")
                .map_or(1, |n| n.clamp(1, 2) as u8),
            dependents: required(self.integer("dependents"), "dependents")?.clamp(0, 15) as u8,
            housing_status: required(self.choice("housing_status"), "housing_status")?,
            monthly_rent: self.money("monthly_rent"),
            employment_status: required(self.choice("employment_status"), "employment_status")?,
            employment_start_date: self.date("employment_start_date"),
            trial_period_completed: self.boolean("trial_period_completed"),
            monthly_net_income: required(self.money("monthly_net_income"), "monthly_net_income")?,
            co_borrower_monthly_net_income: self.money("co_borrower_monthly_net_income"),
            other_monthly_income: self.money("other_monthly_income"),
            rental_income: self.money("rental_income"),
            existing_loans_monthly_payments: required(
                self.money("existing_loans_monthly_payments"),
                "existing_loans_monthly_payments",
            )?,
            other_monthly_charges: self.money("other_monthly_charges"),
            savings: self.money("savings"),
            down_payment: self.money("down_payment"),
            property_value: self.money("property_value"),
            loan_type: required(self.choice("loan_type"), "loan_type")?,
            loan_amount: required(self.money("loan_amount"), "loan_amount")?,
            loan_duration_months: required(
                self.integer("loan_duration_months"),
                "loan_duration_months",
            )?
            .clamp(1, 420) as u16,
            loan_annual_rate: self.percent("loan_annual_rate"),
            insurance_annual_rate: self.percent("insurance_annual_rate"),
            deferral_eligible: self.boolean("deferral_eligible"),
            application_fees: self.money("application_fees"),
            guarantee_fees: self.money("guarantee_fees"),
            broker_fees: self.money("broker_fees"),
            rate_type: self.choice("rate_type").unwrap_or_default(),
            ficp_registered: required(self.boolean("ficp_registered"), "ficp_registered")?,
            banking_incidents_12m: self
                .integer("banking_incidents_12m")
                .map(|n| n.clamp(0, 100) as u32),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(name: &str, json: &str) -> Result<Attributes, Vec<Detail>> {
        let value = RawValue::from_string(json.to_owned()).expect("valid JSON");
        let input = BTreeMap::from([(name.to_owned(), value)]);
        Attributes::parse(&input, Date::new(2026, 12, 3).expect("a date"))
    }

    /// The numbers that once reached an unchecked multiplication, and their neighbours
    /// at every edge of `i64`, `f64` and rust_decimal's 28 digits.
    const EDGES: &[&str] = &[
        "1e27",
        "1e28",
        "1000000000000000000000000000",
        "10000000000000000000000000000",
        "-1e27",
        "1e-30",
        "1e308",
        "-1e308",
        "18446744073709551616",
        "-18446744073709551616",
        "9223372036854775807",
        "-9223372036854775808",
        "79228162514264337593543950336",
        "0.000000000000000000000000000001",
    ];

    #[test]
    fn every_numeric_attribute_refuses_every_edge_with_its_pointer() {
        let numeric = ATTRIBUTES.iter().filter(|attribute| {
            matches!(
                attribute.kind,
                Kind::Integer { .. } | Kind::Money { .. } | Kind::Percent { .. }
            )
        });
        let mut checked = 0;
        for attribute in numeric {
            for json in EDGES {
                let problems = parse_one(attribute.name, json)
                    .expect_err(&format!("{} = {json} must be refused", attribute.name));
                assert_eq!(problems.len(), 1, "{} = {json}", attribute.name);
                assert_eq!(problems[0].field, pointer(attribute.name), "{json}");
                assert!(
                    ["min", "max", "format", "type"].contains(&problems[0].code()),
                    "{} = {json}: {:?}",
                    attribute.name,
                    problems[0]
                );
                checked += 1;
            }
        }
        assert!(checked >= 15 * EDGES.len(), "only {checked} cases ran");
    }

    #[test]
    fn null_is_refused_on_creation_and_removes_in_a_patch() {
        for attribute in ATTRIBUTES {
            let problems = parse_one(attribute.name, "null")
                .expect_err(&format!("{} = null must be refused", attribute.name));
            assert_eq!(problems[0].field, pointer(attribute.name));
            assert_eq!(problems[0].code(), "type", "{}", attribute.name);
        }
        let today = Date::new(2026, 12, 3).expect("a date");
        let held = parse_one("savings", "100").expect("savings");
        let patch = BTreeMap::from([("savings".to_owned(), None)]);
        assert!(held.merge(&patch, today).expect("a patch").is_empty());
    }

    #[test]
    fn negative_zero_is_zero() {
        let attributes = parse_one("savings", "-0.0").expect("-0.0 is 0");
        assert_eq!(
            attributes.get("savings"),
            Some(&AttributeValue::Money(Money::ZERO))
        );
        let problems = parse_one("loan_amount", "-0.0").expect_err("a loan of 0 EUR");
        assert_eq!(problems[0].code(), "min");
    }

    #[test]
    fn out_of_range_names_the_right_bound() {
        let code = |name, json| parse_one(name, json).unwrap_err()[0].code();
        assert_eq!(code("loan_amount", "1e27"), "max");
        assert_eq!(code("loan_amount", "-1e27"), "min");
        assert_eq!(code("loan_amount", "1e-30"), "format");
        assert_eq!(code("loan_annual_rate", "1e28"), "max");
        assert_eq!(code("dependents", "18446744073709551616"), "max");
        assert_eq!(code("dependents", "-18446744073709551616"), "min");
        assert_eq!(code("dependents", "1e27"), "type");
    }
}
