//! Family reunifications, read through their case.
use entity::reunification;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// The case's reunification, once recorded.
pub async fn of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Option<reunification::Model>> {
    Ok(reunification::Entity::find()
        .filter(reunification::Column::CaseId.eq(case_id))
        .one(db)
        .await?)
}
