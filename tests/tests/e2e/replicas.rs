//! Two servers on one PostgreSQL database (replicas behind a load balancer): an event
//! committed through one reaches a subscriber connected to the other, through
//! LISTEN/NOTIFY. (With SQLite there is one process and an in-process channel.)
use std::{sync::Arc, time::Duration};

use futures_util::{SinkExt, StreamExt};
use rehsos_tests::Backend;
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_on_one_replica_reaches_a_subscriber_on_another() {
    rehsos_tests::run(Backend::Postgres, &[], |a: Arc<TestApp>| async move {
        let b = TestApp::beside(&a).await;
        let admin = a.login("admin@blitar").await;
        let mut req = format!("ws://{}/graphql/ws", a.addr).into_client_request().unwrap();
        req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        ws.send(Message::text(json!({"type": "connection_init", "payload": {"accessToken": admin.access}}).to_string())).await.unwrap();
        assert!(ws.next().await.unwrap().unwrap().to_text().unwrap().contains("connection_ack"));
        ws.send(Message::text(json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { auditEventAdded { action actorUsername } }"}}).to_string())).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;

        // The login happens on replica B; the subscriber is on replica A.
        b.login("kasi@blitar").await;
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("event in time").unwrap().unwrap();
        let msg: serde_json::Value = serde_json::from_str(msg.to_text().unwrap()).unwrap();
        assert_eq!(msg["payload"]["data"]["auditEventAdded"], json!({"action": "auth.login", "actorUsername": "kasi@blitar"}), "{msg}");
        // A token issued by one replica works on the other (shared JWT_SECRET).
        let body = b.gql(Some(&admin.access), "{ me { username } }", json!({})).await;
        assert_eq!(body["data"]["me"]["username"], "admin@blitar");
        ws.close(None).await.ok();
        b.stop().await;
    })
    .await;
}

/// The partner UPT subscribes on one server; the office refers the client through another
/// server *process* on the same PostgreSQL database: the event arrives through NOTIFY.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referral_made_through_another_process_reaches_the_upt_at_once() {
    use std::process::Stdio;
    use tokio::io::AsyncBufReadExt;

    use super::flow::*;
    rehsos_tests::run(Backend::Postgres, &[], |a: Arc<TestApp>| async move {
        let b = Blitar::login(&a).await;
        let (_, case) = to_coordination(&a, &b).await;
        let key = std::fs::read_to_string(a.state.config.data_dir.join("jwt-secret")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut replica = tokio::process::Command::new(env!("CARGO_BIN_EXE_replica"))
            .env_clear()
            .env("DATABASE_URL", &a.state.config.database_url)
            .env("JWT_SECRET", key.trim())
            .env("DATA_DIR", dir.path())
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the replica process");
        let mut lines = tokio::io::BufReader::new(replica.stdout.take().unwrap()).lines();
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await.expect("replica starts").unwrap().unwrap();
        let replica_addr = line.strip_prefix("listening on ").expect("address line").to_owned();

        let upt = a.login("staf@upt-werdha").await.access;
        let mut feed = super::referral::subscribe(a.addr, &upt, "subscription { caseEvents { action referralId } }").await;
        let body: serde_json::Value = a.http.post(format!("http://{replica_addr}/graphql")).bearer_auth(&b.peksos)
            .json(&json!({"query": REFER, "variables": {"i": {"id": new_id(), "caseId": case, "institutionId": institution_id(&a, "upt-werdha").await, "needsSummary": "Lansia terlantar"}}}))
            .send().await.unwrap().json().await.unwrap();
        let referral = body["data"]["referCase"]["id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();
        let event = super::referral::next_event(&mut feed).await;
        assert_eq!(event, json!({"action": "referral.send", "referralId": referral}));
        feed.close(None).await.ok();
        drop(replica.stdin.take());
        let _ = tokio::time::timeout(Duration::from_secs(10), replica.wait()).await;
    })
    .await;
}
