//! Each office's working calendar: its holidays (an editable table) on top of the working
//! week in the office's own zone.
use chrono::Datelike;
use entity::{office, office_holiday};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::infra::error::AppResult;
use crate::rules::clock::WorkingCalendar;

/// The office's holidays in `year`, by date.
pub async fn holidays_of(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    year: i32,
) -> AppResult<Vec<office_holiday::Model>> {
    let rows = office_holiday::Entity::find()
        .filter(office_holiday::Column::OfficeId.eq(office_id))
        .order_by_asc(office_holiday::Column::Date)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter(|d| d.date.year() == year).collect())
}

/// The office's calendar for service-time clocks: 07:30–16:00 Monday to Friday in the
/// office's own zone (WIB, WITA or WIT), minus its holidays.
pub async fn office_calendar(
    db: &impl ConnectionTrait,
    office_id: Uuid,
) -> AppResult<WorkingCalendar> {
    let days = office_holiday::Entity::find()
        .filter(office_holiday::Column::OfficeId.eq(office_id))
        .all(db)
        .await?;
    let zone = office::Entity::find_by_id(office_id)
        .one(db)
        .await?
        .map_or(7, |o| utc_offset_hours(&o.timezone));
    let mut cal = WorkingCalendar::wib(days.into_iter().map(|d| d.date));
    cal.offset = chrono::FixedOffset::east_opt(zone * 3600).unwrap_or(cal.offset);
    Ok(cal)
}

/// The year `at` falls in at the office (its zone): the books are numbered per office
/// year, so a letter received at 00.30 WIB on 1 January is the new year's, though UTC is
/// still in the old one.
pub async fn office_year(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<i32> {
    use chrono::Datelike;
    let zone = office::Entity::find_by_id(office_id)
        .one(db)
        .await?
        .map_or(7, |o| utc_offset_hours(&o.timezone));
    let offset = chrono::FixedOffset::east_opt(zone * 3600)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(7 * 3600).expect("WIB"));
    Ok(at.with_timezone(&offset).year())
}

/// Hours east of UTC of Indonesia's three zones, by the office's IANA zone name; WIB for
/// anything else.
pub fn utc_offset_hours(timezone: &str) -> i32 {
    match timezone {
        "Asia/Makassar" | "WITA" => 8,
        "Asia/Jayapura" | "WIT" => 9,
        _ => 7,
    }
}
