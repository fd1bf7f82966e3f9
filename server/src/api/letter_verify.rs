use async_graphql::{Context, Object, SimpleObject};
use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use chrono::{Datelike, NaiveDate};
use entity::{Role, client, document_kind::DocumentKind, letter, office, service_case, user};
use futures_util::StreamExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use crate::rules::letter_pdf::{MONTHS, Sheet, render};
use crate::api::context::ContextExt;
use crate::infra::error::{AppError, AppResult};
use crate::http::request::HttpState;
use crate::infra::state::AppState;
use crate::store::letter_verification::{LetterVerification, by_code};



#[derive(Default)]
pub struct VerifyQuery;

#[Object]
impl VerifyQuery {
    /// Public (no login): whether the letter with this code (from its QR code) is genuine,
    /// with its number, date, office and signatory.
    async fn verify_letter(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> AppResult<LetterVerification> {
        by_code(&ctx.app().db, &code).await
    }
}
