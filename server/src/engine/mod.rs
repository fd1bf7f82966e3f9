//! The step machine every case runs on: which step waits, for which roles, what must hold
//! before it completes, and where it leads. Each function works inside the caller's write
//! transaction, after [`lock_case`] has taken the case row, so two people acting on one
//! case at once are served one after the other.
//!
//! `case` opens and loads cases, `closing` closes and reopens them by a decision, `steps` moves them from step to step, `requirements`
//! checks what a step needs before it completes, `due` keeps the service-time clocks.
pub mod case;
pub mod closing;
pub mod due;
pub mod initials;
pub mod offer;
pub mod requirements;
pub mod steps;

pub use case::*;
pub use closing::*;
pub use due::*;
pub use initials::*;
pub use offer::*;
pub use requirements::*;
pub use steps::*;
