//! Family reunification: where a "not eligible" assessment leads. The record names the
//! family contact, how the client went back, when, and the signed hand-over record; it
//! completes the case.
use chrono::{DateTime, Utc};
use entity::{
    client::ClientLocation, document_kind::DocumentKind, reunification,
    reunification::ReunificationMode, service_case::CaseOutcome,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::begin_on_case;
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::sop::TargetRecord;
use crate::store::assessments::FamilyContact;

#[derive(Clone, Debug, Serialize)]
pub struct Reunify {
    pub case_id: Uuid,
    pub family: FamilyContact,
    pub mode: ReunificationMode,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub proof_document_id: Uuid,
    pub note: Option<String>,
}

pub async fn record(call: &Call<'_>, input: Reunify) -> AppResult<reunification::Model> {
    let office = casework_office(call.actor)?;
    let hash = crate::infra::idempotency::hash_input(&input);
    let Some((uow, mut ctx)) =
        begin_on_case(call, "recordReunification", &hash, office, input.case_id).await?
    else {
        return reunification::Entity::find_by_id(call.key)
            .filter(reunification::Column::OfficeId.eq(office))
            .one(&call.state.db)
            .await?
            .ok_or_else(|| AppError::not_found("Reunifikasi", "Reunification"));
    };
    let family_name = trimmed(Some(input.family.name.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Isi nama anggota keluarga yang menerima klien.",
            "Fill in the name of the family member who takes the client.",
        ))
        .with("field", "family.name")
    })?;
    let handed_over_at = input.handed_over_at.unwrap_or_else(Utc::now);
    crate::infra::error::not_in_future(handed_over_at, "handedOverAt")?;
    let txn = uow.txn();
    let step = engine::active_step(txn, &ctx).await?;
    let is_reunification = ctx
        .def
        .target(&step.step_key)
        .is_some_and(|t| t.record == Some(TargetRecord::Reunification));
    if !is_reunification {
        let current = engine::step_title(&ctx.def, &step.step_key);
        return Err(AppError::precondition(Msg::new(
            format!("Reunifikasi dicatat sesudah asesmen TIDAK LAYAK; kasus ini di langkah {current}."),
            format!("A reunification is recorded after a NOT ELIGIBLE assessment; this case is at step {current}."),
        ))
        .with("currentStep", step.step_key.clone()));
    }
    let role = engine::acting_role(call.actor, &ctx.def, &step)?;
    let proof = engine::attachable_documents(txn, &ctx.case, &[input.proof_document_id])
        .await
        .map_err(|e| e.with("field", "proofDocumentId"))?;
    if proof.iter().any(|d| d.kind != DocumentKind::HandoverRecord) {
        return Err(AppError::precondition(Msg::new(
            "Bukti serah terima harus berkas jenis HANDOVER_RECORD (berita acara serah terima).",
            "The hand-over proof must be a HANDOVER_RECORD document (berita acara serah terima).",
        ))
        .with("missingDocuments", vec!["HANDOVER_RECORD".to_owned()]));
    }
    let model = reunification::Model {
        id: call.key,
        case_id: ctx.case.id,
        office_id: office,
        family_name,
        relation: trimmed(input.family.relation.clone()),
        phone: trimmed(input.family.phone.clone()),
        address: trimmed(input.family.address.clone()),
        mode: input.mode,
        handed_over_at,
        proof_document_id: input.proof_document_id,
        recorded_by: call.actor.user.id,
        recorded_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    engine::finish_step(
        txn,
        &step,
        call.actor,
        engine::Finish {
            role: Some(role),
            note: trimmed(input.note.clone()),
            ..Default::default()
        },
    )
    .await?;
    engine::attach(txn, step.id, &proof).await?;
    engine::close(txn, &mut ctx, CaseOutcome::Reunified).await?;
    crate::store::referrals::set_location(txn, &ctx.case, ClientLocation::Family).await?;
    let entry = AuditEntry::new("case.reunify", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"reunificationId": model.id, "mode": input.mode}));
    finish(call, uow, "recordReunification", &hash, model.id, entry).await?;
    Ok(model)
}
