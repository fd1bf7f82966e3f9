use sea_orm::entity::prelude::*;

use crate::Role;

/// Where a transfer of a case to another Dinas Sosial stands.
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
pub enum TransferStatus {
    /// Waiting for the receiving office's answer.
    #[sea_orm(string_value = "PENDING")]
    Pending,
    /// The receiving office took the client over; a case opened there.
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    /// The sending office closed the case before an answer.
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// Pelimpahan: a case and its client handed to another Dinas Sosial (e.g. the office of the
/// client's region of origin). On acceptance the client, its documents and assessments
/// move there and a case of the same SOP opens there; the sending case closes TRANSFERRED.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_transfer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub client_id: Uuid,
    pub from_office_id: Uuid,
    pub to_office_id: Uuid,
    pub status: TransferStatus,
    pub reason: String,
    pub requested_by: Uuid,
    pub requested_role: Role,
    pub requested_at: DateTimeUtc,
    pub answered_by: Option<Uuid>,
    pub answered_role: Option<Role>,
    pub answered_at: Option<DateTimeUtc>,
    pub answer_note: Option<String>,
    /// The case the receiving office opened.
    pub new_case_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
