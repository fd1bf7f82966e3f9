//! Letters (surat): drafted in a case, initialled and signed through the approvals ledger,
//! then numbered by the server from the office's template (or given a checked paper number),
//! entered in the outgoing agenda book and the expedition book, and handed over. The
//! sequence runs per office, series and year, taken inside the issuing transaction, so it
//! never has a gap (a failed transaction takes its number back) and never a duplicate.

use chrono::{Datelike, Utc};
use entity::{Role, letter, letter_series};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;

use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;
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
pub async fn issue(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    key: Uuid,
    input: Issue,
) -> AppResult<letter::Model> {
    actor.require_role(NUMBERING)?;
    let office = actor
        .office_id()
        .ok_or_else(|| AppError::not_found("Surat", "Letter"))?;
    let hash = idempotency::hash_input(&input);
    let mut uow = UnitOfWork::begin(state).await?;
    let find =
        letter::Entity::find_by_id(input.letter_id).filter(letter::Column::OfficeId.eq(office));
    if idempotency::replayed(uow.txn(), key, "issueLetter", &hash)
        .await?
        .is_some()
    {
        return find
            .one(uow.txn())
            .await?
            .ok_or_else(|| AppError::not_found("Surat", "Letter"));
    }
    // The case's row first (as everything changing a case does), then the letter's: two
    // desks issuing one letter are served in turn, and the second finds it numbered.
    if let Some(case) = letter::Entity::find_by_id(input.letter_id)
        .filter(letter::Column::OfficeId.eq(office))
        .one(uow.txn())
        .await?
        .and_then(|l| l.case_id)
    {
        crate::infra::changes::lock_case_row(uow.txn(), Some(office), case).await?;
    }
    letter::Entity::update_many()
        .col_expr(letter::Column::Series, Expr::col(letter::Column::Series))
        .filter(letter::Column::Id.eq(input.letter_id))
        .filter(letter::Column::OfficeId.eq(office))
        .exec(uow.txn())
        .await?;
    let found = find
        .one(uow.txn())
        .await?
        .ok_or_else(|| AppError::not_found("Surat", "Letter"))?;
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
    let recipient = input.recipient.trim().to_owned();
    if recipient.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Isi penerima surat (untuk buku ekspedisi).",
            "Fill in who receives the letter (for the expedition book).",
        ))
        .with("field", "recipient"));
    }
    // The office's local date: a letter numbered at 06:00 WIB on 1 January is of the new year.
    let today = Utc::now()
        .with_timezone(
            &crate::store::calendar::office_calendar(uow.txn(), office)
                .await?
                .offset,
        )
        .date_naive();
    let (number, sequence, manual) = match input.manual_number.as_deref().map(str::trim) {
        Some(typed) if !typed.is_empty() => {
            if taken(uow.txn(), office, typed).await? {
                return Err(clash(typed));
            }
            (typed.to_owned(), None, true)
        }
        _ => {
            let series = letter_series::Entity::find_by_id((office, found.series.clone()))
                .one(uow.txn())
                .await?
                .ok_or_else(|| {
                    AppError::precondition(Msg::new(
                        format!(
                            "Format nomor untuk seri '{}' belum diatur; minta admin mengaturnya.",
                            found.series
                        ),
                        format!(
                            "No number format is set for the series '{}'; ask the admin to set it.",
                            found.series
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
            let mut next = None;
            for _ in 0..1000 {
                let (seq, number) = crate::store::letters::allocate(
                    uow.txn(),
                    office,
                    &series.template,
                    &parts,
                    today,
                )
                .await?;
                if !taken(uow.txn(), office, &number).await? {
                    next = Some((number, Some(seq), false));
                    break;
                }
            }
            next.ok_or_else(|| AppError::internal("no free letter number in 1000 tries"))?
        }
    };
    let year = today.year();
    let agenda = sequences::next(uow.txn(), office, "AGENDA-OUT", year).await?;
    let expedition = sequences::next(uow.txn(), office, "EXPEDITION", year).await?;
    let mut row = found.into_active_model();
    row.number = sea_orm::Set(Some(number.clone()));
    row.sequence = sea_orm::Set(sequence);
    row.year = sea_orm::Set(Some(year));
    row.numbered_manually = sea_orm::Set(manual);
    row.numbered_by = sea_orm::Set(Some(actor.user.id));
    row.numbered_at = sea_orm::Set(Some(Utc::now()));
    row.agenda_number = sea_orm::Set(Some(agenda));
    row.expedition_number = sea_orm::Set(Some(expedition));
    row.recipient = sea_orm::Set(Some(recipient));
    let numbered = row.update(uow.txn()).await?;
    let updated =
        crate::store::letters::attach_pdf(uow.txn(), state, actor.user.id, numbered, today).await?;
    idempotency::record(
        uow.txn(),
        key,
        actor.user.id,
        "issueLetter",
        &hash,
        updated.id,
    )
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("letter.issue", "letter", updated.id)
            .office(Some(office))
            .details(json!({
                "number": number, "manual": manual, "caseId": updated.case_id,
                "agenda": agenda, "expedition": expedition,
            })),
    )
    .await?;
    uow.commit().await?;
    Ok(updated)
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
