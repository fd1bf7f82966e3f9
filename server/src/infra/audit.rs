//! The audit trail: every mutation writes one event in the same transaction as its change.
//! [`UnitOfWork`] bundles the write transaction with the events it records, and publishes
//! them to live subscribers only once the transaction has committed. On PostgreSQL the
//! events travel through NOTIFY (delivered by the database only on commit) to every server
//! process listening on the same database; on SQLite (one process) an in-process channel
//! serves.

use chrono::Utc;
use entity::audit_event;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    IntoActiveModel, Statement,
};
use uuid::Uuid;

use crate::infra::auth::AuditActor;
use crate::infra::db;
use crate::infra::error::AppResult;
use crate::infra::state::{AppState, RequestMeta};

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

/// A write transaction plus the audit events recorded in it.
pub struct UnitOfWork {
    txn: DatabaseTransaction,
    recorded: Vec<audit_event::Model>,
    feed: tokio::sync::broadcast::Sender<audit_event::Model>,
    /// PostgreSQL delivers through NOTIFY (to this process too); SQLite publishes locally.
    via_notify: bool,
}

/// The PostgreSQL NOTIFY channel of committed audit events.
pub const CHANNEL: &str = "rehsos_audit";
/// NOTIFY payloads must stay under 8000 bytes; larger details are left out of the live feed.
const MAX_PAYLOAD: usize = 7900;

impl UnitOfWork {
    pub async fn begin(state: &AppState) -> AppResult<Self> {
        Ok(Self {
            txn: db::begin_write(&state.db).await?,
            recorded: Vec::new(),
            feed: state.audit_feed.clone(),
            via_notify: state.db.get_database_backend() == DbBackend::Postgres,
        })
    }

    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    pub async fn audit(
        &mut self,
        meta: &RequestMeta,
        actor: Option<&AuditActor>,
        entry: AuditEntry,
    ) -> AppResult<()> {
        self.audit_all(meta, actor, vec![entry]).await
    }

    /// Several events in one INSERT (a list read logs one event per record).
    pub async fn audit_all(
        &mut self,
        meta: &RequestMeta,
        actor: Option<&AuditActor>,
        entries: Vec<AuditEntry>,
    ) -> AppResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let events: Vec<audit_event::Model> = entries
            .into_iter()
            .map(|entry| self.event(meta, actor, entry))
            .collect();
        audit_event::Entity::insert_many(
            events
                .iter()
                .cloned()
                .map(|e| e.into_active_model().reset_all()),
        )
        .exec(&self.txn)
        .await?;
        if self.via_notify {
            for e in &events {
                let mut payload = serde_json::to_string(e).unwrap_or_default();
                if payload.len() > MAX_PAYLOAD {
                    payload = serde_json::to_string(&audit_event::Model {
                        details: None,
                        ..e.clone()
                    })
                    .unwrap_or_default();
                }
                let notify = Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), payload.into()],
                );
                self.txn.execute_raw(notify).await?;
            }
        }
        self.recorded.extend(events);
        Ok(())
    }

    fn event(
        &self,
        meta: &RequestMeta,
        actor: Option<&AuditActor>,
        entry: AuditEntry,
    ) -> audit_event::Model {
        audit_event::Model {
            id: Uuid::now_v7(),
            at: Utc::now(),
            request_id: meta.request_id.clone(),
            actor_user_id: actor.map(|a| a.user_id),
            actor_username: actor.map(|a| a.username.clone()),
            office_id: entry.office_id,
            institution_id: entry.institution_id,
            action: entry.action.to_owned(),
            entity_type: entry.entity_type.to_owned(),
            entity_id: entry.entity_id,
            ip: Some(meta.ip.to_string()),
            details: entry.details,
        }
    }

    pub async fn commit(self) -> AppResult<()> {
        self.txn.commit().await?;
        if self.via_notify {
            return Ok(());
        }
        for event in self.recorded {
            // No subscriber is fine: the event is in the database either way.
            let _ = self.feed.send(event);
        }
        Ok(())
    }
}

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
