//! GraphQL over HTTP, limits, GraphiQL without internet, health checks, graceful shutdown.
use std::time::Duration;

use rehsos_tests::Backend;

use super::*;

async fn post_raw(
    app: &TestApp,
    body: impl Into<reqwest::Body>,
) -> (reqwest::StatusCode, serde_json::Value) {
    let resp = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(serde_json::Value::Null))
}

e2e!(fn malformed_requests_get_clear_errors_never_a_500(app) {
    let (status, body) = post_raw(&app, "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");

    let (status, body) = post_raw(&app, json!({"query": "{ me { username "}).to_string()).await;
    assert_eq!(status, 400);
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");

    let body = app.gql(None, "{ nothingHere }", json!({})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("nothingHere"), "{body}");

    // __schema, types, fields, type, then n times ofType, then name: depth n + 5.
    let nested = |n: usize| format!("{{ __schema {{ types {{ fields {{ type {}{{ name }}{} }} }} }} }}", "{ ofType ".repeat(n), " }".repeat(n));
    // Depth 14, as deep as GraphiQL's introspection query: accepted.
    let (status, body) = post_raw(&app, json!({"query": nested(9)}).to_string()).await;
    assert_eq!(status, 200, "{body}");
    let deep = nested(14);
    let (status, body) = post_raw(&app, json!({"query": deep}).to_string()).await;
    assert_eq!(status, 400);
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("too deep"), "{body}");

    let wide = format!("{{ {} }}", (0..3000).map(|i| format!("a{i}: me {{ id }}")).collect::<Vec<_>>().join(" "));
    let (status, body) = post_raw(&app, json!({"query": wide}).to_string()).await;
    assert_eq!(status, 400);
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("too complex"), "{body}");

    let bad_id = app.gql(Some(&app.login("staf@blitar").await.access), "{ user(id: \"bukan-uuid\") { id } }", json!({})).await;
    assert_eq!(error_code(&bad_id), Some("BAD_USER_INPUT"));
});

e2e!(fn oversized_bodies_are_refused(app) with [("MAX_BODY_BYTES", "65536")] {
    let big = json!({"query": "{ __typename }", "variables": {"pad": "x".repeat(100_000)}}).to_string();
    let (status, _) = post_raw(&app, big).await;
    assert_eq!(status, 413);
});

e2e!(fn queries_also_work_over_get_but_mutations_do_not(app) {
    let resp = app.http.get(app.url("/graphql")).query(&[("query", "{ __typename }")]).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query");
    let resp = app.http.get(app.url("/graphql"))
        .query(&[("query", "mutation { logout }")]).send().await.unwrap();
    assert_eq!(resp.status(), 405);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
});

e2e!(fn graphiql_is_served_from_this_server(app) {
    let page = app.http.get(app.url("/graphql")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("GraphiQL"));
    for forbidden in ["unpkg", "jsdelivr", "cdn", "https://", "http://"] {
        assert!(!html.contains(forbidden), "the page must not load from outside: {forbidden}");
    }
    for src in ["/graphiql/graphiql.min.js", "/graphiql/graphiql.min.css", "/graphiql/react.production.min.js", "/graphiql/react-dom.production.min.js"] {
        assert!(html.contains(src), "{src}");
        let asset = app.http.get(app.url(src)).send().await.unwrap();
        assert_eq!(asset.status(), 200, "{src}");
        assert!(asset.bytes().await.unwrap().len() > 5_000, "{src}");
    }
});

e2e!(fn health_readiness_and_request_ids(app) {
    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().text().await.unwrap(), "ok");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let resp = app.http.post(app.url("/graphql")).json(&json!({"query": "{ __typename }"})).send().await.unwrap();
    assert!(!resp.headers()["x-request-id"].is_empty());
    let resp = app.http.post(app.url("/graphql")).header("x-request-id", "uji-123").json(&json!({"query": "{ __typename }"})).send().await.unwrap();
    assert_eq!(resp.headers()["x-request-id"], "uji-123");
    // The audit trail carries the request id.
    app.http.post(app.url("/graphql")).header("x-request-id", "masuk-456")
        .json(&json!({"query": "mutation { login(username: \"kadis@blitar\", password: \"demo-rahasia-2026\") { accessToken } }"}))
        .send().await.unwrap();
    let admin = app.login("admin@blitar").await;
    let events = app.gql(Some(&admin.access), "{ auditEvents(first: 3) { edges { node { requestId actorUsername } } } }", json!({})).await;
    let found = events["data"]["auditEvents"]["edges"].as_array().unwrap().iter()
        .any(|e| e["node"]["requestId"] == "masuk-456" && e["node"]["actorUsername"] == "kadis@blitar");
    assert!(found, "{events}");
});

e2e!(fn introspection_can_be_turned_off(app) with [("GRAPHQL_INTROSPECTION", "false")] {
    let body = app.gql(None, "{ __schema { queryType { name } } }", json!({})).await;
    assert!(body["data"]["__schema"].is_null(), "{body}");
    let body = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query");
});

/// A request whose body is still arriving when SIGTERM comes is finished and answered;
/// afterwards the server accepts no new connections.
async fn shutdown_finishes_in_flight_requests(backend: Backend) {
    let mut app = TestApp::spawn(backend, &[]).await;
    let body = json!({"query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { username } } }",
        "variables": {"u": "kadis@blitar", "p": DEMO_PASSWORD}}).to_string();
    let (head, tail) = body.split_at(body.len() / 2);
    let chunks = vec![(head.to_owned(), 0u64), (tail.to_owned(), 1500)];
    let stream = futures_util::stream::iter(chunks).then(|(chunk, delay)| async move {
        tokio::time::sleep(Duration::from_millis(delay)).await;
        Ok::<_, std::io::Error>(chunk)
    });
    let request = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send();
    let in_flight = tokio::spawn(request);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let server = app.begin_shutdown();
    let resp = in_flight
        .await
        .unwrap()
        .expect("the in-flight request is answered");
    assert_eq!(resp.status(), 200);
    let answer: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        answer["data"]["login"]["user"]["username"], "kadis@blitar",
        "{answer}"
    );
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("server stops")
        .unwrap()
        .unwrap();
    let late = reqwest::Client::new().get(app.url("/healthz")).send().await;
    assert!(late.is_err(), "no new connections after shutdown");
    app.stop().await;
}

use futures_util::StreamExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_sqlite() {
    shutdown_finishes_in_flight_requests(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_postgres() {
    shutdown_finishes_in_flight_requests(Backend::Postgres).await;
}

// Opens GraphiQL in Debian's headless Chromium: the page must load its schema (the
// introspection query passes the depth and complexity limits) without any network.
e2e!(fn graphiql_loads_the_schema_in_a_real_browser(app) {
    let url = app.url("/graphql");
    let profile = tempfile::tempdir().unwrap();
    let profile_arg = format!("--user-data-dir={}", profile.path().display());
    let dom = tokio::task::spawn_blocking(move || {
        std::process::Command::new(rehsos_tests::CHROMIUM)
            .args([
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                &profile_arg, "--virtual-time-budget=8000", "--dump-dom", &url,
            ])
            .output()
            .expect("chromium runs (the test command installs it)")
    })
    .await
    .unwrap();
    let html = String::from_utf8_lossy(&dom.stdout);
    assert!(html.contains("graphiql-container"), "GraphiQL did not render: {html}");
    for failure in ["too deep", "too complex", "errors", "Invalid GraphQL request"] {
        assert!(!html.contains(failure), "GraphiQL shows an error ({failure}): {html}");
    }
});
