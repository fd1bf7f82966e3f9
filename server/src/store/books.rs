//! The office's books read as registers: the incoming agenda book, and the outgoing agenda
//! book with the expedition book (one row per issued letter carries both numbers). Each is
//! listed in its own order (year, then entry number), narrowed by the office's local dates,
//! a search over the columns a desk reads, and a case.
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use entity::{incoming_letter, letter};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, IntoColumnRef, SimpleExpr},
};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// What to list of a book. Dates are the office's own (its zone), both ends included.
#[derive(Clone, Debug, Default)]
pub struct BookFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub search: Option<String>,
    pub case_id: Option<Uuid>,
}

/// A book's place: the year and the entry number within it.
pub type Place = (i32, i32);

/// The office's incoming entries after `after`, in the book's order: `first` and one more.
pub async fn incoming_page(
    db: &impl ConnectionTrait,
    office: Uuid,
    zone: FixedOffset,
    f: &BookFilter,
    after: Option<Place>,
    first: u64,
) -> AppResult<Vec<incoming_letter::Model>> {
    use incoming_letter::Column as C;
    let mut q = incoming_letter::Entity::find()
        .filter(C::OfficeId.eq(office))
        .order_by_asc(C::Year)
        .order_by_asc(C::Number)
        .limit(first + 1);
    if let Some((year, number)) = after {
        q = q.filter(after_place(C::Year, C::Number, year, number));
    }
    let (start, end) = bounds(zone, f);
    if let Some(start) = start {
        q = q.filter(C::ReceivedAt.gte(start));
    }
    if let Some(end) = end {
        q = q.filter(C::ReceivedAt.lt(end));
    }
    if let Some(case) = f.case_id {
        q = q.filter(C::CaseId.eq(case));
    }
    if let Some(typed) = search_of(f) {
        q = q.filter(matching(
            &typed,
            [C::Sender, C::Subject, C::SenderNumber],
            C::Number,
        ));
    }
    Ok(q.all(db).await?)
}

/// The office's issued letters after `after`, in the outgoing book's order (the expedition
/// book numbers them in the same order): `first` and one more.
pub async fn outgoing_page(
    db: &impl ConnectionTrait,
    office: Uuid,
    zone: FixedOffset,
    f: &BookFilter,
    after: Option<Place>,
    first: u64,
) -> AppResult<Vec<letter::Model>> {
    use letter::Column as C;
    let mut q = letter::Entity::find()
        .filter(C::OfficeId.eq(office))
        .filter(C::AgendaNumber.is_not_null())
        .order_by_asc(C::Year)
        .order_by_asc(C::AgendaNumber)
        .limit(first + 1);
    if let Some((year, number)) = after {
        q = q.filter(after_place(C::Year, C::AgendaNumber, year, number));
    }
    let (start, end) = bounds(zone, f);
    if let Some(start) = start {
        q = q.filter(C::NumberedAt.gte(start));
    }
    if let Some(end) = end {
        q = q.filter(C::NumberedAt.lt(end));
    }
    if let Some(case) = f.case_id {
        q = q.filter(C::CaseId.eq(case));
    }
    if let Some(typed) = search_of(f) {
        q = q.filter(matching(
            &typed,
            [C::Number, C::Addressee, C::Subject, C::ReceivedByName],
            C::AgendaNumber,
        ));
    }
    Ok(q.all(db).await?)
}

/// Rows after (year, number) in the book's order.
fn after_place<C: ColumnTrait>(year_col: C, number_col: C, year: i32, number: i32) -> Condition {
    Condition::any().add(year_col.gt(year)).add(
        Condition::all()
            .add(year_col.eq(year))
            .add(number_col.gt(number)),
    )
}

/// The UTC instants where the filter's first day starts and the day after its last starts,
/// in the office's zone.
fn bounds(zone: FixedOffset, f: &BookFilter) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let start_of = |d: NaiveDate| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.with_timezone(&Utc))
    };
    (
        f.from.and_then(start_of),
        f.to.and_then(|d| start_of(d + Duration::days(1))),
    )
}

fn search_of(f: &BookFilter) -> Option<String> {
    f.search
        .as_deref()
        .map(|s| s.trim().to_lowercase().replace(['%', '_'], ""))
        .filter(|s| !s.is_empty())
}

/// Any of the text columns contains `typed` (in any case), or the entry number is it
/// (`7`, `007` or `007/2026`).
fn matching<C: ColumnTrait + IntoColumnRef + Copy>(
    typed: &str,
    text: impl IntoIterator<Item = C>,
    number: C,
) -> Condition {
    let pattern = format!("%{typed}%");
    let mut any = Condition::any();
    for c in text {
        let lowered: SimpleExpr = Func::lower(Expr::col(c)).into();
        any = any.add(lowered.like(pattern.clone()));
    }
    let entry = typed.split('/').next().unwrap_or_default();
    if let Ok(n) = entry.parse::<i32>() {
        any = any.add(number.eq(n));
    }
    any
}
