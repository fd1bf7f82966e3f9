//! What an API client's token must carry to read each field. A field not listed here is
//! for staff only: a client reading it gets null and a SCOPE_REQUIRED error. The table is
//! also what the README shows integrators, and a test walks the schema against it.
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::infra::auth::scopes::ApiScope;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Any client token (reference data: offices, regions, SOP names, page info).
    Any,
    Needs(ApiScope),
}

use ApiScope::*;
use Rule::{Any, Needs};

/// (type, space-separated fields, rule).
pub const FIELD_RULES: &[(&str, &str, Rule)] = &[
    ("Query", "client clients", Needs(ClientsRead)),
    ("Query", "case", Needs(CasesRead)),
    ("Query", "lksApplication lksApplications", Needs(LksRead)),
    ("Query", "verifyLetter", Needs(LettersVerify)),
    ("Query", "region", Any),
    (
        "Client",
        "id displayName name aliases sex birthDate estimatedAge age nikMasked kkNumberMasked \
         originRegionCode originRegion location categories identityStatus unidentifiedLabel \
         office version createdAt updatedAt",
        Needs(ClientsRead),
    ),
    (
        "Client",
        "nik kkNumber originAddress locationDetail photo documents",
        Needs(ClientsPii),
    ),
    (
        "ClientConnection",
        "pageInfo edges nodes",
        Needs(ClientsRead),
    ),
    ("ClientEdge", "node cursor", Needs(ClientsRead)),
    (
        "PageInfo",
        "hasPreviousPage hasNextPage startCursor endCursor",
        Any,
    ),
    (
        "Case",
        "id status version outcome sop reportId currentStepKey currentStep steps openedAt \
         closedAt standardTime dueAt overdue continuedFrom continuedIn",
        Needs(CasesRead),
    ),
    ("Case", "client", Needs(ClientsRead)),
    ("Case", "referrals", Needs(ReferralsRead)),
    ("Case", "escortedReturn", Needs(ReturnsRead)),
    (
        "CaseStep",
        "id caseId key number text textEn status waitingFor startedAt dueAt overdue \
         standardTime standardMinutes takenMinutes paused completedAt completedRole branch",
        Needs(CasesRead),
    ),
    ("SopVersion", "id code number name nameEn", Any),
    (
        "Referral",
        "id status institution officeName sentAt answeredAt declineReason admittedAt \
         withdrawReason",
        Needs(ReferralsRead),
    ),
    (
        "Institution",
        "id slug name kind regionCode categoriesServed capacity",
        Any,
    ),
    (
        "EscortedReturn",
        "id caseId mode byRelay status toRegionCode legs totalKm totalCost plannedAt arrivedAt",
        Needs(ReturnsRead),
    ),
    (
        "RelayLeg",
        "id caseId returnId seq legCount distanceKm mode status departedAt handedOverAt \
         failure failedAt",
        Needs(ReturnsRead),
    ),
    (
        "LksApplication",
        "id institution purpose enteredAtDesk status round createdAt submittedAt receivedAt \
         returnedItems stage",
        Needs(LksRead),
    ),
    (
        "LksStage",
        "key number text textEn startedAt dueAt paused",
        Needs(LksRead),
    ),
    ("LksApplicationConnection", "pageInfo edges nodes", Any),
    ("LksApplicationEdge", "node cursor", Any),
    (
        "Document",
        "id kind contentType sizeBytes sha256 width height uploadedAt",
        Needs(ClientsPii),
    ),
    ("Office", "id slug name regionCode region timezone", Any),
    ("Region", "code name level parentCode parent", Any),
    (
        "LetterVerification",
        "genuine number date officeName signerName signerRole",
        Needs(LettersVerify),
    ),
];

/// The table by (type, field), built once: it is looked up for every field a client reads.
type ByField = HashMap<&'static str, Rule>;
static RULES: LazyLock<HashMap<&'static str, ByField>> = LazyLock::new(|| {
    let mut by_type: HashMap<&'static str, ByField> = HashMap::new();
    for (t, fields, rule) in FIELD_RULES {
        let of_type = by_type.entry(t).or_default();
        for f in fields.split_whitespace() {
            of_type.insert(f, *rule);
        }
    }
    by_type
});

/// The rule of `type_name.field`, or None: staff only.
pub fn rule_of(type_name: &str, field: &str) -> Option<Rule> {
    RULES.get(type_name)?.get(field).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_has_one_rule_and_unlisted_ones_are_staff_only() {
        let mut seen = std::collections::HashSet::new();
        for (t, fields, _) in FIELD_RULES {
            for f in fields.split_whitespace() {
                assert!(seen.insert((*t, f)), "{t}.{f} is listed twice");
            }
        }
        assert_eq!(rule_of("Client", "nikMasked"), Some(Needs(ClientsRead)));
        assert_eq!(rule_of("Client", "nik"), Some(Needs(ClientsPii)));
        assert_eq!(rule_of("Client", "history"), None);
        assert_eq!(rule_of("Mutation", "approveStep"), None);
    }
}
