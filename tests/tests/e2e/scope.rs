//! The scope sweep: no `thing(id:)` query answers a user of another office or institution.
use std::collections::BTreeMap;

use rehsos_tests::scope_sweep::sweep;

use super::*;

e2e!(fn no_id_query_answers_another_office(app) {
    let owner = app.login("admin@blitar").await;
    let body = app.gql(Some(&owner.access), "{ institutions { edges { node { id slug } } } auditEvents(first: 1) { edges { node { id } } } }", json!({})).await;
    let werdha = body["data"]["institutions"]["edges"].as_array().unwrap().iter()
        .find(|e| e["node"]["slug"] == "upt-werdha").unwrap()["node"]["id"].as_str().unwrap().to_owned();
    let event = body["data"]["auditEvents"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned();
    let foreign: BTreeMap<&str, String> = [
        ("user", app.user_id("peksos@blitar").await),
        ("institution", werdha),
        ("auditEvent", event),
    ].into();
    // The other office's admin (the most powerful outsider), a plain worker there, and
    // staff of an institution: none of them sees Blitar's records.
    for outsider in ["admin@lamandau", "peksos@lamandau", "staf@lks-harapan"] {
        let t = app.login(outsider).await;
        sweep(&app, &owner.access, &t.access, &foreign).await;
    }
});

e2e!(fn institution_staff_see_only_their_own_institution(app) {
    let lks = app.login("staf@lks-harapan").await;
    let body = app.gql(Some(&lks.access), "{ institutions { edges { node { slug kind office { slug } } } } }", json!({})).await;
    assert_eq!(body["data"]["institutions"]["edges"], json!([{"node": {"slug": "lks-harapan", "kind": "LKS", "office": {"slug": "blitar"}}}]), "{body}");
    let other = app.login("staf@lamandau").await;
    let body = app.gql(Some(&other.access), "{ institutions { edges { node { slug } } } }", json!({})).await;
    assert_eq!(body["data"]["institutions"]["edges"], json!([]));
});
