//! Dukcapil requests in the schema.
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::dukcapil_request::{self, DukcapilResult};

use crate::api::cases::call;
use crate::api::documents::Document;
use crate::api::documents::document_by_id;
use crate::api::users::{User, user_by_id};
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};

use crate::actions::dukcapil::{self, Answer, Ask};

pub struct DukcapilRequest(pub dukcapil_request::Model);

/// A request to Dukcapil to find a client's identity, with its answer once recorded.
#[Object]
impl DukcapilRequest {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn client_id(&self) -> ID {
        to_id(self.0.client_id)
    }
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(to_id)
    }
    async fn reference(&self) -> &str {
        &self.0.reference
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }
    async fn requested_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, Some(self.0.requested_by)).await
    }
    /// Null while Dukcapil has not answered.
    async fn result(&self) -> Option<DukcapilResult> {
        self.0.result
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    async fn answer_note(&self) -> Option<&str> {
        self.0.answer_note.as_deref()
    }
    async fn reply_document(&self, ctx: &Context<'_>) -> AppResult<Option<Document>> {
        document_by_id(ctx, self.0.reply_document_id).await
    }
}

#[derive(InputObject)]
pub struct RequestDukcapilCheckInput {
    /// Made on the phone; it becomes the request's id.
    pub id: ID,
    pub client_id: ID,
    pub case_id: Option<ID>,
    /// The number of the office's letter to Dukcapil, or how it was asked.
    pub reference: String,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct RecordDukcapilAnswerInput {
    /// Mutation id made on the phone.
    pub id: ID,
    pub request_id: ID,
    pub result: DukcapilResult,
    /// FOUND: the name and/or NIK Dukcapil gave.
    pub name: Option<String>,
    pub nik: Option<String>,
    /// What Dukcapil (or the interview) tells of the region of origin (`35.72`).
    pub origin_region_code: Option<String>,
    pub origin_address: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Dukcapil's written reply, uploaded as a DUKCAPIL_REPLY document.
    pub reply_document_id: Option<ID>,
    pub note: Option<String>,
}

#[derive(Default)]
pub struct DukcapilMutation;

#[Object]
impl DukcapilMutation {
    /// Records a request to Dukcapil to find an unidentified client (status ASKED_DUKCAPIL).
    async fn request_dukcapil_check(
        &self,
        ctx: &Context<'_>,
        input: RequestDukcapilCheckInput,
    ) -> AppResult<DukcapilRequest> {
        let a = Ask {
            client_id: parse_id(&input.client_id)?,
            case_id: input.case_id.as_ref().map(parse_id).transpose()?,
            reference: input.reference,
            note: input.note,
        };
        Ok(DukcapilRequest(
            dukcapil::ask(&call(ctx, &input.id)?, a).await?,
        ))
    }

    /// Records Dukcapil's answer: FOUND (the client takes the name/NIK) or NOT_REGISTERED
    /// (the client stays "Mr X").
    async fn record_dukcapil_answer(
        &self,
        ctx: &Context<'_>,
        input: RecordDukcapilAnswerInput,
    ) -> AppResult<DukcapilRequest> {
        let a = Answer {
            request_id: parse_id(&input.request_id)?,
            result: input.result,
            name: input.name,
            nik: input.nik,
            origin_region_code: input.origin_region_code,
            origin_address: input.origin_address,
            answered_at: input.answered_at,
            reply_document_id: input.reply_document_id.as_ref().map(parse_id).transpose()?,
            note: input.note,
        };
        Ok(DukcapilRequest(
            dukcapil::answer(&call(ctx, &input.id)?, a).await?,
        ))
    }
}
