//! Assessments of clients (every version kept) and the family contacts they record.
use entity::assessment;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::infra::error::AppResult;

#[derive(
    Clone,
    Debug,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    async_graphql::SimpleObject,
    async_graphql::InputObject,
)]
#[graphql(input_name = "FamilyContactInput")]
pub struct FamilyContact {
    pub name: String,
    /// e.g. anak, istri, saudara.
    pub relation: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// An assessment (any version) of the office, or None.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<assessment::Model>> {
    Ok(assessment::Entity::find_by_id(id)
        .filter(assessment::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// The assessments (every version) of the clients, newest first (one query for all; the
/// caller keeps those of each client's office). A `DbErr`, as the DataLoader reports it.
pub async fn of_clients(
    db: &impl ConnectionTrait,
    client_ids: &[Uuid],
) -> Result<Vec<assessment::Model>, DbErr> {
    assessment::Entity::find()
        .filter(assessment::Column::ClientId.is_in(client_ids.iter().copied()))
        .order_by_desc(assessment::Column::AssessedAt)
        .all(db)
        .await
}
