//! One error type for the whole API, mapped in one place to GraphQL `extensions.code`.
//!
//! Every message exists in Bahasa Indonesia (the default) and English; [`crate::infra::i18n`] picks
//! one per request from `Accept-Language`. Internal details (database errors, I/O) are
//! logged with the request id and never sent to the client.
use std::fmt;

use async_graphql::ErrorExtensions;

/// A message in both languages the API speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub id: String,
    pub en: String,
}

impl Msg {
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            en: en.into(),
        }
    }
}

/// The stable, language-independent error codes clients switch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    /// The request is well formed but the record is not ready for it (a step out of order,
    /// a missing document, a letter not signed yet).
    FailedPrecondition,
    TooManyRequests,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::FailedPrecondition => "FAILED_PRECONDITION",
            ErrorCode::TooManyRequests => "TOO_MANY_REQUESTS",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub msg: Msg,
    /// Extra machine-readable facts for clients (e.g. `reason`, `retryAfterSeconds`, `field`).
    pub extra: Vec<(&'static str, async_graphql::Value)>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, msg: Msg) -> Self {
        Self {
            code,
            msg,
            extra: Vec::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: impl Into<async_graphql::Value>) -> Self {
        self.extra.push((key, value.into()));
        self
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorCode::Unauthenticated,
            Msg::new(
                "Anda belum masuk. Silakan masuk (login) terlebih dahulu.",
                "You are not logged in. Please log in first.",
            ),
        )
    }

    pub fn forbidden(msg: Msg) -> Self {
        Self::new(ErrorCode::Forbidden, msg)
    }

    pub fn not_found(what_id: &str, what_en: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            Msg::new(
                format!("{what_id} tidak ditemukan, atau Anda tidak berhak melihatnya."),
                format!("{what_en} not found, or you may not see it."),
            ),
        )
    }

    pub fn bad_input(msg: Msg) -> Self {
        Self::new(ErrorCode::BadUserInput, msg)
    }

    pub fn conflict(msg: Msg) -> Self {
        Self::new(ErrorCode::Conflict, msg)
    }

    pub fn precondition(msg: Msg) -> Self {
        Self::new(ErrorCode::FailedPrecondition, msg)
    }

    /// Something broke on our side. The cause is logged here, with the request id in the
    /// span, and the client only learns that it should try again or report it.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            ErrorCode::Internal,
            Msg::new(
                "Terjadi kesalahan di server. Coba lagi; bila terus terjadi, laporkan ke admin \
                 dengan kode permintaan (request id).",
                "Something went wrong on the server. Try again; if it keeps happening, report it \
                 to your admin with the request id.",
            ),
        )
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.msg.en)
    }
}

impl std::error::Error for AppError {}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        // Two requests that wrote the same unique thing at once (a letter number, an id):
        // the loser's data is fine, it only has to look again.
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(detail)) = err.sql_err() {
            tracing::info!(%detail, "unique constraint met by a concurrent write");
            return AppError::conflict(Msg::new(
                "Data yang sama baru saja disimpan oleh permintaan lain. Muat ulang lalu coba lagi.",
                "The same record was just saved by another request. Reload and try again.",
            ));
        }
        AppError::internal(err)
    }
}

impl From<std::sync::Arc<sea_orm::DbErr>> for AppError {
    fn from(err: std::sync::Arc<sea_orm::DbErr>) -> Self {
        AppError::internal(err)
    }
}

impl<E: fmt::Display> From<sea_orm::TransactionError<E>> for AppError
where
    AppError: From<E>,
{
    fn from(err: sea_orm::TransactionError<E>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => AppError::internal(e),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        // The Indonesian text is the default message; `i18n::LocalizeErrors` swaps in the
        // English one when the request asks for it, using the `AppError` kept as the source.
        let mut err = async_graphql::Error::new(self.msg.id.clone());
        err.source = Some(std::sync::Arc::new(LocalizedMessage(self.msg.clone())));
        let code = self.code.as_str();
        let extra = self.extra.clone();
        err.extend_with(|_, ext| {
            ext.set("code", code);
            for (k, v) in extra {
                ext.set(k, v);
            }
        })
    }
}

/// Kept as the error's source so the message can be localised after execution.
#[derive(Debug)]
pub struct LocalizedMessage(pub Msg);

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        err.extend()
    }
}

/// Refuses a time typed on the phone that lies in the future (a few minutes of clock drift
/// allowed), naming the field.
pub fn not_in_future(at: chrono::DateTime<chrono::Utc>, field: &'static str) -> AppResult<()> {
    if at > chrono::Utc::now() + chrono::Duration::minutes(10) {
        return Err(AppError::bad_input(Msg::new(
            "Waktu ini ada di masa depan; periksa jam di ponsel.",
            "This time is in the future; check the phone's clock.",
        ))
        .with("field", field));
    }
    Ok(())
}
