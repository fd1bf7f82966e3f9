//! Escorted returns in relay legs (estafet, seeds 002 and 003). So far: the journey planner
//! over the offices of every kota/kabupaten and province.
pub mod graphql;
pub mod plan;
