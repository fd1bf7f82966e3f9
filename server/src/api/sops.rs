//! SOP versions and the office's adoptions in the schema.
use async_graphql::{Context, ID, Object, SimpleObject};
use entity::{Role, sop_version};

use crate::api::context::ContextExt;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::ids::{parse_id, to_id};
use crate::rules::sop::definition_of;
use crate::rules::sop::{SopDefinition, TimeRule};

/// One row of the printed SOP table.
#[derive(SimpleObject)]
pub struct SopTableRow {
    /// Stable key of the step (`cek_dan_asesmen`).
    pub key: String,
    pub number: String,
    /// Kegiatan / Aktivitas as printed.
    pub activity: String,
    pub activity_en: String,
    /// One mark per actor column, in `actorColumns` order.
    pub actor_marks: Vec<bool>,
    pub actors: Vec<Role>,
    /// True when the source lost its tick marks and the actors are read from the wording.
    pub actors_inferred: bool,
    /// Mutu Baku: Kelengkapan.
    pub requirements: Vec<String>,
    /// Mutu Baku: Waktu as printed (`6½ hari`); empty when none.
    pub time: String,
    /// Mutu Baku: Output.
    pub output: String,
    /// Keterangan.
    pub note: String,
    pub branches: Vec<SopBranch>,
}

/// A named way on from a step.
#[derive(SimpleObject)]
pub struct SopBranch {
    pub name: String,
    pub label: String,
    pub label_en: String,
    /// The step (or outside target) it leads to.
    pub next: String,
}

pub struct SopVersion {
    pub row: sop_version::Model,
    pub def: SopDefinition,
}

/// A version of an office's standard operating procedure, with everything its printed
/// header and table hold. Defects of the source are kept as written and listed in `defects`.
#[Object]
impl SopVersion {
    async fn id(&self) -> ID {
        to_id(self.row.id)
    }
    /// Stable name of the procedure across versions (`RUJUKAN_PPKS`).
    async fn code(&self) -> &str {
        &self.def.code
    }
    /// No. SOP as printed.
    async fn number(&self) -> &str {
        &self.def.number
    }
    async fn name(&self) -> &str {
        &self.def.name
    }
    async fn name_en(&self) -> &str {
        &self.def.name_en
    }
    async fn issuer(&self) -> &str {
        &self.def.issuer
    }
    async fn unit(&self) -> &str {
        &self.def.unit
    }
    /// Tanggal Pembuatan, as printed.
    async fn made(&self) -> &str {
        &self.def.made
    }
    /// Tanggal Revisi, as printed.
    async fn revised(&self) -> &str {
        &self.def.revised
    }
    /// Tanggal Pengesahan, as printed.
    async fn approved(&self) -> &str {
        &self.def.approved
    }
    /// Tanggal Efektif, as printed.
    async fn effective(&self) -> &str {
        &self.def.effective
    }
    async fn approved_by(&self) -> &str {
        &self.def.approved_by
    }
    async fn legal_basis(&self) -> &[String] {
        &self.def.legal_basis
    }
    async fn qualifications(&self) -> &[String] {
        &self.def.qualifications
    }
    /// Keterkaitan.
    async fn related(&self) -> &[String] {
        &self.def.related
    }
    /// Peralatan / Perlengkapan.
    async fn equipment(&self) -> &[String] {
        &self.def.equipment
    }
    async fn warning(&self) -> &str {
        &self.def.warning
    }
    async fn record_keeping(&self) -> &str {
        &self.def.record_keeping
    }
    async fn time_rule(&self) -> TimeRule {
        self.def.time_rule
    }
    /// The total as printed, never recomputed.
    async fn declared_total(&self) -> &str {
        &self.def.declared_total
    }
    async fn defects(&self) -> &[String] {
        &self.def.defects
    }
    /// The Pelaksana column headings, as printed.
    async fn actor_columns(&self) -> Vec<String> {
        self.def
            .actor_columns
            .iter()
            .map(|c| c.label.clone())
            .collect()
    }
    /// The table as the office prints it: steps × actors with the Mutu Baku columns.
    async fn rows(&self) -> Vec<SopTableRow> {
        self.def
            .steps
            .iter()
            .map(|s| SopTableRow {
                key: s.key.clone(),
                number: s.number.clone(),
                activity: s.text.clone(),
                activity_en: s.text_en.clone(),
                actor_marks: self.def.marks(s),
                actors: s.actors.clone(),
                actors_inferred: s.actors_inferred,
                requirements: s.requirements.clone(),
                time: s.time.clone(),
                output: s.output.clone(),
                note: s.note.clone(),
                branches: s
                    .branches
                    .iter()
                    .map(|b| SopBranch {
                        name: b.name.clone(),
                        label: b.label.clone(),
                        label_en: b.label_en.clone(),
                        next: b.next.clone(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// An SOP version with its parsed definition.
fn version(row: sop_version::Model) -> AppResult<SopVersion> {
    let def = definition_of(&row)?;
    Ok(SopVersion { row, def })
}

/// Any user of a Dinas Sosial office (the admin will manage versions); not institutions.
fn office_of(ctx: &Context<'_>) -> AppResult<uuid::Uuid> {
    ctx.actor()?.office_id().ok_or_else(|| {
        AppError::forbidden(Msg::new(
            "SOP hanya untuk petugas kantor Dinas Sosial.",
            "SOPs are for Dinas Sosial office staff.",
        ))
    })
}

#[derive(Default)]
pub struct SopQuery;

#[Object]
impl SopQuery {
    /// The SOP versions the caller's office has adopted.
    async fn sops(&self, ctx: &Context<'_>) -> AppResult<Vec<SopVersion>> {
        let office = office_of(ctx)?;
        let rows = crate::store::sops::adopted_versions(&ctx.app().db, office).await?;
        rows.into_iter().map(version).collect()
    }

    /// An SOP version adopted by the caller's office, or null.
    async fn sop(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<SopVersion>> {
        let office = office_of(ctx)?;
        let row =
            crate::store::sops::adopted_version(&ctx.app().db, office, parse_id(&id)?).await?;
        row.map(version).transpose()
    }
}
