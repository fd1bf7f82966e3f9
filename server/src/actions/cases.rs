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
use crate::rules::sop::{ApprovalRuleKind, StepCheck};
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
    /// Into a waiting state (the client stays in the shelter): when to look at it again.
    pub review_at: Option<DateTime<Utc>>,
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
    let def_step = completable(&ctx.def, &step.step_key, input.branch.is_some())?;
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    let branch = chosen_branch(&def_step, input.branch.as_deref())?;
    let review_at = way_out_checked(&ctx.def, &step.step_key, branch.as_ref(), &input)?;
    let docs = engine::attachable_documents(txn, &ctx.case, &input.document_ids).await?;
    let mut documents = def_step.documents.clone();
    let mut checks = def_step.checks.clone();
    if let Some(b) = &branch {
        documents.extend(b.documents.iter().copied());
        checks.extend(b.checks.iter().copied());
    }
    engine::require(txn, &ctx, &documents, &checks, &docs).await?;
    // A branch that needs approval: the worker proposes it, the approver completes it.
    if let Some(b) = branch.as_ref().filter(|b| !b.approved_by.is_empty()) {
        if !b.approved_by.iter().any(|r| call.actor.has_role(*r)) {
            let note = trimmed(input.note.clone());
            engine::propose_branch(txn, &step, call.actor, &b.name, note, &b.approved_by).await?;
            engine::attach(txn, step.id, &docs).await?;
            let entry = AuditEntry::new("case.branch_propose", "case", ctx.case.id)
                .office(Some(office))
                .details(json!({"step": step.step_key, "branch": b.name, "role": role}));
            finish(call, uow, "completeStep", &hash, ctx.case.id, entry).await?;
            return Ok(ctx.case);
        }
        crate::store::approvals::insert_approval(
            txn,
            crate::store::approvals::NewApproval {
                case_id: ctx.case.id,
                case_step_id: step.id,
                kind: entity::approval::ApprovalKind::Approval,
                actor_user_id: call.actor.user.id,
                actor_role: role,
                to_user_id: None,
                note: trimmed(input.note.clone()),
                letter_id: None,
            },
        )
        .await?;
    }
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
    // Leaving a referral step another way: a referral still waiting is withdrawn.
    let at_referral_step = def_step
        .branches
        .iter()
        .any(|o| o.checks.contains(&StepCheck::ReferralAccepted));
    if let Some(b) = branch
        .as_ref()
        .filter(|b| !b.checks.contains(&StepCheck::ReferralAccepted))
        && at_referral_step
    {
        let why = format!("Kasus dilanjutkan: {}", b.label);
        crate::store::referrals::withdraw_pending(txn, ctx.case.id, &why).await?;
    }
    let continues_in = branch.as_ref().and_then(|b| b.continues_in.clone());
    let next = branch.map(|b| b.next);
    match &continues_in {
        Some(code) => engine::continue_in(txn, &mut ctx, code, call.actor.user.id).await?,
        None => engine::advance(txn, &mut ctx, &step.step_key, next.clone()).await?,
    }
    if let Some(review_at) = review_at {
        let waiting = engine::active_step(txn, &ctx).await?;
        engine::set_due(txn, waiting.id, review_at).await?;
    }
    let entry = AuditEntry::new("case.step_complete", "case", ctx.case.id)
        .office(Some(office))
        .details(
            json!({"step": step.step_key, "branch": input.branch, "role": role,
            "continuedIn": ctx.case.continued_in_case_id}),
        );
    finish(call, uow, "completeStep", &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

/// The step as the SOP defines it, when `completeStep` completes it; else a refusal naming
/// the mutation that does. A branch target with a record completes by it; `completeStep`
/// takes only its ways out (`way_out`: a branch is named).
fn completable(
    def: &crate::rules::sop::SopDefinition,
    key: &str,
    way_out: bool,
) -> AppResult<crate::rules::sop::Step> {
    if let Some(t) = def.target(key).filter(|t| t.record.is_some() && !way_out) {
        let names: Vec<String> = t.branches.iter().map(|b| b.name.clone()).collect();
        let mut err = AppError::precondition(Msg::new(
            "Langkah ini selesai dengan mencatat reunifikasi keluarga (recordReunification); bila keluarga tidak ditemukan atau menolak, pilih jalan lain (branch).",
            "This step is completed by recording the family reunification (recordReunification); if the family is not found or refuses, choose another way (branch).",
        ))
        .with("mutation", "recordReunification");
        if !names.is_empty() {
            err = err.with("branches", names);
        }
        return Err(err);
    }
    let step = def
        .node(key)
        .ok_or_else(|| AppError::internal(format!("no step or target '{key}'")))?;
    if let Some(a) = &step.approval {
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
    if let Some(record) = step.record {
        return Err(AppError::precondition(Msg::new(
            format!("Langkah ini selesai dengan {}.", record.mutation()),
            format!("This step is completed with {}.", record.mutation()),
        ))
        .with("mutation", record.mutation()));
    }
    Ok(step)
}

/// A way out of a branch target needs its reason; one into a waiting state its review
/// date (in the future), which is returned.
fn way_out_checked(
    def: &crate::rules::sop::SopDefinition,
    from: &str,
    branch: Option<&crate::rules::sop::Branch>,
    input: &CompleteStep,
) -> AppResult<Option<DateTime<Utc>>> {
    if def.target(from).is_some() && trimmed(input.note.clone()).is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis alasannya (mis. keluarga tidak ditemukan, menolak menerima klien).",
            "Write the reason (e.g. the family was not found, refuses to take the client).",
        ))
        .with("field", "note"));
    }
    let into_waiting = branch
        .and_then(|b| def.target(&b.next))
        .is_some_and(|t| t.review);
    if !into_waiting {
        return Ok(None);
    }
    if trimmed(input.note.clone()).is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis mengapa klien tetap menunggu (mis. semua UPT penuh).",
            "Write why the client waits (e.g. every UPT is full).",
        ))
        .with("field", "note"));
    }
    match input.review_at {
        Some(at) if at > Utc::now() => Ok(Some(chrono::SubsecRound::trunc_subsecs(at, 3))),
        _ => Err(AppError::bad_input(Msg::new(
            "Tentukan tanggal tinjau ulang (reviewAt) di masa depan.",
            "Give a review date (reviewAt) in the future.",
        ))
        .with("field", "reviewAt")),
    }
}

/// The branch the input names (or the step's default): required at a branching step,
/// refused elsewhere.
fn chosen_branch(
    step: &crate::rules::sop::Step,
    name: Option<&str>,
) -> AppResult<Option<crate::rules::sop::Branch>> {
    match (name, step.branches.is_empty()) {
        (None, true) => Ok(None),
        (None, false) if step.branches.iter().any(|b| b.default) => {
            Ok(step.branches.iter().find(|b| b.default).cloned())
        }
        (Some(name), false) => step
            .branches
            .iter()
            .find(|b| b.name == name)
            .cloned()
            .map(Some)
            .ok_or_else(|| branch_error(step)),
        (None, false) => Err(branch_error(step)),
        (Some(_), true) => Err(AppError::bad_input(Msg::new(
            "Langkah ini tidak bercabang; kosongkan 'branch'.",
            "This step has no branches; leave 'branch' out.",
        ))
        .with("field", "branch")),
    }
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
    // The whole case's clock stops and goes on with its step's.
    let cal = crate::store::calendar::office_calendar(txn, office).await?;
    engine::refresh_case_due(txn, &ctx.def, &cal, ctx.case.id).await?;
    let case = engine::loaded(txn, ctx.case.id).await?.case;
    let action = if pause {
        "case.clock_pause"
    } else {
        "case.clock_resume"
    };
    let entry = AuditEntry::new(action, "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"step": step.step_key, "reason": input.reason}));
    finish(call, uow, operation, &hash, case.id, entry).await?;
    Ok(case)
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
