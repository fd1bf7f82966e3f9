//! Ending a case by a decision (withdrawn, deceased, not found, duplicate, other) and
//! reopening it, and which roles of an office may close. Replay-safe like every case
//! mutation: the ledger row, the cancelled step, the audit event and the idempotency key
//! are written in one transaction.
use entity::{office, service_case, service_case::CaseOutcome};
use sea_orm::EntityTrait;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::{Closing, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::{Actor, casework_office};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::trimmed;
use crate::infra::write::{Call, UnitOfWork, finish};
use crate::rules::closing::{REOPENING_ROLES, check_decision, closing_roles};
use crate::store::cases::find_case;
use entity::Role;

#[derive(Clone, Debug, Serialize)]
pub struct CloseCase {
    pub case_id: Uuid,
    pub outcome: CaseOutcome,
    pub reason: String,
}

/// Closes an open case by a decision of one of the office's closing roles: its open step
/// is cancelled, its clock stops, a referral still waiting is withdrawn, and from then on
/// the case is read-only. Refused while a relay leg is on the way.
pub async fn close(call: &Call<'_>, input: CloseCase) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let reason = trimmed(Some(input.reason.clone()));
    check_decision(input.outcome, reason.as_deref())?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, "closeCase", &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let txn = uow.txn();
    let setting = office::Entity::find_by_id(office).one(txn).await?;
    let roles = closing_roles(setting.and_then(|o| o.closing_roles).as_ref());
    let role = call.actor.role_among(&roles)?;
    if crate::store::relay_legs::underway_of_case(txn, ctx.case.id).await? {
        return Err(AppError::precondition(Msg::new(
            "Klien sedang dalam perjalanan: catat dulu serah terima atau kegagalan leg itu (failLeg).",
            "The client is on the way: first record that leg's hand-over or failure (failLeg).",
        )));
    }
    let step = ctx.case.current_step_key.clone();
    let reason = reason.unwrap_or_default();
    engine::close_by_decision(
        txn,
        &mut ctx,
        Closing {
            by: call.actor.user.id,
            role,
            outcome: input.outcome,
            reason: reason.clone(),
        },
    )
    .await?;
    let entry = AuditEntry::new("case.close", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"outcome": input.outcome, "reason": reason, "step": step, "role": role}));
    finish(call, uow, "closeCase", &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

#[derive(Clone, Debug, Serialize)]
pub struct ReopenCase {
    pub case_id: Uuid,
    pub reason: String,
}

/// Reopens a case closed by a decision (Kabid or Kadis, with a reason): the step it was
/// closed at runs again; the closure stays in the case's history.
pub async fn reopen(call: &Call<'_>, input: ReopenCase) -> AppResult<service_case::Model> {
    let office = casework_office(call.actor)?;
    let reason = trimmed(Some(input.reason.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis alasan membuka kembali kasus ini.",
            "Write why this case is reopened.",
        ))
        .with("field", "reason")
    })?;
    let role = call.actor.role_among(&REOPENING_ROLES)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, engine::REOPEN, &hash, office, input.case_id).await?
    else {
        return find_case(call.state, office, input.case_id).await;
    };
    let step = engine::reopen(uow.txn(), &mut ctx, call.actor, role, reason.clone()).await?;
    let entry = AuditEntry::new("case.reopen", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"reason": reason, "step": step.step_key, "role": role}));
    finish(call, uow, engine::REOPEN, &hash, ctx.case.id, entry).await?;
    Ok(ctx.case)
}

/// The office admin sets which roles may close a case (an empty list restores the
/// default: Kasi, Kabid, Kadis). Returns the roles now in force.
pub async fn set_closing_roles(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    roles: Vec<Role>,
) -> AppResult<Vec<Role>> {
    let office_id = actor.admin_office()?;
    if roles.contains(&Role::Admin) {
        return Err(AppError::bad_input(Msg::new(
            "Admin kantor tidak menangani kasus; pilih jabatan (Kasi, Kabid, Sekretaris, Kadis, ...).",
            "The office admin does not handle cases; choose positions (Kasi, Kabid, Sekretaris, Kadis, ...).",
        ))
        .with("field", "roles"));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    let setting = (!roles.is_empty()).then(|| json!(roles));
    crate::store::offices::update_settings(uow.txn(), office_id, |row| {
        row.closing_roles = sea_orm::Set(setting.clone());
    })
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("office.closing_roles", "office", office_id)
            .office(Some(office_id))
            .details(json!({"roles": roles})),
    )
    .await?;
    uow.commit().await?;
    Ok(closing_roles(setting.as_ref()))
}
