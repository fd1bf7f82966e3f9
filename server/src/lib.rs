//! Layanan Rehabilitasi Sosial: the GraphQL API server for Dinas Sosial offices.
//!
//! Organised by what the office does (`auth`, `users`, `offices`, `audit`, ...), with the
//! shared plumbing (`config`, `db`, `error`, `http`, `graphql`, `storage`) beside it.
pub mod actions;
pub mod api;
pub mod app;
pub mod demo;
pub mod engine;
pub mod http;
pub mod infra;
pub mod rules;
pub mod store;

pub use crate::infra::config::Config;
pub use crate::infra::state::AppState;
