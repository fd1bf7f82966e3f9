//! Gap-free number series per office, series and year (Mr X labels now; letter numbers and
//! agenda books later). The next value is taken inside the caller's write transaction with
//! one atomic upsert, so two requests never get the same number.
use entity::office_sequence::{Column, Entity};
use sea_orm::{
    ConnectionTrait,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use crate::infra::error::{AppError, AppResult};

pub async fn next(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    series: &str,
    year: i32,
) -> AppResult<i32> {
    let stmt = Query::insert()
        .into_table(Entity)
        .columns([
            Column::OfficeId,
            Column::Series,
            Column::Year,
            Column::LastValue,
        ])
        .values_panic([office_id.into(), series.into(), year.into(), 1.into()])
        .on_conflict(
            OnConflict::columns([Column::OfficeId, Column::Series, Column::Year])
                .value(
                    Column::LastValue,
                    Expr::col((Entity, Column::LastValue)).add(1),
                )
                .to_owned(),
        )
        .returning_col(Column::LastValue)
        .to_owned();
    let row = db
        .query_one(&stmt)
        .await?
        .ok_or_else(|| AppError::internal("sequence upsert returned no row"))?;
    Ok(row.try_get("", "last_value")?)
}
