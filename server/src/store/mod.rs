pub mod offices;
pub mod regions;
pub mod relay_nodes;
pub mod sops;
