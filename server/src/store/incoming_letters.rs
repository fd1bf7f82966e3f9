//! The incoming agenda book (buku agenda surat masuk): every letter that reaches the
//! office gets the next number of the office's year, in the transaction that records it,
//! and exactly one entry per source record (the unique index on the source says so even if
//! two writers race).
use chrono::{DateTime, NaiveDate, Utc};
use entity::incoming_letter::{self, IncomingSource};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::infra::error::AppResult;
use crate::infra::sequences;

/// The agenda series every incoming entry of an office is numbered in.
pub const SERIES: &str = "AGENDA-IN";

/// What the desk writes in the book for one incoming letter.
pub struct Entry {
    pub office_id: Uuid,
    pub source: IncomingSource,
    pub source_id: Uuid,
    pub received_at: DateTime<Utc>,
    pub sender: String,
    pub sender_number: Option<String>,
    pub sender_date: Option<NaiveDate>,
    pub subject: String,
    pub case_id: Option<Uuid>,
    pub document_id: Option<Uuid>,
    pub recorded_by: Uuid,
}

/// Enters the letter in the book of the year it was received in the office's zone, inside
/// the caller's write transaction; the entry of the same source if it is there already.
pub async fn register(txn: &impl ConnectionTrait, e: Entry) -> AppResult<incoming_letter::Model> {
    if let Some(found) = of_source(txn, e.source, e.source_id).await? {
        return Ok(found);
    }
    let year = crate::store::calendar::office_year(txn, e.office_id, e.received_at).await?;
    let number = sequences::next(txn, e.office_id, SERIES, year).await?;
    Ok(incoming_letter::Model {
        id: Uuid::now_v7(),
        office_id: e.office_id,
        year,
        number,
        source: e.source,
        source_id: e.source_id,
        received_at: e.received_at,
        sender: e.sender,
        sender_number: e.sender_number,
        sender_date: e.sender_date,
        subject: e.subject,
        case_id: e.case_id,
        document_id: e.document_id,
        recorded_by: e.recorded_by,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?)
}

/// The book's entry for a source record, if it has one.
pub async fn of_source(
    db: &impl ConnectionTrait,
    source: IncomingSource,
    source_id: Uuid,
) -> AppResult<Option<incoming_letter::Model>> {
    Ok(incoming_letter::Entity::find()
        .filter(incoming_letter::Column::Source.eq(source))
        .filter(incoming_letter::Column::SourceId.eq(source_id))
        .one(db)
        .await?)
}

/// A case opened from a report: the report's entry now points at the case.
pub async fn link_report_to_case(
    txn: &impl ConnectionTrait,
    report_id: Uuid,
    case_id: Uuid,
) -> AppResult<()> {
    incoming_letter::Entity::update_many()
        .col_expr(incoming_letter::Column::CaseId, Expr::value(case_id))
        .filter(incoming_letter::Column::Source.eq(IncomingSource::Report))
        .filter(incoming_letter::Column::SourceId.eq(report_id))
        .filter(incoming_letter::Column::CaseId.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The first line of a summary, short enough for the book's "perihal" column.
pub fn subject_of(summary: &str) -> String {
    const MAX: usize = 160;
    let line = summary.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= MAX {
        return line.to_owned();
    }
    let cut: String = line.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}
