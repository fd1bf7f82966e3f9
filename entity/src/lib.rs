//! sea-orm entities, one file per table. Names are English; DESIGN.md's glossary maps them
//! to the Indonesian words the offices use.
pub mod audit_event;
pub mod institution;
pub mod login_attempt;
pub mod office;
pub mod refresh_token;
pub mod region;
pub mod role;
pub mod session;
pub mod user;
pub mod user_role;

pub use role::Role;
