//! Every path the paper SOP allows: the case's own due time (the SOP's declared total), a
//! case continued in another procedure's, a case closed (or reopened) by a decision with its
//! reason, a step bound to the person it was disposed to, a branch proposed and waiting
//! for its approver, which roles of an office may close a case, and the tanda terima an
//! LKS signed on paper at the desk (and its application entered there), a UPT's answer the referring office recorded for it,
//! why a referral was withdrawn, and a relay hand-over the escort recorded for a receiving
//! office without users (with the signer's NIP), and a leg that failed on the way.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let columns = [
            (
                ServiceCase::Table.into_iden(),
                text_null(ServiceCase::CloseReason),
            ),
            (
                ServiceCase::Table.into_iden(),
                uuid_null(ServiceCase::ClosedBy),
            ),
            (
                ServiceCase::Table.into_iden(),
                timestamp_with_time_zone_null(ServiceCase::DueAt),
            ),
            (CaseStep::Table.into_iden(), uuid_null(CaseStep::AssigneeId)),
            (CaseStep::Table.into_iden(), uuid_null(CaseStep::ProposedBy)),
            (Office::Table.into_iden(), json_null(Office::ClosingRoles)),
            (
                LksApplication::Table.into_iden(),
                uuid_null(LksApplication::ReceiptDocumentId),
            ),
            (
                Referral::Table.into_iden(),
                json_null(Referral::AnswerOnBehalf),
            ),
            (
                Referral::Table.into_iden(),
                json_null(Referral::AdmissionOnBehalf),
            ),
            (
                Referral::Table.into_iden(),
                text_null(Referral::WithdrawReason),
            ),
            (
                RelayLeg::Table.into_iden(),
                text_null(RelayLeg::ReceivedByNip),
            ),
            (
                RelayLeg::Table.into_iden(),
                boolean(RelayLeg::HandoverByEscort)
                    .default(false)
                    .to_owned(),
            ),
            (
                RelayLeg::Table.into_iden(),
                string_len_null(RelayLeg::Failure, 16),
            ),
            (
                RelayLeg::Table.into_iden(),
                text_null(RelayLeg::FailureNote),
            ),
            (
                RelayLeg::Table.into_iden(),
                timestamp_with_time_zone_null(RelayLeg::FailedAt),
            ),
            (RelayLeg::Table.into_iden(), uuid_null(RelayLeg::FailedBy)),
            (
                RelayLeg::Table.into_iden(),
                uuid_null(RelayLeg::ClientAtOfficeId),
            ),
            (
                ServiceCase::Table.into_iden(),
                uuid_null(ServiceCase::ContinuedFromCaseId),
            ),
            (
                ServiceCase::Table.into_iden(),
                uuid_null(ServiceCase::ContinuedInCaseId),
            ),
            (
                LksApplication::Table.into_iden(),
                boolean(LksApplication::EnteredAtDesk)
                    .default(false)
                    .to_owned(),
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
        let columns = [
            (
                ServiceCase::Table.into_iden(),
                ServiceCase::CloseReason.into_iden(),
            ),
            (
                ServiceCase::Table.into_iden(),
                ServiceCase::ClosedBy.into_iden(),
            ),
            (
                ServiceCase::Table.into_iden(),
                ServiceCase::DueAt.into_iden(),
            ),
            (
                CaseStep::Table.into_iden(),
                CaseStep::AssigneeId.into_iden(),
            ),
            (
                CaseStep::Table.into_iden(),
                CaseStep::ProposedBy.into_iden(),
            ),
            (Office::Table.into_iden(), Office::ClosingRoles.into_iden()),
            (
                LksApplication::Table.into_iden(),
                LksApplication::ReceiptDocumentId.into_iden(),
            ),
            (
                Referral::Table.into_iden(),
                Referral::AnswerOnBehalf.into_iden(),
            ),
            (
                Referral::Table.into_iden(),
                Referral::AdmissionOnBehalf.into_iden(),
            ),
            (
                Referral::Table.into_iden(),
                Referral::WithdrawReason.into_iden(),
            ),
            (
                RelayLeg::Table.into_iden(),
                RelayLeg::ReceivedByNip.into_iden(),
            ),
            (
                RelayLeg::Table.into_iden(),
                RelayLeg::HandoverByEscort.into_iden(),
            ),
            (RelayLeg::Table.into_iden(), RelayLeg::Failure.into_iden()),
            (
                RelayLeg::Table.into_iden(),
                RelayLeg::FailureNote.into_iden(),
            ),
            (RelayLeg::Table.into_iden(), RelayLeg::FailedAt.into_iden()),
            (RelayLeg::Table.into_iden(), RelayLeg::FailedBy.into_iden()),
            (
                RelayLeg::Table.into_iden(),
                RelayLeg::ClientAtOfficeId.into_iden(),
            ),
            (
                ServiceCase::Table.into_iden(),
                ServiceCase::ContinuedFromCaseId.into_iden(),
            ),
            (
                ServiceCase::Table.into_iden(),
                ServiceCase::ContinuedInCaseId.into_iden(),
            ),
            (
                LksApplication::Table.into_iden(),
                LksApplication::EnteredAtDesk.into_iden(),
            ),
        ];
        for (table, column) in columns {
            m.alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ServiceCase {
    Table,
    CloseReason,
    ClosedBy,
    DueAt,
    ContinuedFromCaseId,
    ContinuedInCaseId,
}

#[derive(DeriveIden)]
enum CaseStep {
    Table,
    AssigneeId,
    ProposedBy,
}

#[derive(DeriveIden)]
enum LksApplication {
    Table,
    ReceiptDocumentId,
    EnteredAtDesk,
}

#[derive(DeriveIden)]
enum Referral {
    Table,
    AnswerOnBehalf,
    AdmissionOnBehalf,
    WithdrawReason,
}

#[derive(DeriveIden)]
enum RelayLeg {
    Table,
    ReceivedByNip,
    HandoverByEscort,
    Failure,
    FailureNote,
    FailedAt,
    FailedBy,
    ClientAtOfficeId,
}

#[derive(DeriveIden)]
enum Office {
    Table,
    ClosingRoles,
}
