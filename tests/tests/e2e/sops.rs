//! SOPs as data: each office sees the versions it adopted, printed like the seed's table.
use super::*;

const PRINTED: &str = "{ sops { id code number name made revised approved approvedBy timeRule declaredTotal
    legalBasis actorColumns defects rows { number activity actorMarks actorsInferred requirements time output note branches { name next } } } }";

e2e!(fn seed_000_prints_as_the_office_printed_it(app) {
    let t = app.login("kasi@blitar").await;
    let body = app.gql(Some(&t.access), PRINTED, json!({})).await;
    let sops = body["data"]["sops"].as_array().unwrap_or_else(|| panic!("{body}"));
    let codes: Vec<&str> = sops.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["PENGIRIMAN_ORANG_TERLANTAR", "REKOMENDASI_LKS", "RUJUKAN_PPKS"]);
    let sop = sops.iter().find(|s| s["code"] == "RUJUKAN_PPKS").unwrap();

    // Header, typed from the seed text.
    assert_eq!(sop["number"], "006/410.105/SOP/2024");
    assert_eq!(sop["name"], "Pelayanan Rujukan bagi Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) terlantar");
    assert_eq!((sop["made"].as_str(), sop["revised"].as_str(), sop["approved"].as_str()),
        (Some("5 Januari 2022"), Some("4 Januari 2024"), Some("9 Januari 2024")));
    assert!(sop["approvedBy"].as_str().unwrap().contains("NIP. 196601191986022002"));
    assert_eq!(sop["declaredTotal"], "7 hari");
    assert_eq!(sop["timeRule"], "CALENDAR");
    assert_eq!(sop["legalBasis"][1], "UU No. 32 Tahun 2004 Tentang Penyandang Cacat", "the seed's defect is kept as written");
    assert_eq!(sop["actorColumns"], json!(["Staf", "Pekerja Sosial", "Kabid Pelayanan dan Rehabsos", "Sekretaris", "Kadis"]));

    // The table: number, Waktu, Output, Kelengkapan, and who acts (S, P, Kb, Sk, Kd).
    let expected = [
        ("1", "10 menit", "Segera diproses", vec!["surat permohonan", "rekomendasi TKSK"], [true, false, false, false, false]),
        ("2", "11 jam 30 menit", "Proses", vec!["Buku Agenda", "Kamera", "Komputer", "ATK"], [true, true, false, false, false]),
        ("3", "6½ hari", "Koordinasi berjalan", vec!["Telepon"], [false, true, false, false, false]),
        ("4", "10 menit", "Surat permohonan siap dibawa ke pimpinan untuk ditandatangani", vec!["Ballpoint"], [false, true, true, true, false]),
        ("5", "5 menit", "Surat permohonan/rekomendasi sudah jadi", vec!["Ballpoint"], [false, false, false, true, true]),
        ("6", "5 menit", "selesai", vec!["Buku agenda", "Stempel", "Amplop surat", "Buku ekspedisi"], [true, false, false, false, false]),
    ];
    let rows = sop["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len());
    for (row, (number, time, output, requirements, marks)) in rows.iter().zip(expected) {
        assert_eq!(row["number"], number);
        assert_eq!(row["time"], time, "step {number}");
        assert_eq!(row["output"], output, "step {number}");
        assert_eq!(row["requirements"], json!(requirements), "step {number}");
        assert_eq!(row["actorMarks"], json!(marks), "step {number}");
    }
    assert!(rows[0]["activity"].as_str().unwrap().starts_with("Menerima permohonan tertulis dari klien"));
    assert_eq!(rows[2]["note"], "Sur dip", "the truncated Keterangan stays as printed");
    assert_eq!(rows[1]["branches"], json!([{"name": "layak", "next": "koordinasi_upt"}, {"name": "tidak_layak", "next": "reunifikasi_keluarga"}]));
    assert_eq!(rows[3]["actorsInferred"], false, "step 4 names its actors");
    assert_eq!(rows[0]["actorsInferred"], true);
});

e2e!(fn each_office_sees_the_versions_it_adopted(app) {
    let l = app.login("peksos@lamandau").await;
    let body = app.gql(Some(&l.access), "{ sops { id code number declaredTotal defects } }", json!({})).await;
    let sops = body["data"]["sops"].as_array().unwrap();
    let codes: Vec<&str> = sops.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["PEMULANGAN_ORANG_TERLANTAR", "PENGIRIMAN_ORANG_TERLANTAR"]);
    assert_eq!(sops[0]["number"], "800/13-d /Dinsos.C/1/2023");
    assert_eq!(sops[0]["declaredTotal"], "", "seed 002 states no total");
    // Both offices run the same version of seed 003.
    let b = app.login("peksos@blitar").await;
    let blitar = app.gql(Some(&b.access), "{ sops { id code } }", json!({})).await;
    let same = blitar["data"]["sops"].as_array().unwrap().iter().find(|s| s["code"] == "PENGIRIMAN_ORANG_TERLANTAR").unwrap();
    assert_eq!(same["id"], sops[1]["id"]);
    // The LKS recommendation (seed 004) keeps its 2029 revision date as printed.
    let lks = app.gql(Some(&b.access), "{ sops { code revised timeRule } }", json!({})).await;
    let seed4 = lks["data"]["sops"].as_array().unwrap().iter().find(|s| s["code"] == "REKOMENDASI_LKS").unwrap().clone();
    assert_eq!(seed4, json!({"code": "REKOMENDASI_LKS", "revised": "4 Januari 2029", "timeRule": "WORKING_DAYS"}));
    // Institutions do not read office SOPs.
    let upt = app.login("staf@upt-werdha").await;
    assert_eq!(error_code(&app.gql(Some(&upt.access), "{ sops { id } }", json!({})).await), Some("FORBIDDEN"));
});
