//! The mutations that take a case off its happy path: closing it by a decision, reopening
//! it, and which roles of an office may close.
use async_graphql::{Context, ID, InputObject, Object};
use entity::{Role, service_case::CaseOutcome};

use crate::actions::case_closing::{self, CloseCase, ReopenCase};
use crate::actions::referral::Withdraw;
use crate::api::cases::{Case, call};
use crate::api::context::ContextExt;
use crate::api::referrals::Referral;
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;

#[derive(InputObject)]
pub struct CloseCaseInput {
    /// Mutation id made on the phone (replay-safe).
    pub id: ID,
    pub case_id: ID,
    /// WITHDRAWN, DECEASED, NOT_FOUND, DUPLICATE or OTHER (TRANSFERRED comes from a
    /// transfer; REFERRED, REUNIFIED and COMPLETED from the SOP's last step).
    pub outcome: CaseOutcome,
    /// Why: who said so, when, what happened. Required.
    pub reason: String,
}

#[derive(InputObject)]
pub struct ReopenCaseInput {
    pub id: ID,
    pub case_id: ID,
    pub reason: String,
}

#[derive(InputObject)]
pub struct WithdrawReferralInput {
    pub id: ID,
    pub referral_id: ID,
    /// Why (the UPT did not answer within the step's time, the client went home).
    pub reason: String,
}

#[derive(Default)]
pub struct CasePathsMutation;

#[Object]
impl CasePathsMutation {
    /// Closes an open case by a decision of the office's closing roles (default Kasi, Kabid,
    /// Kadis): the step it waits at is cancelled, its clock stops, a referral waiting for
    /// an answer is withdrawn; the closure is in the approvals ledger and the case is
    /// read-only until reopened.
    async fn close_case(&self, ctx: &Context<'_>, input: CloseCaseInput) -> AppResult<Case> {
        let c = CloseCase {
            case_id: parse_id(&input.case_id)?,
            outcome: input.outcome,
            reason: input.reason,
        };
        let row = case_closing::close(&call(ctx, &input.id)?, c).await?;
        Case::load(ctx, row).await
    }

    /// Reopens a case closed by a decision (Kabid or Kadis, with a reason): the step it was
    /// closed at runs again with a fresh clock.
    async fn reopen_case(&self, ctx: &Context<'_>, input: ReopenCaseInput) -> AppResult<Case> {
        let r = ReopenCase {
            case_id: parse_id(&input.case_id)?,
            reason: input.reason,
        };
        let row = case_closing::reopen(&call(ctx, &input.id)?, r).await?;
        Case::load(ctx, row).await
    }

    /// Withdraws a referral still waiting for the UPT's answer, so the office can refer
    /// elsewhere or take another way out of the coordination step.
    async fn withdraw_referral(
        &self,
        ctx: &Context<'_>,
        input: WithdrawReferralInput,
    ) -> AppResult<Referral> {
        let w = Withdraw {
            referral_id: parse_id(&input.referral_id)?,
            reason: input.reason,
        };
        Ok(Referral(
            crate::actions::referral::withdraw(&call(ctx, &input.id)?, w).await?,
        ))
    }

    /// Office admin: the roles that may close a case (an empty list restores Kasi, Kabid,
    /// Kadis). Returns the roles in force.
    async fn set_case_closing_roles(
        &self,
        ctx: &Context<'_>,
        roles: Vec<Role>,
    ) -> AppResult<Vec<Role>> {
        case_closing::set_closing_roles(ctx.app(), ctx.meta(), ctx.actor()?, roles).await
    }
}
