//! The LKS application in GraphQL: what the LKS and the office see of it, and the
//! mutations of seed 004 that are not plain case steps.
use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, EmptyFields, OpaqueCursor},
};
use chrono::{DateTime, Utc};
use entity::lks_application::ApplicationStatus;
use entity::lks_round::VerificationOutcome;
use entity::{letter, lks_application, lks_round};
use uuid::Uuid;

use crate::actions::lks_application as applications;
use crate::actions::lks_application::{Create, Submit, Verify};
use crate::actions::lks_receipt::{self, Receipt};
use crate::api::cases::{Case, call, ids};
use crate::api::context::{ContextExt, Viewer};
use crate::api::documents::Document;
use crate::api::documents::document_by_id;
use crate::api::offices::Institution;
use crate::api::pagination::{connection, page_args};
use crate::api::users::{User, user_by_id};
use crate::infra::auth::Scope;
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};
use crate::store::lks_applications::{self as applications_store, Seen, checklist_of};
use crate::store::lks_applications::{requirement_documents, rounds_of};
use crate::store::lks_verifications::ItemVerdict;

pub struct LksApplication(pub lks_application::Model);

/// Whose applications the caller reads: an LKS its own, office staff (not the account
/// admin) their office's, an API client those of its reach.
fn seen_by(ctx: &Context<'_>) -> AppResult<Seen> {
    Ok(match ctx.viewer()? {
        Viewer::Staff(actor) => {
            if matches!(actor.scope(), Scope::Office(_)) {
                crate::infra::auth::casework_office(actor)?;
            }
            actor.scope().into()
        }
        Viewer::Client(client) => Seen::Offices(client.offices.clone()),
    })
}

impl LksApplication {
    fn office_view(&self, ctx: &Context<'_>) -> AppResult<bool> {
        Ok(matches!(ctx.actor()?.scope(), Scope::Office(_)))
    }

    async fn last_round(&self, ctx: &Context<'_>) -> AppResult<Option<lks_round::Model>> {
        Ok(rounds_of(&ctx.app().db, self.0.id).await?.pop())
    }
}

/// An LKS's application for a recommendation (seed 004). Its case, once submitted, has the
/// same id; the LKS sees the stage it is at, the office the whole case.
#[Object]
impl LksApplication {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn institution(&self, ctx: &Context<'_>) -> AppResult<Option<Institution>> {
        Ok(applications_store::applicant(&ctx.app().db, &self.0)
            .await?
            .map(Institution::from))
    }
    /// What the recommendation is for.
    async fn purpose(&self) -> &str {
        &self.0.purpose
    }
    /// Entered by the office's intake desk from the LKS's paper file.
    async fn entered_at_desk(&self) -> bool {
        self.0.entered_at_desk
    }
    async fn status(&self) -> ApplicationStatus {
        self.0.status
    }
    /// Submission rounds so far.
    async fn round(&self) -> i32 {
        self.0.round
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The first submission.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    async fn received_at(&self) -> Option<DateTime<Utc>> {
        self.0.received_at
    }
    /// Who signed the tanda terima at the LKS.
    async fn receipt_signed_by(&self) -> Option<&str> {
        self.0.receipt_signed_by.as_deref()
    }
    /// The office's checklist for this LKS, each item with its uploads and its verdict in
    /// the latest verified round.
    async fn requirements(&self, ctx: &Context<'_>) -> AppResult<Vec<LksApplicationItem>> {
        let db = &ctx.app().db;
        let checklist = checklist_of(db, &self.0).await?;
        let docs = requirement_documents(db, self.0.id).await?;
        let verdicts: Vec<ItemVerdict> = rounds_of(db, self.0.id)
            .await?
            .into_iter()
            .rev()
            .find_map(|r| r.items)
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        Ok(checklist
            .into_iter()
            .map(|r| LksApplicationItem {
                documents: docs
                    .iter()
                    .filter(|d| d.requirement_key.as_deref() == Some(r.key.as_str()))
                    .cloned()
                    .map(Document)
                    .collect(),
                verdict: verdicts.iter().find(|v| v.key == r.key).map(verdict),
                key: r.key,
                label: r.label,
                label_en: r.label_en,
                required: r.required,
            })
            .collect())
    }
    /// Every submission with its verification sheet, first to last.
    async fn rounds(&self, ctx: &Context<'_>) -> AppResult<Vec<LksRound>> {
        Ok(rounds_of(&ctx.app().db, self.0.id)
            .await?
            .into_iter()
            .map(LksRound)
            .collect())
    }
    /// While returned: the checklist items the LKS must upload again.
    async fn returned_items(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        if self.0.status != ApplicationStatus::Returned {
            return Ok(Vec::new());
        }
        Ok(self
            .last_round(ctx)
            .await?
            .and_then(|r| r.missing)
            .and_then(|m| serde_json::from_value(m).ok())
            .unwrap_or_default())
    }
    /// The step the application is at (null before submission and after receipt).
    async fn stage(&self, ctx: &Context<'_>) -> AppResult<Option<LksStage>> {
        if self.0.status == ApplicationStatus::Draft {
            return Ok(None);
        }
        let db = &ctx.app().db;
        let Some((step, case)) = applications_store::active_step(db, &self.0).await? else {
            return Ok(None);
        };
        let def = crate::engine::definition(db, case.sop_version_id).await?;
        let printed = def.step(&step.step_key);
        let paused = crate::engine::pauses_of(db, step.id)
            .await?
            .iter()
            .any(|p| p.resumed_at.is_none());
        Ok(Some(LksStage {
            key: step.step_key.clone(),
            number: printed.map(|s| s.number.clone()).unwrap_or_default(),
            text: printed.map(|s| s.text.clone()).unwrap_or_default(),
            text_en: printed.map(|s| s.text_en.clone()).unwrap_or_default(),
            started_at: step.started_at,
            due_at: step.due_at,
            paused,
        }))
    }
    /// The whole case (steps, approvals, letters): office staff only; null for the LKS.
    async fn case(&self, ctx: &Context<'_>) -> AppResult<Option<Case>> {
        if !self.office_view(ctx)? {
            return Ok(None);
        }
        match crate::store::cases::by_id(&ctx.app().db, self.0.id).await? {
            Some(c) => Ok(Some(Case::load(ctx, c).await?)),
            None => Ok(None),
        }
    }
    /// The recommendation once numbered: its number, the PDF and where it is verified.
    async fn recommendation(&self, ctx: &Context<'_>) -> AppResult<Option<LksRecommendation>> {
        if self.0.status == ApplicationStatus::Draft {
            return Ok(None);
        }
        let found = applications_store::numbered_recommendation(&ctx.app().db, &self.0).await?;
        Ok(found.map(LksRecommendation))
    }
}

/// The step an application is at, as the LKS may see it.
#[derive(SimpleObject)]
pub struct LksStage {
    pub key: String,
    pub number: String,
    pub text: String,
    pub text_en: String,
    pub started_at: DateTime<Utc>,
    /// Null while the clock waits (returned to the LKS) or for a step without a standard.
    pub due_at: Option<DateTime<Utc>>,
    /// The clock waits: the application is back with the LKS.
    pub paused: bool,
}

/// A checklist item of an application.
#[derive(SimpleObject)]
pub struct LksApplicationItem {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub required: bool,
    /// Every upload for it, oldest first (earlier rounds' stay).
    pub documents: Vec<Document>,
    /// The latest verification's verdict on it.
    pub verdict: Option<LksItemVerdict>,
}

/// The verdict on one item of the verification sheet.
#[derive(SimpleObject)]
pub struct LksItemVerdict {
    pub key: String,
    pub passed: bool,
    /// What is wrong or missing (always given for a failure).
    pub note: Option<String>,
}

fn verdict(v: &ItemVerdict) -> LksItemVerdict {
    LksItemVerdict {
        key: v.key.clone(),
        passed: v.passed,
        note: v.note.clone(),
    }
}

pub struct LksRound(pub lks_round::Model);

/// One submission and its verification sheet (lembar verifikasi dan validasi).
#[Object]
impl LksRound {
    async fn number(&self) -> i32 {
        self.0.number
    }
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    /// The requirement documents the LKS had uploaded when it submitted.
    async fn documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        Ok(applications_store::round_documents(&ctx.app().db, &self.0)
            .await?
            .into_iter()
            .map(Document)
            .collect())
    }
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }
    /// The Kasi who verified; null for the LKS (office staff are not theirs to look up).
    async fn verified_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        match ctx.actor()?.scope() {
            Scope::Office(_) => user_by_id(ctx, self.0.verified_by).await,
            Scope::Institution(_) => Ok(None),
        }
    }
    async fn outcome(&self) -> Option<VerificationOutcome> {
        self.0.outcome
    }
    async fn items(&self) -> Vec<LksItemVerdict> {
        self.0
            .items
            .clone()
            .and_then(|v| serde_json::from_value::<Vec<ItemVerdict>>(v).ok())
            .unwrap_or_default()
            .iter()
            .map(verdict)
            .collect()
    }
    /// Returned: the checklist items to upload again.
    async fn missing(&self) -> Vec<String> {
        self.0
            .missing
            .clone()
            .and_then(|m| serde_json::from_value(m).ok())
            .unwrap_or_default()
    }
    async fn visited_at(&self) -> Option<DateTime<Utc>> {
        self.0.visited_at
    }
    async fn visit_passed(&self) -> Option<bool> {
        self.0.visit_passed
    }
    async fn visit_note(&self) -> Option<&str> {
        self.0.visit_note.as_deref()
    }
    /// The site-visit photos (office staff only).
    async fn visit_photos(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        let (Scope::Office(_), Some(step)) = (ctx.actor()?.scope(), self.0.case_step_id) else {
            return Ok(Vec::new());
        };
        Ok(applications_store::site_visit_photos(&ctx.app().db, step)
            .await?
            .into_iter()
            .map(Document)
            .collect())
    }
}

pub struct LksRecommendation(pub letter::Model);

/// The issued recommendation, as the LKS may see it.
#[Object]
impl LksRecommendation {
    async fn number(&self) -> Option<&str> {
        self.0.number.as_deref()
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.0.signed_at
    }
    async fn numbered_at(&self) -> Option<DateTime<Utc>> {
        self.0.numbered_at
    }
    /// The code behind the QR code (`verifyLetter`).
    async fn verify_code(&self) -> Option<&str> {
        self.0.verify_code.as_deref()
    }
    async fn verify_url(&self, ctx: &Context<'_>) -> Option<String> {
        self.0
            .verify_code
            .as_ref()
            .map(|c| crate::rules::letter_pdf::url_of(&ctx.app().config.public_url, c))
    }
    /// The letter as a PDF.
    async fn pdf(&self, ctx: &Context<'_>) -> AppResult<Option<Document>> {
        document_by_id(ctx, self.0.document_id).await
    }
}

#[derive(Default)]
pub struct LksApplicationQuery;

#[Object]
impl LksApplicationQuery {
    /// An application of the caller's LKS, or of the caller's office; null otherwise.
    async fn lks_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> AppResult<Option<LksApplication>> {
        let seen = seen_by(ctx)?;
        Ok(
            applications_store::find_seen(&ctx.app().db, &seen, parse_id(&id)?)
                .await?
                .map(LksApplication),
        )
    }

    /// The caller's LKS's applications, or the office's submitted ones, newest first.
    async fn lks_applications(
        &self,
        ctx: &Context<'_>,
        status: Option<ApplicationStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<Uuid>, LksApplication, EmptyFields, EmptyFields>> {
        let seen = seen_by(ctx)?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let rows =
            applications_store::page_visible_to(&ctx.app().db, &seen, status, first, after).await?;
        Ok(connection(
            rows.into_iter()
                .map(|a| (a.id, LksApplication(a)))
                .collect(),
            first,
            false,
        ))
    }
}

#[derive(InputObject)]
pub struct CreateLksApplicationInput {
    /// Made on the phone; it becomes the application's id (and its case's).
    pub id: ID,
    /// What the recommendation is for.
    pub purpose: String,
    /// The office's intake desk entering a paper file: the LKS it is for (one the office
    /// registered). Left out by LKS staff.
    pub institution_id: Option<ID>,
}

#[derive(InputObject)]
pub struct SubmitLksApplicationInput {
    /// Mutation id made by the client.
    pub id: ID,
    pub application_id: ID,
}

#[derive(InputObject)]
pub struct LksItemVerdictInput {
    pub key: String,
    pub passed: bool,
    /// Required when it failed: what is wrong or missing (the LKS reads it).
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct VerifyLksApplicationInput {
    /// Mutation id made by the client.
    pub id: ID,
    pub application_id: ID,
    /// A verdict for every required checklist item.
    pub items: Vec<LksItemVerdictInput>,
    pub visited_at: DateTime<Utc>,
    /// Whether the site visit found the LKS as its papers describe it.
    pub visit_passed: bool,
    /// Required when the visit failed.
    pub visit_note: Option<String>,
    /// SITE_VISIT_PHOTO documents uploaded to this application (at least one).
    pub photo_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct ConfirmLksReceiptInput {
    /// Mutation id made by the client.
    pub id: ID,
    pub application_id: ID,
    /// Who signs the tanda terima at the LKS.
    pub signed_by: String,
    /// Office desk only (required there): the receipt the LKS signed on paper, uploaded as
    /// `TANDA_TERIMA` to the application.
    pub signed_receipt_document_id: Option<ID>,
}

#[derive(Default)]
pub struct LksApplicationMutation;

#[Object]
impl LksApplicationMutation {
    /// LKS staff, or the office's intake desk for a paper file (`institutionId`): starts an
    /// application (a draft); then upload each requirement with
    /// `PUT /documents/{id}?kind=LKS_REQUIREMENT&lksApplicationId=…&requirementKey=…`.
    async fn create_lks_application(
        &self,
        ctx: &Context<'_>,
        input: CreateLksApplicationInput,
    ) -> AppResult<LksApplication> {
        let c = Create {
            purpose: input.purpose,
            institution_id: input.institution_id.as_ref().map(parse_id).transpose()?,
        };
        Ok(LksApplication(
            applications::create(&call(ctx, &input.id)?, c).await?,
        ))
    }

    /// LKS staff: submits the application (with every required item uploaded), or
    /// resubmits it after a return (with a new upload for each item returned).
    async fn submit_lks_application(
        &self,
        ctx: &Context<'_>,
        input: SubmitLksApplicationInput,
    ) -> AppResult<LksApplication> {
        let s = Submit {
            application_id: parse_id(&input.application_id)?,
        };
        Ok(LksApplication(
            applications::submit(&call(ctx, &input.id)?, s).await?,
        ))
    }

    /// Kasi: the verification sheet after the site visit; all passed goes on to the draft,
    /// anything failed returns the application to the LKS.
    async fn verify_lks_application(
        &self,
        ctx: &Context<'_>,
        input: VerifyLksApplicationInput,
    ) -> AppResult<LksApplication> {
        let v = Verify {
            application_id: parse_id(&input.application_id)?,
            items: input
                .items
                .into_iter()
                .map(|i| ItemVerdict {
                    key: i.key.trim().to_owned(),
                    passed: i.passed,
                    note: i.note,
                })
                .collect(),
            visited_at: input.visited_at,
            visit_passed: input.visit_passed,
            visit_note: input.visit_note,
            photo_ids: ids(&input.photo_ids)?,
        };
        Ok(LksApplication(
            applications::verify(&call(ctx, &input.id)?, v).await?,
        ))
    }

    /// Signs for the numbered recommendation (tanda terima); this closes the case. LKS
    /// staff sign in the system; the office's desk records a receipt signed on paper, with
    /// its scan, on the LKS's behalf.
    async fn confirm_lks_receipt(
        &self,
        ctx: &Context<'_>,
        input: ConfirmLksReceiptInput,
    ) -> AppResult<LksApplication> {
        let r = Receipt {
            application_id: parse_id(&input.application_id)?,
            signed_by: input.signed_by,
            signed_receipt_document_id: input
                .signed_receipt_document_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
        };
        Ok(LksApplication(
            lks_receipt::confirm_receipt(&call(ctx, &input.id)?, r).await?,
        ))
    }
}
