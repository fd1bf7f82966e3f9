//! The scopes an API client is granted, and a token carries: each names a kind of record it
//! may read. What each field needs is in `rules::api_scopes`. (Aggregates and webhooks get
//! their scopes with the features.)
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApiScope {
    CasesRead,
    ClientsRead,
    ClientsPii,
    ReferralsRead,
    ReturnsRead,
    LksRead,
    LettersVerify,
}

impl ApiScope {
    pub const ALL: [ApiScope; 7] = [
        ApiScope::CasesRead,
        ApiScope::ClientsRead,
        ApiScope::ClientsPii,
        ApiScope::ReferralsRead,
        ApiScope::ReturnsRead,
        ApiScope::LksRead,
        ApiScope::LettersVerify,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ApiScope::CasesRead => "cases:read",
            ApiScope::ClientsRead => "clients:read",
            ApiScope::ClientsPii => "clients:pii",
            ApiScope::ReferralsRead => "referrals:read",
            ApiScope::ReturnsRead => "returns:read",
            ApiScope::LksRead => "lks:read",
            ApiScope::LettersVerify => "letters:verify",
        }
    }

    pub fn parse(name: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// A space-separated list (OAuth 2.0's `scope`), or the unknown names.
    pub fn parse_list(list: &str) -> Result<Vec<ApiScope>, Vec<String>> {
        let mut scopes = Vec::new();
        let mut unknown = Vec::new();
        for word in list.split_whitespace() {
            match ApiScope::parse(word) {
                Some(s) if !scopes.contains(&s) => scopes.push(s),
                Some(_) => {}
                None => unknown.push(word.to_owned()),
            }
        }
        if unknown.is_empty() {
            scopes.sort();
            Ok(scopes)
        } else {
            Err(unknown)
        }
    }

    pub fn to_json(scopes: &[ApiScope]) -> serde_json::Value {
        serde_json::Value::from(scopes.iter().map(|s| s.name()).collect::<Vec<_>>())
    }

    /// The scopes stored as a JSON array (unknown names are dropped: a scope the server no
    /// longer knows grants nothing).
    pub fn from_json(json: &serde_json::Value) -> Vec<ApiScope> {
        let mut scopes: Vec<ApiScope> = json
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().and_then(ApiScope::parse))
            .collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }

    pub fn joined(scopes: &[ApiScope]) -> String {
        scopes
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for ApiScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_in_any_order_once_each_and_name_the_unknown() {
        assert_eq!(
            ApiScope::parse_list("clients:read cases:read clients:read"),
            Ok(vec![ApiScope::CasesRead, ApiScope::ClientsRead])
        );
        assert_eq!(
            ApiScope::parse_list("cases:read admin"),
            Err(vec!["admin".to_owned()])
        );
        for s in ApiScope::ALL {
            assert_eq!(ApiScope::parse(s.name()), Some(s));
        }
    }
}
