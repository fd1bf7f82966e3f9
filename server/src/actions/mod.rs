//! The mutations, one file per feature in the office's words. Each checks who asks and
//! which office owns the record, and writes through the one harness (`infra::write`). An
//! action never uses another action: what two share lives in `store`, `engine` or `rules`.
pub mod api_clients;
pub mod api_tokens;
pub mod approvals;
pub mod calendar;
pub mod case_closing;
pub mod case_transfer;
pub mod cases;
pub mod clients;
pub mod documents;
pub mod dukcapil;
pub mod escorted_return;
pub mod intake;
pub mod invitations;
pub mod journey_failure;
pub mod journey_legs;
pub mod letter_drafts;
pub mod letter_templates;
pub mod letters;
pub mod lks;
pub mod lks_application;
pub mod lks_receipt;
pub mod referral;
pub mod reunification;
pub mod sessions;
pub mod users;
