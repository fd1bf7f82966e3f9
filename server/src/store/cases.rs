use chrono::Utc;
use entity::{
    Role, approval, approval::ApprovalKind, case_step::StepStatus, clock_pause, report,
    service_case, user, user_role,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;
use crate::infra::audit::AuditEntry;
use crate::infra::write::UnitOfWork;
use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::store::clients::find_in_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::rules::sop::ApprovalRuleKind;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::trimmed;
use crate::engine::{CaseCtx, Finish};



pub async fn find_case(state: &AppState, office: Uuid, id: Uuid) -> AppResult<service_case::Model> {
    service_case::Entity::find_by_id(id)
        .filter(service_case::Column::OfficeId.eq(office))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("Kasus", "Case"))
}
