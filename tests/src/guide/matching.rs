//! How a documented response or event matches the actual one (the rules in the module
//! documentation of [`super`]).

use std::collections::HashMap;

use serde_json::Value;

use crate::app::TestResponse;

/// What a guide documents of a response: its status, the headers it shows and its body
/// (`None`: no body).
pub struct Expected {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

pub fn check(expected: &Expected, response: &TestResponse, ids: &mut Ids) -> Result<(), String> {
    if response.status != expected.status {
        return Err(format!(
            "status {}, documented {}",
            response.status, expected.status
        ));
    }
    for (name, value) in &expected.headers {
        let actual = response
            .header(name)
            .ok_or_else(|| format!("no {name} header"))?;
        match_string(value, actual, ids).map_err(|problem| format!("header {name}: {problem}"))?;
    }
    match &expected.body {
        Some(body) => match_value(body, &response.body, "", ids),
        None if response.body.is_null() => Ok(()),
        None => Err("a body, where the guide documents none".to_owned()),
    }
}

/// `(STATUS, `Header: value` …)` after the word opening a documented response.
pub fn parse_marker(text: &str) -> Result<(u16, Vec<(String, String)>), String> {
    let inside = text
        .trim_start()
        .strip_prefix('(')
        .ok_or("`(status…)` follows the word opening a response")?;
    let mut in_code = false;
    let end = inside
        .char_indices()
        .find(|(_, c)| {
            if *c == '`' {
                in_code = !in_code;
            }
            *c == ')' && !in_code
        })
        .map(|(index, _)| index)
        .ok_or("an unclosed parenthesis")?;
    let inside = &inside[..end];
    let status = inside
        .get(..3)
        .and_then(|digits| digits.parse().ok())
        .ok_or("the parenthesis opens with the status")?;
    let headers = inside
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|code| code.split_once(": "))
        .filter(|(name, _)| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    Ok((status, headers))
}

// ---- Matching documented values against actual ones ----

/// Example UUIDs and tokens of a guide, matched one to one with actual ones.
#[derive(Debug, Default, Clone)]
pub struct Ids {
    actual: HashMap<String, String>,
    documented: HashMap<String, String>,
}

impl Ids {
    fn bind(&mut self, documented: &str, actual: &str) -> Result<(), String> {
        match (self.actual.get(documented), self.documented.get(actual)) {
            (Some(known), _) if known != actual => Err(format!(
                "{documented} stands for {known} earlier in the guide, not {actual}"
            )),
            (_, Some(known)) if known != documented => Err(format!(
                "{actual} was shown as {known} earlier in the guide, not {documented}"
            )),
            _ => {
                self.actual.insert(documented.to_owned(), actual.to_owned());
                self.documented
                    .insert(actual.to_owned(), documented.to_owned());
                Ok(())
            }
        }
    }
}

const ELLIPSIS: &str = "…";

fn is_ellipsis(value: &Value) -> bool {
    value.as_str() == Some(ELLIPSIS)
}

pub fn match_value(
    documented: &Value,
    actual: &Value,
    at: &str,
    ids: &mut Ids,
) -> Result<(), String> {
    let at_or_root = if at.is_empty() { "/" } else { at };
    let mismatch = || format!("at {at_or_root}: documented {documented}, actual {actual}");
    match (documented, actual) {
        _ if is_ellipsis(documented) => Ok(()),
        (Value::Object(documented), Value::Object(actual)) => {
            for (name, value) in documented.iter().filter(|(name, _)| *name != ELLIPSIS) {
                let member = actual
                    .get(name)
                    .ok_or_else(|| format!("at {at_or_root}: no member `{name}`"))?;
                match_value(value, member, &format!("{at}/{name}"), ids)?;
            }
            match actual.keys().find(|name| !documented.contains_key(*name)) {
                Some(name) if !documented.contains_key(ELLIPSIS) => Err(format!(
                    "at {at_or_root}: a member `{name}` the guide does not show \
                     (show it, or add \"…\": \"…\")"
                )),
                _ => Ok(()),
            }
        }
        (Value::Array(documented), Value::Array(actual)) => {
            match_elements(documented, actual, at, 0, ids).map_err(|problem| {
                format!(
                    "{problem}\n(the array at {at_or_root} is {})",
                    Value::from(actual.clone())
                )
            })
        }
        (Value::String(documented), Value::String(actual)) => match_string(documented, actual, ids)
            .map_err(|problem| format!("at {at_or_root}: {problem}")),
        (Value::Number(documented), Value::Number(actual)) => {
            let same = match (documented.as_i64(), actual.as_i64()) {
                (Some(documented), Some(actual)) => documented == actual,
                _ => documented.as_f64() == actual.as_f64(),
            };
            if same { Ok(()) } else { Err(mismatch()) }
        }
        _ if documented == actual => Ok(()),
        _ => Err(mismatch()),
    }
}

/// `documented` against `actual`, a `"…"` element standing for any number of elements.
fn match_elements(
    documented: &[Value],
    actual: &[Value],
    at: &str,
    offset: usize,
    ids: &mut Ids,
) -> Result<(), String> {
    match documented.split_first() {
        None if actual.is_empty() => Ok(()),
        None => Err(format!(
            "at {at}/{offset}: {} element(s) more than documented",
            actual.len()
        )),
        Some((first, rest)) if is_ellipsis(first) => {
            let mut first_problem = None;
            for skip in 0..=actual.len() {
                let mut trial = ids.clone();
                match match_elements(rest, &actual[skip..], at, offset + skip, &mut trial) {
                    Ok(()) => {
                        *ids = trial;
                        return Ok(());
                    }
                    Err(problem) => {
                        first_problem.get_or_insert(problem);
                    }
                }
            }
            Err(format!(
                "at {at}: the documented elements do not appear in order (first try: {})",
                first_problem.unwrap_or_default()
            ))
        }
        Some((first, rest)) => {
            let (element, remaining) = actual
                .split_first()
                .ok_or_else(|| format!("at {at}/{offset}: fewer elements than documented"))?;
            match_value(first, element, &format!("{at}/{offset}"), ids)?;
            match_elements(rest, remaining, at, offset + 1, ids)
        }
    }
}

pub fn match_string(documented: &str, actual: &str, ids: &mut Ids) -> Result<(), String> {
    let mismatch = || Err(format!("documented {documented:?}, actual {actual:?}"));
    if let Some(prefix) = documented.strip_suffix(ELLIPSIS) {
        return if actual.starts_with(prefix) {
            Ok(())
        } else {
            mismatch()
        };
    }
    if is_placeholder(documented) {
        return if actual.is_empty() {
            mismatch()
        } else {
            Ok(())
        };
    }
    if is_timestamp(documented) {
        return if is_timestamp(actual) {
            Ok(())
        } else {
            mismatch()
        };
    }
    if let Some(prefix) = token_prefix(documented) {
        return if token_prefix(actual) == Some(prefix) {
            ids.bind(documented, actual)
        } else {
            mismatch()
        };
    }
    // Literal text, with any UUID in it standing for the actual one at the same place.
    let mut rest = actual;
    for (index, segment) in uuid_segments(documented).into_iter().enumerate() {
        if index % 2 == 0 {
            match rest.strip_prefix(segment) {
                Some(after) => rest = after,
                None => return mismatch(),
            }
        } else {
            match rest.get(..36).filter(|candidate| is_uuid(candidate)) {
                Some(uuid) => {
                    ids.bind(segment, uuid)?;
                    rest = &rest[36..];
                }
                None => return mismatch(),
            }
        }
    }
    if rest.is_empty() { Ok(()) } else { mismatch() }
}

/// `VOTRE_ACCESS_TOKEN`, `YOUR_API_KEY`: a value the reader fills in.
fn is_placeholder(text: &str) -> bool {
    (text.starts_with("VOTRE_") || text.starts_with("YOUR_"))
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn is_timestamp(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// `whsec_`, `msg_`, `evt_`: the prefix of a random token (at least 16 base64
/// characters, one a digit or a capital, after a lower-case prefix). A snake_case code
/// such as `delivery_attempts_exhausted` has neither; a random token lacks both about
/// once in 10^15 (one without a digit alone was once in 1 700 secrets: the guide test
/// failed on `whsec_M/kIrImCpuyYQOOdaOhWBkInMGFWVXSrzSnLTZpovqQ=`).
fn token_prefix(text: &str) -> Option<&str> {
    let (prefix, rest) = text.split_once('_')?;
    let base64 = |c: char| c.is_ascii_alphanumeric() || "+/=-_".contains(c);
    (!prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && rest.len() >= 16
        && rest.chars().all(base64)
        && rest
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase()))
    .then(|| &text[..=prefix.len()])
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, c)| match index {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `text` split around its UUIDs: literal, UUID, literal, … (literals possibly empty).
fn uuid_segments(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut literal_start = 0;
    let mut index = 0;
    while index < text.len() {
        match text
            .get(index..index + 36)
            .filter(|candidate| is_uuid(candidate))
        {
            Some(uuid) => {
                segments.push(&text[literal_start..index]);
                segments.push(uuid);
                index += 36;
                literal_start = index;
            }
            None => index += text[index..].chars().next().map_or(1, char::len_utf8),
        }
    }
    segments.push(&text[literal_start..]);
    segments
}

#[cfg(test)]
mod tests {
    use super::token_prefix;

    #[test]
    fn a_random_secret_is_a_token_whatever_its_characters_a_code_is_not() {
        for secret in [
            "whsec_M/kIrImCpuyYQOOdaOhWBkInMGFWVXSrzSnLTZpovqQ=",
            "whsec_Zk3pQm8vT2xR7nYc4bLw9sHd1gFj6aUe0oKi5tNq3Vc=",
            "msg_2f1c0a9e7b3d4c5e8f6a",
        ] {
            assert_eq!(
                token_prefix(secret),
                secret
                    .split_once('_')
                    .map(|(prefix, _)| &secret[..=prefix.len()]),
                "{secret}"
            );
        }
        assert_eq!(token_prefix("delivery_attempts_exhausted"), None);
        assert_eq!(token_prefix("statement_limit_reached"), None);
    }
}
