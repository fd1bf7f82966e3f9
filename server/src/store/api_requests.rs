//! The log of API clients' requests (what the office admin searches), and the documents
//! a client may run.
use entity::{api_client_operation, api_client_request};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use uuid::Uuid;

use crate::infra::error::AppResult;

pub async fn record(db: &impl ConnectionTrait, row: api_client_request::Model) -> AppResult<()> {
    row.into_active_model().insert(db).await?;
    Ok(())
}

/// The registered document of `client` with this SHA-256.
pub async fn operation(
    db: &impl ConnectionTrait,
    client: Uuid,
    sha256: &str,
) -> AppResult<Option<api_client_operation::Model>> {
    Ok(
        api_client_operation::Entity::find_by_id((client, sha256.to_lowercase()))
            .one(db)
            .await?,
    )
}
