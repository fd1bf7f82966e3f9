use sea_orm::entity::prelude::*;

/// The assessment's decision.
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
pub enum Eligibility {
    /// Layak: eligible for the service (e.g. referral to a UPT).
    #[sea_orm(string_value = "ELIGIBLE")]
    Eligible,
    /// Tidak layak: e.g. family reunification instead.
    #[sea_orm(string_value = "NOT_ELIGIBLE")]
    NotEligible,
    /// Not decided yet.
    #[sea_orm(string_value = "UNDECIDED")]
    Undecided,
}

/// An assessment (asesmen). A correction is a new row with the next version; the old row
/// stays, marked as superseded.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub client_id: Uuid,
    pub report_id: Option<Uuid>,
    pub version: i32,
    /// The assessment this one corrects.
    pub corrects: Option<Uuid>,
    pub superseded_by: Option<Uuid>,
    pub condition: Option<String>,
    pub needs: Option<String>,
    /// JSON array of `{name, relation, phone, address}`.
    pub family_contacts: Json,
    /// JSON array of document kinds the client has.
    pub documents_present: Json,
    pub eligibility: Eligibility,
    pub eligibility_reason: Option<String>,
    pub assessed_by: Uuid,
    pub assessed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
