use serde::{Deserialize, Serialize};

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
