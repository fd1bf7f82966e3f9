//! The GraphQL schema: each domain module contributes its query, mutation and subscription
//! parts; this module merges them and sets the limits.
pub mod loaders;
pub mod pagination;

use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};

use crate::{
    audit::graphql::{AuditQuery, AuditSubscription},
    auth::graphql::{AuthMutation, AuthQuery},
    cases::graphql::{CasesMutation, CasesQuery, CasesSubscription},
    clients::{
        dukcapil::DukcapilMutation,
        graphql::{ClientsMutation, ClientsQuery},
    },
    config::Config,
    documents::graphql::{DocumentsMutation, DocumentsQuery},
    i18n::LocalizeErrors,
    intake::graphql::{IntakeMutation, IntakeQuery},
    letters::{
        graphql::{LettersMutation, LettersQuery},
        verify::VerifyQuery,
    },
    lks::{
        application_graphql::{LksApplicationMutation, LksApplicationQuery},
        graphql::{LksMutation, LksQuery},
    },
    offices::graphql::OfficesQuery,
    regions::graphql::RegionsQuery,
    relay::graphql::{RelayMutation, RelayQuery},
    sop::{
        calendar::{CalendarMutation, CalendarQuery},
        graphql::SopQuery,
    },
    state::AppState,
    users::graphql::{UsersMutation, UsersQuery},
};

#[derive(MergedObject, Default)]
pub struct Query(
    AuthQuery,
    UsersQuery,
    OfficesQuery,
    RegionsQuery,
    ClientsQuery,
    IntakeQuery,
    DocumentsQuery,
    SopQuery,
    CalendarQuery,
    CasesQuery,
    LettersQuery,
    VerifyQuery,
    LksQuery,
    LksApplicationQuery,
    RelayQuery,
    AuditQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    AuthMutation,
    UsersMutation,
    ClientsMutation,
    DukcapilMutation,
    IntakeMutation,
    DocumentsMutation,
    CasesMutation,
    LettersMutation,
    CalendarMutation,
    RelayMutation,
    LksMutation,
    LksApplicationMutation,
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
}

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
