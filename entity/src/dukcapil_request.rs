use sea_orm::entity::prelude::*;

/// What Dukcapil answered to an identity search.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum DukcapilResult {
    /// Dukcapil found the person (name, NIK, region of origin).
    #[sea_orm(string_value = "FOUND")]
    Found,
    /// Not registered: the client stays "Mr X".
    #[sea_orm(string_value = "NOT_REGISTERED")]
    NotRegistered,
}

/// A request to Dukcapil (civil registry) to find an unidentified client's identity, and
/// its answer once it comes (seed 003, step 4).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dukcapil_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub client_id: Uuid,
    pub case_id: Option<Uuid>,
    /// The office's letter or the channel used (`surat 470/12/2026`, `SIAK terpusat`).
    pub reference: String,
    pub note: Option<String>,
    pub requested_by: Uuid,
    pub requested_at: DateTimeUtc,
    pub result: Option<DukcapilResult>,
    pub answered_at: Option<DateTimeUtc>,
    pub answer_recorded_by: Option<Uuid>,
    pub answer_note: Option<String>,
    /// Dukcapil's written reply (a DUKCAPIL_REPLY document), when there is one.
    pub reply_document_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
