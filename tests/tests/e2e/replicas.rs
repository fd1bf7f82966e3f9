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
