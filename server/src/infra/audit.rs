//! The audit trail: every mutation writes one event in the same transaction as its change.
//! [`UnitOfWork`] bundles the write transaction with the events it records, and publishes
//! them to live subscribers only once the transaction has committed. On PostgreSQL the
//! events travel through NOTIFY (delivered by the database only on commit) to every server
//! process listening on the same database; on SQLite (one process) an in-process channel
//! serves.

use entity::audit_event;
use sea_orm::DbBackend;
use uuid::Uuid;

use crate::infra::state::AppState;

/// What happened, to which record, accounted to which office.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    /// Dotted verb: `auth.login`, `user.create`, ...
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    pub office_id: Option<Uuid>,
    pub institution_id: Option<Uuid>,
    pub details: Option<serde_json::Value>,
}

impl AuditEntry {
    pub fn new(action: &'static str, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            office_id: None,
            institution_id: None,
            details: None,
        }
    }

    pub fn office(mut self, office_id: Option<Uuid>) -> Self {
        self.office_id = office_id;
        self
    }

    pub fn institution(mut self, institution_id: Option<Uuid>) -> Self {
        self.institution_id = institution_id;
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }
}

/// The PostgreSQL NOTIFY channel of committed audit events.
pub const CHANNEL: &str = "rehsos_audit";

/// On PostgreSQL: listens for committed audit events of every server process on the
/// database and feeds them to this process's subscribers. Subscribed before it returns;
/// the returned task is aborted at shutdown. It holds its own connection, outside the pool.
pub async fn listen(state: &AppState) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    if state.db.get_database_backend() != DbBackend::Postgres {
        return Ok(None);
    }
    let mut listener =
        sea_orm::sqlx::postgres::PgListener::connect(&state.config.database_url).await?;
    listener.listen(CHANNEL).await?;
    let feed = state.audit_feed.clone();
    let task = tokio::spawn(async move {
        loop {
            match listener.recv().await {
                Ok(n) => match serde_json::from_str::<audit_event::Model>(n.payload()) {
                    Ok(event) => {
                        let _ = feed.send(event);
                    }
                    Err(e) => tracing::warn!(error = %e, "unreadable audit notification"),
                },
                Err(e) => {
                    // recv() reconnects on its own; events during the gap are missed by
                    // live subscribers only (they are in the database).
                    tracing::warn!(error = %e, "audit listener lost its connection");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        }
    });
    Ok(Some(task))
}
