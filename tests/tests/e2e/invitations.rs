//! A partner office or institution without users gets its first one by invitation: the
//! office admin hands over a one-time code or link, the invited person picks their own
//! username and password.
use serde_json::Value;

use super::{flow::*, *};

const INVITE: &str = "mutation($i: InviteUserInput!) { inviteUser(input: $i) { code link invitation { id status fullName roles office { name } institution { slug } } } }";
const ACCEPT: &str =
    "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { username } }";
const REVOKE: &str = "mutation($id: ID!) { revokeInvitation(id: $id) { status } }";
const PASSWORD: &str = "Rehsos-Kediri-2026";

async fn office_of_region(app: &TestApp, region: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::office::Entity::find()
        .filter(entity::office::Column::RegionCode.eq(region))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

/// The invited person has no login yet: these calls carry no token.
async fn anonymous(app: &TestApp, vars: Value) -> Value {
    app.gql(None, ACCEPT, vars).await
}

async fn accept_refused(app: &TestApp, vars: Value) -> (String, Value) {
    let body = anonymous(app, vars).await;
    let code = error_code(&body).unwrap_or_else(|| panic!("expected a refusal: {body}"));
    (code.to_owned(), body["errors"][0].clone())
}

fn accept(code: &str, username: &str, password: &str) -> Value {
    json!({"i": {"code": code, "username": username, "password": password}})
}

e2e!(fn the_first_user_of_a_partner_office_comes_by_invitation(app) {
    let admin = app.login("admin@blitar").await.access;
    let kasi = app.login("kasi@blitar").await.access;
    let kediri = office_of_region(&app, "35.71").await;
    let surabaya = office_of_region(&app, "35.78").await;
    let blitar = office_of_region(&app, "35.72").await;
    let invite = |office: &str, roles: Value, days: i64| json!({"i": {"officeId": office, "fullName": "Sri Wahyuni", "roles": roles, "validDays": days}});

    let (code, _) = refused(&app, &kasi, INVITE, invite(&kediri, json!(["KASI"]), 14)).await;
    assert_eq!(code, "FORBIDDEN", "the office admin invites");
    for (input, code, field) in [
        (invite(&blitar, json!(["KASI"]), 14), "BAD_USER_INPUT", "officeId"),
        (invite(&new_id(), json!(["KASI"]), 14), "NOT_FOUND", "officeId"),
        (invite(&surabaya, json!(["KASI"]), 14), "FAILED_PRECONDITION", "officeId"),
        (invite(&kediri, json!([]), 14), "BAD_USER_INPUT", "roles"),
        (invite(&kediri, json!(["KASI"]), 90), "BAD_USER_INPUT", "validDays"),
        (json!({"i": {"fullName": "X", "roles": ["STAF"]}}), "BAD_USER_INPUT", "officeId"),
    ] {
        let (c, err) = refused(&app, &admin, INVITE, input).await;
        assert_eq!((c.as_str(), err["extensions"]["field"].as_str()), (code, Some(field)), "{err}");
    }

    let before = app.count("audit_event").await;
    let issued = ok(&app, &admin, INVITE, invite(&kediri, json!(["KASI"]), 14)).await["inviteUser"].clone();
    assert_eq!(app.count("audit_event").await, before + 1, "invitation.create");
    let code = issued["code"].as_str().unwrap().to_owned();
    assert_eq!((code.len(), code.matches('-').count()), (23, 3), "{code}");
    assert!(issued["link"].as_str().unwrap().ends_with(&format!("/undangan/{code}")), "{issued}");
    let inv = &issued["invitation"];
    assert_eq!((&inv["status"], &inv["roles"], &inv["office"]["name"]), (&json!("OPEN"), &json!(["KASI", "ADMIN"]), &json!("Dinas Sosial Kota Kediri")),
        "the first user of an office also administers it: {inv}");
    let listed = ok(&app, &admin, "{ invitations { id status } }", json!({})).await["invitations"].clone();
    assert_eq!(listed[0], json!({"id": inv["id"], "status": "OPEN"}));
    assert!(app.gql(Some(&admin), "{ invitations { code } }", json!({})).await["errors"].is_array(), "the code is never shown again");

    // The invited person: a typo, a short password and a taken username are refused, nothing used up.
    for (input, code, field) in [
        (accept("78Z00-12345-6789A-BCDEF", "sri@kediri", PASSWORD), "BAD_USER_INPUT", "code"),
        (accept("not a code", "sri@kediri", PASSWORD), "BAD_USER_INPUT", "code"),
        (accept(&code, "sri@kediri", "pendek"), "BAD_USER_INPUT", "password"),
        (accept(&code, "kasi@blitar", PASSWORD), "CONFLICT", "username"),
    ] {
        let (c, err) = accept_refused(&app, input).await;
        assert_eq!((c.as_str(), err["extensions"]["field"].as_str()), (code, Some(field)), "{err}");
    }
    // Typed as read out over the phone: lower case, without dashes.
    let typed = code.replace('-', " ").to_lowercase();
    let before = app.count("audit_event").await;
    let made = anonymous(&app, accept(&typed, " Sri@Kediri ", PASSWORD)).await["data"]["acceptInvitation"].clone();
    assert_eq!(made, json!({"username": "sri@kediri"}));
    assert_eq!(app.count("audit_event").await, before + 1, "invitation.accept");
    let (c, err) = accept_refused(&app, accept(&code, "sri2@kediri", PASSWORD)).await;
    assert_eq!((c.as_str(), err["extensions"]["field"].as_str()), ("FAILED_PRECONDITION", Some("code")), "once only: {err}");
    let sri = app.login_with("sri@kediri", PASSWORD).await.expect("the invited user logs in").access;
    let me = ok(&app, &sri, "{ me { fullName roles office { name } } }", json!({})).await["me"].clone();
    assert_eq!(me, json!({"fullName": "Sri Wahyuni", "roles": ["KASI", "ADMIN"], "office": {"name": "Dinas Sosial Kota Kediri"}}));
    // As Kediri's admin she adds her colleagues; Kediri can no longer be invited into.
    ok(&app, &sri, "mutation { createUser(input: {username: \"staf@kediri\", fullName: \"Staf Kediri\", password: \"Rehsos-Kediri-2026\", roles: [STAF]}) { id } }", json!({})).await;
    let (c, _) = refused(&app, &admin, INVITE, invite(&kediri, json!(["KASI"]), 14)).await;
    assert_eq!(c, "FAILED_PRECONDITION");
    let listed = ok(&app, &admin, "{ invitations { status } }", json!({})).await["invitations"].clone();
    assert_eq!(listed[0], json!({"status": "ACCEPTED"}));
});

e2e!(fn an_institution_invitation_can_be_revoked_and_expires(app) {
    let admin = app.login("admin@blitar").await.access;
    let lamandau_admin = app.login("admin@lamandau").await.access;
    let upt = institution_id(&app, "upt-werdha").await;
    let invite = |roles: Value| json!({"i": {"institutionId": upt, "fullName": "Perawat Jaga", "roles": roles}});
    let (c, err) = refused(&app, &admin, INVITE, invite(json!(["ADMIN"]))).await;
    assert_eq!((c.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("roles")));
    let (c, err) = refused(&app, &lamandau_admin, INVITE, invite(json!(["STAF"]))).await;
    assert_eq!((c.as_str(), err["extensions"]["field"].as_str()), ("NOT_FOUND", Some("institutionId")), "only the registering office invites");

    // Revoked before use.
    let first = ok(&app, &admin, INVITE, invite(json!(["STAF"]))).await["inviteUser"].clone();
    let (c, _) = refused(&app, &lamandau_admin, REVOKE, json!({"id": first["invitation"]["id"]})).await;
    assert_eq!(c, "NOT_FOUND");
    let before = app.count("audit_event").await;
    assert_eq!(ok(&app, &admin, REVOKE, json!({"id": first["invitation"]["id"]})).await["revokeInvitation"]["status"], "REVOKED");
    assert_eq!(app.count("audit_event").await, before + 1, "invitation.revoke");
    let (c, _) = accept_refused(&app, accept(first["code"].as_str().unwrap(), "perawat@werdha", PASSWORD)).await;
    assert_eq!(c, "FAILED_PRECONDITION");

    // Expired.
    let second = ok(&app, &admin, INVITE, invite(json!(["STAF"]))).await["inviteUser"].clone();
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let id: uuid::Uuid = second["invitation"]["id"].as_str().unwrap().parse().unwrap();
        entity::invitation::Entity::update_many()
            .col_expr(entity::invitation::Column::ExpiresAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)))
            .filter(entity::invitation::Column::Id.eq(id)).exec(&app.state.db).await.unwrap();
    }
    let (c, err) = accept_refused(&app, accept(second["code"].as_str().unwrap(), "perawat@werdha", PASSWORD)).await;
    assert_eq!(c, "FAILED_PRECONDITION", "{err}");
    assert_eq!(ok(&app, &admin, "{ invitations { status } }", json!({})).await["invitations"][0]["status"], "EXPIRED");

    // A fresh one works, and the UPT's new user answers referrals from its own inbox.
    let third = ok(&app, &admin, INVITE, invite(json!(["STAF"]))).await["inviteUser"].clone();
    let made = anonymous(&app, accept(third["code"].as_str().unwrap(), "perawat@werdha", PASSWORD)).await;
    assert_eq!(made["data"]["acceptInvitation"]["username"], "perawat@werdha", "{made}");
    let nurse = app.login_with("perawat@werdha", PASSWORD).await.expect("logs in").access;
    let me = ok(&app, &nurse, "{ me { office { name } institution { slug } } myTasks { kind } }", json!({})).await;
    assert_eq!((&me["me"]["office"], &me["me"]["institution"]["slug"]), (&Value::Null, &json!("upt-werdha")));
});
