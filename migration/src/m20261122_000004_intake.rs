//! Intake reports (laporan / permohonan, with the incoming-letter agenda number) and
//! assessments (asesmen), whose corrections are new versions beside the old.
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
                .table(Report::Table)
                .col(pk_uuid(Report::Id))
                .col(uuid(Report::OfficeId))
                .col(uuid_null(Report::ClientId))
                .col(string_len(Report::ReporterType, 24))
                .col(text_null(Report::ReporterName))
                .col(text_null(Report::ReporterContact))
                .col(string_len(Report::Channel, 16))
                .col(string_len_null(Report::ReferenceLetterNumber, 128))
                .col(date_null(Report::ReferenceLetterDate))
                .col(timestamp_with_time_zone(Report::ReceivedAt))
                .col(uuid(Report::ReceivedBy))
                .col(text(Report::Summary))
                .col(integer(Report::AgendaYear))
                .col(integer(Report::AgendaNumber))
                .col(timestamp_with_time_zone(Report::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Report::Table, Report::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Report::Table, Report::ClientId)
                        .to(Client::Table, Client::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Report::Table, Report::ReceivedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_report_agenda")
                .table(Report::Table)
                .col(Report::OfficeId)
                .col(Report::AgendaYear)
                .col(Report::AgendaNumber)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_report_client")
                .table(Report::Table)
                .col(Report::ClientId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Assessment::Table)
                .col(pk_uuid(Assessment::Id))
                .col(uuid(Assessment::OfficeId))
                .col(uuid(Assessment::ClientId))
                .col(uuid_null(Assessment::ReportId))
                .col(integer(Assessment::Version))
                .col(uuid_null(Assessment::Corrects))
                .col(uuid_null(Assessment::SupersededBy))
                .col(text_null(Assessment::Condition))
                .col(text_null(Assessment::Needs))
                .col(json(Assessment::FamilyContacts))
                .col(json(Assessment::DocumentsPresent))
                .col(string_len(Assessment::Eligibility, 16))
                .col(text_null(Assessment::EligibilityReason))
                .col(uuid(Assessment::AssessedBy))
                .col(timestamp_with_time_zone(Assessment::AssessedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Assessment::Table, Assessment::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Assessment::Table, Assessment::ClientId)
                        .to(Client::Table, Client::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Assessment::Table, Assessment::ReportId)
                        .to(Report::Table, Report::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Assessment::Table, Assessment::AssessedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_assessment_client")
                .table(Assessment::Table)
                .col(Assessment::ClientId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Assessment::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Report::Table).to_owned())
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
    OfficeId,
    ClientId,
    ReporterType,
    ReporterName,
    ReporterContact,
    Channel,
    ReferenceLetterNumber,
    ReferenceLetterDate,
    ReceivedAt,
    ReceivedBy,
    Summary,
    AgendaYear,
    AgendaNumber,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assessment {
    Table,
    Id,
    OfficeId,
    ClientId,
    ReportId,
    Version,
    Corrects,
    SupersededBy,
    Condition,
    Needs,
    FamilyContacts,
    DocumentsPresent,
    Eligibility,
    EligibilityReason,
    AssessedBy,
    AssessedAt,
}
