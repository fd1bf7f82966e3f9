//! LKS applications for a recommendation (seed 004): the application, each submission
//! round with its verification sheet, and documents that belong to an application.
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
                .table(LksApplication::Table)
                .col(pk_uuid(LksApplication::Id))
                .col(uuid(LksApplication::OfficeId))
                .col(uuid(LksApplication::InstitutionId))
                .col(text(LksApplication::Purpose))
                .col(string_len(LksApplication::Status, 16))
                .col(integer(LksApplication::Round))
                .col(uuid(LksApplication::CreatedBy))
                .col(timestamp_with_time_zone(LksApplication::CreatedAt))
                .col(timestamp_with_time_zone_null(LksApplication::SubmittedAt))
                .col(timestamp_with_time_zone_null(LksApplication::ReceivedAt))
                .col(uuid_null(LksApplication::ReceivedBy))
                .col(text_null(LksApplication::ReceiptSignedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(LksApplication::Table, LksApplication::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LksApplication::Table, LksApplication::InstitutionId)
                        .to(Institution::Table, Institution::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LksApplication::Table, LksApplication::CreatedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_lks_application_office", LksApplication::OfficeId),
            (
                "ix_lks_application_institution",
                LksApplication::InstitutionId,
            ),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(LksApplication::Table)
                    .col(col)
                    .col(LksApplication::Id)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(LksRound::Table)
                .col(pk_uuid(LksRound::Id))
                .col(uuid(LksRound::ApplicationId))
                .col(integer(LksRound::Number))
                .col(timestamp_with_time_zone(LksRound::SubmittedAt))
                .col(uuid(LksRound::SubmittedBy))
                .col(json(LksRound::DocumentIds))
                .col(uuid_null(LksRound::CaseStepId))
                .col(timestamp_with_time_zone_null(LksRound::VerifiedAt))
                .col(uuid_null(LksRound::VerifiedBy))
                .col(json_null(LksRound::Items))
                .col(timestamp_with_time_zone_null(LksRound::VisitedAt))
                .col(boolean_null(LksRound::VisitPassed))
                .col(text_null(LksRound::VisitNote))
                .col(string_len_null(LksRound::Outcome, 16))
                .col(json_null(LksRound::Missing))
                .foreign_key(
                    ForeignKey::create()
                        .from(LksRound::Table, LksRound::ApplicationId)
                        .to(LksApplication::Table, LksApplication::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_lks_round_number")
                .table(LksRound::Table)
                .col(LksRound::ApplicationId)
                .col(LksRound::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        for col in [
            uuid_null(Document::InstitutionId),
            uuid_null(Document::LksApplicationId),
            string_len_null(Document::RequirementKey, 48),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Document::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_document_lks_application")
                .table(Document::Table)
                .col(Document::LksApplicationId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_document_lks_application")
                .table(Document::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Document::InstitutionId,
            Document::LksApplicationId,
            Document::RequirementKey,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Document::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(LksRound::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(LksApplication::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Institution {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Document {
    Table,
    InstitutionId,
    LksApplicationId,
    RequirementKey,
}

#[derive(DeriveIden)]
enum LksApplication {
    Table,
    Id,
    OfficeId,
    InstitutionId,
    Purpose,
    Status,
    Round,
    CreatedBy,
    CreatedAt,
    SubmittedAt,
    ReceivedAt,
    ReceivedBy,
    ReceiptSignedBy,
}

#[derive(DeriveIden)]
enum LksRound {
    Table,
    Id,
    ApplicationId,
    Number,
    SubmittedAt,
    SubmittedBy,
    DocumentIds,
    CaseStepId,
    VerifiedAt,
    VerifiedBy,
    Items,
    VisitedAt,
    VisitPassed,
    VisitNote,
    Outcome,
    Missing,
}
