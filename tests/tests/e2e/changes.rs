//! `changes(since:)`: a phone keeps the office's cases and receives only what changed since
//! it last asked; nobody outside the office receives any of them.
use super::{flow::*, *};

const CHANGES: &str = "query($since: String, $first: Int) { changes(since: $since, first: $first) { cursor hasMore cases { id currentStepKey } } }";

async fn changes(
    app: &TestApp,
    token: &str,
    since: Option<&str>,
    first: Option<i64>,
) -> serde_json::Value {
    ok(app, token, CHANGES, json!({"since": since, "first": first})).await["changes"].clone()
}

fn ids(page: &serde_json::Value) -> Vec<String> {
    page["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

e2e!(fn a_phone_receives_only_what_changed_since_it_last_asked(app) {
    let b = Blitar::login(&app).await;
    let (_, first_case) = open_case(&app, &b).await;
    let (_, second_case) = open_case(&app, &b).await;
    // From the beginning: both, oldest change first; a small page says more wait.
    let page = changes(&app, &b.staf, None, Some(1)).await;
    assert_eq!((ids(&page), page["hasMore"].as_bool()), (vec![first_case.clone()], Some(true)));
    let page = changes(&app, &b.staf, page["cursor"].as_str(), Some(1)).await;
    assert_eq!((ids(&page), page["hasMore"].as_bool()), (vec![second_case.clone()], Some(false)));
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    // Nothing changed: nothing comes, and the cursor stays usable.
    let page = changes(&app, &b.staf, Some(&cursor), None).await;
    assert_eq!(ids(&page), Vec::<String>::new());
    assert_eq!(page["cursor"], cursor.as_str());
    // The first case moves on: only it comes, as it is now.
    complete(&app, &b.staf, &first_case, "terima_permohonan", json!({})).await;
    let page = changes(&app, &b.staf, Some(&cursor), None).await;
    assert_eq!(ids(&page), vec![first_case.clone()]);
    assert_eq!(page["cases"][0]["currentStepKey"], "cek_dan_asesmen");
    // A change of the client (its name shows on the case) reaches the phones too.
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    let client = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { client { id version } } }", json!({"id": second_case})).await["case"]["client"].clone();
    ok(&app, &b.staf, "mutation($i: UpdateClientInput!) { updateClient(input: $i) { version } }",
        json!({"i": {"id": client["id"], "expectedVersion": client["version"], "mutationId": new_id(), "name": "Mbah Karsi Rahayu"}})).await;
    let page = changes(&app, &b.staf, Some(&cursor), None).await;
    assert_eq!(ids(&page), vec![second_case.clone()]);
    // A holiday moves the due times of running steps: phones hear of both cases.
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    ok(&app, &app.login("admin@blitar").await.access, "mutation { setOfficeHoliday(date: \"2027-03-19\", name: \"Nyepi (uji)\") { date } }", json!({})).await;
    let mut moved = ids(&changes(&app, &b.staf, Some(&cursor), None).await);
    moved.sort();
    let mut both = vec![first_case.clone(), second_case.clone()];
    both.sort();
    assert_eq!(moved, both);
    // Another office sees none of them; a partner institution may not ask.
    assert_eq!(ids(&changes(&app, &app.login("peksos@lamandau").await.access, None, None).await), Vec::<String>::new());
    let body = app.gql(Some(&app.login("staf@upt-werdha").await.access), CHANGES, json!({})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    // A cursor that is not one is refused with the field named.
    let body = app.gql(Some(&b.staf), CHANGES, json!({"since": "bukan-kursor"})).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "since", "{body}");
});
