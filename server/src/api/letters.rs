//! Letters in the schema: drafts, numbering, the office's letter series.
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use entity::letter::ReceiverParty;
use entity::{Role, letter, letter_series};
use serde_json::json;

use crate::actions::letters::{Handover, Issue};
use crate::api::cases::call;
use crate::api::context::ContextExt;
use crate::api::documents::document_by_id;
use crate::api::users::{User, user_by_id};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::ids::{parse_id, to_id};
use crate::infra::write::UnitOfWork;
use crate::rules::letter_number::{NumberParts, render};

pub struct Letter(pub letter::Model);

/// An outgoing letter of a case: its draft, signature, number and book entries.
#[Object]
impl Letter {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    /// Its text as printed, paragraph by paragraph: the draft shown to whoever initials or
    /// signs it.
    async fn body(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        Ok(crate::store::letters::text_of(&ctx.app().db, &self.0)
            .await?
            .body)
    }
    /// The version of the text in effect (what `body` shows).
    async fn version(&self) -> i32 {
        self.0.current_version
    }
    /// The version the signature applies to; null before it is signed.
    async fn signed_version(&self) -> Option<i32> {
        self.0.signed_version
    }
    /// Every version of the text, oldest first, each with who made it, why, and what it
    /// changed (empty for a letter drafted before versions were kept).
    async fn versions(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<crate::api::letter_drafts::LetterVersion>> {
        let rows = crate::store::letter_versions::of_letter(&ctx.app().db, self.0.id).await?;
        let texts = crate::store::letter_versions::texts(&rows);
        Ok(rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| crate::api::letter_drafts::LetterVersion {
                row,
                text: texts[i].clone(),
                previous: i.checked_sub(1).map(|p| texts[p].clone()),
            })
            .collect())
    }
    /// The issued letter as a PDF (made when it was numbered), with its sha256.
    async fn pdf(&self, ctx: &Context<'_>) -> AppResult<Option<crate::api::documents::Document>> {
        document_by_id(ctx, self.0.document_id).await
    }
    /// Where its QR code points: the public page that tells whether it is genuine.
    async fn verify_url(&self, ctx: &Context<'_>) -> Option<String> {
        self.0
            .verify_code
            .as_ref()
            .map(|c| crate::rules::letter_pdf::url_of(&ctx.app().config.public_url, c))
    }
    /// The code behind the QR code (for `verifyLetter`).
    async fn verify_code(&self) -> Option<&str> {
        self.0.verify_code.as_deref()
    }
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(to_id)
    }
    /// The office's numbering series (`REKOMENDASI`).
    async fn series(&self) -> &str {
        &self.0.series
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn addressee(&self) -> &str {
        &self.0.addressee
    }
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.0.signed_at
    }
    async fn signed_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.0.signed_by).await
    }
    /// The role the signatory signed in (seed 000: KADIS or SEKRETARIS).
    async fn signer_role(&self) -> Option<Role> {
        self.0.signer_role
    }
    /// Given only after the signature: `460/001/410.105/2026`.
    async fn number(&self) -> Option<&str> {
        self.0.number.as_deref()
    }
    /// True when the number was typed in from a paper letter.
    async fn numbered_manually(&self) -> bool {
        self.0.numbered_manually
    }
    async fn numbered_at(&self) -> Option<DateTime<Utc>> {
        self.0.numbered_at
    }
    async fn numbered_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.0.numbered_by).await
    }
    /// Entry number in the outgoing agenda book of the letter's year.
    async fn agenda_number(&self) -> Option<i32> {
        self.0.agenda_number
    }
    /// Entry number in the expedition book of the letter's year.
    async fn expedition_number(&self) -> Option<i32> {
        self.0.expedition_number
    }
    async fn year(&self) -> Option<i32> {
        self.0.year
    }
    /// Who the letter is meant to be handed to (written when it was numbered).
    async fn recipient(&self) -> Option<&str> {
        self.0.recipient.as_deref()
    }
    /// Expedition book: who carried it.
    async fn carried_by(&self) -> Option<&str> {
        self.0.carried_by.as_deref()
    }
    /// Who it was handed to: the client, the family, the UPT...
    async fn receiver_party(&self) -> Option<ReceiverParty> {
        self.0.receiver_party
    }
    /// The name of whoever signed for it; null until it is handed over.
    async fn received_by_name(&self) -> Option<&str> {
        self.0.received_by_name.as_deref()
    }
    async fn handed_over_at(&self) -> Option<DateTime<Utc>> {
        self.0.handed_over_at
    }
    async fn handed_over_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.0.handed_over_by).await
    }
    /// The photo of the receiver's signature (or of the signed expedition page).
    async fn receipt(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Option<crate::api::documents::Document>> {
        document_by_id(ctx, self.0.receipt_document_id).await
    }
}

/// An office's number format for a letter series.
pub struct LetterSeries(pub letter_series::Model);

#[Object]
impl LetterSeries {
    async fn series(&self) -> &str {
        &self.0.series
    }
    /// Tokens: `{kka}`, `{seq}` / `{seq:03}`, `{suffix}`, `{unit}`, `{series}`, `{month}`,
    /// `{mm}`, `{month_roman}`, `{year}`.
    async fn template(&self) -> &str {
        &self.0.template
    }
    async fn kka(&self) -> &str {
        &self.0.kka
    }
    async fn suffix(&self) -> &str {
        &self.0.suffix
    }
    async fn unit(&self) -> &str {
        &self.0.unit
    }
    /// What a number of this series looks like today (sequence 1).
    async fn example(&self) -> AppResult<String> {
        render(
            &self.0.template,
            &parts(&self.0),
            1,
            Utc::now().date_naive(),
        )
    }
}

/// The fixed parts of a series' numbers.
fn parts(s: &letter_series::Model) -> NumberParts {
    NumberParts {
        kka: s.kka.clone(),
        suffix: s.suffix.clone(),
        unit: s.unit.clone(),
        series: s.series.clone(),
    }
}

#[derive(Default)]
pub struct LettersQuery;

#[Object]
impl LettersQuery {
    /// A letter of the caller's office, or null.
    async fn letter(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Letter>> {
        let Ok(office) = casework_office(ctx.actor()?) else {
            // Not office staff (a partner, the admin): nothing of an office is theirs to see.
            return Ok(None);
        };
        Ok(
            crate::store::letters::in_office(&ctx.app().db, office, parse_id(&id)?)
                .await?
                .map(Letter),
        )
    }

    /// The caller's office's letter number formats.
    async fn letter_series(&self, ctx: &Context<'_>) -> AppResult<Vec<LetterSeries>> {
        let actor = ctx.actor()?;
        let office = casework_office(actor).or_else(|_| actor.admin_office())?;
        Ok(
            crate::store::letters::series_of_office(&ctx.app().db, office)
                .await?
                .into_iter()
                .map(LetterSeries)
                .collect(),
        )
    }
}

#[derive(InputObject, serde::Serialize)]
pub struct IssueLetterInput {
    /// Made on the phone: a repeated call with the same id returns the first result.
    pub id: ID,
    pub letter_id: ID,
    /// A number already written on a paper letter; checked for clashes and audited. Leave
    /// out to take the next number of the series.
    pub manual_number: Option<String>,
    /// Who the letter is handed to (expedition book).
    pub recipient: String,
}

#[derive(InputObject)]
pub struct RecordLetterHandoverInput {
    /// Made on the phone: a repeated call with the same id returns the first result.
    pub id: ID,
    pub letter_id: ID,
    pub receiver_party: ReceiverParty,
    /// The name of whoever signed for the letter.
    pub received_by_name: String,
    /// Who took it there; the recorder when left out.
    pub carried_by: Option<String>,
    /// When it was handed over; now when left out.
    pub handed_over_at: Option<DateTime<Utc>>,
    /// A TANDA_TERIMA photo of the receiver's signature or of the signed expedition page.
    pub receipt_document_id: ID,
}

#[derive(InputObject)]
pub struct LetterSeriesInput {
    pub series: String,
    pub template: String,
    #[graphql(default)]
    pub kka: String,
    #[graphql(default)]
    pub suffix: String,
    #[graphql(default)]
    pub unit: String,
}

#[derive(Default)]
pub struct LettersMutation;

#[Object]
impl LettersMutation {
    /// Staf/Kasi: numbers a signed letter (the next number of its series, or a checked
    /// paper number) and enters it in the outgoing agenda and expedition books.
    async fn issue_letter(&self, ctx: &Context<'_>, input: IssueLetterInput) -> AppResult<Letter> {
        let issue = Issue {
            letter_id: parse_id(&input.letter_id)?,
            manual_number: input.manual_number,
            recipient: input.recipient,
        };
        crate::actions::letters::issue(&call(ctx, &input.id)?, issue)
            .await
            .map(Letter)
    }

    /// Staf, Kasi, Peksos, Pendamping: records that an issued letter was handed over and
    /// who signed for it (the expedition book's receiver and signature).
    async fn record_letter_handover(
        &self,
        ctx: &Context<'_>,
        input: RecordLetterHandoverInput,
    ) -> AppResult<Letter> {
        let handover = Handover {
            letter_id: parse_id(&input.letter_id)?,
            receiver_party: input.receiver_party,
            received_by_name: input.received_by_name,
            carried_by: input.carried_by,
            handed_over_at: input.handed_over_at,
            receipt_document_id: parse_id(&input.receipt_document_id)?,
        };
        crate::actions::letters::record_handover(&call(ctx, &input.id)?, handover)
            .await
            .map(Letter)
    }

    /// Office admin: sets the number format of a letter series. Numbers already given
    /// stay as they are.
    async fn set_letter_series(
        &self,
        ctx: &Context<'_>,
        input: LetterSeriesInput,
    ) -> AppResult<LetterSeries> {
        let actor = ctx.actor()?;
        let office = actor.admin_office()?;
        let series = input.series.trim().to_uppercase();
        if series.is_empty() {
            return Err(AppError::bad_input(Msg::new(
                "Isi nama seri surat.",
                "Give the letter series a name.",
            ))
            .with("field", "series"));
        }
        let model = letter_series::Model {
            office_id: office,
            series,
            template: input.template.trim().to_owned(),
            kka: input.kka.trim().to_owned(),
            suffix: input.suffix.trim().to_owned(),
            unit: input.unit.trim().to_owned(),
            updated_at: Utc::now(),
        };
        // Refuse a broken template before it is saved.
        render(
            &model.template,
            &parts(&model),
            1,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        )?;
        let mut uow = UnitOfWork::begin(ctx.app()).await?;
        let saved = crate::store::letters::replace_series(uow.txn(), model).await?;
        uow.audit(
            ctx.meta(),
            Some(&actor.audit_actor()),
            AuditEntry::new("letter.series_set", "letter_series", &saved.series)
                .office(Some(office))
                .details(json!({"template": saved.template})),
        )
        .await?;
        uow.commit().await?;
        Ok(LetterSeries(saved))
    }
}
