//! Verifiable letters: each issued letter is kept as a PDF document (with its sha256) and
//! carries an unguessable code that its QR code points to.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            string_len_null(Letter::VerifyCode, 40),
            uuid_null(Letter::DocumentId),
            string_len_null(Letter::PdfSha256, 64),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Letter::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        for (name, col) in [
            ("ux_letter_verify_code", Letter::VerifyCode),
            ("ix_letter_pdf_sha256", Letter::PdfSha256),
        ] {
            let mut idx = Index::create()
                .name(name)
                .table(Letter::Table)
                .col(col)
                .to_owned();
            if name.starts_with("ux_") {
                idx.unique();
            }
            m.create_index(idx).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ux_letter_verify_code", "ix_letter_pdf_sha256"] {
            m.drop_index(Index::drop().name(name).table(Letter::Table).to_owned())
                .await?;
        }
        for col in [Letter::VerifyCode, Letter::DocumentId, Letter::PdfSha256] {
            m.alter_table(
                Table::alter()
                    .table(Letter::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Letter {
    Table,
    VerifyCode,
    DocumentId,
    PdfSha256,
}
