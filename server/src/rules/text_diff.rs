//! What changed between two versions of a letter, line by line (similar's Myers diff).
use similar::{ChangeTag, TextDiff};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Added,
    Removed,
}

/// The lines of `new` against `old`: kept, added and removed, in reading order.
pub fn line_changes(old: &[String], new: &[String]) -> Vec<(Change, String)> {
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    TextDiff::from_slices(&old, &new)
        .iter_all_changes()
        .map(|c| {
            let kind = match c.tag() {
                ChangeTag::Equal => Change::Same,
                ChangeTag::Insert => Change::Added,
                ChangeTag::Delete => Change::Removed,
            };
            (kind, c.value().to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &[&str]) -> Vec<String> {
        s.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn a_corrected_paragraph_is_removed_and_added_and_the_rest_kept() {
        let old = lines(&["Dengan hormat,", "Bersama ini kami sampaikan.", "Demikian."]);
        let new = lines(&[
            "Dengan hormat,",
            "Bersama ini kami rujuk klien.",
            "Demikian.",
        ]);
        assert_eq!(
            line_changes(&old, &new),
            vec![
                (Change::Same, "Dengan hormat,".into()),
                (Change::Removed, "Bersama ini kami sampaikan.".into()),
                (Change::Added, "Bersama ini kami rujuk klien.".into()),
                (Change::Same, "Demikian.".into()),
            ]
        );
        assert!(
            line_changes(&old, &old)
                .iter()
                .all(|(c, _)| *c == Change::Same)
        );
    }
}
