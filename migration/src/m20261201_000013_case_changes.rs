//! A change number per case, from a per-office counter taken inside the changing
//! transaction (its row stays locked until commit), so numbers are in commit order and a
//! phone that asks for "changes since N" never misses a change that committed late.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ServiceCase::Table)
                .add_column(integer(ServiceCase::ChangeSeq).default(0))
                .to_owned(),
        )
        .await?;
        // Cases that exist already get numbers 1..n per office, and each office's counter
        // starts after them, so a phone asking from the beginning receives them too.
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE service_case SET change_seq = (SELECT COUNT(*) FROM service_case AS s2 \
             WHERE s2.office_id = service_case.office_id AND s2.id <= service_case.id)",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO office_sequence (office_id, series, year, last_value) \
             SELECT office_id, 'CASE_CHANGES', 0, COUNT(*) FROM service_case GROUP BY office_id",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_service_case_changes")
                .table(ServiceCase::Table)
                .col(ServiceCase::OfficeId)
                .col(ServiceCase::ChangeSeq)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_service_case_changes")
                .table(ServiceCase::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ServiceCase::Table)
                .drop_column(ServiceCase::ChangeSeq)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ServiceCase {
    Table,
    OfficeId,
    ChangeSeq,
}
