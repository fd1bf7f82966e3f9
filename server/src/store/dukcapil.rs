//! Requests to Dukcapil about a client.
use entity::dukcapil_request;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// The requests about a client, oldest first.
pub async fn of_client(
    db: &impl ConnectionTrait,
    client_id: Uuid,
) -> AppResult<Vec<dukcapil_request::Model>> {
    Ok(dukcapil_request::Entity::find()
        .filter(dukcapil_request::Column::ClientId.eq(client_id))
        .order_by_asc(dukcapil_request::Column::RequestedAt)
        .all(db)
        .await?)
}
