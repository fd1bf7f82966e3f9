//! The SOP engine's records: cases and their step runs, clock pauses, the approvals ledger,
//! referrals to partner UPTs, family reunifications, outgoing letters with their number
//! series, and each office's holidays. Partner institutions gain the categories they serve
//! and their capacity.
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Institution::CategoriesServed)
                .json()
                .not_null()
                .default("[]")
                .to_owned(),
            integer_null(Institution::Capacity),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Institution::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(ServiceCase::Table)
                .col(pk_uuid(ServiceCase::Id))
                .col(uuid(ServiceCase::OfficeId))
                .col(uuid(ServiceCase::SopVersionId))
                .col(uuid_null(ServiceCase::ClientId))
                .col(uuid_null(ServiceCase::ReportId))
                .col(string_len(ServiceCase::Status, 16))
                .col(string_len_null(ServiceCase::Outcome, 24))
                .col(string_len_null(ServiceCase::CurrentStepKey, 64))
                .col(uuid(ServiceCase::OpenedBy))
                .col(timestamp_with_time_zone(ServiceCase::OpenedAt))
                .col(timestamp_with_time_zone_null(ServiceCase::ClosedAt))
                .foreign_key(&mut fk(
                    (ServiceCase::Table, ServiceCase::OfficeId),
                    (Office::Table, Office::Id),
                ))
                .foreign_key(&mut fk(
                    (ServiceCase::Table, ServiceCase::SopVersionId),
                    (SopVersion::Table, SopVersion::Id),
                ))
                .foreign_key(&mut fk(
                    (ServiceCase::Table, ServiceCase::ClientId),
                    (Client::Table, Client::Id),
                ))
                .foreign_key(&mut fk(
                    (ServiceCase::Table, ServiceCase::ReportId),
                    (Report::Table, Report::Id),
                ))
                .foreign_key(&mut fk(
                    (ServiceCase::Table, ServiceCase::OpenedBy),
                    (User::Table, User::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_service_case_office_status")
                .table(ServiceCase::Table)
                .col(ServiceCase::OfficeId)
                .col(ServiceCase::Status)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseStep::Table)
                .col(pk_uuid(CaseStep::Id))
                .col(uuid(CaseStep::CaseId))
                .col(uuid(CaseStep::OfficeId))
                .col(string_len(CaseStep::StepKey, 64))
                .col(string_len(CaseStep::Status, 16))
                .col(timestamp_with_time_zone(CaseStep::StartedAt))
                .col(timestamp_with_time_zone_null(CaseStep::DueAt))
                .col(json(CaseStep::WaitingRoles))
                .col(timestamp_with_time_zone_null(CaseStep::CompletedAt))
                .col(uuid_null(CaseStep::CompletedBy))
                .col(string_len_null(CaseStep::CompletedRole, 16))
                .col(string_len_null(CaseStep::Branch, 64))
                .col(text_null(CaseStep::Note))
                .col(text_null(CaseStep::Output))
                .foreign_key(&mut fk(
                    (CaseStep::Table, CaseStep::CaseId),
                    (ServiceCase::Table, ServiceCase::Id),
                ))
                .foreign_key(&mut fk(
                    (CaseStep::Table, CaseStep::CompletedBy),
                    (User::Table, User::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_case_step_office_status")
                .table(CaseStep::Table)
                .col(CaseStep::OfficeId)
                .col(CaseStep::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_case_step_case")
                .table(CaseStep::Table)
                .col(CaseStep::CaseId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseStepDocument::Table)
                .col(uuid(CaseStepDocument::CaseStepId))
                .col(uuid(CaseStepDocument::DocumentId))
                .primary_key(
                    Index::create()
                        .col(CaseStepDocument::CaseStepId)
                        .col(CaseStepDocument::DocumentId),
                )
                .foreign_key(&mut fk(
                    (CaseStepDocument::Table, CaseStepDocument::CaseStepId),
                    (CaseStep::Table, CaseStep::Id),
                ))
                .foreign_key(&mut fk(
                    (CaseStepDocument::Table, CaseStepDocument::DocumentId),
                    (Document::Table, Document::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ClockPause::Table)
                .col(pk_uuid(ClockPause::Id))
                .col(uuid(ClockPause::CaseStepId))
                .col(text(ClockPause::Reason))
                .col(timestamp_with_time_zone(ClockPause::PausedAt))
                .col(uuid(ClockPause::PausedBy))
                .col(timestamp_with_time_zone_null(ClockPause::ResumedAt))
                .col(uuid_null(ClockPause::ResumedBy))
                .foreign_key(&mut fk(
                    (ClockPause::Table, ClockPause::CaseStepId),
                    (CaseStep::Table, CaseStep::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Letter::Table)
                .col(pk_uuid(Letter::Id))
                .col(uuid(Letter::OfficeId))
                .col(uuid_null(Letter::CaseId))
                .col(string_len(Letter::Series, 64))
                .col(text(Letter::Subject))
                .col(text(Letter::Addressee))
                .col(uuid_null(Letter::SignedBy))
                .col(string_len_null(Letter::SignerRole, 16))
                .col(timestamp_with_time_zone_null(Letter::SignedAt))
                .col(string_len_null(Letter::Number, 128))
                .col(integer_null(Letter::Sequence))
                .col(integer_null(Letter::Year))
                .col(boolean(Letter::NumberedManually).default(false))
                .col(uuid_null(Letter::NumberedBy))
                .col(timestamp_with_time_zone_null(Letter::NumberedAt))
                .col(integer_null(Letter::AgendaNumber))
                .col(integer_null(Letter::ExpeditionNumber))
                .col(text_null(Letter::Recipient))
                .col(timestamp_with_time_zone(Letter::CreatedAt))
                .foreign_key(&mut fk(
                    (Letter::Table, Letter::OfficeId),
                    (Office::Table, Office::Id),
                ))
                .foreign_key(&mut fk(
                    (Letter::Table, Letter::CaseId),
                    (ServiceCase::Table, ServiceCase::Id),
                ))
                .to_owned(),
        )
        .await?;
        // Never two letters of an office with one number (NULLs, not yet numbered, may repeat).
        m.create_index(
            Index::create()
                .name("ux_letter_office_number")
                .table(Letter::Table)
                .col(Letter::OfficeId)
                .col(Letter::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Approval::Table)
                .col(pk_uuid(Approval::Id))
                .col(uuid(Approval::CaseId))
                .col(uuid(Approval::CaseStepId))
                .col(string_len(Approval::Kind, 16))
                .col(uuid(Approval::ActorUserId))
                .col(string_len(Approval::ActorRole, 16))
                .col(uuid_null(Approval::ToUserId))
                .col(text_null(Approval::Note))
                .col(uuid_null(Approval::LetterId))
                .col(timestamp_with_time_zone(Approval::At))
                .foreign_key(&mut fk(
                    (Approval::Table, Approval::CaseId),
                    (ServiceCase::Table, ServiceCase::Id),
                ))
                .foreign_key(&mut fk(
                    (Approval::Table, Approval::CaseStepId),
                    (CaseStep::Table, CaseStep::Id),
                ))
                .foreign_key(&mut fk(
                    (Approval::Table, Approval::ActorUserId),
                    (User::Table, User::Id),
                ))
                .foreign_key(&mut fk(
                    (Approval::Table, Approval::LetterId),
                    (Letter::Table, Letter::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Referral::Table)
                .col(pk_uuid(Referral::Id))
                .col(uuid(Referral::CaseId))
                .col(uuid(Referral::OfficeId))
                .col(uuid(Referral::InstitutionId))
                .col(string_len(Referral::Status, 16))
                .col(text(Referral::NeedsSummary))
                .col(json(Referral::SharedDocumentIds))
                .col(uuid(Referral::SentBy))
                .col(timestamp_with_time_zone(Referral::SentAt))
                .col(uuid_null(Referral::AnsweredBy))
                .col(timestamp_with_time_zone_null(Referral::AnsweredAt))
                .col(text_null(Referral::DeclineReason))
                .col(uuid_null(Referral::AdmittedBy))
                .col(timestamp_with_time_zone_null(Referral::AdmittedAt))
                .foreign_key(&mut fk(
                    (Referral::Table, Referral::CaseId),
                    (ServiceCase::Table, ServiceCase::Id),
                ))
                .foreign_key(&mut fk(
                    (Referral::Table, Referral::InstitutionId),
                    (Institution::Table, Institution::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_referral_institution")
                .table(Referral::Table)
                .col(Referral::InstitutionId)
                .col(Referral::Status)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Reunification::Table)
                .col(pk_uuid(Reunification::Id))
                .col(uuid_uniq(Reunification::CaseId))
                .col(uuid(Reunification::OfficeId))
                .col(text(Reunification::FamilyName))
                .col(text_null(Reunification::Relation))
                .col(string_len_null(Reunification::Phone, 32))
                .col(text_null(Reunification::Address))
                .col(string_len(Reunification::Mode, 24))
                .col(timestamp_with_time_zone(Reunification::HandedOverAt))
                .col(uuid(Reunification::ProofDocumentId))
                .col(uuid(Reunification::RecordedBy))
                .col(timestamp_with_time_zone(Reunification::RecordedAt))
                .foreign_key(&mut fk(
                    (Reunification::Table, Reunification::CaseId),
                    (ServiceCase::Table, ServiceCase::Id),
                ))
                .foreign_key(&mut fk(
                    (Reunification::Table, Reunification::ProofDocumentId),
                    (Document::Table, Document::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LetterSeries::Table)
                .col(uuid(LetterSeries::OfficeId))
                .col(string_len(LetterSeries::Series, 64))
                .col(string_len(LetterSeries::Template, 200))
                .col(string_len(LetterSeries::Kka, 64))
                .col(string_len(LetterSeries::Suffix, 64))
                .col(string_len(LetterSeries::Unit, 64))
                .col(timestamp_with_time_zone(LetterSeries::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(LetterSeries::OfficeId)
                        .col(LetterSeries::Series),
                )
                .foreign_key(&mut fk(
                    (LetterSeries::Table, LetterSeries::OfficeId),
                    (Office::Table, Office::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OfficeHoliday::Table)
                .col(uuid(OfficeHoliday::OfficeId))
                .col(date(OfficeHoliday::Date))
                .col(string_len(OfficeHoliday::Name, 200))
                .primary_key(
                    Index::create()
                        .col(OfficeHoliday::OfficeId)
                        .col(OfficeHoliday::Date),
                )
                .foreign_key(&mut fk(
                    (OfficeHoliday::Table, OfficeHoliday::OfficeId),
                    (Office::Table, Office::Id),
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            OfficeHoliday::Table.into_iden(),
            LetterSeries::Table.into_iden(),
            Reunification::Table.into_iden(),
            Referral::Table.into_iden(),
            Approval::Table.into_iden(),
            Letter::Table.into_iden(),
            ClockPause::Table.into_iden(),
            CaseStepDocument::Table.into_iden(),
            CaseStep::Table.into_iden(),
            ServiceCase::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for c in [Institution::Capacity, Institution::CategoriesServed] {
            m.alter_table(
                Table::alter()
                    .table(Institution::Table)
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Institution {
    Table,
    Id,
    CategoriesServed,
    Capacity,
}

#[derive(DeriveIden)]
enum SopVersion {
    Table,
    Id,
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
}

#[derive(DeriveIden)]
enum ServiceCase {
    Table,
    Id,
    OfficeId,
    SopVersionId,
    ClientId,
    ReportId,
    Status,
    Outcome,
    CurrentStepKey,
    OpenedBy,
    OpenedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum CaseStep {
    Table,
    Id,
    CaseId,
    OfficeId,
    StepKey,
    Status,
    StartedAt,
    DueAt,
    WaitingRoles,
    CompletedAt,
    CompletedBy,
    CompletedRole,
    Branch,
    Note,
    Output,
}

#[derive(DeriveIden)]
enum CaseStepDocument {
    Table,
    CaseStepId,
    DocumentId,
}

#[derive(DeriveIden)]
enum ClockPause {
    Table,
    Id,
    CaseStepId,
    Reason,
    PausedAt,
    PausedBy,
    ResumedAt,
    ResumedBy,
}

#[derive(DeriveIden)]
enum Approval {
    Table,
    Id,
    CaseId,
    CaseStepId,
    Kind,
    ActorUserId,
    ActorRole,
    ToUserId,
    Note,
    LetterId,
    At,
}

#[derive(DeriveIden)]
enum Referral {
    Table,
    Id,
    CaseId,
    OfficeId,
    InstitutionId,
    Status,
    NeedsSummary,
    SharedDocumentIds,
    SentBy,
    SentAt,
    AnsweredBy,
    AnsweredAt,
    DeclineReason,
    AdmittedBy,
    AdmittedAt,
}

#[derive(DeriveIden)]
enum Reunification {
    Table,
    Id,
    CaseId,
    OfficeId,
    FamilyName,
    Relation,
    Phone,
    Address,
    Mode,
    HandedOverAt,
    ProofDocumentId,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Letter {
    Table,
    Id,
    OfficeId,
    CaseId,
    Series,
    Subject,
    Addressee,
    SignedBy,
    SignerRole,
    SignedAt,
    Number,
    Sequence,
    Year,
    NumberedManually,
    NumberedBy,
    NumberedAt,
    AgendaNumber,
    ExpeditionNumber,
    Recipient,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LetterSeries {
    Table,
    OfficeId,
    Series,
    Template,
    Kka,
    Suffix,
    Unit,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OfficeHoliday {
    Table,
    OfficeId,
    Date,
    Name,
}
