//! sea-orm entities, one file per table. Names are English; DESIGN.md's glossary maps them
//! to the Indonesian words the offices use.
pub mod approval;
pub mod assessment;
pub mod audit_event;
pub mod case_step;
pub mod case_step_document;
pub mod client;
pub mod client_category;
pub mod client_revision;
pub mod clock_pause;
pub mod document;
pub mod document_kind;
pub mod idempotency_key;
pub mod institution;
pub mod letter;
pub mod letter_series;
pub mod login_attempt;
pub mod office;
pub mod office_holiday;
pub mod office_sequence;
pub mod referral;
pub mod refresh_token;
pub mod region;
pub mod region_point;
pub mod report;
pub mod reunification;
pub mod role;
pub mod service_case;
pub mod session;
pub mod sop_adoption;
pub mod sop_version;
pub mod user;
pub mod user_role;

pub use role::Role;
