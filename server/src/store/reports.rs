//! Reports and applications (laporan / permohonan) of an office's incoming-letter agenda.
use entity::report;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// A report of the office, or None.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<report::Model>> {
    Ok(report::Entity::find_by_id(id)
        .filter(report::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// A page of the office's reports, newest first, after the report `after`, optionally of
/// one client: `first` and one more, so the caller can tell whether more follow.
pub async fn page_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    client_id: Option<Uuid>,
    after: Option<Uuid>,
    first: u64,
) -> AppResult<Vec<report::Model>> {
    let mut q = report::Entity::find()
        .filter(report::Column::OfficeId.eq(office))
        .order_by_desc(report::Column::Id)
        .limit(first + 1);
    if let Some(after) = after {
        q = q.filter(report::Column::Id.lt(after));
    }
    if let Some(c) = client_id {
        q = q.filter(report::Column::ClientId.eq(c));
    }
    Ok(q.all(db).await?)
}

/// Inserts a report inside the caller's write transaction, entered in the office's incoming
/// agenda book first: the report carries the entry's number and year.
pub async fn enter(txn: &impl ConnectionTrait, r: report::Model) -> AppResult<report::Model> {
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let entry = crate::store::incoming_letters::register(
        txn,
        crate::store::incoming_letters::Entry {
            office_id: r.office_id,
            source: entity::incoming_letter::IncomingSource::Report,
            source_id: r.id,
            received_at: r.received_at,
            sender: r
                .reporter_name
                .clone()
                .unwrap_or_else(|| sender_of(r.reporter_type).to_owned()),
            sender_number: r.reference_letter_number.clone(),
            sender_date: r.reference_letter_date,
            subject: crate::store::incoming_letters::subject_of(&r.summary),
            case_id: None,
            document_id: None,
            recorded_by: r.received_by,
        },
    )
    .await?;
    let mut row = r.into_active_model().reset_all();
    row.agenda_year = sea_orm::Set(entry.year);
    row.agenda_number = sea_orm::Set(entry.number);
    Ok(row.insert(txn).await?)
}

/// The book's "asal surat" for a report whose reporter gave no name.
fn sender_of(t: entity::report::ReporterType) -> &'static str {
    use entity::report::ReporterType::*;
    match t {
        Client => "Klien / keluarga",
        Police => "Kepolisian",
        SatpolPp => "Satpol PP",
        Kelurahan => "Kelurahan / desa",
        Public => "Masyarakat",
        Tksk => "TKSK",
        OtherDinsos => "Dinas Sosial lain",
    }
}
