//! The one write harness. Every mutation runs in a [`UnitOfWork`]: one write transaction
//! with the audit events recorded in it, published to live subscribers only after commit.
//! A mutation a phone may send again (after a lost answer) also carries the phone's id: it
//! starts with [`begin`] (or [`begin_on_case`], which first takes the case row and its
//! change number, see [`crate::infra::changes`]) and ends with [`finish`], which records
//! the id with a hash of the input beside the audit event, so a resend is answered with
//! the first result and never carried out twice.

use chrono::Utc;
use entity::audit_event;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    IntoActiveModel, Statement,
};
use uuid::Uuid;

use crate::infra::audit::{AuditEntry, CHANNEL};
use crate::infra::auth::{Actor, AuditActor};
use crate::infra::changes::lock_case_row;
use crate::infra::db;
use crate::infra::error::{AppError, AppResult};
use crate::infra::idempotency;
use crate::infra::reasons::Reason;
use crate::infra::state::{AppState, RequestMeta};

/// Who asks, from where, under which mutation id.
pub struct Call<'a> {
    pub state: &'a AppState,
    pub meta: &'a RequestMeta,
    pub actor: &'a Actor,
    pub key: Uuid,
    /// For an action on a case: the case's version (its change number) the person decided
    /// on; a case that has changed since refuses it (CASE_MOVED_ON). None: no such check.
    pub expected_version: Option<i32>,
}

/// Starts a unit of work for a replay-safe mutation. `Ok(None)` means this exact call was
/// already carried out: the caller answers with the record as it is now.
pub async fn begin(call: &Call<'_>, operation: &str, hash: &str) -> AppResult<Option<UnitOfWork>> {
    let uow = UnitOfWork::begin(call.state).await?;
    if idempotency::replayed(uow.txn(), call.key, operation, hash)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    Ok(Some(uow))
}

/// Like [`begin`] for a mutation on an existing case: takes the case row first, so a resend
/// racing its original waits for it and then finds the key (a replay, not a clash).
/// NOT_FOUND for a case of another office than `office`; `None` when the caller has
/// already checked that it may act on this case (an office receiving a relay leg).
pub async fn begin_on_case(
    call: &Call<'_>,
    operation: &str,
    hash: &str,
    office: Option<Uuid>,
    case_id: Uuid,
) -> AppResult<Option<UnitOfWork>> {
    let uow = UnitOfWork::begin(call.state).await?;
    let Some(version) = lock_case_row(uow.txn(), office, case_id).await? else {
        return Err(AppError::not_found("Kasus", "Case"));
    };
    if idempotency::replayed(uow.txn(), call.key, operation, hash)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    // Checked after the replay: a resend of an action that went in is answered, not refused.
    if let Some(expected) = call.expected_version
        && expected != version
    {
        return Err(AppError::of(Reason::CaseMovedOn).with("currentVersion", version));
    }
    Ok(Some(uow))
}

/// Records the idempotency key and the audit event, then commits.
pub async fn finish(
    call: &Call<'_>,
    mut uow: UnitOfWork,
    operation: &str,
    hash: &str,
    result: Uuid,
    entry: AuditEntry,
) -> AppResult<()> {
    idempotency::record(
        uow.txn(),
        call.key,
        call.actor.user.id,
        operation,
        hash,
        result,
    )
    .await?;
    uow.audit(call.meta, Some(&call.actor.audit_actor()), entry)
        .await?;
    uow.commit().await
}

/// NOTIFY payloads must stay under 8000 bytes; larger details are left out of the live feed.
pub const MAX_PAYLOAD: usize = 7900;

/// A write transaction plus the audit events recorded in it.
pub struct UnitOfWork {
    txn: DatabaseTransaction,
    recorded: Vec<audit_event::Model>,
    feed: tokio::sync::broadcast::Sender<audit_event::Model>,
    /// PostgreSQL delivers through NOTIFY (to this process too); SQLite publishes locally.
    via_notify: bool,
}

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
            actor_user_id: actor.and_then(|a| a.user_id),
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
