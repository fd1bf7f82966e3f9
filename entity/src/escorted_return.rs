use sea_orm::entity::prelude::*;

/// How the client travels home when the family does not come to pick them up (a family
/// pick-up is a reunification, recorded with `recordReunification`).
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
pub enum ReturnMode {
    /// Transportasi umum: a ticket on a bus, ship or train.
    #[sea_orm(string_value = "PUBLIC_TRANSPORT")]
    PublicTransport,
    /// Agen travel.
    #[sea_orm(string_value = "TRAVEL_AGENT")]
    TravelAgent,
    /// Pendampingan: a social worker travels with the client.
    #[sea_orm(string_value = "ESCORT")]
    Escort,
}

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
pub enum ReturnStatus {
    /// Planned; the legs may still change until the first leg leaves or the letter is signed.
    #[sea_orm(string_value = "PLANNED")]
    Planned,
    /// On the way.
    #[sea_orm(string_value = "UNDERWAY")]
    Underway,
    /// The last leg was handed over at the destination.
    #[sea_orm(string_value = "ARRIVED")]
    Arrived,
    /// A leg failed on the way; a new journey is planned from where the client is.
    #[sea_orm(string_value = "INTERRUPTED")]
    Interrupted,
}

/// Pemulangan: a stranded client's journey home from the case's office to the office of
/// their region of origin, in one or more relay legs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escorted_return")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub office_id: Uuid,
    pub client_id: Uuid,
    pub from_region_code: String,
    pub to_region_code: String,
    pub mode: ReturnMode,
    pub status: ReturnStatus,
    /// Papers of the case the offices on the way may read (the police letter, the photo).
    pub shared_document_ids: Json,
    pub planned_by: Uuid,
    pub planned_at: DateTimeUtc,
    /// Relay legs are handed over office to office (the SOP's estafet rule); otherwise the
    /// client travels straight on: by ticket to the family, or with our escort the whole way.
    pub by_relay: bool,
    pub arrived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
