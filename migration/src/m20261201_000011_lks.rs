//! LKS (social-welfare institutions) the office registers: their legal profile, and each
//! office's checklist of requirements for a recommendation.
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
                .table(LksProfile::Table)
                .col(pk_uuid(LksProfile::InstitutionId))
                .col(string_len(LksProfile::LegalStatus, 24))
                .col(text_null(LksProfile::DeedNumber))
                .col(date_null(LksProfile::DeedDate))
                .col(text_null(LksProfile::Notary))
                .col(text_null(LksProfile::DecreeNumber))
                .col(date_null(LksProfile::DecreeDate))
                .col(string_len_null(LksProfile::Npwp, 16))
                .col(text_null(LksProfile::DomicileLetterNumber))
                .col(date_null(LksProfile::DomicileValidUntil))
                .col(text(LksProfile::ChairName))
                .col(json(LksProfile::Clusters))
                .col(text_null(LksProfile::RegistrationNumber))
                .col(date_null(LksProfile::RegistrationValidUntil))
                .col(string_len_null(LksProfile::Accreditation, 8))
                .col(date_null(LksProfile::AccreditationValidUntil))
                .col(integer(LksProfile::Version))
                .col(uuid(LksProfile::UpdatedBy))
                .col(timestamp_with_time_zone(LksProfile::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(LksProfile::Table, LksProfile::InstitutionId)
                        .to(Institution::Table, Institution::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LksProfile::Table, LksProfile::UpdatedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LksRequirement::Table)
                .col(uuid(LksRequirement::OfficeId))
                .col(string_len(LksRequirement::Key, 48))
                .col(integer(LksRequirement::Position))
                .col(text(LksRequirement::Label))
                .col(text(LksRequirement::LabelEn))
                .col(boolean(LksRequirement::Required))
                .col(string_len(LksRequirement::AppliesTo, 24))
                .primary_key(
                    Index::create()
                        .col(LksRequirement::OfficeId)
                        .col(LksRequirement::Key),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LksRequirement::Table, LksRequirement::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LksRequirement::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(LksProfile::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Institution {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LksProfile {
    Table,
    InstitutionId,
    LegalStatus,
    DeedNumber,
    DeedDate,
    Notary,
    DecreeNumber,
    DecreeDate,
    Npwp,
    DomicileLetterNumber,
    DomicileValidUntil,
    ChairName,
    Clusters,
    RegistrationNumber,
    RegistrationValidUntil,
    Accreditation,
    AccreditationValidUntil,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LksRequirement {
    Table,
    OfficeId,
    Key,
    Position,
    Label,
    LabelEn,
    Required,
    AppliesTo,
}
