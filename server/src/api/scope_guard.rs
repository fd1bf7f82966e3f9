//! The scope check on every field an API client reads: the field's rule
//! (`rules::api_scopes`) against the token's scopes. A field not covered is null (a list:
//! empty) with a SCOPE_REQUIRED error at its path, naming the scope; the rest of the
//! answer stands. It also charges the client's query cost (async-graphql's complexity)
//! before anything runs, and notes the scopes the answer used for the request log.
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextResolve, NextValidation,
    ResolveInfo,
};
use async_graphql::{
    PathSegment, Pos, Response, ServerError, ServerResult, ValidationResult, Value,
};

use crate::infra::auth::AuthState;
use crate::infra::auth::clients::ClientPrincipal;
use crate::infra::error::{AppError, Msg};
use crate::infra::reasons::Reason;
use crate::infra::state::AppState;
use crate::rules::api_scopes::{Rule, rule_of};
use crate::store::api_usage::{self, Budget};

/// What an API client's request did, for the response headers and the request log
/// (request data, filled while the request runs).
#[derive(Default)]
pub struct ClientFacts {
    pub budget: Mutex<Option<Budget>>,
    pub scopes_used: Mutex<BTreeSet<&'static str>>,
}

pub struct ScopeGuard;

impl ExtensionFactory for ScopeGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ScopeGuardExtension::default())
    }
}

#[derive(Default)]
struct ScopeGuardExtension {
    /// The refusals answered with null or an empty list, added to the response's errors.
    refusals: Mutex<Vec<ServerError>>,
}

fn client_of<'a>(ctx: &'a ExtensionContext<'_>) -> Option<&'a ClientPrincipal> {
    match ctx.data_opt::<AuthState>() {
        Some(AuthState::Client(client)) => Some(client),
        _ => None,
    }
}

fn server_error(err: AppError) -> ServerError {
    let mut e = async_graphql::Error::from(err).into_server_error(Pos::default());
    e.locations.clear();
    e
}

#[async_graphql::async_trait::async_trait]
impl Extension for ScopeGuardExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut resp = next.run(ctx).await;
        let refusals =
            std::mem::take(&mut *self.refusals.lock().unwrap_or_else(|e| e.into_inner()));
        resp.errors.extend(refusals);
        resp
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let (Some(client), Some(state)) = (client_of(ctx), ctx.data_opt::<AppState>()) else {
            return Ok(result);
        };
        let budget = api_usage::charge(&state.db, &client.client, result.complexity as i32)
            .await
            .map_err(|e| vec![server_error(e)])?;
        let spent = budget.exceeded;
        let retry = budget.retry_after_seconds;
        if let Some(facts) = ctx.data_opt::<Arc<ClientFacts>>() {
            *facts.budget.lock().unwrap_or_else(|e| e.into_inner()) = Some(budget);
        }
        if spent {
            return Err(vec![server_error(
                AppError::of(Reason::RateLimited).with("retryAfterSeconds", retry),
            )]);
        }
        Ok(result)
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let Some(client) = client_of(ctx) else {
            return next.run(ctx, info).await;
        };
        // A list's items were covered by the check on the list's field.
        if info.name == "__typename" || info.parent_type.starts_with('[') {
            return next.run(ctx, info).await;
        }
        let missing = match rule_of(info.parent_type, info.name) {
            Some(Rule::Any) => None,
            Some(Rule::Needs(scope)) if client.has(scope) => {
                if let Some(facts) = ctx.data_opt::<Arc<ClientFacts>>() {
                    facts
                        .scopes_used
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(scope.name());
                }
                None
            }
            Some(Rule::Needs(scope)) => Some(scope.name()),
            None => Some("staff"),
        };
        let Some(scope) = missing else {
            return next.run(ctx, info).await;
        };
        let err = AppError::because(
            Reason::ScopeRequired,
            if scope == "staff" {
                Msg::new(
                    format!(
                        "{}.{} hanya untuk petugas Dinas Sosial, bukan untuk aplikasi mitra.",
                        info.parent_type, info.name
                    ),
                    format!(
                        "{}.{} is for Dinas Sosial staff only, not for API clients.",
                        info.parent_type, info.name
                    ),
                )
            } else {
                Msg::new(
                    format!(
                        "{}.{} memerlukan scope {scope} pada token ini.",
                        info.parent_type, info.name
                    ),
                    format!(
                        "{}.{} needs the scope {scope} on this token.",
                        info.parent_type, info.name
                    ),
                )
            },
        )
        .with("requiredScope", scope);
        let mut err = server_error(err);
        // GraphQL names never start with a digit, so a number is a list index.
        err.path = info
            .path_node
            .to_string_vec()
            .into_iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => PathSegment::Field(s),
            })
            .collect();
        // A nullable field becomes null, a list empty; a non-null field can only fail,
        // which nulls its nearest nullable parent (GraphQL's rule).
        let answer = if !info.return_type.ends_with('!') {
            Value::Null
        } else if info.return_type.starts_with('[') {
            Value::List(Vec::new())
        } else {
            return Err(err);
        };
        self.refusals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(err);
        Ok(Some(answer))
    }
}

#[cfg(test)]
mod tests {
    use crate::infra::auth::scopes::ApiScope;
    use crate::rules::api_scopes::{FIELD_RULES, Rule, rule_of};
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    /// Fields that hold a person's data by their name, and the types that are a person's
    /// record or file.
    const PERSONAL_NAMES: &[&str] = &[
        "displayName",
        "fullName",
        "aliases",
        "birthDate",
        "nik",
        "kkNumber",
        "nikMasked",
        "kkNumberMasked",
        "originAddress",
        "locationDetail",
        "notes",
        "photo",
        "documents",
        "sharedDocuments",
        "history",
        "escortNames",
        "receivedByName",
        "family",
        "needsSummary",
        "traveller",
        "phone",
        "address",
    ];
    const PERSONAL_TYPES: &[&str] = &[
        "Client",
        "Document",
        "ReferredClient",
        "ClientRevision",
        "Assessment",
        "FamilyContact",
        "DukcapilRequest",
        "User",
    ];
    /// What only `clients:pii` may read: identifiers in full, where a person lives or
    /// sleeps, faces and files.
    const PII_NAMES: &[&str] = &[
        "nik",
        "kkNumber",
        "originAddress",
        "locationDetail",
        "photo",
        "documents",
        "sharedDocuments",
    ];

    #[test]
    fn every_field_with_personal_data_has_a_scope_rule_that_covers_it() {
        let sdl = crate::api::sdl();
        let doc = async_graphql::parser::parse_schema(&sdl).expect("the SDL parses");
        let mut fields = std::collections::HashMap::new();
        for def in &doc.definitions {
            let TypeSystemDefinition::Type(t) = def else {
                continue;
            };
            let TypeKind::Object(obj) = &t.node.kind else {
                continue;
            };
            for f in &obj.fields {
                let ty = f.node.ty.node.to_string();
                fields.insert(
                    (t.node.name.node.to_string(), f.node.name.node.to_string()),
                    ty,
                );
            }
        }
        for (t, names, _) in FIELD_RULES {
            for f in names.split_whitespace() {
                assert!(
                    fields.contains_key(&(t.to_string(), f.to_owned())),
                    "the scope table names {t}.{f}, which the schema does not have"
                );
            }
        }
        let mut checked = 0;
        for ((t, f), ty) in &fields {
            let base = ty.trim_matches(|c| c == '[' || c == ']' || c == '!');
            let personal = PERSONAL_NAMES.contains(&f.as_str())
                || PERSONAL_TYPES.contains(&base)
                || PERSONAL_TYPES.contains(&t.as_str()) && t != "User";
            if !personal {
                continue;
            }
            checked += 1;
            let is_pii = PII_NAMES.contains(&f.as_str()) || base == "Document" || t == "Document";
            match rule_of(t, f) {
                None => {} // staff only
                Some(Rule::Needs(ApiScope::ClientsPii)) => {}
                Some(Rule::Needs(ApiScope::ClientsRead)) if !is_pii => {}
                other => panic!("{t}.{f} returns personal data but its scope rule is {other:?}"),
            }
            // A type read only with clients:pii (Document) is nulled where it is reached.
            let whole_type_pii = FIELD_RULES
                .iter()
                .filter(|(ty, _, _)| ty == t)
                .all(|(_, _, r)| *r == Rule::Needs(ApiScope::ClientsPii));
            if !whole_type_pii && matches!(rule_of(t, f), Some(Rule::Needs(ApiScope::ClientsPii))) {
                assert!(
                    !ty.ends_with('!') || ty.starts_with('['),
                    "{t}.{f}: {ty} needs clients:pii, so it must be nullable or a list (it is \
                     null or empty for a token without it)"
                );
            }
        }
        assert!(
            checked > 40,
            "the walk found only {checked} personal fields"
        );
    }
}
