use chrono::{Datelike, Utc};
use entity::{
    Role, institution, letter, letter_series, office, referral, referral::ReferralStatus,
    service_case,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;
use crate::infra::audit::AuditEntry;
use crate::infra::write::UnitOfWork;
use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::{idempotency, sequences};
use crate::rules::sop::LetterRule;
use crate::infra::state::{AppState, RequestMeta};
use crate::rules::letter_number::NumberParts;



/// The case's letters in the order they were drafted (the SOP's order).
pub async fn all_of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Vec<letter::Model>> {
    Ok(letter::Entity::find()
        .filter(letter::Column::CaseId.eq(case_id))
        .order_by_asc(letter::Column::CreatedAt)
        .order_by_asc(letter::Column::Id)
        .all(db)
        .await?)
}

/// The case's first letter, if drafted.
pub async fn of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<Option<letter::Model>> {
    Ok(all_of_case(db, case_id).await?.into_iter().next())
}

/// Drafts one of the case's letters (once per series): addressed to the UPT that accepted
/// the referral, or the office of a returning client's region of origin.
pub async fn draft(
    txn: &impl ConnectionTrait,
    case: &service_case::Model,
    rule: &LetterRule,
) -> AppResult<()> {
    let exists = letter::Entity::find()
        .filter(letter::Column::CaseId.eq(case.id))
        .filter(letter::Column::Series.eq(&rule.series))
        .one(txn)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let accepted = referral::Entity::find()
        .filter(referral::Column::CaseId.eq(case.id))
        .filter(
            referral::Column::Status.is_in([ReferralStatus::Accepted, ReferralStatus::Admitted]),
        )
        .one(txn)
        .await?;
    let addressee = match accepted {
        Some(r) => institution::Entity::find_by_id(r.institution_id)
            .one(txn)
            .await?
            .map(|i| i.name)
            .unwrap_or_default(),
        // A return's letters go to the office at the journey's end; an LKS's recommendation
        // to the LKS.
        None => match crate::store::journeys::destination(txn, case.id).await? {
            Some(id) => office::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|o| o.name)
                .unwrap_or_default(),
            None => crate::store::lks_applications::of_case(txn, case.id)
                .await?
                .map(|(_, lks)| lks.name)
                .unwrap_or_default(),
        },
    };
    letter::Model {
        id: Uuid::now_v7(),
        office_id: case.office_id,
        case_id: Some(case.id),
        series: rule.series.clone(),
        subject: rule.subject.clone(),
        addressee,
        signed_by: None,
        signer_role: None,
        signed_at: None,
        number: None,
        sequence: None,
        year: None,
        numbered_manually: false,
        numbered_by: None,
        numbered_at: None,
        agenda_number: None,
        expedition_number: None,
        recipient: None,
        verify_code: None,
        document_id: None,
        pdf_sha256: None,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}
