//! `GET /cases/{id}/forms/{surat_pengantar|permohonan_dukcapil|berita_acara_serah_terima}.pdf`:
//! a paper of the procedure printed from the office's template, filled in from the case,
//! to be signed by hand and uploaded back (a hand-over record as `HANDOVER_RECORD`, the
//! Dukcapil request's number in `requestDukcapilCheck`). The office's casework staff only;
//! each print is audited.
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use chrono::{Datelike, Utc};
use entity::{client, office};
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;

use crate::http::request::{HttpState, actor, fail, locale_of, request_meta};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::write::UnitOfWork;
use crate::rules::letter_pdf::{MONTHS, Sheet, render_with_logo};
use crate::rules::letter_template::{fill, form_title, paragraphs};

pub async fn print(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((case_id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_of(&headers);
    let outcome = async {
        let actor = actor(&st, &headers, peer).await?;
        let office_id = casework_office(&actor)?;
        let not_found = || AppError::not_found("Formulir", "Form");
        let key = file.strip_suffix(".pdf").ok_or_else(not_found)?.to_owned();
        let title = form_title(&key).ok_or_else(not_found)?;
        let case_id = Uuid::parse_str(&case_id).map_err(|_| not_found())?;
        let db = &st.app.db;
        let case = crate::store::cases::in_office(db, office_id, case_id)
            .await?
            .ok_or_else(|| AppError::not_found("Kasus", "Case"))?;
        let office = office::Entity::find_by_id(office_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("actor's office missing"))?;
        let client = match case.client_id {
            Some(id) => client::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        let addressee = addressee_of(db, &key, case.id).await?;
        let values = crate::store::letter_templates::values_of(
            db,
            &addressee,
            Some(case.id),
            &office,
            client.as_ref(),
            None,
        )
        .await?;
        let (template, _) =
            crate::store::letter_templates::effective(db, office_id, &key, title, &[]).await?;
        let sheet = sheet_of(&key, &office, &template, &values, addressee);
        let logo = crate::store::letters::logo_of(&st.app, &office).await?;
        let bytes = tokio::task::spawn_blocking(move || render_with_logo(sheet, logo))
            .await
            .map_err(AppError::internal)??;
        let meta = request_meta(&st.app, &headers, peer);
        let mut uow = UnitOfWork::begin(&st.app).await?;
        uow.audit(
            &meta,
            Some(&actor.audit_actor()),
            AuditEntry::new("form.print", "case", case.id)
                .office(Some(office_id))
                .details(json!({"form": key})),
        )
        .await?;
        uow.commit().await?;
        Ok::<_, AppError>((key, bytes))
    }
    .await;
    match outcome {
        Ok((key, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{key}.pdf\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => fail(e, locale),
    }
}

/// To whom the paper goes: Dukcapil for the request; the office at the journey's end, or
/// the UPT that accepted the client, for the covering letter and the hand-over record.
async fn addressee_of(
    db: &sea_orm::DatabaseConnection,
    key: &str,
    case: Uuid,
) -> AppResult<String> {
    if key == "permohonan_dukcapil" {
        return Ok("Kepala Dinas Kependudukan dan Pencatatan Sipil".to_owned());
    }
    if let Some(to) = crate::store::journeys::destination(db, case).await?
        && let Some(o) = office::Entity::find_by_id(to).one(db).await?
    {
        return Ok(o.name);
    }
    Ok(crate::store::letter_templates::accepted_upt(db, case)
        .await?
        .unwrap_or_else(|| "Yang bersangkutan".to_owned()))
}

/// The printed form: the office's letterhead, the number left blank for the desk, the text
/// filled in, and the places for the signatures by hand (both parties on a hand-over).
fn sheet_of(
    key: &str,
    office: &office::Model,
    t: &crate::rules::letter_template::Template,
    values: &std::collections::BTreeMap<&'static str, String>,
    addressee: String,
) -> Sheet {
    let today = Utc::now()
        .with_timezone(&crate::store::calendar::zone_of(office))
        .date_naive();
    let handover = key == "berita_acara_serah_terima";
    Sheet {
        office_name: office.name.clone(),
        number: String::new(),
        place_and_date: format!(
            "{}, {} {} {}",
            crate::store::letter_templates::place_of(office),
            today.day(),
            MONTHS[today.month0() as usize],
            today.year()
        ),
        addressee,
        subject: fill(&t.subject, values),
        body: paragraphs(t, values),
        initials: Vec::new(),
        logo: None,
        letterhead_address: office.letterhead_address.clone().unwrap_or_default(),
        letterhead_contact: office.letterhead_contact.clone().unwrap_or_default(),
        nature: t.nature.clone(),
        attachments: t.attachments.clone(),
        basis: t.basis.iter().map(|b| fill(b, values)).collect(),
        copies: t.copies.iter().map(|c| fill(c, values)).collect(),
        signer_title: if handover {
            "PIHAK PERTAMA, yang menyerahkan".to_owned()
        } else {
            "Kepala Dinas".to_owned()
        },
        signer_name: "(................................)".to_owned(),
        signer_rank: None,
        signer_nip: None,
        by_hand: Some(if handover {
            "PIHAK KEDUA, yang menerima".to_owned()
        } else {
            String::new()
        }),
        verify_url: String::new(),
    }
}
