//! The office admin's changes to the working calendar: each one recomputes the due times of
//! the office's running steps in the same transaction.
use chrono::NaiveDate;
use entity::office_holiday;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
use serde_json::json;

use crate::engine::recompute_office_due_times;
use crate::infra::audit::AuditEntry;
use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;

/// Adds a holiday to the admin's office (or renames one); returns the name kept.
pub async fn set_holiday(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    date: NaiveDate,
    name: &str,
) -> AppResult<String> {
    let office = actor.admin_office()?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Isi nama hari libur.",
            "Give the holiday a name.",
        ))
        .with("field", "name"));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    office_holiday::Entity::delete_by_id((office, date))
        .exec(uow.txn())
        .await?;
    office_holiday::Model {
        office_id: office,
        date,
        name: name.clone(),
    }
    .into_active_model()
    .reset_all()
    .insert(uow.txn())
    .await?;
    let moved = recompute_office_due_times(uow.txn(), office).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("calendar.holiday_set", "office", office)
            .office(Some(office))
            .details(json!({"date": date, "name": name, "stepsRecomputed": moved})),
    )
    .await?;
    uow.commit().await?;
    Ok(name)
}

/// Removes a holiday from the admin's office: true when there was one.
pub async fn remove_holiday(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    date: NaiveDate,
) -> AppResult<bool> {
    let office = actor.admin_office()?;
    let mut uow = UnitOfWork::begin(state).await?;
    let gone = office_holiday::Entity::delete_by_id((office, date))
        .exec(uow.txn())
        .await?
        .rows_affected
        > 0;
    let moved = recompute_office_due_times(uow.txn(), office).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("calendar.holiday_remove", "office", office)
            .office(Some(office))
            .details(json!({"date": date, "removed": gone, "stepsRecomputed": moved})),
    )
    .await?;
    uow.commit().await?;
    Ok(gone)
}
