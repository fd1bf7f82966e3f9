//! Picks the response language and localises errors. Bahasa Indonesia is the default;
//! English when `Accept-Language` prefers it. The error code never changes with the language.
use std::{
    any::TypeId,
    sync::{Arc, OnceLock},
};

use async_graphql::{
    Request, Response, ServerError, ServerResult, Value,
    extensions::{
        Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextRequest,
        NextSubscribe,
    },
    futures_util::stream::BoxStream,
};
use futures_util::StreamExt;

use crate::infra::error::{ErrorCode, LocalizedMessage};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    Id,
    En,
}

impl Locale {
    /// The message's text in this language.
    pub fn pick(self, msg: &crate::infra::error::Msg) -> &str {
        match self {
            Locale::Id => &msg.id,
            Locale::En => &msg.en,
        }
    }

    /// Reads an `Accept-Language` header: the first of `id`/`en` by quality wins.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Locale::Id;
        };
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0f32);
            let lang = match tag.split('-').next() {
                Some("id") | Some("in") => Locale::Id,
                Some("en") => Locale::En,
                _ => continue,
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// Gives every error a code and a message in the request's language, whatever produced it:
/// our resolvers, the parser, validation, or the depth and complexity limits.
pub struct LocalizeErrors;

impl ExtensionFactory for LocalizeErrors {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LocalizeErrorsExtension::default())
    }
}

/// One per request. The request's data is not yet visible to the `request` hook, so the
/// locale is picked up in `prepare_request`.
#[derive(Default)]
struct LocalizeErrorsExtension {
    locale: OnceLock<Locale>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for LocalizeErrorsExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut resp = next.run(ctx).await;
        let locale = self.locale.get().copied().unwrap_or_default();
        localize(&mut resp.errors, locale);
        resp
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let locale = request
            .data
            .get(&TypeId::of::<Locale>())
            .and_then(|d| d.downcast_ref::<Locale>())
            .copied()
            .or_else(|| ctx.data_opt::<Locale>().copied())
            .unwrap_or_default();
        let _ = self.locale.set(locale);
        next.run(ctx, request).await
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let locale = ctx.data_opt::<Locale>().copied().unwrap_or_default();
        next.run(ctx, stream)
            .map(move |mut resp| {
                localize(&mut resp.errors, locale);
                resp
            })
            .boxed()
    }
}

pub fn localize(errors: &mut [ServerError], locale: Locale) {
    for err in errors {
        if let Some(LocalizedMessage(msg)) = err.source::<LocalizedMessage>() {
            err.message = match locale {
                Locale::Id => msg.id.clone(),
                Locale::En => msg.en.clone(),
            };
            continue;
        }
        let has_code = err
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        // Errors from the library: the request itself is wrong (syntax, unknown field, too
        // deep...). Keep the precise English text for developers and add a lead-in.
        let detail = err.message.clone();
        err.message = match locale {
            Locale::Id => format!("Permintaan GraphQL tidak valid: {detail}"),
            Locale::En => format!("Invalid GraphQL request: {detail}"),
        };
        err.extensions
            .get_or_insert_with(Default::default)
            .set("code", Value::from(ErrorCode::BadUserInput.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality_of_id_and_en() {
        assert_eq!(Locale::from_accept_language(None), Locale::Id);
        assert_eq!(
            Locale::from_accept_language(Some("en-US,en;q=0.9")),
            Locale::En
        );
        assert_eq!(
            Locale::from_accept_language(Some("id-ID,id;q=0.9,en;q=0.8")),
            Locale::Id
        );
        assert_eq!(
            Locale::from_accept_language(Some("fr, en;q=0.5, id;q=0.7")),
            Locale::Id
        );
        assert_eq!(Locale::from_accept_language(Some("de")), Locale::Id);
    }
}
