use sea_orm::entity::prelude::*;

/// How a leg travels. Land legs keep to the relay limit; a sea or air crossing between
/// island groups is exempt.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum LegMode {
    #[sea_orm(string_value = "LAND")]
    Land,
    #[sea_orm(string_value = "SEA")]
    Sea,
    #[sea_orm(string_value = "AIR")]
    Air,
}

/// Who or what carries the client on a leg.
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
pub enum Carrier {
    #[sea_orm(string_value = "BUS")]
    Bus,
    #[sea_orm(string_value = "SHIP")]
    Ship,
    #[sea_orm(string_value = "TRAIN")]
    Train,
    #[sea_orm(string_value = "PLANE")]
    Plane,
    #[sea_orm(string_value = "TRAVEL_AGENT")]
    TravelAgent,
    /// Kendaraan operasional of the office.
    #[sea_orm(string_value = "OFFICE_VEHICLE")]
    OfficeVehicle,
    #[sea_orm(string_value = "FAMILY")]
    Family,
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
pub enum LegStatus {
    #[sea_orm(string_value = "PLANNED")]
    Planned,
    /// The client left the sending office.
    #[sea_orm(string_value = "DEPARTED")]
    Departed,
    /// The receiving office took the client over (berita acara serah terima).
    #[sea_orm(string_value = "HANDED_OVER")]
    HandedOver,
    /// It did not reach its end: the client absconded, fell ill, or the leg was refused.
    #[sea_orm(string_value = "FAILED")]
    Failed,
    /// Planned after a leg that failed; it never ran.
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// Why a leg did not reach its end.
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
pub enum LegFailure {
    /// The client ran away on the way.
    #[sea_orm(string_value = "ABSCONDED")]
    Absconded,
    /// The client fell ill and was taken to a hospital.
    #[sea_orm(string_value = "ILL")]
    Ill,
    /// The receiving office (or the carrier) refused the leg.
    #[sea_orm(string_value = "REFUSED")]
    Refused,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// One leg of an escorted return (estafet): from one Dinas Sosial to the next.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "relay_leg")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub return_id: Uuid,
    pub case_id: Uuid,
    /// 1, 2, 3 ... in travel order.
    pub seq: i32,
    pub from_office_id: Uuid,
    pub to_office_id: Uuid,
    /// The distance the officer confirmed (or corrected), in km.
    pub distance_km: f64,
    /// The planner's suggestion (great-circle × road factor by land).
    pub suggested_km: f64,
    pub mode: LegMode,
    pub status: LegStatus,
    pub carrier: Option<Carrier>,
    /// Rupiah.
    pub ticket_cost: Option<i32>,
    /// Uang saku, Rupiah.
    pub pocket_money: Option<i32>,
    /// Staff of the sending office who travel with the client.
    pub escort_user_ids: Json,
    pub forwarding_letter_number: Option<String>,
    pub forwarding_document_id: Option<Uuid>,
    /// The ticket or receipt (TICKET_RECEIPT) that paid for this leg.
    pub ticket_document_id: Option<Uuid>,
    pub departed_at: Option<DateTimeUtc>,
    pub departed_by: Option<Uuid>,
    pub handed_over_at: Option<DateTimeUtc>,
    pub handover_document_id: Option<Uuid>,
    pub handover_photo_id: Option<Uuid>,
    /// Who signed the berita acara at the receiving end, and as what.
    pub received_by_name: Option<String>,
    pub received_by_title: Option<String>,
    /// The signer's NIP, when the escort recorded the hand-over for the receiving office.
    pub received_by_nip: Option<String>,
    /// Recorded by the escort on the receiving office's behalf (it has no users yet).
    pub handover_by_escort: bool,
    /// A failed leg: why, what happened, when, by whom, and the office nearest to where
    /// the client is now (the next journey starts there).
    pub failure: Option<LegFailure>,
    pub failure_note: Option<String>,
    pub failed_at: Option<DateTimeUtc>,
    pub failed_by: Option<Uuid>,
    pub client_at_office_id: Option<Uuid>,
    pub recorded_by: Option<Uuid>,
    /// The sending office's note at departure, and the receiving office's at the hand-over.
    pub note: Option<String>,
    pub handover_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
