//! The approvals ledger: insert-only, one row per disposition, initials, signature or
//! return (sent back).

use chrono::Utc;
use entity::{Role, approval, approval::ApprovalKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// An approval about to be recorded on a step run.
pub struct NewApproval {
    pub case_id: Uuid,
    pub case_step_id: Uuid,
    pub kind: ApprovalKind,
    pub actor_user_id: Uuid,
    /// The role the actor acted in (what the step allowed).
    pub actor_role: Role,
    /// Disposition: the person it goes to.
    pub to_user_id: Option<Uuid>,
    /// Instruction (disposition), reason (sent back) or remark.
    pub note: Option<String>,
    pub letter_id: Option<Uuid>,
}

/// Records the approval, stamped now and with the revision of the case's drafts it is
/// given on.
pub async fn insert_approval(txn: &impl ConnectionTrait, new: NewApproval) -> AppResult<()> {
    let revision = crate::store::letter_versions::revision_of_case(txn, new.case_id).await?;
    approval::Model {
        draft_revision: Some(revision),
        id: Uuid::now_v7(),
        case_id: new.case_id,
        case_step_id: new.case_step_id,
        kind: new.kind,
        actor_user_id: new.actor_user_id,
        actor_role: new.actor_role,
        to_user_id: new.to_user_id,
        note: new.note,
        letter_id: new.letter_id,
        at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

/// How many initials (paraf) the step run has collected on the drafts' revision `revision`.
pub async fn count_initials(
    db: &impl ConnectionTrait,
    case_step_id: Uuid,
    revision: i32,
) -> AppResult<usize> {
    Ok(approval::Entity::find()
        .filter(approval::Column::CaseStepId.eq(case_step_id))
        .filter(approval::Column::Kind.eq(ApprovalKind::Initials))
        .filter(approval::Column::DraftRevision.eq(revision))
        .all(db)
        .await?
        .len())
}

/// The case's ledger records in the order they were written.
pub async fn of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<Vec<approval::Model>> {
    Ok(approval::Entity::find()
        .filter(approval::Column::CaseId.eq(case_id))
        .order_by_asc(approval::Column::At)
        .order_by_asc(approval::Column::Id)
        .all(db)
        .await?)
}
