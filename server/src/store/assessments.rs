use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entity::{
    assessment::{self, Eligibility},
    document_kind::DocumentKind,
    report::{self, ReportChannel, ReporterType},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;
use crate::infra::audit::AuditEntry;
use crate::infra::write::UnitOfWork;
use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::store::clients::find_in_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::{idempotency, sequences};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::trimmed;



#[derive(
    Clone,
    Debug,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    async_graphql::SimpleObject,
    async_graphql::InputObject,
)]
#[graphql(input_name = "FamilyContactInput")]
pub struct FamilyContact {
    pub name: String,
    /// e.g. anak, istri, saudara.
    pub relation: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}
