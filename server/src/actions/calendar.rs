//! Each office's working calendar: its holidays (an editable table) on top of the WIB
//! working week, and the admin's queries and mutations for it.
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



/// A day off in the office's calendar.
#[derive(SimpleObject)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(Default)]
pub struct CalendarQuery;

#[Object]
impl CalendarQuery {
    /// The holidays of the caller's office in `year`, by date. Steps under a working-days
    /// rule do not count them.
    async fn office_holidays(&self, ctx: &Context<'_>, year: i32) -> AppResult<Vec<Holiday>> {
        let office = casework_office(ctx.actor()?).or_else(|_| ctx.actor()?.admin_office())?;
        let rows = office_holiday::Entity::find()
            .filter(office_holiday::Column::OfficeId.eq(office))
            .order_by_asc(office_holiday::Column::Date)
            .all(&ctx.app().db)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|d| d.date.year() == year)
            .map(|d| Holiday {
                date: d.date,
                name: d.name,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct CalendarMutation;

#[Object]
impl CalendarMutation {
    /// Office admin: adds a holiday (or renames one); the due times of the office's running
    /// steps are recomputed with it.
    async fn set_office_holiday(
        &self,
        ctx: &Context<'_>,
        date: NaiveDate,
        name: String,
    ) -> AppResult<Holiday> {
        let actor = ctx.actor()?;
        let office = actor.admin_office()?;
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(AppError::bad_input(Msg::new(
                "Isi nama hari libur.",
                "Give the holiday a name.",
            ))
            .with("field", "name"));
        }
        let mut uow = UnitOfWork::begin(ctx.app()).await?;
        office_holiday::Entity::delete_by_id((office, date))
            .exec(uow.txn())
            .await?;
        office_holiday::Model {
            office_id: office,
            date,
            name: name.clone(),
        }
        .into_active_model()
        .reset_all()
        .insert(uow.txn())
        .await?;
        let moved = crate::engine::recompute_office_due_times(uow.txn(), office).await?;
        uow.audit(
            ctx.meta(),
            Some(&actor.audit_actor()),
            AuditEntry::new("calendar.holiday_set", "office", office)
                .office(Some(office))
                .details(json!({"date": date, "name": name, "stepsRecomputed": moved})),
        )
        .await?;
        uow.commit().await?;
        Ok(Holiday { date, name })
    }

    /// Office admin: removes a holiday (true when there was one); running steps' due times
    /// are recomputed.
    async fn remove_office_holiday(&self, ctx: &Context<'_>, date: NaiveDate) -> AppResult<bool> {
        let actor = ctx.actor()?;
        let office = actor.admin_office()?;
        let mut uow = UnitOfWork::begin(ctx.app()).await?;
        let gone = office_holiday::Entity::delete_by_id((office, date))
            .exec(uow.txn())
            .await?
            .rows_affected
            > 0;
        let moved = crate::engine::recompute_office_due_times(uow.txn(), office).await?;
        uow.audit(
            ctx.meta(),
            Some(&actor.audit_actor()),
            AuditEntry::new("calendar.holiday_remove", "office", office)
                .office(Some(office))
                .details(json!({"date": date, "removed": gone, "stepsRecomputed": moved})),
        )
        .await?;
        uow.commit().await?;
        Ok(gone)
    }
}
