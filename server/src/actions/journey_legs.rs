//! The legs of a journey home as they run: each leg's sending office records the departure
//! (carrier, costs and the ticket, escorts, the forwarding letter) and its receiving office
//! the hand-over (berita acara serah terima with photo and signer). On a relay journey each
//! office acts only on the legs that leave from or arrive at it; on a journey straight on
//! (a ticket to the family, our escort the whole way) the case's office records every leg,
//! and only the arrival at the end needs the signed record.
use chrono::{DateTime, Utc};
use entity::{
    client::ClientLocation, document_kind::DocumentKind, escorted_return,
    escorted_return::ReturnStatus, relay_leg, relay_leg::Carrier, relay_leg::LegMode,
    relay_leg::LegStatus, service_case::CaseStatus,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::infra::auth::{Actor, casework_office};
use crate::infra::error::{AppError, AppResult, Msg, not_in_future};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::relay_plan::{Rules, round_km};
use crate::rules::sop::{SopDefinition, StepCheck};
use crate::store::journeys::{legs_of, straight_on_office};
use crate::store::referrals::set_location;
use crate::store::relay_legs::{
    case_of_leg, check_handover_papers, checked_escorts, forwarding_letter, journey_of_leg,
    leg_by_id, leg_event, office_document,
};

#[derive(Clone, Debug, Serialize)]
pub struct Depart {
    pub leg_id: Uuid,
    pub carrier: Carrier,
    pub ticket_cost: Option<i32>,
    pub pocket_money: Option<i32>,
    pub escort_user_ids: Vec<Uuid>,
    pub departed_at: Option<DateTime<Utc>>,
    pub forwarding_letter_number: Option<String>,
    pub forwarding_document_id: Option<Uuid>,
    /// The ticket or receipt (TICKET_RECEIPT) that paid for this leg.
    pub ticket_document_id: Option<Uuid>,
    pub distance_km: Option<f64>,
    pub note: Option<String>,
}

/// The sending office records that the client left on this leg: with the forwarding
/// letter (surat penerusan), the carrier, ticket and pocket money, and the escorts.
pub async fn depart(call: &Call<'_>, input: Depart) -> AppResult<relay_leg::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let straight_on = straight_on_office(&call.state.db, input.leg_id).await?;
    let Some((uow, leg)) =
        engine::begin_on_leg(
            call,
            "departLeg",
            &hash,
            input.leg_id,
            |l| match straight_on {
                Some(own) => own == office,
                None => l.from_office_id == office,
            },
        )
        .await?
    else {
        return leg_by_id(&call.state.db, input.leg_id).await;
    };
    let txn = uow.txn();
    if leg.status != LegStatus::Planned {
        return Err(AppError::conflict(Msg::new(
            "Keberangkatan ruas ini sudah dicatat.",
            "This leg's departure is already recorded.",
        )));
    }
    let journey = journey_of_leg(txn, &leg).await?;
    let legs = legs_of(txn, journey.id).await?;
    require_handed_over_here(&legs, &leg)?;
    let def = require_sending_step(txn, &leg).await?;
    check_costs(&input)?;
    // The escorts named when the journey was planned go, unless the departure names others.
    let named = if input.escort_user_ids.is_empty() {
        serde_json::from_value(leg.escort_user_ids.clone()).unwrap_or_default()
    } else {
        input.escort_user_ids.clone()
    };
    let escorts = checked_escorts(txn, office, &named, journey.mode).await?;
    let owner = (office, journey.client_id);
    // A relay journey's client travels with the surat penerusan to every office on the way.
    let letter_id = match input.forwarding_document_id {
        None if !journey.by_relay => None,
        given => Some(forwarding_letter(txn, owner, given).await?),
    };
    if let Some(ticket) = input.ticket_document_id {
        office_document(
            txn,
            owner,
            ticket,
            "ticketDocumentId",
            DocumentKind::TicketReceipt,
        )
        .await?;
    }
    let departed_at = departure_time(input.departed_at, &legs, &leg)?;
    let limit = Rules::of(&call.state.config)
        .for_journey(def.relay_limit_km, journey.by_relay)
        .limit_km;
    let distance = confirmed_distance(&leg, input.distance_km, limit)?;
    let mut row = leg.clone().into_active_model();
    row.status = sea_orm::Set(LegStatus::Departed);
    row.carrier = sea_orm::Set(Some(input.carrier));
    row.ticket_cost = sea_orm::Set(input.ticket_cost);
    row.pocket_money = sea_orm::Set(input.pocket_money);
    row.escort_user_ids = sea_orm::Set(json!(escorts.iter().map(|u| u.id).collect::<Vec<_>>()));
    row.forwarding_letter_number = sea_orm::Set(trimmed(input.forwarding_letter_number.clone()));
    row.forwarding_document_id = sea_orm::Set(letter_id);
    row.ticket_document_id = sea_orm::Set(input.ticket_document_id);
    row.departed_at = sea_orm::Set(Some(departed_at));
    row.departed_by = sea_orm::Set(Some(call.actor.user.id));
    row.distance_km = sea_orm::Set(distance);
    row.note = sea_orm::Set(trimmed(input.note.clone()));
    let updated = row.update(txn).await?;
    if journey.status == ReturnStatus::Planned {
        escorted_return::Entity::update_many()
            .col_expr(
                escorted_return::Column::Status,
                Expr::value(ReturnStatus::Underway),
            )
            .filter(escorted_return::Column::Id.eq(journey.id))
            .exec(txn)
            .await?;
    }
    let entry = leg_event("leg.depart", &updated, &journey, office, legs.len());
    finish(call, uow, "departLeg", &hash, updated.id, entry).await?;
    Ok(updated)
}

/// The leg before `leg` in the journey, none for the first.
fn previous_leg<'a>(
    legs: &'a [relay_leg::Model],
    leg: &relay_leg::Model,
) -> Option<&'a relay_leg::Model> {
    legs.iter().find(|l| l.seq == leg.seq - 1)
}

/// The client leaves an office on the way only once handed over there.
fn require_handed_over_here(legs: &[relay_leg::Model], leg: &relay_leg::Model) -> AppResult<()> {
    // After a failed leg the next one leaves from where the client was found.
    if let Some(prev) = previous_leg(legs, leg)
        && !matches!(prev.status, LegStatus::HandedOver | LegStatus::Failed)
    {
        return Err(AppError::precondition(Msg::new(
            format!(
                "Klien belum diserahterimakan di kantor Anda (ruas {} belum selesai).",
                prev.seq
            ),
            format!(
                "The client has not been handed over at your office yet (leg {} is not done).",
                prev.seq
            ),
        )));
    }
    Ok(())
}

/// The journey starts at the SOP's sending step (after the letter, for seed 002); returns
/// the case's SOP.
async fn require_sending_step(
    txn: &impl ConnectionTrait,
    leg: &relay_leg::Model,
) -> AppResult<SopDefinition> {
    let case = case_of_leg(txn, leg).await?;
    let def = engine::definition(txn, case.sop_version_id).await?;
    let at_sending_step = case.current_step_key.as_deref().is_some_and(|k| {
        def.step(k)
            .is_some_and(|s| s.checks.contains(&StepCheck::ReturnArrived))
    });
    if case.status == CaseStatus::Closed || !at_sending_step {
        let current = case
            .current_step_key
            .as_deref()
            .map(|k| engine::step_title(&def, k))
            .unwrap_or_default();
        return Err(AppError::precondition(Msg::new(
            format!("Perjalanan dimulai pada langkah pemulangan/pengiriman; kasus ini di langkah {current}."),
            format!("The journey starts at the escort/sending step; the case is at step {current}."),
        ))
        .with("currentStep", case.current_step_key.clone().unwrap_or_default()));
    }
    Ok(def)
}

/// Ticket and pocket money are Rupiah amounts, never negative.
fn check_costs(input: &Depart) -> AppResult<()> {
    for (v, field) in [
        (input.ticket_cost, "ticketCost"),
        (input.pocket_money, "pocketMoney"),
    ] {
        if v.is_some_and(|v| v < 0) {
            return Err(AppError::bad_input(Msg::new(
                "Biaya tidak boleh negatif (Rupiah).",
                "A cost cannot be negative (Rupiah).",
            ))
            .with("field", field));
        }
    }
    Ok(())
}

/// When the client left (now unless given): not in the future, and not before the client
/// was handed over at the sending office.
fn departure_time(
    given: Option<DateTime<Utc>>,
    legs: &[relay_leg::Model],
    leg: &relay_leg::Model,
) -> AppResult<DateTime<Utc>> {
    let departed_at = given.unwrap_or_else(Utc::now);
    not_in_future(departed_at, "departedAt")?;
    let arrived_here = previous_leg(legs, leg).and_then(|l| l.handed_over_at);
    if arrived_here.is_some_and(|at| departed_at < at) {
        return Err(AppError::bad_input(Msg::new(
            "Keberangkatan tidak bisa sebelum klien diserahterimakan di kantor Anda.",
            "The departure cannot be before the client was handed over at your office.",
        ))
        .with("field", "departedAt"));
    }
    Ok(departed_at)
}

/// The leg's distance: the planned one, or the sending office's correction (a land leg's
/// within the relay limit `limit`).
fn confirmed_distance(leg: &relay_leg::Model, given: Option<f64>, limit: f64) -> AppResult<f64> {
    let Some(km) = given else {
        return Ok(leg.distance_km);
    };
    if !km.is_finite() || km <= 0.0 || (leg.mode == LegMode::Land && km > limit) {
        return Err(AppError::bad_input(Msg::new(
            format!("Jarak ruas darat harus antara 0 dan {limit:.0} km (batas estafet)."),
            format!(
                "A land leg's distance must lie between 0 and {limit:.0} km (the relay limit)."
            ),
        ))
        .with("field", "distanceKm"));
    }
    Ok(round_km(km))
}

#[derive(Clone, Debug, Serialize)]
pub struct Handover {
    pub leg_id: Uuid,
    pub handed_over_at: Option<DateTime<Utc>>,
    pub received_by_name: String,
    pub received_by_title: Option<String>,
    /// Required on a relay journey and at the end of any journey.
    pub handover_document_id: Option<Uuid>,
    pub photo_document_id: Option<Uuid>,
    /// The last leg: the client went on to the family (else stays with the origin office).
    pub to_family: bool,
    pub note: Option<String>,
    /// The escort recording for a receiving office without users: the signer's NIP.
    pub received_by_nip: Option<String>,
}

/// The receiving office confirms the hand-over with the signed record and a photo; when
/// that office has no users yet, the leg's escort records it for them with the signer's
/// name and NIP. On the last leg the journey has arrived; the client is with the family or
/// the origin office.
pub async fn hand_over(call: &Call<'_>, input: Handover) -> AppResult<relay_leg::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let straight_on = straight_on_office(&call.state.db, input.leg_id).await?;
    let Some((uow, leg)) =
        engine::begin_on_leg(call, "confirmHandover", &hash, input.leg_id, |l| {
            l.to_office_id == office
                || match straight_on {
                    Some(own) => own == office,
                    None => l.from_office_id == office,
                }
        })
        .await?
    else {
        return leg_by_id(&call.state.db, input.leg_id).await;
    };
    let txn = uow.txn();
    require_under_way(&leg)?;
    let journey = journey_of_leg(txn, &leg).await?;
    let by_escort = leg.to_office_id != office;
    let nip = if by_escort && journey.by_relay {
        Some(escort_may_record(txn, call.actor, &leg, input.received_by_nip.as_deref()).await?)
    } else {
        None
    };
    let signer = handover_signer(&input.received_by_name)?;
    let at = handover_time(input.handed_over_at, &leg)?;
    let count = legs_of(txn, journey.id).await?.len();
    let last = leg.seq as usize == count;
    let papers = handover_papers(&input, journey.by_relay || last)?;
    if let Some(papers) = papers {
        check_handover_papers(txn, (office, journey.client_id), papers).await?;
    }
    if input.to_family && !last {
        return Err(AppError::bad_input(Msg::new(
            "Hanya ruas terakhir yang diserahkan ke keluarga.",
            "Only the last leg is handed over to the family.",
        ))
        .with("field", "toFamily"));
    }
    let mut row = leg.clone().into_active_model();
    row.status = sea_orm::Set(LegStatus::HandedOver);
    row.handed_over_at = sea_orm::Set(Some(at));
    row.handover_document_id = sea_orm::Set(papers.map(|p| p.0));
    row.handover_photo_id = sea_orm::Set(papers.map(|p| p.1));
    row.received_by_name = sea_orm::Set(Some(signer));
    row.received_by_title = sea_orm::Set(trimmed(input.received_by_title.clone()));
    row.received_by_nip = sea_orm::Set(nip);
    row.handover_by_escort = sea_orm::Set(by_escort);
    row.recorded_by = sea_orm::Set(Some(call.actor.user.id));
    row.handover_note = sea_orm::Set(trimmed(input.note.clone()));
    let updated = row.update(txn).await?;
    if last {
        record_arrival(txn, &leg, (journey.id, at), input.to_family).await?;
    }
    let entry = leg_event("leg.handover", &updated, &journey, office, count);
    finish(call, uow, "confirmHandover", &hash, updated.id, entry).await?;
    Ok(updated)
}

/// The signed record and its photo, when `needed` (every relay hand-over, and the end of a
/// journey straight on) or given.
fn handover_papers(input: &Handover, needed: bool) -> AppResult<Option<(Uuid, Uuid)>> {
    match (input.handover_document_id, input.photo_document_id) {
        (Some(record), Some(photo)) => Ok(Some((record, photo))),
        (None, None) if !needed => Ok(None),
        (record, _) => Err(AppError::bad_input(Msg::new(
            "Unggah berita acara serah terima yang ditandatangani (HANDOVER_RECORD) dan fotonya (HANDOVER_PHOTO).",
            "Upload the signed hand-over record (HANDOVER_RECORD) and its photo (HANDOVER_PHOTO).",
        ))
        .with(
            "field",
            if record.is_none() {
                "handoverDocumentId"
            } else {
                "photoDocumentId"
            },
        )),
    }
}

/// The escort may record a hand-over for the receiving office only when that office has
/// no active user, and only with the signer's NIP (18 digits); returns the NIP.
async fn escort_may_record(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    leg: &relay_leg::Model,
    nip: Option<&str>,
) -> AppResult<String> {
    let escorts: Vec<Uuid> =
        serde_json::from_value(leg.escort_user_ids.clone()).unwrap_or_default();
    if !escorts.contains(&actor.user.id) {
        return Err(AppError::forbidden(Msg::new(
            "Serah terima dicatat oleh kantor penerima, atau oleh pendamping ruas ini bila kantor itu belum punya pengguna.",
            "The hand-over is recorded by the receiving office, or by this leg's escort when that office has no users yet.",
        )));
    }
    let users = entity::user::Entity::find()
        .filter(entity::user::Column::OfficeId.eq(leg.to_office_id))
        .filter(entity::user::Column::Active.eq(true))
        .count(txn)
        .await?;
    if users > 0 {
        return Err(AppError::forbidden(Msg::new(
            "Kantor penerima punya pengguna: serah terima dikonfirmasi oleh mereka.",
            "The receiving office has users: they confirm the hand-over.",
        )));
    }
    let nip = nip
        .map(|n| n.split_whitespace().collect::<String>())
        .unwrap_or_default();
    if nip.len() != 18 || !nip.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::bad_input(Msg::new(
            "Tulis NIP penanda tangan berita acara (18 angka).",
            "Write the NIP of whoever signed the berita acara (18 digits).",
        ))
        .with("field", "receivedByNip"));
    }
    Ok(nip)
}

/// A hand-over is recorded once, after the leg left.
fn require_under_way(leg: &relay_leg::Model) -> AppResult<()> {
    match leg.status {
        LegStatus::Departed => Ok(()),
        LegStatus::Planned => Err(AppError::precondition(Msg::new(
            "Ruas ini belum berangkat; serah terima dicatat sesudah klien tiba.",
            "This leg has not left yet; the hand-over is recorded when the client arrives.",
        ))),
        LegStatus::HandedOver => Err(AppError::conflict(Msg::new(
            "Serah terima ruas ini sudah dicatat.",
            "This leg's hand-over is already recorded.",
        ))),
        LegStatus::Failed | LegStatus::Cancelled => Err(AppError::conflict(Msg::new(
            "Ruas ini gagal atau dibatalkan; rencanakan perjalanan baru dari tempat klien berada.",
            "This leg failed or was cancelled; plan a new journey from where the client is.",
        ))),
    }
}

/// Who signed the berita acara serah terima (required).
fn handover_signer(name: &str) -> AppResult<String> {
    trimmed(Some(name.to_owned())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Isi nama yang menandatangani berita acara serah terima.",
            "Fill in who signed the hand-over record.",
        ))
        .with("field", "receivedByName")
    })
}

/// When the client was handed over (now unless given): not in the future, and not before
/// the leg left.
fn handover_time(given: Option<DateTime<Utc>>, leg: &relay_leg::Model) -> AppResult<DateTime<Utc>> {
    let at = given.unwrap_or_else(Utc::now);
    not_in_future(at, "handedOverAt")?;
    if leg.departed_at.is_some_and(|d| at < d) {
        return Err(AppError::bad_input(Msg::new(
            "Serah terima tidak bisa sebelum keberangkatan.",
            "The hand-over cannot be before the departure.",
        ))
        .with("field", "handedOverAt"));
    }
    Ok(at)
}

/// The last hand-over: the journey (`journey_id`) arrived `at` then, and the client is
/// with the family when the receiving office took them there.
async fn record_arrival(
    txn: &impl ConnectionTrait,
    leg: &relay_leg::Model,
    (journey_id, at): (Uuid, DateTime<Utc>),
    to_family: bool,
) -> AppResult<()> {
    escorted_return::Entity::update_many()
        .col_expr(
            escorted_return::Column::Status,
            Expr::value(ReturnStatus::Arrived),
        )
        .col_expr(escorted_return::Column::ArrivedAt, Expr::value(at))
        .filter(escorted_return::Column::Id.eq(journey_id))
        .exec(txn)
        .await?;
    if to_family {
        let case = case_of_leg(txn, leg).await?;
        set_location(txn, &case, ClientLocation::Family).await?;
    }
    Ok(())
}
