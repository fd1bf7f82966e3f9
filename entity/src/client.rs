use sea_orm::entity::prelude::*;

/// Sex as recorded by the worker (the NIK's own reading is only a hint).
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
pub enum Sex {
    #[sea_orm(string_value = "MALE")]
    Male,
    #[sea_orm(string_value = "FEMALE")]
    Female,
}

/// How far the office is in establishing who a client is (seed 003: Dukcapil, "Mr X").
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
pub enum IdentityStatus {
    /// Identity known (papers, or the person and family say who they are).
    #[sea_orm(string_value = "KNOWN")]
    Known,
    /// Not known yet: recorded as "Mr X".
    #[sea_orm(string_value = "UNKNOWN")]
    Unknown,
    /// Dukcapil has been asked to find the identity (biometrics or data match).
    #[sea_orm(string_value = "ASKED_DUKCAPIL")]
    AskedDukcapil,
    /// Dukcapil found the identity.
    #[sea_orm(string_value = "FOUND")]
    Found,
    /// Dukcapil has no record: the client stays "Mr X".
    #[sea_orm(string_value = "NOT_REGISTERED")]
    NotRegistered,
}

/// Where the client is now.
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
pub enum ClientLocation {
    /// On the street (jalanan).
    #[sea_orm(string_value = "STREET")]
    Street,
    /// In a shelter / rumah singgah.
    #[sea_orm(string_value = "SHELTER")]
    Shelter,
    /// In a hospital or puskesmas.
    #[sea_orm(string_value = "HOSPITAL")]
    Hospital,
    /// In a UPT or panti.
    #[sea_orm(string_value = "UPT")]
    Upt,
    /// With family.
    #[sea_orm(string_value = "FAMILY")]
    Family,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// A person the office serves (PPKS / klien / penerima manfaat).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "client")]
pub struct Model {
    /// Made on the phone (UUID), so an offline registration replays without duplicates.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub name: Option<String>,
    /// `clients::names::name_key` of the name, for duplicate search.
    pub name_key: Option<String>,
    /// Other names the person is known by: a JSON array of strings.
    pub aliases: Json,
    pub sex: Option<Sex>,
    pub birth_date: Option<Date>,
    pub estimated_age: Option<i32>,
    pub estimated_age_on: Option<Date>,
    pub nik: Option<String>,
    pub kk_number: Option<String>,
    pub origin_address: Option<String>,
    pub origin_region_code: Option<String>,
    pub location: ClientLocation,
    pub location_detail: Option<String>,
    pub notes: Option<String>,
    pub identity_status: IdentityStatus,
    /// `MR-X/BLITAR/2026/0007` for a client registered without a name; kept for good.
    pub unidentified_label: Option<String>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
