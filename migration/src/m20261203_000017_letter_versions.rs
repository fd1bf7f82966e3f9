//! Drafts that reviewers correct: every version of a letter's text kept with who made it and
//! why, the version in effect and the one signed; each approval remembers which revision of
//! the case's drafts it was given on, so a correction after an initial shows that initial no
//! longer holds.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_foundation::User;

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
                .table(LetterVersion::Table)
                .col(pk_uuid(LetterVersion::Id))
                .col(uuid(LetterVersion::LetterId))
                .col(integer(LetterVersion::Version))
                .col(text(LetterVersion::Subject))
                .col(text(LetterVersion::Addressee))
                .col(json(LetterVersion::Body))
                .col(text_null(LetterVersion::Note))
                .col(uuid_null(LetterVersion::MadeBy))
                .col(string_len_null(LetterVersion::MadeRole, 16))
                .col(timestamp_with_time_zone(LetterVersion::MadeAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(LetterVersion::Table, LetterVersion::LetterId)
                        .to(Letter::Table, Letter::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LetterVersion::Table, LetterVersion::MadeBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_letter_version")
                .table(LetterVersion::Table)
                .col(LetterVersion::LetterId)
                .col(LetterVersion::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        for (table, mut column) in [
            (
                Letter::Table.into_iden(),
                integer(Letter::CurrentVersion).default(1).to_owned(),
            ),
            (
                Letter::Table.into_iden(),
                integer_null(Letter::SignedVersion),
            ),
            (
                Approval::Table.into_iden(),
                integer_null(Approval::DraftRevision),
            ),
        ] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        // Letters signed before versions existed were signed as drafted; approvals given
        // then were on the case's first (and only) revision: one version per letter.
        let db = m.get_connection();
        db.execute_unprepared("UPDATE letter SET signed_version = 1 WHERE signed_at IS NOT NULL")
            .await?;
        db.execute_unprepared(
            "UPDATE approval SET draft_revision = \
             (SELECT COUNT(*) FROM letter WHERE letter.case_id = approval.case_id)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (
                Letter::Table.into_iden(),
                Letter::CurrentVersion.into_iden(),
            ),
            (Letter::Table.into_iden(), Letter::SignedVersion.into_iden()),
            (
                Approval::Table.into_iden(),
                Approval::DraftRevision.into_iden(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(LetterVersion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LetterVersion {
    Table,
    Id,
    LetterId,
    Version,
    Subject,
    Addressee,
    Body,
    Note,
    MadeBy,
    MadeRole,
    MadeAt,
}

#[derive(DeriveIden)]
enum Letter {
    Table,
    Id,
    CurrentVersion,
    SignedVersion,
}

#[derive(DeriveIden)]
enum Approval {
    Table,
    DraftRevision,
}
