//! Drafts that reviewers correct (seed 000 step 4: "dikoreksi"): whoever's turn it is at the
//! step that drafts the letter or initials it writes a new version, with why. Every version
//! is kept; initials given on the text before the correction no longer hold, and the step
//! waits again for the first role whose initial fell. A signed letter is not changed: the
//! signature applies to one exact version.
use entity::{approval, approval::ApprovalKind, letter};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine::{self, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::reasons::Reason;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::sop::ApprovalRuleKind;
use crate::store::letter_versions::{self, Author, DraftText, revision_of_case};

/// The longest paragraph, and the longest letter, a draft may hold.
const MAX_PARAGRAPH: usize = 4000;
const MAX_PARAGRAPHS: usize = 60;

#[derive(Clone, Debug, Serialize)]
pub struct Revise {
    pub letter_id: Uuid,
    /// The version the reviewer read and corrected.
    pub expected_version: i32,
    pub addressee: Option<String>,
    pub subject: Option<String>,
    pub body: Vec<String>,
    /// What was corrected and why.
    pub note: String,
}

/// The corrected letter, and the initials that no longer hold because of it.
pub struct Revised {
    pub letter: letter::Model,
    pub voided: Vec<approval::Model>,
}

pub async fn revise(call: &Call<'_>, input: Revise) -> AppResult<Revised> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let not_found = || AppError::not_found("Surat", "Letter").with("field", "letterId");
    let pre = crate::store::letters::in_office(&call.state.db, office, input.letter_id)
        .await?
        .ok_or_else(not_found)?;
    let case_id = pre.case_id.ok_or_else(not_found)?;
    let Some((uow, ctx)) = begin_on_case(call, "reviseLetter", &hash, office, case_id).await?
    else {
        return Ok(Revised {
            letter: pre,
            voided: Vec::new(),
        });
    };
    let txn = uow.txn();
    let l = crate::store::letters::in_office(txn, office, input.letter_id)
        .await?
        .ok_or_else(not_found)?;
    if let Some(v) = l.signed_version {
        return Err(AppError::because(
            Reason::LetterSigned,
            Msg::new(
                format!(
                    "Surat sudah ditandatangani (versi {v}); surat yang ditandatangani tidak diubah lagi."
                ),
                format!("The letter is signed (version {v}); a signed letter is not changed."),
            ),
        ));
    }
    if l.current_version != input.expected_version {
        return Err(AppError::conflict(Msg::new(
            format!("Surat sudah dikoreksi menjadi versi {}; baca versi itu dulu, lalu koreksi lagi.", l.current_version),
            format!("The letter was corrected to version {} meanwhile; read that version, then correct it.", l.current_version),
        ))
        .with("field", "expectedVersion")
        .with("currentVersion", l.current_version));
    }
    let step = engine::active_step(txn, &ctx).await?;
    let initials_rule = ctx
        .def
        .step(&step.step_key)
        .and_then(|s| s.approval.clone())
        .filter(|a| a.kind == ApprovalRuleKind::Initials);
    let drafting = ctx
        .def
        .letter
        .iter()
        .any(|r| r.series == l.series && r.drafted_at == step.step_key);
    if initials_rule.is_none() && !drafting {
        return Err(AppError::precondition(Msg::new(
            "Surat dikoreksi pada langkah konsep atau paraf; kasus ini tidak sedang di langkah itu.",
            "A letter is corrected at its drafting or initials step; the case is not at such a step.",
        )));
    }
    // Whoever's turn it is at the step (the Kabid at his initials).
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    let text = corrected(&crate::store::letters::text_of(txn, &l).await?, &input)?;
    let note = trimmed(Some(input.note.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis apa yang dikoreksi, supaya yang memaraf berikutnya tahu.",
            "Write what was corrected, so whoever initials next knows.",
        ))
        .with("field", "note")
    })?;
    let before = revision_of_case(txn, case_id).await?;
    // A letter drafted before versions were kept gets its generated text as its first.
    if letter_versions::text_at(txn, l.id, l.current_version)
        .await?
        .is_none()
    {
        let first = crate::store::letters::text_of(txn, &l).await?;
        letter_versions::insert(txn, l.id, l.current_version, &first, None).await?;
    }
    let version = l.current_version + 1;
    letter_versions::insert(
        txn,
        l.id,
        version,
        &text,
        Some(Author {
            user: call.actor.user.id,
            role,
            note: Some(note.clone()),
        }),
    )
    .await?;
    let mut row = l.into_active_model();
    row.current_version = sea_orm::Set(version);
    row.subject = sea_orm::Set(text.subject.clone());
    row.addressee = sea_orm::Set(text.addressee.clone());
    let letter = row.update(txn).await?;
    let voided = held_initials(txn, step.id, before).await?;
    if let Some(rule) = &initials_rule {
        engine::initials_complete(txn, &ctx, &step, rule).await?;
    }
    let entry = AuditEntry::new("letter.revise", "letter", letter.id)
        .office(Some(office))
        .details(json!({
            "caseId": case_id, "version": version, "role": role, "note": note,
            "voidedInitials": voided.iter().map(|a| a.id).collect::<Vec<_>>(),
        }));
    finish(call, uow, "reviseLetter", &hash, letter.id, entry).await?;
    Ok(Revised { letter, voided })
}

/// The new text: the paragraphs as typed (blank ones dropped), the addressee and subject
/// kept unless given; BAD_USER_INPUT when empty, too long or unchanged.
fn corrected(current: &DraftText, input: &Revise) -> AppResult<DraftText> {
    let body: Vec<String> = input
        .body
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let bad = |id: String, en: String| AppError::bad_input(Msg::new(id, en)).with("field", "body");
    if body.is_empty() {
        return Err(bad(
            "Isi surat tidak boleh kosong.".into(),
            "The letter's text cannot be empty.".into(),
        ));
    }
    if body.len() > MAX_PARAGRAPHS || body.iter().any(|p| p.chars().count() > MAX_PARAGRAPH) {
        return Err(bad(
            format!(
                "Surat paling banyak {MAX_PARAGRAPHS} paragraf, tiap paragraf {MAX_PARAGRAPH} huruf."
            ),
            format!(
                "A letter has at most {MAX_PARAGRAPHS} paragraphs of {MAX_PARAGRAPH} characters."
            ),
        ));
    }
    let text = DraftText {
        addressee: trimmed(input.addressee.clone()).unwrap_or_else(|| current.addressee.clone()),
        subject: trimmed(input.subject.clone()).unwrap_or_else(|| current.subject.clone()),
        body,
    };
    if &text == current {
        return Err(bad(
            "Tidak ada yang diubah dari versi ini.".into(),
            "Nothing differs from this version.".into(),
        ));
    }
    Ok(text)
}

/// The step run's initials that held on the drafts' revision `revision`.
async fn held_initials(
    db: &impl ConnectionTrait,
    case_step_id: Uuid,
    revision: i32,
) -> AppResult<Vec<approval::Model>> {
    Ok(approval::Entity::find()
        .filter(approval::Column::CaseStepId.eq(case_step_id))
        .filter(approval::Column::Kind.eq(ApprovalKind::Initials))
        .filter(approval::Column::DraftRevision.eq(revision))
        .all(db)
        .await?)
}
