//! Scoped reads and row writes, one file per record kind. What an actor may see of a
//! record kind is decided here, once: the read functions take the office or scope.
pub mod approvals;
pub mod assessments;
pub mod audit_events;
pub mod by_id;
pub mod calendar;
pub mod cases;
pub mod clients;
pub mod clock_pauses;
pub mod documents;
pub mod dukcapil;
pub mod journeys;
pub mod letter_verification;
pub mod letters;
pub mod lks_applications;
pub mod lks_requirements;
pub mod lks_verifications;
pub mod offices;
pub mod referrals;
pub mod regions;
pub mod relay_legs;
pub mod relay_nodes;
pub mod reports;
pub mod reunifications;
pub mod sessions;
pub mod sops;
pub mod users;
