//! An LKS's application for a recommendation (seed 004), on the SOP engine. The LKS drafts
//! it and uploads a document for each item of the office's checklist, then submits: that
//! opens the case (same id). The Kadis and the Kabid dispose it down, the Kasi fills in the
//! verification sheet after the site visit: all passed goes on to the draft, initials,
//! signature and number; anything failed returns it to the LKS with the list of what is
//! missing, and the verification step's clock waits until the LKS resubmits. Every round
//! is kept. The LKS finally signs for the letter (tanda terima).
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound, Utc};
use entity::{
    case_step, clock_pause, document,
    document_kind::DocumentKind,
    lks_application::{self, ApplicationStatus},
    lks_round::{self, VerificationOutcome},
    service_case,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
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
use crate::rules::sop::StepRecord;
use crate::store::lks_applications::{
    checklist_of, find_visible, legal_status, not_found, own_lks,
};
use crate::store::lks_requirements::Requirement;

/// The SOP the applications run under.
pub const SOP_CODE: &str = "REKOMENDASI_LKS";

/// The requirement documents uploaded for an application, oldest first.
pub async fn requirement_documents(
    db: &impl ConnectionTrait,
    app_id: Uuid,
) -> AppResult<Vec<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::LksApplicationId.eq(app_id))
        .filter(document::Column::Kind.eq(DocumentKind::LksRequirement))
        .order_by_asc(document::Column::UploadedAt)
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?)
}

/// The submission rounds of an application, first to last.
pub async fn rounds_of(
    db: &impl ConnectionTrait,
    app_id: Uuid,
) -> AppResult<Vec<lks_round::Model>> {
    Ok(lks_round::Entity::find()
        .filter(lks_round::Column::ApplicationId.eq(app_id))
        .order_by_asc(lks_round::Column::Number)
        .all(db)
        .await?)
}

#[derive(Clone, Debug, Serialize)]
pub struct Create {
    pub purpose: String,
}

/// The LKS starts an application (a draft only it sees until it submits).
pub async fn create(call: &Call<'_>, input: Create) -> AppResult<lks_application::Model> {
    let lks = own_lks(&call.state.db, call.actor).await?;
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

/// Takes the application's row for this transaction (a no-op UPDATE), so a double tap on
/// "submit" is served in turn; NOT_FOUND outside the LKS.
async fn lock_own(
    txn: &impl ConnectionTrait,
    inst: Uuid,
    id: Uuid,
) -> AppResult<lks_application::Model> {
    let locked = lks_application::Entity::update_many()
        .col_expr(
            lks_application::Column::Status,
            Expr::col(lks_application::Column::Status),
        )
        .filter(lks_application::Column::Id.eq(id))
        .filter(lks_application::Column::InstitutionId.eq(inst))
        .exec(txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(not_found().with("field", "applicationId"));
    }
    lks_application::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(not_found)
}

#[derive(Clone, Debug, Serialize)]
pub struct Submit {
    pub application_id: Uuid,
}

/// The LKS submits its application: the first time with every required item uploaded
/// (this opens the case), after a return with a new upload for each item returned (this
/// resumes the verification step's clock). Each submission is a new round.
pub async fn submit(call: &Call<'_>, input: Submit) -> AppResult<lks_application::Model> {
    let lks = own_lks(&call.state.db, call.actor).await?;
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
    match app.status {
        ApplicationStatus::Draft => {
            if legal_status(txn, lks.id).await?.is_none() {
                return Err(AppError::precondition(Msg::new(
                    "Dinas Sosial belum mencatat status hukum LKS Anda; hubungi admin Dinas Sosial.",
                    "The Dinas Sosial has not recorded your LKS's legal status; contact its admin.",
                )));
            }
            let missing = unmet(&checklist, &docs, None, None);
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
                    opened_by: call.actor.user.id,
                    started_at: now,
                },
            )
            .await?;
        }
        ApplicationStatus::Returned => {
            let ctx = engine::lock_case(txn, app.office_id, app.id).await?;
            let step = engine::active_step(txn, &ctx).await?;
            let last = rounds_of(txn, app.id)
                .await?
                .pop()
                .ok_or_else(|| AppError::internal("returned application without a round"))?;
            let returned: HashSet<String> =
                serde_json::from_value(last.missing.clone().unwrap_or_default())
                    .unwrap_or_default();
            let missing = unmet(&checklist, &docs, Some(&returned), last.verified_at);
            if !missing.is_empty() {
                return Err(incomplete(&missing, true));
            }
            resume_with_lks(txn, &ctx, &step, call.actor.user.id, now).await?;
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
    lks_round::Model {
        id: Uuid::now_v7(),
        application_id: app.id,
        number: round,
        submitted_at: now,
        submitted_by: call.actor.user.id,
        document_ids: json!(docs.iter().map(|d| d.id).collect::<Vec<_>>()),
        case_step_id: None,
        verified_at: None,
        verified_by: None,
        items: None,
        visited_at: None,
        visit_passed: None,
        visit_note: None,
        outcome: None,
        missing: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let mut row = app.clone().into_active_model();
    row.status = sea_orm::Set(ApplicationStatus::InReview);
    row.round = sea_orm::Set(round);
    if app.submitted_at.is_none() {
        row.submitted_at = sea_orm::Set(Some(now));
    }
    let saved = row.update(txn).await?;
    let entry = AuditEntry::new("lks.submit", "lks_application", app.id)
        .office(Some(app.office_id))
        .institution(Some(lks.id))
        .details(json!({"round": round, "documents": docs.len()}));
    finish(call, uow, "submitLksApplication", &hash, app.id, entry).await?;
    Ok(saved)
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

/// One line of the verification sheet.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ItemVerdict {
    pub key: String,
    pub passed: bool,
    pub note: Option<String>,
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
    let app = lks_application::Entity::find_by_id(input.application_id)
        .filter(lks_application::Column::OfficeId.eq(office))
        .one(txn)
        .await?
        .ok_or_else(|| not_found().with("field", "applicationId"))?;
    let step = engine::active_step(txn, &ctx).await?;
    let key = record_step(&ctx, StepRecord::LksVerification)?;
    engine::expect_at(&ctx, &step, &key)?;
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    if app.status == ApplicationStatus::Returned {
        return Err(AppError::precondition(Msg::new(
            "Permohonan ini sedang dikembalikan ke LKS; tunggu sampai LKS mengajukannya lagi.",
            "This application is back with the LKS; wait until it submits again.",
        )));
    }
    let checklist = checklist_of(txn, &app).await?;
    let items = checked_items(&checklist, &input.items)?;
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
    let photos = visit_photos(txn, office, app.id, &input.photo_ids).await?;
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
    let mut round = rounds_of(txn, app.id)
        .await?
        .pop()
        .filter(|r| r.outcome.is_none())
        .ok_or_else(|| AppError::internal("application in review without an open round"))?
        .into_active_model();
    let now = Utc::now().trunc_subsecs(3);
    round.case_step_id = sea_orm::Set(Some(step.id));
    round.verified_at = sea_orm::Set(Some(now));
    round.verified_by = sea_orm::Set(Some(call.actor.user.id));
    round.items = sea_orm::Set(Some(json!(items)));
    round.visited_at = sea_orm::Set(Some(input.visited_at));
    round.visit_passed = sea_orm::Set(Some(input.visit_passed));
    round.visit_note = sea_orm::Set(visit_note.clone());
    round.outcome = sea_orm::Set(Some(outcome));
    round.missing = sea_orm::Set(Some(json!(failed)));
    round.update(txn).await?;

    let def_step = ctx
        .def
        .step(&key)
        .cloned()
        .ok_or_else(|| AppError::internal("verification step missing"))?;
    let branch = &def_step.branches[usize::from(outcome == VerificationOutcome::Returned)];
    let summary = match outcome {
        VerificationOutcome::Eligible => "Memenuhi syarat".to_owned(),
        VerificationOutcome::Returned => {
            let mut what: Vec<String> = checklist
                .iter()
                .filter(|r| failed.contains(&r.key))
                .map(|r| r.label.clone())
                .collect();
            if !input.visit_passed {
                what.push(format!(
                    "kunjungan lapangan: {}",
                    visit_note.clone().unwrap_or_default()
                ));
            }
            format!("{WITH_LKS}: {}", what.join("; "))
        }
    };
    engine::finish_step(
        txn,
        &step,
        call.actor,
        Finish {
            role: Some(role),
            branch: Some(branch.name.clone()),
            note: Some(summary.clone()),
            output: Some(def_step.output.clone()),
            ..Default::default()
        },
    )
    .await?;
    engine::attach(txn, step.id, &photos).await?;
    engine::advance(txn, &mut ctx, &key, Some(branch.next.clone())).await?;
    let mut row = app.clone().into_active_model();
    if outcome == VerificationOutcome::Returned {
        // The next verification run waits, clock stopped, until the LKS resubmits.
        let again = engine::active_step(txn, &ctx).await?;
        clock_pause::Model {
            id: Uuid::now_v7(),
            case_step_id: again.id,
            reason: summary,
            paused_at: again.started_at,
            paused_by: call.actor.user.id,
            resumed_at: None,
            resumed_by: None,
        }
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await?;
        case_step::Entity::update_many()
            .col_expr(
                case_step::Column::DueAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(case_step::Column::Id.eq(again.id))
            .exec(txn)
            .await?;
        row.status = sea_orm::Set(ApplicationStatus::Returned);
    }
    let saved = row.update(txn).await?;
    let entry = AuditEntry::new("lks.verify", "lks_application", app.id)
        .office(Some(office))
        .institution(Some(app.institution_id))
        .details(json!({"round": app.round, "outcome": outcome, "failed": failed}));
    finish(call, uow, "verifyLksApplication", &hash, app.id, entry).await?;
    Ok(saved)
}

/// The key of the step the SOP completes with `record`.
fn record_step(ctx: &CaseCtx, record: StepRecord) -> AppResult<String> {
    ctx.def
        .steps
        .iter()
        .find(|s| s.record == Some(record))
        .map(|s| s.key.clone())
        .ok_or_else(|| {
            AppError::precondition(Msg::new(
                format!("SOP kasus ini tidak punya langkah {}.", record.mutation()),
                format!("This case's SOP has no {} step.", record.mutation()),
            ))
        })
}

/// The verdicts in checklist order: each item once, every required item judged, a note on
/// every failure (the LKS reads it).
fn checked_items(checklist: &[Requirement], given: &[ItemVerdict]) -> AppResult<Vec<ItemVerdict>> {
    let mut by_key: HashMap<&str, &ItemVerdict> = HashMap::new();
    for (i, v) in given.iter().enumerate() {
        if !checklist.iter().any(|r| r.key == v.key) || by_key.insert(&v.key, v).is_some() {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Butir {}: '{}' tidak ada di daftar persyaratan atau disebut dua kali.",
                    i + 1,
                    v.key
                ),
                format!(
                    "Item {}: '{}' is not on the checklist or is given twice.",
                    i + 1,
                    v.key
                ),
            ))
            .with("field", format!("items.{i}")));
        }
        if !v.passed && trimmed(v.note.clone()).is_none() {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Butir '{}' tidak memenuhi syarat: tulis apa yang kurang.",
                    v.key
                ),
                format!("Item '{}' failed: write what is missing.", v.key),
            ))
            .with("field", format!("items.{i}.note")));
        }
    }
    let unjudged: Vec<String> = checklist
        .iter()
        .filter(|r| r.required && !by_key.contains_key(r.key.as_str()))
        .map(|r| r.key.clone())
        .collect();
    if !unjudged.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Lembar verifikasi belum lengkap: nilai juga {}.",
                unjudged.join(", ")
            ),
            format!(
                "The verification sheet is incomplete: judge {} too.",
                unjudged.join(", ")
            ),
        ))
        .with("field", "items")
        .with("missingItems", unjudged));
    }
    Ok(checklist
        .iter()
        .filter_map(|r| by_key.get(r.key.as_str()))
        .map(|v| ItemVerdict {
            key: v.key.clone(),
            passed: v.passed,
            note: trimmed(v.note.clone()),
        })
        .collect())
}

/// The site-visit photos of this application (at least one), uploaded by the office.
async fn visit_photos(
    db: &impl ConnectionTrait,
    office: Uuid,
    app: Uuid,
    ids: &[Uuid],
) -> AppResult<Vec<document::Model>> {
    if ids.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Lampirkan minimal satu foto kunjungan lapangan (SITE_VISIT_PHOTO).",
            "Attach at least one site-visit photo (SITE_VISIT_PHOTO).",
        ))
        .with("field", "photoIds"));
    }
    let found = document::Entity::find()
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .filter(document::Column::OfficeId.eq(office))
        .filter(document::Column::LksApplicationId.eq(app))
        .filter(document::Column::Kind.eq(DocumentKind::SiteVisitPhoto))
        .all(db)
        .await?;
    if found.len() != ids.iter().collect::<HashSet<_>>().len() {
        return Err(
            AppError::not_found("Foto kunjungan", "Site-visit photo").with("field", "photoIds")
        );
    }
    Ok(found)
}

#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    pub application_id: Uuid,
    /// Who signs the tanda terima at the LKS.
    pub signed_by: String,
}

/// The LKS signs for its recommendation (tanda terima): the last step, which closes the case.
pub async fn confirm_receipt(call: &Call<'_>, input: Receipt) -> AppResult<lks_application::Model> {
    let lks = own_lks(&call.state.db, call.actor).await?;
    let app = find_visible(&call.state.db, call.actor, input.application_id)
        .await?
        .ok_or_else(|| not_found().with("field", "applicationId"))?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, "confirmLksReceipt", &hash, app.office_id, app.id).await?
    else {
        return find_visible(&call.state.db, call.actor, app.id)
            .await?
            .ok_or_else(not_found);
    };
    let signed_by = trimmed(Some(input.signed_by.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis nama yang menandatangani tanda terima.",
            "Write the name of who signs the receipt.",
        ))
        .with("field", "signedBy")
    })?;
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    let key = record_step(&ctx, StepRecord::LksReceipt)?;
    if step.step_key != key {
        return Err(AppError::precondition(Msg::new(
            format!(
                "Surat rekomendasi belum siap diterima: permohonan masih di langkah {}.",
                engine::step_title(&ctx.def, &step.step_key)
            ),
            format!(
                "The recommendation is not ready yet: the application is at step {}.",
                engine::step_title(&ctx.def, &step.step_key)
            ),
        ))
        .with("currentStep", step.step_key.clone()));
    }
    let def_step = ctx.def.step(&key).cloned();
    if let Some(s) = &def_step {
        engine::require(txn, &ctx, &s.documents, &s.checks, &[]).await?;
    }
    engine::finish_step(
        txn,
        &step,
        call.actor,
        Finish {
            note: Some(format!("Diterima oleh {signed_by}")),
            output: def_step.map(|s| s.output),
            ..Default::default()
        },
    )
    .await?;
    engine::advance(txn, &mut ctx, &key, None).await?;
    let now = Utc::now();
    let mut row = app.clone().into_active_model();
    row.status = sea_orm::Set(ApplicationStatus::Received);
    row.received_at = sea_orm::Set(Some(now));
    row.received_by = sea_orm::Set(Some(call.actor.user.id));
    row.receipt_signed_by = sea_orm::Set(Some(signed_by));
    let saved = row.update(txn).await?;
    let entry = AuditEntry::new("lks.receipt", "lks_application", app.id)
        .office(Some(app.office_id))
        .institution(Some(lks.id));
    finish(call, uow, "confirmLksReceipt", &hash, app.id, entry).await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use entity::lks_requirement::AppliesTo;

    use super::*;

    fn req(key: &str, required: bool) -> Requirement {
        Requirement {
            key: key.into(),
            label: key.into(),
            label_en: key.into(),
            required,
            applies_to: AppliesTo::All,
        }
    }

    fn verdict(key: &str, passed: bool, note: Option<&str>) -> ItemVerdict {
        ItemVerdict {
            key: key.into(),
            passed,
            note: note.map(String::from),
        }
    }

    #[test]
    fn the_sheet_judges_every_required_item_once_and_explains_failures() {
        let list = [
            req("npwp", true),
            req("ad_art", true),
            req("akreditasi", false),
        ];
        // In checklist order, optional items may be left out.
        let ok = checked_items(
            &list,
            &[
                verdict("ad_art", true, None),
                verdict("npwp", false, Some("kedaluwarsa")),
            ],
        )
        .unwrap();
        assert_eq!(
            ok.iter().map(|v| v.key.as_str()).collect::<Vec<_>>(),
            ["npwp", "ad_art"]
        );
        let err = checked_items(&list, &[verdict("npwp", true, None)]).unwrap_err();
        assert!(
            err.extra.iter().any(|(k, _)| *k == "missingItems"),
            "{err:?}"
        );
        assert!(
            checked_items(
                &list,
                &[
                    verdict("npwp", false, Some("  ")),
                    verdict("ad_art", true, None)
                ]
            )
            .is_err()
        );
        assert!(
            checked_items(
                &list,
                &[
                    verdict("npwp", true, None),
                    verdict("npwp", true, None),
                    verdict("ad_art", true, None)
                ]
            )
            .is_err()
        );
        assert!(
            checked_items(
                &list,
                &[
                    verdict("lain", true, None),
                    verdict("npwp", true, None),
                    verdict("ad_art", true, None)
                ]
            )
            .is_err()
        );
    }
}
