//! What an open step offers its reader: the actions it completes with (or that move it
//! on), each with the mutation that does it and whether this caller may, so that a client
//! learns from the server what a step takes instead of from its refusals.
use entity::case_step;
use entity::case_step::StepStatus;

use crate::engine::steps::roles_of;
use crate::infra::auth::Actor;
use crate::infra::error::Msg;
use crate::rules::sop::{ApprovalRuleKind, SopDefinition, StepCheck, StepRecord, TargetRecord};

/// One thing that can be done at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, async_graphql::Enum)]
pub enum StepActionKind {
    Complete,
    ApproveBranch,
    AddInitials,
    Sign,
    SendBack,
    Dispose,
    Refer,
    RequestDukcapilCheck,
    PlanReturn,
    IssueLetter,
    /// Correct the step's letter (dikoreksi): a new version of its text.
    ReviseLetter,
    RecordReunification,
    VerifyLksApplication,
    ConfirmLksReceipt,
    PauseClock,
}

impl StepActionKind {
    /// The GraphQL mutation that does it.
    pub fn mutation(self) -> &'static str {
        use StepActionKind::*;
        match self {
            Complete | ApproveBranch => "completeStep",
            AddInitials => "addInitials",
            Sign => "signStep",
            SendBack => "sendBack",
            Dispose => "disposeCase",
            Refer => "referCase",
            RequestDukcapilCheck => "requestDukcapilCheck",
            PlanReturn => "planReturn",
            IssueLetter => "issueLetter",
            ReviseLetter => "reviseLetter",
            RecordReunification => "recordReunification",
            VerifyLksApplication => "verifyLksApplication",
            ConfirmLksReceipt => "confirmLksReceipt",
            PauseClock => "pauseClock",
        }
    }
}

pub struct StepAction {
    pub kind: StepActionKind,
    /// None when the caller may; else why not.
    pub refused: Option<Msg>,
}

/// The checks an action prepares, with that action. A plan stays on offer once made (a
/// second plan replaces the first until a leg departs); the others are done once met. A
/// step that waits for the client's arrival (seed 003's sending) is where the journey is
/// planned, until the client is home.
const PREPARES: [(StepCheck, StepActionKind, bool); 5] = [
    (StepCheck::ReferralAccepted, StepActionKind::Refer, false),
    (
        StepCheck::IdentitySettled,
        StepActionKind::RequestDukcapilCheck,
        false,
    ),
    (StepCheck::ReturnPlanned, StepActionKind::PlanReturn, true),
    (StepCheck::ReturnArrived, StepActionKind::PlanReturn, false),
    (StepCheck::LetterIssued, StepActionKind::IssueLetter, false),
];

/// The checks of step `key` (its own and its branches') that an action prepares: the
/// caller finds out which are met (`settled`) only when there are any.
pub fn prepared_checks(def: &SopDefinition, key: &str) -> Vec<StepCheck> {
    let Some(s) = def.step(key) else {
        return Vec::new();
    };
    s.checks
        .iter()
        .chain(s.branches.iter().flat_map(|b| b.checks.iter()))
        .copied()
        .filter(|c| PREPARES.iter().any(|(p, _, _)| p == c))
        .collect()
}

/// The actions of an open step run, in the order a worker does them: what prepares the
/// step (a referral, a Dukcapil request, a plan, a letter) while it is still to do (not in
/// `settled`, the prepared checks already met), then what completes it.
pub fn actions_of(
    def: &SopDefinition,
    step: &case_step::Model,
    actor: &Actor,
    settled: &[StepCheck],
) -> Vec<StepAction> {
    if step.status != StepStatus::Active {
        return Vec::new();
    }
    let waits = waiting_refusal(step, actor);
    let mut kinds = Vec::new();
    if let Some(s) = def.step(&step.step_key) {
        let checks = prepared_checks(def, &step.step_key);
        for (check, kind, again) in PREPARES {
            if checks.contains(&check)
                && (again || !settled.contains(&check))
                && !kinds.contains(&kind)
            {
                kinds.push(kind);
            }
        }
        match (&s.approval, s.record) {
            (Some(a), _) => kinds.extend(match a.kind {
                ApprovalRuleKind::Initials => [
                    StepActionKind::AddInitials,
                    StepActionKind::ReviseLetter,
                    StepActionKind::SendBack,
                ]
                .to_vec(),
                ApprovalRuleKind::Signature => {
                    [StepActionKind::Sign, StepActionKind::SendBack].to_vec()
                }
                ApprovalRuleKind::Disposition => [StepActionKind::Dispose].to_vec(),
            }),
            (None, Some(StepRecord::LksVerification)) => {
                kinds.push(StepActionKind::VerifyLksApplication)
            }
            (None, Some(StepRecord::LksReceipt)) => kinds.push(StepActionKind::ConfirmLksReceipt),
            (None, None) if step.proposed_by.is_some() => {
                kinds.extend([StepActionKind::ApproveBranch, StepActionKind::SendBack])
            }
            (None, None) => kinds.push(StepActionKind::Complete),
        }
        // The step that drafts a letter is where it is first corrected.
        if def.letter.iter().any(|l| l.drafted_at == step.step_key)
            && !kinds.contains(&StepActionKind::ReviseLetter)
        {
            kinds.push(StepActionKind::ReviseLetter);
        }
    } else if let Some(t) = def.target(&step.step_key) {
        match t.record {
            Some(TargetRecord::Reunification) => kinds.push(StepActionKind::RecordReunification),
            None => {}
        }
        // The ways out of a branch target (family not found, a waiting state ended).
        if !t.branches.is_empty() {
            kinds.push(StepActionKind::Complete);
        }
    }
    kinds.push(StepActionKind::PauseClock);
    kinds
        .into_iter()
        .map(|kind| StepAction {
            kind,
            refused: match kind {
                // The step's actors or a superior stop its clock.
                StepActionKind::PauseClock if is_supervisor(actor) => None,
                _ => waits.clone(),
            },
        })
        .collect()
}

fn is_supervisor(actor: &Actor) -> bool {
    use entity::Role::*;
    actor
        .roles
        .iter()
        .any(|r| matches!(r, Kasi | Kabid | Sekretaris | Kadis))
}

/// Why the run does not wait for this actor, or None when it does.
fn waiting_refusal(step: &case_step::Model, actor: &Actor) -> Option<Msg> {
    if step.assignee_id.is_some_and(|a| a != actor.user.id) {
        return Some(Msg::new(
            "Langkah ini didisposisikan kepada pegawai lain.",
            "This step was disposed to someone else.",
        ));
    }
    let waiting = roles_of(step);
    if waiting.iter().any(|r| actor.has_role(*r)) {
        return None;
    }
    let names = waiting
        .iter()
        .map(|r| r.slug().to_uppercase())
        .collect::<Vec<_>>()
        .join(", ");
    Some(Msg::new(
        format!("Langkah ini menunggu peran {names}."),
        format!("This step waits for the role(s) {names}."),
    ))
}
