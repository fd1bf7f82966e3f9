//! GraphQL `ID`s are UUIDs (v7, time-ordered, made by the server or on the phone).
use async_graphql::ID;
use uuid::Uuid;

use crate::infra::error::{AppError, AppResult, Msg};

/// A malformed id is the caller's mistake and gets BAD_USER_INPUT naming it.
pub fn parse_id(id: &ID) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| {
        AppError::bad_input(Msg::new(
            format!("'{}' bukan ID yang sah (harus UUID).", id.as_str()),
            format!("'{}' is not a valid ID (it must be a UUID).", id.as_str()),
        ))
        .with("field", "id")
    })
}

pub fn to_id(id: Uuid) -> ID {
    ID(id.to_string())
}
