//! The LKS registry (seed 004's applicants): the office admin registers an LKS with its
//! legal profile and gives it users; the office keeps its checklist of requirements. Each
//! LKS sees only itself; other offices and plain workers cannot change anything.
use super::{flow::*, *};

const REGISTER: &str = "mutation($i: RegisterLksInput!) { registerLks(input: $i) { id slug kind office { slug }
    lksProfile { legalStatus npwp chairName clusters accreditation registrationValidUntil version } } }";

fn bina_insani(id: &str) -> serde_json::Value {
    json!({"i": {"id": id, "name": "LKS Bina Insani", "regionCode": "35.72", "profile": {
        "legalStatus": "LEGAL_ENTITY", "deedNumber": "12", "deedDate": "2015-03-02", "notary": "Notaris Sri Wahyuni, S.H.",
        "decreeNumber": "AHU-0012345.AH.01.04.Tahun 2015", "npwp": "01.234.567.8-901.000", "chairName": "Hj. Siti Aminah",
        "clusters": ["ANAK_TERLANTAR"], "accreditation": "b", "registrationNumber": "460/15/410.105/2024",
        "registrationValidUntil": "2027-06-30"}}})
}

e2e!(fn the_office_registers_an_lks_that_then_sees_only_itself(app) {
    let admin = app.login("admin@blitar").await.access;
    let id = new_id();
    let body = ok(&app, &admin, REGISTER, bina_insani(&id)).await;
    let lks = &body["registerLks"];
    assert_eq!((lks["slug"].as_str(), lks["kind"].as_str(), lks["office"]["slug"].as_str()), (Some("lks-bina-insani"), Some("LKS"), Some("blitar")));
    assert_eq!(lks["lksProfile"], json!({"legalStatus": "LEGAL_ENTITY", "npwp": "012345678901000", "chairName": "Hj. Siti Aminah",
        "clusters": ["ANAK_TERLANTAR"], "accreditation": "B", "registrationValidUntil": "2027-06-30", "version": 1}));
    // A resend of the same registration is the same LKS; another LKS by that name is refused.
    assert_eq!(ok(&app, &admin, REGISTER, bina_insani(&id)).await["registerLks"]["id"], lks["id"]);
    let (code, _) = refused(&app, &admin, REGISTER, bina_insani(&new_id())).await;
    assert_eq!(code, "CONFLICT");
    // Bad input names its field.
    let mut bad = bina_insani(&new_id());
    bad["i"]["name"] = json!("LKS Lain");
    bad["i"]["profile"]["npwp"] = json!("12-34");
    let (code, err) = refused(&app, &admin, REGISTER, bad.clone()).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("npwp")), "{err}");
    bad["i"]["profile"]["npwp"] = json!(null);
    bad["i"]["profile"]["legalStatus"] = json!("NO_LEGAL_ENTITY");
    let (_, err) = refused(&app, &admin, REGISTER, bad).await;
    assert_eq!(err["extensions"]["field"], "decreeNumber", "no Kemenkumham decree without a legal entity: {err}");
    // Only the office admin registers.
    let (code, _) = refused(&app, &app.login("kasi@blitar").await.access, REGISTER, bina_insani(&new_id())).await;
    assert_eq!(code, "FORBIDDEN");

    // Its staff see their own institution and profile, not LKS Harapan's; Harapan's not theirs.
    ok(&app, &admin, "mutation($i: CreateUserInput!) { createUser(input: $i) { id } }",
        json!({"i": {"username": "staf@lks-bina-insani", "fullName": "Staf Bina Insani", "password": DEMO_PASSWORD, "roles": ["STAF"], "institutionId": lks["id"]}})).await;
    let own = app.login("staf@lks-bina-insani").await.access;
    let seen = ok(&app, &own, "{ institutions { edges { node { slug lksProfile { chairName } } } } }", json!({})).await;
    assert_eq!(seen["institutions"]["edges"], json!([{"node": {"slug": "lks-bina-insani", "lksProfile": {"chairName": "Hj. Siti Aminah"}}}]));
    let harapan = app.login("staf@lks-harapan").await.access;
    let body = app.gql(Some(&harapan), "query($id: ID!) { institution(id: $id) { lksProfile { npwp } } }", json!({"id": lks["id"]})).await;
    assert!(body["data"]["institution"].is_null(), "{body}");

    // The admin corrects the profile on the version read; a stale version is a conflict.
    let update = "mutation($i: UpdateLksProfileInput!) { updateLksProfile(input: $i) { version accreditation } }";
    let mut profile = bina_insani(&id)["i"]["profile"].clone();
    profile["accreditation"] = json!("A");
    let v = ok(&app, &admin, update, json!({"i": {"id": new_id(), "institutionId": lks["id"], "expectedVersion": 1, "profile": profile}})).await;
    assert_eq!(v["updateLksProfile"], json!({"version": 2, "accreditation": "A"}));
    let (code, err) = refused(&app, &admin, update, json!({"i": {"id": new_id(), "institutionId": lks["id"], "expectedVersion": 1, "profile": profile}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["currentVersion"]), ("CONFLICT", &json!(2)));
    // Another office's admin cannot touch it.
    let (code, _) = refused(&app, &app.login("admin@lamandau").await.access, update,
        json!({"i": {"id": new_id(), "institutionId": lks["id"], "expectedVersion": 2, "profile": profile}})).await;
    assert_eq!(code, "NOT_FOUND");
});

e2e!(fn each_office_keeps_its_checklist_of_requirements(app) {
    let q = "query($s: LegalStatus) { lksRequirements(legalStatus: $s) { key required appliesTo } }";
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v["lksRequirements"].as_array().unwrap().iter().map(|r| r["key"].as_str().unwrap().to_owned()).collect()
    };
    let kasi = app.login("kasi@blitar").await.access;
    // The default list, per legal status.
    let all = ok(&app, &kasi, q, json!({})).await;
    assert_eq!(keys(&all).len(), 15);
    let entity = keys(&ok(&app, &kasi, q, json!({"s": "LEGAL_ENTITY"})).await);
    assert!(entity.contains(&"sk_kemenkumham".to_owned()) && !entity.contains(&"nota_pendirian".to_owned()), "{entity:?}");
    let none = keys(&ok(&app, &kasi, q, json!({"s": "NO_LEGAL_ENTITY"})).await);
    assert!(none.contains(&"nota_pendirian".to_owned()) && !none.contains(&"akta_pendirian".to_owned()), "{none:?}");
    // Blitar sets its own; Lamandau keeps the default; LKS staff read their office's list.
    let set = "mutation($id: ID!, $items: [LksRequirementInput!]!) { setLksRequirements(id: $id, items: $items) { key label required appliesTo } }";
    let items = json!([{"key": "surat_permohonan", "label": "Surat permohonan"},
        {"key": "akta_pendirian", "label": "Akta notaris", "appliesTo": "LEGAL_ENTITY"},
        {"key": "sertifikat_akreditasi", "label": "Sertifikat akreditasi", "required": false}]);
    let (code, _) = refused(&app, &kasi, set, json!({"id": new_id(), "items": items})).await;
    assert_eq!(code, "FORBIDDEN", "only the office admin sets the checklist");
    let admin = app.login("admin@blitar").await.access;
    let body = ok(&app, &admin, set, json!({"id": new_id(), "items": items})).await;
    assert_eq!(body["setLksRequirements"].as_array().unwrap().len(), 3);
    assert_eq!(keys(&ok(&app, &kasi, q, json!({"s": "NO_LEGAL_ENTITY"})).await), ["surat_permohonan", "sertifikat_akreditasi"]);
    assert_eq!(keys(&ok(&app, &app.login("staf@lks-harapan").await.access, q, json!({})).await).len(), 3);
    assert_eq!(keys(&ok(&app, &app.login("kasi@lamandau").await.access, q, json!({})).await).len(), 15);
    let (code, err) = refused(&app, &admin, set, json!({"id": new_id(), "items": [{"key": "Bad Key", "label": "x"}]})).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("items.0")));
});
