//! JSONTestSuite's parsing cases (tests/fixtures/jsontestsuite.json, sources noted there): every
//! `n_` case is rejected as invalid JSON with a line and column, and every `y_` case passes the
//! JSON layer and fails only as "not a JSON Feed". Nothing panics.

use newsroom_core::feed::{parse_feed, FeedError};

#[derive(serde::Deserialize)]
struct Suite {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    input: String,
}

fn suite() -> Vec<Case> {
    let text = include_str!("fixtures/jsontestsuite.json");
    serde_json::from_str::<Suite>(text)
        .expect("the suite file is JSON")
        .cases
}

#[test]
fn every_n_case_is_rejected_as_invalid_json_with_a_position() {
    let mut checked = 0;
    for case in suite().iter().filter(|c| c.name.starts_with("n_")) {
        match parse_feed(&case.input) {
            Err(FeedError::NotJson { line, column, .. }) => {
                assert!(
                    line >= 1 && column >= 1,
                    "{}: line {line} column {column}",
                    case.name
                );
            }
            other => panic!("{}: {other:?}", case.name),
        }
        checked += 1;
    }
    assert_eq!(checked, 188);
}

#[test]
fn every_y_case_passes_the_json_layer_and_is_not_a_json_feed() {
    let mut checked = 0;
    for case in suite().iter().filter(|c| c.name.starts_with("y_")) {
        match parse_feed(&case.input) {
            Err(FeedError::NotJsonFeed(_)) => {}
            other => panic!("{}: {other:?}", case.name),
        }
        checked += 1;
    }
    assert_eq!(checked, 95);
}
