//! Layanan Rehabilitasi Sosial: the GraphQL API server for Dinas Sosial offices.
//!
//! Organised by what the office does (`auth`, `users`, `offices`, `audit`, ...), with the
//! shared plumbing (`config`, `db`, `error`, `http`, `graphql`, `storage`) beside it.
pub mod app;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod clients;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod error;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod idempotency;
pub mod ids;
pub mod intake;
pub mod letters;
pub mod lks;
pub mod offices;
pub mod regions;
pub mod relay;
pub mod sequences;
pub mod sop;
pub mod state;
pub mod storage;
pub mod text;
pub mod users;

pub use config::Config;
pub use state::AppState;
