//! The office's books as registers: the incoming agenda book (buku agenda surat masuk) gets
//! a row per incoming letter, whatever brought it (a report, a UPT's paper answer, an LKS
//! application, Dukcapil's answer), numbered once per source; and the expedition book
//! records who carried each outgoing letter and who signed for it.
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
                .table(IncomingLetter::Table)
                .col(pk_uuid(IncomingLetter::Id))
                .col(uuid(IncomingLetter::OfficeId))
                .col(integer(IncomingLetter::Year))
                .col(integer(IncomingLetter::Number))
                .col(string_len(IncomingLetter::Source, 24))
                .col(uuid(IncomingLetter::SourceId))
                .col(timestamp_with_time_zone(IncomingLetter::ReceivedAt))
                .col(text(IncomingLetter::Sender))
                .col(text_null(IncomingLetter::SenderNumber))
                .col(date_null(IncomingLetter::SenderDate))
                .col(text(IncomingLetter::Subject))
                .col(uuid_null(IncomingLetter::CaseId))
                .col(uuid_null(IncomingLetter::DocumentId))
                .col(uuid(IncomingLetter::RecordedBy))
                .col(timestamp_with_time_zone(IncomingLetter::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(IncomingLetter::Table, IncomingLetter::OfficeId)
                        .to(Office::Table, Office::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(IncomingLetter::Table, IncomingLetter::RecordedBy)
                        .to(User::Table, User::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, unique, cols) in [
            (
                "ux_incoming_letter_number",
                true,
                vec![
                    IncomingLetter::OfficeId,
                    IncomingLetter::Year,
                    IncomingLetter::Number,
                ],
            ),
            // Each report, answer or submission enters the book once.
            (
                "ux_incoming_letter_source",
                true,
                vec![IncomingLetter::Source, IncomingLetter::SourceId],
            ),
            (
                "ix_incoming_letter_received",
                false,
                vec![IncomingLetter::OfficeId, IncomingLetter::ReceivedAt],
            ),
            (
                "ix_incoming_letter_case",
                false,
                vec![IncomingLetter::CaseId],
            ),
        ] {
            let mut idx = Index::create()
                .name(name)
                .table(IncomingLetter::Table)
                .to_owned();
            if unique {
                idx.unique();
            }
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }
        // Reports already in the book keep their numbers (the entry's id is the report's).
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO incoming_letter (id, office_id, year, number, source, source_id, \
                 received_at, sender, sender_number, sender_date, subject, case_id, document_id, \
                 recorded_by, created_at) \
                 SELECT r.id, r.office_id, r.agenda_year, r.agenda_number, 'REPORT', r.id, \
                 r.received_at, COALESCE(r.reporter_name, r.reporter_type), \
                 r.reference_letter_number, r.reference_letter_date, r.summary, \
                 (SELECT c.id FROM service_case c WHERE c.report_id = r.id ORDER BY c.id LIMIT 1), NULL, \
                 r.received_by, r.created_at FROM report r",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("ix_letter_book")
                .table(Letter::Table)
                .col(Letter::OfficeId)
                .col(Letter::Year)
                .col(Letter::AgendaNumber)
                .to_owned(),
        )
        .await?;
        // SQLite takes one column per ALTER TABLE.
        for mut column in [
            text_null(Letter::CarriedBy),
            string_len_null(Letter::ReceiverParty, 16),
            text_null(Letter::ReceivedByName),
            timestamp_with_time_zone_null(Letter::HandedOverAt),
            uuid_null(Letter::HandedOverBy),
            uuid_null(Letter::ReceiptDocumentId),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Letter::Table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Letter::CarriedBy,
            Letter::ReceiverParty,
            Letter::ReceivedByName,
            Letter::HandedOverAt,
            Letter::HandedOverBy,
            Letter::ReceiptDocumentId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Letter::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name("ix_letter_book")
                .table(Letter::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(IncomingLetter::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum IncomingLetter {
    Table,
    Id,
    OfficeId,
    Year,
    Number,
    Source,
    SourceId,
    ReceivedAt,
    Sender,
    SenderNumber,
    SenderDate,
    Subject,
    CaseId,
    DocumentId,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Letter {
    Table,
    OfficeId,
    Year,
    AgendaNumber,
    CarriedBy,
    ReceiverParty,
    ReceivedByName,
    HandedOverAt,
    HandedOverBy,
    ReceiptDocumentId,
}
