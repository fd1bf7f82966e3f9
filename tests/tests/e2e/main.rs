//! End-to-end tests: the real server over HTTP, on a SQLite file and on PostgreSQL.
mod audit;
mod case_transfer;
mod auth;
mod case_paths;
mod changes;
mod clients;
mod demo;
mod documents;
mod flow;
mod http;
mod intake;
mod journeys;
mod letters;
mod lks;
mod lks_recommendation;
mod pwa;
mod referral;
mod regions;
mod relay;
mod replicas;
mod returns;
mod schema;
mod scope;
mod sops;
mod users;

pub use rehsos_tests::{DEMO_PASSWORD, TestApp, e2e, error_code};
pub use serde_json::json;
