//! Layanan Rehabilitasi Sosial: the GraphQL API server for Dinas Sosial offices.
//!
//! In layers that depend one way, `infra → rules → store → engine → actions → api → http`
//! (ARCHITECTURE.md at the repository root; a test enforces it).
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
