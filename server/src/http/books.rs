//! `GET /books/{incoming|outgoing|expedition}.pdf?from=2026-01-01&to=2026-12-31` (with
//! `search` and `caseId` as in the GraphQL books): the office's book for a date range,
//! printed in its usual columns. The desk and the heads only; the printing is audited.
use std::collections::HashMap;
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Path, Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use entity::incoming_letter::IncomingSource;
use entity::letter::ReceiverParty;
use entity::user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::http::request::{HttpState, actor, fail, locale_of, request_meta};
use crate::infra::audit::AuditEntry;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::write::UnitOfWork;
use crate::rules::book_pdf::{BookSheet, render};
use crate::rules::letter_pdf::MONTHS;
use crate::store::books::BookFilter;

/// A printed book holds at most this many entries; a longer range is refused with advice.
const MAX_ROWS: u64 = 5000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintParams {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    search: Option<String>,
    case_id: Option<Uuid>,
}

#[derive(Clone, Copy)]
enum Book {
    Incoming,
    Outgoing,
    Expedition,
}

impl Book {
    fn of(name: &str) -> AppResult<Self> {
        match name {
            "incoming.pdf" => Ok(Book::Incoming),
            "outgoing.pdf" => Ok(Book::Outgoing),
            "expedition.pdf" => Ok(Book::Expedition),
            _ => Err(AppError::not_found("Buku", "Book")),
        }
    }
    fn title(self) -> &'static str {
        match self {
            Book::Incoming => "BUKU AGENDA SURAT MASUK",
            Book::Outgoing => "BUKU AGENDA SURAT KELUAR",
            Book::Expedition => "BUKU EKSPEDISI",
        }
    }
    fn slug(self) -> &'static str {
        match self {
            Book::Incoming => "agenda-surat-masuk",
            Book::Outgoing => "agenda-surat-keluar",
            Book::Expedition => "ekspedisi",
        }
    }
}

pub async fn print(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    params: Result<Query<PrintParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_of(&headers);
    let outcome = async {
        let actor = actor(&st, &headers, peer).await?;
        let office = crate::api::books::book_office(&actor)?;
        let book = Book::of(&name)?;
        let Query(p) = params.map_err(|_| {
            AppError::bad_input(Msg::new(
                "Tanggal ditulis tttt-bb-hh: ?from=2026-01-01&to=2026-12-31.",
                "Dates are written yyyy-mm-dd: ?from=2026-01-01&to=2026-12-31.",
            ))
            .with("field", "from")
        })?;
        let db = &st.app.db;
        let office_row = entity::office::Entity::find_by_id(office)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("actor's office missing"))?;
        let zone = crate::store::calendar::zone_of(&office_row);
        let this_year = Utc::now().with_timezone(&zone).year();
        let filter = BookFilter {
            from: p.from.or_else(|| NaiveDate::from_ymd_opt(this_year, 1, 1)),
            to: p.to.or_else(|| NaiveDate::from_ymd_opt(this_year, 12, 31)),
            search: p.search,
            case_id: p.case_id,
        };
        let (rows, ids, receipts) = rows_of(db, office, zone, book, &filter).await?;
        let signatures = signatures_of(&st.app, receipts).await?;
        let sheet = BookSheet {
            title: book.title().to_owned(),
            office_name: office_row.name.clone(),
            period: period_of(&filter),
            columns: columns_of(book),
            rows,
            pictures: Vec::new(),
        };
        let bytes = tokio::task::spawn_blocking(move || {
            let mut sheet = sheet;
            // A picture that cannot be read stays out; its row says the photo is kept.
            sheet.pictures = signatures
                .into_iter()
                .filter_map(|(row, bytes)| {
                    crate::rules::photos::rgb_of(&bytes).ok().map(|p| (row, p))
                })
                .collect();
            render(&sheet)
        })
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
        let meta = request_meta(&st.app, &headers, peer);
        let mut uow = UnitOfWork::begin(&st.app).await?;
        uow.audit(
            &meta,
            Some(&actor.audit_actor()),
            AuditEntry::new("book.print", "office", office)
                .office(Some(office))
                .details(json!({
                    "book": book.slug(), "from": filter.from, "to": filter.to,
                    "search": filter.search, "caseId": filter.case_id, "entries": ids,
                })),
        )
        .await?;
        uow.commit().await?;
        Ok::<_, AppError>((book, filter, bytes))
    }
    .await;
    match outcome {
        Ok((book, filter, bytes)) => {
            let file = format!(
                "{}_{}_{}.pdf",
                book.slug(),
                filter.from.map(|d| d.to_string()).unwrap_or_default(),
                filter.to.map(|d| d.to_string()).unwrap_or_default()
            );
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"{file}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => fail(e, locale),
    }
}

fn columns_of(book: Book) -> Vec<(&'static str, f32)> {
    match book {
        Book::Incoming => vec![
            ("No. Agenda", 18.0),
            ("Tanggal diterima", 22.0),
            ("Asal surat", 45.0),
            ("Nomor dan tanggal surat", 40.0),
            ("Perihal", 92.0),
            ("Keterangan", 50.0),
        ],
        Book::Outgoing => vec![
            ("No. Agenda", 18.0),
            ("Tanggal", 22.0),
            ("Nomor surat", 45.0),
            ("Kepada", 55.0),
            ("Perihal", 77.0),
            ("Ditandatangani", 50.0),
        ],
        Book::Expedition => vec![
            ("No.", 14.0),
            ("Tanggal kirim", 22.0),
            ("Nomor surat", 40.0),
            ("Kepada", 42.0),
            ("Perihal", 49.0),
            ("Pembawa", 30.0),
            ("Diterima oleh, tanggal", 40.0),
            ("Tanda tangan", 30.0),
        ],
    }
}

/// The most signatures a printed expedition book shows as pictures (the rest say the
/// photo is kept): the thumbnails are held in memory while the PDF is made.
const MAX_PICTURES: usize = 300;

/// The thumbnails of the receivers' signature photos, by row.
async fn signatures_of(
    app: &crate::infra::state::AppState,
    receipts: Vec<(usize, Uuid)>,
) -> AppResult<Vec<(usize, Vec<u8>)>> {
    use object_store::ObjectStoreExt;
    let docs =
        crate::store::documents::by_ids(&app.db, receipts.iter().map(|(_, id)| *id).collect())
            .await?;
    let mut out = Vec::new();
    for (row, id) in receipts.into_iter().take(MAX_PICTURES) {
        let Some(key) = docs
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.thumbnail_key.clone())
        else {
            continue;
        };
        let got = app
            .storage
            .store
            .get(&object_store::path::Path::from(key.as_str()))
            .await
            .map_err(AppError::internal)?;
        out.push((row, got.bytes().await.map_err(AppError::internal)?.to_vec()));
    }
    Ok(out)
}

/// The book's rows as printed, the ids of the records they show (for the audit), and the
/// expedition rows' signature photos (row, document).
async fn rows_of(
    db: &sea_orm::DatabaseConnection,
    office: Uuid,
    zone: FixedOffset,
    book: Book,
    filter: &BookFilter,
) -> AppResult<(Vec<Vec<String>>, Vec<Uuid>, Vec<(usize, Uuid)>)> {
    let day = |t: DateTime<Utc>| t.with_timezone(&zone).format("%d/%m/%Y").to_string();
    let too_many = || {
        AppError::bad_input(Msg::new(
            format!("Lebih dari {MAX_ROWS} entri; cetak untuk rentang tanggal yang lebih pendek."),
            format!("More than {MAX_ROWS} entries; print a shorter range of dates."),
        ))
        .with("field", "from")
    };
    if let Book::Incoming = book {
        let entries =
            crate::store::books::incoming_page(db, office, zone, filter, None, MAX_ROWS).await?;
        if entries.len() as u64 > MAX_ROWS {
            return Err(too_many());
        }
        let ids = entries.iter().map(|e| e.id).collect();
        let rows = entries
            .into_iter()
            .map(|e| {
                let reference = match (&e.sender_number, e.sender_date) {
                    (Some(n), Some(d)) => format!("{n}, {}", d.format("%d/%m/%Y")),
                    (Some(n), None) => n.clone(),
                    (None, Some(d)) => d.format("%d/%m/%Y").to_string(),
                    (None, None) => "-".to_owned(),
                };
                let mut note = source_label(e.source).to_owned();
                if e.document_id.is_some() {
                    note.push_str("; pindaian tersimpan");
                }
                vec![
                    format!("{:03}/{}", e.number, e.year),
                    day(e.received_at),
                    e.sender,
                    reference,
                    e.subject,
                    note,
                ]
            })
            .collect();
        return Ok((rows, ids, Vec::new()));
    }
    let letters =
        crate::store::books::outgoing_page(db, office, zone, filter, None, MAX_ROWS).await?;
    if letters.len() as u64 > MAX_ROWS {
        return Err(too_many());
    }
    let people: Vec<Uuid> = letters.iter().filter_map(|l| l.signed_by).collect();
    let names = names_of(db, people).await?;
    let ids = letters.iter().map(|l| l.id).collect();
    let receipts = match book {
        Book::Expedition => letters
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.receipt_document_id.map(|d| (i, d)))
            .collect(),
        _ => Vec::new(),
    };
    let rows = letters
        .into_iter()
        .map(|l| {
            let date = l.numbered_at.map(day).unwrap_or_default();
            let number = l.number.clone().unwrap_or_default();
            let year = l.year.unwrap_or_default();
            match book {
                Book::Expedition => {
                    let received = match (&l.received_by_name, l.handed_over_at) {
                        (Some(n), Some(at)) => format!(
                            "{n}{}, {}",
                            l.receiver_party
                                .map(|p| format!(" ({})", party_label(p)))
                                .unwrap_or_default(),
                            day(at)
                        ),
                        _ => format!(
                            "belum diserahkan{}",
                            l.recipient
                                .as_ref()
                                .map(|r| format!(" (untuk {r})"))
                                .unwrap_or_default()
                        ),
                    };
                    vec![
                        format!("{:03}/{year}", l.expedition_number.unwrap_or_default()),
                        date,
                        number,
                        l.addressee,
                        l.subject,
                        l.carried_by.unwrap_or_else(|| "-".to_owned()),
                        received,
                        if l.receipt_document_id.is_some() {
                            "foto tanda tangan tersimpan".to_owned()
                        } else {
                            String::new()
                        },
                    ]
                }
                _ => vec![
                    format!("{:03}/{year}", l.agenda_number.unwrap_or_default()),
                    date,
                    number,
                    l.addressee,
                    l.subject,
                    l.signed_by
                        .and_then(|id| names.get(&id).cloned())
                        .unwrap_or_default(),
                ],
            }
        })
        .collect();
    Ok((rows, ids, receipts))
}

/// Full names of the users, by id, in one read.
async fn names_of(
    db: &sea_orm::DatabaseConnection,
    ids: Vec<Uuid>,
) -> AppResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect())
}

fn period_of(f: &BookFilter) -> String {
    let long = |d: NaiveDate| format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year());
    match (f.from, f.to) {
        (Some(a), Some(b)) => format!("{} s.d. {}", long(a), long(b)),
        (Some(a), None) => format!("sejak {}", long(a)),
        (None, Some(b)) => format!("sampai {}", long(b)),
        (None, None) => "semua".to_owned(),
    }
}

fn source_label(s: IncomingSource) -> &'static str {
    match s {
        IncomingSource::Report => "Laporan / permohonan",
        IncomingSource::UptAnswer => "Jawaban UPT atas rujukan",
        IncomingSource::UptAdmission => "Konfirmasi penerimaan UPT",
        IncomingSource::LksApplication => "Permohonan rekomendasi LKS",
        IncomingSource::DukcapilAnswer => "Jawaban Dukcapil",
    }
}

fn party_label(p: ReceiverParty) -> &'static str {
    match p {
        ReceiverParty::Client => "klien",
        ReceiverParty::Family => "keluarga",
        ReceiverParty::Upt => "UPT",
        ReceiverParty::Lks => "LKS",
        ReceiverParty::Office => "instansi",
    }
}
