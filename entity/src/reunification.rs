use sea_orm::entity::prelude::*;

/// How the client went back to the family.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum ReunificationMode {
    /// Dijemput: the family came to pick the client up.
    #[sea_orm(string_value = "PICKED_UP")]
    PickedUp,
    /// Diantar: the office took the client to the family.
    #[sea_orm(string_value = "HANDED_OVER")]
    HandedOver,
}

/// Reunifikasi keluarga: the family contact and the hand-over, with its signed record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reunification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub office_id: Uuid,
    pub family_name: String,
    pub relation: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub mode: ReunificationMode,
    pub handed_over_at: DateTimeUtc,
    /// The berita acara serah terima (HANDOVER_RECORD document).
    pub proof_document_id: Uuid,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
