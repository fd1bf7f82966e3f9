//! Referrals to partner UPTs/panti: the office refers the case's client; the addressed
//! institution's users see the referral through a limited view (no path to the rest of the
//! file), accept or decline it with a reason, and later confirm the admission.
use chrono::{DateTime, Utc};
use entity::incoming_letter::IncomingSource;
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
    let at_referral_step = ctx.def.step(&step.step_key).is_some_and(|s| {
        s.checks.contains(&StepCheck::ReferralAccepted)
            || s.branches
                .iter()
                .any(|b| b.checks.contains(&StepCheck::ReferralAccepted))
    });
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
        answer_on_behalf: None,
        admission_on_behalf: None,
        withdraw_reason: None,
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

/// Who records a UPT's answer or admission: the UPT's own staff, or the referring office
/// on the UPT's behalf (the UPT has no account, or answered by phone or on paper).
enum Answerer {
    Partner,
    Office,
}

/// How the referring office learned of the UPT's answer, recorded with it.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OnBehalf {
    /// Who at the UPT answered (name), and their position.
    pub contact_name: String,
    pub contact_position: String,
    pub channel: PartnerChannel,
    pub contacted_at: DateTime<Utc>,
    /// The UPT's signed letter, uploaded (required when the answer came by letter).
    pub letter_document_id: Option<Uuid>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartnerChannel {
    Phone,
    Letter,
    Visit,
}

/// Who may record for this referral: the addressed UPT's staff, or the referring office's
/// staff with the partner's answer as evidence. NOT_FOUND for anyone else.
async fn answerer_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    on_behalf: Option<&OnBehalf>,
) -> AppResult<(Answerer, referral::Model)> {
    match actor.scope() {
        Scope::Institution(i) => Ok((
            Answerer::Partner,
            reachable(db, Scope::Institution(i), id).await?,
        )),
        Scope::Office(_) => {
            let office = casework_office(actor)?;
            let found = reachable(db, Scope::Office(office), id).await?;
            if on_behalf.is_none() {
                return Err(AppError::bad_input(Msg::new(
                    "Dinas Sosial mencatat jawaban UPT atas namanya: isi onBehalf (dengan siapa, jabatan, kapan, lewat apa; surat UPT bila lewat surat).",
                    "The office records the UPT's answer on its behalf: fill in onBehalf (with whom, their position, when, how; the UPT's letter when by letter).",
                ))
                .with("field", "onBehalf"));
            }
            Ok((Answerer::Office, found))
        }
    }
}

/// Checks the evidence of an answer recorded on the partner's behalf and returns it as
/// stored (with who recorded it).
async fn evidence(
    db: &impl ConnectionTrait,
    case: &entity::service_case::Model,
    actor: &Actor,
    on_behalf: &OnBehalf,
) -> AppResult<serde_json::Value> {
    let need = |field: &'static str, id: &str, en: &str| {
        AppError::bad_input(Msg::new(id, en)).with("field", format!("onBehalf.{field}"))
    };
    if trimmed(Some(on_behalf.contact_name.clone())).is_none() {
        return Err(need(
            "contactName",
            "Tulis nama petugas UPT yang menjawab.",
            "Write the name of the UPT officer who answered.",
        ));
    }
    if trimmed(Some(on_behalf.contact_position.clone())).is_none() {
        return Err(need(
            "contactPosition",
            "Tulis jabatan petugas UPT itu.",
            "Write that officer's position.",
        ));
    }
    crate::infra::error::not_in_future(on_behalf.contacted_at, "onBehalf.contactedAt")?;
    match on_behalf.letter_document_id {
        Some(id) => {
            engine::attachable_documents(db, case, &[id])
                .await
                .map_err(|e| e.with("field", "onBehalf.letterDocumentId"))?;
        }
        None if on_behalf.channel == PartnerChannel::Letter => {
            return Err(need(
                "letterDocumentId",
                "Unggah surat jawaban UPT yang ditandatangani.",
                "Upload the UPT's signed letter.",
            ));
        }
        None => {}
    }
    let mut stored = serde_json::to_value(on_behalf).map_err(AppError::internal)?;
    stored["recordedBy"] = json!(actor.user.id);
    Ok(stored)
}

/// A UPT's answer that the office recorded from the UPT's letter enters the office's
/// incoming agenda book, with the letter's scan.
async fn enter_paper_letter(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    referral: &referral::Model,
    on_behalf: Option<&OnBehalf>,
    source: IncomingSource,
    subject: String,
) -> AppResult<()> {
    let Some(b) = on_behalf.filter(|b| b.channel == PartnerChannel::Letter) else {
        return Ok(());
    };
    let upt = entity::institution::Entity::find_by_id(referral.institution_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("referral's UPT missing"))?;
    crate::store::incoming_letters::register(
        txn,
        crate::store::incoming_letters::Entry {
            office_id: referral.office_id,
            source,
            source_id: referral.id,
            received_at: b.contacted_at,
            sender: upt.name,
            sender_number: None,
            sender_date: None,
            subject,
            case_id: Some(referral.case_id),
            document_id: b.letter_document_id,
            recorded_by: actor.user.id,
        },
    )
    .await?;
    Ok(())
}

/// A referral within the scope's reach (the addressed UPT's, or the referring office's),
/// or NOT_FOUND.
async fn reachable(
    db: &impl ConnectionTrait,
    scope: Scope,
    id: Uuid,
) -> AppResult<referral::Model> {
    crate::store::referrals::visible_to(db, scope, id)
        .await?
        .ok_or_else(|| AppError::not_found("Rujukan", "Referral").with("field", "referralId"))
}

#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub referral_id: Uuid,
    pub accept: bool,
    pub reason: Option<String>,
    pub on_behalf: Option<OnBehalf>,
}

/// The UPT accepts, or declines with a reason (the office may then refer elsewhere); or
/// the referring office records the UPT's answer on its behalf, with the evidence.
pub async fn answer(call: &Call<'_>, input: Answer) -> AppResult<referral::Model> {
    let hash = crate::infra::idempotency::hash_input(&input);
    let (_, pre) = answerer_of(
        &call.state.db,
        call.actor,
        input.referral_id,
        input.on_behalf.as_ref(),
    )
    .await?;
    let Some((uow, ctx)) =
        begin_on_case(call, "answerReferral", &hash, pre.office_id, pre.case_id).await?
    else {
        return reachable(&call.state.db, call.actor.scope(), pre.id).await;
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
    let (answerer, found) =
        answerer_of(txn, call.actor, input.referral_id, input.on_behalf.as_ref()).await?;
    if found.status != ReferralStatus::Pending || ctx.case.status == CaseStatus::Closed {
        return Err(AppError::conflict(Msg::new(
            "Rujukan ini sudah dijawab atau ditarik.",
            "This referral has already been answered or withdrawn.",
        )));
    }
    let on_behalf = match (&answerer, &input.on_behalf) {
        (Answerer::Office, Some(b)) => Some(evidence(txn, &ctx.case, call.actor, b).await?),
        _ => None,
    };
    let mut row = found.clone().into_active_model();
    row.status = sea_orm::Set(if input.accept {
        ReferralStatus::Accepted
    } else {
        ReferralStatus::Declined
    });
    row.answered_by = sea_orm::Set(Some(call.actor.user.id));
    row.answered_at = sea_orm::Set(Some(Utc::now()));
    row.decline_reason = sea_orm::Set(if input.accept { None } else { reason });
    row.answer_on_behalf = sea_orm::Set(on_behalf.clone());
    let updated = row.update(txn).await?;
    let verdict = if input.accept { "diterima" } else { "ditolak" };
    enter_paper_letter(
        txn,
        call.actor,
        &updated,
        input.on_behalf.as_ref(),
        IncomingSource::UptAnswer,
        format!("Jawaban rujukan: {verdict}"),
    )
    .await?;
    let entry = AuditEntry::new("referral.answer", "referral", updated.id)
        .office(Some(updated.office_id))
        .institution(Some(updated.institution_id))
        .details(json!({"caseId": updated.case_id, "accepted": input.accept, "onBehalf": on_behalf.is_some()}));
    finish(call, uow, "answerReferral", &hash, updated.id, entry).await?;
    Ok(updated)
}

#[derive(Clone, Debug, Serialize)]
pub struct Admission {
    pub referral_id: Uuid,
    pub admitted_at: Option<DateTime<Utc>>,
    pub on_behalf: Option<OnBehalf>,
}

/// The UPT confirms the client arrived (or the office records it on the UPT's behalf);
/// the client's whereabouts become the UPT.
pub async fn confirm_admission(call: &Call<'_>, input: Admission) -> AppResult<referral::Model> {
    let hash = crate::infra::idempotency::hash_input(&input);
    let (_, pre) = answerer_of(
        &call.state.db,
        call.actor,
        input.referral_id,
        input.on_behalf.as_ref(),
    )
    .await?;
    let Some((uow, ctx)) =
        begin_on_case(call, "confirmAdmission", &hash, pre.office_id, pre.case_id).await?
    else {
        return reachable(&call.state.db, call.actor.scope(), pre.id).await;
    };
    let admitted_at = input.admitted_at.unwrap_or_else(Utc::now);
    crate::infra::error::not_in_future(admitted_at, "admittedAt")?;
    let txn = uow.txn();
    let (answerer, found) =
        answerer_of(txn, call.actor, input.referral_id, input.on_behalf.as_ref()).await?;
    if found.status != ReferralStatus::Accepted {
        return Err(AppError::precondition(Msg::new(
            "Hanya rujukan yang sudah diterima yang bisa dikonfirmasi masuk.",
            "Only an accepted referral can be confirmed as admitted.",
        )));
    }
    let on_behalf = match (&answerer, &input.on_behalf) {
        (Answerer::Office, Some(b)) => Some(evidence(txn, &ctx.case, call.actor, b).await?),
        _ => None,
    };
    let mut row = found.into_active_model();
    row.status = sea_orm::Set(ReferralStatus::Admitted);
    row.admitted_by = sea_orm::Set(Some(call.actor.user.id));
    row.admitted_at = sea_orm::Set(Some(admitted_at));
    row.admission_on_behalf = sea_orm::Set(on_behalf.clone());
    let updated = row.update(txn).await?;
    enter_paper_letter(
        txn,
        call.actor,
        &updated,
        input.on_behalf.as_ref(),
        IncomingSource::UptAdmission,
        "Konfirmasi penerimaan klien di UPT".to_owned(),
    )
    .await?;
    set_location(txn, &ctx.case, ClientLocation::Upt).await?;
    let entry = AuditEntry::new("referral.admit", "referral", updated.id)
        .office(Some(updated.office_id))
        .institution(Some(updated.institution_id))
        .details(json!({"caseId": updated.case_id, "onBehalf": on_behalf.is_some()}));
    finish(call, uow, "confirmAdmission", &hash, updated.id, entry).await?;
    Ok(updated)
}

#[derive(Clone, Debug, Serialize)]
pub struct Withdraw {
    pub referral_id: Uuid,
    pub reason: String,
}

/// The referring office withdraws a referral still waiting for an answer (the UPT did not
/// answer in time), so that it can refer elsewhere or go another way.
pub async fn withdraw(call: &Call<'_>, input: Withdraw) -> AppResult<referral::Model> {
    let office = casework_office(call.actor)?;
    let hash = crate::infra::idempotency::hash_input(&input);
    let pre = reachable(&call.state.db, Scope::Office(office), input.referral_id).await?;
    let reason = trimmed(Some(input.reason.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis alasan penarikan (mis. UPT tidak menjawab dalam batas waktu).",
            "Write why it is withdrawn (e.g. the UPT did not answer in time).",
        ))
        .with("field", "reason")
    })?;
    let Some((uow, ctx)) =
        begin_on_case(call, "withdrawReferral", &hash, office, pre.case_id).await?
    else {
        return reachable(&call.state.db, Scope::Office(office), input.referral_id).await;
    };
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    engine::acting_role(call.actor, &ctx.def, &step)?;
    let found = reachable(txn, Scope::Office(office), input.referral_id).await?;
    if found.status != ReferralStatus::Pending {
        return Err(AppError::conflict(Msg::new(
            "Hanya rujukan yang belum dijawab yang bisa ditarik.",
            "Only a referral not yet answered can be withdrawn.",
        )));
    }
    let mut row = found.into_active_model();
    row.status = sea_orm::Set(ReferralStatus::Withdrawn);
    row.withdraw_reason = sea_orm::Set(Some(reason.clone()));
    let updated = row.update(txn).await?;
    let entry = AuditEntry::new("referral.withdraw", "referral", updated.id)
        .office(Some(office))
        .institution(Some(updated.institution_id))
        .details(json!({"caseId": updated.case_id, "reason": reason}));
    finish(call, uow, "withdrawReferral", &hash, updated.id, entry).await?;
    Ok(updated)
}
