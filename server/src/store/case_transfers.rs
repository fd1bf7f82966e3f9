//! Transfers of cases between Dinas Sosial offices. Both offices see a transfer: the one
//! that sent it and the one asked to take the client over.
use entity::case_transfer::{self, TransferStatus};
use entity::{assessment, client, document};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use crate::infra::error::AppResult;

fn either_end(office: Uuid) -> Condition {
    Condition::any()
        .add(case_transfer::Column::FromOfficeId.eq(office))
        .add(case_transfer::Column::ToOfficeId.eq(office))
}

/// A transfer the office sent or received, or None.
pub async fn visible(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<case_transfer::Model>> {
    Ok(case_transfer::Entity::find_by_id(id)
        .filter(either_end(office))
        .one(db)
        .await?)
}

/// The transfers that sent this case away or opened it, oldest first (for a case the
/// caller already sees).
pub async fn of_case(
    db: &impl ConnectionTrait,
    office: Uuid,
    case_id: Uuid,
) -> AppResult<Vec<case_transfer::Model>> {
    Ok(case_transfer::Entity::find()
        .filter(
            Condition::any()
                .add(case_transfer::Column::CaseId.eq(case_id))
                .add(case_transfer::Column::NewCaseId.eq(case_id)),
        )
        .filter(either_end(office))
        .order_by_asc(case_transfer::Column::RequestedAt)
        .all(db)
        .await?)
}

/// The case's transfer still waiting for an answer, if any.
pub async fn pending_of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Option<case_transfer::Model>> {
    Ok(case_transfer::Entity::find()
        .filter(case_transfer::Column::CaseId.eq(case_id))
        .filter(case_transfer::Column::Status.eq(TransferStatus::Pending))
        .one(db)
        .await?)
}

/// Transfers waiting for the office's answer, oldest first.
pub async fn waiting_for(
    db: &impl ConnectionTrait,
    office: Uuid,
) -> AppResult<Vec<case_transfer::Model>> {
    Ok(case_transfer::Entity::find()
        .filter(case_transfer::Column::ToOfficeId.eq(office))
        .filter(case_transfer::Column::Status.eq(TransferStatus::Pending))
        .order_by_asc(case_transfer::Column::RequestedAt)
        .all(db)
        .await?)
}

/// A case closed before the other office answered takes its transfer back.
pub async fn cancel_pending(txn: &impl ConnectionTrait, case_id: Uuid) -> AppResult<()> {
    case_transfer::Entity::update_many()
        .col_expr(
            case_transfer::Column::Status,
            Expr::value(TransferStatus::Cancelled),
        )
        .filter(case_transfer::Column::CaseId.eq(case_id))
        .filter(case_transfer::Column::Status.eq(TransferStatus::Pending))
        .exec(txn)
        .await?;
    Ok(())
}

/// The client, its documents and its assessments become the receiving office's.
pub async fn move_client(txn: &impl ConnectionTrait, client_id: Uuid, to: Uuid) -> AppResult<()> {
    client::Entity::update_many()
        .col_expr(client::Column::OfficeId, Expr::value(to))
        .filter(client::Column::Id.eq(client_id))
        .exec(txn)
        .await?;
    document::Entity::update_many()
        .col_expr(document::Column::OfficeId, Expr::value(to))
        .filter(document::Column::ClientId.eq(client_id))
        .exec(txn)
        .await?;
    assessment::Entity::update_many()
        .col_expr(assessment::Column::OfficeId, Expr::value(to))
        .filter(assessment::Column::ClientId.eq(client_id))
        .exec(txn)
        .await?;
    Ok(())
}
