//! The mutations that take a case off its happy path: closing it by a decision, reopening
//! it, and which roles of an office may close.
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{Role, client::ClientLocation, relay_leg::LegFailure, service_case::CaseOutcome};

use crate::actions::case_closing::{self, CloseCase, ReopenCase};
use crate::actions::journey_failure::FailLeg;
use crate::actions::referral::Withdraw;
use crate::api::cases::{Case, call};
use crate::api::context::ContextExt;
use crate::api::referrals::Referral;
use crate::api::relay::RelayLeg;
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

#[derive(InputObject)]
pub struct FailLegInput {
    pub id: ID,
    pub leg_id: ID,
    pub failure: LegFailure,
    /// What happened: when, where, who reported it.
    pub note: String,
    /// Where the client is now, and the office nearest to them (default: the office the
    /// leg left from); the next `planReturn` starts there.
    pub client_location: ClientLocation,
    pub client_at_office_id: Option<ID>,
    pub failed_at: Option<DateTime<Utc>>,
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

    /// A relay leg did not reach its end (the client absconded, fell ill, the leg was
    /// refused): by the office it leaves from or goes to. The journey is interrupted and
    /// the case's office plans again from where the client is.
    async fn fail_leg(&self, ctx: &Context<'_>, input: FailLegInput) -> AppResult<RelayLeg> {
        let f = FailLeg {
            leg_id: parse_id(&input.leg_id)?,
            failure: input.failure,
            note: input.note,
            client_location: input.client_location,
            client_at_office_id: input
                .client_at_office_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
            failed_at: input.failed_at,
        };
        Ok(RelayLeg(
            crate::actions::journey_failure::fail_leg(&call(ctx, &input.id)?, f).await?,
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
