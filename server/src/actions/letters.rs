//! Letters (surat): drafted in a case, initialled and signed through the approvals ledger,
//! then numbered by the server from the office's template (or given a checked paper number),
//! entered in the outgoing agenda book and the expedition book, and handed over. The
//! sequence runs per office, series and year, taken inside the issuing transaction, so it
//! never has a gap (a failed transaction takes its number back) and never a duplicate.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entity::letter::ReceiverParty;
use entity::{Role, letter, letter_series};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;

use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::write::{self, Call};
use crate::infra::{idempotency, sequences};
use crate::rules::letter_number::NumberParts;

/// Roles that number and register outgoing letters (staf / kasi at the agenda desk).
pub const NUMBERING: &[Role] = &[Role::Staf, Role::Kasi];

#[derive(Clone, Debug, Serialize)]
pub struct Issue {
    pub letter_id: Uuid,
    /// A number typed in from a paper letter; the server's sequence otherwise.
    pub manual_number: Option<String>,
    /// Who the letter is handed to (expedition book).
    pub recipient: String,
}

/// Numbers a signed letter, stamps it into the outgoing agenda and expedition books, in one
/// transaction; replay-safe by `key`.
pub async fn issue(call: &Call<'_>, input: Issue) -> AppResult<letter::Model> {
    let (state, actor) = (call.state, call.actor);
    actor.require_role(NUMBERING)?;
    let office = actor
        .office_id()
        .ok_or_else(|| AppError::not_found("Surat", "Letter"))?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, found)) =
        begin_on_letter(call, "issueLetter", &hash, office, input.letter_id).await?
    else {
        return letter_in_office(&state.db, office, input.letter_id).await;
    };
    let txn = uow.txn();
    ensure_issuable(&found)?;
    let recipient = input.recipient.trim().to_owned();
    if recipient.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Isi penerima surat (untuk buku ekspedisi).",
            "Fill in who receives the letter (for the expedition book).",
        ))
        .with("field", "recipient"));
    }
    let today = office_today(txn, office).await?;
    let numbering = number_for(
        txn,
        office,
        &found.series,
        input.manual_number.as_deref(),
        today,
    )
    .await?;
    let year = today.year();
    let agenda = sequences::next(txn, office, "AGENDA-OUT", year).await?;
    let expedition = sequences::next(txn, office, "EXPEDITION", year).await?;
    let mut row = found.into_active_model();
    row.number = sea_orm::Set(Some(numbering.number.clone()));
    row.sequence = sea_orm::Set(numbering.sequence);
    row.year = sea_orm::Set(Some(year));
    row.numbered_manually = sea_orm::Set(numbering.manual);
    row.numbered_by = sea_orm::Set(Some(actor.user.id));
    row.numbered_at = sea_orm::Set(Some(Utc::now()));
    row.agenda_number = sea_orm::Set(Some(agenda));
    row.expedition_number = sea_orm::Set(Some(expedition));
    row.recipient = sea_orm::Set(Some(recipient));
    let numbered = row.update(txn).await?;
    let updated =
        crate::store::letters::attach_pdf(txn, state, actor.user.id, numbered, today).await?;
    let entry = AuditEntry::new("letter.issue", "letter", updated.id)
        .office(Some(office))
        .details(json!({
            "number": numbering.number, "manual": numbering.manual, "caseId": updated.case_id,
            "agenda": agenda, "expedition": expedition,
        }));
    write::finish(call, uow, "issueLetter", &hash, updated.id, entry).await?;
    Ok(updated)
}

/// Roles that hand a letter over and record who signed for it: the desk, and the field
/// workers who take it to the UPT or the family.
pub const HANDING_OVER: &[Role] = &[Role::Staf, Role::Kasi, Role::Peksos, Role::Pendamping];

#[derive(Clone, Debug, Serialize)]
pub struct Handover {
    pub letter_id: Uuid,
    pub receiver_party: ReceiverParty,
    /// The name of whoever signed for it.
    pub received_by_name: String,
    /// Who took it there (the pembawa of the expedition book); the recorder when empty.
    pub carried_by: Option<String>,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// A photo of the receiver's signature, or of the signed expedition page (TANDA_TERIMA).
    pub receipt_document_id: Uuid,
}

/// Records that an issued letter was handed over and signed for (seed 000 step 6:
/// "diserahkan kepada klien"), in the expedition book and on the case; once per letter.
pub async fn record_handover(call: &Call<'_>, input: Handover) -> AppResult<letter::Model> {
    let actor = call.actor;
    actor.require_role(HANDING_OVER)?;
    let office = crate::infra::auth::casework_office(actor)?;
    let hash = idempotency::hash_input(&input);
    let received_by = crate::infra::text::trimmed(Some(input.received_by_name.clone()))
        .ok_or_else(|| {
            AppError::bad_input(Msg::new(
                "Tulis nama penerima surat yang menandatangani tanda terima.",
                "Write the name of whoever signed for the letter.",
            ))
            .with("field", "receivedByName")
        })?;
    let at = input.handed_over_at.unwrap_or_else(Utc::now);
    crate::infra::error::not_in_future(at, "handedOverAt")?;
    let Some((uow, found)) =
        begin_on_letter(call, "recordLetterHandover", &hash, office, input.letter_id).await?
    else {
        return letter_in_office(&call.state.db, office, input.letter_id).await;
    };
    let txn = uow.txn();
    if found.number.is_none() {
        return Err(AppError::precondition(Msg::new(
            "Surat belum bernomor; serahkan sesudah dicatat di buku agenda.",
            "The letter has no number yet; hand it over after it is entered in the book.",
        )));
    }
    if let Some(name) = &found.received_by_name {
        return Err(AppError::conflict(Msg::new(
            format!("Surat ini sudah diterima oleh {name}."),
            format!("This letter was already signed for by {name}."),
        )));
    }
    receipt_photo(txn, office, input.receipt_document_id).await?;
    let carried_by = crate::infra::text::trimmed(input.carried_by.clone())
        .unwrap_or_else(|| actor.user.full_name.clone());
    let mut row = found.into_active_model();
    row.receiver_party = sea_orm::Set(Some(input.receiver_party));
    row.received_by_name = sea_orm::Set(Some(received_by));
    row.carried_by = sea_orm::Set(Some(carried_by));
    row.handed_over_at = sea_orm::Set(Some(at));
    row.handed_over_by = sea_orm::Set(Some(actor.user.id));
    row.receipt_document_id = sea_orm::Set(Some(input.receipt_document_id));
    let updated = row.update(txn).await?;
    let entry = AuditEntry::new("letter.handover", "letter", updated.id)
        .office(Some(office))
        .details(json!({
            "caseId": updated.case_id, "party": input.receiver_party,
            "expedition": updated.expedition_number,
        }));
    write::finish(call, uow, "recordLetterHandover", &hash, updated.id, entry).await?;
    Ok(updated)
}

/// The receiver's signature: a TANDA_TERIMA photo of the office.
async fn receipt_photo(db: &impl ConnectionTrait, office: Uuid, id: Uuid) -> AppResult<()> {
    let doc = entity::document::Entity::find_by_id(id)
        .filter(entity::document::Column::OfficeId.eq(office))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::not_found("Berkas", "Document").with("field", "receiptDocumentId")
        })?;
    if doc.kind != entity::document_kind::DocumentKind::TandaTerima {
        return Err(AppError::bad_input(Msg::new(
            "Foto tanda tangan penerima diunggah sebagai berkas jenis TANDA_TERIMA.",
            "The receiver's signature is uploaded as a TANDA_TERIMA document.",
        ))
        .with("field", "receiptDocumentId"));
    }
    Ok(())
}

/// The office's letter `id`, NOT_FOUND for another office's.
async fn letter_in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<letter::Model> {
    letter::Entity::find_by_id(id)
        .filter(letter::Column::OfficeId.eq(office))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Surat", "Letter"))
}

/// Opens the write of `operation` on the office's letter `id`, its row taken (see
/// [`take_letter`]); None when the call is a replay.
async fn begin_on_letter(
    call: &Call<'_>,
    operation: &str,
    hash: &str,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<(write::UnitOfWork, letter::Model)>> {
    let Some(uow) = write::begin(call, operation, hash).await? else {
        return Ok(None);
    };
    let found = take_letter(uow.txn(), office, id).await?;
    Ok(Some((uow, found)))
}

/// Takes the case's row first (as everything changing a case does), then the letter's: two
/// desks issuing one letter are served in turn, and the second finds it numbered.
async fn take_letter(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<letter::Model> {
    if let Some(case) = letter::Entity::find_by_id(id)
        .filter(letter::Column::OfficeId.eq(office))
        .one(db)
        .await?
        .and_then(|l| l.case_id)
    {
        crate::infra::changes::lock_case_row(db, Some(office), case).await?;
    }
    letter::Entity::update_many()
        .col_expr(letter::Column::Series, Expr::col(letter::Column::Series))
        .filter(letter::Column::Id.eq(id))
        .filter(letter::Column::OfficeId.eq(office))
        .exec(db)
        .await?;
    letter_in_office(db, office, id).await
}

/// A letter is numbered once, and only after it is signed.
fn ensure_issuable(found: &letter::Model) -> AppResult<()> {
    if found.signed_at.is_none() {
        return Err(AppError::precondition(Msg::new(
            "Surat belum ditandatangani; nomor diberikan sesudah tanda tangan.",
            "The letter is not signed yet; it is numbered after the signature.",
        )));
    }
    if let Some(n) = &found.number {
        return Err(AppError::conflict(Msg::new(
            format!("Surat ini sudah bernomor {n}."),
            format!("This letter already has the number {n}."),
        )));
    }
    Ok(())
}

/// The office's local date: a letter numbered at 06:00 WIB on 1 January is of the new year.
async fn office_today(db: &impl ConnectionTrait, office: Uuid) -> AppResult<NaiveDate> {
    Ok(Utc::now()
        .with_timezone(&crate::store::calendar::office_zone(db, office).await?)
        .date_naive())
}

/// The number a letter gets, and whether it came from the series sequence or from paper.
struct Numbering {
    number: String,
    /// The series sequence number; `None` for a number typed in from paper.
    sequence: Option<i32>,
    manual: bool,
}

/// A typed paper number if one is given (refused when another letter has it), else the
/// series' next number.
async fn number_for(
    db: &impl ConnectionTrait,
    office: Uuid,
    series: &str,
    manual_number: Option<&str>,
    today: NaiveDate,
) -> AppResult<Numbering> {
    match manual_number.map(str::trim) {
        Some(typed) if !typed.is_empty() => {
            if taken(db, office, typed).await? {
                return Err(clash(typed));
            }
            Ok(Numbering {
                number: typed.to_owned(),
                sequence: None,
                manual: true,
            })
        }
        _ => next_in_series(db, office, series, today).await,
    }
}

/// The series' next free number, from the office's template for it.
async fn next_in_series(
    db: &impl ConnectionTrait,
    office: Uuid,
    series_name: &str,
    today: NaiveDate,
) -> AppResult<Numbering> {
    let series = letter_series::Entity::find_by_id((office, series_name.to_owned()))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::precondition(Msg::new(
                format!(
                    "Format nomor untuk seri '{}' belum diatur; minta admin mengaturnya.",
                    series_name
                ),
                format!(
                    "No number format is set for the series '{}'; ask the admin to set it.",
                    series_name
                ),
            ))
        })?;
    let parts = NumberParts {
        kka: series.kka,
        suffix: series.suffix,
        unit: series.unit,
        series: series.series,
    };
    // A paper number typed in earlier may hold the next one: it is skipped, since
    // that number is in the book already.
    for _ in 0..1000 {
        let (seq, number) =
            crate::store::letters::allocate(db, office, &series.template, &parts, today).await?;
        if !taken(db, office, &number).await? {
            return Ok(Numbering {
                number,
                sequence: Some(seq),
                manual: false,
            });
        }
    }
    Err(AppError::internal("no free letter number in 1000 tries"))
}

async fn taken(db: &impl ConnectionTrait, office: Uuid, number: &str) -> AppResult<bool> {
    Ok(letter::Entity::find()
        .filter(letter::Column::OfficeId.eq(office))
        .filter(letter::Column::Number.eq(number))
        .one(db)
        .await?
        .is_some())
}

fn clash(number: &str) -> AppError {
    AppError::conflict(Msg::new(
        format!("Nomor surat {number} sudah dipakai surat lain di kantor ini."),
        format!("The letter number {number} is already used by another letter of this office."),
    ))
    .with("field", "manualNumber")
}
