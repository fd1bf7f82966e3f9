//! Indonesian name normalisation for duplicate checks and family tracing.
//!
//! English phonetic codes (Soundex and friends) fail on Indonesian names, so names are
//! reduced to a key: lower case, no punctuation, the old spelling mapped to the current one
//! (oe→u, dj→j, tj→c, nj→ny, sj→sy, ch→kh), doubled letters single, the many spellings of
//! Muhammad and Abdul unified, and the patronymic words bin/binti dropped. The old spelling
//! wrote today's y as j (Tjahjono = Cahyono), and a j cannot tell which spelling it is from,
//! so keys do not tell j and y apart: a few more candidates, never a missed repeat claimant.
//! `Moh. Djoko Soetrisno bin Slamet` and `Muhammad Joko Sutrisno Slamet` share a key.

/// Words that only join a name to the father's name.
const CONNECTORS: &[&str] = &["bin", "binti", "bt", "bte", "b"];

fn canonical_word(word: &str, first: bool, more: bool) -> Option<String> {
    if CONNECTORS.contains(&word) && !first {
        return None;
    }
    let muhammad = [
        "muhammad",
        "muhamad",
        "mohammad",
        "mohamad",
        "mohammed",
        "muhammed",
        "mochammad",
        "mochamad",
        "mokhamad",
        "mukhamad",
        "muchammad",
        "muchamad",
        "moch",
        "moh",
        "mhd",
        "muh",
        "mochd",
        "mohd",
    ];
    if muhammad.contains(&word) || (word == "m" && first && more) {
        return Some("muhamad".into());
    }
    if matches!(word, "abd" | "abdul" | "abdoel" | "abdol") {
        return Some("abdul".into());
    }
    Some(respell(word))
}

/// Old (pre-1972) spelling to the current one, then doubled letters made single.
fn respell(word: &str) -> String {
    let mut w = word.to_owned();
    for (old, new) in [
        ("oe", "u"),
        ("dj", "j"),
        ("tj", "c"),
        ("nj", "ny"),
        ("sj", "sy"),
        ("ch", "kh"),
        ("j", "y"),
    ] {
        w = w.replace(old, new);
    }
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The comparison key of a name: words in order, separated by single spaces.
pub fn name_key(name: &str) -> String {
    let cleaned: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| canonical_word(w, i == 0, words.len() > 1))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two names are likely the same person's: equal keys, one key's words all within
/// the other's (a name given with or without the father's name), or keys that differ only
/// by a typing slip (Jaro–Winkler similarity ≥ 0.92).
pub fn similar(a: &str, b: &str) -> bool {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    if ka == kb {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (ka.split(' ').collect(), kb.split(' ').collect());
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if short.len() >= 2 && short.iter().all(|w| long.contains(w)) {
        return true;
    }
    strsim::jaro_winkler(&ka, &kb) >= 0.92
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muhammad_in_all_its_spellings() {
        for name in [
            "Muhammad Yusuf",
            "Moh. Yusuf",
            "Mochamad Yusuf",
            "M. Yusuf",
            "MUHAMAD YUSUF",
            "Mohd Yusuf",
        ] {
            assert_eq!(name_key(name), "muhamad yusuf", "{name}");
        }
    }

    #[test]
    fn old_spelling_reads_like_the_new() {
        assert_eq!(name_key("Soekarno"), name_key("Sukarno"));
        assert_eq!(name_key("Djoko Tjahjono"), name_key("Joko Cahyono"));
        assert_eq!(name_key("Njoman"), name_key("Nyoman"));
        assert_eq!(name_key("Sjahrir"), name_key("Syahrir"));
        assert_eq!(name_key("Hassan"), name_key("Hasan"));
    }

    #[test]
    fn bin_and_binti_are_dropped() {
        assert_eq!(name_key("Siti Aminah binti Ali"), "siti aminah ali");
        assert_eq!(name_key("Ahmad bin Yusuf"), "ahmad yusuf");
        // A name that is only "Bin" stays a name.
        assert_eq!(name_key("Bin"), "bin");
    }

    #[test]
    fn similar_names_are_found_and_different_ones_are_not() {
        assert!(similar(
            "Moh. Djoko Soetrisno bin Slamet",
            "Muhammad Joko Sutrisno Slamet"
        ));
        assert!(similar("Siti Aminah", "Siti Aminah binti Ali"));
        assert!(similar("Suwarni", "Suwarmi"));
        assert!(!similar("Siti Aminah", "Siti Rahayu"));
        assert!(!similar("Budi Santoso", "Agus Salim"));
        assert!(!similar("", "Budi"));
    }
}
