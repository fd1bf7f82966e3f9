//! Clients (PPKS) with their categories and revision history, the per-office number
//! sequences (Mr X labels now, letters and agenda books later), and the idempotency keys that
//! make offline replays safe.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_foundation::{Office, Region, User};

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
                .table(OfficeSequence::Table)
                .col(uuid(OfficeSequence::OfficeId))
                .col(string_len(OfficeSequence::Series, 32))
                .col(integer(OfficeSequence::Year))
                .col(integer(OfficeSequence::LastValue))
                .primary_key(
                    Index::create()
                        .col(OfficeSequence::OfficeId)
                        .col(OfficeSequence::Series)
                        .col(OfficeSequence::Year),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(OfficeSequence::Table, OfficeSequence::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKey::Table)
                .col(pk_uuid(IdempotencyKey::Key))
                .col(uuid(IdempotencyKey::UserId))
                .col(string_len(IdempotencyKey::Operation, 64))
                .col(string_len(IdempotencyKey::RequestHash, 64))
                .col(string_len(IdempotencyKey::ResultId, 64))
                .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Client::Table)
                .col(pk_uuid(Client::Id))
                .col(uuid(Client::OfficeId))
                .col(text_null(Client::Name))
                .col(text_null(Client::NameKey))
                .col(json(Client::Aliases))
                .col(string_len_null(Client::Sex, 8))
                .col(date_null(Client::BirthDate))
                .col(integer_null(Client::EstimatedAge))
                .col(date_null(Client::EstimatedAgeOn))
                .col(string_len_null(Client::Nik, 16))
                .col(string_len_null(Client::KkNumber, 16))
                .col(text_null(Client::OriginAddress))
                .col(string_len_null(Client::OriginRegionCode, 13))
                .col(string_len(Client::Location, 16))
                .col(text_null(Client::LocationDetail))
                .col(text_null(Client::Notes))
                .col(string_len(Client::IdentityStatus, 16))
                .col(string_len_null(Client::UnidentifiedLabel, 64))
                .col(integer(Client::Version))
                .col(uuid(Client::CreatedBy))
                .col(timestamp_with_time_zone(Client::CreatedAt))
                .col(timestamp_with_time_zone(Client::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Client::Table, Client::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Client::Table, Client::OriginRegionCode)
                        .to(Region::Table, Region::Code),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Client::Table, Client::CreatedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            ("idx_client_nik", vec![Client::Nik], true),
            (
                "idx_client_unidentified_label",
                vec![Client::UnidentifiedLabel],
                true,
            ),
            (
                "idx_client_office_name_key",
                vec![Client::OfficeId, Client::NameKey],
                false,
            ),
            (
                "idx_client_office_birth_date",
                vec![Client::OfficeId, Client::BirthDate],
                false,
            ),
            (
                "idx_client_office_origin",
                vec![Client::OfficeId, Client::OriginRegionCode],
                false,
            ),
        ] {
            let mut idx = Index::create().name(name).table(Client::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            if unique {
                idx.unique();
            }
            m.create_index(idx).await?;
        }

        m.create_table(
            Table::create()
                .table(ClientCategory::Table)
                .col(uuid(ClientCategory::ClientId))
                .col(string_len(ClientCategory::Category, 48))
                .primary_key(
                    Index::create()
                        .col(ClientCategory::ClientId)
                        .col(ClientCategory::Category),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ClientCategory::Table, ClientCategory::ClientId)
                        .to(Client::Table, Client::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClientRevision::Table)
                .col(pk_uuid(ClientRevision::Id))
                .col(uuid(ClientRevision::ClientId))
                .col(integer(ClientRevision::Version))
                .col(json(ClientRevision::Snapshot))
                .col(uuid(ClientRevision::ChangedBy))
                .col(timestamp_with_time_zone(ClientRevision::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ClientRevision::Table, ClientRevision::ClientId)
                        .to(Client::Table, Client::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_client_revision_client")
                .table(ClientRevision::Table)
                .col(ClientRevision::ClientId)
                .col(ClientRevision::Version)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ClientRevision::Table.into_iden(),
            ClientCategory::Table.into_iden(),
            Client::Table.into_iden(),
            IdempotencyKey::Table.into_iden(),
            OfficeSequence::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OfficeSequence {
    Table,
    OfficeId,
    Series,
    Year,
    LastValue,
}

#[derive(DeriveIden)]
enum IdempotencyKey {
    Table,
    Key,
    UserId,
    Operation,
    RequestHash,
    ResultId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Client {
    Table,
    Id,
    OfficeId,
    Name,
    NameKey,
    Aliases,
    Sex,
    BirthDate,
    EstimatedAge,
    EstimatedAgeOn,
    Nik,
    KkNumber,
    OriginAddress,
    OriginRegionCode,
    Location,
    LocationDetail,
    Notes,
    IdentityStatus,
    UnidentifiedLabel,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClientCategory {
    Table,
    ClientId,
    Category,
}

#[derive(DeriveIden)]
enum ClientRevision {
    Table,
    Id,
    ClientId,
    Version,
    Snapshot,
    ChangedBy,
    ChangedAt,
}
