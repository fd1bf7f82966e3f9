//! Logging in and staying logged in: credentials, tokens, refresh rotation, throttling.
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::Value;

use super::*;

const ME: &str = "{ me { username roles office { name regionCode } } }";

fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn reason(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["reason"].as_str()
}

e2e!(fn kadis_logs_in_and_sees_who_they_are(app) {
    let t = app.login("kadis@blitar").await;
    let body = app.gql(Some(&t.access), ME, json!({})).await;
    assert_eq!(body["data"]["me"]["username"], "kadis@blitar", "{body}");
    assert_eq!(body["data"]["me"]["roles"], json!(["KADIS"]));
    assert_eq!(body["data"]["me"]["office"]["name"], "Dinas Sosial Kota Blitar");
    assert_eq!(body["data"]["me"]["office"]["regionCode"], "35.72");
    let anonymous = app.gql(None, ME, json!({})).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
});

e2e!(fn wrong_password_answers_like_an_unknown_user(app) {
    let wrong = app.login_with("kadis@blitar", "bukan-kata-sandinya").await.unwrap_err();
    let unknown = app.login_with("tidak-ada@blitar", "bukan-kata-sandinya").await.unwrap_err();
    assert_eq!(error_code(&wrong), Some("UNAUTHENTICATED"));
    assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
    assert_eq!(wrong["errors"][0]["extensions"], unknown["errors"][0]["extensions"]);
    assert_eq!(wrong["data"], unknown["data"]);
    assert_eq!(app.count("login_attempt").await, 2, "both failures are recorded");
});

e2e!(fn messages_follow_accept_language_and_codes_do_not(app) {
    let q = "mutation { login(username: \"x@blitar\", password: \"salah-sekali\") { accessToken } }";
    let id = app.gql(None, q, json!({})).await;
    let en = app.gql_with(None, q, json!({}), &[("accept-language", "en-US,en;q=0.9")]).await;
    assert_eq!(id["errors"][0]["message"], "Nama pengguna atau kata sandi salah.");
    assert_eq!(en["errors"][0]["message"], "Wrong username or password.");
    assert_eq!(error_code(&id), error_code(&en));
});

e2e!(fn expired_tampered_and_unsigned_tokens_are_refused(app) {
    let t = app.login("peksos@blitar").await;
    let claims = payload(&t.access);
    let uuid = |k: &str| uuid::Uuid::parse_str(claims[k].as_str().unwrap()).unwrap();

    let long_ago = chrono::Utc::now() - chrono::Duration::hours(2);
    let (expired, _) = app.state.keys.issue_access(
        uuid("sub"), uuid("sid"), uuid("jti"), long_ago, std::time::Duration::from_secs(900));
    let body = app.gql(Some(&expired), ME, json!({})).await;
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
    assert_eq!(reason(&body), Some("TOKEN_EXPIRED"));

    // Another user's id in the payload, the original signature kept.
    let mut forged = claims.clone();
    forged["sub"] = json!(app.user_id("kadis@blitar").await);
    let parts: Vec<&str> = t.access.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(forged.to_string()), parts[2]);
    let body = app.gql(Some(&tampered), ME, json!({})).await;
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
    assert_eq!(reason(&body), Some("TOKEN_INVALID"));

    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()));
    let body = app.gql(Some(&unsigned), ME, json!({})).await;
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));

    // The genuine token still works.
    let body = app.gql(Some(&t.access), ME, json!({})).await;
    assert_eq!(body["data"]["me"]["username"], "peksos@blitar");
});

const REFRESH: &str =
    "mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }";

e2e!(fn refresh_rotates_and_a_lost_response_can_be_fetched_again(app) {
    let first = app.login("peksos@blitar").await;
    let a = app.gql(None, REFRESH, json!({"t": first.refresh})).await;
    let new_refresh = a["data"]["refresh"]["refreshToken"].as_str().expect("rotated").to_owned();
    assert_ne!(new_refresh, first.refresh);
    // Inside the grace window the old token gives the very same pair again.
    let again = app.gql(None, REFRESH, json!({"t": first.refresh})).await;
    assert_eq!(again["data"]["refresh"], a["data"]["refresh"]);
    let access = a["data"]["refresh"]["accessToken"].as_str().unwrap();
    let me = app.gql(Some(access), ME, json!({})).await;
    assert_eq!(me["data"]["me"]["username"], "peksos@blitar");
    // The new token rotates on; then the first token is two steps old and refused.
    let b = app.gql(None, REFRESH, json!({"t": new_refresh})).await;
    assert!(b["data"]["refresh"]["refreshToken"].is_string(), "{b}");
});

e2e!(fn reuse_after_the_grace_window_revokes_the_whole_family(app) with [("REFRESH_GRACE_SECS", "1")] {
    let first = app.login("peksos@blitar").await;
    let a = app.gql(None, REFRESH, json!({"t": first.refresh})).await;
    let current = a["data"]["refresh"]["refreshToken"].as_str().unwrap().to_owned();
    let access = a["data"]["refresh"]["accessToken"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let reuse = app.gql(None, REFRESH, json!({"t": first.refresh})).await;
    assert_eq!(error_code(&reuse), Some("UNAUTHENTICATED"), "{reuse}");
    // Every token of the family is dead now, the newest refresh token and access token too.
    let next = app.gql(None, REFRESH, json!({"t": current})).await;
    assert_eq!(error_code(&next), Some("UNAUTHENTICATED"), "{next}");
    let me = app.gql(Some(&access), ME, json!({})).await;
    assert_eq!(error_code(&me), Some("UNAUTHENTICATED"));
    // Another session of the same user is untouched.
    let other = app.login("peksos@blitar").await;
    let me = app.gql(Some(&other.access), ME, json!({})).await;
    assert_eq!(me["data"]["me"]["username"], "peksos@blitar");
});

e2e!(fn logout_ends_the_session(app) {
    let t = app.login("staf@blitar").await;
    let out = app.gql(Some(&t.access), "mutation { logout }", json!({})).await;
    assert_eq!(out["data"]["logout"], true, "{out}");
    let me = app.gql(Some(&t.access), ME, json!({})).await;
    assert_eq!(error_code(&me), Some("UNAUTHENTICATED"));
    let r = app.gql(None, REFRESH, json!({"t": t.refresh})).await;
    assert_eq!(error_code(&r), Some("UNAUTHENTICATED"));
    // Logging out with only the refresh token (access token already expired) works too.
    let t2 = app.login("staf@blitar").await;
    let out = app.gql(None, "mutation($t: String) { logout(refreshToken: $t) }", json!({"t": t2.refresh})).await;
    assert_eq!(out["data"]["logout"], true, "{out}");
    let r = app.gql(None, REFRESH, json!({"t": t2.refresh})).await;
    assert_eq!(error_code(&r), Some("UNAUTHENTICATED"));
});

e2e!(fn repeated_failures_throttle_the_account(app) with [("LOGIN_MAX_FAILURES_PER_ACCOUNT", "3")] {
    for _ in 0..3 {
        let e = app.login_with("kasi@blitar", "salah-salah-salah").await.unwrap_err();
        assert_eq!(error_code(&e), Some("UNAUTHENTICATED"));
    }
    // Even the right password is refused until the window passes.
    let e = app.login_with("kasi@blitar", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(error_code(&e), Some("TOO_MANY_REQUESTS"), "{e}");
    let wait = e["errors"][0]["extensions"]["retryAfterSeconds"].as_i64().unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    // Other accounts are not affected.
    app.login("kabid@blitar").await;
});

e2e!(fn repeated_failures_throttle_the_address(app) with [
    ("LOGIN_MAX_FAILURES_PER_ACCOUNT", "100"),
    ("LOGIN_MAX_FAILURES_PER_ADDRESS", "4"),
] {
    for user in ["staf@blitar", "kasi@blitar", "kabid@blitar", "tidak-ada@blitar"] {
        let e = app.login_with(user, "salah-salah-salah").await.unwrap_err();
        assert_eq!(error_code(&e), Some("UNAUTHENTICATED"));
    }
    let e = app.login_with("kadis@blitar", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(error_code(&e), Some("TOO_MANY_REQUESTS"), "{e}");
});

e2e!(fn a_deactivated_user_is_refused_at_once(app) {
    let admin = app.login("admin@blitar").await;
    let worker = app.login("pendamping@blitar").await;
    let id = worker.user_id.clone();
    let body = app.gql(Some(&admin.access), "mutation($id: ID!) { deactivateUser(userId: $id) { active } }", json!({"id": id})).await;
    assert_eq!(body["data"]["deactivateUser"]["active"], false, "{body}");
    // The access token issued before is refused on the very next request.
    let me = app.gql(Some(&worker.access), ME, json!({})).await;
    assert_eq!(error_code(&me), Some("UNAUTHENTICATED"));
    let r = app.gql(None, REFRESH, json!({"t": worker.refresh})).await;
    assert_eq!(error_code(&r), Some("UNAUTHENTICATED"));
    let e = app.login_with("pendamping@blitar", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(e["errors"][0]["extensions"]["reason"], "ACCOUNT_DISABLED");
    // Reactivated, the user can log in again.
    let body = app.gql(Some(&admin.access), "mutation($id: ID!) { reactivateUser(userId: $id) { active } }", json!({"id": id})).await;
    assert_eq!(body["data"]["reactivateUser"]["active"], true, "{body}");
    app.login("pendamping@blitar").await;
});

e2e!(fn changing_ones_password_ends_other_sessions(app) {
    let here = app.login("analis@lamandau").await;
    let phone = app.login("analis@lamandau").await;
    let q = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    let bad = app.gql(Some(&here.access), q, json!({"c": "salah", "n": "kata-sandi-baru-1"})).await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    let short = app.gql(Some(&here.access), q, json!({"c": DEMO_PASSWORD, "n": "pendek"})).await;
    assert_eq!(error_code(&short), Some("BAD_USER_INPUT"));
    let ok = app.gql(Some(&here.access), q, json!({"c": DEMO_PASSWORD, "n": "kata-sandi-baru-1"})).await;
    assert_eq!(ok["data"]["changePassword"], true, "{ok}");
    assert_eq!(error_code(&app.gql(Some(&phone.access), ME, json!({})).await), Some("UNAUTHENTICATED"));
    assert_eq!(app.gql(Some(&here.access), ME, json!({})).await["data"]["me"]["username"], "analis@lamandau");
    assert!(app.login_with("analis@lamandau", DEMO_PASSWORD).await.is_err());
    assert!(app.login_with("analis@lamandau", "kata-sandi-baru-1").await.is_ok());
});
