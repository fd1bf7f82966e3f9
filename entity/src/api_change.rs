use sea_orm::entity::prelude::*;

/// One change to a record an API client may follow, numbered in commit order across the
/// deployment (the cursor of `apiChanges`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_change")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub office_id: Uuid,
    /// `CASE`, `CLIENT`, `REFERRAL`, `RETURN`, `LKS_APPLICATION`.
    pub kind: String,
    pub entity_id: Uuid,
    /// The audit action that made it (`case.close`, `client.merge`, ...).
    pub action: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
