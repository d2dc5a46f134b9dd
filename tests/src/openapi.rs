//! The OpenAPI description as a test oracle: [`Description::check`] holds a response the
//! server gave to what the description says of that operation and status. Objects are
//! checked closed (`additionalProperties: false` where the description leaves them
//! open), so a member a handler adds without describing it fails the tests too; open
//! strings are checked against their known values (`x-extensible-enum` read as `enum`),
//! so a value the server sends without documenting it fails as well; and a response
//! header the description knows must be described on each response that carries it.

use std::collections::BTreeSet;

use jsonschema::Validator;
use serde_json::{Value, json};

use crate::app::TestResponse;

pub struct Description {
    document: Value,
    /// The document with every object schema closed, for validation.
    closed: Value,
}

impl Default for Description {
    fn default() -> Self {
        let document = partnerb2b::openapi::document();
        let mut closed = document.clone();
        close(&mut closed);
        close_extensible_enums(&mut closed);
        Self { document, closed }
    }
}

impl Description {
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The path template of `path` (`/api/v1/profiles/{profile_id}/` for a concrete
    /// profile path), if the description has one.
    pub fn template(&self, path: &str) -> Option<String> {
        let path = path.split('?').next().unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        self.paths().into_iter().find(|template| {
            let pattern: Vec<&str> = template.split('/').collect();
            pattern.len() == segments.len()
                && pattern.iter().zip(&segments).all(|(pattern, segment)| {
                    pattern.starts_with('{') && !segment.is_empty() || pattern == segment
                })
        })
    }

    pub fn paths(&self) -> Vec<String> {
        self.document["paths"]
            .as_object()
            .map(|paths| paths.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The methods the description gives `template`, upper case.
    pub fn methods(&self, template: &str) -> BTreeSet<String> {
        self.document["paths"][template]
            .as_object()
            .map(|item| {
                item.keys()
                    .filter(|key| *key != "parameters")
                    .map(|method| method.to_uppercase())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Panics unless `response` is what the description says `method path` answers
    /// with its status: a documented status, the headers it requires and no header it
    /// knows but does not describe there, a body valid against its schema (or no body
    /// where none is described). A method the path does not take is held to the 405
    /// every operation of the path describes.
    pub fn check(&self, method: &str, path: &str, response: &TestResponse) {
        let what = format!("{method} {path} → {}", response.status);
        let template = self
            .template(path)
            .unwrap_or_else(|| panic!("{what}: no such path in the description"));
        let methods = self.methods(&template);
        let operation = if methods.contains(method) {
            method.to_lowercase()
        } else {
            assert_eq!(response.status, 405, "{what}: the method is not described");
            methods.first().expect("a described method").to_lowercase()
        };
        let pointer = format!(
            "/paths/{}/{operation}/responses/{}",
            escape(&template),
            response.status
        );
        self.check_response(&pointer, &what, response);
    }

    /// Panics unless `response` is what the response object at `pointer` (`/paths/…` or
    /// `/components/responses/…`) describes; `what` names the request in the message.
    pub fn check_response(&self, pointer: &str, what: &str, response: &TestResponse) {
        let mut described = self
            .closed
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{what}: status not described ({pointer})"))
            .clone();
        let mut pointer = pointer.to_owned();
        if let Some(reference) = described["$ref"].as_str() {
            pointer = reference.trim_start_matches('#').to_owned();
            described = self
                .closed
                .pointer(&pointer)
                .cloned()
                .unwrap_or(Value::Null);
        }
        self.check_headers(&described, what, response);
        match described.pointer("/content/application~1json/schema") {
            Some(_) => {
                let schema_pointer = format!("#{pointer}/content/application~1json/schema");
                let problems = self.problems(&schema_pointer, &response.body);
                assert!(
                    problems.is_empty(),
                    "{what}: the body breaks the description:\n{}\nbody: {:#}",
                    problems.join("\n"),
                    response.body
                );
            }
            None => assert!(
                response.body.is_null(),
                "{what}: a body where none is described: {}",
                response.body
            ),
        }
    }

    /// The headers `described` requires are there, and every header the server sent that
    /// some response of the description has is described on this one.
    fn check_headers(&self, described: &Value, what: &str, response: &TestResponse) {
        let headers = described["headers"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (name, header) in &headers {
            if self.resolve(header)["required"] == true {
                assert!(
                    response.header(name).is_some(),
                    "{what}: header {name} missing"
                );
            }
        }
        let here: BTreeSet<String> = headers.keys().map(|name| name.to_lowercase()).collect();
        for name in response.headers.keys() {
            let name = name.as_str();
            assert!(
                here.contains(name) || !self.response_headers().contains(name),
                "{what}: it carries {name}, which its description does not list"
            );
        }
    }

    /// Every header name some response of the description has, lower case.
    fn response_headers(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        collect_response_headers(&self.document, &mut names);
        names
    }

    /// What is wrong with `value` against the schema at `pointer` (`#/paths/…`).
    pub fn problems(&self, pointer: &str, value: &Value) -> Vec<String> {
        self.validator(pointer)
            .iter_errors(value)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }

    /// Every media-type example: the pointer of its schema and its value.
    pub fn examples(&self) -> Vec<(String, Value)> {
        let mut found = Vec::new();
        collect_examples(&self.document, String::new(), &mut found);
        found
    }

    fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value["$ref"].as_str() {
            Some(reference) => self
                .closed
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or(value),
            None => value,
        }
    }

    fn validator(&self, pointer: &str) -> Validator {
        let mut root = self.closed.clone();
        // A URI fragment: the braces of path templates are percent-encoded.
        root["$ref"] = json!(pointer.replace('{', "%7B").replace('}', "%7D"));
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|error| panic!("the description's schema at {pointer}: {error}"))
    }
}

fn collect_examples(value: &Value, pointer: String, found: &mut Vec<(String, Value)>) {
    let Value::Object(object) = value else {
        return;
    };
    if let (Some(Value::Object(examples)), Some(_)) = (object.get("examples"), object.get("schema"))
    {
        for example in examples.values() {
            found.push((format!("#{pointer}/schema"), example["value"].clone()));
        }
    }
    for (key, child) in object {
        collect_examples(child, format!("{pointer}/{}", escape(key)), found);
    }
}

fn collect_response_headers(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let (Some(Value::Object(headers)), Some(_)) =
                (object.get("headers"), object.get("description"))
            {
                names.extend(headers.keys().map(|name| name.to_lowercase()));
            }
            object
                .iter()
                .filter(|(key, _)| *key != "headers")
                .for_each(|(_, child)| collect_response_headers(child, names));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_response_headers(item, names)),
        _ => {}
    }
}

/// JSON pointer escaping of one token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Closes every object schema that lists `properties` and says nothing of others, except
/// under `allOf`, where each part sees only its own members.
fn close(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.contains_key("allOf") {
                return;
            }
            if object.contains_key("properties")
                && !object.contains_key("additionalProperties")
                && object.get("type").is_none_or(|kind| kind == "object")
            {
                object.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
            object.values_mut().for_each(close);
        }
        Value::Array(items) => items.iter_mut().for_each(close),
        _ => {}
    }
}

/// Reads every `x-extensible-enum` as an `enum` (with `null` where the type allows it),
/// so the server is held to the values the description knows; clients see open strings.
fn close_extensible_enums(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(known)) = object.get("x-extensible-enum") {
                let mut values = known.clone();
                let nullable = object
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|types| types.contains(&json!("null")));
                if nullable {
                    values.push(Value::Null);
                }
                object.insert("enum".to_owned(), Value::Array(values));
            }
            object.values_mut().for_each(close_extensible_enums);
        }
        Value::Array(items) => items.iter_mut().for_each(close_extensible_enums),
        _ => {}
    }
}
