//! Cases and their step runs. An office sees its own cases; a case's steps and clock
//! pauses are read through the case.
use crate::infra::error::{AppError, AppResult};
use crate::infra::state::AppState;
use entity::{
    case_step, case_step::StepStatus, clock_pause, service_case, service_case::CaseStatus,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// A case of the office, or NOT_FOUND.
pub async fn find_case(state: &AppState, office: Uuid, id: Uuid) -> AppResult<service_case::Model> {
    in_office(&state.db, office, id)
        .await?
        .ok_or_else(|| AppError::not_found("Kasus", "Case"))
}

/// A case of the office, or None: the one rule of which cases an office sees.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<service_case::Model>> {
    Ok(service_case::Entity::find_by_id(id)
        .filter(service_case::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// A case by id, for a record the caller already may see that names it (a referral).
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<service_case::Model>> {
    Ok(service_case::Entity::find_by_id(id).one(db).await?)
}

/// Which of the office's cases a list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub client_id: Option<Uuid>,
}

/// The office's newest cases (at most 100), newest first.
pub async fn newest_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    filter: CaseFilter,
) -> AppResult<Vec<service_case::Model>> {
    let mut q = service_case::Entity::find()
        .filter(service_case::Column::OfficeId.eq(office))
        .order_by_desc(service_case::Column::OpenedAt)
        .limit(100);
    if let Some(s) = filter.status {
        q = q.filter(service_case::Column::Status.eq(s));
    }
    if let Some(c) = filter.client_id {
        q = q.filter(service_case::Column::ClientId.eq(c));
    }
    Ok(q.all(db).await?)
}

/// The office's cases changed after change number `since`, oldest change first: `first`
/// and one more, so the caller can tell whether more wait.
pub async fn changed_since(
    db: &impl ConnectionTrait,
    office: Uuid,
    since: i32,
    first: u64,
) -> AppResult<Vec<service_case::Model>> {
    Ok(service_case::Entity::find()
        .filter(service_case::Column::OfficeId.eq(office))
        .filter(service_case::Column::ChangeSeq.gt(since))
        .order_by_asc(service_case::Column::ChangeSeq)
        .limit(first + 1)
        .all(db)
        .await?)
}

/// The office's step runs that wait now (every role's; the caller picks its own).
pub async fn active_steps_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
) -> AppResult<Vec<case_step::Model>> {
    Ok(case_step::Entity::find()
        .filter(case_step::Column::OfficeId.eq(office))
        .filter(case_step::Column::Status.eq(StepStatus::Active))
        .all(db)
        .await?)
}

/// The step runs of the cases, in the order they started (one query for all; the cases
/// were checked by whoever resolved them). A `DbErr`, as the DataLoader reports it.
pub async fn steps_of_cases(
    db: &impl ConnectionTrait,
    case_ids: &[Uuid],
) -> Result<Vec<case_step::Model>, DbErr> {
    case_step::Entity::find()
        .filter(case_step::Column::CaseId.is_in(case_ids.iter().copied()))
        .order_by_asc(case_step::Column::StartedAt)
        .order_by_asc(case_step::Column::Id)
        .all(db)
        .await
}

/// The clock pauses of the step runs, oldest first (one query for all). A `DbErr`, as the
/// DataLoader reports it.
pub async fn pauses_of_steps(
    db: &impl ConnectionTrait,
    step_ids: &[Uuid],
) -> Result<Vec<clock_pause::Model>, DbErr> {
    clock_pause::Entity::find()
        .filter(clock_pause::Column::CaseStepId.is_in(step_ids.iter().copied()))
        .order_by_asc(clock_pause::Column::PausedAt)
        .all(db)
        .await
}
