use sea_orm::entity::prelude::*;

/// What brought an incoming letter into the book.
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
pub enum IncomingSource {
    /// A report or application (laporan / permohonan), with or without a letter; also a
    /// case handed over by another Dinas Sosial.
    #[sea_orm(string_value = "REPORT")]
    Report,
    /// A UPT's answer to a referral, on paper, recorded by the office.
    #[sea_orm(string_value = "UPT_ANSWER")]
    UptAnswer,
    /// A UPT's letter confirming the admission, recorded by the office.
    #[sea_orm(string_value = "UPT_ADMISSION")]
    UptAdmission,
    /// One submission of an LKS's application (the first, or a completion after a return).
    #[sea_orm(string_value = "LKS_APPLICATION")]
    LksApplication,
    /// Dukcapil's answer to a request for population data.
    #[sea_orm(string_value = "DUKCAPIL_ANSWER")]
    DukcapilAnswer,
}

/// An entry of the incoming agenda book (buku agenda surat masuk): numbered per office and
/// year in the office's zone, once per source record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incoming_letter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub year: i32,
    pub number: i32,
    pub source: IncomingSource,
    /// The report, referral, LKS round or Dukcapil request the entry is for.
    pub source_id: Uuid,
    pub received_at: DateTimeUtc,
    /// Asal surat: who sent it.
    pub sender: String,
    /// The sender's own number and date, when the letter has them.
    pub sender_number: Option<String>,
    pub sender_date: Option<Date>,
    /// Perihal.
    pub subject: String,
    pub case_id: Option<Uuid>,
    /// The scan of the letter, when one was uploaded.
    pub document_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
