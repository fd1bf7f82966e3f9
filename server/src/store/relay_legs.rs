//! The legs of escorted returns: the route home and the legs planned along it (the
//! worker's own, checked, or the planner's), which leg an office may act on, the journey
//! and case a leg belongs to, the escorts and papers that travel with it, and the audit
//! event every leg change leaves.

use entity::{
    client, document, document_kind::DocumentKind, escorted_return, escorted_return::ReturnMode,
    office, relay_leg, relay_leg::LegMode, relay_leg::LegStatus, service_case, user,
};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::{Actor, casework_office};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::AppState;
use crate::rules::relay_plan::{Node, RoadKm, Rules, round_km, suggested_km};
use crate::store::regions::LoadedRegions;
use crate::store::relay_nodes::Nodes;

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
pub struct ChosenLeg {
    from: usize,
    to: usize,
    suggested_km: f64,
    km: f64,
    mode: LegMode,
}

impl ChosenLeg {
    /// The row to insert as leg `seq` of the journey `return_id` of case `case_id`:
    /// planned, with nothing of the departure or the hand-over yet.
    pub fn row(
        &self,
        nodes: &[(Uuid, Node)],
        (return_id, case_id): (Uuid, Uuid),
        seq: i32,
    ) -> relay_leg::ActiveModel {
        relay_leg::Model {
            id: Uuid::now_v7(),
            return_id,
            case_id,
            seq,
            from_office_id: nodes[self.from].0,
            to_office_id: nodes[self.to].0,
            distance_km: self.km,
            suggested_km: self.suggested_km,
            mode: self.mode,
            status: LegStatus::Planned,
            carrier: None,
            ticket_cost: None,
            pocket_money: None,
            escort_user_ids: json!([]),
            forwarding_letter_number: None,
            forwarding_document_id: None,
            ticket_document_id: None,
            departed_at: None,
            departed_by: None,
            handed_over_at: None,
            handover_document_id: None,
            handover_photo_id: None,
            received_by_name: None,
            received_by_title: None,
            received_by_nip: None,
            handover_by_escort: false,
            failure: None,
            failure_note: None,
            failed_at: None,
            failed_by: None,
            client_at_office_id: None,
            recorded_by: None,
            note: None,
            handover_note: None,
        }
        .into_active_model()
    }
}

/// How error messages name a relay node's office: its name and region code.
fn office_label(nodes: &[(Uuid, Node)], i: usize) -> String {
    format!("{} ({})", nodes[i].1.name, nodes[i].1.code)
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
    let mut at = from;
    let mut out = Vec::new();
    for (i, l) in list.iter().enumerate() {
        let (a, b) = leg_ends(nodes, regions, (i, at), l)?;
        let (suggested, km) = leg_km(nodes, (a, b), i, l, (rules, known))?;
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
                office_label(nodes, to)
            ),
            format!(
                "The last leg must end at the office of the client's region of origin: {}.",
                office_label(nodes, to)
            ),
        ))
        .with("field", "legs")
        .with("expectedRegionCode", nodes[to].1.code.clone()));
    }
    Ok(out)
}

/// The nodes the `i`th leg runs between: it starts where the leg before it ended (`at`)
/// and ends somewhere else.
fn leg_ends(
    nodes: &[(Uuid, Node)],
    regions: &LoadedRegions,
    (i, at): (usize, usize),
    l: &LegPlan,
) -> AppResult<(usize, usize)> {
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
                office_label(nodes, at)
            ),
            format!(
                "Leg {n} must start where the one before it ends: {}.",
                office_label(nodes, at)
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
    Ok((a, b))
}

/// The suggested and the confirmed distance of the `i`th leg, from `a` to `b`: a land leg
/// stays within one island group and the relay limit.
fn leg_km(
    nodes: &[(Uuid, Node)],
    (a, b): (usize, usize),
    i: usize,
    l: &LegPlan,
    (rules, known): (Rules, &RoadKm),
) -> AppResult<(f64, f64)> {
    let n = i + 1;
    let label = |node: usize| office_label(nodes, node);
    let (na, nb) = (&nodes[a].1, &nodes[b].1);
    if l.mode == LegMode::Land && na.group != nb.group {
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Ruas {n} menyeberang antar pulau ({} ke {}): jadikan SEA atau AIR.",
                label(a),
                label(b)
            ),
            format!(
                "Leg {n} crosses between island groups ({} to {}): make it SEA or AIR.",
                label(a),
                label(b)
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
                label(a), label(b), km, rules.limit_km
            ),
            format!(
                "Leg {n} ({} to {}) is {:.0} km by road, beyond the relay limit of {:.0} km: break it at a Dinas Sosial office on the way.",
                label(a), label(b), km, rules.limit_km
            ),
        ))
        .with("field", format!("legs.{i}.distanceKm"))
        .with("limitKm", rules.limit_km));
    }
    Ok((suggested, km))
}

/// Where the journey home runs: from the case's office (`from`) to the office of the
/// client's region of origin (`to`), over the relay nodes.
pub struct RouteHome {
    pub office_id: Uuid,
    pub client_id: Uuid,
    pub nodes: Nodes,
    pub regions: LoadedRegions,
    pub from: usize,
    pub to: usize,
}

/// The two ends of the journey home of `case`'s client from the case's office
/// (`office_id`); FAILED_PRECONDITION when the client comes from this office's own region
/// (no journey: the family is near).
pub async fn route_home(
    state: &AppState,
    txn: &impl ConnectionTrait,
    case: &service_case::Model,
    office_id: Uuid,
    from_office: Option<Uuid>,
) -> AppResult<RouteHome> {
    let client_id = case
        .client_id
        .ok_or_else(|| AppError::internal("return case without client"))?;
    let client = client::Entity::find_by_id(client_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("case client missing"))?;
    let origin = client.origin_region_code.clone().unwrap_or_default();
    let home = office::Entity::find_by_id(from_office.unwrap_or(office_id))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("office missing"))?;
    let nodes = crate::store::relay_nodes::loaded(state).await?;
    let regions = crate::store::regions::loaded(state).await?;
    let from = node_at(&nodes, &regions, "caseId", &home.region_code)?;
    let to = node_at(&nodes, &regions, "originRegionCode", &origin)?;
    if from == to {
        return Err(AppError::precondition(Msg::new(
            "Daerah asal klien adalah wilayah kantor ini sendiri: antar klien ke keluarganya (recordReunification, HANDED_OVER).",
            "The client's region of origin is this office's own: take the client to the family (recordReunification, HANDED_OVER).",
        )));
    }
    Ok(RouteHome {
        office_id,
        client_id,
        nodes,
        regions,
        from,
        to,
    })
}

/// The legs to store: the worker's own (`own`), once checked, or the planner's proposal.
pub async fn chosen_legs(
    txn: &impl ConnectionTrait,
    route: &RouteHome,
    rules: Rules,
    own: Option<&[LegPlan]>,
) -> AppResult<Vec<ChosenLeg>> {
    let (nodes, from, to) = (&route.nodes, route.from, route.to);
    Ok(match own {
        Some(list) => {
            let known = crate::store::relay_nodes::known_road_km(txn, nodes).await?;
            check_legs(nodes, &route.regions, (from, to), list, (rules, &known))?
        }
        None => crate::store::relay_nodes::propose(txn, nodes, (from, to), rules)
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
    })
}

/// A leg the actor's office may act on (`allowed`), or NOT_FOUND.
pub async fn visible_leg(
    db: &impl ConnectionTrait,
    actor: &Actor,
    leg_id: Uuid,
    allowed: &impl Fn(&relay_leg::Model) -> bool,
) -> AppResult<relay_leg::Model> {
    casework_office(actor)?;
    relay_leg::Entity::find_by_id(leg_id)
        .one(db)
        .await?
        .filter(allowed)
        .ok_or_else(|| AppError::not_found("Ruas perjalanan", "Relay leg").with("field", "legId"))
}

/// A leg as it is now (the answer to a replayed call), or NOT_FOUND.
pub async fn leg_by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<relay_leg::Model> {
    relay_leg::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Ruas perjalanan", "Relay leg"))
}

/// The journey a leg is part of (every leg has one).
pub async fn journey_of_leg(
    db: &impl ConnectionTrait,
    leg: &relay_leg::Model,
) -> AppResult<escorted_return::Model> {
    escorted_return::Entity::find_by_id(leg.return_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("leg without journey"))
}

/// The case a leg serves (every leg has one).
pub async fn case_of_leg(
    db: &impl ConnectionTrait,
    leg: &relay_leg::Model,
) -> AppResult<service_case::Model> {
    service_case::Entity::find_by_id(leg.case_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("leg without case"))
}

/// A paper of `office` of `kind` that belongs to no other client than the traveller (the
/// next offices will read it), or the error naming what it must be.
pub async fn office_document(
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

/// The escorts named: each an active staff member of the sending office. An escorted
/// return (mode ESCORT) needs at least one.
pub async fn checked_escorts(
    txn: &impl ConnectionTrait,
    office: Uuid,
    ids: &[Uuid],
    mode: ReturnMode,
) -> AppResult<Vec<user::Model>> {
    let escorts = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .filter(user::Column::OfficeId.eq(office))
        .filter(user::Column::Active.eq(true))
        .all(txn)
        .await?;
    let wanted: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
    if escorts.len() != wanted.len() {
        return Err(AppError::not_found("Pendamping", "Escort").with("field", "escortUserIds"));
    }
    if mode == ReturnMode::Escort && escorts.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Pemulangan dengan pendampingan: sebutkan petugas yang mendampingi (escortUserIds).",
            "An escorted return: name the staff who travel with the client (escortUserIds).",
        ))
        .with("field", "escortUserIds"));
    }
    Ok(escorts)
}

/// The forwarding letter the client travels with: a SURAT_PENERUSAN paper of the sending
/// office (`owner`: the office and the traveller), required on every leg.
pub async fn forwarding_letter(
    txn: &impl ConnectionTrait,
    owner: (Uuid, Uuid),
    id: Option<Uuid>,
) -> AppResult<Uuid> {
    let Some(letter_id) = id else {
        return Err(AppError::precondition(Msg::new(
            "Surat penerusan menyertai klien di setiap serah terima: unggah sebagai berkas SURAT_PENERUSAN.",
            "The forwarding letter goes with the client at every hand-over: upload it as a SURAT_PENERUSAN document.",
        ))
        .with("missingDocuments", vec!["SURAT_PENERUSAN".to_owned()]));
    };
    office_document(
        txn,
        owner,
        letter_id,
        "forwardingDocumentId",
        DocumentKind::SuratPenerusan,
    )
    .await?;
    Ok(letter_id)
}

/// The signed hand-over record and its photo (`record_id`, `photo_id`): papers of the
/// receiving office (`owner`: the office and the traveller) of the right kinds.
pub async fn check_handover_papers(
    txn: &impl ConnectionTrait,
    owner: (Uuid, Uuid),
    (record_id, photo_id): (Uuid, Uuid),
) -> AppResult<()> {
    for (id, field, kind) in [
        (
            record_id,
            "handoverDocumentId",
            DocumentKind::HandoverRecord,
        ),
        (photo_id, "photoDocumentId", DocumentKind::HandoverPhoto),
    ] {
        office_document(txn, owner, id, field, kind).await?;
    }
    Ok(())
}

/// The audit event of a leg: it names the journey's three offices, so the sending, the
/// receiving and the case's office each hear of it.
pub fn leg_event(
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

/// Whether one of the case's legs is on the way (departed, not yet handed over).
pub async fn underway_of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<bool> {
    Ok(relay_leg::Entity::find()
        .filter(relay_leg::Column::CaseId.eq(case_id))
        .filter(relay_leg::Column::Status.eq(relay_leg::LegStatus::Departed))
        .one(db)
        .await?
        .is_some())
}
