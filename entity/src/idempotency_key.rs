use sea_orm::entity::prelude::*;

/// A mutation id made on the phone, with a hash of what it asked: the same id and content
/// again returns the first result; the same id with other content is refused.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: Uuid,
    pub user_id: Uuid,
    pub operation: String,
    /// SHA-256 (hex) of the mutation's input.
    pub request_hash: String,
    /// The id of the record the mutation made or changed.
    pub result_id: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
