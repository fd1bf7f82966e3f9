//! Carrying out an escorted return: the office plans the journey home (the planner's
//! proposal or the worker's own legs), each leg's sending office records the departure
//! (carrier, costs, escorts, the forwarding letter) and its receiving office the hand-over
//! (berita acara serah terima with photo and signer). Each office acts only on the legs
//! that leave from or arrive at it; the case stays with the office that opened it.
use chrono::{DateTime, Utc};
use entity::{
    client::ClientLocation, escorted_return, escorted_return::ReturnMode,
    escorted_return::ReturnStatus, office, relay_leg, relay_leg::Carrier, relay_leg::LegMode,
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
use crate::engine::{CaseCtx, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::{Actor, casework_office};
use crate::infra::error::{AppError, AppResult, Msg, not_in_future};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, finish};
use crate::rules::relay_plan::{Rules, round_km};
use crate::rules::sop::{SopDefinition, StepCheck};
use crate::store::journeys::{legs_of, of_case};
use crate::store::referrals::set_location;
use crate::store::relay_legs::LegPlan;
use crate::store::relay_legs::{
    RouteHome, case_of_leg, check_handover_papers, checked_escorts, chosen_legs, forwarding_letter,
    journey_of_leg, leg_by_id, leg_event, route_home,
};

/// Whether the SOP sends the client home (a step waits for the journey's arrival).
fn sends_home(def: &SopDefinition) -> bool {
    def.steps
        .iter()
        .any(|s| s.checks.contains(&StepCheck::ReturnArrived))
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanReturn {
    pub case_id: Uuid,
    pub mode: ReturnMode,
    pub legs: Option<Vec<LegPlan>>,
    pub shared_document_ids: Vec<Uuid>,
}

/// Plans (or plans again) the journey home of the case's client from the office to the
/// office of the client's region of origin. The legs may change until the journey is
/// approved (the case's letter signed) or the first leg leaves.
pub async fn plan_return(call: &Call<'_>, input: PlanReturn) -> AppResult<escorted_return::Model> {
    let office_id = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, ctx)) =
        begin_on_case(call, "planReturn", &hash, office_id, input.case_id).await?
    else {
        return of_case(&call.state.db, input.case_id)
            .await?
            .ok_or_else(|| AppError::not_found("Pemulangan", "Return"));
    };
    let txn = uow.txn();
    check_plannable(txn, &ctx).await?;
    // After a leg failed, the next journey starts where the client is now.
    let resume_from = match of_case(txn, ctx.case.id).await? {
        Some(j) if j.status == ReturnStatus::Interrupted => Some(
            crate::store::journeys::where_the_client_is(txn, &j)
                .await?
                .unwrap_or(office_id),
        ),
        _ => None,
    };
    let route = route_home(call.state, txn, &ctx.case, office_id, resume_from).await?;
    let rules = Rules::of(&call.state.config);
    let chosen = chosen_legs(txn, &route, rules, input.legs.as_deref()).await?;
    let shared = engine::attachable_documents(txn, &ctx.case, &input.shared_document_ids)
        .await
        .map_err(|e| e.with("field", "sharedDocumentIds"))?;
    let shared_ids = json!(shared.iter().map(|d| d.id).collect::<Vec<_>>());
    let journey = save_journey(
        call,
        txn,
        (&ctx, resume_from.is_some()),
        &route,
        input.mode,
        shared_ids,
    )
    .await?;
    // After a failure the new legs follow the ones that stay.
    let kept = legs_of(txn, journey.id).await?.len() as i32;
    let rows = chosen
        .iter()
        .enumerate()
        .map(|(i, l)| l.row(&route.nodes, (journey.id, ctx.case.id), kept + i as i32 + 1));
    relay_leg::Entity::insert_many(rows).exec(txn).await?;
    readdress_unsigned_letters(txn, ctx.case.id, route.nodes[route.to].0).await?;
    let entry = AuditEntry::new("return.plan", "case", ctx.case.id)
        .office(Some(office_id))
        .details(json!({
            "returnId": journey.id, "legs": chosen.len(),
            "to": route.nodes[route.to].1.code, "ownLegs": input.legs.is_some(),
        }));
    finish(call, uow, "planReturn", &hash, journey.id, entry).await?;
    Ok(journey)
}

/// A journey home is planned on a running return case whose client is identified and
/// whose region of origin is known.
async fn check_plannable(txn: &impl ConnectionTrait, ctx: &CaseCtx) -> AppResult<()> {
    if ctx.case.status == CaseStatus::Closed || !sends_home(&ctx.def) {
        return Err(AppError::precondition(Msg::new(
            "Perjalanan pulang direncanakan pada kasus pemulangan yang masih berjalan (PEMULANGAN_ORANG_TERLANTAR, PENGIRIMAN_ORANG_TERLANTAR).",
            "A journey home is planned on a running return case (PEMULANGAN_ORANG_TERLANTAR, PENGIRIMAN_ORANG_TERLANTAR).",
        ))
        .with("field", "caseId"));
    }
    engine::require(
        txn,
        ctx,
        &[],
        &[StepCheck::IdentitySettled, StepCheck::OriginKnown],
        &[],
    )
    .await
}

/// The journey row, planned again (its old legs removed) or for the first time; after a
/// failed leg (`resuming`) its done and failed legs stay, the cancelled ones go, and it
/// starts again from where the client is. Approved once the case's letters are signed:
/// the route they name no longer changes, except to go on after a failure.
async fn save_journey(
    call: &Call<'_>,
    txn: &impl ConnectionTrait,
    (ctx, resuming): (&CaseCtx, bool),
    route: &RouteHome,
    mode: ReturnMode,
    shared_ids: serde_json::Value,
) -> AppResult<escorted_return::Model> {
    let now = Utc::now();
    let signed = crate::store::letters::all_of_case(txn, ctx.case.id)
        .await?
        .iter()
        .any(|l| l.signed_at.is_some());
    let to_region_code = route.nodes[route.to].1.code.clone();
    match of_case(txn, ctx.case.id).await? {
        Some(existing) if resuming => {
            relay_leg::Entity::delete_many()
                .filter(relay_leg::Column::ReturnId.eq(existing.id))
                .filter(relay_leg::Column::Status.eq(LegStatus::Cancelled))
                .exec(txn)
                .await?;
            let mut row = existing.into_active_model();
            row.status = sea_orm::Set(ReturnStatus::Planned);
            row.mode = sea_orm::Set(mode);
            row.from_region_code = sea_orm::Set(route.nodes[route.from].1.code.clone());
            row.planned_by = sea_orm::Set(call.actor.user.id);
            row.planned_at = sea_orm::Set(now);
            Ok(row.update(txn).await?)
        }
        Some(existing) => {
            if existing.status != ReturnStatus::Planned || signed {
                return Err(AppError::conflict(Msg::new(
                    "Rencana perjalanan sudah disetujui atau sudah berjalan; ruasnya tidak bisa diubah lagi.",
                    "The journey is approved or under way; its legs can no longer change.",
                )));
            }
            relay_leg::Entity::delete_many()
                .filter(relay_leg::Column::ReturnId.eq(existing.id))
                .exec(txn)
                .await?;
            let mut row = existing.into_active_model();
            row.mode = sea_orm::Set(mode);
            row.to_region_code = sea_orm::Set(to_region_code);
            row.shared_document_ids = sea_orm::Set(shared_ids);
            row.planned_by = sea_orm::Set(call.actor.user.id);
            row.planned_at = sea_orm::Set(now);
            Ok(row.update(txn).await?)
        }
        None if signed => Err(AppError::conflict(Msg::new(
            "Surat kasus ini sudah ditandatangani tanpa rencana perjalanan; kembalikan suratnya (sendBack) untuk merencanakan.",
            "This case's letters were signed without a journey plan; send them back (sendBack) to plan one.",
        ))),
        None => Ok(escorted_return::Model {
            id: call.key,
            case_id: ctx.case.id,
            office_id: route.office_id,
            client_id: route.client_id,
            from_region_code: route.nodes[route.from].1.code.clone(),
            to_region_code,
            mode,
            status: ReturnStatus::Planned,
            shared_document_ids: shared_ids,
            planned_by: call.actor.user.id,
            planned_at: now,
            arrived_at: None,
        }
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await?),
    }
}

/// Drafted, unsigned letters go to the office at the (new) journey's end.
async fn readdress_unsigned_letters(
    txn: &impl ConnectionTrait,
    case_id: Uuid,
    end_office_id: Uuid,
) -> AppResult<()> {
    if let Some(end) = office::Entity::find_by_id(end_office_id).one(txn).await? {
        entity::letter::Entity::update_many()
            .col_expr(entity::letter::Column::Addressee, Expr::value(end.name))
            .filter(entity::letter::Column::CaseId.eq(case_id))
            .filter(entity::letter::Column::SignedAt.is_null())
            .exec(txn)
            .await?;
    }
    Ok(())
}

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
    pub distance_km: Option<f64>,
    pub note: Option<String>,
}

/// The sending office records that the client left on this leg: with the forwarding
/// letter (surat penerusan), the carrier, ticket and pocket money, and the escorts.
pub async fn depart(call: &Call<'_>, input: Depart) -> AppResult<relay_leg::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, leg)) = engine::begin_on_leg(call, "departLeg", &hash, input.leg_id, |l| {
        l.from_office_id == office
    })
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
    require_sending_step(txn, &leg).await?;
    check_costs(&input)?;
    let escorts = checked_escorts(txn, office, &input.escort_user_ids, journey.mode).await?;
    let letter_id = forwarding_letter(
        txn,
        (office, journey.client_id),
        input.forwarding_document_id,
    )
    .await?;
    let departed_at = departure_time(input.departed_at, &legs, &leg)?;
    let limit = call.state.config.relay_limit_km;
    let distance = confirmed_distance(&leg, input.distance_km, limit)?;
    let mut row = leg.clone().into_active_model();
    row.status = sea_orm::Set(LegStatus::Departed);
    row.carrier = sea_orm::Set(Some(input.carrier));
    row.ticket_cost = sea_orm::Set(input.ticket_cost);
    row.pocket_money = sea_orm::Set(input.pocket_money);
    row.escort_user_ids = sea_orm::Set(json!(escorts.iter().map(|u| u.id).collect::<Vec<_>>()));
    row.forwarding_letter_number = sea_orm::Set(trimmed(input.forwarding_letter_number.clone()));
    row.forwarding_document_id = sea_orm::Set(Some(letter_id));
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

/// The journey starts at the SOP's sending step (after the letter, for seed 002).
async fn require_sending_step(txn: &impl ConnectionTrait, leg: &relay_leg::Model) -> AppResult<()> {
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
    Ok(())
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
    pub handover_document_id: Uuid,
    pub photo_document_id: Uuid,
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
    let Some((uow, leg)) =
        engine::begin_on_leg(call, "confirmHandover", &hash, input.leg_id, |l| {
            l.to_office_id == office || l.from_office_id == office
        })
        .await?
    else {
        return leg_by_id(&call.state.db, input.leg_id).await;
    };
    let txn = uow.txn();
    require_under_way(&leg)?;
    let by_escort = leg.to_office_id != office;
    let nip = if by_escort {
        Some(escort_may_record(txn, call.actor, &leg, input.received_by_nip.as_deref()).await?)
    } else {
        None
    };
    let signer = handover_signer(&input.received_by_name)?;
    let at = handover_time(input.handed_over_at, &leg)?;
    let journey = journey_of_leg(txn, &leg).await?;
    check_handover_papers(
        txn,
        (office, journey.client_id),
        (input.handover_document_id, input.photo_document_id),
    )
    .await?;
    let count = legs_of(txn, journey.id).await?.len();
    let last = leg.seq as usize == count;
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
    row.handover_document_id = sea_orm::Set(Some(input.handover_document_id));
    row.handover_photo_id = sea_orm::Set(Some(input.photo_document_id));
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
