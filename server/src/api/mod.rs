//! The GraphQL schema: each domain module contributes its query, mutation and subscription
//! parts; this module merges them and sets the limits.
pub mod api_clients;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod books;
pub mod calendar;
pub mod case_events;
pub mod case_mutations;
pub mod case_paths;
pub mod case_steps;
pub mod case_transfers;
pub mod cases;
pub mod client_mutations;
pub mod clients;
pub mod context;
pub mod documents;
pub mod dukcapil;
pub mod intake;
pub mod invitations;
pub mod letter_drafts;
pub mod letter_templates;
pub mod letter_verify;
pub mod letters;
pub mod lks;
pub mod lks_application;
pub mod loaders;
pub mod offices;
pub mod pagination;
pub mod referrals;
pub mod regions;
pub mod relay;
pub mod relay_mutations;
pub mod scope_guard;
pub mod sops;
pub mod tasks;
pub mod users;

use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};

use crate::api::api_clients::{ApiClientsMutation, ApiClientsQuery};
use crate::api::audit::{AuditQuery, AuditSubscription};
use crate::api::auth::{AuthMutation, AuthQuery};
use crate::api::books::BooksQuery;
use crate::api::calendar::{CalendarMutation, CalendarQuery};
use crate::api::case_events::CasesSubscription;
use crate::api::case_mutations::CasesMutation;
use crate::api::case_paths::CasePathsMutation;
use crate::api::case_transfers::{CaseTransfersMutation, CaseTransfersQuery};
use crate::api::cases::CasesQuery;
use crate::api::client_mutations::ClientsMutation;
use crate::api::clients::ClientsQuery;
use crate::api::documents::{DocumentsMutation, DocumentsQuery};
use crate::api::dukcapil::DukcapilMutation;
use crate::api::intake::{IntakeMutation, IntakeQuery};
use crate::api::invitations::{InvitationsMutation, InvitationsQuery};
use crate::api::letter_drafts::LetterDraftsMutation;
use crate::api::letter_templates::{LetterTemplatesMutation, LetterTemplatesQuery};
use crate::api::letter_verify::VerifyQuery;
use crate::api::letters::{LettersMutation, LettersQuery};
use crate::api::lks::{LksMutation, LksQuery};
use crate::api::lks_application::{LksApplicationMutation, LksApplicationQuery};
use crate::api::offices::OfficesQuery;
use crate::api::referrals::ReferralsQuery;
use crate::api::regions::RegionsQuery;
use crate::api::relay::RelayQuery;
use crate::api::relay_mutations::RelayMutation;
use crate::api::sops::SopQuery;
use crate::api::tasks::TasksQuery;
use crate::api::users::{UsersMutation, UsersQuery};
use crate::infra::config::Config;
use crate::infra::i18n::LocalizeErrors;
use crate::infra::state::AppState;

#[derive(MergedObject, Default)]
pub struct Query(
    AuthQuery,
    UsersQuery,
    InvitationsQuery,
    OfficesQuery,
    RegionsQuery,
    ClientsQuery,
    IntakeQuery,
    DocumentsQuery,
    SopQuery,
    CalendarQuery,
    CasesQuery,
    CaseTransfersQuery,
    TasksQuery,
    ReferralsQuery,
    LettersQuery,
    LetterTemplatesQuery,
    BooksQuery,
    VerifyQuery,
    LksQuery,
    LksApplicationQuery,
    RelayQuery,
    AuditQuery,
    ApiClientsQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    AuthMutation,
    UsersMutation,
    InvitationsMutation,
    ClientsMutation,
    DukcapilMutation,
    IntakeMutation,
    DocumentsMutation,
    CasesMutation,
    CasePathsMutation,
    CaseTransfersMutation,
    LettersMutation,
    LetterDraftsMutation,
    LetterTemplatesMutation,
    CalendarMutation,
    RelayMutation,
    LksMutation,
    LksApplicationMutation,
    ApiClientsMutation,
);

#[derive(MergedSubscription, Default)]
pub struct Subscription(AuditSubscription, CasesSubscription);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema without runtime data: enough to export the SDL.
pub fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .extension(LocalizeErrors)
    .extension(crate::api::scope_guard::ScopeGuard)
}

/// The schema with the server's state and the configured limits.
pub fn build(state: AppState, config: &Config) -> AppSchema {
    let mut b = builder()
        .data(state)
        .limit_depth(config.max_query_depth)
        .limit_complexity(config.max_query_complexity)
        .limit_recursive_depth(32)
        .limit_directives(16);
    if !config.introspection {
        b = b.disable_introspection();
    }
    b.finish()
}

/// The SDL checked in as `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
