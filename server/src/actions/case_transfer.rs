//! Pelimpahan: handing a case and its client to another Dinas Sosial (e.g. the office of the
//! client's region of origin). The sending office's closing roles ask; the receiving
//! office's closing roles accept or decline. On acceptance, in one transaction, the client
//! with its documents and assessments becomes the receiving office's, a report "sent on by
//! another Dinas Sosial" enters its incoming agenda and a case of the same SOP (its own
//! adopted version) opens from it; the sending case closes TRANSFERRED and stays with the
//! sending office as the read-only record of what it did.
use chrono::Utc;
use entity::case_transfer::{self, TransferStatus};
use entity::report::{ReportChannel, ReporterType};
use entity::service_case::{CaseOutcome, CaseStatus};
use entity::{office, report, user};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::engine::{self, CaseCtx, Closing, NewCase, begin_on_case};
use crate::infra::audit::AuditEntry;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{self, Call, finish};
use crate::rules::closing::closing_roles;
use crate::store::case_transfers;
use entity::Role;

#[derive(Clone, Debug, Serialize)]
pub struct RequestTransfer {
    pub case_id: Uuid,
    pub to_office_id: Uuid,
    pub reason: String,
}

/// The roles of `office` that may close (and so hand over or take over) a case.
async fn closing_roles_of(db: &impl ConnectionTrait, office: Uuid) -> AppResult<Vec<Role>> {
    let row = office::Entity::find_by_id(office).one(db).await?;
    Ok(closing_roles(row.and_then(|o| o.closing_roles).as_ref()))
}

/// Asks another office to take the case over. The case goes on here until that office
/// answers (closing it here takes the request back).
pub async fn request(call: &Call<'_>, input: RequestTransfer) -> AppResult<case_transfer::Model> {
    let office = casework_office(call.actor)?;
    let reason = trimmed(Some(input.reason.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Tulis alasan pelimpahan (mis. klien berasal dari wilayah kantor itu).",
            "Write why the case is transferred (e.g. the client comes from that office's region).",
        ))
        .with("field", "reason")
    })?;
    let hash = idempotency::hash_input(&input);
    let Some((uow, ctx)) =
        begin_on_case(call, "transferCase", &hash, office, input.case_id).await?
    else {
        return replayed(call, office).await;
    };
    let txn = uow.txn();
    let role = call
        .actor
        .role_among(&closing_roles_of(txn, office).await?)?;
    let client_id = transferable(txn, &ctx).await?;
    let to = receiving_office(txn, office, input.to_office_id, &ctx).await?;
    let transfer = case_transfer::Model {
        id: call.key,
        case_id: ctx.case.id,
        client_id,
        from_office_id: office,
        to_office_id: to.id,
        status: TransferStatus::Pending,
        reason: reason.clone(),
        requested_by: call.actor.user.id,
        requested_role: role,
        requested_at: Utc::now(),
        answered_by: None,
        answered_role: None,
        answered_at: None,
        answer_note: None,
        new_case_id: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let entry = AuditEntry::new("case.transfer.request", "case", ctx.case.id)
        .office(Some(office))
        .details(json!({"transferId": transfer.id, "to": to.id, "reason": reason, "role": role}));
    finish(call, uow, "transferCase", &hash, transfer.id, entry).await?;
    Ok(transfer)
}

async fn replayed(call: &Call<'_>, office: Uuid) -> AppResult<case_transfer::Model> {
    case_transfers::visible(&call.state.db, office, call.key)
        .await?
        .ok_or_else(|| AppError::not_found("Pelimpahan", "Transfer"))
}

/// An open case with a client, not on a journey, not already offered to another office.
async fn transferable(txn: &impl ConnectionTrait, ctx: &CaseCtx) -> AppResult<Uuid> {
    if ctx.case.status == CaseStatus::Closed {
        return Err(AppError::precondition(Msg::new(
            "Kasus ini sudah selesai; tidak ada yang dilimpahkan.",
            "This case has ended; there is nothing to transfer.",
        )));
    }
    let client_id = ctx.case.client_id.ok_or_else(|| {
        AppError::precondition(Msg::new(
            "Kasus ini belum punya klien; daftarkan kliennya dulu.",
            "This case has no client yet; register the client first.",
        ))
    })?;
    if crate::store::relay_legs::underway_of_case(txn, ctx.case.id).await? {
        return Err(AppError::precondition(Msg::new(
            "Klien sedang dalam perjalanan: catat dulu serah terima atau kegagalan leg itu (failLeg).",
            "The client is on the way: first record that leg's hand-over or failure (failLeg).",
        )));
    }
    if case_transfers::pending_of_case(txn, ctx.case.id)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(Msg::new(
            "Kasus ini sudah ditawarkan ke kantor lain dan menunggu jawabannya.",
            "This case is already offered to another office and waits for its answer.",
        )));
    }
    Ok(client_id)
}

/// Another office that runs the case's SOP and has someone who can answer.
async fn receiving_office(
    txn: &impl ConnectionTrait,
    own: Uuid,
    to: Uuid,
    ctx: &CaseCtx,
) -> AppResult<office::Model> {
    let field = |e: AppError| e.with("field", "toOfficeId");
    if to == own {
        return Err(field(AppError::bad_input(Msg::new(
            "Pilih kantor Dinas Sosial lain, bukan kantor sendiri.",
            "Choose another Dinas Sosial office, not your own.",
        ))));
    }
    let office = office::Entity::find_by_id(to)
        .one(txn)
        .await?
        .ok_or_else(|| field(AppError::not_found("Kantor tujuan", "The receiving office")))?;
    let code = ctx.def.code.clone();
    engine::adopted_version(txn, to, &code).await.map_err(|_| {
        field(AppError::precondition(Msg::new(
            format!(
                "{} belum menjalankan SOP '{code}'; hubungi kantor itu.",
                office.name
            ),
            format!(
                "{} does not run the SOP '{code}'; contact that office.",
                office.name
            ),
        )))
    })?;
    let roles = closing_roles_of(txn, to).await?;
    if !crate::store::users::has_active_member(txn, (user::Column::OfficeId, to), &roles).await? {
        return Err(field(AppError::precondition(Msg::new(
            format!(
                "{} belum punya pengguna yang bisa menerima pelimpahan; admin kantor Anda bisa mengundang pengguna pertamanya (inviteUser).",
                office.name
            ),
            format!(
                "{} has no user who can accept a transfer; your office admin can invite its first user (inviteUser).",
                office.name
            ),
        ))));
    }
    Ok(office)
}

#[derive(Clone, Debug, Serialize)]
pub struct AnswerTransfer {
    pub transfer_id: Uuid,
    pub accept: bool,
    pub note: Option<String>,
}

/// The receiving office accepts (the case continues there) or declines (with a reason; the
/// case goes on at the sending office).
pub async fn answer(call: &Call<'_>, input: AnswerTransfer) -> AppResult<case_transfer::Model> {
    let office = casework_office(call.actor)?;
    let note = trimmed(input.note.clone());
    if !input.accept && note.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis alasan menolak pelimpahan.",
            "Write why the transfer is declined.",
        ))
        .with("field", "note"));
    }
    let pre = case_transfers::visible(&call.state.db, office, input.transfer_id)
        .await?
        .filter(|t| t.to_office_id == office)
        .ok_or_else(|| AppError::not_found("Pelimpahan", "Transfer"))?;
    let hash = idempotency::hash_input(&input);
    // The sending case's row serialises the answer with anything its office does meanwhile.
    let Some(uow) =
        write::begin_on_case(call, "answerCaseTransfer", &hash, None, pre.case_id).await?
    else {
        return replayed_answer(call, office, input.transfer_id).await;
    };
    let txn = uow.txn();
    let role = call
        .actor
        .role_among(&closing_roles_of(txn, office).await?)?;
    let transfer = case_transfer::Entity::find_by_id(pre.id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("Pelimpahan", "Transfer"))?;
    if transfer.status != TransferStatus::Pending {
        return Err(AppError::precondition(Msg::new(
            "Pelimpahan ini sudah dijawab atau dibatalkan kantor pengirim.",
            "This transfer was already answered, or the sending office took it back.",
        )));
    }
    let new_case = if input.accept {
        Some(take_over(call, txn, &transfer).await?)
    } else {
        None
    };
    let mut row = transfer.into_active_model();
    row.status = sea_orm::Set(if input.accept {
        TransferStatus::Accepted
    } else {
        TransferStatus::Declined
    });
    row.answered_by = sea_orm::Set(Some(call.actor.user.id));
    row.answered_role = sea_orm::Set(Some(role));
    row.answered_at = sea_orm::Set(Some(Utc::now()));
    row.answer_note = sea_orm::Set(note.clone());
    row.new_case_id = sea_orm::Set(new_case);
    let transfer = row.update(txn).await?;
    let action = if input.accept {
        "case.transfer.accept"
    } else {
        "case.transfer.decline"
    };
    let entry = AuditEntry::new(action, "case", transfer.case_id)
        .office(Some(office))
        .details(json!({
            "transferId": transfer.id, "from": transfer.from_office_id,
            "newCaseId": new_case, "note": note, "role": role,
        }));
    finish(call, uow, "answerCaseTransfer", &hash, transfer.id, entry).await?;
    Ok(transfer)
}

async fn replayed_answer(
    call: &Call<'_>,
    office: Uuid,
    id: Uuid,
) -> AppResult<case_transfer::Model> {
    case_transfers::visible(&call.state.db, office, id)
        .await?
        .ok_or_else(|| AppError::not_found("Pelimpahan", "Transfer"))
}

/// The client and its papers move, the receiving office's case opens from a report of the
/// sending office, and the sending case closes TRANSFERRED, linked both ways.
async fn take_over(
    call: &Call<'_>,
    txn: &impl ConnectionTrait,
    transfer: &case_transfer::Model,
) -> AppResult<Uuid> {
    let mut ctx = engine::loaded(txn, transfer.case_id).await?;
    if ctx.case.status == CaseStatus::Closed {
        return Err(AppError::precondition(Msg::new(
            "Kantor pengirim sudah menutup kasus ini.",
            "The sending office has closed this case.",
        )));
    }
    if crate::store::relay_legs::underway_of_case(txn, ctx.case.id).await? {
        return Err(AppError::precondition(Msg::new(
            "Klien sedang dalam perjalanan dari kantor pengirim; terima setelah serah terimanya.",
            "The client is on a journey from the sending office; accept after its hand-over.",
        )));
    }
    let to = transfer.to_office_id;
    let version = engine::adopted_version(txn, to, &ctx.def.code).await?;
    case_transfers::move_client(txn, transfer.client_id, to).await?;
    let sender = office::Entity::find_by_id(transfer.from_office_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("sending office missing"))?;
    let now = Utc::now();
    let report = crate::store::reports::enter(
        txn,
        report::Model {
            id: Uuid::now_v7(),
            office_id: to,
            client_id: Some(transfer.client_id),
            reporter_type: ReporterType::OtherDinsos,
            reporter_name: Some(sender.name),
            reporter_contact: None,
            channel: ReportChannel::Written,
            reference_letter_number: None,
            reference_letter_date: None,
            received_at: now,
            received_by: call.actor.user.id,
            summary: format!("Pelimpahan kasus: {}", transfer.reason),
            agenda_year: 0,
            agenda_number: 0,
            created_at: now,
        },
    )
    .await?;
    let mut next = engine::open_case(
        txn,
        NewCase {
            id: Uuid::now_v7(),
            office_id: to,
            version: &version,
            client_id: Some(transfer.client_id),
            report_id: Some(report.id),
            opened_by: call.actor.user.id,
            started_at: now,
        },
    )
    .await?;
    let mut row = next.case.clone().into_active_model();
    row.continued_from_case_id = sea_orm::Set(Some(ctx.case.id));
    next.case = row.update(txn).await?;
    engine::close_by_decision(
        txn,
        &mut ctx,
        Closing {
            by: transfer.requested_by,
            role: transfer.requested_role,
            outcome: CaseOutcome::Transferred,
            reason: transfer.reason.clone(),
        },
    )
    .await?;
    let mut row = ctx.case.into_active_model();
    row.continued_in_case_id = sea_orm::Set(Some(next.case.id));
    row.update(txn).await?;
    Ok(next.case.id)
}
