use sea_orm::entity::prelude::*;

/// One version of an SOP: a definition file as loaded. A changed file is a new version; cases
/// keep the version they started under.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sop_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stable name of the procedure (`RUJUKAN_PPKS`).
    pub code: String,
    /// No. SOP as printed.
    pub number: String,
    pub name: String,
    pub source_file: String,
    #[sea_orm(unique)]
    pub content_sha256: String,
    /// The whole definition (server/sops/FORMAT.md) as JSON.
    pub definition: Json,
    pub loaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
