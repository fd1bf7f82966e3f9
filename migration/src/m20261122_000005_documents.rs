//! Documents (berkas): ID photos, KK, letters. The bytes live in object storage; a row is
//! written only once its object is complete.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_foundation::{Office, User};

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
                .table(Document::Table)
                .col(pk_uuid(Document::Id))
                .col(uuid(Document::OfficeId))
                .col(string_len(Document::Kind, 40))
                .col(uuid_null(Document::ClientId))
                .col(uuid_null(Document::ReportId))
                .col(string_len(Document::ContentType, 64))
                .col(big_integer(Document::SizeBytes))
                .col(string_len(Document::Sha256, 64))
                .col(string_len(Document::UploadSha256, 64))
                .col(string_len(Document::StorageKey, 256))
                .col(string_len_null(Document::ThumbnailKey, 256))
                .col(integer_null(Document::Width))
                .col(integer_null(Document::Height))
                .col(string_len_null(Document::OriginalFilename, 256))
                .col(uuid(Document::UploadedBy))
                .col(timestamp_with_time_zone(Document::UploadedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Document::Table, Document::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Document::Table, Document::ClientId)
                        .to(Client::Table, Client::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Document::Table, Document::ReportId)
                        .to(Report::Table, Report::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Document::Table, Document::UploadedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_document_client")
                .table(Document::Table)
                .col(Document::ClientId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_document_report")
                .table(Document::Table)
                .col(Document::ReportId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_document_storage_key")
                .table(Document::Table)
                .col(Document::StorageKey)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Document::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Client {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Document {
    Table,
    Id,
    OfficeId,
    Kind,
    ClientId,
    ReportId,
    ContentType,
    SizeBytes,
    Sha256,
    UploadSha256,
    StorageKey,
    ThumbnailKey,
    Width,
    Height,
    OriginalFilename,
    UploadedBy,
    UploadedAt,
}
