//! A journey home that fails on the way: the client absconds, falls ill, or a leg is
//! refused. The leg is marked failed with the reason, the client's whereabouts and the
//! office nearest to them are recorded, the legs after it are cancelled, and the journey
//! is interrupted, so that the case's office plans again from where the client is
//! (`planReturn` then starts there).
use chrono::Utc;
use entity::client::ClientLocation;
use entity::escorted_return::{self, ReturnStatus};
use entity::relay_leg::{self, LegFailure, LegStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, sea_query::Expr,
};
use serde::Serialize;
use uuid::Uuid;

use crate::engine;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg, not_in_future};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::store::journeys::legs_of;
use crate::store::referrals::set_location;
use crate::store::relay_legs::{case_of_leg, journey_of_leg, leg_by_id, leg_event};

#[derive(Clone, Debug, Serialize)]
pub struct FailLeg {
    pub leg_id: Uuid,
    pub failure: LegFailure,
    /// What happened (required).
    pub note: String,
    /// Where the client is now (a hospital, a shelter, the street), and the office nearest
    /// to them: the next journey starts there (default: where the leg left from).
    pub client_location: ClientLocation,
    pub client_at_office_id: Option<Uuid>,
    pub failed_at: Option<chrono::DateTime<Utc>>,
}

/// Marks a planned or departed leg failed, by the office it leaves from or goes to.
pub async fn fail_leg(call: &Call<'_>, input: FailLeg) -> AppResult<relay_leg::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let note = trimmed(Some(input.note.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis apa yang terjadi (kapan, di mana, siapa yang melapor).",
            "Write what happened (when, where, who reported it).",
        ))
        .with("field", "note")
    })?;
    let at = input.failed_at.unwrap_or_else(Utc::now);
    not_in_future(at, "failedAt")?;
    // On a journey straight on, the case's office (the escort) reports it from anywhere.
    let straight_on =
        crate::store::journeys::straight_on_office(&call.state.db, input.leg_id).await?;
    let on_leg = |l: &relay_leg::Model| {
        l.from_office_id == office || l.to_office_id == office || straight_on == Some(office)
    };
    let Some((uow, leg)) =
        engine::begin_on_leg(call, "failLeg", &hash, input.leg_id, on_leg).await?
    else {
        return leg_by_id(&call.state.db, input.leg_id).await;
    };
    let txn = uow.txn();
    if !matches!(leg.status, LegStatus::Planned | LegStatus::Departed) {
        return Err(AppError::conflict(Msg::new(
            "Ruas ini sudah selesai (diserahterimakan, gagal atau dibatalkan).",
            "This leg is already over (handed over, failed or cancelled).",
        )));
    }
    let nearest = input.client_at_office_id.unwrap_or(leg.from_office_id);
    if entity::office::Entity::find_by_id(nearest)
        .one(txn)
        .await?
        .is_none()
    {
        return Err(AppError::not_found("Kantor", "Office").with("field", "clientAtOfficeId"));
    }
    let journey = journey_of_leg(txn, &leg).await?;
    let mut row = leg.clone().into_active_model();
    row.status = sea_orm::Set(LegStatus::Failed);
    row.failure = sea_orm::Set(Some(input.failure));
    row.failure_note = sea_orm::Set(Some(note));
    row.failed_at = sea_orm::Set(Some(at));
    row.failed_by = sea_orm::Set(Some(call.actor.user.id));
    row.client_at_office_id = sea_orm::Set(Some(nearest));
    let failed = row.update(txn).await?;
    relay_leg::Entity::update_many()
        .col_expr(relay_leg::Column::Status, Expr::value(LegStatus::Cancelled))
        .filter(relay_leg::Column::ReturnId.eq(journey.id))
        .filter(relay_leg::Column::Status.eq(LegStatus::Planned))
        .exec(txn)
        .await?;
    escorted_return::Entity::update_many()
        .col_expr(
            escorted_return::Column::Status,
            Expr::value(ReturnStatus::Interrupted),
        )
        .filter(escorted_return::Column::Id.eq(journey.id))
        .exec(txn)
        .await?;
    set_location(txn, &case_of_leg(txn, &leg).await?, input.client_location).await?;
    let count = legs_of(txn, journey.id).await?.len();
    let entry = leg_event("leg.fail", &failed, &journey, office, count);
    finish(call, uow, "failLeg", &hash, failed.id, entry).await?;
    Ok(failed)
}
