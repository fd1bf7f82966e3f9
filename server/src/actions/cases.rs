//! Cases: one run of an adopted SOP for a client, step by step. Every mutation here is
//! replay-safe (the phone makes its id), checks the caller's office and role, and writes
//! its records, its audit event and its idempotency key in one transaction.

use chrono::{DateTime, Utc};
use entity::{Role, report, service_case};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;

use crate::engine;
use crate::engine::{Finish, begin_on_case};
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, begin, finish};
use crate::rules::sop::ApprovalRuleKind;
use crate::store::cases::find_case;
use crate::store::clients::find_in_office;

#[derive(Clone, Debug, Serialize)]
pub struct OpenCase {
    /// The SOP by its code (`RUJUKAN_PPKS`): the office's newest adopted version runs.
    pub sop_code: String,
    pub client_id: Uuid,
    pub report_id: Option<Uuid>,
}

/// Opens a case under the office's newest adopted version of the SOP; its first step starts
/// when the report was received (the service time counts from then).
pub async fn open(call: &Call<'_>, input: OpenCase) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some(uow) = begin(call, "openCase", &hash).await? else {
        return find_case(call.state, office, call.key).await;
    };
    let txn = uow.txn();
    find_in_office(txn, office, input.client_id).await?;
    let version = engine::adopted_version(txn, office, &input.sop_code).await?;
    if crate::rules::sop::definition_of(&version)?.opens_from_lks_application() {
        return Err(AppError::precondition(Msg::new(
            "Kasus rekomendasi LKS dibuka oleh LKS sendiri saat mengajukan permohonan (submitLksApplication).",
            "An LKS recommendation case is opened by the LKS itself when it submits its application (submitLksApplication).",
        ))
        .with("field", "sopCode"));
    }
    let mut started_at = Utc::now();
    if let Some(report_id) = input.report_id {
        let r = report::Entity::find_by_id(report_id)
            .filter(report::Column::OfficeId.eq(office))
            .one(txn)
            .await?
            .ok_or_else(|| AppError::not_found("Laporan", "Report").with("field", "reportId"))?;
        if r.client_id.is_some_and(|c| c != input.client_id) {
            return Err(AppError::bad_input(Msg::new(
                "Laporan ini tentang klien lain.",
                "This report is about another client.",
            ))
            .with("field", "reportId"));
        }
        started_at = r.received_at;
    }
    let ctx = engine::open_case(
        txn,
        engine::NewCase {
            id: call.key,
            office_id: office,
            version: &version,
            client_id: Some(input.client_id),
            report_id: input.report_id,
            opened_by: call.actor.user.id,
            started_at,
        },
    )
    .await?;
    let entry = AuditEntry::new("case.open", "case", ctx.case.id)
        .office(Some(office))
        .details(
            json!({"sop": input.sop_code, "version": version.id, "clientId": input.client_id}),
        );
    finish(call, uow, "openCase", &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

#[derive(Clone, Debug, Serialize)]
pub struct CompleteStep {
    pub case_id: Uuid,
    pub step_key: String,
    pub branch: Option<String>,
    pub note: Option<String>,
    pub output: Option<String>,
    pub document_ids: Vec<Uuid>,
}

/// Completes the case's current step: the caller's role, the step's order, its branch,
/// its documents and checks are verified first, each refusal naming what is missing.
pub async fn complete_step(call: &Call<'_>, input: CompleteStep) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, "completeStep", &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    engine::expect_at(&ctx, &step, &input.step_key)?;
    let Some(def_step) = ctx.def.step(&step.step_key).cloned() else {
        return Err(AppError::precondition(Msg::new(
            "Langkah ini selesai dengan mencatat reunifikasi keluarga (recordReunification).",
            "This step is completed by recording the family reunification (recordReunification).",
        )));
    };
    if let Some(a) = &def_step.approval {
        let how = match a.kind {
            ApprovalRuleKind::Initials => ("paraf (addInitials)", "initials (addInitials)"),
            ApprovalRuleKind::Signature => ("tanda tangan (signStep)", "a signature (signStep)"),
            ApprovalRuleKind::Disposition => {
                ("disposisi (disposeCase)", "a disposition (disposeCase)")
            }
        };
        return Err(AppError::precondition(Msg::new(
            format!("Langkah ini selesai dengan {}.", how.0),
            format!("This step is completed with {}.", how.1),
        )));
    }
    if let Some(record) = def_step.record {
        return Err(AppError::precondition(Msg::new(
            format!("Langkah ini selesai dengan {}.", record.mutation()),
            format!("This step is completed with {}.", record.mutation()),
        ))
        .with("mutation", record.mutation()));
    }
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    let branch = match (&input.branch, def_step.branches.is_empty()) {
        (None, true) => None,
        (Some(name), false) => Some(
            def_step
                .branches
                .iter()
                .find(|b| &b.name == name)
                .cloned()
                .ok_or_else(|| branch_error(&def_step))?,
        ),
        (None, false) => return Err(branch_error(&def_step)),
        (Some(_), true) => {
            return Err(AppError::bad_input(Msg::new(
                "Langkah ini tidak bercabang; kosongkan 'branch'.",
                "This step has no branches; leave 'branch' out.",
            ))
            .with("field", "branch"));
        }
    };
    let docs = engine::attachable_documents(txn, &ctx.case, &input.document_ids).await?;
    let mut documents = def_step.documents.clone();
    let mut checks = def_step.checks.clone();
    if let Some(b) = &branch {
        documents.extend(b.documents.iter().copied());
        checks.extend(b.checks.iter().copied());
    }
    engine::require(txn, &ctx, &documents, &checks, &docs).await?;
    engine::finish_step(
        txn,
        &step,
        call.actor,
        Finish {
            role: Some(role),
            branch: branch.as_ref().map(|b| b.name.clone()),
            note: trimmed(input.note.clone()),
            output: trimmed(input.output.clone()).or_else(|| Some(def_step.output.clone())),
            ..Default::default()
        },
    )
    .await?;
    engine::attach(txn, step.id, &docs).await?;
    engine::advance(txn, &mut ctx, &step.step_key, branch.map(|b| b.next)).await?;
    let entry = AuditEntry::new("case.step_complete", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"step": step.step_key, "branch": input.branch, "role": role}));
    finish(call, uow, "completeStep", &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

fn branch_error(step: &crate::rules::sop::Step) -> AppError {
    let names: Vec<String> = step.branches.iter().map(|b| b.name.clone()).collect();
    AppError::bad_input(Msg::new(
        format!("Pilih cabang langkah ini: {}.", names.join(" atau ")),
        format!("Choose this step's branch: {}.", names.join(" or ")),
    ))
    .with("field", "branch")
    .with("branches", names)
}

#[derive(Clone, Debug, Serialize)]
pub struct ClockChange {
    pub case_id: Uuid,
    /// Pausing: why (waiting for the family, the police letter, the UPT).
    pub reason: Option<String>,
}

/// Pauses (with a reason) or resumes the current step's service-time clock. Resuming
/// recomputes the due time: the clock goes on where it stopped.
pub async fn set_clock(
    call: &Call<'_>,
    pause: bool,
    input: ClockChange,
) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let operation = if pause { "pauseClock" } else { "resumeClock" };
    let hash = idempotency::hash_input(&input);
    let Some((uow, ctx)) = begin_on_case(call, operation, &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    // While an LKS completes its papers the clock waits for the LKS, not for a desk.
    if crate::store::lks_applications::of_case(txn, ctx.case.id)
        .await?
        .is_some_and(|(a, _)| a.status == entity::lks_application::ApplicationStatus::Returned)
    {
        return Err(AppError::precondition(Msg::new(
            "Permohonan ini dikembalikan ke LKS: jam layanan menunggu sampai LKS mengajukannya lagi.",
            "This application is back with the LKS: the clock waits until the LKS submits it again.",
        )));
    }
    // The step's own actors, or a superior, may stop its clock.
    let supervisor = call
        .actor
        .roles
        .iter()
        .any(|r| matches!(r, Role::Kasi | Role::Kabid | Role::Sekretaris | Role::Kadis));
    if !supervisor {
        engine::acting_role(call.actor, &ctx.def, &step)?;
    }
    let pauses = engine::pauses_of(txn, step.id).await?;
    let open = pauses.iter().find(|p| p.resumed_at.is_none()).cloned();
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 3);
    match (pause, open) {
        (true, Some(_)) => {
            return Err(AppError::conflict(Msg::new(
                "Jam layanan langkah ini sudah dihentikan sementara.",
                "This step's clock is already paused.",
            )));
        }
        (false, None) => {
            return Err(AppError::conflict(Msg::new(
                "Jam layanan langkah ini tidak sedang dihentikan.",
                "This step's clock is not paused.",
            )));
        }
        (true, None) => {
            stop_clock(txn, step.id, call.actor.user.id, input.reason.clone(), now).await?;
        }
        (false, Some(p)) => {
            let mut row = p.into_active_model();
            row.resumed_at = sea_orm::Set(Some(now));
            row.resumed_by = sea_orm::Set(Some(call.actor.user.id));
            row.update(txn).await?;
            let cal = crate::store::calendar::office_calendar(txn, office).await?;
            engine::refresh_due(txn, &ctx.def, &cal, &step).await?;
        }
    }
    let action = if pause {
        "case.clock_pause"
    } else {
        "case.clock_resume"
    };
    let entry = AuditEntry::new(action, "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"step": step.step_key, "reason": input.reason}));
    finish(call, uow, operation, &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

/// Stops a step run's clock for the reason given (required): a pause row, and no due time
/// while the clock stands still.
async fn stop_clock(
    txn: &impl ConnectionTrait,
    case_step_id: Uuid,
    paused_by: Uuid,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let reason = trimmed(reason).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis alasan penghentian (menunggu keluarga, surat polisi, UPT...).",
            "Write why the clock stops (waiting for the family, the police letter, the UPT...).",
        ))
        .with("field", "reason")
    })?;
    crate::store::clock_pauses::stop(txn, case_step_id, reason, now, paused_by).await
}
