//! The public letter check in the schema (`verifyLetter`, no login).
use crate::api::context::ContextExt;
use crate::infra::error::AppResult;
use crate::store::letter_verification::{LetterVerification, by_code};
use async_graphql::{Context, Object};

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
