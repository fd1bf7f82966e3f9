//! Reading the approvals ledger: dispositions, initials, signatures and returns, never
//! changed once written. Read through the case they belong to.
use entity::approval;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// The case's ledger records in the order they were written.
pub async fn of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<Vec<approval::Model>> {
    Ok(approval::Entity::find()
        .filter(approval::Column::CaseId.eq(case_id))
        .order_by_asc(approval::Column::At)
        .order_by_asc(approval::Column::Id)
        .all(db)
        .await?)
}
