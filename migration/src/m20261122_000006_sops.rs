//! SOP versions (the definition files, loaded as data) and which office adopted which.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_foundation::Office;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SopVersion::Table)
                .col(pk_uuid(SopVersion::Id))
                .col(string_len(SopVersion::Code, 64))
                .col(string_len(SopVersion::Number, 128))
                .col(text(SopVersion::Name))
                .col(string_len(SopVersion::SourceFile, 128))
                .col(string_len_uniq(SopVersion::ContentSha256, 64))
                .col(json(SopVersion::Definition))
                .col(timestamp_with_time_zone(SopVersion::LoadedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SopAdoption::Table)
                .col(uuid(SopAdoption::OfficeId))
                .col(uuid(SopAdoption::SopVersionId))
                .col(timestamp_with_time_zone(SopAdoption::AdoptedAt))
                .primary_key(
                    Index::create()
                        .col(SopAdoption::OfficeId)
                        .col(SopAdoption::SopVersionId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SopAdoption::Table, SopAdoption::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SopAdoption::Table, SopAdoption::SopVersionId)
                        .to(SopVersion::Table, SopVersion::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SopAdoption::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SopVersion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SopVersion {
    Table,
    Id,
    Code,
    Number,
    Name,
    SourceFile,
    ContentSha256,
    Definition,
    LoadedAt,
}

#[derive(DeriveIden)]
enum SopAdoption {
    Table,
    OfficeId,
    SopVersionId,
    AdoptedAt,
}
