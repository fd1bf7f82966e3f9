//! Clients (PPKS, penerima manfaat): the people the office serves, often without papers.
pub mod dukcapil;
pub mod graphql;
pub mod identity;
pub mod names;
pub mod service;
