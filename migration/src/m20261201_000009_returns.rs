//! Escorted returns (seeds 002 and 003): requests to Dukcapil for an unidentified client's
//! identity and their answers, the journey home of a stranded client, and its relay legs
//! between Dinas Sosial offices.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_foundation::{Office, User};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(c);
    }
    i
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DukcapilRequest::Table)
                .col(pk_uuid(DukcapilRequest::Id))
                .col(uuid(DukcapilRequest::OfficeId))
                .col(uuid(DukcapilRequest::ClientId))
                .col(uuid_null(DukcapilRequest::CaseId))
                .col(text(DukcapilRequest::Reference))
                .col(text_null(DukcapilRequest::Note))
                .col(uuid(DukcapilRequest::RequestedBy))
                .col(timestamp_with_time_zone(DukcapilRequest::RequestedAt))
                .col(string_len_null(DukcapilRequest::Result, 16))
                .col(timestamp_with_time_zone_null(DukcapilRequest::AnsweredAt))
                .col(uuid_null(DukcapilRequest::AnswerRecordedBy))
                .col(text_null(DukcapilRequest::AnswerNote))
                .col(uuid_null(DukcapilRequest::ReplyDocumentId))
                .foreign_key(&mut fk(
                    (DukcapilRequest::Table, DukcapilRequest::OfficeId),
                    (Office::Table, Office::Id),
                ))
                .foreign_key(&mut fk(
                    (DukcapilRequest::Table, DukcapilRequest::ClientId),
                    (Client::Table, Client::Id),
                ))
                .foreign_key(&mut fk(
                    (DukcapilRequest::Table, DukcapilRequest::RequestedBy),
                    (User::Table, User::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_dukcapil_request_client",
            DukcapilRequest::Table,
            vec![DukcapilRequest::ClientId.into_iden()],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(EscortedReturn::Table)
                .col(pk_uuid(EscortedReturn::Id))
                .col(uuid_uniq(EscortedReturn::CaseId))
                .col(uuid(EscortedReturn::OfficeId))
                .col(uuid(EscortedReturn::ClientId))
                .col(string_len(EscortedReturn::FromRegionCode, 13))
                .col(string_len(EscortedReturn::ToRegionCode, 13))
                .col(string_len(EscortedReturn::Mode, 24))
                .col(string_len(EscortedReturn::Status, 16))
                .col(json(EscortedReturn::SharedDocumentIds))
                .col(uuid(EscortedReturn::PlannedBy))
                .col(timestamp_with_time_zone(EscortedReturn::PlannedAt))
                .col(timestamp_with_time_zone_null(EscortedReturn::ArrivedAt))
                .foreign_key(&mut fk(
                    (EscortedReturn::Table, EscortedReturn::CaseId),
                    (ServiceCase::Table, ServiceCase::Id),
                ))
                .foreign_key(&mut fk(
                    (EscortedReturn::Table, EscortedReturn::OfficeId),
                    (Office::Table, Office::Id),
                ))
                .foreign_key(&mut fk(
                    (EscortedReturn::Table, EscortedReturn::ClientId),
                    (Client::Table, Client::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RelayLeg::Table)
                .col(pk_uuid(RelayLeg::Id))
                .col(uuid(RelayLeg::ReturnId))
                .col(uuid(RelayLeg::CaseId))
                .col(integer(RelayLeg::Seq))
                .col(uuid(RelayLeg::FromOfficeId))
                .col(uuid(RelayLeg::ToOfficeId))
                .col(double(RelayLeg::DistanceKm))
                .col(double(RelayLeg::SuggestedKm))
                .col(string_len(RelayLeg::Mode, 8))
                .col(string_len(RelayLeg::Status, 16))
                .col(string_len_null(RelayLeg::Carrier, 16))
                .col(integer_null(RelayLeg::TicketCost))
                .col(integer_null(RelayLeg::PocketMoney))
                .col(json(RelayLeg::EscortUserIds))
                .col(text_null(RelayLeg::ForwardingLetterNumber))
                .col(uuid_null(RelayLeg::ForwardingDocumentId))
                .col(timestamp_with_time_zone_null(RelayLeg::DepartedAt))
                .col(uuid_null(RelayLeg::DepartedBy))
                .col(timestamp_with_time_zone_null(RelayLeg::HandedOverAt))
                .col(uuid_null(RelayLeg::HandoverDocumentId))
                .col(uuid_null(RelayLeg::HandoverPhotoId))
                .col(text_null(RelayLeg::ReceivedByName))
                .col(text_null(RelayLeg::ReceivedByTitle))
                .col(uuid_null(RelayLeg::RecordedBy))
                .col(text_null(RelayLeg::Note))
                .col(text_null(RelayLeg::HandoverNote))
                .foreign_key(&mut fk(
                    (RelayLeg::Table, RelayLeg::ReturnId),
                    (EscortedReturn::Table, EscortedReturn::Id),
                ))
                .foreign_key(&mut fk(
                    (RelayLeg::Table, RelayLeg::FromOfficeId),
                    (Office::Table, Office::Id),
                ))
                .foreign_key(&mut fk(
                    (RelayLeg::Table, RelayLeg::ToOfficeId),
                    (Office::Table, Office::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_relay_leg_return", RelayLeg::ReturnId),
            ("ix_relay_leg_to_office", RelayLeg::ToOfficeId),
            ("ix_relay_leg_from_office", RelayLeg::FromOfficeId),
        ] {
            m.create_index(index(name, RelayLeg::Table, vec![col.into_iden()]))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            RelayLeg::Table.into_iden(),
            EscortedReturn::Table.into_iden(),
            DukcapilRequest::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Client {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ServiceCase {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DukcapilRequest {
    Table,
    Id,
    OfficeId,
    ClientId,
    CaseId,
    Reference,
    Note,
    RequestedBy,
    RequestedAt,
    Result,
    AnsweredAt,
    AnswerRecordedBy,
    AnswerNote,
    ReplyDocumentId,
}

#[derive(DeriveIden)]
enum EscortedReturn {
    Table,
    Id,
    CaseId,
    OfficeId,
    ClientId,
    FromRegionCode,
    ToRegionCode,
    Mode,
    Status,
    SharedDocumentIds,
    PlannedBy,
    PlannedAt,
    ArrivedAt,
}

#[derive(DeriveIden)]
enum RelayLeg {
    Table,
    Id,
    ReturnId,
    CaseId,
    Seq,
    FromOfficeId,
    ToOfficeId,
    DistanceKm,
    SuggestedKm,
    Mode,
    Status,
    Carrier,
    TicketCost,
    PocketMoney,
    EscortUserIds,
    ForwardingLetterNumber,
    ForwardingDocumentId,
    DepartedAt,
    DepartedBy,
    HandedOverAt,
    HandoverDocumentId,
    HandoverPhotoId,
    ReceivedByName,
    ReceivedByTitle,
    RecordedBy,
    Note,
    HandoverNote,
}
