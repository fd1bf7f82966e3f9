//! Approvals on a case: paraf, tanda tangan, sending back and disposisi. Like every case
//! mutation they are replay-safe, check the caller's office and role, and write the
//! approval row, the step changes, the audit event and the idempotency key in one
//! transaction.

use chrono::Utc;
use entity::{
    Role, approval::ApprovalKind, case_step, case_step::StepStatus, letter, service_case, user,
    user_role,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::{CaseCtx, Finish, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::hierarchy::rank;
use crate::rules::sop::{ApprovalRule, ApprovalRuleKind};
use crate::store::approvals::{NewApproval, insert_approval};
use crate::store::cases::find_case;

#[derive(Clone, Debug, Serialize)]
pub struct Approve {
    pub case_id: Uuid,
    pub step_key: String,
    pub note: Option<String>,
}

/// Paraf or tanda tangan on the current approval step. Initials go in the step's order;
/// the last completes it. A signature (any of the step's signer roles) completes it and
/// signs the case's letter.
pub async fn approve(
    call: &Call<'_>,
    kind: ApprovalKind,
    input: Approve,
) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let signing = kind == ApprovalKind::Signature;
    let operation = if signing { "signStep" } else { "addInitials" };
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) = begin_on_case(call, operation, &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    engine::expect_at(&ctx, &step, &input.step_key)?;
    let rule = approval_rule(&ctx, &step, signing)?;
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    let letters = crate::store::letters::all_of_case(txn, ctx.case.id).await?;
    insert_approval(
        txn,
        NewApproval {
            case_id: ctx.case.id,
            case_step_id: step.id,
            kind,
            actor_user_id: call.actor.user.id,
            actor_role: role,
            to_user_id: None,
            note: trimmed(input.note.clone()),
            letter_id: letters.first().map(|l| l.id),
        },
    )
    .await?;
    let done = if signing {
        sign_letters(txn, letters, call.actor, role).await?;
        true
    } else {
        engine::initials_complete(txn, &ctx, &step, &rule).await?
    };
    if done {
        let note = trimmed(input.note.clone());
        complete_approval_step(txn, &mut ctx, &step, call.actor, role, note).await?;
    }
    let action = if signing {
        "case.sign"
    } else {
        "case.initials"
    };
    let entry = AuditEntry::new(action, "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"step": step.step_key, "role": role}));
    finish(call, uow, operation, &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

/// The step's rule for a signature (`signing`) or for initials; FAILED_PRECONDITION when
/// the step takes the other kind or none.
fn approval_rule(ctx: &CaseCtx, step: &case_step::Model, signing: bool) -> AppResult<ApprovalRule> {
    let wanted = if signing {
        ApprovalRuleKind::Signature
    } else {
        ApprovalRuleKind::Initials
    };
    ctx.def
        .step(&step.step_key)
        .and_then(|s| s.approval.clone())
        .filter(|a| a.kind == wanted)
        .ok_or_else(|| {
            let (id, en) = if signing {
                (
                    "Langkah ini tidak ditandatangani.",
                    "This step takes no signature.",
                )
            } else {
                ("Langkah ini tidak diparaf.", "This step takes no initials.")
            };
            AppError::precondition(Msg::new(id, en))
        })
}

/// The signature signs every letter of the case (a return's recommendation and its surat
/// tugas are signed together).
async fn sign_letters(
    txn: &impl ConnectionTrait,
    letters: Vec<letter::Model>,
    signer: &Actor,
    role: Role,
) -> AppResult<()> {
    for l in letters {
        let mut row = l.clone().into_active_model();
        row.signed_by = sea_orm::Set(Some(signer.user.id));
        row.signer_role = sea_orm::Set(Some(role));
        row.signed_at = sea_orm::Set(Some(Utc::now()));
        // The signature applies to this exact text; it is not changed afterwards.
        row.signed_version = sea_orm::Set(Some(l.current_version));
        row.update(txn).await?;
    }
    Ok(())
}

/// Completes an approval step with the SOP's output for it and moves the case on.
async fn complete_approval_step(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    step: &case_step::Model,
    actor: &Actor,
    role: Role,
    note: Option<String>,
) -> AppResult<()> {
    engine::finish_step(
        txn,
        step,
        actor,
        Finish {
            role: Some(role),
            note,
            output: ctx.def.step(&step.step_key).map(|s| s.output.clone()),
            ..Default::default()
        },
    )
    .await?;
    engine::advance(txn, ctx, &step.step_key, None).await
}

#[derive(Clone, Debug, Serialize)]
pub struct SendBack {
    pub case_id: Uuid,
    pub step_key: String,
    pub reason: String,
}

/// Returns the case from an approval step (the reviewer it waits for corrects it): the
/// step ends as SENT_BACK and the step it returns to runs again.
pub async fn send_back(call: &Call<'_>, input: SendBack) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, "sendBack", &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let reason = trimmed(Some(input.reason.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis alasan pengembalian, supaya yang memperbaiki tahu apa yang kurang.",
            "Write why it is sent back, so whoever corrects it knows what is wrong.",
        ))
        .with("field", "reason")
    })?;
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    engine::expect_at(&ctx, &step, &input.step_key)?;
    // An initials or signature step, or a branch waiting for its approver.
    let rule = ctx
        .def
        .step(&step.step_key)
        .and_then(|s| s.approval.clone())
        .filter(|a| a.kind != ApprovalRuleKind::Disposition);
    if rule.is_none() && step.proposed_by.is_none() {
        return Err(AppError::precondition(Msg::new(
            "Hanya langkah paraf atau tanda tangan, atau cabang yang menunggu persetujuan, yang bisa dikembalikan.",
            "Only an initials or signature step, or a branch waiting for approval, can be sent back.",
        )));
    }
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    let letter = crate::store::letters::of_case(txn, ctx.case.id).await?;
    insert_approval(
        txn,
        NewApproval {
            case_id: ctx.case.id,
            case_step_id: step.id,
            kind: ApprovalKind::SentBack,
            actor_user_id: call.actor.user.id,
            actor_role: role,
            to_user_id: None,
            note: Some(reason.clone()),
            letter_id: letter.map(|l| l.id),
        },
    )
    .await?;
    engine::finish_step(
        txn,
        &step,
        call.actor,
        Finish {
            status: Some(StepStatus::SentBack),
            role: Some(role),
            note: Some(reason.clone()),
            ..Default::default()
        },
    )
    .await?;
    let back_to = rule
        .and_then(|r| r.send_back_to)
        .unwrap_or_else(|| step.step_key.clone());
    engine::start_step(txn, &mut ctx, &back_to, Utc::now()).await?;
    let entry = AuditEntry::new("case.send_back", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"step": step.step_key, "to": back_to, "reason": reason}));
    finish(call, uow, "sendBack", &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

#[derive(Clone, Debug, Serialize)]
pub struct Dispose {
    pub case_id: Uuid,
    pub to_user_id: Uuid,
    pub instruction: String,
}

/// Disposisi: passes the case down to a named person of the office with an instruction.
/// At a disposition step of the SOP (seed 004's Kadis → Kabid → Kasi) it completes the
/// step; elsewhere it is recorded on the current step and does not move the case on.
pub async fn dispose(call: &Call<'_>, input: Dispose) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, "disposeCase", &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let instruction = trimmed(Some(input.instruction.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis instruksi disposisi.",
            "Write the instruction.",
        ))
        .with("field", "instruction")
    })?;
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    let (target, target_roles) = disposition_target(txn, office, input.to_user_id).await?;
    let mut own_role = senior_role(call.actor, &target_roles)?;
    // A disposition step of the SOP: its disposer, to one of its receivers.
    let rule = ctx
        .def
        .step(&step.step_key)
        .and_then(|s| s.approval.clone())
        .filter(|a| a.kind == ApprovalRuleKind::Disposition);
    if let Some(rule) = &rule {
        own_role = engine::acting_role(call.actor, &ctx.def, &step)?;
        require_receiver(rule, &target_roles)?;
    }
    insert_approval(
        txn,
        NewApproval {
            case_id: ctx.case.id,
            case_step_id: step.id,
            kind: ApprovalKind::Disposition,
            actor_user_id: call.actor.user.id,
            actor_role: own_role,
            to_user_id: Some(target.id),
            note: Some(instruction),
            letter_id: None,
        },
    )
    .await?;
    // The step the disposition hands on waits for the named person only: the next one at
    // a disposition step of the SOP, else the current one when they may do it.
    if rule.is_some() {
        let note = trimmed(Some(input.instruction.clone()));
        complete_approval_step(txn, &mut ctx, &step, call.actor, own_role, note).await?;
        if ctx.case.status == entity::service_case::CaseStatus::Open {
            let next = engine::active_step(txn, &ctx).await?;
            engine::assign(txn, next.id, target.id).await?;
        }
    } else if engine::roles_of(&step)
        .iter()
        .any(|r| target_roles.contains(r))
    {
        engine::assign(txn, step.id, target.id).await?;
    }
    let entry = AuditEntry::new("case.dispose", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"to": target.id, "step": step.step_key}));
    finish(call, uow, "disposeCase", &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

/// The active person of the office a disposition goes to, with their roles.
async fn disposition_target(
    txn: &impl ConnectionTrait,
    office: Uuid,
    user_id: Uuid,
) -> AppResult<(user::Model, Vec<Role>)> {
    let target = user::Entity::find_by_id(user_id)
        .filter(user::Column::OfficeId.eq(office))
        .filter(user::Column::Active.eq(true))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("Pegawai", "User").with("field", "toUserId"))?;
    let roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(target.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();
    Ok((target, roles))
}

/// The actor's highest role; FORBIDDEN unless it ranks above the receiver's highest.
fn senior_role(actor: &Actor, target_roles: &[Role]) -> AppResult<Role> {
    let target_rank = target_roles.iter().map(|r| rank(*r)).max().unwrap_or(0);
    let (own_role, own_rank) = actor
        .roles
        .iter()
        .map(|r| (*r, rank(*r)))
        .max_by_key(|(_, k)| *k)
        .unwrap_or((Role::Staf, 0));
    if own_rank <= target_rank {
        return Err(AppError::forbidden(Msg::new(
            "Disposisi hanya ke bawahan (jabatan lebih rendah).",
            "A disposition goes only to someone below you.",
        )));
    }
    Ok(own_role)
}

/// Refuses a receiver holding none of the roles the SOP's disposition step names.
fn require_receiver(rule: &ApprovalRule, target_roles: &[Role]) -> AppResult<()> {
    if target_roles.iter().any(|r| rule.to.contains(r)) {
        return Ok(());
    }
    let names = rule
        .to
        .iter()
        .map(|r| r.slug().to_uppercase())
        .collect::<Vec<_>>()
        .join(", ");
    Err(AppError::bad_input(Msg::new(
        format!("Langkah ini mendisposisi kepada peran {names}; pilih pegawai dengan peran itu."),
        format!("This step disposes to the role(s) {names}; choose someone holding one."),
    ))
    .with("field", "toUserId")
    .with("requiredRoles", names))
}
