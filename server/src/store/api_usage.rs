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

/// Adds `cost` to the client's minute and day, unless that would pass either limit.
pub async fn charge(
    db: &DatabaseConnection,
    client: &api_client::Model,
    cost: i32,
) -> AppResult<Budget> {
    let now = Utc::now();
    let cost = cost.max(1);
    let txn = db.begin().await?;
    let mut tightest: Option<Budget> = None;
    let mut exceeded: Option<i64> = None;
    for w in windows(client, now) {
        let reset = (w.start + w.length - now).num_seconds().max(1);
        let spent = if cost > w.limit {
            None
        } else {
            add(&txn, client, &w, cost).await?
        };
        let budget = match spent {
            Some(spent) => Budget {
                limit: w.limit,
                remaining: (w.limit - spent).max(0),
                reset_seconds: reset,
                exceeded: false,
                retry_after_seconds: 0,
            },
            None => {
                exceeded = Some(exceeded.unwrap_or(0).max(reset));
                Budget {
                    limit: w.limit,
                    remaining: 0,
                    reset_seconds: reset,
                    exceeded: true,
                    retry_after_seconds: reset,
                }
            }
        };
        if tightest
            .as_ref()
            .is_none_or(|t| budget.remaining < t.remaining || budget.exceeded && !t.exceeded)
        {
            tightest = Some(budget);
        }
    }
    let mut budget = tightest.expect("two windows");
    if let Some(retry) = exceeded {
        txn.rollback().await?;
        budget.exceeded = true;
        budget.remaining = 0;
        budget.retry_after_seconds = retry;
    } else {
        txn.commit().await?;
    }
    Ok(budget)
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
