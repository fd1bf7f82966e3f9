//! Standard operating procedures as versioned data. The definition files in `server/sops/`
//! are loaded at start-up; an office adopts versions, and (with the engine, next) a case
//! keeps the version it started under.

use chrono::Utc;
use entity::{office, sop_adoption, sop_version};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
    sea_query::{Query, SelectStatement},
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::infra::error::{AppError, AppResult};
use crate::rules::sop::{SHIPPED, SopDefinition};

/// Loads every shipped definition that is not in the database yet (by content hash).
pub async fn load_shipped(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    for (file, text) in SHIPPED {
        let def =
            SopDefinition::parse(file, text).map_err(|e| anyhow::anyhow!("SOP definition {e}"))?;
        let hash: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let known = sop_version::Entity::find()
            .filter(sop_version::Column::ContentSha256.eq(&hash))
            .one(db)
            .await?;
        if known.is_some() {
            continue;
        }
        sop_version::Model {
            id: Uuid::now_v7(),
            code: def.code.clone(),
            number: def.number.clone(),
            name: def.name.clone(),
            source_file: (*file).to_owned(),
            content_sha256: hash,
            definition: serde_json::to_value(&def)?,
            loaded_at: Utc::now(),
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await?;
        tracing::info!(file, code = def.code, "loaded SOP definition");
    }
    Ok(())
}

/// Makes `office` adopt the newest loaded version of each SOP `code` (idempotent).
pub async fn adopt_latest(
    db: &impl ConnectionTrait,
    office: &office::Model,
    codes: &[&str],
) -> AppResult<()> {
    for code in codes {
        let newest = sop_version::Entity::find()
            .filter(sop_version::Column::Code.eq(*code))
            .order_by_desc(sop_version::Column::Id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal(format!("no SOP version for {code}")))?;
        let exists = sop_adoption::Entity::find_by_id((office.id, newest.id))
            .one(db)
            .await?;
        if exists.is_none() {
            sop_adoption::Model {
                office_id: office.id,
                sop_version_id: newest.id,
                adopted_at: Utc::now(),
            }
            .into_active_model()
            .reset_all()
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// The ids of the SOP versions the office adopted: the one rule of which versions an
/// office sees.
fn adopted_by(office: Uuid) -> SelectStatement {
    Query::select()
        .column(sop_adoption::Column::SopVersionId)
        .from(sop_adoption::Entity)
        .and_where(sop_adoption::Column::OfficeId.eq(office))
        .to_owned()
}

/// The SOP versions the office adopted, by code.
pub async fn adopted_versions(
    db: &impl ConnectionTrait,
    office: Uuid,
) -> AppResult<Vec<sop_version::Model>> {
    Ok(sop_version::Entity::find()
        .filter(sop_version::Column::Id.in_subquery(adopted_by(office)))
        .order_by_asc(sop_version::Column::Code)
        .all(db)
        .await?)
}

/// An SOP version the office adopted, or None.
pub async fn adopted_version(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<sop_version::Model>> {
    Ok(sop_version::Entity::find_by_id(id)
        .filter(sop_version::Column::Id.in_subquery(adopted_by(office)))
        .one(db)
        .await?)
}
