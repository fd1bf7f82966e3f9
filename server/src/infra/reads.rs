//! The read log: who read which client record, when and from where, written with the
//! read (UU 27/2022 asks the office to know).
use crate::infra::audit::AuditEntry;
use crate::infra::auth::AuditActor;
use crate::infra::error::AppResult;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

/// The records with personal data this request has read (request data).
#[derive(Default)]
pub struct ReadLog(pub std::sync::Mutex<HashSet<(&'static str, Uuid)>>);

/// Who reads, from where, and the request's log of what it has read so far.
pub struct Reader<'a> {
    pub state: &'a AppState,
    pub meta: &'a RequestMeta,
    pub who: AuditActor,
    pub log: &'a ReadLog,
}

/// Writes one `<entity>.read` event (`client.read`, `report.read`, ...) per record not yet
/// logged in this request. `records` are (id, office) pairs; `how` names the field that
/// read them.
pub async fn log_reads(
    reader: &Reader<'_>,
    entity: &'static str,
    records: &[(Uuid, Uuid)],
    how: &str,
) -> AppResult<()> {
    let Reader {
        state,
        meta,
        ref who,
        log: read_log,
    } = *reader;
    let fresh: Vec<(Uuid, Uuid)> = {
        let mut seen = read_log.0.lock().unwrap_or_else(|e| e.into_inner());
        records
            .iter()
            .copied()
            .filter(|(id, _)| seen.insert((entity, *id)))
            .collect()
    };
    if fresh.is_empty() {
        return Ok(());
    }
    let action = match entity {
        "client" => "client.read",
        "report" => "report.read",
        "incoming_letter" => "incoming_letter.read",
        "assessment" => "assessment.read",
        _ => "record.read",
    };
    let entries = fresh
        .into_iter()
        .map(|(id, office)| {
            AuditEntry::new(action, entity, id)
                .office(Some(office))
                .details(json!({"via": how}))
        })
        .collect();
    let mut uow = UnitOfWork::begin(state).await?;
    uow.audit_all(meta, Some(who), entries).await?;
    uow.commit().await
}
