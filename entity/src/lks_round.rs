use sea_orm::entity::prelude::*;

/// What the Kasi's verification of a round found.
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
pub enum VerificationOutcome {
    /// Every required item passed and the site visit found the LKS as described (layak).
    #[sea_orm(string_value = "ELIGIBLE")]
    Eligible,
    /// Something failed: returned to the LKS to complete.
    #[sea_orm(string_value = "RETURNED")]
    Returned,
}

/// One submission of an LKS application and the verification sheet (lembar verifikasi dan
/// validasi) the Kasi filled in for it. Kept for every round.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lks_round")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub number: i32,
    pub submitted_at: DateTimeUtc,
    pub submitted_by: Uuid,
    /// The requirement documents the LKS had uploaded when it submitted this round.
    pub document_ids: Json,
    /// The verification step run that judged this round.
    pub case_step_id: Option<Uuid>,
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<Uuid>,
    /// `[{key, passed, note}]`, one per checklist item.
    pub items: Option<Json>,
    pub visited_at: Option<DateTimeUtc>,
    pub visit_passed: Option<bool>,
    pub visit_note: Option<String>,
    pub outcome: Option<VerificationOutcome>,
    /// Returned: the requirement keys the LKS must complete.
    pub missing: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
