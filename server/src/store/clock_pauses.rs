//! Clock pauses of step runs: while a step's clock stands still it has no due time.
use chrono::{DateTime, Utc};
use entity::{case_step, clock_pause};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// Stops the clock of the step run from `at` for `reason`, and clears its due time.
pub async fn stop(
    txn: &impl ConnectionTrait,
    case_step_id: Uuid,
    reason: String,
    at: DateTime<Utc>,
    by: Uuid,
) -> AppResult<()> {
    clock_pause::Model {
        id: Uuid::now_v7(),
        case_step_id,
        reason,
        paused_at: at,
        paused_by: by,
        resumed_at: None,
        resumed_by: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    case_step::Entity::update_many()
        .col_expr(
            case_step::Column::DueAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(case_step::Column::Id.eq(case_step_id))
        .exec(txn)
        .await?;
    Ok(())
}
