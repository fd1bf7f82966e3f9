use async_graphql::{Context, Object, SimpleObject};

use super::plan::{LegMode, Node, Rules, plan};
use crate::{
    auth::ContextExt,
    clients::service::casework_office,
    error::{AppError, AppResult, Msg},
};

/// A Dinas Sosial office on a journey: the kota/kabupaten office, or the province's.
#[derive(SimpleObject, Clone)]
pub struct RelayOffice {
    /// `Dinas Sosial Kabupaten Lamandau`, `Dinas Sosial Provinsi Jawa Timur`.
    pub name: String,
    pub region_code: String,
}

#[derive(SimpleObject)]
pub struct RelayLeg {
    pub from: RelayOffice,
    pub to: RelayOffice,
    /// Road km (great-circle × road factor) for a land leg; great-circle km by sea.
    pub distance_km: f64,
    pub mode: LegMode,
}

/// A proposed journey: the worker may change it before it is approved.
#[derive(SimpleObject)]
pub struct RelayPlan {
    pub total_km: f64,
    pub legs: Vec<RelayLeg>,
    /// The land-leg limit the plan keeps to.
    pub limit_km: f64,
    pub road_factor: f64,
}

#[derive(Default)]
pub struct RelayQuery;

#[Object]
impl RelayQuery {
    /// Plans an escorted return between two regions (Kemendagri codes, `62.09`, `35.72`;
    /// deeper codes count as their kota/kabupaten): land legs within the relay limit, a sea
    /// leg between island groups, the fewest legs, then the least distance.
    async fn plan_relay(
        &self,
        ctx: &Context<'_>,
        from: String,
        to: String,
    ) -> AppResult<RelayPlan> {
        casework_office(ctx.actor()?)?;
        let db = &ctx.app().db;
        let config = &ctx.app().config;
        let nodes: Vec<Node> = super::nodes(db)
            .await?
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let regions = ctx.app().regions.loaded(db).await?;
        let find = |field: &'static str, code: &str| -> AppResult<usize> {
            let code = code.trim();
            // A kecamatan or village counts as its kota/kabupaten.
            let level2: String = code.split('.').take(2).collect::<Vec<_>>().join(".");
            if let Some(i) = nodes.iter().position(|n| n.code == level2) {
                return Ok(i);
            }
            let known = regions.contains(code);
            Err(AppError::bad_input(if known {
                Msg::new(
                    format!(
                        "Wilayah '{code}' belum punya koordinat kantor untuk menghitung jarak."
                    ),
                    format!("The region '{code}' has no office coordinates to measure from."),
                )
            } else {
                Msg::new(
                    format!("Kode wilayah '{code}' tidak dikenal (contoh: 62.09, 35.72)."),
                    format!("The region code '{code}' is unknown (e.g. 62.09, 35.72)."),
                )
            })
            .with("field", field)
            .with("regionCode", code.to_owned()))
        };
        let (a, b) = (find("from", &from)?, find("to", &to)?);
        let rules = Rules {
            limit_km: config.relay_limit_km,
            road_factor: config.road_factor,
        };
        let found = plan(&nodes, a, b, rules).ok_or_else(|| {
            AppError::precondition(Msg::new(
                "Tidak ada rute estafet antara kedua wilayah ini dengan batas jarak yang berlaku.",
                "No relay route joins these two regions within the distance limit.",
            ))
        })?;
        let office = |i: usize| RelayOffice {
            name: nodes[i].name.clone(),
            region_code: nodes[i].code.clone(),
        };
        let round = |km: f64| (km * 10.0).round() / 10.0;
        Ok(RelayPlan {
            total_km: round(found.total_km),
            legs: found
                .legs
                .iter()
                .map(|l| RelayLeg {
                    from: office(l.from),
                    to: office(l.to),
                    distance_km: round(l.km),
                    mode: l.mode,
                })
                .collect(),
            limit_km: rules.limit_km,
            road_factor: rules.road_factor,
        })
    }
}
