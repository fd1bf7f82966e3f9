//! Asking Dukcapil (the civil registry) who an unidentified client is, and recording its
//! answer (seed 003, step 4). Found: the client gains the name and NIK Dukcapil gave.
//! Not registered: the client stays "Mr X" and the work goes on with what is known.
use chrono::{DateTime, Utc};
use entity::{
    client::IdentityStatus,
    document_kind::DocumentKind,
    dukcapil_request::{self, DukcapilResult},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::auth::casework_office;

use crate::infra::audit::AuditEntry;
use crate::infra::error::{AppError, AppResult, Msg, not_in_future};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, begin, finish};
use crate::store::clients::{find_in_office, revise};

#[derive(Clone, Debug, Serialize)]
pub struct Ask {
    pub client_id: Uuid,
    pub case_id: Option<Uuid>,
    pub reference: String,
    pub note: Option<String>,
}

/// Records the request; the client's identity status becomes ASKED_DUKCAPIL.
pub async fn ask(call: &Call<'_>, input: Ask) -> AppResult<dukcapil_request::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some(uow) = begin(call, "requestDukcapilCheck", &hash).await? else {
        return find(call, office, call.key).await;
    };
    let reference = trimmed(Some(input.reference.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis nomor surat permohonan ke Dukcapil atau cara permintaannya.",
            "Write the number of the letter to Dukcapil, or how it was asked.",
        ))
        .with("field", "reference")
    })?;
    let txn = uow.txn();
    let client = find_in_office(txn, office, input.client_id)
        .await
        .map_err(|e| e.with("field", "clientId"))?;
    if let Some(case_id) = input.case_id {
        entity::service_case::Entity::find_by_id(case_id)
            .filter(entity::service_case::Column::OfficeId.eq(office))
            .filter(entity::service_case::Column::ClientId.eq(input.client_id))
            .one(txn)
            .await?
            .ok_or_else(|| AppError::not_found("Kasus", "Case").with("field", "caseId"))?;
    }
    if !matches!(
        client.identity_status,
        IdentityStatus::Unknown | IdentityStatus::NotRegistered
    ) {
        return Err(AppError::precondition(Msg::new(
            format!(
                "Dukcapil ditanya untuk klien yang identitasnya belum diketahui; status klien ini {:?}.",
                client.identity_status
            ),
            format!(
                "Dukcapil is asked about a client whose identity is unknown; this client's status is {:?}.",
                client.identity_status
            ),
        ))
        .with("identityStatus", format!("{:?}", client.identity_status)));
    }
    revise(txn, call.state, call.actor, client, |mut f| {
        f.identity_status = Some(IdentityStatus::AskedDukcapil);
        f
    })
    .await?;
    let row = dukcapil_request::Model {
        id: call.key,
        office_id: office,
        client_id: input.client_id,
        case_id: input.case_id,
        reference,
        note: trimmed(input.note.clone()),
        requested_by: call.actor.user.id,
        requested_at: Utc::now(),
        result: None,
        answered_at: None,
        answer_recorded_by: None,
        answer_note: None,
        reply_document_id: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let entry = AuditEntry::new("dukcapil.request", "client", input.client_id)
        .office(Some(office))
        .details(json!({"requestId": row.id, "caseId": input.case_id}));
    finish(call, uow, "requestDukcapilCheck", &hash, row.id, entry).await?;
    Ok(row)
}

#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub request_id: Uuid,
    pub result: DukcapilResult,
    pub name: Option<String>,
    pub nik: Option<String>,
    pub origin_region_code: Option<String>,
    pub origin_address: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub reply_document_id: Option<Uuid>,
    pub note: Option<String>,
}

/// Records Dukcapil's answer. FOUND needs the name or NIK it gave, which the client takes
/// (NIK checked as at registration); NOT_REGISTERED leaves the client "Mr X".
pub async fn answer(call: &Call<'_>, input: Answer) -> AppResult<dukcapil_request::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some(uow) = begin(call, "recordDukcapilAnswer", &hash).await? else {
        return find(call, office, input.request_id).await;
    };
    let txn = uow.txn();
    // Take the open request's row: of two answers at once, the second finds it answered.
    let open = dukcapil_request::Entity::update_many()
        .col_expr(
            dukcapil_request::Column::Result,
            Expr::col(dukcapil_request::Column::Result),
        )
        .filter(dukcapil_request::Column::Id.eq(input.request_id))
        .filter(dukcapil_request::Column::OfficeId.eq(office))
        .filter(dukcapil_request::Column::Result.is_null())
        .exec(txn)
        .await?
        .rows_affected
        > 0;
    let request = dukcapil_request::Entity::find_by_id(input.request_id)
        .filter(dukcapil_request::Column::OfficeId.eq(office))
        .one(txn)
        .await?
        .ok_or_else(|| {
            AppError::not_found("Permintaan Dukcapil", "Dukcapil request")
                .with("field", "requestId")
        })?;
    if !open || request.result.is_some() {
        return Err(AppError::conflict(Msg::new(
            "Jawaban Dukcapil untuk permintaan ini sudah dicatat.",
            "Dukcapil's answer to this request is already recorded.",
        )));
    }
    let answered_at = input.answered_at.unwrap_or_else(Utc::now);
    not_in_future(answered_at, "answeredAt")?;
    if answered_at < request.requested_at {
        return Err(AppError::bad_input(Msg::new(
            "Jawaban Dukcapil tidak bisa sebelum permintaannya.",
            "Dukcapil's answer cannot be before the request.",
        ))
        .with("field", "answeredAt"));
    }
    if let Some(doc) = input.reply_document_id {
        let d = entity::document::Entity::find_by_id(doc)
            .filter(entity::document::Column::OfficeId.eq(office))
            .one(txn)
            .await?
            .ok_or_else(|| {
                AppError::not_found("Berkas", "Document").with("field", "replyDocumentId")
            })?;
        if d.kind != DocumentKind::DukcapilReply {
            return Err(AppError::bad_input(Msg::new(
                "Balasan Dukcapil diunggah sebagai berkas jenis DUKCAPIL_REPLY.",
                "Dukcapil's reply is uploaded as a DUKCAPIL_REPLY document.",
            ))
            .with("field", "replyDocumentId"));
        }
    }
    let found = input.result == DukcapilResult::Found;
    let (name, nik) = (trimmed(input.name.clone()), trimmed(input.nik.clone()));
    if found && name.is_none() && nik.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Identitas ditemukan: isi nama atau NIK yang diberikan Dukcapil.",
            "Identity found: enter the name or NIK Dukcapil gave.",
        ))
        .with("field", "name"));
    }
    let client = find_in_office(txn, office, request.client_id).await?;
    let (origin, address) = (
        trimmed(input.origin_region_code.clone()),
        trimmed(input.origin_address.clone()),
    );
    let (client, _) = revise(txn, call.state, call.actor, client, |mut f| {
        if found {
            f.name = name.or(f.name);
            f.nik = nik.or(f.nik);
            f.identity_status = Some(IdentityStatus::Found);
        } else {
            f.identity_status = Some(IdentityStatus::NotRegistered);
        }
        f.origin_region_code = origin.or(f.origin_region_code);
        f.origin_address = address.or(f.origin_address);
        f
    })
    .await?;
    let mut row = request.into_active_model();
    row.result = sea_orm::Set(Some(input.result));
    row.answered_at = sea_orm::Set(Some(answered_at));
    row.answer_recorded_by = sea_orm::Set(Some(call.actor.user.id));
    row.answer_note = sea_orm::Set(trimmed(input.note.clone()));
    row.reply_document_id = sea_orm::Set(input.reply_document_id);
    let updated = row.update(txn).await?;
    crate::store::incoming_letters::register(
        txn,
        crate::store::incoming_letters::Entry {
            office_id: office,
            source: entity::incoming_letter::IncomingSource::DukcapilAnswer,
            source_id: updated.id,
            received_at: answered_at,
            sender: "Dinas Kependudukan dan Pencatatan Sipil".to_owned(),
            sender_number: None,
            sender_date: None,
            subject: format!(
                "Jawaban permintaan data kependudukan {}: {}",
                updated.reference,
                match input.result {
                    DukcapilResult::Found => "identitas ditemukan",
                    DukcapilResult::NotRegistered => "tidak terdaftar",
                }
            ),
            case_id: updated.case_id,
            document_id: updated.reply_document_id,
            recorded_by: call.actor.user.id,
        },
    )
    .await?;
    let entry = AuditEntry::new("dukcapil.answer", "client", client.id)
        .office(Some(office))
        .details(json!({"requestId": updated.id, "result": input.result}));
    finish(call, uow, "recordDukcapilAnswer", &hash, updated.id, entry).await?;
    Ok(updated)
}

async fn find(call: &Call<'_>, office: Uuid, id: Uuid) -> AppResult<dukcapil_request::Model> {
    dukcapil_request::Entity::find_by_id(id)
        .filter(dukcapil_request::Column::OfficeId.eq(office))
        .one(&call.state.db)
        .await?
        .ok_or_else(|| AppError::not_found("Permintaan Dukcapil", "Dukcapil request"))
}
