//! Third-party apps: registered API clients with hashed secrets, the access tokens issued
//! to them (so one can be revoked), the operations each may run (trusted documents), the
//! query cost they spent per minute and per day, and the log of their requests.
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
                .table(ApiClient::Table)
                .col(pk_uuid(ApiClient::Id))
                .col(uuid(ApiClient::OfficeId))
                .col(string_len(ApiClient::Reach, 16))
                .col(string_len_null(ApiClient::ProvinceCode, 2))
                .col(text(ApiClient::Name))
                .col(text(ApiClient::Organisation))
                .col(text(ApiClient::Contact))
                .col(text_null(ApiClient::LegalBasis))
                .col(text_null(ApiClient::AgreementRef))
                .col(json(ApiClient::Scopes))
                .col(json_null(ApiClient::AllowedIps))
                .col(timestamp_with_time_zone_null(ApiClient::ExpiresAt))
                .col(text(ApiClient::SecretHash))
                .col(text_null(ApiClient::PreviousSecretHash))
                .col(timestamp_with_time_zone_null(ApiClient::PreviousValidUntil))
                .col(integer(ApiClient::CostPerMinute))
                .col(integer(ApiClient::CostPerDay))
                .col(timestamp_with_time_zone_null(ApiClient::RevokedAt))
                .col(uuid(ApiClient::CreatedBy))
                .col(timestamp_with_time_zone(ApiClient::CreatedAt))
                .col(timestamp_with_time_zone(ApiClient::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiClient::Table, ApiClient::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiClient::Table, ApiClient::CreatedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiClientToken::Table)
                .col(pk_uuid(ApiClientToken::Id))
                .col(uuid(ApiClientToken::ClientId))
                .col(json(ApiClientToken::Scopes))
                .col(timestamp_with_time_zone(ApiClientToken::IssuedAt))
                .col(timestamp_with_time_zone(ApiClientToken::ExpiresAt))
                .col(timestamp_with_time_zone_null(ApiClientToken::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiClientToken::Table, ApiClientToken::ClientId)
                        .to(ApiClient::Table, ApiClient::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiClientOperation::Table)
                .col(uuid(ApiClientOperation::ClientId))
                .col(string_len(ApiClientOperation::Sha256, 64))
                .col(text_null(ApiClientOperation::Name))
                .col(text(ApiClientOperation::Document))
                .col(uuid(ApiClientOperation::CreatedBy))
                .col(timestamp_with_time_zone(ApiClientOperation::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ApiClientOperation::ClientId)
                        .col(ApiClientOperation::Sha256),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiClientOperation::Table, ApiClientOperation::ClientId)
                        .to(ApiClient::Table, ApiClient::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiClientUsage::Table)
                .col(uuid(ApiClientUsage::ClientId))
                .col(string_len(ApiClientUsage::Span, 8))
                .col(timestamp_with_time_zone(ApiClientUsage::WindowStart))
                .col(integer(ApiClientUsage::Cost))
                .primary_key(
                    Index::create()
                        .col(ApiClientUsage::ClientId)
                        .col(ApiClientUsage::Span)
                        .col(ApiClientUsage::WindowStart),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiClientRequest::Table)
                .col(pk_uuid(ApiClientRequest::Id))
                .col(uuid(ApiClientRequest::ClientId))
                .col(uuid(ApiClientRequest::OfficeId))
                .col(timestamp_with_time_zone(ApiClientRequest::At))
                .col(string_len(ApiClientRequest::RequestId, 64))
                .col(string_len_null(ApiClientRequest::OperationHash, 64))
                .col(text_null(ApiClientRequest::OperationName))
                .col(json(ApiClientRequest::Scopes))
                .col(integer(ApiClientRequest::Records))
                .col(string_len(ApiClientRequest::Outcome, 24))
                .col(text_null(ApiClientRequest::Ip))
                .to_owned(),
        )
        .await?;
        for (name, table, unique, cols) in [
            (
                "ix_api_client_office",
                ApiClient::Table.into_iden(),
                false,
                vec![ApiClient::OfficeId.into_iden()],
            ),
            (
                "ix_api_client_token_client",
                ApiClientToken::Table.into_iden(),
                false,
                vec![ApiClientToken::ClientId.into_iden()],
            ),
            (
                "ix_api_client_request_client",
                ApiClientRequest::Table.into_iden(),
                false,
                vec![
                    ApiClientRequest::ClientId.into_iden(),
                    ApiClientRequest::At.into_iden(),
                ],
            ),
            (
                "ix_api_client_request_office",
                ApiClientRequest::Table.into_iden(),
                false,
                vec![
                    ApiClientRequest::OfficeId.into_iden(),
                    ApiClientRequest::At.into_iden(),
                ],
            ),
        ] {
            let mut idx = Index::create().name(name).table(table).to_owned();
            for col in cols {
                idx.col(col);
            }
            if unique {
                idx.unique();
            }
            m.create_index(idx).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApiClientRequest::Table.into_iden(),
            ApiClientUsage::Table.into_iden(),
            ApiClientOperation::Table.into_iden(),
            ApiClientToken::Table.into_iden(),
            ApiClient::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ApiClient {
    Table,
    Id,
    OfficeId,
    Reach,
    ProvinceCode,
    Name,
    Organisation,
    Contact,
    LegalBasis,
    AgreementRef,
    Scopes,
    AllowedIps,
    ExpiresAt,
    SecretHash,
    PreviousSecretHash,
    PreviousValidUntil,
    CostPerMinute,
    CostPerDay,
    RevokedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiClientToken {
    Table,
    Id,
    ClientId,
    Scopes,
    IssuedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ApiClientOperation {
    Table,
    ClientId,
    Sha256,
    Name,
    Document,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiClientUsage {
    Table,
    ClientId,
    Span,
    WindowStart,
    Cost,
}

#[derive(DeriveIden)]
enum ApiClientRequest {
    Table,
    Id,
    ClientId,
    OfficeId,
    At,
    RequestId,
    OperationHash,
    OperationName,
    Scopes,
    Records,
    Outcome,
    Ip,
}
