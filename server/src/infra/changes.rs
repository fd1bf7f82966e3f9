//! The case-row lock and the office's change counter: everything that changes a case
//! takes its row first, so changes are served one after the other and phones asking for
//! the changes since their cursor get them in commit order.
use crate::infra::error::AppResult;
use entity::service_case;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

/// The office's series of case change numbers. Its counter row stays locked until the
/// changing transaction commits, so the numbers are handed out in commit order.
pub const CHANGES: &str = "CASE_CHANGES";

/// Takes the case row (of `office`, when given) for this transaction and gives it the
/// office's next change number; returns the number it had (its version as the caller
/// last could have read it), or None when there is no such case. Everything that changes a case
/// or its journey takes it first, so they are served one after the other, and a phone
/// asking for the changes since its last number gets this one (see [`CHANGES`]).
pub async fn lock_case_row(
    txn: &impl ConnectionTrait,
    office_id: Option<Uuid>,
    case_id: Uuid,
) -> AppResult<Option<i32>> {
    let mut find = service_case::Entity::find_by_id(case_id);
    if let Some(office) = office_id {
        find = find.filter(service_case::Column::OfficeId.eq(office));
    }
    let Some(case) = find.one(txn).await? else {
        return Ok(None);
    };
    let seq = crate::infra::sequences::next(txn, case.office_id, CHANGES, 0).await?;
    service_case::Entity::update_many()
        .col_expr(service_case::Column::ChangeSeq, Expr::value(seq))
        .filter(service_case::Column::Id.eq(case_id))
        .exec(txn)
        .await?;
    Ok(Some(case.change_seq))
}
