use sea_orm::entity::prelude::*;

/// A GraphQL document an API client may run (a trusted document), by its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_client_operation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: Uuid,
    /// Lower-case hex SHA-256 of the document's exact text.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sha256: String,
    pub name: Option<String>,
    pub document: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
