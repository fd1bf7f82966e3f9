//! An LKS's application for a recommendation (seed 004), on the SOP engine. The LKS drafts
//! it and uploads a document for each item of the office's checklist, then submits: that
//! opens the case (same id). The Kadis and the Kabid dispose it down, the Kasi fills in the
//! verification sheet after the site visit: all passed goes on to the draft, initials,
//! signature and number; anything failed returns it to the LKS with the list of what is
//! missing, and the verification step's clock waits until the LKS resubmits. Every round
//! is kept. The LKS finally signs for the letter (tanda terima).
use std::collections::HashSet;

use chrono::{DateTime, SubsecRound, Utc};
use entity::{
    case_step, document,
    lks_application::{self, ApplicationStatus},
    lks_round::VerificationOutcome,
    service_case,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::begin_on_case;
use crate::engine::{CaseCtx, Finish, NewCase};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::UnitOfWork;
use crate::infra::write::{Call, begin, finish};
use crate::rules::sop::{Branch, StepRecord};
use crate::store::lks_applications::{
    applying_lks, checklist_of, find_visible, legal_status, lock_own, mark_in_review, not_found,
    of_office, open_round, own_lks,
};
use crate::store::lks_applications::{requirement_documents, rounds_of};
use crate::store::lks_requirements::Requirement;
use crate::store::lks_verifications::ItemVerdict;
use crate::store::lks_verifications::{
    Verification, checked_items, pause_until_resubmitted, record_verification, visit_photos,
};

/// The SOP the applications run under.
pub const SOP_CODE: &str = "REKOMENDASI_LKS";

#[derive(Clone, Debug, Serialize)]
pub struct Create {
    pub purpose: String,
    /// At the office's desk: the LKS whose paper file it enters.
    pub institution_id: Option<Uuid>,
}

/// The LKS starts an application (a draft only it sees until it submits), or the office's
/// intake desk enters one from the paper file an LKS brought (the desk then uploads and
/// submits it; the LKS need not have users).
pub async fn create(call: &Call<'_>, input: Create) -> AppResult<lks_application::Model> {
    let (lks, at_desk) = applying_lks(&call.state.db, call.actor, input.institution_id).await?;
    let hash = idempotency::hash_input(&input);
    let Some(uow) = begin(call, "createLksApplication", &hash).await? else {
        return find_visible(&call.state.db, call.actor, call.key)
            .await?
            .ok_or_else(not_found);
    };
    // The application's case will carry its id: an id some case has already is refused.
    if service_case::Entity::find_by_id(call.key)
        .one(uow.txn())
        .await?
        .is_some()
    {
        return Err(AppError::conflict(Msg::new(
            "ID ini sudah dipakai; buat ID baru.",
            "This id is already used; make a new one.",
        ))
        .with("field", "id"));
    }
    let purpose = trimmed(Some(input.purpose.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis untuk apa rekomendasi ini (mis. perpanjangan tanda daftar LKS).",
            "Write what the recommendation is for (e.g. renewing the LKS registration).",
        ))
        .with("field", "purpose")
    })?;
    let app = lks_application::Model {
        id: call.key,
        office_id: lks.office_id,
        institution_id: lks.id,
        purpose,
        status: ApplicationStatus::Draft,
        round: 0,
        created_by: call.actor.user.id,
        created_at: Utc::now(),
        submitted_at: None,
        received_at: None,
        received_by: None,
        receipt_signed_by: None,
        receipt_document_id: None,
        entered_at_desk: at_desk,
    }
    .into_active_model()
    .reset_all()
    .insert(uow.txn())
    .await?;
    let entry = AuditEntry::new("lks.application_create", "lks_application", app.id)
        .office(Some(app.office_id))
        .institution(Some(lks.id));
    finish(call, uow, "createLksApplication", &hash, app.id, entry).await?;
    Ok(app)
}

/// Required checklist items without any upload (for `since`: without an upload since then).
fn unmet<'a>(
    checklist: &'a [Requirement],
    docs: &[document::Model],
    keys: Option<&HashSet<String>>,
    since: Option<DateTime<Utc>>,
) -> Vec<&'a Requirement> {
    checklist
        .iter()
        .filter(|r| match keys {
            Some(k) => k.contains(&r.key),
            None => r.required,
        })
        .filter(|r| {
            !docs.iter().any(|d| {
                d.requirement_key.as_deref() == Some(r.key.as_str())
                    && since.is_none_or(|t| d.uploaded_at > t)
            })
        })
        .collect()
}

fn incomplete(missing: &[&Requirement], returned: bool) -> AppError {
    let keys: Vec<String> = missing.iter().map(|r| r.key.clone()).collect();
    let labels: Vec<&str> = missing.iter().map(|r| r.label.as_str()).collect();
    let labels_en: Vec<&str> = missing.iter().map(|r| r.label_en.as_str()).collect();
    let (id, en) = if returned {
        (
            "Unggah berkas baru untuk yang dikembalikan",
            "Upload new documents for what was returned",
        )
    } else {
        (
            "Persyaratan belum lengkap; unggah",
            "The requirements are incomplete; upload",
        )
    };
    AppError::precondition(Msg::new(
        format!("{id}: {}.", labels.join("; ")),
        format!("{en}: {}.", labels_en.join("; ")),
    ))
    .with("missingRequirements", keys)
}

#[derive(Clone, Debug, Serialize)]
pub struct Submit {
    pub application_id: Uuid,
}

/// The LKS submits its application: the first time with every required item uploaded
/// (this opens the case), after a return with a new upload for each item returned (this
/// resumes the verification step's clock). Each submission is a new round.
pub async fn submit(call: &Call<'_>, input: Submit) -> AppResult<lks_application::Model> {
    let lks = submitter(&call.state.db, call.actor, input.application_id).await?;
    let hash = idempotency::hash_input(&input);
    // The application's row first: a resend racing its original waits for it and is then
    // answered as a replay, not refused as a second submission.
    let uow = UnitOfWork::begin(call.state).await?;
    let txn = uow.txn();
    let app = lock_own(txn, lks.id, input.application_id).await?;
    if idempotency::replayed(txn, call.key, "submitLksApplication", &hash)
        .await?
        .is_some()
    {
        return Ok(app);
    }
    let checklist = checklist_of(txn, &app).await?;
    let docs = requirement_documents(txn, app.id).await?;
    let now = Utc::now().trunc_subsecs(3);
    let by = call.actor.user.id;
    match app.status {
        ApplicationStatus::Draft => {
            open_application_case(txn, &app, &checklist, &docs, by, now).await?;
        }
        ApplicationStatus::Returned => {
            resume_returned(txn, &app, &checklist, &docs, by, now).await?;
        }
        ApplicationStatus::InReview => {
            return Err(AppError::conflict(Msg::new(
                "Permohonan ini sudah diajukan dan sedang diproses.",
                "This application was already submitted and is being processed.",
            )));
        }
        ApplicationStatus::Received => {
            return Err(AppError::conflict(Msg::new(
                "Permohonan ini sudah selesai: rekomendasinya sudah diterima. Buat permohonan baru.",
                "This application is finished: its recommendation was received. Start a new one.",
            )));
        }
    }
    let round = app.round + 1;
    let round_id = open_round(txn, app.id, round, by, now, &docs).await?;
    // Each submission is a letter to the office: the first asks for the recommendation,
    // a later one brings what was returned for completion.
    crate::store::incoming_letters::register(
        txn,
        crate::store::incoming_letters::Entry {
            office_id: app.office_id,
            source: entity::incoming_letter::IncomingSource::LksApplication,
            source_id: round_id,
            received_at: now,
            sender: lks.name.clone(),
            sender_number: None,
            sender_date: None,
            subject: if round == 1 {
                format!("Permohonan rekomendasi: {}", app.purpose)
            } else {
                format!(
                    "Kelengkapan permohonan rekomendasi (pengajuan ke-{round}): {}",
                    app.purpose
                )
            },
            case_id: Some(app.id),
            document_id: None,
            recorded_by: by,
        },
    )
    .await?;
    let saved = mark_in_review(txn, &app, round, now).await?;
    let entry = AuditEntry::new("lks.submit", "lks_application", app.id)
        .office(Some(app.office_id))
        .institution(Some(lks.id))
        .details(json!({"round": round, "documents": docs.len()}));
    finish(call, uow, "submitLksApplication", &hash, app.id, entry).await?;
    Ok(saved)
}

/// The LKS an application is submitted for: the caller's own, or, at the office's desk,
/// that of an application the desk entered (an LKS's own application is its to submit).
async fn submitter(
    db: &impl ConnectionTrait,
    actor: &crate::infra::auth::Actor,
    application_id: Uuid,
) -> AppResult<entity::institution::Model> {
    if !matches!(actor.scope(), crate::infra::auth::Scope::Office(_)) {
        return own_lks(db, actor).await;
    }
    casework_office(actor)?;
    let app = find_visible(db, actor, application_id)
        .await?
        .ok_or_else(|| not_found().with("field", "applicationId"))?;
    if !app.entered_at_desk {
        return Err(AppError::forbidden(Msg::new(
            "Permohonan ini diajukan sendiri oleh LKS; hanya LKS yang mengirimnya.",
            "The LKS entered this application itself; only the LKS submits it.",
        )));
    }
    entity::institution::Entity::find_by_id(app.institution_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("application's LKS missing"))
}

/// A first submission opens the application's case (same id), once the office has recorded
/// the LKS's legal status, every required item is uploaded and the office's adopted SOP has
/// the verification and receipt steps.
async fn open_application_case(
    txn: &impl ConnectionTrait,
    app: &lks_application::Model,
    checklist: &[Requirement],
    docs: &[document::Model],
    opened_by: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    // `lock_own` took the row of the actor's LKS: `institution_id` is that LKS.
    if legal_status(txn, app.institution_id).await?.is_none() {
        return Err(AppError::precondition(Msg::new(
            "Dinas Sosial belum mencatat status hukum LKS Anda; hubungi admin Dinas Sosial.",
            "The Dinas Sosial has not recorded your LKS's legal status; contact its admin.",
        )));
    }
    let missing = unmet(checklist, docs, None, None);
    if !missing.is_empty() {
        return Err(incomplete(&missing, false));
    }
    let version = engine::adopted_version(txn, app.office_id, SOP_CODE).await?;
    if !crate::rules::sop::definition_of(&version)?.opens_from_lks_application() {
        return Err(AppError::precondition(Msg::new(
            "Versi SOP rekomendasi LKS yang diadopsi kantor ini belum memuat langkah verifikasi dan tanda terima; minta admin mengadopsi versi terbaru.",
            "The office's adopted LKS recommendation SOP has no verification and receipt steps; ask the admin to adopt the newest version.",
        )));
    }
    engine::open_case(
        txn,
        NewCase {
            id: app.id,
            office_id: app.office_id,
            version: &version,
            client_id: None,
            report_id: None,
            opened_by,
            started_at: now,
        },
    )
    .await?;
    Ok(())
}

/// A resubmission after a return needs a new upload (since the verdict) for each item
/// returned; then the verification step's clock runs on.
async fn resume_returned(
    txn: &impl ConnectionTrait,
    app: &lks_application::Model,
    checklist: &[Requirement],
    docs: &[document::Model],
    by: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let ctx = engine::lock_case(txn, app.office_id, app.id).await?;
    let step = engine::active_step(txn, &ctx).await?;
    let last = rounds_of(txn, app.id)
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("returned application without a round"))?;
    let returned: HashSet<String> =
        serde_json::from_value(last.missing.clone().unwrap_or_default()).unwrap_or_default();
    let missing = unmet(checklist, docs, Some(&returned), last.verified_at);
    if !missing.is_empty() {
        return Err(incomplete(&missing, true));
    }
    resume_with_lks(txn, &ctx, &step, by, now).await
}

/// Why a returned application's clock waits (the pause's reason, which the LKS reads too).
const WITH_LKS: &str = "Dikembalikan ke LKS untuk dilengkapi";

/// The application came back: the verification step's clock runs on from now.
async fn resume_with_lks(
    txn: &impl ConnectionTrait,
    ctx: &CaseCtx,
    step: &case_step::Model,
    by: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let open = engine::pauses_of(txn, step.id)
        .await?
        .into_iter()
        .find(|p| p.resumed_at.is_none());
    if let Some(open) = open {
        let mut row = open.into_active_model();
        row.resumed_at = sea_orm::Set(Some(now));
        row.resumed_by = sea_orm::Set(Some(by));
        row.update(txn).await?;
    }
    let cal = crate::store::calendar::office_calendar(txn, ctx.case.office_id).await?;
    engine::refresh_due(txn, &ctx.def, &cal, step).await
}

#[derive(Clone, Debug, Serialize)]
pub struct Verify {
    pub application_id: Uuid,
    pub items: Vec<ItemVerdict>,
    pub visited_at: DateTime<Utc>,
    pub visit_passed: bool,
    pub visit_note: Option<String>,
    pub photo_ids: Vec<Uuid>,
}

/// The Kasi's verification sheet (lembar verifikasi dan validasi) for the current round:
/// a verdict on every checklist item, the site visit and its photos. All passed: on to the
/// draft. Anything failed: returned to the LKS with what is missing, the clock waiting.
pub async fn verify(call: &Call<'_>, input: Verify) -> AppResult<lks_application::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    if find_visible(&call.state.db, call.actor, input.application_id)
        .await?
        .is_none()
    {
        return Err(not_found().with("field", "applicationId"));
    }
    let Some((uow, mut ctx)) = begin_on_case(
        call,
        "verifyLksApplication",
        &hash,
        office,
        input.application_id,
    )
    .await?
    else {
        return find_visible(&call.state.db, call.actor, input.application_id)
            .await?
            .ok_or_else(not_found);
    };
    let txn = uow.txn();
    let app = of_office(txn, office, input.application_id)
        .await?
        .ok_or_else(|| not_found().with("field", "applicationId"))?;
    let step = engine::active_step(txn, &ctx).await?;
    let key = engine::step_of_record(&ctx, StepRecord::LksVerification)?;
    engine::expect_at(&ctx, &step, &key)?;
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    if app.status == ApplicationStatus::Returned {
        return Err(AppError::precondition(Msg::new(
            "Permohonan ini sedang dikembalikan ke LKS; tunggu sampai LKS mengajukannya lagi.",
            "This application is back with the LKS; wait until it submits again.",
        )));
    }
    let checklist = checklist_of(txn, &app).await?;
    let sheet = checked_sheet(txn, office, app.id, &checklist, &input).await?;
    record_verification(txn, app.id, sheet.recorded(step.id, call.actor.user.id)).await?;
    let (output, branch) = verification_branch(&ctx, &key, sheet.outcome)?;
    let summary = verification_summary(&checklist, &sheet);
    engine::finish_step(
        txn,
        &step,
        call.actor,
        Finish {
            role: Some(role),
            branch: Some(branch.name),
            note: Some(summary.clone()),
            output: Some(output),
            ..Default::default()
        },
    )
    .await?;
    engine::attach(txn, step.id, &sheet.photos).await?;
    engine::advance(txn, &mut ctx, &key, Some(branch.next)).await?;
    let mut row = app.clone().into_active_model();
    if sheet.outcome == VerificationOutcome::Returned {
        // The next verification run waits, clock stopped, until the LKS resubmits.
        let again = engine::active_step(txn, &ctx).await?;
        pause_until_resubmitted(txn, &again, call.actor.user.id, summary).await?;
        row.status = sea_orm::Set(ApplicationStatus::Returned);
    }
    let saved = row.update(txn).await?;
    let entry = verification_entry(&app, office, &sheet);
    finish(call, uow, "verifyLksApplication", &hash, app.id, entry).await?;
    Ok(saved)
}

/// A verification sheet that passed its checks, with what it decides.
struct CheckedSheet {
    /// The verdicts in checklist order.
    items: Vec<ItemVerdict>,
    visited_at: DateTime<Utc>,
    visit_passed: bool,
    visit_note: Option<String>,
    photos: Vec<document::Model>,
    /// The keys of the items that failed.
    failed: Vec<String>,
    outcome: VerificationOutcome,
}

impl CheckedSheet {
    /// The sheet as its round keeps it, judged in step run `case_step_id` by `verified_by`.
    fn recorded(&self, case_step_id: Uuid, verified_by: Uuid) -> Verification<'_> {
        Verification {
            case_step_id,
            verified_by,
            items: &self.items,
            visited_at: self.visited_at,
            visit_passed: self.visit_passed,
            visit_note: self.visit_note.clone(),
            outcome: self.outcome,
            failed: &self.failed,
        }
    }
}

/// Checks the sheet: the verdicts against the checklist, the visit's date and findings,
/// the photos; eligible only when every verdict and the visit passed.
async fn checked_sheet(
    txn: &impl ConnectionTrait,
    office: Uuid,
    app_id: Uuid,
    checklist: &[Requirement],
    input: &Verify,
) -> AppResult<CheckedSheet> {
    let items = checked_items(checklist, &input.items)?;
    if input.visited_at > Utc::now() + chrono::Duration::minutes(5) {
        return Err(AppError::bad_input(Msg::new(
            "Tanggal kunjungan lapangan tidak boleh di masa depan.",
            "The site visit cannot lie in the future.",
        ))
        .with("field", "visitedAt"));
    }
    let visit_note = trimmed(input.visit_note.clone());
    if !input.visit_passed && visit_note.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis temuan kunjungan lapangan yang tidak sesuai, supaya LKS tahu apa yang harus dibenahi.",
            "Write what the site visit found wrong, so the LKS knows what to put right.",
        ))
        .with("field", "visitNote"));
    }
    let photos = visit_photos(txn, office, app_id, &input.photo_ids).await?;
    let failed: Vec<String> = items
        .iter()
        .filter(|i| !i.passed)
        .map(|i| i.key.clone())
        .collect();
    let outcome = if failed.is_empty() && input.visit_passed {
        VerificationOutcome::Eligible
    } else {
        VerificationOutcome::Returned
    };
    Ok(CheckedSheet {
        items,
        visited_at: input.visited_at,
        visit_passed: input.visit_passed,
        visit_note,
        photos,
        failed,
        outcome,
    })
}

/// The verification step's output and the branch `outcome` takes: the SOP lists the
/// eligible branch first, the return second.
fn verification_branch(
    ctx: &CaseCtx,
    key: &str,
    outcome: VerificationOutcome,
) -> AppResult<(String, Branch)> {
    let def_step = ctx
        .def
        .step(key)
        .ok_or_else(|| AppError::internal("verification step missing"))?;
    let branch = def_step.branches[usize::from(outcome == VerificationOutcome::Returned)].clone();
    Ok((def_step.output.clone(), branch))
}

/// The verification step's note; when returned also the pause's reason, which the LKS
/// reads: the items that failed and the site visit's finding.
fn verification_summary(checklist: &[Requirement], sheet: &CheckedSheet) -> String {
    match sheet.outcome {
        VerificationOutcome::Eligible => "Memenuhi syarat".to_owned(),
        VerificationOutcome::Returned => {
            let mut what: Vec<String> = checklist
                .iter()
                .filter(|r| sheet.failed.contains(&r.key))
                .map(|r| r.label.clone())
                .collect();
            if !sheet.visit_passed {
                what.push(format!(
                    "kunjungan lapangan: {}",
                    sheet.visit_note.clone().unwrap_or_default()
                ));
            }
            format!("{WITH_LKS}: {}", what.join("; "))
        }
    }
}

/// The audit entry of a verification: the round judged, its outcome, what failed.
fn verification_entry(
    app: &lks_application::Model,
    office: Uuid,
    sheet: &CheckedSheet,
) -> AuditEntry {
    AuditEntry::new("lks.verify", "lks_application", app.id)
        .office(Some(office))
        .institution(Some(app.institution_id))
        .details(json!({"round": app.round, "outcome": sheet.outcome, "failed": sheet.failed}))
}
