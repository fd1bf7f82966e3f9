use sea_orm::entity::prelude::*;

/// Where an LKS's application for a recommendation stands.
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
pub enum ApplicationStatus {
    /// The LKS is putting it together (uploading its requirements); the office does not see it yet.
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    /// Submitted: with the office (disposition, verification, drafting, signature, numbering).
    #[sea_orm(string_value = "IN_REVIEW")]
    InReview,
    /// Returned to the LKS to complete what is missing; the service-time clock waits.
    #[sea_orm(string_value = "RETURNED")]
    Returned,
    /// The LKS received the recommendation and signed for it (tanda terima).
    #[sea_orm(string_value = "RECEIVED")]
    Received,
}

/// An LKS's application for a recommendation (seed 004). Its case, once submitted, has the
/// same id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lks_application")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The office that registered the LKS, which decides.
    pub office_id: Uuid,
    pub institution_id: Uuid,
    /// What the recommendation is for (tanda daftar, izin operasional, bantuan, ...).
    pub purpose: String,
    pub status: ApplicationStatus,
    /// Submission rounds so far (1 after the first submission).
    pub round: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub received_at: Option<DateTimeUtc>,
    pub received_by: Option<Uuid>,
    /// Who signed the tanda terima at the LKS.
    pub receipt_signed_by: Option<String>,
    /// The signed tanda terima, when the LKS signed on paper at the office's desk.
    pub receipt_document_id: Option<Uuid>,
    /// Entered by the office's intake desk from a paper file the LKS brought (the LKS
    /// need not have users): the desk uploads its papers and submits it.
    pub entered_at_desk: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
