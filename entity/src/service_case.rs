use sea_orm::entity::prelude::*;

/// Whether a case still runs.
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
pub enum CaseStatus {
    #[sea_orm(string_value = "OPEN")]
    Open,
    #[sea_orm(string_value = "CLOSED")]
    Closed,
}

/// How a case ended.
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
pub enum CaseOutcome {
    /// Rujukan: referred to a UPT/panti, the letter handed over.
    #[sea_orm(string_value = "REFERRED")]
    Referred,
    /// Reunifikasi keluarga: handed back to the family.
    #[sea_orm(string_value = "REUNIFIED")]
    Reunified,
    /// The last step done, for a procedure that names no outcome.
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
    /// Withdrawn by the client or the family (closed by a decision, as are those below).
    #[sea_orm(string_value = "WITHDRAWN")]
    Withdrawn,
    /// The client died.
    #[sea_orm(string_value = "DECEASED")]
    Deceased,
    /// Handed to another Dinas Sosial, which carries it on.
    #[sea_orm(string_value = "TRANSFERRED")]
    Transferred,
    /// The client cannot be found or absconded.
    #[sea_orm(string_value = "NOT_FOUND")]
    NotFound,
    /// Another case of the office already serves the client.
    #[sea_orm(string_value = "DUPLICATE")]
    Duplicate,
    /// Any other reason, written out.
    #[sea_orm(string_value = "OTHER")]
    Other,
    /// Served on in a linked case of another procedure (a Mr X with no origin, referred).
    #[sea_orm(string_value = "CONTINUED")]
    Continued,
}

impl CaseOutcome {
    /// Whether the case ended by someone's decision (`closeCase`) rather than by its last
    /// step: such a case is read-only until it is reopened.
    pub fn by_decision(self) -> bool {
        !matches!(
            self,
            Self::Referred | Self::Reunified | Self::Completed | Self::Continued
        )
    }
}

/// A case (kasus / layanan): one run of an adopted SOP version for a client. The version is
/// fixed when the case opens; a newer version never changes a running case.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_case")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub sop_version_id: Uuid,
    pub client_id: Option<Uuid>,
    pub report_id: Option<Uuid>,
    pub status: CaseStatus,
    pub outcome: Option<CaseOutcome>,
    /// The step (or branch target) the case waits at; `None` once closed.
    pub current_step_key: Option<String>,
    pub opened_by: Uuid,
    pub opened_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    /// When the whole case is due by the SOP's declared total time ("7 hari"), under its
    /// time rule, less paused time; `None` without a declared total or while paused.
    pub due_at: Option<DateTimeUtc>,
    /// Who closed it by a decision, and why (the reason is also in the approvals ledger).
    pub closed_by: Option<Uuid>,
    pub close_reason: Option<String>,
    /// The case this one was continued from (another procedure's), and the one it went on in.
    pub continued_from_case_id: Option<Uuid>,
    pub continued_in_case_id: Option<Uuid>,
    /// Its office's change number of the last change (commit order; `changes(since:)`).
    pub change_seq: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
