use sea_orm::entity::prelude::*;

/// Whether an LKS is a legal entity (berbadan hukum: yayasan/perkumpulan with a notarial
/// deed and a Kemenkumham decree) or not (nota pendirian legalised by the lurah/camat).
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
pub enum LegalStatus {
    #[sea_orm(string_value = "LEGAL_ENTITY")]
    LegalEntity,
    #[sea_orm(string_value = "NO_LEGAL_ENTITY")]
    NoLegalEntity,
}

/// What the office knows of an LKS (Lembaga Kesejahteraan Sosial) it registered.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "lks_profile")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub institution_id: Uuid,
    pub legal_status: LegalStatus,
    /// Akta pendirian: number, date and notary.
    pub deed_number: Option<String>,
    pub deed_date: Option<Date>,
    pub notary: Option<String>,
    /// SK Kemenkumham (legal entities).
    pub decree_number: Option<String>,
    pub decree_date: Option<Date>,
    /// NPWP, digits only (15 or 16).
    pub npwp: Option<String>,
    pub domicile_letter_number: Option<String>,
    pub domicile_valid_until: Option<Date>,
    pub chair_name: String,
    /// The PPKS clusters served (`ANAK_TERLANTAR`, `LANJUT_USIA_TERLANTAR`, ...).
    pub clusters: Json,
    /// Tanda daftar LKS: number and validity.
    pub registration_number: Option<String>,
    pub registration_valid_until: Option<Date>,
    /// Akreditasi: A, B or C, and until when.
    pub accreditation: Option<String>,
    pub accreditation_valid_until: Option<Date>,
    pub version: i32,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
