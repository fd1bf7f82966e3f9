//! Letters (surat): official numbers from the office's template, given only after the
//! signature, by the server. The sequence runs per office, series and year, taken inside the
//! signing transaction, so it never has a gap (a failed transaction takes its number back)
//! and never a duplicate, however many are taken at once.
pub mod numbering;
