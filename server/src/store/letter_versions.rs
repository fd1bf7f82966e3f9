//! The versions of a letter's text (insert-only) and the revision of a case's drafts that
//! an approval is given on.
use chrono::Utc;
use entity::{Role, letter, letter_version};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::infra::error::AppResult;

/// A letter's words: to whom, about what, and the paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftText {
    pub addressee: String,
    pub subject: String,
    pub body: Vec<String>,
}

impl DraftText {
    fn of(v: &letter_version::Model) -> Self {
        DraftText {
            addressee: v.addressee.clone(),
            subject: v.subject.clone(),
            body: serde_json::from_value(v.body.clone()).unwrap_or_default(),
        }
    }

    /// The text as lines, for a diff: the addressee and subject first.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!("Kepada: {}", self.addressee),
            format!("Perihal: {}", self.subject),
        ];
        lines.extend(self.body.iter().cloned());
        lines
    }
}

/// Who wrote a version: nobody for the generated draft.
pub struct Author {
    pub user: Uuid,
    pub role: Role,
    pub note: Option<String>,
}

/// Records `text` as version `version` of the letter.
pub async fn insert(
    txn: &impl ConnectionTrait,
    letter_id: Uuid,
    version: i32,
    text: &DraftText,
    author: Option<Author>,
) -> AppResult<letter_version::Model> {
    let (made_by, made_role, note) = match author {
        Some(a) => (Some(a.user), Some(a.role), a.note),
        None => (None, None, None),
    };
    Ok(letter_version::Model {
        id: Uuid::now_v7(),
        letter_id,
        version,
        subject: text.subject.clone(),
        addressee: text.addressee.clone(),
        body: json!(text.body),
        note,
        made_by,
        made_role,
        made_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?)
}

/// Every version of the letter, oldest first.
pub async fn of_letter(
    db: &impl ConnectionTrait,
    letter_id: Uuid,
) -> AppResult<Vec<letter_version::Model>> {
    Ok(letter_version::Entity::find()
        .filter(letter_version::Column::LetterId.eq(letter_id))
        .order_by_asc(letter_version::Column::Version)
        .all(db)
        .await?)
}

/// Version `version` of the letter's text, if it was kept (letters drafted before versions
/// were kept have none).
pub async fn text_at(
    db: &impl ConnectionTrait,
    letter_id: Uuid,
    version: i32,
) -> AppResult<Option<DraftText>> {
    Ok(letter_version::Entity::find()
        .filter(letter_version::Column::LetterId.eq(letter_id))
        .filter(letter_version::Column::Version.eq(version))
        .one(db)
        .await?
        .map(|v| DraftText::of(&v)))
}

/// The texts of `versions`, as they read.
pub fn texts(versions: &[letter_version::Model]) -> Vec<DraftText> {
    versions.iter().map(DraftText::of).collect()
}

/// The revision of the case's drafts: the sum of its letters' current versions. It grows
/// by one with every correction, so an approval given on an older one no longer holds.
pub async fn revision_of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<i32> {
    Ok(letter::Entity::find()
        .filter(letter::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .iter()
        .map(|l| l.current_version)
        .sum())
}
