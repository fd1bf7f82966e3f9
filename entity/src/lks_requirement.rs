use sea_orm::entity::prelude::*;

/// Which LKS an item of the checklist applies to.
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
pub enum AppliesTo {
    #[sea_orm(string_value = "ALL")]
    All,
    #[sea_orm(string_value = "LEGAL_ENTITY")]
    LegalEntity,
    #[sea_orm(string_value = "NO_LEGAL_ENTITY")]
    NoLegalEntity,
}

/// One item of an office's checklist for LKS recommendations; each is a document upload.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lks_requirement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub position: i32,
    pub label: String,
    pub label_en: String,
    /// Required, or only when the LKS has one (a renewal's tanda daftar, an accreditation).
    pub required: bool,
    pub applies_to: AppliesTo,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
