use sea_orm::entity::prelude::*;

/// The client as it was before a change: nothing is lost when a Mr X is later identified.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_revision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    /// The version this snapshot was.
    pub version: i32,
    /// The whole `client` row (and its categories) at that version.
    pub snapshot: Json,
    /// Who replaced it, and when.
    pub changed_by: Uuid,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
