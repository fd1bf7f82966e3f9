//! Loads the Kemendagri region table (all four levels) from `data/regions.tsv.gz`; see
//! `data/README.md` for its source, edition and licence. Rows already present (e.g. from an
//! earlier demo load) are brought up to date.
use std::io::Read;

use sea_orm_migration::{prelude::*, sea_orm::ConnectionTrait};

use crate::m20261122_000001_foundation::Region;

const DATA: &[u8] = include_bytes!("../data/regions.tsv.gz");
pub const SOURCE_EDITION: &str = "Kepmendagri 300.2.2-2138/2025 via idn-area-data 4.0.1";

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (code, name, level, parent) for every region, parents first.
pub fn regions() -> Vec<(String, String, i16, Option<String>)> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DATA)
        .read_to_string(&mut text)
        .expect("regions.tsv.gz is valid gzip text");
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(code, name)| {
            let level = code.matches('.').count() as i16 + 1;
            let parent = code.rsplit_once('.').map(|(p, _)| p.to_owned());
            (code.to_owned(), name.to_owned(), level, parent)
        })
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for chunk in regions().chunks(1000) {
            let mut insert = Query::insert();
            insert
                .into_table(Region::Table)
                .columns([
                    Region::Code,
                    Region::Name,
                    Region::Level,
                    Region::ParentCode,
                    Region::SourceEdition,
                ])
                .on_conflict(
                    OnConflict::column(Region::Code)
                        .update_columns([
                            Region::Name,
                            Region::Level,
                            Region::ParentCode,
                            Region::SourceEdition,
                        ])
                        .to_owned(),
                );
            for (code, name, level, parent) in chunk {
                insert.values_panic([
                    code.clone().into(),
                    name.clone().into(),
                    (*level).into(),
                    parent.clone().into(),
                    SOURCE_EDITION.into(),
                ]);
            }
            db.execute(&insert).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Offices and institutions point at regions; only villages and districts can go.
        let db = m.get_connection();
        for level in [4i16, 3] {
            let delete = Query::delete()
                .from_table(Region::Table)
                .and_where(Expr::col(Region::Level).eq(level))
                .to_owned();
            db.execute(&delete).await?;
        }
        Ok(())
    }
}
