use sea_orm::entity::prelude::*;

/// Who reported or applied.
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
pub enum ReporterType {
    /// The client (or family) applying.
    #[sea_orm(string_value = "CLIENT")]
    Client,
    /// Polisi / Polres.
    #[sea_orm(string_value = "POLICE")]
    Police,
    #[sea_orm(string_value = "SATPOL_PP")]
    SatpolPp,
    #[sea_orm(string_value = "KELURAHAN")]
    Kelurahan,
    /// Masyarakat: a member of the public.
    #[sea_orm(string_value = "PUBLIC")]
    Public,
    #[sea_orm(string_value = "TKSK")]
    Tksk,
    /// Another Dinas Sosial (a client sent on, "kiriman").
    #[sea_orm(string_value = "OTHER_DINSOS")]
    OtherDinsos,
}

/// How the report arrived.
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
pub enum ReportChannel {
    #[sea_orm(string_value = "WRITTEN")]
    Written,
    #[sea_orm(string_value = "ORAL")]
    Oral,
    #[sea_orm(string_value = "PHONE")]
    Phone,
}

/// A report or application (laporan / permohonan), entered in the incoming-letter agenda book.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub client_id: Option<Uuid>,
    pub reporter_type: ReporterType,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub channel: ReportChannel,
    pub reference_letter_number: Option<String>,
    pub reference_letter_date: Option<Date>,
    pub received_at: DateTimeUtc,
    pub received_by: Uuid,
    pub summary: String,
    /// Buku agenda surat masuk: the entry number within the office and year.
    pub agenda_year: i32,
    pub agenda_number: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
