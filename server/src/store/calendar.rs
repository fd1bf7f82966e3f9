use async_graphql::{Context, Object, SimpleObject};
use chrono::{Datelike, NaiveDate};
use entity::{office, office_holiday};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use uuid::Uuid;
use crate::rules::clock::WorkingCalendar;
use crate::infra::audit::AuditEntry;
use crate::infra::write::UnitOfWork;
use crate::api::context::ContextExt;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};



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

/// Hours east of UTC of Indonesia's three zones, by the office's IANA zone name; WIB for
/// anything else.
pub fn utc_offset_hours(timezone: &str) -> i32 {
    match timezone {
        "Asia/Makassar" | "WITA" => 8,
        "Asia/Jayapura" | "WIT" => 9,
        _ => 7,
    }
}
