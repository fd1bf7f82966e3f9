//! The Kasi's verification sheet of an LKS application (lembar verifikasi dan validasi):
//! the verdicts as they are kept on the round, the site-visit photos it cites, and the
//! pause that holds the next verification run while the LKS completes what was returned.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound, Utc};
use entity::document_kind::DocumentKind;
use entity::lks_round::VerificationOutcome;
use entity::{case_step, document};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::text::trimmed;
use crate::store::lks_applications::rounds_of;
use crate::store::lks_requirements::Requirement;

/// One line of the verification sheet.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ItemVerdict {
    pub key: String,
    pub passed: bool,
    pub note: Option<String>,
}

/// The verdicts in checklist order: each item once, every required item judged, a note on
/// every failure (the LKS reads it).
pub fn checked_items(
    checklist: &[Requirement],
    given: &[ItemVerdict],
) -> AppResult<Vec<ItemVerdict>> {
    let mut by_key: HashMap<&str, &ItemVerdict> = HashMap::new();
    for (i, v) in given.iter().enumerate() {
        if !checklist.iter().any(|r| r.key == v.key) || by_key.insert(&v.key, v).is_some() {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Butir {}: '{}' tidak ada di daftar persyaratan atau disebut dua kali.",
                    i + 1,
                    v.key
                ),
                format!(
                    "Item {}: '{}' is not on the checklist or is given twice.",
                    i + 1,
                    v.key
                ),
            ))
            .with("field", format!("items.{i}")));
        }
        if !v.passed && trimmed(v.note.clone()).is_none() {
            return Err(AppError::bad_input(Msg::new(
                format!(
                    "Butir '{}' tidak memenuhi syarat: tulis apa yang kurang.",
                    v.key
                ),
                format!("Item '{}' failed: write what is missing.", v.key),
            ))
            .with("field", format!("items.{i}.note")));
        }
    }
    let unjudged: Vec<String> = checklist
        .iter()
        .filter(|r| r.required && !by_key.contains_key(r.key.as_str()))
        .map(|r| r.key.clone())
        .collect();
    if !unjudged.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Lembar verifikasi belum lengkap: nilai juga {}.",
                unjudged.join(", ")
            ),
            format!(
                "The verification sheet is incomplete: judge {} too.",
                unjudged.join(", ")
            ),
        ))
        .with("field", "items")
        .with("missingItems", unjudged));
    }
    Ok(checklist
        .iter()
        .filter_map(|r| by_key.get(r.key.as_str()))
        .map(|v| ItemVerdict {
            key: v.key.clone(),
            passed: v.passed,
            note: trimmed(v.note.clone()),
        })
        .collect())
}

/// The site-visit photos of this application (at least one), uploaded by the office.
pub async fn visit_photos(
    db: &impl ConnectionTrait,
    office: Uuid,
    app: Uuid,
    ids: &[Uuid],
) -> AppResult<Vec<document::Model>> {
    if ids.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Lampirkan minimal satu foto kunjungan lapangan (SITE_VISIT_PHOTO).",
            "Attach at least one site-visit photo (SITE_VISIT_PHOTO).",
        ))
        .with("field", "photoIds"));
    }
    let found = document::Entity::find()
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .filter(document::Column::OfficeId.eq(office))
        .filter(document::Column::LksApplicationId.eq(app))
        .filter(document::Column::Kind.eq(DocumentKind::SiteVisitPhoto))
        .all(db)
        .await?;
    if found.len() != ids.iter().collect::<HashSet<_>>().len() {
        return Err(
            AppError::not_found("Foto kunjungan", "Site-visit photo").with("field", "photoIds")
        );
    }
    Ok(found)
}

/// What the Kasi's sheet records on the round it judged.
pub struct Verification<'a> {
    /// The verification step run that judged the round.
    pub case_step_id: Uuid,
    pub verified_by: Uuid,
    /// The verdicts in checklist order.
    pub items: &'a [ItemVerdict],
    pub visited_at: DateTime<Utc>,
    pub visit_passed: bool,
    pub visit_note: Option<String>,
    pub outcome: VerificationOutcome,
    /// The requirement keys that failed (what the LKS must complete when returned).
    pub failed: &'a [String],
}

/// Writes the sheet onto the application's open round: the last one, not yet judged.
pub async fn record_verification(
    txn: &impl ConnectionTrait,
    app_id: Uuid,
    sheet: Verification<'_>,
) -> AppResult<()> {
    let mut round = rounds_of(txn, app_id)
        .await?
        .pop()
        .filter(|r| r.outcome.is_none())
        .ok_or_else(|| AppError::internal("application in review without an open round"))?
        .into_active_model();
    let now = Utc::now().trunc_subsecs(3);
    round.case_step_id = sea_orm::Set(Some(sheet.case_step_id));
    round.verified_at = sea_orm::Set(Some(now));
    round.verified_by = sea_orm::Set(Some(sheet.verified_by));
    round.items = sea_orm::Set(Some(json!(sheet.items)));
    round.visited_at = sea_orm::Set(Some(sheet.visited_at));
    round.visit_passed = sea_orm::Set(Some(sheet.visit_passed));
    round.visit_note = sea_orm::Set(sheet.visit_note);
    round.outcome = sea_orm::Set(Some(sheet.outcome));
    round.missing = sea_orm::Set(Some(json!(sheet.failed)));
    round.update(txn).await?;
    Ok(())
}

/// Stops the clock of the verification run `again` from its start, with no due time, until
/// the LKS resubmits; `reason` says what was returned (the LKS reads it).
pub async fn pause_until_resubmitted(
    txn: &impl ConnectionTrait,
    again: &case_step::Model,
    by: Uuid,
    reason: String,
) -> AppResult<()> {
    crate::store::clock_pauses::stop(txn, again.id, reason, again.started_at, by).await
}

#[cfg(test)]
mod tests {
    use entity::lks_requirement::AppliesTo;

    use super::*;

    fn req(key: &str, required: bool) -> Requirement {
        Requirement {
            key: key.into(),
            label: key.into(),
            label_en: key.into(),
            required,
            applies_to: AppliesTo::All,
        }
    }

    fn verdict(key: &str, passed: bool, note: Option<&str>) -> ItemVerdict {
        ItemVerdict {
            key: key.into(),
            passed,
            note: note.map(String::from),
        }
    }

    #[test]
    fn the_sheet_judges_every_required_item_once_and_explains_failures() {
        let list = [
            req("npwp", true),
            req("ad_art", true),
            req("akreditasi", false),
        ];
        // In checklist order, optional items may be left out.
        let ok = checked_items(
            &list,
            &[
                verdict("ad_art", true, None),
                verdict("npwp", false, Some("kedaluwarsa")),
            ],
        )
        .unwrap();
        assert_eq!(
            ok.iter().map(|v| v.key.as_str()).collect::<Vec<_>>(),
            ["npwp", "ad_art"]
        );
        let err = checked_items(&list, &[verdict("npwp", true, None)]).unwrap_err();
        assert!(
            err.extra.iter().any(|(k, _)| *k == "missingItems"),
            "{err:?}"
        );
        assert!(
            checked_items(
                &list,
                &[
                    verdict("npwp", false, Some("  ")),
                    verdict("ad_art", true, None)
                ]
            )
            .is_err()
        );
        assert!(
            checked_items(
                &list,
                &[
                    verdict("npwp", true, None),
                    verdict("npwp", true, None),
                    verdict("ad_art", true, None)
                ]
            )
            .is_err()
        );
        assert!(
            checked_items(
                &list,
                &[
                    verdict("lain", true, None),
                    verdict("npwp", true, None),
                    verdict("ad_art", true, None)
                ]
            )
            .is_err()
        );
    }
}
