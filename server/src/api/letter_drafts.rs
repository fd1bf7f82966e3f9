//! A letter's versions in the schema (who corrected what, as a diff) and the correction.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{Role, letter_version};

use crate::actions::letter_drafts::Revise;
use crate::api::approvals::Approval;
use crate::api::cases::call;
use crate::api::letters::Letter;
use crate::api::users::{User, user_by_id};
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;
use crate::rules::text_diff::{Change, line_changes};
use crate::store::letter_versions::DraftText;

/// One version of a letter's text, with what changed from the one before.
pub struct LetterVersion {
    pub row: letter_version::Model,
    pub text: DraftText,
    pub previous: Option<DraftText>,
}

#[derive(Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum TextChangeKind {
    Same,
    Added,
    Removed,
}

/// A line of the letter (`Kepada: …`, `Perihal: …`, then the paragraphs) against the
/// version before.
#[derive(SimpleObject)]
pub struct TextChange {
    pub kind: TextChangeKind,
    pub text: String,
}

#[Object]
impl LetterVersion {
    async fn version(&self) -> i32 {
        self.row.version
    }
    async fn addressee(&self) -> &str {
        &self.text.addressee
    }
    async fn subject(&self) -> &str {
        &self.text.subject
    }
    async fn body(&self) -> &[String] {
        &self.text.body
    }
    /// What the correction is, in the reviewer's words; null for the generated draft.
    async fn note(&self) -> Option<&str> {
        self.row.note.as_deref()
    }
    async fn made_at(&self) -> DateTime<Utc> {
        self.row.made_at
    }
    /// Null for the draft the server generated.
    async fn made_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.row.made_by).await
    }
    async fn made_role(&self) -> Option<Role> {
        self.row.made_role
    }
    /// The lines against the version before (empty for the first).
    async fn changes(&self) -> Vec<TextChange> {
        let Some(previous) = &self.previous else {
            return Vec::new();
        };
        line_changes(&previous.lines(), &self.text.lines())
            .into_iter()
            .map(|(kind, text)| TextChange {
                kind: match kind {
                    Change::Same => TextChangeKind::Same,
                    Change::Added => TextChangeKind::Added,
                    Change::Removed => TextChangeKind::Removed,
                },
                text,
            })
            .collect()
    }
}

#[derive(InputObject, serde::Serialize)]
pub struct ReviseLetterInput {
    /// Made on the phone: a repeated call with the same id returns the first result.
    pub id: ID,
    pub letter_id: ID,
    /// The version read and corrected (`Letter.version`); CONFLICT when it changed meanwhile.
    pub expected_version: i32,
    /// Kept as they are when left out.
    pub addressee: Option<String>,
    pub subject: Option<String>,
    /// The paragraphs, in order.
    pub body: Vec<String>,
    /// What was corrected and why.
    pub note: String,
}

/// The corrected letter, and the initials that no longer hold because of the correction
/// (the step waits again for the first of them).
pub struct ReviseLetterPayload {
    letter: Letter,
    voided: Vec<Approval>,
}

#[Object]
impl ReviseLetterPayload {
    async fn letter(&self) -> &Letter {
        &self.letter
    }
    /// Initials given on the text before this correction: they must be given again.
    async fn voided_initials(&self) -> &[Approval] {
        &self.voided
    }
}

#[derive(Default)]
pub struct LetterDraftsMutation;

#[Object]
impl LetterDraftsMutation {
    /// Whoever's turn it is at the step that drafts or initials the letter: corrects it
    /// (dikoreksi), making a new version. Initials given before no longer hold; a signed
    /// letter is not changed (LETTER_SIGNED).
    async fn revise_letter(
        &self,
        ctx: &Context<'_>,
        input: ReviseLetterInput,
    ) -> AppResult<ReviseLetterPayload> {
        let revise = Revise {
            letter_id: parse_id(&input.letter_id)?,
            expected_version: input.expected_version,
            addressee: input.addressee,
            subject: input.subject,
            body: input.body,
            note: input.note,
        };
        let done = crate::actions::letter_drafts::revise(&call(ctx, &input.id)?, revise).await?;
        Ok(ReviseLetterPayload {
            letter: Letter(done.letter),
            voided: done.voided.into_iter().map(Approval).collect(),
        })
    }
}
