//! A case under its SOP version: opening it, taking its row for a write, loading it.

use entity::service_case::{CaseOutcome, CaseStatus};
use entity::{relay_leg, service_case, sop_adoption, sop_version};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::infra::changes::lock_case_row;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::reasons::Reason;
use crate::infra::write::{self, Call, UnitOfWork};
use crate::rules::sop::SopDefinition;
use crate::rules::sop::definition_of;
use crate::store::relay_legs::visible_leg;

/// A case with the SOP version it runs under.
pub struct CaseCtx {
    pub case: service_case::Model,
    pub def: SopDefinition,
}

/// Loads a case (its row already taken by the caller's write) with its definition.
pub async fn loaded(txn: &impl ConnectionTrait, case_id: Uuid) -> AppResult<CaseCtx> {
    let case = service_case::Entity::find_by_id(case_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("Kasus", "Case"))?;
    let def = definition(txn, case.sop_version_id).await?;
    Ok(CaseCtx { case, def })
}

/// Takes the case row (of `office`) for this transaction and loads it with its definition.
/// NOT_FOUND for a case of another office.
pub async fn lock_case(
    txn: &impl ConnectionTrait,
    office_id: Uuid,
    case_id: Uuid,
) -> AppResult<CaseCtx> {
    if lock_case_row(txn, Some(office_id), case_id)
        .await?
        .is_none()
    {
        return Err(AppError::not_found("Kasus", "Case"));
    }
    loaded(txn, case_id).await
}

/// The one operation a case closed by a decision takes.
pub const REOPEN: &str = "reopenCase";

/// [`write::begin_on_case`] with the case loaded under its SOP version: every mutation on a
/// case starts here. A case closed by a decision refuses everything but its reopening.
pub async fn begin_on_case(
    call: &Call<'_>,
    operation: &str,
    hash: &str,
    office: Uuid,
    case_id: Uuid,
) -> AppResult<Option<(UnitOfWork, CaseCtx)>> {
    let Some(uow) = write::begin_on_case(call, operation, hash, Some(office), case_id).await?
    else {
        return Ok(None);
    };
    let ctx = loaded(uow.txn(), case_id).await?;
    if operation != REOPEN {
        refuse_if_closed_by_decision(&ctx.case)?;
    }
    Ok(Some((uow, ctx)))
}

pub async fn definition(db: &impl ConnectionTrait, version_id: Uuid) -> AppResult<SopDefinition> {
    let version = sop_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format!("SOP version {version_id} missing")))?;
    definition_of(&version)
}

/// The office's newest adopted version of the SOP `code`, or FAILED_PRECONDITION.
pub async fn adopted_version(
    txn: &impl ConnectionTrait,
    office: Uuid,
    code: &str,
) -> AppResult<sop_version::Model> {
    let adopted: Vec<Uuid> = sop_adoption::Entity::find()
        .filter(sop_adoption::Column::OfficeId.eq(office))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| a.sop_version_id)
        .collect();
    sop_version::Entity::find()
        .filter(sop_version::Column::Code.eq(code))
        .filter(sop_version::Column::Id.is_in(adopted))
        .order_by_desc(sop_version::Column::Id)
        .one(txn)
        .await?
        .ok_or_else(|| {
            AppError::precondition(Msg::new(
                format!("Kantor Anda belum mengadopsi SOP '{code}'."),
                format!("Your office has not adopted the SOP '{code}'."),
            ))
            .with("field", "sopCode")
        })
}

/// Starts a unit of work on a leg: takes its case's row (two offices acting on one journey,
/// or the case's office planning it again, are served in turn), then checks the key.
/// `Ok(None)`: a replay.
pub async fn begin_on_leg(
    call: &Call<'_>,
    operation: &str,
    hash: &str,
    leg_id: Uuid,
    allowed: impl Fn(&relay_leg::Model) -> bool,
) -> AppResult<Option<(UnitOfWork, relay_leg::Model)>> {
    let pre = visible_leg(&call.state.db, call.actor, leg_id, &allowed).await?;
    let Some(uow) = write::begin_on_case(call, operation, hash, None, pre.case_id).await? else {
        return Ok(None);
    };
    let leg = visible_leg(uow.txn(), call.actor, leg_id, &allowed).await?;
    Ok(Some((uow, leg)))
}

/// Refuses any change to a case closed by a decision, until it is reopened.
pub fn refuse_if_closed_by_decision(case: &service_case::Model) -> AppResult<()> {
    if case.status == CaseStatus::Closed && case.outcome.is_some_and(CaseOutcome::by_decision) {
        return Err(already_closed(case));
    }
    Ok(())
}

pub fn already_closed(case: &service_case::Model) -> AppError {
    let outcome = case
        .outcome
        .and_then(|o| serde_json::to_value(o).ok())
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    AppError::because(
        Reason::CaseClosed,
        Msg::new(
            format!("Kasus ini sudah ditutup ({outcome}); hanya bisa dibaca. Kabid atau Kadis bisa membukanya kembali (reopenCase)."),
            format!("This case is closed ({outcome}); it is read-only. A Kabid or Kadis can reopen it (reopenCase)."),
        ),
    )
    .with("outcome", outcome)
}
