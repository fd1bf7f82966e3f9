//! Replay safety for mutations a phone may send again after a lost response: each carries an
//! id made on the phone. The first call records the id with a hash of its input; the same id
//! with the same input returns the first result, the same id with other input is refused.
use chrono::Utc;
use entity::idempotency_key;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::infra::error::{AppError, AppResult, Msg};

pub fn hash_input(input: &impl Serialize) -> String {
    let bytes = serde_json::to_vec(input).unwrap_or_default();
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `Some(result id)` when this exact mutation was already carried out.
pub async fn replayed(
    db: &impl ConnectionTrait,
    key: Uuid,
    operation: &str,
    request_hash: &str,
) -> AppResult<Option<String>> {
    let Some(found) = idempotency_key::Entity::find_by_id(key).one(db).await? else {
        return Ok(None);
    };
    if found.operation != operation || found.request_hash != request_hash {
        return Err(AppError::conflict(Msg::new(
            format!("ID {key} sudah dipakai untuk data lain. Buat ID baru untuk data ini."),
            format!("The id {key} was already used for other content. Make a new id for this."),
        ))
        .with("field", "id"));
    }
    Ok(Some(found.result_id))
}

pub async fn record(
    db: &impl ConnectionTrait,
    key: Uuid,
    user_id: Uuid,
    operation: &str,
    request_hash: &str,
    result_id: impl ToString,
) -> AppResult<()> {
    idempotency_key::Model {
        key,
        user_id,
        operation: operation.to_owned(),
        request_hash: request_hash.to_owned(),
        result_id: result_id.to_string(),
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await?;
    Ok(())
}
