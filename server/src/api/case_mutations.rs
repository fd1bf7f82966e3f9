//! The case mutations and their inputs: opening, steps, approvals, clocks, referrals and
//! reunification.
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{approval::ApprovalKind, reunification::ReunificationMode};

use crate::actions::approvals::{Approve, Dispose, SendBack};
use crate::actions::cases::{ClockChange, CompleteStep, OpenCase};
use crate::actions::referral as referrals;
use crate::actions::referral::{Admission, Answer, OnBehalf, PartnerChannel, Refer};
use crate::actions::reunification::Reunify;
use crate::api::cases::{Case, Reunification, call, ids, on_version};
use crate::api::referrals::Referral;
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;
use crate::store::assessments::FamilyContact;

#[derive(InputObject, serde::Serialize)]
pub struct OpenCaseInput {
    /// Made on the phone; it becomes the case's id, and a repeated call returns the case.
    pub id: ID,
    /// `RUJUKAN_PPKS` for the referral procedure (seed 000).
    pub sop_code: String,
    pub client_id: ID,
    /// The report or application the case answers (its receipt starts the clock).
    pub report_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CompleteStepInput {
    /// Mutation id made on the phone (replay-safe).
    pub id: ID,
    pub case_id: ID,
    /// The step the worker is doing (`cek_dan_asesmen`); refused when the case is elsewhere.
    pub step_key: String,
    /// At a branching step: its branch (`layak` / `tidak_layak`); a step with a default
    /// branch takes it when this is left out.
    pub branch: Option<String>,
    /// Required on a way out of a branch target and into a waiting state: the reason.
    pub note: Option<String>,
    pub output: Option<String>,
    #[graphql(default)]
    pub document_ids: Vec<ID>,
    /// Into a waiting state (the client stays in the shelter): when the office looks at
    /// the case again; it becomes the waiting step's due time.
    pub review_at: Option<DateTime<Utc>>,
    /// The case's `version` the action was decided on (a phone sends what it saw): if the
    /// case has changed since, the action is refused with CONFLICT / CASE_MOVED_ON and
    /// `extensions.currentVersion`, for the person to look again. Left out: no such check.
    pub expected_version: Option<i32>,
}

#[derive(InputObject)]
pub struct ApproveInput {
    pub id: ID,
    pub case_id: ID,
    pub step_key: String,
    pub note: Option<String>,
    /// The case's `version` the action was decided on (a phone sends what it saw): if the
    /// case has changed since, the action is refused with CONFLICT / CASE_MOVED_ON and
    /// `extensions.currentVersion`, for the person to look again. Left out: no such check.
    pub expected_version: Option<i32>,
}

#[derive(InputObject)]
pub struct SendBackInput {
    pub id: ID,
    pub case_id: ID,
    pub step_key: String,
    pub reason: String,
    /// The case's `version` the action was decided on (a phone sends what it saw): if the
    /// case has changed since, the action is refused with CONFLICT / CASE_MOVED_ON and
    /// `extensions.currentVersion`, for the person to look again. Left out: no such check.
    pub expected_version: Option<i32>,
}

#[derive(InputObject)]
pub struct DisposeInput {
    pub id: ID,
    pub case_id: ID,
    pub to_user_id: ID,
    pub instruction: String,
    /// The case's `version` the action was decided on (a phone sends what it saw): if the
    /// case has changed since, the action is refused with CONFLICT / CASE_MOVED_ON and
    /// `extensions.currentVersion`, for the person to look again. Left out: no such check.
    pub expected_version: Option<i32>,
}

#[derive(InputObject)]
pub struct ClockInput {
    pub id: ID,
    pub case_id: ID,
    /// Pausing: why (waiting for the family, the police letter, the UPT).
    pub reason: Option<String>,
}

#[derive(InputObject)]
pub struct ReferInput {
    /// Made on the phone; it becomes the referral's id.
    pub id: ID,
    pub case_id: ID,
    pub institution_id: ID,
    /// What the UPT needs to know; it sees this, not the file.
    pub needs_summary: String,
    #[graphql(default)]
    pub shared_document_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct AnswerReferralInput {
    pub id: ID,
    pub referral_id: ID,
    pub accept: bool,
    /// Required when declining.
    pub reason: Option<String>,
    /// The referring office recording the UPT's answer for it: required then.
    pub on_behalf: Option<OnBehalfInput>,
}

#[derive(InputObject)]
pub struct ConfirmAdmissionInput {
    pub id: ID,
    pub referral_id: ID,
    /// When the client arrived (default now).
    pub admitted_at: Option<DateTime<Utc>>,
    /// The referring office recording the admission for the UPT: required then.
    pub on_behalf: Option<OnBehalfInput>,
}

/// What the office heard from the partner, when it records the partner's answer.
#[derive(InputObject)]
pub struct OnBehalfInput {
    /// Who at the UPT answered, and their position.
    pub contact_name: String,
    pub contact_position: String,
    pub channel: PartnerChannel,
    pub contacted_at: DateTime<Utc>,
    /// The partner's signed letter, uploaded first (required when by LETTER).
    pub letter_document_id: Option<ID>,
}

impl OnBehalfInput {
    fn parsed(self) -> AppResult<OnBehalf> {
        Ok(OnBehalf {
            contact_name: self.contact_name,
            contact_position: self.contact_position,
            channel: self.channel,
            contacted_at: self.contacted_at,
            letter_document_id: self.letter_document_id.as_ref().map(parse_id).transpose()?,
        })
    }
}

#[derive(InputObject)]
pub struct ReunificationInput {
    /// Made on the phone; it becomes the record's id.
    pub id: ID,
    pub case_id: ID,
    pub family: FamilyContact,
    pub mode: ReunificationMode,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// The berita acara serah terima, uploaded as a HANDOVER_RECORD document.
    pub proof_document_id: ID,
    pub note: Option<String>,
}

#[derive(Default)]
pub struct CasesMutation;

#[Object]
impl CasesMutation {
    /// Opens a case under the office's adopted SOP; its first step waits.
    async fn open_case(&self, ctx: &Context<'_>, input: OpenCaseInput) -> AppResult<Case> {
        let open = OpenCase {
            sop_code: input.sop_code.trim().to_owned(),
            client_id: parse_id(&input.client_id)?,
            report_id: input.report_id.as_ref().map(parse_id).transpose()?,
        };
        let row = crate::actions::cases::open(&call(ctx, &input.id)?, open).await?;
        Case::load(ctx, row).await
    }

    /// Completes the case's current step. Refused, naming what is missing: a role the step
    /// does not wait for (FORBIDDEN), another step than the current one, a missing document
    /// or record (FAILED_PRECONDITION), a missing or unknown branch (BAD_USER_INPUT).
    async fn complete_step(&self, ctx: &Context<'_>, input: CompleteStepInput) -> AppResult<Case> {
        let expected = input.expected_version;
        let c = CompleteStep {
            case_id: parse_id(&input.case_id)?,
            step_key: input.step_key,
            branch: input.branch,
            note: input.note,
            output: input.output,
            document_ids: ids(&input.document_ids)?,
            review_at: input.review_at,
        };
        let row =
            crate::actions::cases::complete_step(&on_version(ctx, &input.id, expected)?, c).await?;
        Case::load(ctx, row).await
    }

    /// Paraf on the current initials step, in the step's order of roles.
    async fn add_initials(&self, ctx: &Context<'_>, input: ApproveInput) -> AppResult<Case> {
        approve(ctx, ApprovalKind::Initials, input).await
    }

    /// Tanda tangan on the current signature step, by any of its signer roles; it signs
    /// the case's letter.
    async fn sign_step(&self, ctx: &Context<'_>, input: ApproveInput) -> AppResult<Case> {
        approve(ctx, ApprovalKind::Signature, input).await
    }

    /// Returns the case from an approval step, with a reason, to the step it goes back to.
    async fn send_back(&self, ctx: &Context<'_>, input: SendBackInput) -> AppResult<Case> {
        let expected = input.expected_version;
        let s = SendBack {
            case_id: parse_id(&input.case_id)?,
            step_key: input.step_key,
            reason: input.reason,
        };
        let row =
            crate::actions::approvals::send_back(&on_version(ctx, &input.id, expected)?, s).await?;
        Case::load(ctx, row).await
    }

    /// Disposisi: passes the case to someone below in the office with an instruction.
    async fn dispose_case(&self, ctx: &Context<'_>, input: DisposeInput) -> AppResult<Case> {
        let expected = input.expected_version;
        let d = Dispose {
            case_id: parse_id(&input.case_id)?,
            to_user_id: parse_id(&input.to_user_id)?,
            instruction: input.instruction,
        };
        let row =
            crate::actions::approvals::dispose(&on_version(ctx, &input.id, expected)?, d).await?;
        Case::load(ctx, row).await
    }

    /// Pauses the current step's service-time clock, with a reason.
    async fn pause_clock(&self, ctx: &Context<'_>, input: ClockInput) -> AppResult<Case> {
        clock(ctx, true, input).await
    }

    /// Resumes the paused clock where it stopped.
    async fn resume_clock(&self, ctx: &Context<'_>, input: ClockInput) -> AppResult<Case> {
        clock(ctx, false, input).await
    }

    /// Refers the case's client to a partner UPT/panti at the coordination step.
    async fn refer_case(&self, ctx: &Context<'_>, input: ReferInput) -> AppResult<Referral> {
        let r = Refer {
            case_id: parse_id(&input.case_id)?,
            institution_id: parse_id(&input.institution_id)?,
            needs_summary: input.needs_summary,
            shared_document_ids: ids(&input.shared_document_ids)?,
        };
        Ok(Referral(referrals::refer(&call(ctx, &input.id)?, r).await?))
    }

    /// UPT/panti users: accept a referral, or decline it with a reason. The referring
    /// office may record the UPT's answer for it, with `onBehalf` (marked as such).
    async fn answer_referral(
        &self,
        ctx: &Context<'_>,
        input: AnswerReferralInput,
    ) -> AppResult<Referral> {
        let a = Answer {
            referral_id: parse_id(&input.referral_id)?,
            accept: input.accept,
            reason: input.reason,
            on_behalf: input.on_behalf.map(OnBehalfInput::parsed).transpose()?,
        };
        Ok(Referral(
            referrals::answer(&call(ctx, &input.id)?, a).await?,
        ))
    }

    /// UPT/panti users: the client arrived (or the referring office, with `onBehalf`).
    async fn confirm_admission(
        &self,
        ctx: &Context<'_>,
        input: ConfirmAdmissionInput,
    ) -> AppResult<Referral> {
        let a = Admission {
            referral_id: parse_id(&input.referral_id)?,
            admitted_at: input.admitted_at,
            on_behalf: input.on_behalf.map(OnBehalfInput::parsed).transpose()?,
        };
        Ok(Referral(
            referrals::confirm_admission(&call(ctx, &input.id)?, a).await?,
        ))
    }

    /// Records the family reunification (after NOT ELIGIBLE) and closes the case.
    async fn record_reunification(
        &self,
        ctx: &Context<'_>,
        input: ReunificationInput,
    ) -> AppResult<Reunification> {
        let r = Reunify {
            case_id: parse_id(&input.case_id)?,
            family: input.family,
            mode: input.mode,
            handed_over_at: input.handed_over_at,
            proof_document_id: parse_id(&input.proof_document_id)?,
            note: input.note,
        };
        Ok(Reunification(
            crate::actions::reunification::record(&call(ctx, &input.id)?, r).await?,
        ))
    }
}

/// Initials or a signature (`kind`) on the case's current step.
async fn approve(ctx: &Context<'_>, kind: ApprovalKind, input: ApproveInput) -> AppResult<Case> {
    let expected = input.expected_version;
    let a = Approve {
        case_id: parse_id(&input.case_id)?,
        step_key: input.step_key,
        note: input.note,
    };
    let row =
        crate::actions::approvals::approve(&on_version(ctx, &input.id, expected)?, kind, a).await?;
    Case::load(ctx, row).await
}

/// Pauses (`pause`) or resumes the clock of the case's current step.
async fn clock(ctx: &Context<'_>, pause: bool, input: ClockInput) -> AppResult<Case> {
    let c = ClockChange {
        case_id: parse_id(&input.case_id)?,
        reason: input.reason,
    };
    let row = crate::actions::cases::set_clock(&call(ctx, &input.id)?, pause, c).await?;
    Case::load(ctx, row).await
}
