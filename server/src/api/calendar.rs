//! The office's working calendar in the schema.
use async_graphql::{Context, Object, SimpleObject};
use chrono::NaiveDate;

use crate::actions::calendar;
use crate::api::context::ContextExt;
use crate::infra::auth::casework_office;
use crate::infra::error::AppResult;
use crate::store::calendar::holidays_of;

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
        Ok(holidays_of(&ctx.app().db, office, year)
            .await?
            .into_iter()
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
        let name = calendar::set_holiday(ctx.app(), ctx.meta(), ctx.actor()?, date, &name).await?;
        Ok(Holiday { date, name })
    }

    /// Office admin: removes a holiday (true when there was one); running steps' due times
    /// are recomputed.
    async fn remove_office_holiday(&self, ctx: &Context<'_>, date: NaiveDate) -> AppResult<bool> {
        calendar::remove_holiday(ctx.app(), ctx.meta(), ctx.actor()?, date).await
    }
}
