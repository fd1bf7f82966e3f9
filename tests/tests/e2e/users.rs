//! The office admin manages the office's users, and only those.
use super::*;

const CREATE: &str = "mutation($i: CreateUserInput!) { createUser(input: $i) { id username roles active office { slug } institution { slug } } }";

fn new_user(username: &str) -> serde_json::Value {
    json!({"username": username, "fullName": "Siti Rahayu", "password": "kata-sandi-awal-1", "roles": ["PEKSOS", "PENDAMPING"]})
}

e2e!(fn admin_creates_a_user_who_can_then_log_in(app) {
    let admin = app.login("admin@blitar").await;
    let body = app.gql(Some(&admin.access), CREATE, json!({"i": new_user("siti@blitar")})).await;
    let created = &body["data"]["createUser"];
    assert_eq!(created["username"], "siti@blitar", "{body}");
    assert_eq!(created["roles"], json!(["PEKSOS", "PENDAMPING"]));
    assert_eq!(created["office"]["slug"], "blitar");
    let siti = app.login_with("siti@blitar", "kata-sandi-awal-1").await.expect("new user logs in");
    let me = app.gql(Some(&siti.access), "{ me { roles } }", json!({})).await;
    assert_eq!(me["data"]["me"]["roles"], json!(["PEKSOS", "PENDAMPING"]));

    let id = created["id"].as_str().unwrap();
    let q = "mutation($id: ID!, $r: [Role!]!) { setUserRoles(userId: $id, roles: $r) { roles version } }";
    let body = app.gql(Some(&admin.access), q, json!({"id": id, "r": ["KASI"]})).await;
    assert_eq!(body["data"]["setUserRoles"]["roles"], json!(["KASI"]), "{body}");
    assert_eq!(body["data"]["setUserRoles"]["version"], 2);

    let q = "mutation($id: ID!, $p: String!) { resetUserPassword(userId: $id, newPassword: $p) { id } }";
    let body = app.gql(Some(&admin.access), q, json!({"id": id, "p": "kata-sandi-baru-2"})).await;
    assert!(body["data"]["resetUserPassword"]["id"].is_string(), "{body}");
    assert_eq!(error_code(&app.gql(Some(&siti.access), "{ me { id } }", json!({})).await), Some("UNAUTHENTICATED"));
    assert!(app.login_with("siti@blitar", "kata-sandi-awal-1").await.is_err());
    assert!(app.login_with("siti@blitar", "kata-sandi-baru-2").await.is_ok());
});

e2e!(fn bad_input_is_refused_with_a_reason(app) {
    let admin = app.login("admin@blitar").await;
    let dup = app.gql(Some(&admin.access), CREATE, json!({"i": new_user("kadis@blitar")})).await;
    assert_eq!(error_code(&dup), Some("CONFLICT"), "{dup}");
    let mut bad = new_user("Siti Rahayu!");
    let body = app.gql(Some(&admin.access), CREATE, json!({"i": bad})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(body["errors"][0]["extensions"]["field"], "username");
    bad = new_user("siti2@blitar");
    bad["password"] = json!("pendek");
    let body = app.gql(Some(&admin.access), CREATE, json!({"i": bad})).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "password", "{body}");
    bad = new_user("siti3@blitar");
    bad["roles"] = json!([]);
    let body = app.gql(Some(&admin.access), CREATE, json!({"i": bad})).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "roles", "{body}");
    // Nothing was half-written.
    let users = app.count("user").await;
    assert_eq!(users, 24, "only the demo users exist");
});

e2e!(fn only_the_admin_manages_users(app) {
    let kadis = app.login("kadis@blitar").await;
    let body = app.gql(Some(&kadis.access), CREATE, json!({"i": new_user("siti@blitar")})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let upt = app.login("staf@upt-werdha").await;
    let body = app.gql(Some(&upt.access), CREATE, json!({"i": new_user("siti@blitar")})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let anon = app.gql(None, CREATE, json!({"i": new_user("siti@blitar")})).await;
    assert_eq!(error_code(&anon), Some("UNAUTHENTICATED"));
});

e2e!(fn an_admin_cannot_touch_another_offices_users(app) {
    let lamandau = app.login("admin@lamandau").await;
    let victim = app.user_id("peksos@blitar").await;
    for q in [
        "mutation($id: ID!) { deactivateUser(userId: $id) { id } }",
        "mutation($id: ID!) { reactivateUser(userId: $id) { id } }",
        "mutation($id: ID!) { setUserRoles(userId: $id, roles: [ADMIN]) { id } }",
        "mutation($id: ID!) { resetUserPassword(userId: $id, newPassword: \"diambil-alih-123\") { id } }",
    ] {
        let body = app.gql(Some(&lamandau.access), q, json!({"id": victim})).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{q}: {body}");
    }
    app.login("peksos@blitar").await;
    // Nor create users in an institution another office registered.
    let upt = app.gql(Some(&app.login("admin@blitar").await.access), "{ institutions { edges { node { id slug } } } }", json!({})).await;
    let werdha = upt["data"]["institutions"]["edges"].as_array().unwrap().iter()
        .find(|e| e["node"]["slug"] == "upt-werdha").unwrap()["node"]["id"].clone();
    let mut input = new_user("penyusup@upt-werdha");
    input["institutionId"] = werdha.clone();
    let body = app.gql(Some(&lamandau.access), CREATE, json!({"i": input})).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    // The registering office's admin can.
    let mut input = new_user("perawat@upt-werdha");
    input["institutionId"] = werdha;
    input["roles"] = json!(["STAF"]);
    let body = app.gql(Some(&app.login("admin@blitar").await.access), CREATE, json!({"i": input})).await;
    assert_eq!(body["data"]["createUser"]["institution"]["slug"], "upt-werdha", "{body}");
    assert!(body["data"]["createUser"]["office"].is_null());
});

e2e!(fn users_are_listed_within_the_office_page_by_page(app) {
    let staf = app.login("staf@lamandau").await;
    let q = "query($a: String) { users(first: 4, after: $a) { edges { node { username office { slug } } } pageInfo { hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let body = app.gql(Some(&staf.access), q, json!({"a": after})).await;
        let page = &body["data"]["users"];
        for e in page["edges"].as_array().unwrap() {
            assert_eq!(e["node"]["office"]["slug"], "lamandau");
            seen.push(e["node"]["username"].as_str().unwrap().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != true { break; }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 9, "{seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    // Institution staff see their own institution only.
    let upt = app.login("staf@upt-binalaras").await;
    let body = app.gql(Some(&upt.access), "{ users { edges { node { username } } } }", json!({})).await;
    assert_eq!(body["data"]["users"]["edges"], json!([{"node": {"username": "staf@upt-binalaras"}}]));
    // Search by part of the name, any case.
    let body = app.gql(Some(&staf.access), "{ users(search: \"KADIS\") { edges { node { username } } } }", json!({})).await;
    assert_eq!(body["data"]["users"]["edges"], json!([{"node": {"username": "kadis@lamandau"}}]));
    let bad = app.gql(Some(&staf.access), "{ users(first: 1000) { edges { node { id } } } }", json!({})).await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    let bad = app.gql(Some(&staf.access), "{ users(after: \"rusak\") { edges { node { id } } } }", json!({})).await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
});

e2e!(fn concurrent_writes_never_hit_a_locked_database(app) {
    let admin = app.login("admin@blitar").await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let app = app.clone();
        let token = admin.access.clone();
        tasks.push(tokio::spawn(async move {
            app.gql(Some(&token), CREATE, json!({"i": new_user(&format!("serentak{i}@blitar"))})).await
        }));
    }
    for t in tasks {
        let body = t.await.unwrap();
        assert!(body["errors"].is_null(), "{body}");
    }
    assert_eq!(app.count("user").await, 24 + 12);
});
