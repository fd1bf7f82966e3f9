//! Transfers of a case to another Dinas Sosial in the schema: the request, the receiving
//! office's answer, and what both offices may read of it.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{Role, case_step::StepStatus, case_transfer, case_transfer::TransferStatus};

use crate::actions::case_transfer::{AnswerTransfer, RequestTransfer, answer, request};
use crate::api::cases::{Case, call};
use crate::api::context::ContextExt;
use crate::api::offices::Office;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::i18n::Locale;
use crate::infra::ids::{parse_id, to_id};

pub struct CaseTransfer(pub case_transfer::Model);

/// A step of the sending case, as the receiving office reads it: what was done, by which
/// role, when (the papers stay with the sending office).
#[derive(SimpleObject)]
pub struct TransferredStep {
    pub key: String,
    pub text: String,
    pub status: StepStatus,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_role: Option<Role>,
    pub note: Option<String>,
}

/// Pelimpahan: a case and its client handed to another Dinas Sosial. Both offices see it.
#[Object]
impl CaseTransfer {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn status(&self) -> TransferStatus {
        self.0.status
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn from_office(&self, ctx: &Context<'_>) -> AppResult<Option<Office>> {
        office(ctx, self.0.from_office_id).await
    }
    async fn to_office(&self, ctx: &Context<'_>) -> AppResult<Option<Office>> {
        office(ctx, self.0.to_office_id).await
    }
    async fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }
    async fn requested_role(&self) -> Role {
        self.0.requested_role
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    async fn answered_role(&self) -> Option<Role> {
        self.0.answered_role
    }
    /// Why it was declined, or what the receiving office noted on accepting.
    async fn answer_note(&self) -> Option<&str> {
        self.0.answer_note.as_deref()
    }
    /// The sending office's case: for the sending office only.
    async fn case(&self, ctx: &Context<'_>) -> AppResult<Option<Case>> {
        own_case(ctx, self.0.case_id).await
    }
    /// The case the receiving office opened: for the receiving office only.
    async fn new_case(&self, ctx: &Context<'_>) -> AppResult<Option<Case>> {
        match self.0.new_case_id {
            Some(id) => own_case(ctx, id).await,
            None => Ok(None),
        }
    }
    /// Who the client is: the name, or the Mr X label (the record moves on acceptance).
    async fn client_name(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        let client = crate::store::clients::by_id(&ctx.app().db, self.0.client_id).await?;
        Ok(client.and_then(|c| c.name.or(c.unidentified_label)))
    }
    /// The SOP the case runs under.
    async fn sop_code(&self, ctx: &Context<'_>) -> AppResult<String> {
        Ok(sending_case(ctx, &self.0).await?.def.code.clone())
    }
    /// What the sending office did, step by step: the case's history for the office that
    /// takes it over.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<TransferredStep>> {
        let case = sending_case(ctx, &self.0).await?;
        let steps = crate::store::cases::steps_of_cases(&ctx.app().db, &[self.0.case_id]).await?;
        let locale = ctx.locale();
        Ok(steps
            .into_iter()
            .map(|s| TransferredStep {
                text: case
                    .def
                    .step(&s.step_key)
                    .map(|d| match locale {
                        Locale::Id => d.text.clone(),
                        Locale::En => d.text_en.clone(),
                    })
                    .or_else(|| case.def.target(&s.step_key).map(|t| t.text.clone()))
                    .unwrap_or_default(),
                key: s.step_key,
                status: s.status,
                started_at: s.started_at,
                completed_at: s.completed_at,
                completed_role: s.completed_role,
                note: s.note,
            })
            .collect())
    }
}

async fn office(ctx: &Context<'_>, id: uuid::Uuid) -> AppResult<Option<Office>> {
    Ok(ctx.loaders().offices.load_one(id).await?.map(Office))
}

/// A case of the caller's office, or null.
async fn own_case(ctx: &Context<'_>, id: uuid::Uuid) -> AppResult<Option<Case>> {
    let Ok(office) = casework_office(ctx.actor()?) else {
        return Ok(None);
    };
    match crate::store::cases::in_office(&ctx.app().db, office, id).await? {
        Some(c) => Ok(Some(Case::load(ctx, c).await?)),
        None => Ok(None),
    }
}

/// The sending case under its SOP version (both offices of a transfer may read this much).
async fn sending_case(ctx: &Context<'_>, t: &case_transfer::Model) -> AppResult<Case> {
    let row = ctx
        .loaders()
        .cases
        .load_one(t.case_id)
        .await?
        .ok_or_else(|| AppError::internal("transfer without its case"))?;
    Case::load(ctx, row).await
}

#[derive(InputObject)]
pub struct TransferCaseInput {
    /// Mutation id made on the phone (replay-safe); becomes the transfer's id.
    pub id: ID,
    pub case_id: ID,
    /// The Dinas Sosial asked to take the client over (`relayOffices` lists them).
    pub to_office_id: ID,
    /// Why (e.g. the client's region of origin is theirs). Required.
    pub reason: String,
}

#[derive(InputObject)]
pub struct AnswerCaseTransferInput {
    pub id: ID,
    pub transfer_id: ID,
    pub accept: bool,
    /// Required when declining.
    pub note: Option<String>,
}

#[derive(Default)]
pub struct CaseTransfersQuery;

#[Object]
impl CaseTransfersQuery {
    /// A transfer the caller's office sent or was asked to accept, or null.
    async fn case_transfer(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<CaseTransfer>> {
        let Ok(office) = casework_office(ctx.actor()?) else {
            return Ok(None);
        };
        let Ok(id) = parse_id(&id) else {
            return Ok(None);
        };
        Ok(
            crate::store::case_transfers::visible(&ctx.app().db, office, id)
                .await?
                .map(CaseTransfer),
        )
    }
}

#[derive(Default)]
pub struct CaseTransfersMutation;

#[Object]
impl CaseTransfersMutation {
    /// Asks another Dinas Sosial to take the case and its client over (the office's closing
    /// roles). The case goes on here until that office answers.
    async fn transfer_case(
        &self,
        ctx: &Context<'_>,
        input: TransferCaseInput,
    ) -> AppResult<CaseTransfer> {
        let r = RequestTransfer {
            case_id: parse_id(&input.case_id)?,
            to_office_id: parse_id(&input.to_office_id)
                .map_err(|e| e.with("field", "toOfficeId"))?,
            reason: input.reason,
        };
        Ok(CaseTransfer(request(&call(ctx, &input.id)?, r).await?))
    }

    /// The receiving office's closing roles accept (the client, its documents and
    /// assessments become theirs and a case of the same SOP opens from a report "sent on by
    /// another Dinas Sosial"; the sending case closes TRANSFERRED) or decline with a reason.
    async fn answer_case_transfer(
        &self,
        ctx: &Context<'_>,
        input: AnswerCaseTransferInput,
    ) -> AppResult<CaseTransfer> {
        let a = AnswerTransfer {
            transfer_id: parse_id(&input.transfer_id)?,
            accept: input.accept,
            note: input.note,
        };
        Ok(CaseTransfer(answer(&call(ctx, &input.id)?, a).await?))
    }
}
