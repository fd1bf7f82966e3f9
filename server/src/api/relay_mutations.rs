//! The return mutations and their inputs: planning the journey home, a leg's departure
//! and its hand-over.
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{escorted_return::ReturnMode, relay_leg::Carrier};

use crate::actions::escorted_return as journey;
use crate::actions::escorted_return::PlanReturn;
use crate::actions::journey_legs::{Depart, Handover};
use crate::api::cases::{call, ids};
use crate::api::relay::{EscortedReturn, RelayLeg};
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;
use crate::rules::relay_plan::LegMode;
use crate::store::relay_legs::LegPlan;

#[derive(InputObject)]
pub struct LegPlanInput {
    pub from_region_code: String,
    pub to_region_code: String,
    /// The road distance the officer knows; the planner's suggestion when left out.
    pub distance_km: Option<f64>,
    pub mode: LegMode,
}

#[derive(InputObject)]
pub struct PlanReturnInput {
    /// Made on the phone; it becomes the journey's id (a second plan keeps the first id).
    pub id: ID,
    pub case_id: ID,
    pub mode: ReturnMode,
    /// Relay legs, handed over office to office (each land leg within the relay limit),
    /// or straight on: by ticket to the family, or with our escort the whole way, the
    /// case's office recording every leg. Default: relay where the SOP sets a relay limit
    /// (seed 003, "estafet ... melebihi 250 KM"), straight on otherwise (seed 002).
    pub by_relay: Option<bool>,
    /// The worker's own legs (from the office to the client's region of origin); the
    /// planner's proposal when left out.
    pub legs: Option<Vec<LegPlanInput>>,
    /// Papers the offices on the way may read (the police letter, the client's photo).
    #[graphql(default)]
    pub shared_document_ids: Vec<ID>,
    /// Staff of this office who will travel with the client: the surat tugas names them,
    /// and `departLeg` takes them when it names none.
    #[graphql(default)]
    pub escort_user_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct DepartLegInput {
    /// Mutation id made on the phone.
    pub id: ID,
    pub leg_id: ID,
    pub carrier: Carrier,
    /// Rupiah.
    pub ticket_cost: Option<i32>,
    /// Uang saku, Rupiah.
    pub pocket_money: Option<i32>,
    /// Staff of the sending office who travel with the client (for ESCORT: those named in
    /// the plan when left out; one at least).
    #[graphql(default)]
    pub escort_user_ids: Vec<ID>,
    pub departed_at: Option<DateTime<Utc>>,
    /// The surat penerusan, uploaded as a SURAT_PENERUSAN document, and its number.
    pub forwarding_document_id: Option<ID>,
    pub forwarding_letter_number: Option<String>,
    /// The ticket or receipt paid for this leg, uploaded as a TICKET_RECEIPT document.
    pub ticket_document_id: Option<ID>,
    /// The officer's correction of the leg's distance (km).
    pub distance_km: Option<f64>,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct ConfirmHandoverInput {
    /// Mutation id made on the phone.
    pub id: ID,
    pub leg_id: ID,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// Who signed the berita acara serah terima, and as what.
    pub received_by_name: String,
    pub received_by_title: Option<String>,
    /// The escort recording for a receiving office that has no users yet: the signer's
    /// NIP (18 digits). Required then.
    pub received_by_nip: Option<String>,
    /// The signed record (HANDOVER_RECORD) and a photo (HANDOVER_PHOTO), uploaded by the
    /// receiving office (or by the escort, for an office without users). Required on a
    /// relay journey and at the end of every journey; a journey straight on records its
    /// stops on the way without them.
    pub handover_document_id: Option<ID>,
    pub photo_document_id: Option<ID>,
    /// Last leg: the client went on to the family.
    #[graphql(default)]
    pub to_family: bool,
    pub note: Option<String>,
}

#[derive(Default)]
pub struct RelayMutation;

#[Object]
impl RelayMutation {
    /// Plans the case's journey home (or plans it again until it is approved): the
    /// planner's legs, or the worker's own, checked against the relay rules.
    async fn plan_return(
        &self,
        ctx: &Context<'_>,
        input: PlanReturnInput,
    ) -> AppResult<EscortedReturn> {
        let p = PlanReturn {
            case_id: parse_id(&input.case_id)?,
            mode: input.mode,
            by_relay: input.by_relay,
            legs: input.legs.map(|legs| {
                legs.into_iter()
                    .map(|l| LegPlan {
                        from_region_code: l.from_region_code,
                        to_region_code: l.to_region_code,
                        distance_km: l.distance_km,
                        mode: l.mode,
                    })
                    .collect()
            }),
            shared_document_ids: ids(&input.shared_document_ids)?,
            escort_user_ids: ids(&input.escort_user_ids)?,
        };
        let row = journey::plan_return(&call(ctx, &input.id)?, p).await?;
        EscortedReturn::load(ctx, row).await
    }

    /// The sending office: the client left on this leg.
    async fn depart_leg(&self, ctx: &Context<'_>, input: DepartLegInput) -> AppResult<RelayLeg> {
        let d = Depart {
            leg_id: parse_id(&input.leg_id)?,
            carrier: input.carrier,
            ticket_cost: input.ticket_cost,
            pocket_money: input.pocket_money,
            escort_user_ids: ids(&input.escort_user_ids)?,
            departed_at: input.departed_at,
            forwarding_letter_number: input.forwarding_letter_number,
            forwarding_document_id: input
                .forwarding_document_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
            ticket_document_id: input
                .ticket_document_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
            distance_km: input.distance_km,
            note: input.note,
        };
        Ok(RelayLeg(
            crate::actions::journey_legs::depart(&call(ctx, &input.id)?, d).await?,
        ))
    }

    /// The receiving office: the client was handed over (berita acara with photo and
    /// signer). On the last leg the journey has arrived.
    async fn confirm_handover(
        &self,
        ctx: &Context<'_>,
        input: ConfirmHandoverInput,
    ) -> AppResult<RelayLeg> {
        let h = Handover {
            leg_id: parse_id(&input.leg_id)?,
            handed_over_at: input.handed_over_at,
            received_by_name: input.received_by_name,
            received_by_title: input.received_by_title,
            handover_document_id: input
                .handover_document_id
                .as_ref()
                .map(parse_id)
                .transpose()?,
            photo_document_id: input.photo_document_id.as_ref().map(parse_id).transpose()?,
            to_family: input.to_family,
            note: input.note,
            received_by_nip: input.received_by_nip,
        };
        Ok(RelayLeg(
            crate::actions::journey_legs::hand_over(&call(ctx, &input.id)?, h).await?,
        ))
    }
}
