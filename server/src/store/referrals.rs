use crate::infra::error::AppResult;
use chrono::Utc;
use entity::{client, client::ClientLocation, referral, referral::ReferralStatus, service_case};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

pub fn shared_ids(r: &referral::Model) -> Vec<Uuid> {
    serde_json::from_value(r.shared_document_ids.clone()).unwrap_or_default()
}

/// Whether document `id` was shared with the institution in one of its referrals.
pub async fn shared_with(
    db: &impl ConnectionTrait,
    institution_id: Uuid,
    id: Uuid,
) -> AppResult<bool> {
    // A UPT that declined keeps no access to the papers.
    let referrals = referral::Entity::find()
        .filter(referral::Column::InstitutionId.eq(institution_id))
        .filter(referral::Column::Status.ne(ReferralStatus::Declined))
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
