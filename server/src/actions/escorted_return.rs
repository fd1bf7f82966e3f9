//! Carrying out an escorted return: the office plans the journey home (the planner's
//! proposal or the worker's own legs), each leg's sending office records the departure
//! (carrier, costs, escorts, the forwarding letter) and its receiving office the hand-over
//! (berita acara serah terima with photo and signer). Each office acts only on the legs
//! that leave from or arrive at it; the case stays with the office that opened it.
use chrono::{DateTime, Utc};
use entity::{
    client, client::ClientLocation, document, document_kind::DocumentKind, escorted_return,
    escorted_return::ReturnMode, escorted_return::ReturnStatus, office, relay_leg,
    relay_leg::Carrier, relay_leg::LegMode, relay_leg::LegStatus, service_case,
    service_case::CaseStatus, user,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::rules::relay_plan::{Node, RoadKm, Rules, round_km, suggested_km};
use sea_orm::ActiveEnum;

use crate::infra::audit::AuditEntry;

use crate::engine;
use crate::engine::begin_on_case;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg, not_in_future};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::UnitOfWork;
use crate::infra::write::{Call, finish};
use crate::rules::sop::{SopDefinition, StepCheck};
use crate::store::journeys::{legs_of, of_case};
use crate::store::referrals::set_location;
use crate::store::regions::LoadedRegions;

/// The relay node of a region (a kecamatan or village counts as its kota/kabupaten), or
/// BAD_USER_INPUT naming the code and whether it is unknown or only lacks coordinates.
pub fn node_at(
    nodes: &[(Uuid, Node)],
    regions: &LoadedRegions,
    field: &str,
    code: &str,
) -> AppResult<usize> {
    let code = code.trim();
    let level2: String = code.split('.').take(2).collect::<Vec<_>>().join(".");
    if let Some(i) = nodes.iter().position(|(_, n)| n.code == level2) {
        return Ok(i);
    }
    let msg = if regions.contains(code) {
        Msg::new(
            format!("Wilayah '{code}' belum punya koordinat kantor untuk menghitung jarak."),
            format!("The region '{code}' has no office coordinates to measure from."),
        )
    } else {
        Msg::new(
            format!("Kode wilayah '{code}' tidak dikenal (contoh: 62.09, 35.72)."),
            format!("The region code '{code}' is unknown (e.g. 62.09, 35.72)."),
        )
    };
    Err(AppError::bad_input(msg)
        .with("field", field.to_owned())
        .with("regionCode", code.to_owned()))
}

/// A leg the worker proposes instead of the planner's.
#[derive(Clone, Debug, Serialize)]
pub struct LegPlan {
    pub from_region_code: String,
    pub to_region_code: String,
    /// The officer's road distance; the suggestion when absent.
    pub distance_km: Option<f64>,
    pub mode: LegMode,
}

/// A leg as it will be stored: node indices, the suggestion and the confirmed distance.
struct ChosenLeg {
    from: usize,
    to: usize,
    suggested_km: f64,
    km: f64,
    mode: LegMode,
}

/// Checks the worker's legs: they join up from `from` to `to`, land legs stay within one
/// island group and the relay limit; sea and air legs are exempt from the limit.
fn check_legs(
    nodes: &[(Uuid, Node)],
    regions: &LoadedRegions,
    (from, to): (usize, usize),
    list: &[LegPlan],
    (rules, known): (Rules, &RoadKm),
) -> AppResult<Vec<ChosenLeg>> {
    if list.is_empty() || list.len() > 50 {
        return Err(AppError::bad_input(Msg::new(
            "Isi 1 sampai 50 ruas perjalanan.",
            "Give between 1 and 50 legs.",
        ))
        .with("field", "legs"));
    }
    let office = |i: usize| format!("{} ({})", nodes[i].1.name, nodes[i].1.code);
    let mut at = from;
    let mut out = Vec::new();
    for (i, l) in list.iter().enumerate() {
        let n = i + 1;
        let a = node_at(
            nodes,
            regions,
            &format!("legs.{i}.fromRegionCode"),
            &l.from_region_code,
        )?;
        if a != at {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Ruas {n} harus berangkat dari tempat ruas sebelumnya tiba: {}.",
                    office(at)
                ),
                format!(
                    "Leg {n} must start where the one before it ends: {}.",
                    office(at)
                ),
            ))
            .with("field", format!("legs.{i}.fromRegionCode"))
            .with("expectedRegionCode", nodes[at].1.code.clone()));
        }
        let b = node_at(
            nodes,
            regions,
            &format!("legs.{i}.toRegionCode"),
            &l.to_region_code,
        )?;
        if a == b {
            return Err(AppError::bad_input(Msg::new(
                format!("Ruas {n} berangkat dan tiba di kantor yang sama."),
                format!("Leg {n} starts and ends at the same office."),
            ))
            .with("field", format!("legs.{i}.toRegionCode")));
        }
        let (na, nb) = (&nodes[a].1, &nodes[b].1);
        if l.mode == LegMode::Land && na.group != nb.group {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Ruas {n} menyeberang antar pulau ({} ke {}): jadikan SEA atau AIR.",
                    office(a),
                    office(b)
                ),
                format!(
                    "Leg {n} crosses between island groups ({} to {}): make it SEA or AIR.",
                    office(a),
                    office(b)
                ),
            ))
            .with("field", format!("legs.{i}.mode")));
        }
        let suggested = suggested_km(na, nb, l.mode, rules, known);
        let km = l.distance_km.unwrap_or(suggested);
        if !km.is_finite() || km <= 0.0 {
            return Err(AppError::bad_input(Msg::new(
                format!("Jarak ruas {n} harus lebih dari 0 km."),
                format!("The distance of leg {n} must be more than 0 km."),
            ))
            .with("field", format!("legs.{i}.distanceKm")));
        }
        if l.mode == LegMode::Land && km > rules.limit_km {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Ruas {n} ({} ke {}) {:.0} km lewat darat, melebihi batas estafet {:.0} km: pecah di kantor Dinas Sosial di tengah jalan.",
                    office(a), office(b), km, rules.limit_km
                ),
                format!(
                    "Leg {n} ({} to {}) is {:.0} km by road, beyond the relay limit of {:.0} km: break it at a Dinas Sosial office on the way.",
                    office(a), office(b), km, rules.limit_km
                ),
            ))
            .with("field", format!("legs.{i}.distanceKm"))
            .with("limitKm", rules.limit_km));
        }
        out.push(ChosenLeg {
            from: a,
            to: b,
            suggested_km: round_km(suggested),
            km: round_km(km),
            mode: l.mode,
        });
        at = b;
    }
    if at != to {
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Ruas terakhir harus tiba di kantor daerah asal klien: {}.",
                office(to)
            ),
            format!(
                "The last leg must end at the office of the client's region of origin: {}.",
                office(to)
            ),
        ))
        .with("field", "legs")
        .with("expectedRegionCode", nodes[to].1.code.clone()));
    }
    Ok(out)
}

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
    if ctx.case.status == CaseStatus::Closed || !sends_home(&ctx.def) {
        return Err(AppError::precondition(Msg::new(
            "Perjalanan pulang direncanakan pada kasus pemulangan yang masih berjalan (PEMULANGAN_ORANG_TERLANTAR, PENGIRIMAN_ORANG_TERLANTAR).",
            "A journey home is planned on a running return case (PEMULANGAN_ORANG_TERLANTAR, PENGIRIMAN_ORANG_TERLANTAR).",
        ))
        .with("field", "caseId"));
    }
    engine::require(
        txn,
        &ctx,
        &[],
        &[StepCheck::IdentitySettled, StepCheck::OriginKnown],
        &[],
    )
    .await?;
    let client_id = ctx
        .case
        .client_id
        .ok_or_else(|| AppError::internal("return case without client"))?;
    let client = client::Entity::find_by_id(client_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("case client missing"))?;
    let origin = client.origin_region_code.clone().unwrap_or_default();
    let home = office::Entity::find_by_id(office_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("office missing"))?;
    let nodes = crate::store::relay_nodes::loaded(call.state).await?;
    let regions = crate::store::regions::loaded(call.state).await?;
    let from = node_at(&nodes, &regions, "caseId", &home.region_code)?;
    let to = node_at(&nodes, &regions, "originRegionCode", &origin)?;
    if from == to {
        return Err(AppError::precondition(Msg::new(
            "Daerah asal klien adalah wilayah kantor ini sendiri: antar klien ke keluarganya (recordReunification, HANDED_OVER).",
            "The client's region of origin is this office's own: take the client to the family (recordReunification, HANDED_OVER).",
        )));
    }
    let rules = Rules::of(&call.state.config);
    let chosen = match &input.legs {
        Some(list) => {
            let known = crate::store::relay_nodes::known_road_km(txn, &nodes).await?;
            check_legs(&nodes, &regions, (from, to), list, (rules, &known))?
        }
        None => crate::store::relay_nodes::propose(txn, &nodes, (from, to), rules)
            .await?
            .legs
            .into_iter()
            .map(|l| ChosenLeg {
                from: l.from,
                to: l.to,
                suggested_km: round_km(l.km),
                km: round_km(l.km),
                mode: l.mode,
            })
            .collect(),
    };
    let shared = engine::attachable_documents(txn, &ctx.case, &input.shared_document_ids)
        .await
        .map_err(|e| e.with("field", "sharedDocumentIds"))?;
    let shared_ids = json!(shared.iter().map(|d| d.id).collect::<Vec<_>>());
    let now = Utc::now();
    // Approved once the case's letters are signed: the route they name no longer changes.
    let signed = crate::store::letters::all_of_case(txn, ctx.case.id)
        .await?
        .iter()
        .any(|l| l.signed_at.is_some());
    let journey = match of_case(txn, ctx.case.id).await? {
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
            row.mode = sea_orm::Set(input.mode);
            row.to_region_code = sea_orm::Set(nodes[to].1.code.clone());
            row.shared_document_ids = sea_orm::Set(shared_ids);
            row.planned_by = sea_orm::Set(call.actor.user.id);
            row.planned_at = sea_orm::Set(now);
            row.update(txn).await?
        }
        None if signed => {
            return Err(AppError::conflict(Msg::new(
                "Surat kasus ini sudah ditandatangani tanpa rencana perjalanan; kembalikan suratnya (sendBack) untuk merencanakan.",
                "This case's letters were signed without a journey plan; send them back (sendBack) to plan one.",
            )));
        }
        None => {
            escorted_return::Model {
                id: call.key,
                case_id: ctx.case.id,
                office_id,
                client_id,
                from_region_code: nodes[from].1.code.clone(),
                to_region_code: nodes[to].1.code.clone(),
                mode: input.mode,
                status: ReturnStatus::Planned,
                shared_document_ids: shared_ids,
                planned_by: call.actor.user.id,
                planned_at: now,
                arrived_at: None,
            }
            .into_active_model()
            .reset_all()
            .insert(txn)
            .await?
        }
    };
    let rows = chosen.iter().enumerate().map(|(i, l)| {
        relay_leg::Model {
            id: Uuid::now_v7(),
            return_id: journey.id,
            case_id: ctx.case.id,
            seq: i as i32 + 1,
            from_office_id: nodes[l.from].0,
            to_office_id: nodes[l.to].0,
            distance_km: l.km,
            suggested_km: l.suggested_km,
            mode: l.mode,
            status: LegStatus::Planned,
            carrier: None,
            ticket_cost: None,
            pocket_money: None,
            escort_user_ids: json!([]),
            forwarding_letter_number: None,
            forwarding_document_id: None,
            departed_at: None,
            departed_by: None,
            handed_over_at: None,
            handover_document_id: None,
            handover_photo_id: None,
            received_by_name: None,
            received_by_title: None,
            recorded_by: None,
            note: None,
            handover_note: None,
        }
        .into_active_model()
    });
    relay_leg::Entity::insert_many(rows).exec(txn).await?;
    // Drafted, unsigned letters go to the office at the (new) journey's end.
    if let Some(end) = office::Entity::find_by_id(nodes[to].0).one(txn).await? {
        entity::letter::Entity::update_many()
            .col_expr(entity::letter::Column::Addressee, Expr::value(end.name))
            .filter(entity::letter::Column::CaseId.eq(ctx.case.id))
            .filter(entity::letter::Column::SignedAt.is_null())
            .exec(txn)
            .await?;
    }
    let entry = AuditEntry::new("return.plan", "case", ctx.case.id)
        .office(Some(office_id))
        .details(json!({
            "returnId": journey.id, "legs": chosen.len(),
            "to": nodes[to].1.code, "ownLegs": input.legs.is_some(),
        }));
    finish(call, uow, "planReturn", &hash, journey.id, entry).await?;
    Ok(journey)
}

/// Starts a unit of work on a leg: takes its case's row (two offices acting on one journey,
/// or the case's office planning it again, are served in turn), then checks the key.
/// `Ok(None)`: a replay.
async fn begin_on_leg(
    call: &Call<'_>,
    operation: &str,
    hash: &str,
    leg_id: Uuid,
    allowed: impl Fn(&relay_leg::Model) -> bool,
) -> AppResult<Option<(UnitOfWork, relay_leg::Model)>> {
    let pre = visible_leg(&call.state.db, call, leg_id, &allowed).await?;
    let uow = UnitOfWork::begin(call.state).await?;
    crate::infra::changes::lock_case_row(uow.txn(), None, pre.case_id).await?;
    if idempotency::replayed(uow.txn(), call.key, operation, hash)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let leg = visible_leg(uow.txn(), call, leg_id, &allowed).await?;
    Ok(Some((uow, leg)))
}

/// A leg the caller's office may act on (`allowed`), or NOT_FOUND.
async fn visible_leg(
    db: &impl ConnectionTrait,
    call: &Call<'_>,
    leg_id: Uuid,
    allowed: &impl Fn(&relay_leg::Model) -> bool,
) -> AppResult<relay_leg::Model> {
    casework_office(call.actor)?;
    relay_leg::Entity::find_by_id(leg_id)
        .one(db)
        .await?
        .filter(allowed)
        .ok_or_else(|| AppError::not_found("Ruas perjalanan", "Relay leg").with("field", "legId"))
}

async fn leg_by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<relay_leg::Model> {
    relay_leg::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Ruas perjalanan", "Relay leg"))
}

/// A paper of `office` of `kind` that belongs to no other client than the traveller (the
/// next offices will read it), or the error naming what it must be.
async fn office_document(
    db: &impl ConnectionTrait,
    (office, client): (Uuid, Uuid),
    id: Uuid,
    field: &'static str,
    kind: DocumentKind,
) -> AppResult<document::Model> {
    let d = document::Entity::find_by_id(id)
        .filter(document::Column::OfficeId.eq(office))
        .one(db)
        .await?
        .filter(|d| d.client_id.is_none_or(|c| c == client))
        .ok_or_else(|| AppError::not_found("Berkas", "Document").with("field", field))?;
    let name = kind.to_value();
    if d.kind != kind {
        return Err(AppError::bad_input(Msg::new(
            format!("Berkas ini harus berjenis {name}."),
            format!("This document must be of kind {name}."),
        ))
        .with("field", field));
    }
    Ok(d)
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
    let Some((uow, leg)) = begin_on_leg(call, "departLeg", &hash, input.leg_id, |l| {
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
    let journey = escorted_return::Entity::find_by_id(leg.return_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("leg without journey"))?;
    let legs = legs_of(txn, journey.id).await?;
    if let Some(prev) = legs.iter().find(|l| l.seq == leg.seq - 1)
        && prev.status != LegStatus::HandedOver
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
    // The journey starts at the SOP's sending step (after the letter, for seed 002).
    let case = service_case::Entity::find_by_id(leg.case_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("leg without case"))?;
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
    let escorts = user::Entity::find()
        .filter(user::Column::Id.is_in(input.escort_user_ids.iter().copied()))
        .filter(user::Column::OfficeId.eq(office))
        .filter(user::Column::Active.eq(true))
        .all(txn)
        .await?;
    let wanted: std::collections::HashSet<Uuid> = input.escort_user_ids.iter().copied().collect();
    if escorts.len() != wanted.len() {
        return Err(AppError::not_found("Pendamping", "Escort").with("field", "escortUserIds"));
    }
    if journey.mode == ReturnMode::Escort && escorts.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Pemulangan dengan pendampingan: sebutkan petugas yang mendampingi (escortUserIds).",
            "An escorted return: name the staff who travel with the client (escortUserIds).",
        ))
        .with("field", "escortUserIds"));
    }
    let Some(letter_id) = input.forwarding_document_id else {
        return Err(AppError::precondition(Msg::new(
            "Surat penerusan menyertai klien di setiap serah terima: unggah sebagai berkas SURAT_PENERUSAN.",
            "The forwarding letter goes with the client at every hand-over: upload it as a SURAT_PENERUSAN document.",
        ))
        .with("missingDocuments", vec!["SURAT_PENERUSAN".to_owned()]));
    };
    office_document(
        txn,
        (office, journey.client_id),
        letter_id,
        "forwardingDocumentId",
        DocumentKind::SuratPenerusan,
    )
    .await?;
    let departed_at = input.departed_at.unwrap_or_else(Utc::now);
    not_in_future(departed_at, "departedAt")?;
    let arrived_here = legs
        .iter()
        .find(|l| l.seq == leg.seq - 1)
        .and_then(|l| l.handed_over_at);
    if arrived_here.is_some_and(|at| departed_at < at) {
        return Err(AppError::bad_input(Msg::new(
            "Keberangkatan tidak bisa sebelum klien diserahterimakan di kantor Anda.",
            "The departure cannot be before the client was handed over at your office.",
        ))
        .with("field", "departedAt"));
    }
    let mut distance = leg.distance_km;
    if let Some(km) = input.distance_km {
        let limit = call.state.config.relay_limit_km;
        if !km.is_finite() || km <= 0.0 || (leg.mode == LegMode::Land && km > limit) {
            return Err(AppError::bad_input(Msg::new(
                format!("Jarak ruas darat harus antara 0 dan {limit:.0} km (batas estafet)."),
                format!(
                    "A land leg's distance must lie between 0 and {limit:.0} km (the relay limit)."
                ),
            ))
            .with("field", "distanceKm"));
        }
        distance = round_km(km);
    }
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

/// The audit event of a leg: it names the journey's three offices, so the sending, the
/// receiving and the case's office each hear of it.
fn leg_event(
    action: &'static str,
    leg: &relay_leg::Model,
    journey: &escorted_return::Model,
    acting_office: Uuid,
    leg_count: usize,
) -> AuditEntry {
    AuditEntry::new(action, "relay_leg", leg.id)
        .office(Some(acting_office))
        // No case id: the offices on the way read this trail too.
        .details(json!({
            "returnId": journey.id, "seq": leg.seq,
            "last": leg.seq as usize == leg_count,
            "caseOfficeId": journey.office_id,
            "fromOfficeId": leg.from_office_id, "toOfficeId": leg.to_office_id,
        }))
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
}

/// The receiving office confirms the hand-over with the signed record and a photo. On the
/// last leg the journey has arrived; the client is with the family or the origin office.
pub async fn hand_over(call: &Call<'_>, input: Handover) -> AppResult<relay_leg::Model> {
    let office = casework_office(call.actor)?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, leg)) = begin_on_leg(call, "confirmHandover", &hash, input.leg_id, |l| {
        l.to_office_id == office
    })
    .await?
    else {
        return leg_by_id(&call.state.db, input.leg_id).await;
    };
    let txn = uow.txn();
    match leg.status {
        LegStatus::Departed => {}
        LegStatus::Planned => {
            return Err(AppError::precondition(Msg::new(
                "Ruas ini belum berangkat; serah terima dicatat sesudah klien tiba.",
                "This leg has not left yet; the hand-over is recorded when the client arrives.",
            )));
        }
        LegStatus::HandedOver => {
            return Err(AppError::conflict(Msg::new(
                "Serah terima ruas ini sudah dicatat.",
                "This leg's hand-over is already recorded.",
            )));
        }
    }
    let signer = trimmed(Some(input.received_by_name.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Isi nama yang menandatangani berita acara serah terima.",
            "Fill in who signed the hand-over record.",
        ))
        .with("field", "receivedByName")
    })?;
    let at = input.handed_over_at.unwrap_or_else(Utc::now);
    not_in_future(at, "handedOverAt")?;
    if leg.departed_at.is_some_and(|d| at < d) {
        return Err(AppError::bad_input(Msg::new(
            "Serah terima tidak bisa sebelum keberangkatan.",
            "The hand-over cannot be before the departure.",
        ))
        .with("field", "handedOverAt"));
    }
    let journey = escorted_return::Entity::find_by_id(leg.return_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("leg without journey"))?;
    for (id, field, kind) in [
        (
            input.handover_document_id,
            "handoverDocumentId",
            DocumentKind::HandoverRecord,
        ),
        (
            input.photo_document_id,
            "photoDocumentId",
            DocumentKind::HandoverPhoto,
        ),
    ] {
        office_document(txn, (office, journey.client_id), id, field, kind).await?;
    }
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
    row.recorded_by = sea_orm::Set(Some(call.actor.user.id));
    row.handover_note = sea_orm::Set(trimmed(input.note.clone()));
    let updated = row.update(txn).await?;
    if last {
        escorted_return::Entity::update_many()
            .col_expr(
                escorted_return::Column::Status,
                Expr::value(ReturnStatus::Arrived),
            )
            .col_expr(escorted_return::Column::ArrivedAt, Expr::value(at))
            .filter(escorted_return::Column::Id.eq(journey.id))
            .exec(txn)
            .await?;
        if input.to_family {
            let case = service_case::Entity::find_by_id(leg.case_id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::internal("leg without case"))?;
            set_location(txn, &case, ClientLocation::Family).await?;
        }
    }
    let entry = leg_event("leg.handover", &updated, &journey, office, count);
    finish(call, uow, "confirmHandover", &hash, updated.id, entry).await?;
    Ok(updated)
}
