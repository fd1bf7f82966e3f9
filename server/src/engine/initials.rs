//! The chain of initials (paraf) of an approval step, counted on the case's drafts as they
//! are now: an initial given before a draft was corrected no longer counts, and the step
//! waits again for the role whose initial it was.
use entity::case_step;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;

use crate::engine::case::CaseCtx;
use crate::engine::steps::waiting_roles;
use crate::infra::error::AppResult;
use crate::rules::sop::ApprovalRule;
use crate::store::approvals::count_initials;
use crate::store::letter_versions::revision_of_case;

/// Whether the step's chain of initials is complete; while it is not, the step run waits
/// for the chain's next role.
pub async fn initials_complete(
    txn: &impl ConnectionTrait,
    ctx: &CaseCtx,
    step: &case_step::Model,
    rule: &ApprovalRule,
) -> AppResult<bool> {
    let revision = revision_of_case(txn, ctx.case.id).await?;
    let initials = count_initials(txn, step.id, revision).await?;
    if initials >= rule.roles.len() {
        return Ok(true);
    }
    let next = waiting_roles(&ctx.def, &step.step_key, initials);
    case_step::Entity::update_many()
        .col_expr(case_step::Column::WaitingRoles, Expr::value(json!(next)))
        .filter(case_step::Column::Id.eq(step.id))
        .exec(txn)
        .await?;
    Ok(false)
}
