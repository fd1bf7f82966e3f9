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

/// The columns a book is kept in: its year and entry number (its order), when an entry
/// was made (the dates), its case, and the text a desk searches.
struct Columns<C, const N: usize> {
    year: C,
    number: C,
    at: C,
    case: C,
    text: [C; N],
}

impl<C: ColumnTrait + IntoColumnRef + Copy, const N: usize> Columns<C, N> {
    /// The rows of `f` after `after`, in the book's order.
    fn narrowed(&self, zone: FixedOffset, f: &BookFilter, after: Option<Place>) -> Condition {
        let mut c = Condition::all();
        if let Some((year, number)) = after {
            c = c.add(after_place(self.year, self.number, year, number));
        }
        let (start, end) = bounds(zone, f);
        if let Some(start) = start {
            c = c.add(self.at.gte(start));
        }
        if let Some(end) = end {
            c = c.add(self.at.lt(end));
        }
        if let Some(case) = f.case_id {
            c = c.add(self.case.eq(case));
        }
        if let Some(typed) = search_of(f) {
            c = c.add(matching(&typed, self.text, self.number));
        }
        c
    }
}

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
    let book = Columns {
        year: C::Year,
        number: C::Number,
        at: C::ReceivedAt,
        case: C::CaseId,
        text: [C::Sender, C::Subject, C::SenderNumber],
    };
    Ok(incoming_letter::Entity::find()
        .filter(C::OfficeId.eq(office))
        .filter(book.narrowed(zone, f, after))
        .order_by_asc(C::Year)
        .order_by_asc(C::Number)
        .limit(first + 1)
        .all(db)
        .await?)
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
    let book = Columns {
        year: C::Year,
        number: C::AgendaNumber,
        at: C::NumberedAt,
        case: C::CaseId,
        text: [C::Number, C::Addressee, C::Subject, C::ReceivedByName],
    };
    Ok(letter::Entity::find()
        .filter(C::OfficeId.eq(office))
        .filter(C::AgendaNumber.is_not_null())
        .filter(book.narrowed(zone, f, after))
        .order_by_asc(C::Year)
        .order_by_asc(C::AgendaNumber)
        .limit(first + 1)
        .all(db)
        .await?)
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
