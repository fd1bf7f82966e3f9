//! Closing a case by a decision and reopening it: who may, and what must be said.
use entity::Role;
use entity::service_case::CaseOutcome;

use crate::infra::error::{AppError, AppResult, Msg};

/// Who closes a case when the office has not said otherwise.
pub const DEFAULT_CLOSING_ROLES: [Role; 3] = [Role::Kasi, Role::Kabid, Role::Kadis];

/// Who reopens a closed case (the history stays; the step it stopped at runs again).
pub const REOPENING_ROLES: [Role; 2] = [Role::Kabid, Role::Kadis];

/// The outcomes a person may choose when closing (the others come from the last step).
pub const DECISIONS: [CaseOutcome; 6] = [
    CaseOutcome::Withdrawn,
    CaseOutcome::Deceased,
    CaseOutcome::Transferred,
    CaseOutcome::NotFound,
    CaseOutcome::Duplicate,
    CaseOutcome::Other,
];

/// The office's closing roles from its setting (a JSON array), or the default.
pub fn closing_roles(setting: Option<&serde_json::Value>) -> Vec<Role> {
    setting
        .and_then(|v| serde_json::from_value::<Vec<Role>>(v.clone()).ok())
        .filter(|roles| !roles.is_empty())
        .unwrap_or_else(|| DEFAULT_CLOSING_ROLES.to_vec())
}

/// Refuses an outcome no person chooses, and a closing without its reason.
pub fn check_decision(outcome: CaseOutcome, reason: Option<&str>) -> AppResult<()> {
    if outcome == CaseOutcome::Transferred {
        return Err(AppError::bad_input(Msg::new(
            "Kasus dipindahkan ke kantor lain dengan transferCase; kasus tertutup sendiri saat kantor itu menerimanya.",
            "A case goes to another office with transferCase; it closes by itself when that office accepts it.",
        ))
        .with("field", "outcome"));
    }
    if !DECISIONS.contains(&outcome) {
        return Err(AppError::bad_input(Msg::new(
            "Hasil ini dicapai dengan menyelesaikan langkah terakhir SOP, bukan dengan menutup kasus.",
            "This outcome comes from completing the SOP's last step, not from closing the case.",
        ))
        .with("field", "outcome"));
    }
    if reason.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis alasan penutupan kasus (siapa yang menyampaikan, kapan, apa yang terjadi).",
            "Write why the case closes (who said so, when, what happened).",
        ))
        .with("field", "reason"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_office_setting_replaces_the_default_and_an_empty_one_does_not() {
        assert_eq!(closing_roles(None), DEFAULT_CLOSING_ROLES.to_vec());
        let set = serde_json::json!(["KADIS"]);
        assert_eq!(closing_roles(Some(&set)), vec![Role::Kadis]);
        assert_eq!(
            closing_roles(Some(&serde_json::json!([]))),
            DEFAULT_CLOSING_ROLES.to_vec()
        );
    }

    #[test]
    fn a_decision_needs_a_reason_and_cannot_claim_a_procedures_outcome() {
        assert!(check_decision(CaseOutcome::Deceased, Some("Meninggal di RSUD")).is_ok());
        assert!(check_decision(CaseOutcome::Deceased, None).is_err());
        assert!(check_decision(CaseOutcome::Referred, Some("x")).is_err());
        assert!(check_decision(CaseOutcome::Transferred, Some("x")).is_err());
    }
}
