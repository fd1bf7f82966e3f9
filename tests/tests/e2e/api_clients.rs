//! Third-party apps: registration by the office admin (and the operator for a province),
//! OAuth 2.0 client credentials, scoped reads of registered queries, the cost budget and
//! the request log.
use crate::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

const CLIENT_FIELDS: &str = "register($c: RegisterApiClientInput!) { registerApiClient(input: $c) { client { id } clientSecret } }";

/// Registers a client of the admin's office; (id, secret).
async fn register(app: &TestApp, admin: &str, input: Value) -> (String, String) {
    let mut c = json!({"name": "Dasbor Provinsi", "organisation": "Dinas Sosial Provinsi Jawa Timur",
        "contact": "data@dinsos.jatimprov.go.id"});
    c.as_object_mut()
        .unwrap()
        .extend(input.as_object().unwrap().clone());
    let body = app
        .gql(
            Some(admin),
            &format!("mutation {CLIENT_FIELDS}"),
            json!({"c": c}),
        )
        .await;
    let r = &body["data"]["registerApiClient"];
    assert!(r.is_object(), "{body}");
    (
        r["client"]["id"].as_str().unwrap().into(),
        r["clientSecret"].as_str().unwrap().into(),
    )
}

/// `POST /oauth/token` with HTTP Basic; (status, JSON body).
async fn token_basic(app: &TestApp, id: &str, secret: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let resp = app
        .http
        .post(app.url("/oauth/token"))
        .basic_auth(id, Some(secret))
        .form(form)
        .send()
        .await
        .unwrap();
    (
        resp.status().as_u16(),
        resp.json().await.unwrap_or(Value::Null),
    )
}

async fn token(app: &TestApp, id: &str, secret: &str) -> String {
    let (status, body) =
        token_basic(app, id, secret, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().into()
}

async fn register_op(app: &TestApp, admin: &str, client: &str, document: &str) -> String {
    let body = app.gql(Some(admin), "mutation($id: ID!, $d: String!) { registerApiClientOperation(clientId: $id, document: $d) { sha256 } }",
        json!({"id": client, "d": document})).await;
    body["data"]["registerApiClientOperation"]["sha256"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .into()
}

/// A GraphQL request with a client token: (status, headers, body).
async fn run(app: &TestApp, token: &str, body: Value) -> (u16, reqwest::header::HeaderMap, Value) {
    let resp = app
        .http
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
    (status, headers, resp.json().await.unwrap())
}

async fn new_client(app: &TestApp, username: &str, name: &str) -> String {
    let peksos = app.login(username).await;
    let id = uuid::Uuid::now_v7().to_string();
    // NIKs are unique nationally: one of the office's own region for each.
    let nik = if username.ends_with("@blitar") {
        "3505014107700002"
    } else {
        "6209014107700003"
    };
    let body = app.gql(Some(&peksos.access),
        "mutation($id: ID!, $n: String!, $nik: String!) { registerClient(input: {id: $id, name: $n, nik: $nik, originAddress: \"Jl. Merdeka 5\", location: STREET, categories: [GELANDANGAN], notes: \"sakit kaki\"}) { client { id } } }",
        json!({"id": id, "n": name, "nik": nik})).await;
    assert!(body["errors"].is_null(), "{body}");
    id
}

e2e!(fn client_credentials_follow_the_oauth_rfcs(app) {
    let admin = app.login("admin@blitar").await;
    // Only the office admin registers (or the operator).
    let peksos = app.login("peksos@blitar").await;
    let body = app.gql(Some(&peksos.access), &format!("mutation {CLIENT_FIELDS}"),
        json!({"c": {"name": "x", "organisation": "y", "contact": "z", "scopes": ["cases:read"]}})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let body = app.gql(Some(&peksos.access), "{ apiClients { id } }", json!({})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let (id, secret) = register(&app, &admin.access, json!({"scopes": ["cases:read", "clients:read"]})).await;

    let (status, body) = token_basic(&app, &id, &secret, &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_i64().unwrap() <= 900);
    assert_eq!(body["scope"], "cases:read clients:read");
    assert!(body.get("refresh_token").is_none());
    // Form credentials and a narrower scope.
    let resp = app.http.post(app.url("/oauth/token"))
        .form(&[("grant_type", "client_credentials"), ("client_id", id.as_str()), ("client_secret", secret.as_str()), ("scope", "cases:read")])
        .send().await.unwrap();
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let narrow: Value = resp.json().await.unwrap();
    assert_eq!(narrow["scope"], "cases:read");

    let (status, body) = token_basic(&app, &id, "rsk_wrong", &[("grant_type", "client_credentials")]).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
    let (status, body) = token_basic(&app, &uuid::Uuid::now_v7().to_string(), &secret, &[("grant_type", "client_credentials")]).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
    let (status, body) = token_basic(&app, &id, &secret, &[("grant_type", "password")]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("unsupported_grant_type")));
    let (status, body) = token_basic(&app, &id, &secret, &[("grant_type", "client_credentials"), ("scope", "cases:read clients:pii")]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_scope")), "{body}");

    // clients:pii only with a legal basis.
    let body = app.gql(Some(&admin.access), &format!("mutation {CLIENT_FIELDS}"),
        json!({"c": {"name": "x", "organisation": "y", "contact": "z", "scopes": ["clients:pii"]}})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(body["errors"][0]["extensions"]["field"], "legalBasis");

    // A client token is no staff token, also outside GraphQL.
    let access = token(&app, &id, &secret).await;
    let me = app.gql(Some(&access), "{ me { id } }", json!({})).await;
    assert_eq!(error_code(&me), Some("FORBIDDEN"), "{me}");
    let book = app.http.get(app.url("/books/incoming.pdf")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(book.status().as_u16(), 403);
    let book: Value = book.json().await.unwrap();
    assert_eq!(book["errors"][0]["extensions"]["reason"], "STAFF_TOKEN_REQUIRED", "{book}");

    // RFC 7009: the revoked token stops at once; the client's next one works.
    let staff_only = "{ me { id } }";
    register_op(&app, &admin.access, &id, staff_only).await;
    let resp = app.http.post(app.url("/oauth/revoke")).basic_auth(&id, Some(&secret))
        .form(&[("token", access.as_str())]).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let (status, _, body) = run(&app, &access, json!({"query": staff_only})).await;
    assert_eq!(body["errors"][0]["extensions"]["reason"], "TOKEN_INVALID", "{status} {body}");

    // Rotation: the old secret works through its grace period, or not at all with 0 hours.
    let rotated = app.gql(Some(&admin.access), "mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientSecret client { previousSecretValidUntil } } }", json!({"id": id})).await;
    let new_secret = rotated["data"]["rotateApiClientSecret"]["clientSecret"].as_str().unwrap().to_owned();
    assert!(rotated["data"]["rotateApiClientSecret"]["client"]["previousSecretValidUntil"].is_string());
    token(&app, &id, &secret).await;
    token(&app, &id, &new_secret).await;
    let again = app.gql(Some(&admin.access), "mutation($id: ID!) { rotateApiClientSecret(id: $id, graceHours: 0) { clientSecret } }", json!({"id": id})).await;
    let newest = again["data"]["rotateApiClientSecret"]["clientSecret"].as_str().unwrap().to_owned();
    assert_eq!(token_basic(&app, &id, &new_secret, &[("grant_type", "client_credentials")]).await.0, 401);
    let live = token(&app, &id, &newest).await;

    // Another office's admin cannot touch it; revoking ends the live token too.
    let other = app.login("admin@lamandau").await;
    let body = app.gql(Some(&other.access), "mutation($id: ID!) { revokeApiClient(id: $id, reason: \"x\") { id } }", json!({"id": id})).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"));
    let body = app.gql(Some(&admin.access), "mutation($id: ID!) { revokeApiClient(id: $id, reason: \"MOU berakhir\") { revokedAt } }", json!({"id": id})).await;
    assert!(body["data"]["revokeApiClient"]["revokedAt"].is_string(), "{body}");
    let (_, _, body) = run(&app, &live, json!({"query": staff_only})).await;
    assert_eq!(body["errors"][0]["extensions"]["reason"], "TOKEN_INVALID");
    assert_eq!(token_basic(&app, &id, &newest, &[("grant_type", "client_credentials")]).await.0, 401);
});

e2e!(fn a_client_token_runs_registered_reads_within_its_scope_and_reach(app) {
    let ours = new_client(&app, "peksos@blitar", "Sukirah").await;
    let theirs = new_client(&app, "peksos@lamandau", "Mariam").await;
    let admin = app.login("admin@blitar").await;
    let (id, secret) = register(&app, &admin.access, json!({"scopes": ["clients:read", "cases:read"]})).await;
    let access = token(&app, &id, &secret).await;
    let read = "query Read($id: ID!) { client(id: $id) { id name nikMasked nik notes documents { id } categories } }";

    // Not registered yet: refused, and logged as such.
    let (status, _, body) = run(&app, &access, json!({"query": read, "variables": {"id": ours}})).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["reason"], "OPERATION_NOT_REGISTERED");
    assert!(body.get("data").is_none_or(|d| d.is_null()));

    let hash = register_op(&app, &admin.access, &id, read).await;
    assert_eq!(hash, format!("{:x}", Sha256::digest(read.as_bytes())));
    let (status, headers, body) = run(&app, &access, json!({"query": read, "variables": {"id": ours}})).await;
    assert_eq!(status, 200, "{body}");
    let c = &body["data"]["client"];
    assert_eq!(c["name"], "Sukirah");
    assert_eq!(c["nikMasked"].as_str().unwrap().len(), 16);
    // Beyond the scope: null (a list: empty), each with an error naming what it needs.
    assert!(c["nik"].is_null() && c["notes"].is_null(), "{body}");
    assert_eq!(c["documents"], json!([]));
    let needs: std::collections::BTreeMap<String, String> = body["errors"].as_array().unwrap().iter()
        .map(|e| (e["path"].as_array().unwrap().last().unwrap().as_str().unwrap().to_owned(),
                  e["extensions"]["requiredScope"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(needs, [("documents", "clients:pii"), ("nik", "clients:pii"), ("notes", "staff")]
        .into_iter().map(|(a, b)| (a.to_owned(), b.to_owned())).collect());
    assert!(body["errors"].as_array().unwrap().iter().all(|e| e["extensions"]["reason"] == "SCOPE_REQUIRED"));
    assert!(headers.contains_key("x-ratelimit-remaining"));

    // By its hash alone (a persisted query); another office's client is null.
    let by_hash = json!({"variables": {"id": theirs}, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash}}});
    let (status, _, body) = run(&app, &access, by_hash).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["client"].is_null(), "Blitar's client reads Lamandau's record: {body}");

    // No introspection, no staff mutation.
    let schema = "{ __schema { queryType { name } } }";
    register_op(&app, &admin.access, &id, schema).await;
    let (_, _, body) = run(&app, &access, json!({"query": schema})).await;
    assert!(body["data"].is_null() || body["data"]["__schema"].is_null(), "{body}");
    let logout = "mutation { logout }";
    register_op(&app, &admin.access, &id, logout).await;
    let (_, _, body) = run(&app, &access, json!({"query": logout})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");

    // The read is in the read log under the client's name.
    let reads = app.gql(Some(&admin.access),
        "query($e: String!) { auditEvents(action: \"client.read\", entityId: $e) { nodes { actorUsername } } }", json!({"e": ours})).await;
    let who: Vec<&str> = reads["data"]["auditEvents"]["nodes"].as_array().map(|n| n.iter().filter_map(|e| e["actorUsername"].as_str()).collect()).unwrap_or_default();
    assert!(who.contains(&format!("client:{id}").as_str()), "{reads}");

    // The admin searches the client's requests; Lamandau's admin sees none of them.
    let log = app.gql(Some(&admin.access), "query($id: ID, $h: String) { apiClientRequests(clientId: $id, operationHash: $h) { nodes { operationHash records outcome scopes } } }",
        json!({"id": id, "h": hash})).await;
    let rows = log["data"]["apiClientRequests"]["nodes"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 3, "the refused, the scoped and the persisted run: {log}");
    assert!(rows.iter().any(|r| r["outcome"] == "ERRORS" && r["records"] == 1 && r["scopes"] == json!(["clients:read"])), "{log}");
    let unregistered = app.gql(Some(&admin.access), "query($id: ID) { apiClientRequests(clientId: $id) { nodes { outcome } } }", json!({"id": id})).await;
    assert!(unregistered["data"]["apiClientRequests"]["nodes"].as_array().unwrap().iter().any(|r| r["outcome"] == "UNREGISTERED"));
    let other = app.login("admin@lamandau").await;
    let none = app.gql(Some(&other.access), "{ apiClientRequests { nodes { id } } }", json!({})).await;
    assert_eq!(none["data"]["apiClientRequests"]["nodes"], json!([]));

    // With clients:pii and a legal basis: the full NIK and the address.
    let (pii, pii_secret) = register(&app, &admin.access, json!({"scopes": ["clients:read", "clients:pii"],
        "legalBasis": "Permensos 9/2018; PKS 12/2026", "agreementRef": "PKS 12/2026"})).await;
    let pii_read = "query($id: ID!) { client(id: $id) { nik originAddress } }";
    register_op(&app, &admin.access, &pii, pii_read).await;
    let (_, _, body) = run(&app, &token(&app, &pii, &pii_secret).await, json!({"query": pii_read, "variables": {"id": ours}})).await;
    assert_eq!(body["data"]["client"], json!({"nik": "3505014107700002", "originAddress": "Jl. Merdeka 5"}), "{body}");
});

e2e!(fn a_spent_budget_answers_429_until_its_window_passes(app) {
    let admin = app.login("admin@blitar").await;
    let (id, secret) = register(&app, &admin.access, json!({"scopes": ["clients:read"], "costPerMinute": 10})).await;
    let access = token(&app, &id, &secret).await;
    let list = "{ clients(first: 1) { nodes { id } } }";
    register_op(&app, &admin.access, &id, list).await;
    let mut seen = Vec::new();
    let mut limited = None;
    for _ in 0..12 {
        let (status, headers, body) = run(&app, &access, json!({"query": list})).await;
        assert_eq!(headers["x-ratelimit-limit"], "10");
        if status == 429 {
            limited = Some((headers, body));
            break;
        }
        seen.push(headers["x-ratelimit-remaining"].to_str().unwrap().parse::<i32>().unwrap());
    }
    let (headers, body) = limited.expect("the budget runs out");
    assert!(seen.windows(2).all(|w| w[1] < w[0]), "remaining falls: {seen:?}");
    assert_eq!(body["errors"][0]["extensions"]["reason"], "RATE_LIMITED");
    let retry: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    // The minute passes (the window is moved back rather than waited for).
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let minus = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "window_start - interval '2 minutes'",
        _ => "strftime('%Y-%m-%d %H:%M:%S+00:00', window_start, '-2 minutes')",
    };
    db.execute_raw(Statement::from_string(db.get_database_backend(),
        format!("UPDATE api_client_usage SET window_start = {minus} WHERE span = 'MINUTE'"))).await.unwrap();
    let (status, _, body) = run(&app, &access, json!({"query": list})).await;
    assert_eq!(status, 200, "{body}");
});

e2e!(fn the_operator_registers_a_client_for_a_whole_province(app) {
    let admin = app.login("admin@blitar").await;
    let body = app.gql(Some(&admin.access), &format!("mutation {CLIENT_FIELDS}"),
        json!({"c": {"name": "x", "organisation": "y", "contact": "z", "scopes": ["clients:read"], "reach": "PROVINCE", "provinceCode": "35"}})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    let body = app.gql(Some(&admin.access), "mutation($id: ID!) { setUserRoles(userId: $id, roles: [ADMIN, OPERATOR]) { id } }",
        json!({"id": admin.user_id})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "OPERATOR is not granted through the API");

    rehsos_server::actions::users::grant_operator(&app.state, "kadis@blitar").await.unwrap();
    let operator = app.login("kadis@blitar").await;
    let ours = new_client(&app, "peksos@blitar", "Paijo").await;
    let theirs = new_client(&app, "peksos@lamandau", "Bahrun").await;
    let (id, secret) = register(&app, &operator.access, json!({"scopes": ["clients:read"], "reach": "PROVINCE", "provinceCode": "35"})).await;
    let read = "query($id: ID!) { client(id: $id) { name office { slug } } }";
    register_op(&app, &operator.access, &id, read).await;
    let access = token(&app, &id, &secret).await;
    let (_, _, body) = run(&app, &access, json!({"query": read, "variables": {"id": ours}})).await;
    assert_eq!(body["data"]["client"]["office"]["slug"], "blitar", "{body}");
    let (_, _, body) = run(&app, &access, json!({"query": read, "variables": {"id": theirs}})).await;
    assert!(body["data"]["client"].is_null(), "Lamandau is in Kalimantan Tengah (62): {body}");
});

/// Every field the scope table opens to clients, on a case with a referral and on an LKS
/// application: a token with every read scope gets them all without an error (so the
/// table promises nothing a resolver then refuses).
const EVERY_ALLOWED_FIELD: &str = "query Every($case: ID!, $client: ID!, $app: ID!) {
  client(id: $client) { id displayName name aliases sex birthDate estimatedAge age nikMasked kkNumberMasked
    nik kkNumber originAddress locationDetail originRegionCode originRegion { code name level parentCode parent { code } }
    location categories identityStatus unidentifiedLabel office { id slug name regionCode timezone region { code } }
    version createdAt updatedAt photo { id } documents { id kind contentType sizeBytes sha256 width height uploadedAt } }
  clients(first: 2) { pageInfo { hasPreviousPage hasNextPage startCursor endCursor } edges { cursor node { id } } nodes { id } }
  case(id: $case) { id status version outcome sop { id code number name nameEn } reportId currentStepKey
    currentStep { id } openedAt closedAt standardTime dueAt overdue continuedFrom { id } continuedIn { id }
    client { id }
    steps { id caseId key number text textEn status waitingFor startedAt dueAt overdue standardTime standardMinutes
      takenMinutes paused completedAt completedRole branch }
    referrals { id status officeName sentAt answeredAt declineReason admittedAt withdrawReason
      institution { id slug name kind regionCode categoriesServed capacity } }
    escortedReturn { id caseId mode byRelay status toRegionCode totalKm totalCost plannedAt arrivedAt
      legs { id caseId returnId seq legCount distanceKm mode status departedAt handedOverAt failure failedAt } } }
  lksApplication(id: $app) { id purpose enteredAtDesk status round createdAt submittedAt receivedAt returnedItems
    institution { id name } stage { key number text textEn startedAt dueAt paused } }
  lksApplications(first: 5) { pageInfo { hasNextPage } edges { cursor node { id } } nodes { id } }
  region(code: \"35.05\") { code name }
  verifyLetter(code: \"TIDAK-ADA\") { genuine number date officeName signerName signerRole }
}";

e2e!(fn a_client_with_every_read_scope_reads_every_field_the_table_opens(app) {
    use crate::flow::{Blitar, refer_accepted, to_coordination};
    let b = Blitar::login(&app).await;
    let (client, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    let lks = app.login("staf@lks-harapan").await.access;
    let (application, _) = crate::lks_recommendation::submitted(&app, &lks).await;

    let admin = app.login("admin@blitar").await;
    let every = ["cases:read", "clients:read", "clients:pii", "referrals:read", "returns:read", "lks:read", "letters:verify"];
    let (id, secret) = register(&app, &admin.access, json!({"scopes": every, "legalBasis": "UU 11/2009 Pasal 7"})).await;
    register_op(&app, &admin.access, &id, EVERY_ALLOWED_FIELD).await;
    let vars = json!({"case": case, "client": client, "app": application});
    let (status, _, body) = run(&app, &token(&app, &id, &secret).await, json!({"query": EVERY_ALLOWED_FIELD, "variables": vars})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["errors"].is_null(), "a field the table opens was refused: {body}");
    assert_eq!(body["data"]["case"]["referrals"][0]["status"], "ACCEPTED", "{body}");
    assert_eq!(body["data"]["lksApplication"]["status"], "IN_REVIEW", "{body}");
    assert_eq!(body["data"]["client"]["documents"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(body["data"]["verifyLetter"]["genuine"], false);

    // With only cases:read, the same document still answers: what the token lacks is null.
    let (narrow, narrow_secret) = register(&app, &admin.access, json!({"scopes": ["cases:read"]})).await;
    register_op(&app, &admin.access, &narrow, EVERY_ALLOWED_FIELD).await;
    let (_, _, body) = run(&app, &token(&app, &narrow, &narrow_secret).await, json!({"query": EVERY_ALLOWED_FIELD, "variables": vars})).await;
    assert_eq!(body["data"]["case"]["status"], "OPEN", "{body}");
    assert!(body["data"]["client"].is_null() && body["data"]["case"]["client"].is_null());
    assert_eq!(body["data"]["case"]["referrals"], json!([]));
    assert!(body["data"]["lksApplication"].is_null());
});
