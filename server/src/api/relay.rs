//! Escorted returns and their relay legs in the schema: the journey, the legs at an
//! office and the planner's proposal (the mutations are in `relay_mutations`).
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{
    escorted_return, escorted_return::ReturnMode, escorted_return::ReturnStatus, relay_leg,
    relay_leg::Carrier, relay_leg::LegStatus, service_case,
};
use uuid::Uuid;

use crate::api::context::ContextExt;
use crate::api::documents::Document;
use crate::api::documents::document_by_id;
use crate::api::referrals::{ReferredClient, limited_view};
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::ids::{parse_id, to_id};
use crate::rules::relay_plan::{LegMode, Rules, round_km};
use crate::store::journeys::OfficeEnd;
use crate::store::relay_legs::node_at;

/// A Dinas Sosial office on a journey: the kota/kabupaten office, or the province's.
#[derive(SimpleObject, Clone)]
pub struct RelayOffice {
    /// `Dinas Sosial Kabupaten Lamandau`, `Dinas Sosial Provinsi Jawa Timur`.
    pub name: String,
    pub region_code: String,
}

#[derive(SimpleObject)]
pub struct ProposedLeg {
    pub from: RelayOffice,
    pub to: RelayOffice,
    /// Road km for a land leg (as recorded by officers on earlier journeys, else
    /// great-circle × road factor); great-circle km by sea.
    pub distance_km: f64,
    pub mode: LegMode,
}

/// A proposed journey: the worker may change it before it is approved.
#[derive(SimpleObject)]
pub struct RelayPlan {
    pub total_km: f64,
    pub legs: Vec<ProposedLeg>,
    /// The land-leg limit the plan keeps to.
    pub limit_km: f64,
    pub road_factor: f64,
}

/// The office (name and region) of an office id.
async fn relay_office(ctx: &Context<'_>, id: Uuid) -> AppResult<RelayOffice> {
    let o = ctx
        .loaders()
        .offices
        .load_one(id)
        .await?
        .ok_or_else(|| AppError::internal("relay office missing"))?;
    Ok(RelayOffice {
        name: o.name,
        region_code: o.region_code,
    })
}

/// Where the client is on the journey now.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PositionState {
    /// At an office (the sending one, or a relay office after its hand-over).
    AtOffice,
    /// On a leg between two offices.
    InTransit,
    /// Handed over at the destination.
    Arrived,
    /// A leg failed: the client is near the office named (a new journey starts there).
    Interrupted,
}

#[derive(SimpleObject)]
pub struct ReturnPosition {
    pub state: PositionState,
    /// The office the client is at, or (in transit) heading to.
    pub office: RelayOffice,
    /// The leg last departed or handed over (null before the first departure).
    pub leg_seq: Option<i32>,
    pub since: DateTime<Utc>,
}

/// A journey with its legs, read once for all its fields.
pub struct EscortedReturn {
    row: escorted_return::Model,
    legs: Vec<relay_leg::Model>,
}

impl EscortedReturn {
    pub async fn load(ctx: &Context<'_>, row: escorted_return::Model) -> AppResult<Self> {
        let legs = crate::store::journeys::legs_of(&ctx.app().db, row.id).await?;
        Ok(Self { row, legs })
    }
}

/// A stranded client's journey home (pemulangan), from the case's office to the office of
/// the client's region of origin, leg by leg. Read through its case.
#[Object]
impl EscortedReturn {
    async fn id(&self) -> ID {
        to_id(self.row.id)
    }
    async fn case_id(&self) -> ID {
        to_id(self.row.case_id)
    }
    async fn mode(&self) -> ReturnMode {
        self.row.mode
    }
    /// Relay legs handed over office to office; false: straight on (a ticket to the
    /// family, or our escort the whole way), every leg recorded by the case's office.
    async fn by_relay(&self) -> bool {
        self.row.by_relay
    }
    async fn status(&self) -> ReturnStatus {
        self.row.status
    }
    async fn from(&self, ctx: &Context<'_>) -> AppResult<RelayOffice> {
        relay_office(ctx, self.row.office_id).await
    }
    /// The client's region of origin (its kota/kabupaten).
    async fn to_region_code(&self) -> &str {
        &self.row.to_region_code
    }
    async fn legs(&self) -> Vec<RelayLeg> {
        self.legs.iter().cloned().map(RelayLeg).collect()
    }
    /// The sum of the legs' confirmed distances.
    async fn total_km(&self) -> f64 {
        round_km(self.legs.iter().map(|l| l.distance_km).sum::<f64>())
    }
    /// Ticket costs and pocket money of all legs, in Rupiah.
    async fn total_cost(&self) -> i64 {
        self.legs
            .iter()
            .map(|l| i64::from(l.ticket_cost.unwrap_or(0)) + i64::from(l.pocket_money.unwrap_or(0)))
            .sum()
    }
    /// Where the client is now.
    async fn position(&self, ctx: &Context<'_>) -> AppResult<ReturnPosition> {
        let legs = &self.legs;
        let moved = legs
            .iter()
            .rev()
            .find(|l| !matches!(l.status, LegStatus::Planned | LegStatus::Cancelled));
        Ok(match moved {
            None => ReturnPosition {
                state: PositionState::AtOffice,
                office: relay_office(ctx, self.row.office_id).await?,
                leg_seq: None,
                since: self.row.planned_at,
            },
            Some(l) if l.status == LegStatus::Failed => ReturnPosition {
                state: PositionState::Interrupted,
                office: relay_office(ctx, l.client_at_office_id.unwrap_or(l.from_office_id))
                    .await?,
                leg_seq: Some(l.seq),
                since: l.failed_at.unwrap_or(self.row.planned_at),
            },
            Some(l) => ReturnPosition {
                state: match l.status {
                    LegStatus::Departed => PositionState::InTransit,
                    _ if l.seq as usize == legs.len() => PositionState::Arrived,
                    _ => PositionState::AtOffice,
                },
                office: relay_office(ctx, l.to_office_id).await?,
                leg_seq: Some(l.seq),
                since: l
                    .handed_over_at
                    .or(l.departed_at)
                    .unwrap_or(self.row.planned_at),
            },
        })
    }
    /// Papers of the case the offices on the way may read.
    async fn shared_documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        shared_documents(ctx, &self.row).await
    }
    async fn planned_at(&self) -> DateTime<Utc> {
        self.row.planned_at
    }
    async fn arrived_at(&self) -> Option<DateTime<Utc>> {
        self.row.arrived_at
    }
}

/// The papers the case's office shared with the offices on the journey.
async fn shared_documents(
    ctx: &Context<'_>,
    j: &escorted_return::Model,
) -> AppResult<Vec<Document>> {
    let shared = crate::store::journeys::shared_ids(j);
    Ok(crate::store::documents::by_ids(&ctx.app().db, shared)
        .await?
        .into_iter()
        .map(Document)
        .collect())
}

pub struct RelayLeg(pub relay_leg::Model);

impl RelayLeg {
    /// The leg's journey (batched across the legs of a request).
    async fn journey(&self, ctx: &Context<'_>) -> AppResult<escorted_return::Model> {
        ctx.loaders()
            .escorted_returns
            .load_one(self.0.return_id)
            .await?
            .ok_or_else(|| AppError::internal("leg without journey"))
    }
}

/// One leg of a journey home: what the sending office recorded at departure and the
/// receiving office at the hand-over. Offices on the leg see it with a limited view of the
/// client; the case file stays with the case's office.
#[Object]
impl RelayLeg {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    /// The case, for its own office only; null for the offices on the way.
    async fn case_id(&self, ctx: &Context<'_>) -> AppResult<Option<ID>> {
        let mine = ctx
            .viewer()?
            .reads_office(self.journey(ctx).await?.office_id);
        Ok(mine.then(|| to_id(self.0.case_id)))
    }
    async fn return_id(&self) -> ID {
        to_id(self.0.return_id)
    }
    /// 1, 2, 3 ... in travel order.
    async fn seq(&self) -> i32 {
        self.0.seq
    }
    /// How many legs the journey has (the last one ends at the destination).
    async fn leg_count(&self, ctx: &Context<'_>) -> AppResult<i32> {
        Ok(
            crate::store::journeys::legs_of(&ctx.app().db, self.0.return_id)
                .await?
                .len() as i32,
        )
    }
    async fn from(&self, ctx: &Context<'_>) -> AppResult<RelayOffice> {
        relay_office(ctx, self.0.from_office_id).await
    }
    async fn to(&self, ctx: &Context<'_>) -> AppResult<RelayOffice> {
        relay_office(ctx, self.0.to_office_id).await
    }
    /// The distance the officer confirmed (km).
    async fn distance_km(&self) -> f64 {
        self.0.distance_km
    }
    /// The planner's suggestion (km): great-circle × road factor by land.
    async fn suggested_km(&self) -> f64 {
        self.0.suggested_km
    }
    async fn mode(&self) -> LegMode {
        self.0.mode
    }
    async fn status(&self) -> LegStatus {
        self.0.status
    }
    async fn carrier(&self) -> Option<Carrier> {
        self.0.carrier
    }
    /// Rupiah.
    async fn ticket_cost(&self) -> Option<i32> {
        self.0.ticket_cost
    }
    /// Uang saku, Rupiah.
    async fn pocket_money(&self) -> Option<i32> {
        self.0.pocket_money
    }
    /// The names of the staff travelling with the client.
    async fn escort_names(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        let ids: Vec<Uuid> =
            serde_json::from_value(self.0.escort_user_ids.clone()).unwrap_or_default();
        let users = ctx.loaders().users.load_many(ids.iter().copied()).await?;
        Ok(ids
            .iter()
            .filter_map(|id| users.get(id).map(|u| u.full_name.clone()))
            .collect())
    }
    async fn departed_at(&self) -> Option<DateTime<Utc>> {
        self.0.departed_at
    }
    async fn handed_over_at(&self) -> Option<DateTime<Utc>> {
        self.0.handed_over_at
    }
    async fn forwarding_letter_number(&self) -> Option<&str> {
        self.0.forwarding_letter_number.as_deref()
    }
    /// The surat penerusan that went with the client.
    async fn forwarding_letter(&self, ctx: &Context<'_>) -> AppResult<Option<Document>> {
        document_by_id(ctx, self.0.forwarding_document_id).await
    }
    /// The ticket or receipt that paid for this leg.
    async fn ticket(&self, ctx: &Context<'_>) -> AppResult<Option<Document>> {
        document_by_id(ctx, self.0.ticket_document_id).await
    }
    /// The berita acara serah terima, signed at the receiving end.
    async fn handover_record(&self, ctx: &Context<'_>) -> AppResult<Option<Document>> {
        document_by_id(ctx, self.0.handover_document_id).await
    }
    async fn handover_photo(&self, ctx: &Context<'_>) -> AppResult<Option<Document>> {
        document_by_id(ctx, self.0.handover_photo_id).await
    }
    /// Who signed the hand-over record, and as what.
    async fn received_by_name(&self) -> Option<&str> {
        self.0.received_by_name.as_deref()
    }
    async fn received_by_title(&self) -> Option<&str> {
        self.0.received_by_title.as_deref()
    }
    /// A failed leg: why, what happened, when.
    async fn failure(&self) -> Option<entity::relay_leg::LegFailure> {
        self.0.failure
    }
    async fn failure_note(&self) -> Option<&str> {
        self.0.failure_note.as_deref()
    }
    async fn failed_at(&self) -> Option<DateTime<Utc>> {
        self.0.failed_at
    }
    /// After a failure: the office nearest to where the client is (the next journey
    /// starts there).
    async fn client_at(&self, ctx: &Context<'_>) -> AppResult<Option<RelayOffice>> {
        match self.0.client_at_office_id {
            Some(id) => Ok(Some(relay_office(ctx, id).await?)),
            None => Ok(None),
        }
    }
    async fn received_by_nip(&self) -> Option<&str> {
        self.0.received_by_nip.as_deref()
    }
    /// Recorded by the leg's escort for a receiving office without users.
    async fn handover_by_escort(&self) -> bool {
        self.0.handover_by_escort
    }
    /// The sending office's note at departure.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The receiving office's note at the hand-over.
    async fn handover_note(&self) -> Option<&str> {
        self.0.handover_note.as_deref()
    }
    /// Who travels: enough to recognise the person at the hand-over (the read is logged).
    async fn traveller(&self, ctx: &Context<'_>) -> AppResult<Option<ReferredClient>> {
        limited_view(ctx, self.journey(ctx).await?.client_id, "relay_leg").await
    }
    /// The papers the case's office shared with the offices on the way.
    async fn shared_documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        shared_documents(ctx, &self.journey(ctx).await?).await
    }
}

/// Legs arriving at the caller's office, or leaving from it.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum LegDirection {
    Incoming,
    Outgoing,
}

#[derive(Default)]
pub struct RelayQuery;

#[Object]
impl RelayQuery {
    /// Plans an escorted return between two regions (Kemendagri codes, `62.09`, `35.72`;
    /// deeper codes count as their kota/kabupaten): land legs within the relay limit, a sea
    /// leg between island groups, the fewest legs, then the least distance. Usable before
    /// a case exists; `planReturn` stores a plan on a case.
    async fn plan_relay(
        &self,
        ctx: &Context<'_>,
        from: String,
        to: String,
    ) -> AppResult<RelayPlan> {
        casework_office(ctx.actor()?)?;
        let db = &ctx.app().db;
        let config = &ctx.app().config;
        let nodes = crate::store::relay_nodes::loaded(ctx.app()).await?;
        let regions = crate::store::regions::loaded(ctx.app()).await?;
        let a = node_at(&nodes, &regions, "from", &from)?;
        let b = node_at(&nodes, &regions, "to", &to)?;
        let rules = Rules::of(config);
        let found = crate::store::relay_nodes::propose(db, &nodes, (a, b), rules).await?;
        let office = |i: usize| RelayOffice {
            name: nodes[i].1.name.clone(),
            region_code: nodes[i].1.code.clone(),
        };
        let round = round_km;
        Ok(RelayPlan {
            total_km: round(found.total_km),
            legs: found
                .legs
                .iter()
                .map(|l| ProposedLeg {
                    from: office(l.from),
                    to: office(l.to),
                    distance_km: round(l.km),
                    mode: l.mode,
                })
                .collect(),
            limit_km: rules.limit_km,
            road_factor: rules.road_factor,
        })
    }

    /// A relay leg, for the offices it leaves from or arrives at and the case's office;
    /// null for anyone else.
    async fn relay_leg(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<RelayLeg>> {
        let Ok(office) = casework_office(ctx.actor()?) else {
            // Not office staff (a partner, the admin): nothing of an office is theirs to see.
            return Ok(None);
        };
        Ok(
            crate::store::journeys::leg_visible_to(&ctx.app().db, office, parse_id(&id)?)
                .await?
                .map(RelayLeg),
        )
    }

    /// The legs coming to the caller's office (INCOMING, to confirm their hand-over) or
    /// leaving from it (OUTGOING, to carry), soonest first; optionally by status.
    async fn relay_legs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "LegDirection::Incoming")] direction: LegDirection,
        status: Option<LegStatus>,
    ) -> AppResult<Vec<RelayLeg>> {
        let office = casework_office(ctx.actor()?)?;
        let end = match direction {
            LegDirection::Incoming => OfficeEnd::Receiving,
            LegDirection::Outgoing => OfficeEnd::Sending,
        };
        Ok(
            crate::store::journeys::legs_at_office(&ctx.app().db, office, end, status)
                .await?
                .into_iter()
                .map(RelayLeg)
                .collect(),
        )
    }
}

/// The case's journey home, for its office.
pub async fn return_of_case(
    ctx: &Context<'_>,
    case: &service_case::Model,
) -> AppResult<Option<EscortedReturn>> {
    match crate::store::journeys::of_case(&ctx.app().db, case.id).await? {
        Some(row) => Ok(Some(EscortedReturn::load(ctx, row).await?)),
        None => Ok(None),
    }
}
