use crate::infra::error::{AppError, AppResult};
use crate::infra::state::AppState;
use entity::service_case;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub async fn find_case(state: &AppState, office: Uuid, id: Uuid) -> AppResult<service_case::Model> {
    service_case::Entity::find_by_id(id)
        .filter(service_case::Column::OfficeId.eq(office))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("Kasus", "Case"))
}
