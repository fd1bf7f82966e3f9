//! Which island group each province lies in. A journey between groups needs a sea (or air)
//! leg, which the 250 km relay limit does not apply to (DESIGN.md, "Decisions"). Kepulauan
//! Riau and Bangka Belitung are counted with Sumatra, whose ports serve them.
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IslandGroup {
    Sumatra,
    Java,
    Kalimantan,
    Sulawesi,
    BaliNusaTenggara,
    Maluku,
    Papua,
}

/// The island group of a region, by the province part of its Kemendagri code (`62.09` →
/// 62, Kalimantan Tengah); `None` for an unknown province.
pub fn island_group(region_code: &str) -> Option<IslandGroup> {
    use IslandGroup::*;
    let province: u8 = region_code.split('.').next()?.parse().ok()?;
    Some(match province {
        11..=19 | 21 => Sumatra,
        31..=36 => Java,
        51..=53 => BaliNusaTenggara,
        61..=65 => Kalimantan,
        71..=76 => Sulawesi,
        81 | 82 => Maluku,
        91..=96 => Papua,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_has_its_group() {
        assert_eq!(island_group("35.72"), Some(IslandGroup::Java));
        assert_eq!(island_group("62.09"), Some(IslandGroup::Kalimantan));
        assert_eq!(island_group("21"), Some(IslandGroup::Sumatra));
        assert_eq!(island_group("96.01"), Some(IslandGroup::Papua));
        assert_eq!(island_group("20"), None);
        assert_eq!(island_group("x"), None);
        // All 38 provinces of the Kepmendagri 2025 edition.
        let provinces = [
            11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63,
            64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
        ];
        assert_eq!(provinces.len(), 38);
        assert!(
            provinces
                .iter()
                .all(|p| island_group(&p.to_string()).is_some())
        );
    }
}
