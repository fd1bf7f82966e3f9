//! Service-time clocks of running steps: due times under the SOP's time rule and the
//! office calendar, paused time left out, recomputed when the calendar changes.
use crate::engine::case::definition;
use crate::infra::changes::CHANGES;
use crate::infra::changes::lock_case_row;
use crate::infra::error::{AppError, AppResult};
use crate::rules::clock::{Pause, WorkingCalendar, due_at};
use crate::rules::sop::{SopDefinition, standard_time};
use crate::store::calendar::office_calendar;
use chrono::{DateTime, Utc};
use entity::case_step::StepStatus;
use entity::{case_step, clock_pause, service_case};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// After the office's calendar changed: the due times of its running steps, again (a
/// paused step gets its due time when it resumes). Returns how many were recomputed.
pub async fn recompute_office_due_times(
    txn: &impl ConnectionTrait,
    office_id: Uuid,
) -> AppResult<usize> {
    // The office's change counter first, as every case change takes it before its rows.
    crate::infra::sequences::next(txn, office_id, CHANGES, 0).await?;
    let running = case_step::Entity::find()
        .filter(case_step::Column::OfficeId.eq(office_id))
        .filter(case_step::Column::Status.eq(StepStatus::Active))
        .filter(case_step::Column::DueAt.is_not_null())
        .all(txn)
        .await?;
    let cases: HashMap<Uuid, Uuid> = service_case::Entity::find()
        .filter(service_case::Column::Id.is_in(running.iter().map(|s| s.case_id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.sop_version_id))
        .collect();
    let cal = office_calendar(txn, office_id).await?;
    let mut defs: HashMap<Uuid, SopDefinition> = HashMap::new();
    for version in cases.values().copied().collect::<HashSet<_>>() {
        defs.insert(version, definition(txn, version).await?);
    }
    for step in &running {
        let def = cases
            .get(&step.case_id)
            .and_then(|v| defs.get(v))
            .ok_or_else(|| AppError::internal("step without case"))?;
        refresh_due(txn, def, &cal, step).await?;
        refresh_case_due(txn, def, &cal, step.case_id).await?;
        // Phones keeping the case learn of its new due time.
        lock_case_row(txn, Some(office_id), step.case_id).await?;
    }
    Ok(running.len())
}

/// Stores a running step's due time again, from its pauses and the office calendar `cal`.
pub async fn refresh_due(
    txn: &impl ConnectionTrait,
    def: &SopDefinition,
    cal: &WorkingCalendar,
    step: &case_step::Model,
) -> AppResult<()> {
    // A branch target has no standard time; a waiting state keeps the review date given.
    if def.step(&step.step_key).is_none() {
        return Ok(());
    }
    let spans: Vec<Pause> = pauses_of(txn, step.id)
        .await?
        .into_iter()
        .map(|p| (p.paused_at, p.resumed_at))
        .collect();
    let due = due_of(def, cal, &step.step_key, step.started_at, &spans)?;
    case_step::Entity::update_many()
        .col_expr(case_step::Column::DueAt, Expr::value(due))
        .filter(case_step::Column::Id.eq(step.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Stores the whole case's due time again: the SOP's declared total from the case's
/// first step (the report's receipt), under its time rule, less the paused time of all
/// its steps; none while one is paused, or without a declared total.
pub async fn refresh_case_due(
    txn: &impl ConnectionTrait,
    def: &SopDefinition,
    cal: &WorkingCalendar,
    case_id: Uuid,
) -> AppResult<()> {
    let standard = standard_time(&def.declared_total).map_err(AppError::internal)?;
    let steps = case_step::Entity::find()
        .filter(case_step::Column::CaseId.eq(case_id))
        .all(txn)
        .await?;
    let Some(start) = steps.iter().map(|s| s.started_at).min() else {
        return Ok(());
    };
    let pauses: Vec<Pause> = clock_pause::Entity::find()
        .filter(clock_pause::Column::CaseStepId.is_in(steps.iter().map(|s| s.id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.paused_at, p.resumed_at))
        .collect();
    let due = due_at(start, standard, def.time_rule, cal, &pauses);
    service_case::Entity::update_many()
        .col_expr(service_case::Column::DueAt, Expr::value(due))
        .filter(service_case::Column::Id.eq(case_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// When a step run is due, from its start, its standard time and its pauses.
pub fn due_of(
    def: &SopDefinition,
    cal: &WorkingCalendar,
    key: &str,
    started_at: DateTime<Utc>,
    pauses: &[Pause],
) -> AppResult<Option<DateTime<Utc>>> {
    let Some(step) = def.step(key) else {
        return Ok(None);
    };
    let standard = standard_time(&step.time).map_err(AppError::internal)?;
    Ok(due_at(started_at, standard, def.time_rule, cal, pauses))
}

/// The clock pauses of a step run.
pub async fn pauses_of(
    db: &impl ConnectionTrait,
    step_id: Uuid,
) -> AppResult<Vec<clock_pause::Model>> {
    Ok(clock_pause::Entity::find()
        .filter(clock_pause::Column::CaseStepId.eq(step_id))
        .order_by_asc(clock_pause::Column::PausedAt)
        .all(db)
        .await?)
}

/// Sets a run's due time to a date a person chose (a waiting state's review date).
pub async fn set_due(
    txn: &impl sea_orm::ConnectionTrait,
    step_id: uuid::Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> crate::infra::error::AppResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    entity::case_step::Entity::update_many()
        .col_expr(entity::case_step::Column::DueAt, Expr::value(at))
        .filter(entity::case_step::Column::Id.eq(step_id))
        .exec(txn)
        .await?;
    Ok(())
}
