//! Planning an escorted return: the office plans the journey home (the planner's proposal
//! or the worker's own legs), handed over office to office (relay legs, where the SOP sets
//! a relay limit or the office chooses them) or straight on (a ticket to the family, or
//! our escort the whole way). The legs themselves run in `journey_legs`.
use chrono::Utc;
use entity::{
    escorted_return, escorted_return::ReturnMode, escorted_return::ReturnStatus, office, relay_leg,
    relay_leg::LegStatus, service_case::CaseStatus,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine;
use crate::engine::{CaseCtx, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::write::{Call, finish};
use crate::rules::relay_plan::Rules;
use crate::rules::sop::{SopDefinition, StepCheck};
use crate::store::journeys::{legs_of, of_case};
use crate::store::relay_legs::LegPlan;
use crate::store::relay_legs::{RouteHome, checked_escorts, chosen_legs, route_home};

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
    /// Relay legs handed over office to office; default: when the SOP sets a relay limit.
    pub by_relay: Option<bool>,
    pub legs: Option<Vec<LegPlan>>,
    pub shared_document_ids: Vec<Uuid>,
    /// Who will travel with the client from this office, known when the journey is planned:
    /// the surat tugas names them, and the departure takes them unless it names others.
    pub escort_user_ids: Vec<Uuid>,
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
    let by_relay = input.by_relay.unwrap_or(ctx.def.relay_limit_km.is_some());
    let rules = Rules::of(&call.state.config).for_journey(ctx.def.relay_limit_km, by_relay);
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
        (input.mode, by_relay),
        shared_ids,
    )
    .await?;
    let escorts: Vec<Uuid> = if input.escort_user_ids.is_empty() {
        Vec::new()
    } else {
        checked_escorts(txn, office_id, &input.escort_user_ids, input.mode)
            .await?
            .iter()
            .map(|u| u.id)
            .collect()
    };
    // After a failure the new legs follow the ones that stay.
    let kept = legs_of(txn, journey.id).await?.len() as i32;
    let rows = chosen.iter().enumerate().map(|(i, l)| {
        let mut row = l.row(&route.nodes, (journey.id, ctx.case.id), kept + i as i32 + 1);
        // Straight on, our escort goes the whole way; by relay, only our own leg.
        if !escorts.is_empty() && (!by_relay || *row.from_office_id.as_ref() == office_id) {
            row.escort_user_ids = sea_orm::Set(json!(escorts));
        }
        row
    });
    relay_leg::Entity::insert_many(rows).exec(txn).await?;
    readdress_unsigned_letters(txn, ctx.case.id, route.nodes[route.to].0).await?;
    let entry = AuditEntry::new("return.plan", "case", ctx.case.id)
        .office(Some(office_id))
        .details(json!({
            "returnId": journey.id, "legs": chosen.len(),
            "to": route.nodes[route.to].1.code, "ownLegs": input.legs.is_some(),
            "mode": input.mode, "byRelay": by_relay,
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
    (mode, by_relay): (ReturnMode, bool),
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
            row.by_relay = sea_orm::Set(by_relay);
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
            row.by_relay = sea_orm::Set(by_relay);
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
            by_relay,
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
