//! The scope sweep: every query field that takes an `id` is asked, by a user who must not
//! see the record, for a record of another office or institution, and must give nothing
//! back. Fields are found by introspection, so a new `thing(id:)` query is swept as soon as
//! it exists, and the sweep fails until the test supplies a foreign id for it.
use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::TestApp;

/// A query field with an `id` argument, and whether its type needs a selection set.
#[derive(Debug, Clone)]
pub struct IdField {
    pub name: String,
    pub needs_selection: bool,
}

fn named_type(mut t: &Value) -> &Value {
    while t["name"].is_null() && !t["ofType"].is_null() {
        t = &t["ofType"];
    }
    t
}

pub async fn id_fields(app: &TestApp, token: &str) -> Vec<IdField> {
    let body = app
        .gql(
            Some(token),
            "{ __schema { queryType { fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }",
            json!({}),
        )
        .await;
    let fields = body["data"]["__schema"]["queryType"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("introspection failed: {body}"));
    fields
        .iter()
        .filter(|f| {
            f["args"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["name"] == "id")
        })
        .map(|f| {
            let kind = named_type(&f["type"])["kind"].as_str().unwrap_or("");
            IdField {
                name: f["name"].as_str().unwrap().to_owned(),
                needs_selection: matches!(kind, "OBJECT" | "INTERFACE" | "UNION"),
            }
        })
        .collect()
}

async fn ask(app: &TestApp, token: &str, field: &IdField, id: &str) -> Value {
    let selection = if field.needs_selection {
        "{ __typename }"
    } else {
        ""
    };
    let query = format!(
        "query($id: ID!) {{ {}(id: $id) {} }}",
        field.name, selection
    );
    app.gql(Some(token), &query, json!({"id": id})).await
}

/// A record for the sweep: its id, and a token of someone who may see it (the control
/// that the id is real).
pub struct Owned {
    pub id: String,
    pub owner_token: String,
}

/// `outsider_token` must see none of the records.
pub async fn sweep(app: &TestApp, outsider_token: &str, records: &BTreeMap<&str, Owned>) {
    let any_owner = &records
        .values()
        .next()
        .expect("records to sweep")
        .owner_token;
    let fields = id_fields(app, any_owner).await;
    assert!(
        !fields.is_empty(),
        "introspection found no query field with an id argument"
    );
    for field in &fields {
        let Owned { id, owner_token } = records.get(field.name.as_str()).unwrap_or_else(|| {
            panic!(
                "scope sweep: no foreign record given for query field `{}(id:)`; add one to the sweep",
                field.name
            )
        });
        let seen = ask(app, owner_token, field, id).await;
        assert!(
            !seen["data"][&field.name].is_null(),
            "control failed: the owner cannot see {}({id}): {seen}",
            field.name
        );
        let body = ask(app, outsider_token, field, id).await;
        assert!(
            body["data"][&field.name].is_null(),
            "SCOPE LEAK: {}({id}) answered an outsider: {body}",
            field.name
        );
        if let Some(code) = body["errors"][0]["extensions"]["code"].as_str() {
            assert!(
                matches!(code, "NOT_FOUND" | "FORBIDDEN"),
                "{}: outsider got {code}, expected null, NOT_FOUND or FORBIDDEN: {body}",
                field.name
            );
        }
    }
}
