//! The office's line of command: who ranks above whom (dispositions only go down) and
//! whom an overdue step is escalated to (Peksos → Kasi → Kabid → Kadis).
use entity::Role;

/// Rank in the office's hierarchy.
pub fn rank(role: Role) -> u8 {
    match role {
        Role::Kadis => 5,
        Role::Sekretaris => 4,
        Role::Kabid => 3,
        Role::Kasi => 2,
        Role::Staf | Role::Peksos | Role::Pendamping | Role::Analis => 1,
        Role::Admin | Role::Operator => 0,
    }
}

/// The role an overdue step of `role` is escalated to; none above the Kadis.
pub fn next_up(role: Role) -> Option<Role> {
    match role {
        Role::Staf | Role::Peksos | Role::Pendamping | Role::Analis => Some(Role::Kasi),
        Role::Kasi => Some(Role::Kabid),
        Role::Kabid | Role::Sekretaris => Some(Role::Kadis),
        Role::Kadis | Role::Admin | Role::Operator => None,
    }
}

/// The roles an overdue step waiting for `waiting` is escalated to.
pub fn escalated_to(waiting: &[Role]) -> Vec<Role> {
    let mut up: Vec<Role> = waiting.iter().filter_map(|r| next_up(*r)).collect();
    up.sort_by_key(|r| rank(*r));
    up.dedup();
    // A step that already waits for a head is not escalated to a peer of the waiting roles.
    up.retain(|r| !waiting.contains(r));
    up
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overdue_workers_step_goes_to_the_kasi_and_a_kabids_to_the_kadis() {
        assert_eq!(escalated_to(&[Role::Staf, Role::Peksos]), vec![Role::Kasi]);
        assert_eq!(escalated_to(&[Role::Kabid]), vec![Role::Kadis]);
        assert_eq!(
            escalated_to(&[Role::Kadis, Role::Sekretaris]),
            Vec::<Role>::new()
        );
        assert!(rank(Role::Kadis) > rank(Role::Kabid) && rank(Role::Kasi) > rank(Role::Peksos));
    }
}
