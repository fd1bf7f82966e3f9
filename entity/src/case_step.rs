use sea_orm::entity::prelude::*;

use crate::Role;

/// Where a step run stands.
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
pub enum StepStatus {
    /// Waiting for its actor(s).
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "DONE")]
    Done,
    /// Returned by an approver; a new run of the step it returned to follows.
    #[sea_orm(string_value = "SENT_BACK")]
    SentBack,
    /// Ended unfinished because the case was closed; a reopened case runs it again.
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// One run of an SOP step in a case. A step sent back runs again as a new row, so the
/// history of every round stays.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_step")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub office_id: Uuid,
    pub step_key: String,
    pub status: StepStatus,
    pub started_at: DateTimeUtc,
    /// From the standard time under the SOP's time rule; `None` without a standard time or
    /// while the clock is paused.
    pub due_at: Option<DateTimeUtc>,
    /// JSON array of the roles the step waits for now (the next initials of a chain).
    pub waiting_roles: Json,
    pub completed_at: Option<DateTimeUtc>,
    pub completed_by: Option<Uuid>,
    pub completed_role: Option<Role>,
    /// The branch chosen at a branching step.
    pub branch: Option<String>,
    pub note: Option<String>,
    pub output: Option<String>,
    /// The one person this run waits for, when a disposition named them.
    pub assignee_id: Option<Uuid>,
    /// Who proposed `branch` when the branch waits for its approver.
    pub proposed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
