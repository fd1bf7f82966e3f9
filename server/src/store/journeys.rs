//! Escorted returns (journeys home) and which offices take part in them.
use crate::infra::error::AppResult;
use entity::{escorted_return, relay_leg, relay_leg::LegStatus};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The documents the case's office shared with the offices on the journey.
pub fn shared_ids(j: &escorted_return::Model) -> Vec<Uuid> {
    serde_json::from_value(j.shared_document_ids.clone()).unwrap_or_default()
}

/// Whether document `id` travels with a journey the office takes part in: the papers the
/// case's office shared, and the letters and hand-over records of the legs.
pub async fn shared_with_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<bool> {
    let legs = relay_leg::Entity::find()
        .filter(legs_visible_to(office))
        .all(db)
        .await?;
    if legs.iter().any(|l| {
        [
            l.forwarding_document_id,
            l.handover_document_id,
            l.handover_photo_id,
        ]
        .contains(&Some(id))
    }) {
        return Ok(true);
    }
    let journeys: std::collections::HashSet<Uuid> = legs.iter().map(|l| l.return_id).collect();
    let shared = escorted_return::Entity::find()
        .filter(escorted_return::Column::Id.is_in(journeys))
        .all(db)
        .await?;
    Ok(shared.iter().any(|j| shared_ids(j).contains(&id)))
}

/// Which legs an office may read: those leaving from or arriving at it, and every leg of
/// its own cases' journeys.
pub fn legs_visible_to(office: Uuid) -> Condition {
    Condition::any()
        .add(relay_leg::Column::FromOfficeId.eq(office))
        .add(relay_leg::Column::ToOfficeId.eq(office))
        .add(
            relay_leg::Column::ReturnId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(escorted_return::Column::Id)
                    .from(escorted_return::Entity)
                    .and_where(escorted_return::Column::OfficeId.eq(office))
                    .to_owned(),
            ),
        )
}

/// The legs of a journey in travel order.
pub async fn legs_of(
    db: &impl ConnectionTrait,
    return_id: Uuid,
) -> AppResult<Vec<relay_leg::Model>> {
    Ok(relay_leg::Entity::find()
        .filter(relay_leg::Column::ReturnId.eq(return_id))
        .order_by_asc(relay_leg::Column::Seq)
        .all(db)
        .await?)
}

/// The office at the end of a case's journey (its last leg's receiving office).
pub async fn destination(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<Option<Uuid>> {
    Ok(relay_leg::Entity::find()
        .filter(relay_leg::Column::CaseId.eq(case_id))
        .order_by_desc(relay_leg::Column::Seq)
        .one(db)
        .await?
        .map(|l| l.to_office_id))
}

/// The journey of a case, if planned.
pub async fn of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Option<escorted_return::Model>> {
    Ok(escorted_return::Entity::find()
        .filter(escorted_return::Column::CaseId.eq(case_id))
        .one(db)
        .await?)
}

/// A leg the office may read (see [`legs_visible_to`]), or None.
pub async fn leg_visible_to(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<relay_leg::Model>> {
    Ok(relay_leg::Entity::find_by_id(id)
        .filter(legs_visible_to(office))
        .one(db)
        .await?)
}

/// Which end of its legs an office is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfficeEnd {
    /// The legs arriving at the office.
    Receiving,
    /// The legs leaving from it.
    Sending,
}

/// The legs arriving at or leaving from the office, soonest first (planned legs, not yet
/// left, last), optionally of one status.
pub async fn legs_at_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    end: OfficeEnd,
    status: Option<LegStatus>,
) -> AppResult<Vec<relay_leg::Model>> {
    let mut q = relay_leg::Entity::find()
        .filter(match end {
            OfficeEnd::Receiving => relay_leg::Column::ToOfficeId.eq(office),
            OfficeEnd::Sending => relay_leg::Column::FromOfficeId.eq(office),
        })
        // Planned legs (not yet left) last, on both databases.
        .order_by_with_nulls(
            relay_leg::Column::DepartedAt,
            sea_orm::Order::Asc,
            sea_orm::sea_query::NullOrdering::Last,
        )
        .order_by_asc(relay_leg::Column::Id);
    if let Some(s) = status {
        q = q.filter(relay_leg::Column::Status.eq(s));
    }
    Ok(q.all(db).await?)
}

/// The office nearest to where the client of an interrupted journey is: what its failed
/// leg recorded.
pub async fn where_the_client_is(
    db: &impl ConnectionTrait,
    journey: &escorted_return::Model,
) -> AppResult<Option<Uuid>> {
    Ok(legs_of(db, journey.id)
        .await?
        .into_iter()
        .filter(|l| l.status == LegStatus::Failed)
        .max_by_key(|l| l.seq)
        .and_then(|l| l.client_at_office_id))
}

/// The office that records every leg of the leg's journey when the journey goes straight
/// on (not by relay): the case's office. None for a relay journey or an unknown leg.
pub async fn straight_on_office(
    db: &impl ConnectionTrait,
    leg_id: Uuid,
) -> AppResult<Option<Uuid>> {
    let Some(leg) = relay_leg::Entity::find_by_id(leg_id).one(db).await? else {
        return Ok(None);
    };
    let journey = escorted_return::Entity::find_by_id(leg.return_id)
        .one(db)
        .await?;
    Ok(journey.filter(|j| !j.by_relay).map(|j| j.office_id))
}
