//! Login throttling, counted in the database so it holds across replicas: too many failed
//! logins for one account, or from one address, inside the window refuse further attempts
//! until the oldest failure leaves the window. A successful login resets the account count.
use chrono::{DateTime, Utc};
use entity::login_attempt::{self, LoginOutcome};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::infra::config::LoginThrottle;
use crate::infra::error::AppResult;

/// `Some(seconds to wait)` when the attempt must be refused.
pub async fn check(
    db: &impl ConnectionTrait,
    rules: &LoginThrottle,
    username: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<i64>> {
    let window_start = now - chrono::Duration::from_std(rules.window).unwrap_or_default();
    let last_success = login_attempt::Entity::find()
        .filter(login_attempt::Column::Username.eq(username))
        .filter(login_attempt::Column::Outcome.eq(LoginOutcome::Success))
        .filter(login_attempt::Column::At.gt(window_start))
        .order_by_desc(login_attempt::Column::At)
        .one(db)
        .await?
        .map(|a| a.at);
    let account_since = last_success.map_or(window_start, |t| t.max(window_start));

    let by_account = failures(
        db,
        login_attempt::Column::Username,
        username,
        account_since,
        rules.max_failures_per_account,
    )
    .await?;
    let by_address = failures(
        db,
        login_attempt::Column::Ip,
        ip,
        window_start,
        rules.max_failures_per_address,
    )
    .await?;
    let over = |times: &[DateTime<Utc>], limit: u64| limit > 0 && (times.len() as u64) >= limit;

    let mut wait = None;
    for (times, limit) in [
        (&by_account, rules.max_failures_per_account),
        (&by_address, rules.max_failures_per_address),
    ] {
        if over(times, limit) {
            // The attempt that must age out is the limit-th newest.
            let oldest_counted = times[(limit - 1) as usize];
            let secs = (oldest_counted - window_start).num_seconds().max(1);
            wait = Some(wait.map_or(secs, |w: i64| w.max(secs)));
        }
    }
    Ok(wait)
}

/// The newest `limit` failure times since `since`, newest first.
async fn failures(
    db: &impl ConnectionTrait,
    column: login_attempt::Column,
    value: &str,
    since: DateTime<Utc>,
    limit: u64,
) -> AppResult<Vec<DateTime<Utc>>> {
    Ok(login_attempt::Entity::find()
        .filter(column.eq(value))
        .filter(login_attempt::Column::Outcome.eq(LoginOutcome::Failure))
        .filter(login_attempt::Column::At.gt(since))
        .order_by_desc(login_attempt::Column::At)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.at)
        .collect())
}

pub async fn record(
    db: &impl ConnectionTrait,
    username: &str,
    ip: &str,
    outcome: LoginOutcome,
) -> AppResult<()> {
    login_attempt::Model {
        id: Uuid::now_v7(),
        username: username.to_owned(),
        ip: ip.to_owned(),
        outcome,
        at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await?;
    Ok(())
}
