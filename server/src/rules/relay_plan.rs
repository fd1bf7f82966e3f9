//! Planning an escorted return in relay legs (estafet). Nodes are the Dinas Sosial offices
//! of every kota/kabupaten and province at their seats; a land leg joins two nodes of one
//! island group whose road distance (great-circle × road factor) is within the relay limit;
//! a sea leg joins two ports of different island groups and is exempt from the limit. The
//! plan has the fewest legs, then the least distance. Pure functions, tested without a
//! database.
use std::collections::{BinaryHeap, HashMap};

use crate::rules::islands::{IslandGroup, island_group};

/// A relay node: an office at its seat.
#[derive(Clone, Debug)]
pub struct Node {
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lng: f64,
    pub group: IslandGroup,
    pub port: bool,
}

impl Node {
    pub fn new(code: &str, name: &str, lat: f64, lng: f64) -> Option<Self> {
        Some(Self {
            code: code.to_owned(),
            name: name.to_owned(),
            lat,
            lng,
            group: island_group(code)?,
            port: PORTS.iter().any(|(c, _)| *c == code),
        })
    }
}

/// Regions whose seat has a passenger port with inter-island services (PELNI and ferry
/// crossings), where a sea leg may start or end. Hand-kept; each with its port.
pub const PORTS: &[(&str, &str)] = &[
    ("12.71", "Belawan"),
    ("13.71", "Teluk Bayur"),
    ("16.71", "Boom Baru"),
    ("18.01", "Bakauheni"),
    ("21.71", "Batam Center / Sekupang"),
    ("31.72", "Tanjung Priok"),
    ("33.74", "Tanjung Emas"),
    ("35.10", "Ketapang"),
    ("35.78", "Tanjung Perak"),
    ("36.72", "Merak"),
    ("51.01", "Gilimanuk"),
    ("51.71", "Benoa"),
    ("52.71", "Lembar"),
    ("53.71", "Tenau"),
    ("61.71", "Dwikora"),
    ("62.01", "Kumai"),
    ("62.02", "Sampit"),
    ("63.71", "Trisakti"),
    ("64.71", "Semayang"),
    ("64.72", "Samarinda"),
    ("65.71", "Malundung"),
    ("71.72", "Bitung"),
    ("72.71", "Pantoloan"),
    ("73.71", "Soekarno-Hatta"),
    ("74.71", "Kendari"),
    ("81.71", "Yos Sudarso"),
    ("82.71", "Ahmad Yani"),
    ("91.71", "Jayapura"),
    ("92.02", "Manokwari"),
    ("96.71", "Sorong"),
];

pub use entity::relay_leg::LegMode;

#[derive(Clone, Debug, PartialEq)]
pub struct PlannedLeg {
    pub from: usize,
    pub to: usize,
    pub km: f64,
    pub mode: LegMode,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub legs: Vec<PlannedLeg>,
    pub total_km: f64,
}

/// Kilometres to one decimal, as plans show them.
pub fn round_km(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lng1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lng2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// The relay rules: the land limit (250 km per SOP) and the road factor.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub limit_km: f64,
    pub road_factor: f64,
}

impl Rules {
    /// The rules the server is configured with (`RELAY_LIMIT_KM`, `ROAD_FACTOR`).
    pub fn of(config: &crate::infra::config::Config) -> Self {
        Self {
            limit_km: config.relay_limit_km,
            road_factor: config.road_factor,
        }
    }
}

impl Rules {
    /// The rules for one journey: relay legs keep to the SOP's limit (the configured one
    /// when the SOP sets none); a journey straight on has no land limit.
    pub fn for_journey(self, sop_limit_km: Option<f64>, by_relay: bool) -> Self {
        Self {
            limit_km: match (by_relay, sop_limit_km) {
                (false, _) => f64::INFINITY,
                (true, Some(km)) => km,
                (true, None) => self.limit_km,
            },
            ..self
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            limit_km: 250.0,
            road_factor: 1.3,
        }
    }
}

/// Road distances officers recorded between two regions (by code, either order), which
/// the planner takes over its great-circle estimate.
#[derive(Clone, Debug, Default)]
pub struct RoadKm(HashMap<(String, String), f64>);

impl RoadKm {
    fn key(a: &str, b: &str) -> (String, String) {
        if a <= b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    }
    pub fn record(&mut self, a: &str, b: &str, km: f64) {
        self.0.insert(Self::key(a, b), km);
    }
    pub fn get(&self, a: &str, b: &str) -> Option<f64> {
        self.0.get(&Self::key(a, b)).copied()
    }
}

/// The suggested distance of a leg: the recorded road distance by land where one is known,
/// else great-circle × road factor; great-circle by sea or air.
pub fn suggested_km(a: &Node, b: &Node, mode: LegMode, rules: Rules, known: &RoadKm) -> f64 {
    let gc = great_circle_km((a.lat, a.lng), (b.lat, b.lng));
    match mode {
        LegMode::Land => known
            .get(&a.code, &b.code)
            .unwrap_or(gc * rules.road_factor),
        LegMode::Sea | LegMode::Air => gc,
    }
}

fn leg(nodes: &[Node], i: usize, j: usize, rules: Rules, known: &RoadKm) -> Option<(f64, LegMode)> {
    let (a, b) = (&nodes[i], &nodes[j]);
    let gc = great_circle_km((a.lat, a.lng), (b.lat, b.lng));
    if a.group == b.group {
        let road = suggested_km(a, b, LegMode::Land, rules, known);
        (road <= rules.limit_km).then_some((road, LegMode::Land))
    } else {
        (a.port && b.port).then_some((gc, LegMode::Sea))
    }
}

/// Dijkstra over (legs, km): the fewest legs, then the least distance. `None` when no
/// chain of legs connects the two nodes.
pub fn plan(nodes: &[Node], from: usize, to: usize, rules: Rules) -> Option<Plan> {
    plan_with(nodes, from, to, rules, &RoadKm::default())
}

/// [`plan`] with the road distances officers recorded.
pub fn plan_with(
    nodes: &[Node],
    from: usize,
    to: usize,
    rules: Rules,
    known: &RoadKm,
) -> Option<Plan> {
    #[derive(PartialEq)]
    struct Entry(u32, f64, usize);
    impl Eq for Entry {}
    impl Ord for Entry {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            // Reversed: BinaryHeap is a max-heap.
            (o.0, o.1)
                .partial_cmp(&(self.0, self.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        }
    }
    impl PartialOrd for Entry {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    let n = nodes.len();
    let mut best = vec![(u32::MAX, f64::INFINITY); n];
    let mut prev: Vec<Option<(usize, f64, LegMode)>> = vec![None; n];
    let mut heap = BinaryHeap::new();
    best[from] = (0, 0.0);
    heap.push(Entry(0, 0.0, from));
    while let Some(Entry(legs, km, i)) = heap.pop() {
        if (legs, km) > best[i] {
            continue;
        }
        if i == to {
            break;
        }
        for j in 0..n {
            if j == i {
                continue;
            }
            if let Some((d, mode)) = leg(nodes, i, j, rules, known) {
                let cand = (legs + 1, km + d);
                if cand < best[j] {
                    best[j] = cand;
                    prev[j] = Some((i, d, mode));
                    heap.push(Entry(cand.0, cand.1, j));
                }
            }
        }
    }
    if from != to && prev[to].is_none() {
        return None;
    }
    let mut legs = Vec::new();
    let mut at = to;
    while let Some((p, km, mode)) = prev[at] {
        legs.push(PlannedLeg {
            from: p,
            to: at,
            km,
            mode,
        });
        at = p;
    }
    legs.reverse();
    let total_km = legs.iter().map(|l| l.km).sum();
    Some(Plan { legs, total_km })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(code: &str, lat: f64, lng: f64) -> Node {
        Node::new(code, code, lat, lng).unwrap()
    }

    #[test]
    fn great_circle_is_right_for_a_known_pair() {
        // Jakarta (Monas) to Surabaya (Tugu Pahlawan): about 663 km.
        let d = great_circle_km((-6.1754, 106.8272), (-7.2458, 112.7378));
        assert!((d - 663.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn a_short_journey_is_one_land_leg() {
        let nodes = vec![
            node("35.72", -8.0983, 112.1681),
            node("35.05", -8.0950, 112.1609),
        ];
        let p = plan(&nodes, 0, 1, Rules::default()).unwrap();
        assert_eq!(p.legs.len(), 1);
        assert_eq!(p.legs[0].mode, LegMode::Land);
    }

    #[test]
    fn land_legs_keep_to_the_limit_and_prefer_fewer_legs() {
        let line = |step: f64| -> Vec<Node> {
            (0..4)
                .map(|i| node(&format!("35.{:02}", i + 1), -7.5, 110.0 + i as f64 * step))
                .collect()
        };
        // Towns ~99 km apart (129 km by road): two hops would be 258 km, so three legs.
        let p = plan(&line(0.9), 0, 3, Rules::default()).unwrap();
        assert_eq!(p.legs.len(), 3, "{p:?}");
        assert!(p.legs.iter().all(|l| l.km <= 250.0), "{p:?}");
        // Towns ~55 km apart: the whole way (214 km by road) is one leg, not three.
        let p = plan(&line(0.5), 0, 3, Rules::default()).unwrap();
        assert_eq!(p.legs.len(), 1, "{p:?}");
        // A lower limit makes more legs.
        let strict = Rules {
            limit_km: 100.0,
            ..Rules::default()
        };
        assert_eq!(plan(&line(0.5), 0, 3, strict).unwrap().legs.len(), 3);
    }

    #[test]
    fn a_recorded_road_distance_overrides_the_estimate() {
        let nodes: Vec<Node> = (0..3)
            .map(|i| node(&format!("35.{:02}", i + 1), -7.5, 110.0 + i as f64 * 0.6))
            .collect();
        // ~66 km apart (86 by the estimate): the whole way (172 km) is one leg.
        assert_eq!(plan(&nodes, 0, 2, Rules::default()).unwrap().legs.len(), 1);
        // The officers know the road winds: 270 km, beyond the limit; the plan stops halfway.
        let mut known = RoadKm::default();
        known.record("35.03", "35.01", 270.0);
        let p = plan_with(&nodes, 0, 2, Rules::default(), &known).unwrap();
        assert_eq!(p.legs.len(), 2, "{p:?}");
        known.record("35.01", "35.02", 80.0);
        let p = plan_with(&nodes, 0, 2, Rules::default(), &known).unwrap();
        assert_eq!(p.legs[0].km, 80.0);
    }

    #[test]
    fn crossing_island_groups_needs_ports_and_a_sea_leg() {
        // An inland Kalimantan town, its port town, a Java port and an inland Java town.
        let nodes = vec![
            node("62.09", -2.0, 111.2),   // inland (not a port)
            node("62.01", -2.7, 111.6),   // Kumai
            node("35.78", -7.25, 112.74), // Tanjung Perak
            node("35.72", -8.1, 112.17),
        ];
        let p = plan(&nodes, 0, 3, Rules::default()).unwrap();
        let modes: Vec<LegMode> = p.legs.iter().map(|l| l.mode).collect();
        assert_eq!(modes, [LegMode::Land, LegMode::Sea, LegMode::Land], "{p:?}");
        // Without the ports there is no way.
        let no_port = vec![nodes[0].clone(), nodes[3].clone()];
        assert!(plan(&no_port, 0, 1, Rules::default()).is_none());
    }
}
