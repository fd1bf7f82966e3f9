//! The seat of every kota/kabupaten and the capital of every province, for relay distances:
//! `data/region-coordinates.tsv`, built by `scripts/regions/coordinates.py` (sources in
//! `data/README.md`).
use sea_orm_migration::{prelude::*, schema::*, sea_orm::ConnectionTrait};

use crate::m20261122_000001_foundation::Region;

const DATA: &str = include_str!("../data/region-coordinates.tsv");

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (code, latitude, longitude, source) per line of the data file.
pub fn points() -> Vec<(String, f64, f64, String)> {
    DATA.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let num = |s: &str| s.parse::<f64>().expect("region-coordinates.tsv: a number");
            (f[0].to_owned(), num(f[1]), num(f[2]), f[3].to_owned())
        })
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RegionPoint::Table)
                .col(string_len(RegionPoint::Code, 13).primary_key())
                .col(double(RegionPoint::Latitude))
                .col(double(RegionPoint::Longitude))
                .col(string_len(RegionPoint::Source, 200))
                .foreign_key(
                    ForeignKey::create()
                        .from(RegionPoint::Table, RegionPoint::Code)
                        .to(Region::Table, Region::Code),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        for chunk in points().chunks(500) {
            let mut insert = Query::insert();
            insert.into_table(RegionPoint::Table).columns([
                RegionPoint::Code,
                RegionPoint::Latitude,
                RegionPoint::Longitude,
                RegionPoint::Source,
            ]);
            for (code, lat, lng, source) in chunk {
                let source: String = source.chars().take(200).collect();
                insert.values_panic([
                    code.clone().into(),
                    (*lat).into(),
                    (*lng).into(),
                    source.into(),
                ]);
            }
            db.execute(&insert).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RegionPoint::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RegionPoint {
    Table,
    Code,
    Latitude,
    Longitude,
    Source,
}
