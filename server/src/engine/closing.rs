//! A case closed by a decision (its open step cancelled, its clock stopped, a referral
//! still waiting withdrawn) and reopened (the cancelled step runs again).
use chrono::Utc;
use entity::case_step::StepStatus;
use entity::service_case::{CaseOutcome, CaseStatus};
use entity::{Role, approval::ApprovalKind, case_step};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::engine::case::{CaseCtx, already_closed};
use crate::engine::steps::{close, start_step};
use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::store::approvals::{NewApproval, insert_approval};
use uuid::Uuid;

/// A decision to close, by whom and why.
pub struct Closing {
    /// Who decided (for a transfer: who asked for it).
    pub by: Uuid,
    pub role: Role,
    pub outcome: CaseOutcome,
    pub reason: String,
}

/// Closes an open case: the step it waits at ends CANCELLED (its clock stops there), the
/// closure goes in the approvals ledger, referrals waiting for an answer are withdrawn.
pub async fn close_by_decision(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    closing: Closing,
) -> AppResult<()> {
    if ctx.case.status == CaseStatus::Closed {
        return Err(if ctx.case.outcome.is_some_and(CaseOutcome::by_decision) {
            already_closed(&ctx.case)
        } else {
            AppError::precondition(Msg::new(
                "Kasus ini sudah selesai dengan langkah terakhir SOP-nya.",
                "This case already ended with its SOP's last step.",
            ))
        });
    }
    let now = Utc::now();
    let open = case_step::Entity::find()
        .filter(case_step::Column::CaseId.eq(ctx.case.id))
        .filter(case_step::Column::Status.eq(StepStatus::Active))
        .one(txn)
        .await?
        .ok_or_else(|| {
            AppError::internal(format!("open case {} has no active step", ctx.case.id))
        })?;
    let mut row = open.clone().into_active_model();
    row.status = sea_orm::Set(StepStatus::Cancelled);
    row.completed_at = sea_orm::Set(Some(now));
    row.completed_by = sea_orm::Set(Some(closing.by));
    row.completed_role = sea_orm::Set(Some(closing.role));
    row.note = sea_orm::Set(Some(closing.reason.clone()));
    row.update(txn).await?;
    insert_approval(
        txn,
        NewApproval {
            case_id: ctx.case.id,
            case_step_id: open.id,
            kind: ApprovalKind::Closure,
            actor_user_id: closing.by,
            actor_role: closing.role,
            to_user_id: None,
            note: Some(closing.reason.clone()),
            letter_id: None,
        },
    )
    .await?;
    crate::store::referrals::withdraw_pending(txn, ctx.case.id, &closing.reason).await?;
    crate::store::case_transfers::cancel_pending(txn, ctx.case.id).await?;
    close(txn, ctx, closing.outcome).await?;
    let mut row = ctx.case.clone().into_active_model();
    row.closed_by = sea_orm::Set(Some(closing.by));
    row.close_reason = sea_orm::Set(Some(closing.reason));
    ctx.case = row.update(txn).await?;
    Ok(())
}

/// Reopens a case closed by a decision: the step it was closed at runs again from now
/// (a fresh clock), the reopening goes in the ledger, the closure stays in the history.
pub async fn reopen(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    actor: &Actor,
    role: Role,
    reason: String,
) -> AppResult<case_step::Model> {
    let closed_by_decision = ctx.case.outcome.is_some_and(CaseOutcome::by_decision);
    if ctx.case.status != CaseStatus::Closed || !closed_by_decision {
        return Err(AppError::precondition(
            if ctx.case.status == CaseStatus::Open {
                Msg::new("Kasus ini masih berjalan.", "This case is still open.")
            } else {
                Msg::new(
                    "Kasus ini selesai dengan langkah terakhir SOP-nya; buka kasus baru bila klien perlu dilayani lagi.",
                    "This case ended with its SOP's last step; open a new case if the client needs serving again.",
                )
            },
        ));
    }
    if ctx.case.outcome == Some(CaseOutcome::Transferred) {
        return Err(AppError::precondition(Msg::new(
            "Kasus ini sudah dipindahkan ke kantor lain; kantor itu yang melanjutkannya.",
            "This case went to another office; that office carries it on.",
        )));
    }
    let cancelled = case_step::Entity::find()
        .filter(case_step::Column::CaseId.eq(ctx.case.id))
        .filter(case_step::Column::Status.eq(StepStatus::Cancelled))
        .order_by_desc(case_step::Column::CompletedAt)
        .one(txn)
        .await?
        .ok_or_else(|| {
            AppError::internal(format!("closed case {} has no cancelled step", ctx.case.id))
        })?;
    let mut row = ctx.case.clone().into_active_model();
    row.status = sea_orm::Set(CaseStatus::Open);
    row.outcome = sea_orm::Set(None);
    row.closed_at = sea_orm::Set(None);
    row.closed_by = sea_orm::Set(None);
    row.close_reason = sea_orm::Set(None);
    ctx.case = row.update(txn).await?;
    let step = start_step(txn, ctx, &cancelled.step_key, Utc::now()).await?;
    insert_approval(
        txn,
        NewApproval {
            case_id: ctx.case.id,
            case_step_id: step.id,
            kind: ApprovalKind::Reopening,
            actor_user_id: actor.user.id,
            actor_role: role,
            to_user_id: None,
            note: Some(reason),
            letter_id: None,
        },
    )
    .await?;
    Ok(step)
}
