//! Database migrations. The same migrations run on SQLite (the embedded default) and on
//! PostgreSQL (for scale); they are written only with sea-query's portable DSL.
pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
pub mod m20261122_000002_regions;
mod m20261122_000003_clients;
mod m20261122_000004_intake;
mod m20261122_000005_documents;
mod m20261122_000006_sops;
mod m20261123_000007_cases;
pub mod m20261123_000008_region_points;
mod m20261201_000009_returns;
mod m20261201_000010_letter_pdfs;
mod m20261201_000011_lks;
mod m20261201_000012_lks_applications;
mod m20261201_000013_case_changes;
mod m20261202_000014_case_paths;
mod m20261202_000015_transfers_invitations;
mod m20261203_000016_books;
mod m20261203_000017_letter_versions;
mod m20261203_000018_letter_templates;
mod m20261204_000019_api_clients;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_regions::Migration),
            Box::new(m20261122_000003_clients::Migration),
            Box::new(m20261122_000004_intake::Migration),
            Box::new(m20261122_000005_documents::Migration),
            Box::new(m20261122_000006_sops::Migration),
            Box::new(m20261123_000007_cases::Migration),
            Box::new(m20261123_000008_region_points::Migration),
            Box::new(m20261201_000009_returns::Migration),
            Box::new(m20261201_000010_letter_pdfs::Migration),
            Box::new(m20261201_000011_lks::Migration),
            Box::new(m20261201_000012_lks_applications::Migration),
            Box::new(m20261201_000013_case_changes::Migration),
            Box::new(m20261202_000014_case_paths::Migration),
            Box::new(m20261202_000015_transfers_invitations::Migration),
            Box::new(m20261203_000016_books::Migration),
            Box::new(m20261203_000017_letter_versions::Migration),
            Box::new(m20261203_000018_letter_templates::Migration),
            Box::new(m20261204_000019_api_clients::Migration),
        ]
    }
}
