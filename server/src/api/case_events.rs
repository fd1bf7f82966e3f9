//! Live case events: the subscription phones keep open for their office's cases,
//! referrals and relay legs.
use async_graphql::{Context, ID, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::api::context::ContextExt;
use crate::infra::auth;
use crate::infra::auth::Scope;
use crate::infra::auth::casework_office;

/// A change to a case or referral, as it is committed (from any server process on the
/// same PostgreSQL database). Fetch the record for the details.
#[derive(SimpleObject)]
pub struct CaseEvent {
    /// `referral.send`, `referral.answer`, `referral.admit`, `case.step_complete`, ...
    pub action: String,
    /// For office users; null for UPT users (the case file is not theirs).
    pub case_id: Option<ID>,
    pub referral_id: Option<ID>,
    /// `leg.depart`, `leg.handover`: the relay leg, for the offices it joins and the case's
    /// (which reads the case from `relayLeg(id) { caseId }`).
    pub leg_id: Option<ID>,
    pub at: DateTime<Utc>,
}

#[derive(Default)]
pub struct CasesSubscription;

#[Subscription]
impl CasesSubscription {
    /// Office caseworkers: changes to their office's cases and referrals, and the relay legs
    /// that leave from, arrive at, or belong to the office's journeys. UPT/panti users:
    /// referrals addressed to their institution (new, and their own answers).
    async fn case_events(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = CaseEvent> + use<>> {
        let actor = ctx.actor()?;
        let scope = match actor.scope() {
            Scope::Office(_) => Scope::Office(casework_office(actor)?),
            s => s,
        };
        let (user_id, session_id) = (actor.user.id, actor.session_id);
        let state = ctx.app().clone();
        let events = BroadcastStream::new(state.audit_feed.subscribe()).filter_map(move |e| {
            let e = e.ok().filter(|e| match scope {
                Scope::Office(o) if e.entity_type == "relay_leg" => on_leg(e, o),
                Scope::Office(o) => {
                    e.office_id == Some(o) && matches!(e.entity_type.as_str(), "case" | "referral")
                }
                Scope::Institution(i) => e.institution_id == Some(i) && e.entity_type == "referral",
            });
            std::future::ready(e)
        });
        Ok(events
            .then(move |e| {
                let state = state.clone();
                async move {
                    // Checked again before each event, like every HTTP request.
                    match auth::load_actor(&state, user_id, session_id).await {
                        Ok(Some(_)) => Some(event_of(&e, scope)),
                        _ => None,
                    }
                }
            })
            .take_while(|e| std::future::ready(e.is_some()))
            .filter_map(std::future::ready))
    }
}

/// Whether office `o` takes part in a relay leg's event: its sending, receiving or case office.
fn on_leg(e: &entity::audit_event::Model, o: Uuid) -> bool {
    let o = o.to_string();
    ["fromOfficeId", "toOfficeId", "caseOfficeId"]
        .iter()
        .any(|k| detail_id(e, k).as_deref() == Some(o.as_str()))
}

/// A string in the event's details, by key.
fn detail_id(e: &entity::audit_event::Model, key: &str) -> Option<String> {
    e.details
        .as_ref()
        .and_then(|d| d.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// What a subscriber in `scope` learns of an event.
fn event_of(e: &entity::audit_event::Model, scope: Scope) -> CaseEvent {
    let id = e.entity_id.clone().map(ID);
    if e.entity_type == "relay_leg" {
        // The leg only: its case's office reads the case from `relayLeg(id) { caseId }`.
        return CaseEvent {
            action: e.action.clone(),
            case_id: None,
            referral_id: None,
            leg_id: id,
            at: e.at,
        };
    }
    let (case_id, referral_id) = if e.entity_type == "referral" {
        let case = e
            .details
            .as_ref()
            .and_then(|d| d.get("caseId"))
            .and_then(|v| v.as_str())
            .map(|s| ID(s.to_owned()));
        (case, id)
    } else {
        (id, None)
    };
    CaseEvent {
        action: e.action.clone(),
        case_id: if matches!(scope, Scope::Office(_)) {
            case_id
        } else {
            None
        },
        referral_id,
        leg_id: None,
        at: e.at,
    }
}
