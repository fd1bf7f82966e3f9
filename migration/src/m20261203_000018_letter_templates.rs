//! Each office's letters as it writes them: the text of every SOP letter with its fields,
//! legal basis, copies, nature and attachments; the office's letterhead (kop surat); and
//! the signatory block (NIP, rank, position) of its staff.
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
                .table(LetterTemplate::Table)
                .col(uuid(LetterTemplate::OfficeId))
                .col(string_len(LetterTemplate::Key, 48))
                .col(text(LetterTemplate::Subject))
                .col(text(LetterTemplate::Body))
                .col(json(LetterTemplate::Basis))
                .col(json(LetterTemplate::Copies))
                .col(string_len(LetterTemplate::Nature, 32))
                .col(text(LetterTemplate::Attachments))
                .col(uuid(LetterTemplate::UpdatedBy))
                .col(timestamp_with_time_zone(LetterTemplate::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(LetterTemplate::OfficeId)
                        .col(LetterTemplate::Key),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LetterTemplate::Table, LetterTemplate::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .to_owned(),
        )
        .await?;
        // SQLite takes one column per ALTER TABLE.
        for (table, mut column) in [
            (
                Office::Table.into_iden(),
                text_null(Extra::LetterheadAddress),
            ),
            (
                Office::Table.into_iden(),
                text_null(Extra::LetterheadContact),
            ),
            (Office::Table.into_iden(), text_null(Extra::LogoKey)),
            (User::Table.into_iden(), string_len_null(Extra::Nip, 18)),
            (User::Table.into_iden(), text_null(Extra::Rank)),
            (User::Table.into_iden(), text_null(Extra::Position)),
            (
                Letter::Table.into_iden(),
                string_len_null(Extra::Nature, 32),
            ),
            (Letter::Table.into_iden(), text_null(Extra::Attachments)),
            (Letter::Table.into_iden(), json_null(Extra::Basis)),
            (Letter::Table.into_iden(), json_null(Extra::Copies)),
        ] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (Office::Table.into_iden(), Extra::LetterheadAddress),
            (Office::Table.into_iden(), Extra::LetterheadContact),
            (Office::Table.into_iden(), Extra::LogoKey),
            (User::Table.into_iden(), Extra::Nip),
            (User::Table.into_iden(), Extra::Rank),
            (User::Table.into_iden(), Extra::Position),
            (Letter::Table.into_iden(), Extra::Nature),
            (Letter::Table.into_iden(), Extra::Attachments),
            (Letter::Table.into_iden(), Extra::Basis),
            (Letter::Table.into_iden(), Extra::Copies),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(LetterTemplate::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LetterTemplate {
    Table,
    OfficeId,
    Key,
    Subject,
    Body,
    Basis,
    Copies,
    Nature,
    Attachments,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Letter {
    Table,
}

#[derive(DeriveIden)]
enum Extra {
    Nature,
    Attachments,
    Basis,
    Copies,
    LetterheadAddress,
    LetterheadContact,
    LogoKey,
    Nip,
    Rank,
    Position,
}
