//! Each office's working calendar: its holidays (an editable table) on top of the working
//! week in the office's own zone.
use chrono::{DateTime, Datelike, FixedOffset, Utc};
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
    let mut cal = WorkingCalendar::wib(days.into_iter().map(|d| d.date));
    cal.offset = office_zone(db, office_id).await?;
    Ok(cal)
}

/// The office's own zone (WIB, WITA or WIT); WIB for an office not found.
pub async fn office_zone(db: &impl ConnectionTrait, office_id: Uuid) -> AppResult<FixedOffset> {
    let office = office::Entity::find_by_id(office_id).one(db).await?;
    Ok(office.map_or_else(|| zone_hours(7), |o| zone_of(&o)))
}

/// The zone of an office already read.
pub fn zone_of(office: &office::Model) -> FixedOffset {
    zone_hours(utc_offset_hours(&office.timezone))
}

fn zone_hours(hours: i32) -> FixedOffset {
    FixedOffset::east_opt(hours * 3600)
        .unwrap_or_else(|| FixedOffset::east_opt(7 * 3600).expect("WIB"))
}

/// The year `at` falls in at the office (its zone): the books are numbered per office
/// year, so a letter received at 00.30 WIB on 1 January is the new year's, though UTC is
/// still in the old one.
pub async fn office_year(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    at: DateTime<Utc>,
) -> AppResult<i32> {
    Ok(at.with_timezone(&office_zone(db, office_id).await?).year())
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
