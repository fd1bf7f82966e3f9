//! SOP definitions as data: the TOML files in `server/sops/` (format in `FORMAT.md` there).
use crate::infra::error::{AppError, AppResult};
use entity::sop_version;
use std::collections::HashSet;

use entity::{Role, document_kind::DocumentKind};
use serde::{Deserialize, Serialize};

/// The SOP files shipped with the server: (file name, content).
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "000-rujukan-ppks-blitar.toml",
        include_str!("../../sops/000-rujukan-ppks-blitar.toml"),
    ),
    (
        "002-pemulangan-lamandau.toml",
        include_str!("../../sops/002-pemulangan-lamandau.toml"),
    ),
    (
        "003-pengiriman-orang-terlantar.toml",
        include_str!("../../sops/003-pengiriman-orang-terlantar.toml"),
    ),
    (
        "004-rekomendasi-lks-blitar.toml",
        include_str!("../../sops/004-rekomendasi-lks-blitar.toml"),
    ),
];

/// How the step times of an SOP count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimeRule {
    /// 24-hour days (seed 000's steps add up to exactly 7 × 24 h).
    Calendar,
    /// Working days and hours of the office calendar (seed 004: "1 hari" is a working day).
    WorkingDays,
    /// Minutes as written, no day count (seeds 002 and 003).
    MinutesAsWritten,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActorColumn {
    pub label: String,
    pub roles: Vec<Role>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Branch {
    pub name: String,
    pub label: String,
    pub label_en: String,
    /// A step key or a branch target key; empty for a branch that continues in another
    /// procedure (`continues_in`).
    #[serde(default)]
    pub next: String,
    /// Documents the case must hold to take this branch.
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    #[serde(default)]
    pub checks: Vec<StepCheck>,
    /// Roles of which one must approve the branch ("jika layak dan disetujui"); empty:
    /// whoever completes the step decides.
    #[serde(default)]
    pub approved_by: Vec<Role>,
    /// Taken when `completeStep` names no branch (the way the SOP's table reads on).
    #[serde(default)]
    pub default: bool,
    /// The case ends here and the client is served on in a new case of this procedure
    /// (`RUJUKAN_PPKS`), opened from the same client and report and linked both ways.
    #[serde(default)]
    pub continues_in: Option<String>,
}

/// A condition the engine checks before a step (or branch) completes, beyond role, order
/// and documents. Each names a record of the case that must exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StepCheck {
    /// The case was opened from a recorded report or application.
    Report,
    /// The client's current assessment says eligible (layak).
    AssessmentEligible,
    /// The client's current assessment says not eligible (tidak layak).
    AssessmentNotEligible,
    /// A partner UPT/panti accepted the case's referral.
    ReferralAccepted,
    /// The client's region of origin lies in the office's own kota/kabupaten: handed over
    /// there without a journey.
    OriginInOwnRegion,
    /// The case's letter is numbered, in the agenda and expedition books.
    LetterIssued,
    /// A client sent on by another Dinas Sosial (a report from OTHER_DINSOS) comes with
    /// that office's letter (SURAT_KETERANGAN_DINSOS_ASAL); other clients need none.
    SenderLetter,
    /// The client's identity is settled: known, found by Dukcapil, or not registered there
    /// (then "Mr X"); not while unknown or while Dukcapil has not answered.
    IdentitySettled,
    /// The client's region of origin is known, so a journey home can be planned.
    OriginKnown,
    /// The journey home is planned (its letters are made for that route).
    ReturnPlanned,
    /// The journey home arrived: the last relay leg was handed over at the destination.
    ReturnArrived,
}

/// How an approval step completes: initials in order, one signature of any listed role, or
/// a disposition down to someone holding one of the `to` roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApprovalRuleKind {
    /// Paraf: each role of `roles` initials, in that order; the last completes the step.
    Initials,
    /// Tanda tangan: one signature by any role of `roles` completes the step.
    Signature,
    /// Disposisi: one of `roles` disposes the case (`disposeCase`) to a person holding one
    /// of `to`; that completes the step.
    Disposition,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApprovalRule {
    pub kind: ApprovalRuleKind,
    pub roles: Vec<Role>,
    /// Where a return (sent back) leads; the same step (its chain starts again) when empty.
    #[serde(default)]
    pub send_back_to: Option<String>,
    /// A disposition's receivers (roles); empty for initials and signatures.
    #[serde(default)]
    pub to: Vec<Role>,
}

/// The letter a procedure produces: drafted when the case reaches `drafted_at`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LetterRule {
    /// The office's numbering series for it.
    pub series: String,
    pub subject: String,
    pub drafted_at: String,
    /// The office template it is written from (`rujukan_upt`); the series' name in lower
    /// case for definitions stored before templates existed.
    #[serde(default)]
    pub template: Option<String>,
}

impl LetterRule {
    pub fn template_key(&self) -> String {
        self.template
            .clone()
            .unwrap_or_else(|| self.series.to_lowercase())
    }
}

/// A table or an array of tables: `[letter]` and `[[letter]]` both read, and so does the
/// `null` that versions stored before several letters were possible hold.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<LetterRule>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(LetterRule),
        Many(Vec<LetterRule>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(l)) => vec![l],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// What a branch target is completed by: a record of its own, not `completeStep`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TargetRecord {
    /// `recordReunification`: family contact, hand-over, proof; closes the case.
    Reunification,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Step {
    pub key: String,
    pub number: String,
    pub text: String,
    pub text_en: String,
    pub actors: Vec<Role>,
    #[serde(default)]
    pub actors_inferred: bool,
    pub requirements: Vec<String>,
    pub time: String,
    pub output: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub branches: Vec<Branch>,
    /// Documents (by kind) the case must hold before the step completes.
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    #[serde(default)]
    pub checks: Vec<StepCheck>,
    /// An approval step completes through initials, a signature or a disposition, not
    /// `completeStep`.
    #[serde(default)]
    pub approval: Option<ApprovalRule>,
    /// A step completed by a record of its own (a mutation named there), not `completeStep`.
    #[serde(default)]
    pub record: Option<StepRecord>,
}

/// What completes a step that is not done with `completeStep`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StepRecord {
    /// `verifyLksApplication`: the verification sheet of an LKS application; all passed
    /// takes the first branch, anything failed returns it to the LKS (the second branch).
    LksVerification,
    /// `confirmLksReceipt`: the LKS signs for the recommendation (tanda terima).
    LksReceipt,
}

impl StepRecord {
    /// The mutation that completes such a step.
    pub fn mutation(self) -> &'static str {
        match self {
            StepRecord::LksVerification => "verifyLksApplication",
            StepRecord::LksReceipt => "confirmLksReceipt",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BranchTarget {
    pub key: String,
    pub text: String,
    pub text_en: String,
    #[serde(default)]
    pub actors: Vec<Role>,
    /// The record that completes it (`recordReunification`); none for a state the office
    /// only leaves by one of its branches.
    #[serde(default)]
    pub record: Option<TargetRecord>,
    /// The ways out when its record cannot be made (the family is not found, the client
    /// waits in the shelter): each completed with `completeStep` and a reason.
    #[serde(default)]
    pub branches: Vec<Branch>,
    /// A waiting state: whoever leads the case here gives a review date (`reviewAt`),
    /// which becomes its due time.
    #[serde(default)]
    pub review: bool,
}

impl BranchTarget {
    /// The target as a step without a number or standard time, so one code path completes
    /// both (its branches are its ways out).
    pub fn as_step(&self) -> Step {
        Step {
            key: self.key.clone(),
            number: String::new(),
            text: self.text.clone(),
            text_en: self.text_en.clone(),
            actors: self.actors.clone(),
            actors_inferred: false,
            requirements: Vec::new(),
            time: String::new(),
            output: String::new(),
            note: String::new(),
            branches: self.branches.clone(),
            documents: Vec::new(),
            checks: Vec::new(),
            approval: None,
            record: None,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SopDefinition {
    pub code: String,
    pub number: String,
    pub name: String,
    pub name_en: String,
    pub issuer: String,
    pub unit: String,
    pub made: String,
    pub revised: String,
    pub approved: String,
    pub effective: String,
    pub approved_by: String,
    pub legal_basis: Vec<String>,
    pub qualifications: Vec<String>,
    pub related: Vec<String>,
    pub equipment: Vec<String>,
    pub warning: String,
    pub record_keeping: String,
    pub time_rule: TimeRule,
    pub declared_total: String,
    /// The longest land leg before the client is handed over to a Dinas Sosial on the way
    /// ("estafet jika ... melebihi 250 KM", seed 003); none: the client travels straight on
    /// unless the office chooses relay legs.
    #[serde(default)]
    pub relay_limit_km: Option<f64>,
    pub defects: Vec<String>,
    pub actor_columns: Vec<ActorColumn>,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub branch_targets: Vec<BranchTarget>,
    /// The procedure's letters (`[letter]` for one, `[[letter]]` for several).
    #[serde(default, deserialize_with = "one_or_many")]
    pub letter: Vec<LetterRule>,
    /// How a case ends when its last step is done (default COMPLETED).
    #[serde(default)]
    pub outcome: Option<entity::service_case::CaseOutcome>,
}

/// A step's standard time as the engine reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StandardTime {
    Minutes(u32),
    /// Days, fractional ("6½ hari"); calendar or working days by the SOP's time rule.
    Days(f64),
}

/// Reads a Waktu cell: `10 menit`, `30 Menit`, `11 jam 30 menit`, `6½ hari`, `1 hari`;
/// `None` for an empty cell. Minutes and hours add up; days stand alone.
pub fn standard_time(written: &str) -> Result<Option<StandardTime>, String> {
    let text = written
        .trim()
        .to_lowercase()
        .replace('½', ".5")
        .replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if !words.len().is_multiple_of(2) {
        return Err(format!("cannot read the time '{written}'"));
    }
    let mut minutes = 0.0;
    let mut days = None;
    for pair in words.chunks(2) {
        let n: f64 = pair[0]
            .parse()
            .map_err(|_| format!("cannot read the number in '{written}'"))?;
        match pair[1] {
            "menit" => minutes += n,
            "jam" => minutes += n * 60.0,
            "hari" => days = Some(n),
            unit => return Err(format!("unknown time unit '{unit}' in '{written}'")),
        }
    }
    match days {
        Some(d) if minutes == 0.0 => Ok(Some(StandardTime::Days(d))),
        Some(_) => Err(format!("'{written}' mixes days with hours or minutes")),
        None => Ok(Some(StandardTime::Minutes(minutes.round() as u32))),
    }
}

impl SopDefinition {
    /// Parses and checks a definition file.
    pub fn parse(file: &str, text: &str) -> Result<SopDefinition, String> {
        let def: SopDefinition = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        def.check().map_err(|e| format!("{file}: {e}"))?;
        Ok(def)
    }

    fn check(&self) -> Result<(), String> {
        let mut keys = HashSet::new();
        for s in &self.steps {
            if !keys.insert(s.key.as_str()) {
                return Err(format!("step key '{}' appears twice", s.key));
            }
            standard_time(&s.time).map_err(|e| format!("step {}: {e}", s.key))?;
        }
        let targets: HashSet<&str> = self.branch_targets.iter().map(|t| t.key.as_str()).collect();
        let nodes = self
            .steps
            .iter()
            .map(|s| (&s.key, &s.branches))
            .chain(self.branch_targets.iter().map(|t| (&t.key, &t.branches)));
        for (key, branches) in nodes {
            for b in branches {
                if b.continues_in.is_some() {
                    continue;
                }
                if !keys.contains(b.next.as_str()) && !targets.contains(b.next.as_str()) {
                    return Err(format!(
                        "step {key} branch '{}' leads to unknown '{}'",
                        b.name, b.next
                    ));
                }
            }
            if branches.iter().filter(|b| b.default).count() > 1 {
                return Err(format!("step {key} has more than one default branch"));
            }
        }
        for t in &self.branch_targets {
            if t.record.is_none() && t.branches.is_empty() {
                return Err(format!(
                    "branch target {} has neither a record nor branches: a case there could never move",
                    t.key
                ));
            }
        }
        if self.steps.is_empty() {
            return Err("an SOP needs at least one step".into());
        }
        for s in &self.steps {
            if s.record == Some(StepRecord::LksVerification)
                && (s.branches.len() != 2 || s.approval.is_some() || s.branches[1].next != s.key)
            {
                return Err(format!(
                    "step {}: an LKS verification has two branches (eligible, then returned, which leads back to it) and no approval",
                    s.key
                ));
            }
        }
        for s in &self.steps {
            if let Some(a) = &s.approval {
                if a.roles.is_empty() {
                    return Err(format!("step {}: an approval needs roles", s.key));
                }
                if (a.kind == ApprovalRuleKind::Disposition) == a.to.is_empty() {
                    return Err(format!(
                        "step {}: a disposition (and only a disposition) names its receivers in `to`",
                        s.key
                    ));
                }
                if let Some(back) = &a.send_back_to
                    && !keys.contains(back.as_str())
                {
                    return Err(format!("step {} sends back to unknown '{back}'", s.key));
                }
            }
        }
        let mut series = HashSet::new();
        for l in &self.letter {
            if !keys.contains(l.drafted_at.as_str()) {
                return Err(format!(
                    "the letter is drafted at unknown step '{}'",
                    l.drafted_at
                ));
            }
            if !series.insert(l.series.as_str()) {
                return Err(format!("two letters of the series '{}'", l.series));
            }
        }
        Ok(())
    }

    /// Whether cases of this SOP open from an LKS's application (seed 004), not `openCase`.
    pub fn opens_from_lks_application(&self) -> bool {
        self.steps.iter().any(|s| s.record.is_some())
    }

    pub fn step(&self, key: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.key == key)
    }

    pub fn target(&self, key: &str) -> Option<&BranchTarget> {
        self.branch_targets.iter().find(|t| t.key == key)
    }

    /// A printed step, or a branch target as a step (see [`BranchTarget::as_step`]).
    pub fn node(&self, key: &str) -> Option<Step> {
        self.step(key)
            .cloned()
            .or_else(|| self.target(key).map(BranchTarget::as_step))
    }

    /// The step after `key` in printed order, if any.
    pub fn following(&self, key: &str) -> Option<&Step> {
        let i = self.steps.iter().position(|s| s.key == key)?;
        self.steps.get(i + 1)
    }

    /// For each printed actor column, whether the step's actors fall in it.
    pub fn marks(&self, step: &Step) -> Vec<bool> {
        self.actor_columns
            .iter()
            .map(|c| step.actors.iter().any(|a| c.roles.contains(a)))
            .collect()
    }
}

/// The parsed definition of a version, read once per process: a stored version never
/// changes (a changed file becomes a new version), and a list of cases shares it.
pub fn definition_shared(v: &sop_version::Model) -> AppResult<std::sync::Arc<SopDefinition>> {
    use std::{
        collections::HashMap,
        sync::{Arc, Mutex, OnceLock},
    };
    static PARSED: OnceLock<Mutex<HashMap<uuid::Uuid, Arc<SopDefinition>>>> = OnceLock::new();
    let cache = PARSED.get_or_init(Default::default);
    if let Some(d) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&v.id) {
        return Ok(d.clone());
    }
    let parsed = Arc::new(definition_of(v)?);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(v.id, parsed.clone());
    Ok(parsed)
}

pub fn definition_of(v: &sop_version::Model) -> AppResult<SopDefinition> {
    serde_json::from_value(v.definition.clone()).map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_written() {
        assert_eq!(
            standard_time("10 menit"),
            Ok(Some(StandardTime::Minutes(10)))
        );
        assert_eq!(
            standard_time("30 Menit"),
            Ok(Some(StandardTime::Minutes(30)))
        );
        assert_eq!(
            standard_time("11 jam 30 menit"),
            Ok(Some(StandardTime::Minutes(690)))
        );
        assert_eq!(standard_time("6½ hari"), Ok(Some(StandardTime::Days(6.5))));
        assert_eq!(standard_time("1 hari"), Ok(Some(StandardTime::Days(1.0))));
        assert_eq!(standard_time(""), Ok(None));
        assert!(standard_time("sebentar").is_err());
    }

    #[test]
    fn definitions_stored_with_one_letter_or_none_still_read() {
        let def = SopDefinition::parse(SHIPPED[0].0, SHIPPED[0].1).unwrap();
        let mut stored = serde_json::to_value(&def).unwrap();
        // As stored before several letters were possible: an object, or null.
        stored["letter"] = serde_json::to_value(&def.letter[0]).unwrap();
        let read: SopDefinition = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(read.letter.len(), 1);
        stored["letter"] = serde_json::Value::Null;
        let read: SopDefinition = serde_json::from_value(stored.clone()).unwrap();
        assert!(read.letter.is_empty());
        stored.as_object_mut().unwrap().remove("letter");
        assert!(
            serde_json::from_value::<SopDefinition>(stored)
                .unwrap()
                .letter
                .is_empty()
        );
        let two = SopDefinition::parse(SHIPPED[1].0, SHIPPED[1].1).unwrap();
        assert_eq!(
            two.letter.len(),
            2,
            "seed 002: recommendation and surat tugas"
        );
    }

    #[test]
    fn every_shipped_sop_parses_and_seed_000_adds_up_to_seven_days() {
        for (file, text) in SHIPPED {
            SopDefinition::parse(file, text).unwrap();
        }
        let def = SopDefinition::parse(SHIPPED[0].0, SHIPPED[0].1).unwrap();
        let total: f64 = def
            .steps
            .iter()
            .filter_map(|s| standard_time(&s.time).unwrap())
            .map(|t| match t {
                StandardTime::Minutes(m) => m as f64,
                StandardTime::Days(d) => d * 24.0 * 60.0,
            })
            .sum();
        assert_eq!(
            total,
            7.0 * 24.0 * 60.0,
            "seed 000's steps add up to its declared 7 days"
        );
    }

    #[test]
    fn a_broken_definition_is_refused_with_the_reason() {
        let broken = SHIPPED[0]
            .1
            .replace("next = \"koordinasi_upt\"", "next = \"nowhere\"");
        let err = SopDefinition::parse("x.toml", &broken).unwrap_err();
        assert!(err.contains("nowhere"), "{err}");
        let bad_role = SHIPPED[0]
            .1
            .replacen("actors = [\"STAF\"]", "actors = [\"LURAH\"]", 1);
        assert!(SopDefinition::parse("x.toml", &bad_role).is_err());
    }
}
