//! What every request needs and no feature owns: configuration, database, the one error
//! type, authentication and the scope check, the write harness, audit and the read log.
pub mod audit;
pub mod auth;
pub mod changes;
pub mod config;
pub mod db;
pub mod error;
pub mod i18n;
pub mod idempotency;
pub mod ids;
pub mod reads;
pub mod reasons;
pub mod reference;
pub mod sequences;
pub mod state;
pub mod storage;
pub mod text;
pub mod write;
