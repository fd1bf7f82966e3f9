//! Small helpers for text the user typed.

/// Trims typed text; blank becomes `None`, so "  " is never stored as a value.
pub fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
