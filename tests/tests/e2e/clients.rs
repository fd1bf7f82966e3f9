//! Registering the people the office serves: NIK checks, Mr X, duplicates, offline replays,
//! versions, and every read of personal data in the audit trail.
use serde_json::Value;

use super::*;

const REGISTER: &str = "mutation($i: RegisterClientInput!) { registerClient(input: $i) {
    client { id displayName name nikMasked kkNumberMasked identityStatus unidentifiedLabel version categories sex birthDate }
    warnings { code field } duplicates { clientId displayName } replayed } }";
const UPDATE: &str = "mutation($i: UpdateClientInput!) { updateClient(input: $i) { id version name identityStatus unidentifiedLabel nikMasked } }";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn siti() -> Value {
    json!({"id": new_id(), "name": "Siti Aminah", "sex": "FEMALE", "birthDate": "1990-08-17",
           "nik": "3572015708900001", "kkNumber": "3572012005150003", "originRegionCode": "35.72.01",
           "location": "SHELTER", "categories": ["GELANDANGAN"]})
}

async fn register(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(Some(token), REGISTER, json!({"i": input})).await
}

fn codes(body: &Value) -> Vec<String> {
    body["data"]["registerClient"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

e2e!(fn a_worker_registers_a_client_with_a_valid_nik(app) {
    let t = app.login("peksos@blitar").await;
    let body = register(&app, &t.access, siti()).await;
    let c = &body["data"]["registerClient"]["client"];
    assert_eq!(c["name"], "Siti Aminah", "{body}");
    assert_eq!(c["nikMasked"], "3572********0001");
    assert_eq!(c["kkNumberMasked"], "3572********0003");
    assert_eq!(c["identityStatus"], "KNOWN");
    assert!(c["unidentifiedLabel"].is_null());
    assert_eq!(codes(&body), Vec::<String>::new());
    assert!(!body.to_string().contains("3572015708900001"), "the full NIK is never in a normal answer");

    // Typing slips are refused with the field and the reason.
    let mut bad = siti();
    bad["nik"] = json!("357201570890001");
    let e = register(&app, &t.access, bad).await;
    assert_eq!(error_code(&e), Some("BAD_USER_INPUT"));
    assert_eq!(e["errors"][0]["extensions"]["field"], "nik");
    assert_eq!(e["errors"][0]["extensions"]["reason"], "LENGTH");
    let mut bad = siti();
    bad["nik"] = json!("3572017202900001");
    let e = register(&app, &t.access, bad).await;
    assert_eq!(e["errors"][0]["extensions"]["reason"], "BAD_DATE", "{e}");

    // Doubtful but possible: warned, registered.
    let mut odd = siti();
    odd["name"] = json!("Rahmat");
    odd["sex"] = json!("MALE");
    odd["birthDate"] = json!("1985-03-02");
    odd["nik"] = json!("3572990203850002");
    odd["kkNumber"] = Value::Null;
    let body = register(&app, &t.access, odd).await;
    assert!(body["data"]["registerClient"]["client"]["id"].is_string(), "{body}");
    assert_eq!(codes(&body), ["NIK_UNKNOWN_DISTRICT"]);
    let mut mismatch = siti();
    mismatch["name"] = json!("Wati");
    mismatch["nik"] = json!("3572015708900002");
    mismatch["kkNumber"] = Value::Null;
    mismatch["sex"] = json!("MALE");
    mismatch["birthDate"] = json!("1991-08-17");
    let body = register(&app, &t.access, mismatch).await;
    assert_eq!(codes(&body), ["NIK_SEX_MISMATCH", "NIK_BIRTH_DATE_MISMATCH"], "{body}");
});

e2e!(fn the_same_nik_twice_is_refused_naming_the_first(app) {
    let t = app.login("peksos@blitar").await;
    let first = register(&app, &t.access, siti()).await;
    let first_id = first["data"]["registerClient"]["client"]["id"].clone();
    let mut again = siti();
    again["name"] = json!("Aminah");
    let e = register(&app, &t.access, again.clone()).await;
    assert_eq!(error_code(&e), Some("CONFLICT"), "{e}");
    assert_eq!(e["errors"][0]["extensions"]["existingClientId"], first_id);
    // Another office learns only where the NIK is registered, not who.
    let other = app.login("peksos@lamandau").await;
    again["id"] = json!(new_id());
    let e = app.gql_with(Some(&other.access), REGISTER, json!({"i": again}), &[("accept-language", "en")]).await;
    assert_eq!(error_code(&e), Some("CONFLICT"));
    assert!(e["errors"][0]["extensions"]["existingClientId"].is_null());
    assert!(e["errors"][0]["message"].as_str().unwrap().contains("Kota Blitar"), "{e}");
});

e2e!(fn mr_x_gets_a_label_and_is_identified_later_without_losing_history(app) {
    let t = app.login("pendamping@blitar").await;
    let year = chrono::Utc::now().format("%Y").to_string();
    let unknown = json!({"id": new_id(), "sex": "MALE", "estimatedAge": 60, "location": "STREET", "categories": ["ORANG_TERLANTAR"]});
    let body = register(&app, &t.access, unknown).await;
    let c = body["data"]["registerClient"]["client"].clone();
    assert_eq!(c["unidentifiedLabel"], format!("MR-X/BLITAR/{year}/0001"), "{body}");
    assert_eq!(c["displayName"], c["unidentifiedLabel"]);
    assert_eq!(c["identityStatus"], "UNKNOWN");
    let second = register(&app, &t.access, json!({"id": new_id(), "location": "HOSPITAL", "categories": ["ORANG_TERLANTAR"]})).await;
    assert_eq!(second["data"]["registerClient"]["client"]["unidentifiedLabel"], format!("MR-X/BLITAR/{year}/0002"));
    // Lamandau counts its own.
    let l = app.login("pendamping@lamandau").await;
    let third = register(&app, &l.access, json!({"id": new_id(), "location": "STREET", "categories": ["ORANG_TERLANTAR"]})).await;
    assert_eq!(third["data"]["registerClient"]["client"]["unidentifiedLabel"], format!("MR-X/LAMANDAU/{year}/0001"));

    let id = c["id"].as_str().unwrap();
    let jump = app.gql(Some(&t.access), UPDATE, json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "identityStatus": "FOUND"}})).await;
    assert_eq!(error_code(&jump), Some("BAD_USER_INPUT"), "UNKNOWN cannot jump to FOUND: {jump}");
    // Asked and found go through a Dukcapil request and its answer, never typed in.
    let asked = app.gql(Some(&t.access), "mutation($i: RequestDukcapilCheckInput!) { requestDukcapilCheck(input: $i) { id } }",
        json!({"i": {"id": new_id(), "clientId": id, "reference": "470/12/410.105/2026"}})).await;
    let request = asked["data"]["requestDukcapilCheck"]["id"].clone();
    assert!(request.is_string(), "{asked}");
    app.gql(Some(&t.access), "mutation($i: RecordDukcapilAnswerInput!) { recordDukcapilAnswer(input: $i) { id } }",
        json!({"i": {"id": new_id(), "requestId": request, "result": "FOUND", "name": "Slamet Riyadi", "nik": "3572010101660003"}})).await;
    let found = app.gql(Some(&t.access), "query($id: ID!) { client(id: $id) { name identityStatus unidentifiedLabel } }", json!({"id": id})).await;
    let f = &found["data"]["client"];
    assert_eq!(f["name"], "Slamet Riyadi", "{found}");
    assert_eq!(f["identityStatus"], "FOUND");
    assert_eq!(f["unidentifiedLabel"], format!("MR-X/BLITAR/{year}/0001"), "the label stays");
    let hist = app.gql(Some(&t.access), "query($id: ID!) { client(id: $id) { version history { version name identityStatus unidentifiedLabel changedBy { username } } } }", json!({"id": id})).await;
    assert_eq!(hist["data"]["client"]["version"], 3);
    let h = hist["data"]["client"]["history"].as_array().unwrap();
    assert_eq!(h.len(), 2, "{hist}");
    assert_eq!(h[0]["identityStatus"], "ASKED_DUKCAPIL");
    assert_eq!(h[1]["identityStatus"], "UNKNOWN");
    assert!(h[1]["name"].is_null());
    assert_eq!(h[1]["changedBy"]["username"], "pendamping@blitar");
});

e2e!(fn similar_names_are_warned_and_registered_only_when_accepted(app) {
    let t = app.login("staf@blitar").await;
    let first = json!({"id": new_id(), "name": "Moh. Djoko Soetrisno", "birthDate": "1970-01-01", "location": "STREET", "categories": ["PENGEMIS"]});
    let body = register(&app, &t.access, first).await;
    let first_id = body["data"]["registerClient"]["client"]["id"].clone();
    let mut second = json!({"id": new_id(), "name": "Muhammad Joko Sutrisno", "birthDate": "1970-01-01", "location": "SHELTER", "categories": ["PENGEMIS"]});
    let body = register(&app, &t.access, second.clone()).await;
    let r = &body["data"]["registerClient"];
    assert!(r["client"].is_null(), "not saved without acceptDuplicates: {body}");
    assert_eq!(codes(&body), ["POSSIBLE_DUPLICATES"]);
    assert_eq!(r["duplicates"], json!([{"clientId": first_id, "displayName": "Moh. Djoko Soetrisno"}]));
    assert_eq!(app.count("client").await, 1);
    second["acceptDuplicates"] = json!(true);
    let body = register(&app, &t.access, second).await;
    assert!(body["data"]["registerClient"]["client"]["id"].is_string(), "{body}");
    assert_eq!(app.count("client").await, 2);
    // The list finds both under either spelling.
    let list = app.gql(Some(&t.access), "{ clients(filter: {name: \"muhammad joko\"}) { edges { node { displayName } } } }", json!({})).await;
    assert_eq!(list["data"]["clients"]["edges"].as_array().unwrap().len(), 2, "{list}");
});

e2e!(fn a_resent_registration_makes_one_client(app) {
    let t = app.login("peksos@blitar").await;
    let input = siti();
    let a = register(&app, &t.access, input.clone()).await;
    let b = register(&app, &t.access, input.clone()).await;
    assert_eq!(b["data"]["registerClient"]["replayed"], true, "{b}");
    assert_eq!(a["data"]["registerClient"]["client"]["id"], b["data"]["registerClient"]["client"]["id"]);
    assert_eq!(app.count("client").await, 1);
    let mut other = input;
    other["name"] = json!("Siti Aminah Binti Ali");
    let e = register(&app, &t.access, other).await;
    assert_eq!(error_code(&e), Some("CONFLICT"), "same id, other content: {e}");
    assert_eq!(app.count("client").await, 1);
});

e2e!(fn a_change_based_on_an_old_version_is_refused(app) {
    let t = app.login("peksos@blitar").await;
    let body = register(&app, &t.access, siti()).await;
    let id = body["data"]["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let change = json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "location": "UPT", "notes": "dirujuk"}});
    let ok = app.gql(Some(&t.access), UPDATE, change.clone()).await;
    assert_eq!(ok["data"]["updateClient"]["version"], 2, "{ok}");
    // The same change sent again (lost response) is not applied twice.
    let again = app.gql(Some(&t.access), UPDATE, change).await;
    assert_eq!(again["data"]["updateClient"]["version"], 2, "{again}");
    // Another worker's edit of version 1 is refused with the current version.
    let kasi = app.login("kasi@blitar").await;
    let stale = app.gql(Some(&kasi.access), UPDATE, json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "notes": "lain"}})).await;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 2);
});

e2e!(fn reading_personal_data_is_audited_once_per_client_per_request(app) {
    let t = app.login("peksos@blitar").await;
    let a = register(&app, &t.access, siti()).await["data"]["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let mut other = siti();
    other["name"] = json!("Budi");
    other["nik"] = Value::Null;
    other["kkNumber"] = Value::Null;
    other["birthDate"] = json!("1980-01-01");
    register(&app, &t.access, other).await;
    let reads = || async { app.count("audit_event").await };
    let before = reads().await;
    let body = app.gql(Some(&t.access), "query($id: ID!) { client(id: $id) { name } again: client(id: $id) { name } clients { edges { node { id } } } }", json!({"id": a})).await;
    assert_eq!(body["data"]["clients"]["edges"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(reads().await, before + 2, "one client.read per client, though `a` was read three times");
    let reveal = app.gql(Some(&t.access), "mutation($id: ID!) { revealClientIdentifiers(clientId: $id) { nik kkNumber } }", json!({"id": a})).await;
    assert_eq!(reveal["data"]["revealClientIdentifiers"], json!({"nik": "3572015708900001", "kkNumber": "3572012005150003"}));
    let admin = app.login("admin@blitar").await;
    let trail = app.gql(Some(&admin.access), "query($e: String) { auditEvents(entityId: $e) { edges { node { action actorUsername } } } }", json!({"e": a})).await;
    let actions: Vec<&str> = trail["data"]["auditEvents"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["client.reveal_identifiers", "client.read", "client.register"], "{trail}");
});

e2e!(fn only_caseworkers_of_the_office_see_clients(app) {
    let t = app.login("peksos@blitar").await;
    let id = register(&app, &t.access, siti()).await["data"]["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    for (user, code) in [("admin@blitar", "FORBIDDEN"), ("staf@upt-werdha", "FORBIDDEN")] {
        let u = app.login(user).await;
        // Reading: null, as for another office's client; registering: refused.
        let body = app.gql(Some(&u.access), "query($id: ID!) { client(id: $id) { name } }", json!({"id": id})).await;
        assert!(body["data"]["client"].is_null() && body["errors"].is_null(), "{user}: {body}");
        let body = register(&app, &u.access, siti()).await;
        assert_eq!(error_code(&body), Some(code), "{user}: {body}");
    }
    let other = app.login("kadis@lamandau").await;
    let body = app.gql(Some(&other.access), "query($id: ID!) { client(id: $id) { name } }", json!({"id": id})).await;
    assert!(body["data"]["client"].is_null() && body["errors"].is_null(), "{body}");
    let body = app.gql(Some(&other.access), UPDATE, json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "notes": "x"}})).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"));
    let body = app.gql(Some(&other.access), "mutation($id: ID!) { revealClientIdentifiers(clientId: $id) { nik } }", json!({"id": id})).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"));
    let list = app.gql(Some(&other.access), "{ clients { edges { node { id } } } }", json!({})).await;
    assert_eq!(list["data"]["clients"]["edges"], json!([]));
});

e2e!(fn the_client_list_filters(app) {
    let t = app.login("peksos@blitar").await;
    register(&app, &t.access, siti()).await;
    register(&app, &t.access, json!({"id": new_id(), "location": "STREET", "categories": ["ORANG_TERLANTAR", "PENYANDANG_DISABILITAS"]})).await;
    let q = "query($f: ClientFilter) { clients(filter: $f) { edges { node { displayName categories } } } }";
    let count = |body: Value| body["data"]["clients"]["edges"].as_array().map_or(0, |a| a.len());
    assert_eq!(count(app.gql(Some(&t.access), q, json!({"f": {"identityStatus": "UNKNOWN"}})).await), 1);
    assert_eq!(count(app.gql(Some(&t.access), q, json!({"f": {"category": "PENYANDANG_DISABILITAS"}})).await), 1);
    assert_eq!(count(app.gql(Some(&t.access), q, json!({"f": {"location": "SHELTER"}})).await), 1);
    assert_eq!(count(app.gql(Some(&t.access), q, json!({"f": {"nik": "3572 0157 0890 0001"}})).await), 1);
    assert_eq!(count(app.gql(Some(&t.access), q, json!({"f": {"name": "siti"}})).await), 1);
    assert_eq!(count(app.gql(Some(&t.access), q, json!({})).await), 2);
});
