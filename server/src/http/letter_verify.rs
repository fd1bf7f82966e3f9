//! Verifiable letters. When a letter is numbered its PDF is made and kept as a document
//! with its sha256, under an unguessable code; the QR code on the letter points to
//! `PUBLIC_URL/verify/{code}`. Anyone may ask, by code (`verifyLetter`, `GET /verify/{code}`)
//! or by the file itself (`POST /verify`), whether a letter is genuine: the answer gives its
//! number, date, office and signatory, and nothing about the person it concerns.
use async_graphql::{Context, Object, SimpleObject};
use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use chrono::{Datelike, NaiveDate};
use entity::{Role, client, document_kind::DocumentKind, letter, office, service_case, user};
use futures_util::StreamExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::rules::letter_pdf::{MONTHS, Sheet, render};
use crate::api::context::ContextExt;
use crate::infra::error::{AppError, AppResult};
use crate::http::HttpState;
use crate::infra::state::AppState;

fn title_of(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Sekretaris) => "a.n. Kepala Dinas, Sekretaris Dinas",
        _ => "Kepala Dinas",
    }
}

/// Where a letter's QR code points: the public page that tells whether it is genuine.
pub fn url_of(public_url: &str, code: &str) -> String {
    format!("{public_url}/verify/{code}")
}

/// Makes the letter's PDF, stores it as a document of the office, and gives the letter its
/// verification code and the PDF's sha256, inside the issuing transaction.
pub async fn attach_pdf(
    txn: &impl ConnectionTrait,
    state: &AppState,
    issuer: Uuid,
    l: letter::Model,
    date: NaiveDate,
) -> AppResult<letter::Model> {
    let office = office::Entity::find_by_id(l.office_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("letter without office"))?;
    let signer = match l.signed_by {
        Some(id) => user::Entity::find_by_id(id).one(txn).await?,
        None => None,
    };
    let client = match l.case_id {
        Some(case) => match service_case::Entity::find_by_id(case).one(txn).await? {
            Some(c) => match c.client_id {
                Some(id) => client::Entity::find_by_id(id).one(txn).await?,
                None => None,
            },
            None => None,
        },
        None => None,
    };
    let code = Uuid::new_v4().simple().to_string().to_uppercase();
    let place = office
        .name
        .trim_start_matches("Dinas Sosial ")
        .trim_start_matches("Provinsi ")
        .trim_start_matches("Kota ")
        .trim_start_matches("Kabupaten ")
        .to_owned();
    let application = match l.case_id {
        Some(case) => crate::store::lks_applications::of_case(txn, case).await?,
        None => None,
    };
    let about = match (&client, &application) {
        (Some(c), _) => format!(" atas nama {}", crate::rules::client_record::display_name(c)),
        (None, Some((a, lks))) => format!(" kepada {} untuk {}", lks.name, a.purpose),
        (None, None) => String::new(),
    };
    let application = application.map(|(a, _)| a);
    let sheet = Sheet {
        office_name: office.name.clone(),
        number: l.number.clone().unwrap_or_default(),
        place_and_date: format!(
            "{place}, {} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
        addressee: if l.addressee.is_empty() {
            "Yang bersangkutan".to_owned()
        } else {
            l.addressee.clone()
        },
        subject: l.subject.clone(),
        body: vec![
            "Dengan hormat,".to_owned(),
            format!(
                "Bersama ini {} menyampaikan {}{about}, sesuai Standar Operasional Prosedur yang berlaku.",
                office.name,
                l.subject.to_lowercase()
            ),
            "Demikian surat ini disampaikan untuk dipergunakan sebagaimana mestinya.".to_owned(),
        ],
        signer_title: title_of(l.signer_role).to_owned(),
        signer_name: signer.map(|u| u.full_name).unwrap_or_default(),
        verify_url: url_of(&state.config.public_url, &code),
    };
    let bytes = tokio::task::spawn_blocking(move || render(&sheet))
        .await
        .map_err(AppError::internal)??;
    let doc = crate::actions::documents::store_generated(
        txn,
        state,
        crate::actions::documents::Generated {
            office_id: l.office_id,
            kind: DocumentKind::Letter,
            client_id: client.map(|c| c.id),
            lks_application_id: application.as_ref().map(|a| a.id),
            bytes,
            content_type: "application/pdf",
            by: issuer,
        },
    )
    .await?;
    let mut row = l.into_active_model();
    row.verify_code = sea_orm::Set(Some(code));
    row.document_id = sea_orm::Set(Some(doc.id));
    row.pdf_sha256 = sea_orm::Set(Some(doc.sha256));
    Ok(row.update(txn).await?)
}

/// What anyone may learn of a letter: whether it is genuine, and its public facts.
#[derive(SimpleObject, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LetterVerification {
    /// True only for a letter this server numbered and signed (and, for a file, exactly
    /// its bytes).
    pub genuine: bool,
    pub number: Option<String>,
    /// The date the letter was numbered (office time).
    pub date: Option<NaiveDate>,
    pub office_name: Option<String>,
    pub signer_name: Option<String>,
    pub signer_role: Option<Role>,
}

async fn verification(
    db: &impl ConnectionTrait,
    found: Option<letter::Model>,
) -> AppResult<LetterVerification> {
    let Some(l) = found.filter(|l| l.number.is_some() && l.signed_at.is_some()) else {
        return Ok(LetterVerification::default());
    };
    let office = office::Entity::find_by_id(l.office_id).one(db).await?;
    let signer = match l.signed_by {
        Some(id) => user::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let date = match (&office, l.numbered_at) {
        (Some(o), Some(at)) => chrono::FixedOffset::east_opt(
            crate::store::calendar::utc_offset_hours(&o.timezone) * 3600,
        )
        .map(|z| at.with_timezone(&z).date_naive()),
        _ => None,
    };
    Ok(LetterVerification {
        genuine: true,
        number: l.number,
        date,
        office_name: office.map(|o| o.name),
        signer_name: signer.map(|u| u.full_name),
        signer_role: l.signer_role,
    })
}

pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> AppResult<LetterVerification> {
    let code = code.trim().to_uppercase();
    if code.is_empty() || code.len() > 40 {
        return Ok(LetterVerification::default());
    }
    let found = letter::Entity::find()
        .filter(letter::Column::VerifyCode.eq(code))
        .one(db)
        .await?;
    verification(db, found).await
}

pub async fn by_sha256(db: &impl ConnectionTrait, sha256: &str) -> AppResult<LetterVerification> {
    let found = letter::Entity::find()
        .filter(letter::Column::PdfSha256.eq(sha256))
        .one(db)
        .await?;
    verification(db, found).await
}

#[derive(Default)]
pub struct VerifyQuery;

#[Object]
impl VerifyQuery {
    /// Public (no login): whether the letter with this code (from its QR code) is genuine,
    /// with its number, date, office and signatory.
    async fn verify_letter(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> AppResult<LetterVerification> {
        by_code(&ctx.app().db, &code).await
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /verify/{code}`: the page the QR code opens.
pub async fn page(State(st): State<HttpState>, Path(code): Path<String>) -> Response {
    let v = match by_code(&st.app.db, &code).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(code = ?e.code, "verify page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let rows = if v.genuine {
        let row = |k: &str, val: Option<String>| {
            format!(
                "<tr><th>{k}</th><td>{}</td></tr>",
                escape(&val.unwrap_or_default())
            )
        };
        format!(
            "<p class=ok>ASLI — surat ini diterbitkan oleh sistem Layanan Rehsos.<br><small>Genuine: this letter was issued by the Layanan Rehsos system.</small></p><table>{}{}{}{}</table>",
            row("Nomor / Number", v.number.clone()),
            row("Tanggal / Date", v.date.map(|d| d.to_string())),
            row("Kantor / Office", v.office_name.clone()),
            row(
                "Penandatangan / Signed by",
                v.signer_name
                    .clone()
                    .map(|n| format!("{n} ({})", title_of(v.signer_role)))
            ),
        )
    } else {
        "<p class=bad>TIDAK DIKENAL — tidak ada surat dengan kode ini.<br><small>Unknown: no letter has this code; it is not a genuine letter of this system.</small></p>".to_owned()
    };
    let status = if v.genuine {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let html = format!(
        "<!doctype html><html lang=id><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>Verifikasi surat</title><style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}.ok{{color:#075e2b}}.bad{{color:#9b1c1c}}th{{text-align:left;padding-right:1rem}}</style></head><body><h1>Verifikasi surat</h1>{rows}</body></html>"
    );
    (status, Html(html)).into_response()
}

/// `POST /verify` with a PDF as the body: whether exactly these bytes are a genuine letter.
pub async fn file(State(st): State<HttpState>, body: Body) -> Response {
    let limit = st.app.config.max_document_bytes;
    let mut hasher = Sha256::new();
    let mut size = 0usize;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        size += chunk.len();
        if size > limit {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        }
        hasher.update(&chunk);
    }
    let sha = crate::infra::text::hex(&hasher.finalize());
    match by_sha256(&st.app.db, &sha).await {
        Ok(v) => ([(header::CACHE_CONTROL, "no-store")], Json(v)).into_response(),
        Err(e) => {
            tracing::error!(code = ?e.code, "verify file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
