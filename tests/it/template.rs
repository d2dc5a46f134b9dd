//! `template.yaml`'s HTTP events are the route tables: every route template of a
//! function is one of its events in both spellings, every event is one of its routes,
//! and one function takes the `$default` route.

use std::collections::{BTreeMap, BTreeSet};

use partnerb2b::services::function_routes;
use partnerb2b_tests::fixtures::read;
use yaml_rust2::YamlLoader;

/// `(Method, Path)` of every HttpApi event of each function, by binary; `None` for an
/// event without a path (the `$default` route).
fn http_events() -> BTreeMap<String, BTreeSet<(String, Option<String>)>> {
    let template = YamlLoader::load_from_str(&read("template.yaml")).expect("valid YAML");
    let mut events = BTreeMap::new();
    for resource in template[0]["Resources"]
        .as_hash()
        .expect("Resources")
        .values()
    {
        let Some(binary) = resource["Metadata"]["BuildProperties"]["Binary"].as_str() else {
            continue;
        };
        let Some(declared) = resource["Properties"]["Events"].as_hash() else {
            continue;
        };
        let http: BTreeSet<(String, Option<String>)> = declared
            .values()
            .filter(|event| event["Type"].as_str() == Some("HttpApi"))
            .map(|event| {
                let properties = &event["Properties"];
                (
                    properties["Method"].as_str().unwrap_or("ANY").to_owned(),
                    properties["Path"].as_str().map(str::to_owned),
                )
            })
            .collect();
        if !http.is_empty() {
            events.insert(binary.to_owned(), http);
        }
    }
    events
}

/// The events a function's table asks for: each template, with and without its slash.
fn expected(templates: impl Iterator<Item = &'static str>) -> BTreeSet<(String, Option<String>)> {
    let mut events = BTreeSet::new();
    for template in templates {
        let bare = template.trim_end_matches('/');
        for path in [bare.to_owned(), format!("{bare}/")] {
            events.insert(("ANY".to_owned(), Some(path)));
        }
    }
    events
}

#[test]
fn every_route_is_an_event_of_its_function_and_every_event_a_route() {
    let mut declared = http_events();
    let default_route = ("ANY".to_owned(), None);
    let takes_default = declared
        .values_mut()
        .map(|events| events.remove(&default_route))
        .filter(|removed| *removed)
        .count();
    assert_eq!(takes_default, 1, "exactly one function takes $default");
    let tables: BTreeMap<String, BTreeSet<(String, Option<String>)>> = function_routes()
        .into_iter()
        .map(|(binary, routes)| {
            let templates = routes.into_iter().map(|route| route.path);
            (binary.to_owned(), expected(templates))
        })
        .collect();
    assert_eq!(declared, tables);
}

#[test]
fn the_default_route_goes_to_a_function_that_answers_the_enveloped_404() {
    let with_default: Vec<String> = http_events()
        .into_iter()
        .filter(|(_, events)| events.contains(&("ANY".to_owned(), None)))
        .map(|(binary, _)| binary)
        .collect();
    assert_eq!(
        with_default,
        ["attributes"],
        "the cheapest function, no table access"
    );
}

/// Every API Gateway event in `events/` names, in `routeKey`, a route the template
/// declares for the function whose table has the event's path.
#[test]
fn every_http_event_names_a_route_of_the_template() {
    let declared = http_events();
    let owner = |path: &str| {
        function_routes()
            .into_iter()
            .find(|(_, routes)| routes.iter().any(|route| route.matches(path)))
            .map(|(binary, _)| binary)
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(partnerb2b_tests::fixtures::workspace_root().join("events"))
        .expect("events/")
    {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let event: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        let (Some(route_key), Some(raw_path)) =
            (event["routeKey"].as_str(), event["rawPath"].as_str())
        else {
            continue;
        };
        let binary = owner(raw_path).unwrap_or_else(|| panic!("{}: no route", path.display()));
        let (method, template) = route_key.split_once(' ').expect("METHOD PATH");
        assert!(
            declared[binary].contains(&(method.to_owned(), Some(template.to_owned()))),
            "{}: {route_key} is not an event of {binary}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 17, "only {checked} events checked");
}

/// The sweeper runs at least as often as an analysis takes to count as lost, so none
/// waits much longer than twice [`analysis_sweeper::STALE_AFTER`].
#[test]
fn the_analysis_sweeper_runs_on_a_schedule_no_slower_than_its_threshold() {
    let template = YamlLoader::load_from_str(&read("template.yaml")).expect("valid YAML");
    let sweeper = &template[0]["Resources"]["AnalysisSweeperFunction"];
    assert_eq!(
        sweeper["Metadata"]["BuildProperties"]["Binary"].as_str(),
        Some("analysis-sweeper")
    );
    let events = sweeper["Properties"]["Events"]
        .as_hash()
        .expect("the sweeper's events");
    let schedules: Vec<&str> = events
        .values()
        .filter(|event| event["Type"].as_str() == Some("Schedule"))
        .filter_map(|event| event["Properties"]["Schedule"].as_str())
        .collect();
    assert_eq!(schedules.len(), 1, "{schedules:?}");
    let minutes: i64 = schedules[0]
        .strip_prefix("rate(")
        .and_then(|rest| rest.strip_suffix(" minutes)"))
        .and_then(|minutes| minutes.parse().ok())
        .unwrap_or_else(|| panic!("rate(N minutes), not {}", schedules[0]));
    assert!(
        chrono::TimeDelta::minutes(minutes) <= analysis_sweeper::STALE_AFTER,
        "every {minutes} minutes"
    );
    let table = &template[0]["Resources"]["Table"]["Properties"];
    let indexes: Vec<&str> = table["GlobalSecondaryIndexes"]
        .as_vec()
        .expect("the table's indexes")
        .iter()
        .filter_map(|index| index["IndexName"].as_str())
        .collect();
    assert_eq!(indexes, [shared::store::keys::PENDING_INDEX]);
}
