//! Dinas Sosial offices, the regions they serve, and the institutions they register
//! (partner UPT/panti and LKS).

use entity::institution;
use sea_orm::{ColumnTrait, Condition};

use crate::infra::auth::{Actor, Scope};

/// Office users see the institutions their office registered; institution users their own.
pub fn institutions_visible_to(actor: &Actor) -> Condition {
    match actor.scope() {
        Scope::Office(office) => Condition::all().add(institution::Column::OfficeId.eq(office)),
        Scope::Institution(inst) => Condition::all().add(institution::Column::Id.eq(inst)),
    }
}
