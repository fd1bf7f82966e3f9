//! What anyone may learn of a letter by its code or its file: genuine or not, number,
//! date, office and signatory, nothing about the person it concerns.
use crate::infra::error::AppResult;
use async_graphql::SimpleObject;
use chrono::NaiveDate;
use entity::{Role, letter, office, user};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

pub async fn by_sha256(db: &impl ConnectionTrait, sha256: &str) -> AppResult<LetterVerification> {
    let found = letter::Entity::find()
        .filter(letter::Column::PdfSha256.eq(sha256))
        .one(db)
        .await?;
    verification(db, found).await
}

pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> AppResult<LetterVerification> {
    let code = code.trim().to_uppercase();
    if code.is_empty() || code.len() > 40 {
        return Ok(LetterVerification::default());
    }
    let found = letter::Entity::find()
        .filter(letter::Column::VerifyCode.eq(code))
        .one(db)
        .await?;
    verification(db, found).await
}

pub async fn verification(
    db: &impl ConnectionTrait,
    found: Option<letter::Model>,
) -> AppResult<LetterVerification> {
    let Some(l) = found.filter(|l| l.number.is_some() && l.signed_at.is_some()) else {
        return Ok(LetterVerification::default());
    };
    let office = office::Entity::find_by_id(l.office_id).one(db).await?;
    let signer = match l.signed_by {
        Some(id) => user::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let date = match (&office, l.numbered_at) {
        (Some(o), Some(at)) => chrono::FixedOffset::east_opt(
            crate::store::calendar::utc_offset_hours(&o.timezone) * 3600,
        )
        .map(|z| at.with_timezone(&z).date_naive()),
        _ => None,
    };
    Ok(LetterVerification {
        genuine: true,
        number: l.number,
        date,
        office_name: office.map(|o| o.name),
        signer_name: signer.map(|u| u.full_name),
        signer_role: l.signer_role,
    })
}

/// What anyone may learn of a letter: whether it is genuine, and its public facts.
#[derive(SimpleObject, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LetterVerification {
    /// True only for a letter this server numbered and signed (and, for a file, exactly
    /// its bytes).
    pub genuine: bool,
    pub number: Option<String>,
    /// The date the letter was numbered (office time).
    pub date: Option<NaiveDate>,
    pub office_name: Option<String>,
    pub signer_name: Option<String>,
    pub signer_role: Option<Role>,
}
