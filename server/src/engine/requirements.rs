//! What a step needs before it completes: its documents, and the checks its SOP names
//! (identity, origin, assessment, referral, letters, the journey home).
use std::collections::HashSet;

use entity::{
    assessment, assessment::Eligibility, case_step, case_step_document, client,
    client::IdentityStatus, document, document_kind::DocumentKind, escorted_return,
    escorted_return::ReturnStatus, referral, referral::ReferralStatus, report,
    report::ReporterType, service_case,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::engine::case::CaseCtx;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::rules::sop::{Branch, StepCheck};

/// Why a client cannot (yet) be sent home, for the identity and origin checks.
pub fn returnable(c: &client::Model, check: StepCheck) -> Option<(Msg, Vec<&'static str>)> {
    use IdentityStatus::*;
    match check {
        StepCheck::IdentitySettled => match c.identity_status {
            Known | Found | NotRegistered => None,
            Unknown => Some(Msg::new(
                "Identitas klien belum diketahui: isi identitasnya, atau minta Dukcapil mencarinya (requestDukcapilCheck).",
                "The client's identity is unknown: fill it in, or ask Dukcapil to find it (requestDukcapilCheck).",
            )),
            AskedDukcapil => Some(Msg::new(
                "Menunggu jawaban Dukcapil atas identitas klien; catat jawabannya (recordDukcapilAnswer).",
                "Waiting for Dukcapil's answer about the client's identity; record it (recordDukcapilAnswer).",
            )),
        }
        .map(|m| (m, Vec::new())),
        StepCheck::OriginKnown if c.origin_region_code.is_some() => None,
        StepCheck::OriginKnown if matches!(c.identity_status, Known | Found) => Some((
            Msg::new(
                "Daerah asal klien belum diisi (originRegionCode): perjalanan pulang tidak bisa direncanakan.",
                "The client's region of origin is not filled in (originRegionCode): no journey home can be planned.",
            ),
            Vec::new(),
        )),
        StepCheck::OriginKnown => Some((
            Msg::new(
                "Klien tanpa identitas dan tanpa daerah asal yang diketahui tidak bisa dipulangkan. Tempatkan klien di shelter/rumah singgah, atau rujuk ke UPT/panti (SOP RUJUKAN_PPKS).",
                "A client with no identity and no known region of origin cannot be sent home. Place the client in a shelter, or refer them to a UPT/panti (the RUJUKAN_PPKS procedure).",
            ),
            NOT_RETURNABLE_ALTERNATIVES.to_vec(),
        )),
        _ => None,
    }
}

/// An unmet check: why, and what the office may do instead (empty when nothing).
async fn unmet(
    db: &impl ConnectionTrait,
    ctx: &CaseCtx,
    check: StepCheck,
) -> AppResult<Option<(Msg, Vec<&'static str>)>> {
    let case = &ctx.case;
    let why = match check {
        StepCheck::IdentitySettled | StepCheck::OriginKnown => {
            return client_not_returnable(db, case, check).await;
        }
        StepCheck::ReturnPlanned => return_not_planned(db, case).await?,
        StepCheck::ReturnArrived => return_not_arrived(db, case).await?,
        StepCheck::Report if case.report_id.is_none() => Some(Msg::new(
            "Kasus ini belum terhubung dengan laporan/permohonan yang tercatat.",
            "This case is not linked to a recorded report or application.",
        )),
        StepCheck::Report => None,
        StepCheck::AssessmentEligible | StepCheck::AssessmentNotEligible => {
            assessment_mismatch(db, case, check).await?
        }
        StepCheck::ReferralAccepted => referral_not_accepted(db, case).await?,
        StepCheck::OriginInOwnRegion => origin_elsewhere(db, case).await?,
        StepCheck::LetterIssued => letters_not_issued(db, ctx).await?,
        // The sender's letter is a document, required in `require`.
        StepCheck::SenderLetter => None,
    };
    Ok(why.map(|m| (m, Vec::new())))
}

/// The identity and origin checks, on the case's client (a case without one has nobody
/// to send home).
async fn client_not_returnable(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    check: StepCheck,
) -> AppResult<Option<(Msg, Vec<&'static str>)>> {
    let client = match case.client_id {
        Some(id) => client::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(match client {
        Some(c) => returnable(&c, check),
        None => Some((
            Msg::new(
                "Kasus ini tidak punya klien; tidak ada yang bisa dipulangkan.",
                "This case has no client; there is nobody to send home.",
            ),
            Vec::new(),
        )),
    })
}

/// Unmet while the case's journey home is not planned.
async fn return_not_planned(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
) -> AppResult<Option<Msg>> {
    let planned = crate::store::journeys::of_case(db, case.id).await?;
    Ok(planned.is_none().then(|| {
        Msg::new(
            "Perjalanan pulang belum direncanakan (planReturn): surat tugas dibuat untuk rute itu.",
            "The journey home is not planned yet (planReturn): the letters are made for that route.",
        )
    }))
}

/// Unmet until the case's journey home has arrived (handed over at the destination).
async fn return_not_arrived(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
) -> AppResult<Option<Msg>> {
    let arrived = escorted_return::Entity::find()
        .filter(escorted_return::Column::CaseId.eq(case.id))
        .filter(escorted_return::Column::Status.eq(ReturnStatus::Arrived))
        .one(db)
        .await?;
    Ok(arrived.is_none().then(|| {
        Msg::new(
            "Perjalanan pulang klien belum sampai: serah terima di kantor tujuan belum dikonfirmasi.",
            "The client's journey home has not arrived: the hand-over at the destination is not confirmed yet.",
        )
    }))
}

/// Whether the client's current assessment (of this office) fails to say what the check
/// wants: LAYAK or TIDAK LAYAK.
async fn assessment_mismatch(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    check: StepCheck,
) -> AppResult<Option<Msg>> {
    let want = if check == StepCheck::AssessmentEligible {
        Eligibility::Eligible
    } else {
        Eligibility::NotEligible
    };
    let current = match case.client_id {
        Some(client) => {
            assessment::Entity::find()
                .filter(assessment::Column::ClientId.eq(client))
                .filter(assessment::Column::OfficeId.eq(case.office_id))
                .filter(assessment::Column::SupersededBy.is_null())
                .order_by_desc(assessment::Column::AssessedAt)
                .one(db)
                .await?
        }
        None => None,
    };
    Ok(match current {
        Some(a) if a.eligibility == want => None,
        Some(_) | None => Some(if want == Eligibility::Eligible {
            Msg::new(
                "Asesmen klien yang berlaku belum menyatakan LAYAK.",
                "The client's current assessment does not say ELIGIBLE.",
            )
        } else {
            Msg::new(
                "Asesmen klien yang berlaku belum menyatakan TIDAK LAYAK.",
                "The client's current assessment does not say NOT ELIGIBLE.",
            )
        }),
    })
}

/// Unmet unless the client's region of origin lies within the office's own region.
async fn origin_elsewhere(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
) -> AppResult<Option<Msg>> {
    let origin = match case.client_id {
        Some(id) => client::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|c| c.origin_region_code),
        None => None,
    };
    let office = entity::office::Entity::find_by_id(case.office_id)
        .one(db)
        .await?;
    let own = match (origin, office) {
        (Some(o), Some(off)) => {
            o == off.region_code || o.starts_with(&format!("{}.", off.region_code))
        }
        _ => false,
    };
    Ok((!own).then(|| {
        Msg::new(
            "Daerah asal klien tidak di wilayah kantor ini: kirim ke daerah asal (dikirim) atau serahkan ke keluarga yang menjemput.",
            "The client's region of origin is not in this office's region: send them there, or hand them to the family who picks them up.",
        )
    }))
}

/// Why the referral is not through yet: no UPT/panti accepted (or admitted) the client.
async fn referral_not_accepted(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
) -> AppResult<Option<Msg>> {
    let accepted = referral::Entity::find()
        .filter(referral::Column::CaseId.eq(case.id))
        .filter(
            referral::Column::Status.is_in([ReferralStatus::Accepted, ReferralStatus::Admitted]),
        )
        .one(db)
        .await?;
    Ok(accepted.is_none().then(|| {
        Msg::new(
            "Belum ada UPT/panti yang menerima rujukan ini.",
            "No UPT/panti has accepted this referral yet.",
        )
    }))
}

/// Every letter the SOP names (or, without a rule, the case's letter) must be numbered and
/// in the books.
async fn letters_not_issued(db: &impl ConnectionTrait, ctx: &CaseCtx) -> AppResult<Option<Msg>> {
    let letters = crate::store::letters::all_of_case(db, ctx.case.id).await?;
    let issued = |series: Option<&str>| {
        letters
            .iter()
            .any(|l| l.expedition_number.is_some() && series.is_none_or(|s| l.series == s))
    };
    let all = if ctx.def.letter.is_empty() {
        issued(None) && letters.iter().all(|l| l.expedition_number.is_some())
    } else {
        ctx.def.letter.iter().all(|r| issued(Some(&r.series)))
    };
    Ok((!all).then(|| {
        Msg::new(
            "Surat belum diberi nomor dan dicatat di buku agenda dan ekspedisi.",
            "The letter is not yet numbered and entered in the agenda and expedition books.",
        )
    }))
}

/// What a client who cannot be sent home may have instead: the shelter, or the referral
/// procedure (seed 000).
pub const NOT_RETURNABLE_ALTERNATIVES: &[&str] = &["SHELTER", "RUJUKAN_PPKS"];

/// Whether the case's report came from another Dinas Sosial (a client sent on, "kiriman").
async fn sent_on(db: &impl ConnectionTrait, case: &service_case::Model) -> AppResult<bool> {
    let Some(report_id) = case.report_id else {
        return Ok(false);
    };
    Ok(report::Entity::find_by_id(report_id)
        .one(db)
        .await?
        .is_some_and(|r| r.reporter_type == ReporterType::OtherDinsos))
}

/// What a step (or branch) still lacks: documents the case does not hold and checks not
/// met, each with why and what the office may do instead.
#[derive(Default)]
pub struct Lacking {
    pub documents: Vec<DocumentKind>,
    pub checks: Vec<UnmetCheck>,
}

pub struct UnmetCheck {
    pub check: StepCheck,
    pub why: Msg,
    pub alternatives: Vec<&'static str>,
}

/// Evaluates documents (the client's uploads, papers attached to the case's steps, and
/// `adding`) and checks without refusing: for the step's own description of what it needs.
pub async fn lacking(
    db: &impl ConnectionTrait,
    ctx: &CaseCtx,
    documents: &[DocumentKind],
    checks: &[StepCheck],
    adding: &[document::Model],
) -> AppResult<Lacking> {
    let mut documents = documents.to_vec();
    if checks.contains(&StepCheck::SenderLetter) && sent_on(db, &ctx.case).await? {
        documents.push(DocumentKind::SuratKeteranganDinsosAsal);
    }
    let mut out = Lacking::default();
    if !documents.is_empty() {
        let mut held: HashSet<DocumentKind> = adding.iter().map(|d| d.kind).collect();
        held.extend(held_by_case(db, ctx).await?);
        out.documents = documents
            .into_iter()
            .filter(|k| !held.contains(k))
            .collect();
        out.documents.dedup();
    }
    for check in checks {
        if let Some((why, alternatives)) = unmet(db, ctx, *check).await? {
            out.checks.push(UnmetCheck {
                check: *check,
                why,
                alternatives,
            });
        }
    }
    Ok(out)
}

/// The kinds of the documents the case holds: its client's uploads of this office and the
/// papers attached to its steps.
async fn held_by_case(
    db: &impl ConnectionTrait,
    ctx: &CaseCtx,
) -> AppResult<HashSet<DocumentKind>> {
    let mut held = HashSet::new();
    if let Some(client) = ctx.case.client_id {
        let of_client = document::Entity::find()
            .filter(document::Column::ClientId.eq(client))
            .filter(document::Column::OfficeId.eq(ctx.case.office_id))
            .all(db)
            .await?;
        held.extend(of_client.iter().map(|d| d.kind));
    }
    let step_ids: Vec<Uuid> = case_step::Entity::find()
        .filter(case_step::Column::CaseId.eq(ctx.case.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let attached: Vec<Uuid> = case_step_document::Entity::find()
        .filter(case_step_document::Column::CaseStepId.is_in(step_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.document_id)
        .collect();
    if !attached.is_empty() {
        let docs = document::Entity::find()
            .filter(document::Column::Id.is_in(attached))
            .all(db)
            .await?;
        held.extend(docs.iter().map(|d| d.kind));
    }
    Ok(held)
}

/// What a step names as its needs (its own and each branch's) and what of it is lacking.
pub struct StepNeeds {
    pub documents: Vec<DocumentKind>,
    pub checks: Vec<StepCheck>,
    pub branches: Vec<Branch>,
    pub lacking: Lacking,
    /// Completing it takes a reason (`note`): it is a way out of a branch target.
    pub asks_reason: bool,
    /// The branches into a waiting state: they take a reason and a review date.
    pub into_waiting: Vec<String>,
}

/// The needs of step `key` of the case, evaluated in one pass over its own and its
/// branches' documents and checks.
pub async fn needs_of(db: &impl ConnectionTrait, ctx: &CaseCtx, key: &str) -> AppResult<StepNeeds> {
    let Some(step) = ctx.def.node(key) else {
        return Ok(StepNeeds {
            documents: Vec::new(),
            checks: Vec::new(),
            branches: Vec::new(),
            lacking: Lacking::default(),
            asks_reason: false,
            into_waiting: Vec::new(),
        });
    };
    let mut documents = step.documents.clone();
    let mut checks = step.checks.clone();
    for b in &step.branches {
        documents.extend(b.documents.iter().copied());
        checks.extend(b.checks.iter().copied());
    }
    let lacking = lacking(db, ctx, &documents, &checks, &[]).await?;
    let mut own_documents = step.documents.clone();
    // The sending office's letter, when the report says the client was sent on.
    if lacking
        .documents
        .contains(&DocumentKind::SuratKeteranganDinsosAsal)
        || (step.checks.contains(&StepCheck::SenderLetter) && sent_on(db, &ctx.case).await?)
    {
        own_documents.push(DocumentKind::SuratKeteranganDinsosAsal);
    }
    Ok(StepNeeds {
        documents: own_documents,
        checks: step
            .checks
            .iter()
            .copied()
            .filter(|c| *c != StepCheck::SenderLetter)
            .collect(),
        asks_reason: ctx.def.target(key).is_some(),
        into_waiting: step
            .branches
            .iter()
            .filter(|b| ctx.def.target(&b.next).is_some_and(|t| t.review))
            .map(|b| b.name.clone())
            .collect(),
        branches: step.branches,
        lacking,
    })
}

/// The wire name of an enum value (`SURAT_KETERANGAN_LURAH`, `REFERRAL_ACCEPTED`).
fn wire_name(v: impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Refuses with the list of what is missing: documents first (all of them, in
/// `missingDocuments`), then the first check not met (`missingCheck`, with `alternatives`
/// when the office may go another way).
pub async fn require(
    db: &impl ConnectionTrait,
    ctx: &CaseCtx,
    documents: &[DocumentKind],
    checks: &[StepCheck],
    adding: &[document::Model],
) -> AppResult<()> {
    let lacking = lacking(db, ctx, documents, checks, adding).await?;
    if !lacking.documents.is_empty() {
        let names: Vec<String> = lacking.documents.iter().map(wire_name).collect();
        return Err(AppError::precondition(Msg::new(
            format!(
                "Berkas belum lengkap: {} belum diunggah untuk kasus ini.",
                names.join(", ")
            ),
            format!(
                "Papers incomplete: {} not yet uploaded for this case.",
                names.join(", ")
            ),
        ))
        .with("missingDocuments", names));
    }
    if let Some(first) = lacking.checks.into_iter().next() {
        let mut err =
            AppError::precondition(first.why).with("missingCheck", wire_name(first.check));
        if !first.alternatives.is_empty() {
            err = err.with("alternatives", first.alternatives);
        }
        return Err(err);
    }
    Ok(())
}

pub async fn attach(
    txn: &impl ConnectionTrait,
    step_id: Uuid,
    docs: &[document::Model],
) -> AppResult<()> {
    if docs.is_empty() {
        return Ok(());
    }
    case_step_document::Entity::insert_many(docs.iter().map(|d| {
        case_step_document::Model {
            case_step_id: step_id,
            document_id: d.id,
        }
        .into_active_model()
    }))
    .on_conflict_do_nothing()
    .exec(txn)
    .await?;
    Ok(())
}

/// Documents of the office the actor may attach to this case: its client's, or the
/// office's own papers without a client. NOT_FOUND for anything else.
pub async fn attachable_documents(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    ids: &[Uuid],
) -> AppResult<Vec<document::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let docs = document::Entity::find()
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .filter(document::Column::OfficeId.eq(case.office_id))
        .all(db)
        .await?;
    // The case's client's papers, or papers of no client that belong to no other report;
    // an LKS application's papers only to its own case.
    let fits = |d: &document::Model| {
        if d.lks_application_id.is_some() {
            return d.lks_application_id == Some(case.id);
        }
        (case.client_id.is_some() && d.client_id == case.client_id)
            || (d.client_id.is_none() && (d.report_id.is_none() || d.report_id == case.report_id))
    };
    if docs.len() != ids.iter().collect::<HashSet<_>>().len() || !docs.iter().all(fits) {
        return Err(AppError::not_found("Berkas", "Document").with("field", "documentIds"));
    }
    Ok(docs)
}
