//! The Kemendagri region table, for address pickers.
use super::*;

e2e!(fn every_level_of_the_region_table_is_there_for_pickers(app) {
    let t = app.login("peksos@lamandau").await;
    let body = app.gql(Some(&t.access), "{ regions(first: 100) { edges { node { code name level } } pageInfo { hasNextPage } } }", json!({})).await;
    let provinces = body["data"]["regions"]["edges"].as_array().unwrap();
    assert_eq!(provinces.len(), 38, "{body}");
    assert!(provinces.iter().any(|e| e["node"] == json!({"code": "62", "name": "Kalimantan Tengah", "level": 1})));

    let body = app.gql(Some(&t.access), "{ regions(parentCode: \"35.72\") { edges { node { code name } } } }", json!({})).await;
    let names: Vec<&str> = body["data"]["regions"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Kepanjenkidul", "Sukorejo", "Sananwetan"], "{body}");

    let body = app.gql(Some(&t.access), "{ regions(search: \"LAMANDAU\", level: 2) { edges { node { code name } } } }", json!({})).await;
    assert_eq!(body["data"]["regions"]["edges"], json!([{"node": {"code": "62.09", "name": "Kabupaten Lamandau"}}]));

    let body = app.gql(Some(&t.access), "{ region(code: \"35.72.01\") { name sourceEdition parent { name parent { name } } } }", json!({})).await;
    assert_eq!(body["data"]["region"]["parent"], json!({"name": "Kota Blitar", "parent": {"name": "Jawa Timur"}}), "{body}");
    assert!(body["data"]["region"]["sourceEdition"].as_str().unwrap().contains("2025"));

    // Villages are there too: page through one kecamatan.
    let body = app.gql(Some(&t.access), "{ regions(parentCode: \"35.72.01\", first: 2) { edges { node { code level } } pageInfo { hasNextPage endCursor } } }", json!({})).await;
    assert_eq!(body["data"]["regions"]["edges"][0]["node"]["level"], 4);
    assert_eq!(body["data"]["regions"]["pageInfo"]["hasNextPage"], true);

    let bad = app.gql(Some(&t.access), "{ regions(level: 7) { edges { node { code } } } }", json!({})).await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    let anon = app.gql(None, "{ region(code: \"35\") { name } }", json!({})).await;
    assert_eq!(error_code(&anon), Some("UNAUTHENTICATED"));
});
