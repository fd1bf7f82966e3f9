//! Referrals to partner UPTs/panti: the office refers the case's client; the addressed
//! institution's users see the referral through a limited view (no path to the rest of the
//! file), accept or decline it with a reason, and later confirm the admission.
use chrono::{DateTime, Utc};
use entity::{
    client::ClientLocation, institution, institution::InstitutionKind, referral,
    referral::ReferralStatus, service_case::CaseStatus,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::begin_on_case;
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::sop::StepCheck;
use crate::store::referrals::set_location;

#[derive(Clone, Debug, Serialize)]
pub struct Refer {
    pub case_id: Uuid,
    pub institution_id: Uuid,
    pub needs_summary: String,
    pub shared_document_ids: Vec<Uuid>,
}

/// Refers the client at the coordination step. One referral waits at a time; after a
/// decline the office refers elsewhere. The client's whereabouts become "in shelter".
pub async fn refer(call: &Call<'_>, input: Refer) -> AppResult<referral::Model> {
    let office = casework_office(call.actor)?;
    let hash = crate::infra::idempotency::hash_input(&input);
    let Some((uow, ctx)) = begin_on_case(call, "referCase", &hash, office, input.case_id).await?
    else {
        return referral::Entity::find_by_id(call.key)
            .filter(referral::Column::OfficeId.eq(office))
            .one(&call.state.db)
            .await?
            .ok_or_else(|| AppError::not_found("Rujukan", "Referral"));
    };
    let needs = trimmed(Some(input.needs_summary.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis ringkasan kebutuhan klien untuk UPT/panti.",
            "Write a summary of the client's needs for the UPT/panti.",
        ))
        .with("field", "needsSummary")
    })?;
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    let at_referral_step = ctx
        .def
        .step(&step.step_key)
        .is_some_and(|s| s.checks.contains(&StepCheck::ReferralAccepted));
    if !at_referral_step {
        let current = engine::step_title(&ctx.def, &step.step_key);
        return Err(AppError::precondition(Msg::new(
            format!("Rujukan dikirim pada langkah koordinasi dengan UPT; kasus ini di langkah {current}."),
            format!("A referral is sent at the UPT coordination step; this case is at step {current}."),
        ))
        .with("currentStep", step.step_key.clone()));
    }
    engine::acting_role(call.actor, &ctx.def, &step)?;
    // Partners are the institutions this office registered.
    let inst = institution::Entity::find_by_id(input.institution_id)
        .filter(institution::Column::OfficeId.eq(office))
        .one(txn)
        .await?
        .filter(|i| matches!(i.kind, InstitutionKind::Upt | InstitutionKind::Panti))
        .ok_or_else(|| {
            AppError::not_found("UPT/panti", "UPT/panti").with("field", "institutionId")
        })?;
    let open = referral::Entity::find()
        .filter(referral::Column::CaseId.eq(ctx.case.id))
        .filter(referral::Column::Status.is_in([
            ReferralStatus::Pending,
            ReferralStatus::Accepted,
            ReferralStatus::Admitted,
        ]))
        .one(txn)
        .await?;
    if open.is_some() {
        return Err(AppError::conflict(Msg::new(
            "Kasus ini sudah punya rujukan yang menunggu atau diterima.",
            "This case already has a referral waiting or accepted.",
        )));
    }
    let docs = engine::attachable_documents(txn, &ctx.case, &input.shared_document_ids).await?;
    let model = referral::Model {
        id: call.key,
        case_id: ctx.case.id,
        office_id: office,
        institution_id: inst.id,
        status: ReferralStatus::Pending,
        needs_summary: needs,
        shared_document_ids: json!(docs.iter().map(|d| d.id).collect::<Vec<_>>()),
        sent_by: call.actor.user.id,
        sent_at: Utc::now(),
        answered_by: None,
        answered_at: None,
        decline_reason: None,
        admitted_by: None,
        admitted_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    set_location(txn, &ctx.case, ClientLocation::Shelter).await?;
    let entry = AuditEntry::new("referral.send", "referral", model.id)
        .office(Some(office))
        .institution(Some(inst.id))
        .details(json!({"caseId": ctx.case.id}));
    finish(call, uow, "referCase", &hash, model.id, entry).await?;
    Ok(model)
}

/// The institution whose referrals the actor may answer, or FORBIDDEN.
fn partner_of(actor: &Actor) -> AppResult<Uuid> {
    match actor.scope() {
        Scope::Institution(i) => Ok(i),
        Scope::Office(_) => Err(AppError::forbidden(Msg::new(
            "Hanya petugas UPT/panti yang dirujuk yang menjawab rujukan.",
            "Only staff of the UPT/panti referred to answer a referral.",
        ))),
    }
}

/// A referral addressed to the caller's institution, or NOT_FOUND.
pub async fn addressed(
    db: &impl ConnectionTrait,
    institution_id: Uuid,
    id: Uuid,
) -> AppResult<referral::Model> {
    referral::Entity::find_by_id(id)
        .filter(referral::Column::InstitutionId.eq(institution_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Rujukan", "Referral"))
}

#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub referral_id: Uuid,
    pub accept: bool,
    pub reason: Option<String>,
}

/// The UPT accepts, or declines with a reason (the office may then refer elsewhere).
pub async fn answer(call: &Call<'_>, input: Answer) -> AppResult<referral::Model> {
    let institution = partner_of(call.actor)?;
    let hash = crate::infra::idempotency::hash_input(&input);
    let pre = addressed(&call.state.db, institution, input.referral_id).await?;
    let Some((uow, ctx)) =
        begin_on_case(call, "answerReferral", &hash, pre.office_id, pre.case_id).await?
    else {
        return addressed(&call.state.db, institution, input.referral_id).await;
    };
    let reason = trimmed(input.reason.clone());
    if !input.accept && reason.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis alasan penolakan, supaya Dinas Sosial bisa mencari UPT lain.",
            "Write why you decline, so the office can look for another UPT.",
        ))
        .with("field", "reason"));
    }
    let txn = uow.txn();
    let found = addressed(txn, institution, input.referral_id).await?;
    if found.status != ReferralStatus::Pending || ctx.case.status == CaseStatus::Closed {
        return Err(AppError::conflict(Msg::new(
            "Rujukan ini sudah dijawab.",
            "This referral has already been answered.",
        )));
    }
    let mut row = found.clone().into_active_model();
    row.status = sea_orm::Set(if input.accept {
        ReferralStatus::Accepted
    } else {
        ReferralStatus::Declined
    });
    row.answered_by = sea_orm::Set(Some(call.actor.user.id));
    row.answered_at = sea_orm::Set(Some(Utc::now()));
    row.decline_reason = sea_orm::Set(if input.accept { None } else { reason });
    let updated = row.update(txn).await?;
    let entry = AuditEntry::new("referral.answer", "referral", updated.id)
        .office(Some(updated.office_id))
        .institution(Some(institution))
        .details(json!({"caseId": updated.case_id, "accepted": input.accept}));
    finish(call, uow, "answerReferral", &hash, updated.id, entry).await?;
    Ok(updated)
}

#[derive(Clone, Debug, Serialize)]
pub struct Admission {
    pub referral_id: Uuid,
    pub admitted_at: Option<DateTime<Utc>>,
}

/// The UPT confirms the client arrived; the client's whereabouts become the UPT.
pub async fn confirm_admission(call: &Call<'_>, input: Admission) -> AppResult<referral::Model> {
    let institution = partner_of(call.actor)?;
    let hash = crate::infra::idempotency::hash_input(&input);
    let pre = addressed(&call.state.db, institution, input.referral_id).await?;
    let Some((uow, ctx)) =
        begin_on_case(call, "confirmAdmission", &hash, pre.office_id, pre.case_id).await?
    else {
        return addressed(&call.state.db, institution, input.referral_id).await;
    };
    let admitted_at = input.admitted_at.unwrap_or_else(Utc::now);
    crate::infra::error::not_in_future(admitted_at, "admittedAt")?;
    let txn = uow.txn();
    let found = addressed(txn, institution, input.referral_id).await?;
    if found.status != ReferralStatus::Accepted {
        return Err(AppError::precondition(Msg::new(
            "Hanya rujukan yang sudah diterima yang bisa dikonfirmasi masuk.",
            "Only an accepted referral can be confirmed as admitted.",
        )));
    }
    let mut row = found.into_active_model();
    row.status = sea_orm::Set(ReferralStatus::Admitted);
    row.admitted_by = sea_orm::Set(Some(call.actor.user.id));
    row.admitted_at = sea_orm::Set(Some(admitted_at));
    let updated = row.update(txn).await?;
    set_location(txn, &ctx.case, ClientLocation::Upt).await?;
    let entry = AuditEntry::new("referral.admit", "referral", updated.id)
        .office(Some(updated.office_id))
        .institution(Some(institution))
        .details(json!({"caseId": updated.case_id}));
    finish(call, uow, "confirmAdmission", &hash, updated.id, entry).await?;
    Ok(updated)
}
