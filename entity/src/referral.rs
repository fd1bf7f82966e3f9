use sea_orm::entity::prelude::*;

/// Where a referral to a UPT/panti stands.
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
pub enum ReferralStatus {
    /// Sent, waiting for the UPT's answer.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    /// The client arrived at the UPT.
    #[sea_orm(string_value = "ADMITTED")]
    Admitted,
    /// Withdrawn by the office before an answer (the case closed or went another way).
    #[sea_orm(string_value = "WITHDRAWN")]
    Withdrawn,
}

/// A referral (rujukan) of a case's client to a partner UPT/panti.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub office_id: Uuid,
    pub institution_id: Uuid,
    pub status: ReferralStatus,
    /// What the UPT needs to know of the client's needs; the UPT sees this, not the file.
    pub needs_summary: String,
    /// JSON array of document ids the office chose to share with the UPT.
    pub shared_document_ids: Json,
    pub sent_by: Uuid,
    pub sent_at: DateTimeUtc,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTimeUtc>,
    pub decline_reason: Option<String>,
    pub admitted_by: Option<Uuid>,
    pub admitted_at: Option<DateTimeUtc>,
    /// When the referring office recorded the UPT's answer for it (the UPT has no account,
    /// or answered by phone or letter): with whom, how, when, the letter's document.
    pub answer_on_behalf: Option<Json>,
    /// The same for the admission.
    pub admission_on_behalf: Option<Json>,
    /// Why the office withdrew it (no answer in time, the case closed or went elsewhere).
    pub withdraw_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
