//! sea-orm entities, one file per table. Names are English; DESIGN.md's glossary maps them
//! to the Indonesian words the offices use.
pub mod assessment;
pub mod audit_event;
pub mod client;
pub mod client_category;
pub mod client_revision;
pub mod document;
pub mod document_kind;
pub mod idempotency_key;
pub mod institution;
pub mod login_attempt;
pub mod office;
pub mod office_sequence;
pub mod refresh_token;
pub mod region;
pub mod report;
pub mod role;
pub mod session;
pub mod sop_adoption;
pub mod sop_version;
pub mod user;
pub mod user_role;

pub use role::Role;
