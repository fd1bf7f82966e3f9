//! The approvals ledger in the schema.
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entity::{Role, approval, approval::ApprovalKind};

use crate::api::context::ContextExt;
use crate::api::users::{User, user_by_id};
use crate::infra::error::AppResult;
use crate::infra::ids::to_id;

pub struct Approval(pub approval::Model);

/// One record of the approvals ledger (never changed once written).
#[Object]
impl Approval {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn kind(&self) -> ApprovalKind {
        self.0.kind
    }
    async fn step_id(&self) -> ID {
        to_id(self.0.case_step_id)
    }
    async fn actor(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, Some(self.0.actor_user_id)).await
    }
    /// The role acted in: what the step allowed (KADIS or SEKRETARIS for a signature).
    async fn actor_role(&self) -> Role {
        self.0.actor_role
    }
    /// Disposition: who it was passed to.
    async fn to_user(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.0.to_user_id).await
    }
    /// Instruction (disposition), reason (sent back) or remark.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Initials and signatures: whether they hold on the case's drafts as they are now
    /// (false for initials given before a draft was corrected).
    async fn holds(&self, ctx: &Context<'_>) -> AppResult<bool> {
        if !matches!(
            self.0.kind,
            ApprovalKind::Initials | ApprovalKind::Signature
        ) {
            return Ok(true);
        }
        let now =
            crate::store::letter_versions::revision_of_case(&ctx.app().db, self.0.case_id).await?;
        Ok(self.0.draft_revision.is_none_or(|r| r == now))
    }
}
