//! Offices, regions, institutions, users and roles, sessions with rotating refresh tokens,
//! login attempts (throttling that holds across replicas) and the audit trail.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // SQLite runs migrations outside a transaction by default; a half-applied foundation
    // would leave a database the server cannot start on.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Region::Table)
                .col(string_len(Region::Code, 13).primary_key())
                .col(string(Region::Name))
                .col(small_integer(Region::Level))
                .col(string_len_null(Region::ParentCode, 13))
                .col(string(Region::SourceEdition))
                .foreign_key(
                    ForeignKey::create()
                        .from(Region::Table, Region::ParentCode)
                        .to(Region::Table, Region::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_region_parent")
                .table(Region::Table)
                .col(Region::ParentCode)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Office::Table)
                .col(pk_uuid(Office::Id))
                .col(string_len_uniq(Office::Slug, 64))
                .col(string(Office::Name))
                .col(string_len(Office::RegionCode, 13))
                .col(string_len(Office::Timezone, 64))
                .col(timestamp_with_time_zone(Office::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Office::Table, Office::RegionCode)
                        .to(Region::Table, Region::Code),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Institution::Table)
                .col(pk_uuid(Institution::Id))
                .col(string_len_uniq(Institution::Slug, 64))
                .col(string(Institution::Name))
                .col(string_len(Institution::Kind, 16))
                .col(uuid(Institution::OfficeId))
                .col(string_len_null(Institution::RegionCode, 13))
                .col(timestamp_with_time_zone(Institution::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Institution::Table, Institution::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Institution::Table, Institution::RegionCode)
                        .to(Region::Table, Region::Code),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(User::Table)
                .col(pk_uuid(User::Id))
                .col(string_len_uniq(User::Username, 128))
                .col(string(User::FullName))
                .col(text(User::PasswordHash))
                .col(uuid_null(User::OfficeId))
                .col(uuid_null(User::InstitutionId))
                .col(boolean(User::Active))
                .col(integer(User::Version))
                .col(timestamp_with_time_zone(User::CreatedAt))
                .col(timestamp_with_time_zone(User::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(User::Table, User::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(User::Table, User::InstitutionId)
                        .to(Institution::Table, Institution::Id),
                )
                // Every user belongs to exactly one office or one institution.
                .check(
                    Expr::col(User::OfficeId)
                        .is_null()
                        .ne(Expr::col(User::InstitutionId).is_null()),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_office")
                .table(User::Table)
                .col(User::OfficeId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_institution")
                .table(User::Table)
                .col(User::InstitutionId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UserRole::Table)
                .col(uuid(UserRole::UserId))
                .col(string_len(UserRole::Role, 16))
                .primary_key(Index::create().col(UserRole::UserId).col(UserRole::Role))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRole::Table, UserRole::UserId)
                        .to(User::Table, User::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(pk_uuid(Session::Id))
                .col(uuid(Session::UserId))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .col(timestamp_with_time_zone_null(Session::RevokedAt))
                .col(string_len_null(Session::RevokedReason, 32))
                .col(string_len_null(Session::Ip, 64))
                .col(string_len_null(Session::UserAgent, 256))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::UserId)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_user")
                .table(Session::Table)
                .col(Session::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshToken::Table)
                .col(pk_uuid(RefreshToken::Id))
                .col(uuid(RefreshToken::SessionId))
                .col(string_len_uniq(RefreshToken::TokenHash, 64))
                .col(timestamp_with_time_zone(RefreshToken::IssuedAt))
                .col(timestamp_with_time_zone(RefreshToken::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshToken::RotatedAt))
                .col(uuid_null(RefreshToken::ReplacedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshToken::Table, RefreshToken::SessionId)
                        .to(Session::Table, Session::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_refresh_token_session")
                .table(RefreshToken::Table)
                .col(RefreshToken::SessionId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginAttempt::Table)
                .col(pk_uuid(LoginAttempt::Id))
                .col(string_len(LoginAttempt::Username, 128))
                .col(string_len(LoginAttempt::Ip, 64))
                .col(string_len(LoginAttempt::Outcome, 16))
                .col(timestamp_with_time_zone(LoginAttempt::At))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_login_attempt_username", LoginAttempt::Username),
            ("idx_login_attempt_ip", LoginAttempt::Ip),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(LoginAttempt::Table)
                    .col(col)
                    .col(LoginAttempt::At)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(AuditEvent::Table)
                .col(pk_uuid(AuditEvent::Id))
                .col(timestamp_with_time_zone(AuditEvent::At))
                .col(string_len(AuditEvent::RequestId, 64))
                .col(uuid_null(AuditEvent::ActorUserId))
                .col(string_len_null(AuditEvent::ActorUsername, 128))
                .col(uuid_null(AuditEvent::OfficeId))
                .col(uuid_null(AuditEvent::InstitutionId))
                .col(string_len(AuditEvent::Action, 64))
                .col(string_len(AuditEvent::EntityType, 64))
                .col(string_len_null(AuditEvent::EntityId, 64))
                .col(string_len_null(AuditEvent::Ip, 64))
                .col(json_null(AuditEvent::Details))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_event_office")
                .table(AuditEvent::Table)
                .col(AuditEvent::OfficeId)
                .col(AuditEvent::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvent::Table.into_iden(),
            LoginAttempt::Table.into_iden(),
            RefreshToken::Table.into_iden(),
            Session::Table.into_iden(),
            UserRole::Table.into_iden(),
            User::Table.into_iden(),
            Institution::Table.into_iden(),
            Office::Table.into_iden(),
            Region::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub(crate) enum Region {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
    SourceEdition,
}

#[derive(DeriveIden)]
pub(crate) enum Office {
    Table,
    Id,
    Slug,
    Name,
    RegionCode,
    Timezone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Institution {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    OfficeId,
    RegionCode,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum User {
    Table,
    Id,
    Username,
    FullName,
    PasswordHash,
    OfficeId,
    InstitutionId,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserRole {
    Table,
    UserId,
    Role,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedReason,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum RefreshToken {
    Table,
    Id,
    SessionId,
    TokenHash,
    IssuedAt,
    ExpiresAt,
    RotatedAt,
    ReplacedBy,
}

#[derive(DeriveIden)]
enum LoginAttempt {
    Table,
    Id,
    Username,
    Ip,
    Outcome,
    At,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    At,
    RequestId,
    ActorUserId,
    ActorUsername,
    OfficeId,
    InstitutionId,
    Action,
    EntityType,
    EntityId,
    Ip,
    Details,
}
