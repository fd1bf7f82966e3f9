//! The demo data: complete, and loading it again changes nothing.
use rehsos_server::demo;

use super::*;

const TABLES: [&str; 5] = ["region", "office", "institution", "user", "user_role"];

e2e!(fn loading_the_demo_twice_changes_nothing(app) {
    let mut before = Vec::new();
    for t in TABLES {
        before.push(app.count(t).await);
    }
    // 2 demo offices among the 552 of the relay network (every kota/kabupaten and province);
    // 19 users of the demo offices, 4 of the institutions, 2 on the Lamandau → Blitar journey.
    assert_eq!(before, vec![91_599, 552, 4, 24, 24]);
    // No DEMO_PASSWORD this time: the users already exist, so no password file is written
    // (it would name a password they do not have) and their password is unchanged.
    let summary = demo::load(&app.state, None).await.unwrap();
    assert_eq!(summary.users_created, 0);
    assert!(summary.password.is_none());
    assert!(!app.state.config.data_dir.join("demo-password.txt").exists());
    let mut after = Vec::new();
    for t in TABLES {
        after.push(app.count(t).await);
    }
    assert_eq!(before, after);
    app.login("kadis@lamandau").await;
    for user in ["staf@upt-werdha", "staf@upt-binalaras", "staf@lks-harapan", "staf@lks-pelita"] {
        app.login(user).await;
    }
});

#[tokio::test]
async fn without_demo_password_one_is_generated_saved_and_works() {
    let dir = tempfile::tempdir().unwrap();
    let settings = std::collections::HashMap::from([(
        "DATA_DIR".to_string(),
        dir.path().display().to_string(),
    )]);
    let config = rehsos_server::Config::from_lookup(|k| settings.get(k).cloned()).unwrap();
    let state = rehsos_server::app::build_state(config).await.unwrap();
    let summary = demo::load(&state, None).await.unwrap();
    assert_eq!(summary.users_created, 24);
    let password = summary.password.unwrap();
    let saved = std::fs::read_to_string(dir.path().join("demo-password.txt")).unwrap();
    assert_eq!(saved.trim(), password);
    let user = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::user::Entity::find()
            .filter(entity::user::Column::Username.eq("kadis@blitar"))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
    };
    assert!(
        rehsos_server::infra::auth::password::verify(password.clone(), user.password_hash)
            .await
            .unwrap()
    );
    // A second start reads the saved password back.
    let again = demo::load(&state, None).await.unwrap();
    assert_eq!(again.password.as_deref(), Some(password.as_str()));
    assert!(
        dir.path().join("rehsos.db").exists(),
        "the SQLite file lives in DATA_DIR"
    );
    assert!(
        dir.path().join("storage").is_dir(),
        "the storage folder is created"
    );
    assert!(
        dir.path().join("jwt-secret").exists(),
        "the JWT key is generated into DATA_DIR"
    );
}
