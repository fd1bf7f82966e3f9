//! Planning escorted returns in relay legs between the offices of real regions.
use super::*;

const PLAN: &str = "query($f: String!, $t: String!) { planRelay(from: $f, to: $t) { totalKm limitKm legs { from { name regionCode } to { name regionCode } distanceKm mode } } }";

e2e!(fn a_relay_plan_keeps_land_legs_within_the_limit_and_crosses_the_sea_once(app) {
    let peksos = app.login("peksos@lamandau").await.access;
    // Kota Blitar to Kabupaten Blitar: one land leg.
    let body = app.gql(Some(&peksos), PLAN, json!({"f": "35.72", "t": "35.05"})).await;
    let legs = body["data"]["planRelay"]["legs"].as_array().unwrap_or_else(|| panic!("{body}")).clone();
    assert_eq!(legs.len(), 1, "{body}");
    assert_eq!(legs[0]["mode"], "LAND");
    assert_eq!(legs[0]["from"], json!({"name": "Dinas Sosial Kota Blitar", "regionCode": "35.72"}));

    // Kabupaten Lamandau (Kalimantan Tengah) to Kota Blitar (Jawa Timur).
    let body = app.gql(Some(&peksos), PLAN, json!({"f": "62.09", "t": "35.72"})).await;
    let plan = &body["data"]["planRelay"];
    let legs = plan["legs"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert_eq!(legs.first().unwrap()["from"]["regionCode"], "62.09");
    assert_eq!(legs.last().unwrap()["to"]["regionCode"], "35.72");
    for pair in legs.windows(2) {
        assert_eq!(pair[0]["to"], pair[1]["from"], "legs join up: {body}");
    }
    let sea: Vec<&serde_json::Value> = legs.iter().filter(|l| l["mode"] == "SEA").collect();
    assert_eq!(sea.len(), 1, "one sea leg: {body}");
    assert!(sea[0]["from"]["regionCode"].as_str().unwrap().starts_with("6"), "from Kalimantan: {body}");
    assert!(sea[0]["to"]["regionCode"].as_str().unwrap().starts_with("3"), "to Java: {body}");
    for l in legs.iter().filter(|l| l["mode"] == "LAND") {
        assert!(l["distanceKm"].as_f64().unwrap() <= 250.0, "{l}");
        assert!(l["from"]["name"].as_str().unwrap().starts_with("Dinas Sosial "), "{l}");
    }
    let total: f64 = legs.iter().map(|l| l["distanceKm"].as_f64().unwrap()).sum();
    assert!((total - plan["totalKm"].as_f64().unwrap()).abs() < 1.0, "{body}");

    // An unknown region explains itself.
    let body = app.gql(Some(&peksos), PLAN, json!({"f": "62.99", "t": "35.72"})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(body["errors"][0]["extensions"]["field"], "from");
    assert_eq!(body["errors"][0]["extensions"]["regionCode"], "62.99");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("62.99"));
    // It is for Dinas Sosial staff.
    let upt = app.login("staf@upt-werdha").await.access;
    assert_eq!(error_code(&app.gql(Some(&upt), PLAN, json!({"f": "62.09", "t": "35.72"})).await), Some("FORBIDDEN"));
});

e2e!(fn every_kota_kabupaten_and_province_has_its_office_and_the_demo_journey_its_staff(app) {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let n = |sql: &str| {
        let sql = sql.to_owned();
        async move {
            db.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap().try_get::<i64>("", "n").unwrap()
        }
    };
    assert_eq!(n("SELECT COUNT(*) AS n FROM region_point").await, 552);
    assert_eq!(n("SELECT COUNT(*) AS n FROM region_point p WHERE NOT EXISTS (SELECT 1 FROM office o WHERE o.region_code = p.code)").await, 0);
    assert_eq!(n("SELECT COUNT(*) AS n FROM office WHERE region_code = '35.72'").await, 1, "the demo's Blitar office is the region's office");
    assert_eq!(n("SELECT COUNT(*) AS n FROM office").await, 552);
    // The offices between Lamandau and Blitar have a staff user each, in their own office.
    for (username, office) in [("staf@kab-kotawaringin-barat", "Dinas Sosial Kabupaten Kotawaringin Barat"), ("staf@kota-surabaya", "Dinas Sosial Kota Surabaya")] {
        let t = app.login(username).await.access;
        let me = app.gql(Some(&t), "{ me { office { name regionCode timezone } } }", json!({})).await;
        assert_eq!(me["data"]["me"]["office"]["name"], office, "{me}");
        assert_eq!(me["data"]["me"]["office"]["timezone"], "Asia/Jakarta");
    }
});
