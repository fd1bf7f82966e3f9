//! Referrals to UPTs/panti: which ones the referring office and the partner see, and the
//! client's whereabouts they change.
use crate::infra::auth::Scope;
use crate::infra::error::AppResult;
use chrono::Utc;
use entity::{client, client::ClientLocation, referral, referral::ReferralStatus, service_case};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

/// The documents the office shared with the UPT in the referral.
pub fn shared_ids(r: &referral::Model) -> Vec<Uuid> {
    serde_json::from_value(r.shared_document_ids.clone()).unwrap_or_default()
}

/// Whether document `id` was shared with the institution in one of its referrals.
pub async fn shared_with(
    db: &impl ConnectionTrait,
    institution_id: Uuid,
    id: Uuid,
) -> AppResult<bool> {
    // A UPT that declined, or whose referral was withdrawn, keeps no access to the papers.
    let referrals = referral::Entity::find()
        .filter(referral::Column::InstitutionId.eq(institution_id))
        .filter(
            referral::Column::Status
                .is_not_in([ReferralStatus::Declined, ReferralStatus::Withdrawn]),
        )
        .all(db)
        .await?;
    Ok(referrals.iter().any(|r| shared_ids(r).contains(&id)))
}

/// The client's whereabouts, set by the procedure (not a revision of what the worker typed).
pub async fn set_location(
    txn: &impl ConnectionTrait,
    case: &service_case::Model,
    location: ClientLocation,
) -> AppResult<()> {
    if let Some(client_id) = case.client_id {
        client::Entity::update_many()
            .col_expr(client::Column::Location, Expr::value(location))
            .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(client::Column::Id.eq(client_id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The case's referrals, oldest first (a declined one stays).
pub async fn of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<Vec<referral::Model>> {
    Ok(referral::Entity::find()
        .filter(referral::Column::CaseId.eq(case_id))
        .order_by_asc(referral::Column::SentAt)
        .all(db)
        .await?)
}

/// A referral the scope may see: the addressed institution's, or the referring office's
/// (pass the caseworker's office).
pub async fn visible_to(
    db: &impl ConnectionTrait,
    scope: Scope,
    id: Uuid,
) -> AppResult<Option<referral::Model>> {
    let q = referral::Entity::find_by_id(id);
    let q = match scope {
        Scope::Institution(i) => q.filter(referral::Column::InstitutionId.eq(i)),
        Scope::Office(office) => q.filter(referral::Column::OfficeId.eq(office)),
    };
    Ok(q.one(db).await?)
}

/// The referrals addressed to an institution, newest first, optionally of one status.
pub async fn addressed_to(
    db: &impl ConnectionTrait,
    institution: Uuid,
    status: Option<ReferralStatus>,
) -> AppResult<Vec<referral::Model>> {
    let mut q = referral::Entity::find()
        .filter(referral::Column::InstitutionId.eq(institution))
        .order_by_desc(referral::Column::SentAt);
    if let Some(s) = status {
        q = q.filter(referral::Column::Status.eq(s));
    }
    Ok(q.all(db).await?)
}

/// Withdraws the case's referrals still waiting for an answer (the case closed or went
/// another way): the UPT sees that it need not answer. Returns how many.
pub async fn withdraw_pending(
    txn: &impl ConnectionTrait,
    case_id: Uuid,
    reason: &str,
) -> AppResult<u64> {
    let done = referral::Entity::update_many()
        .col_expr(
            referral::Column::Status,
            Expr::value(ReferralStatus::Withdrawn),
        )
        .col_expr(referral::Column::WithdrawReason, Expr::value(reason))
        .filter(referral::Column::CaseId.eq(case_id))
        .filter(referral::Column::Status.eq(ReferralStatus::Pending))
        .exec(txn)
        .await?;
    Ok(done.rows_affected)
}
