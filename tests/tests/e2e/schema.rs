//! `schema.graphql` is the API contract third-party developers read; it must be exactly
//! what the code exports. Regenerate with `make schema`.
#[test]
fn schema_graphql_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let exported = rehsos_server::api::sdl();
    assert!(
        checked_in == exported,
        "schema.graphql differs from the schema the code exports: run `make schema` and commit it"
    );
}
