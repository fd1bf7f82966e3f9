use sea_orm::entity::prelude::*;

use crate::Role;

/// What an approval record says.
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
pub enum ApprovalKind {
    /// Disposisi: passed down to a named person with an instruction.
    #[sea_orm(string_value = "DISPOSITION")]
    Disposition,
    /// Paraf: initials on the draft.
    #[sea_orm(string_value = "INITIALS")]
    Initials,
    /// Tanda tangan: the signature.
    #[sea_orm(string_value = "SIGNATURE")]
    Signature,
    /// Dikembalikan: returned with a reason to an earlier step.
    #[sea_orm(string_value = "SENT_BACK")]
    SentBack,
    /// Disetujui: a branch that needs approval (seed 000's "jika layak dan disetujui").
    #[sea_orm(string_value = "APPROVAL")]
    Approval,
    /// Ditutup: the case closed by a decision, with its outcome and reason.
    #[sea_orm(string_value = "CLOSURE")]
    Closure,
    /// Dibuka kembali: a closed case reopened, with the reason.
    #[sea_orm(string_value = "REOPENING")]
    Reopening,
}

/// The approvals ledger: insert-only, one row per disposition, initials, signature or return.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "approval")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub case_step_id: Uuid,
    pub kind: ApprovalKind,
    pub actor_user_id: Uuid,
    /// The role the actor acted in (what the step allowed).
    pub actor_role: Role,
    /// Disposition: the person it goes to.
    pub to_user_id: Option<Uuid>,
    /// Instruction (disposition), reason (sent back) or remark.
    pub note: Option<String>,
    pub letter_id: Option<Uuid>,
    pub at: DateTimeUtc,
    /// The revision of the case's drafts it was given on (the sum of their versions): an
    /// initial on an earlier revision no longer holds once a draft is corrected.
    pub draft_revision: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
