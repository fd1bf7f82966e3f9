//! API clients' query cost per minute and per day, counted in the database so that every
//! server process shares one budget. A charge that would go over either budget is not
//! made at all.
use chrono::{DateTime, Duration, DurationRound, Utc};
use entity::api_client;
use entity::api_client_usage::{Column, Entity};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, TransactionTrait,
    sea_query::{Expr, OnConflict, Query},
};

use crate::infra::error::AppResult;

/// Where a client stands after a request: the tighter of its two windows.
#[derive(Clone, Debug)]
pub struct Budget {
    pub limit: i32,
    pub remaining: i32,
    /// Seconds until that window starts afresh.
    pub reset_seconds: i64,
    /// The request was over budget and was not run.
    pub exceeded: bool,
    pub retry_after_seconds: i64,
}

struct Window {
    span: &'static str,
    start: DateTime<Utc>,
    length: Duration,
    limit: i32,
}

fn windows(client: &api_client::Model, now: DateTime<Utc>) -> [Window; 2] {
    let minute = Duration::minutes(1);
    let day = Duration::days(1);
    [
        Window {
            span: "MINUTE",
            start: now.duration_trunc(minute).unwrap_or(now),
            length: minute,
            limit: client.cost_per_minute,
        },
        Window {
            span: "DAY",
            start: now.duration_trunc(day).unwrap_or(now),
            length: day,
            limit: client.cost_per_day,
        },
    ]
}

/// Adds `cost` to the client's minute and day, unless that would pass either limit (then
/// neither is charged).
pub async fn charge(
    db: &DatabaseConnection,
    client: &api_client::Model,
    cost: i32,
) -> AppResult<Budget> {
    let now = Utc::now();
    let cost = cost.max(1);
    let txn = db.begin().await?;
    let mut standing = Vec::new();
    for w in windows(client, now) {
        let reset_seconds = (w.start + w.length - now).num_seconds().max(1);
        let spent = if cost > w.limit {
            None
        } else {
            add(&txn, client, &w, cost).await?
        };
        standing.push(Budget {
            limit: w.limit,
            remaining: spent.map_or(0, |s| (w.limit - s).max(0)),
            reset_seconds,
            exceeded: spent.is_none(),
            retry_after_seconds: if spent.is_none() { reset_seconds } else { 0 },
        });
    }
    let over = standing.iter().any(|b| b.exceeded);
    if over {
        txn.rollback().await?;
    } else {
        txn.commit().await?;
    }
    // Over: the spent window that frees up last; else the one with the least left.
    let shown = if over {
        standing
            .into_iter()
            .filter(|b| b.exceeded)
            .max_by_key(|b| b.reset_seconds)
    } else {
        standing.into_iter().min_by_key(|b| b.remaining)
    };
    Ok(shown.expect("two windows"))
}

/// The window's new total, or None when the charge would pass its limit.
async fn add(
    db: &impl ConnectionTrait,
    client: &api_client::Model,
    w: &Window,
    cost: i32,
) -> AppResult<Option<i32>> {
    use sea_orm::sea_query::ExprTrait;
    let stmt = Query::insert()
        .into_table(Entity)
        .columns([
            Column::ClientId,
            Column::Span,
            Column::WindowStart,
            Column::Cost,
        ])
        .values_panic([client.id.into(), w.span.into(), w.start.into(), cost.into()])
        .on_conflict(
            OnConflict::columns([Column::ClientId, Column::Span, Column::WindowStart])
                .value(Column::Cost, Expr::col((Entity, Column::Cost)).add(cost))
                .action_and_where(Expr::col((Entity, Column::Cost)).add(cost).lte(w.limit))
                .to_owned(),
        )
        .returning_col(Column::Cost)
        .to_owned();
    Ok(match db.query_one(&stmt).await? {
        Some(row) => Some(row.try_get("", "cost")?),
        None => None,
    })
}

/// Forgets the windows that ended more than a day ago.
pub async fn prune(db: &DatabaseConnection) -> AppResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Entity::delete_many()
        .filter(Column::WindowStart.lt(Utc::now() - Duration::days(2)))
        .exec(db)
        .await?;
    Ok(())
}
