//! Pure rules of the domain, without I/O: tested without a database.
pub mod book_pdf;
pub mod client_record;
pub mod clock;
pub mod closing;
pub mod hierarchy;
pub mod identity;
pub mod invitation_code;
pub mod islands;
pub mod letter_number;
pub mod letter_pdf;
pub mod letter_template;
pub mod names;
pub mod pdf_text;
pub mod photos;
pub mod relay_plan;
pub mod sop;
pub mod text_diff;
