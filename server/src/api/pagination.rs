//! Relay cursor connections (`first`/`after`) with keyset pagination: each page is one
//! query `WHERE key > cursor ORDER BY key LIMIT first + 1`.
use async_graphql::{
    OutputType,
    connection::{Connection, CursorType, Edge, EmptyFields, OpaqueCursor},
};
use serde::{Serialize, de::DeserializeOwned};

use crate::infra::error::{AppError, AppResult, Msg};

pub const DEFAULT_PAGE: u64 = 20;
pub const MAX_PAGE: u64 = 100;

/// Checks `first` and decodes `after`.
pub fn page_args<K: Serialize + DeserializeOwned + Send + Sync>(
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<(u64, Option<K>)> {
    page_args_named(first, after, "after")
}

/// [`page_args`] for a cursor argument of another name (`since`).
pub fn page_args_named<K: Serialize + DeserializeOwned + Send + Sync>(
    first: Option<i32>,
    after: Option<String>,
    cursor_field: &'static str,
) -> AppResult<(u64, Option<K>)> {
    let first = match first {
        None => DEFAULT_PAGE,
        Some(n) if n >= 0 && (n as u64) <= MAX_PAGE => n as u64,
        Some(_) => {
            return Err(AppError::bad_input(Msg::new(
                format!("'first' harus antara 0 dan {MAX_PAGE}."),
                format!("'first' must be between 0 and {MAX_PAGE}."),
            ))
            .with("field", "first"));
        }
    };
    let after = match after {
        None => None,
        Some(s) => Some(
            OpaqueCursor::<K>::decode_cursor(&s)
                .map_err(|_| {
                    AppError::bad_input(Msg::new(
                        format!("Kursor '{cursor_field}' tidak dikenali; pakai kursor dari jawaban sebelumnya."),
                        format!("The '{cursor_field}' cursor is not recognised; use the cursor of the previous answer."),
                    ))
                    .with("field", cursor_field)
                })?
                .0,
        ),
    };
    Ok((first, after))
}

/// Builds a connection from rows fetched with `LIMIT first + 1`.
pub fn connection<K, N>(
    mut rows: Vec<(K, N)>,
    first: u64,
    has_previous: bool,
) -> Connection<OpaqueCursor<K>, N, EmptyFields, EmptyFields>
where
    K: Serialize + DeserializeOwned + Send + Sync,
    N: OutputType,
{
    let has_next = rows.len() as u64 > first;
    rows.truncate(first as usize);
    let mut conn = Connection::new(has_previous, has_next);
    conn.edges
        .extend(rows.into_iter().map(|(k, n)| Edge::new(OpaqueCursor(k), n)));
    conn
}
