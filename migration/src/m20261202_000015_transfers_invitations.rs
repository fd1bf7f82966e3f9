//! A case handed to another Dinas Sosial (the request, the receiving office's answer and the
//! case it opened there), a one-time invitation for the first user of a partner office or
//! institution, and the return journey as offices do it: whether its legs are handed over
//! office to office (relay) or the client travels straight on, and the ticket each leg paid.
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
                .table(CaseTransfer::Table)
                .col(pk_uuid(CaseTransfer::Id))
                .col(uuid(CaseTransfer::CaseId))
                .col(uuid(CaseTransfer::ClientId))
                .col(uuid(CaseTransfer::FromOfficeId))
                .col(uuid(CaseTransfer::ToOfficeId))
                .col(string_len(CaseTransfer::Status, 16))
                .col(text(CaseTransfer::Reason))
                .col(uuid(CaseTransfer::RequestedBy))
                .col(string_len(CaseTransfer::RequestedRole, 24))
                .col(timestamp_with_time_zone(CaseTransfer::RequestedAt))
                .col(uuid_null(CaseTransfer::AnsweredBy))
                .col(string_len_null(CaseTransfer::AnsweredRole, 24))
                .col(timestamp_with_time_zone_null(CaseTransfer::AnsweredAt))
                .col(text_null(CaseTransfer::AnswerNote))
                .col(uuid_null(CaseTransfer::NewCaseId))
                .foreign_key(
                    ForeignKey::create()
                        .from(CaseTransfer::Table, CaseTransfer::FromOfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CaseTransfer::Table, CaseTransfer::ToOfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CaseTransfer::Table, CaseTransfer::RequestedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "ix_case_transfer_to",
                vec![CaseTransfer::ToOfficeId, CaseTransfer::Status],
            ),
            ("ix_case_transfer_case", vec![CaseTransfer::CaseId]),
            ("ix_case_transfer_new_case", vec![CaseTransfer::NewCaseId]),
        ] {
            let mut idx = Index::create()
                .name(name)
                .table(CaseTransfer::Table)
                .to_owned();
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }

        m.create_table(
            Table::create()
                .table(Invitation::Table)
                .col(pk_uuid(Invitation::Id))
                .col(uuid(Invitation::OfficeId))
                .col(uuid_null(Invitation::TargetOfficeId))
                .col(uuid_null(Invitation::TargetInstitutionId))
                .col(text(Invitation::FullName))
                .col(json(Invitation::Roles))
                .col(string_len(Invitation::CodeHash, 64))
                .col(timestamp_with_time_zone(Invitation::ExpiresAt))
                .col(uuid(Invitation::CreatedBy))
                .col(timestamp_with_time_zone(Invitation::CreatedAt))
                .col(timestamp_with_time_zone_null(Invitation::AcceptedAt))
                .col(uuid_null(Invitation::AcceptedUserId))
                .col(timestamp_with_time_zone_null(Invitation::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Invitation::Table, Invitation::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Invitation::Table, Invitation::CreatedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_invitation_code")
                .table(Invitation::Table)
                .col(Invitation::CodeHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_invitation_office")
                .table(Invitation::Table)
                .col(Invitation::OfficeId)
                .col(Invitation::CreatedAt)
                .to_owned(),
        )
        .await?;

        // SQLite takes one column per ALTER TABLE.
        let columns = [
            (
                EscortedReturn::Table.into_iden(),
                boolean(EscortedReturn::ByRelay).default(true).to_owned(),
            ),
            (
                RelayLeg::Table.into_iden(),
                uuid_null(RelayLeg::TicketDocumentId),
            ),
        ];
        for (table, mut column) in columns {
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
        m.alter_table(
            Table::alter()
                .table(RelayLeg::Table)
                .drop_column(RelayLeg::TicketDocumentId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(EscortedReturn::Table)
                .drop_column(EscortedReturn::ByRelay)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Invitation::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CaseTransfer::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CaseTransfer {
    Table,
    Id,
    CaseId,
    ClientId,
    FromOfficeId,
    ToOfficeId,
    Status,
    Reason,
    RequestedBy,
    RequestedRole,
    RequestedAt,
    AnsweredBy,
    AnsweredRole,
    AnsweredAt,
    AnswerNote,
    NewCaseId,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    Id,
    OfficeId,
    TargetOfficeId,
    TargetInstitutionId,
    FullName,
    Roles,
    CodeHash,
    ExpiresAt,
    CreatedBy,
    CreatedAt,
    AcceptedAt,
    AcceptedUserId,
    RevokedAt,
}

#[derive(DeriveIden)]
enum EscortedReturn {
    Table,
    ByRelay,
}

#[derive(DeriveIden)]
enum RelayLeg {
    Table,
    TicketDocumentId,
}
