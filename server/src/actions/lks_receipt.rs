//! The tanda terima of an LKS recommendation (seed 004's last step): signed by the LKS in
//! the system, or on paper at the office's desk, where the staff upload the signed receipt
//! and record it on the LKS's behalf.
use chrono::Utc;
use entity::document_kind::DocumentKind;
use entity::lks_application::{self, ApplicationStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::{Finish, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::{Scope, casework_office};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::sop::StepRecord;
use crate::store::lks_applications::{find_visible, not_found, own_lks};

#[derive(Clone, Debug, Serialize)]
pub struct Receipt {
    pub application_id: Uuid,
    /// Who signs the tanda terima at the LKS.
    pub signed_by: String,
    /// At the desk: the signed receipt, uploaded as TANDA_TERIMA to the application.
    pub signed_receipt_document_id: Option<Uuid>,
}

/// The LKS signs for its recommendation (tanda terima): the last step, which closes the
/// case. An LKS user signs in the system; the office's desk records a paper receipt with
/// its scan (required then), marked as recorded on the LKS's behalf.
pub async fn confirm_receipt(call: &Call<'_>, input: Receipt) -> AppResult<lks_application::Model> {
    let at_desk = matches!(call.actor.scope(), Scope::Office(_));
    if at_desk {
        casework_office(call.actor)?;
    } else {
        own_lks(&call.state.db, call.actor).await?;
    }
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
    let key = engine::step_of_record(&ctx, StepRecord::LksReceipt)?;
    if step.step_key != key {
        let title = engine::step_title(&ctx.def, &step.step_key);
        return Err(AppError::precondition(Msg::new(
            format!("Surat rekomendasi belum siap diterima: permohonan masih di langkah {title}."),
            format!("The recommendation is not ready yet: the application is at step {title}."),
        ))
        .with("currentStep", step.step_key.clone()));
    }
    let role = if at_desk {
        Some(engine::acting_role(call.actor, &ctx.def, &step)?)
    } else {
        None
    };
    let paper = signed_receipt(txn, &app, input.signed_receipt_document_id).await?;
    if at_desk && paper.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Di loket, unggah tanda terima yang sudah ditandatangani LKS (kind=TANDA_TERIMA) dan sebutkan signedReceiptDocumentId.",
            "At the desk, upload the receipt the LKS signed (kind=TANDA_TERIMA) and give its signedReceiptDocumentId.",
        ))
        .with("field", "signedReceiptDocumentId"));
    }
    let def_step = ctx.def.step(&key).cloned();
    if let Some(s) = &def_step {
        engine::require(txn, &ctx, &s.documents, &s.checks, &[]).await?;
    }
    let note = if at_desk {
        format!("Diterima oleh {signed_by} di loket (tanda terima kertas dicatat petugas)")
    } else {
        format!("Diterima oleh {signed_by}")
    };
    engine::finish_step(
        txn,
        &step,
        call.actor,
        Finish {
            role,
            note: Some(note),
            output: def_step.map(|s| s.output),
            ..Default::default()
        },
    )
    .await?;
    engine::advance(txn, &mut ctx, &key, None).await?;
    let mut row = app.clone().into_active_model();
    row.status = sea_orm::Set(ApplicationStatus::Received);
    row.received_at = sea_orm::Set(Some(Utc::now()));
    row.received_by = sea_orm::Set(Some(call.actor.user.id));
    row.receipt_signed_by = sea_orm::Set(Some(signed_by));
    row.receipt_document_id = sea_orm::Set(paper);
    let saved = row.update(txn).await?;
    let entry = AuditEntry::new("lks.receipt", "lks_application", app.id)
        .office(Some(app.office_id))
        .institution(Some(app.institution_id))
        .details(json!({"atDesk": at_desk, "documentId": paper}));
    finish(call, uow, "confirmLksReceipt", &hash, app.id, entry).await?;
    Ok(saved)
}

/// The signed paper receipt named, when one is: a TANDA_TERIMA of this application.
async fn signed_receipt(
    txn: &impl sea_orm::ConnectionTrait,
    app: &lks_application::Model,
    id: Option<Uuid>,
) -> AppResult<Option<Uuid>> {
    let Some(id) = id else { return Ok(None) };
    let doc = entity::document::Entity::find_by_id(id)
        .filter(entity::document::Column::LksApplicationId.eq(app.id))
        .one(txn)
        .await?
        .filter(|d| d.kind == DocumentKind::TandaTerima)
        .ok_or_else(|| {
            AppError::not_found("Tanda terima", "Signed receipt")
                .with("field", "signedReceiptDocumentId")
        })?;
    Ok(Some(doc.id))
}
